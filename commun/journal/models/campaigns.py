"""Harvest campaigns: a period whose outcomes partners and bodies are asked to report by a
deadline, with reminders."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.i18n import TranslatedField
from commun.initiatives.models import GovernanceBody, Initiative, Partner


class HarvestCampaign(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="harvest_campaigns"
    )
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    instructions_fr = models.TextField(_("what to report (French)"), blank=True)
    instructions_en = models.TextField(_("what to report (English)"), blank=True)
    # The period whose changes are harvested.
    period_start = models.DateField(_("changes seen from"))
    period_end = models.DateField(_("changes seen until"))
    deadline = models.DateField(_("deadline"))
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="+", verbose_name=_("partners asked")
    )
    bodies = models.ManyToManyField(
        GovernanceBody, blank=True, related_name="+", verbose_name=_("bodies asked")
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind this many days before the deadline"), default=7
    )
    opened_at = models.DateTimeField(null=True, blank=True)  # the invitations sent
    reminded_at = models.DateTimeField(null=True, blank=True)  # the reminder sent (once)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[])
    title = TranslatedField()
    instructions = TranslatedField()

    class Meta:
        verbose_name = _("harvest campaign")
        verbose_name_plural = _("harvest campaigns")
        ordering = ["-deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="harvest_period_in_order",
                violation_error_message=_("The period ends before it starts."),
            )
        ]

    def __str__(self):
        return self.title
