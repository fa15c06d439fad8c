from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "commun.journal"
    verbose_name = _("Outcomes journal and strategic learning")

    def ready(self):
        from commun.journal.beside import PANELS
        from commun.panels import register_panel

        for panel in PANELS:
            register_panel(panel)
