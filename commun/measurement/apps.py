from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasurementConfig(AppConfig):
    name = "commun.measurement"
    verbose_name = _("Shared measurement")

    def ready(self):
        from commun.measurement.page_cache import connect_signals

        connect_signals()
