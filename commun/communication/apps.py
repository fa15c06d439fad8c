from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    name = "commun.communication"
    verbose_name = _("Continuous communication")
