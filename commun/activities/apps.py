from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "commun.activities"
    verbose_name = _("Mutually reinforcing activities")
