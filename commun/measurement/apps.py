from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasurementConfig(AppConfig):
    name = "commun.measurement"
    verbose_name = _("Shared measurement")
