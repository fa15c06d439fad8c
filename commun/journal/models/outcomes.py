"""Observed outcomes (Outcome Harvesting): a change seen in a social actor, when and where, why it
matters, how the initiative contributed (through the chain: activities, partners, strategies),
which intended outcome of the theory of change it relates to, and the evidence behind it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.access import Action
from commun.activities.models import Activity
from commun.agenda.models import Outcome, Strategy
from commun.i18n import TranslatedField
from commun.initiatives.models import Initiative, Partner
from commun.initiatives.roles import BACKBONE_ROLES
from commun.journal.models.actors import ProgressMarker, SocialActor
from commun.measurement.models import Territory


class ChangeKind(models.TextChoices):
    BEHAVIOUR = "behaviour", _("Behaviour")
    RELATIONSHIP = "relationship", _("Relationships")
    ACTION = "action", _("Actions")
    POLICY = "policy", _("Policy")
    PRACTICE = "practice", _("Practice")


class ObservedOutcome(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        UNDER_REVIEW = "review", _("Under review")
        SUBSTANTIATED = "substantiated", _("Substantiated")
        DISPUTED = "disputed", _("Disputed")
        PUBLISHED = "published", _("Published")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="observed_outcomes"
    )
    # Who changed, what, when, where.
    actor = models.ForeignKey(
        SocialActor,
        on_delete=models.PROTECT,
        related_name="outcomes",
        verbose_name=_("who changed"),
    )
    kind = models.CharField(_("kind of change"), max_length=20, choices=ChangeKind.choices)
    title_fr = models.CharField(_("what changed, in one line (French)"), max_length=300)
    title_en = models.CharField(
        _("what changed, in one line (English)"), max_length=300, blank=True
    )
    description_fr = models.TextField(_("what changed (French)"), blank=True)
    description_en = models.TextField(_("what changed (English)"), blank=True)
    observed_on = models.DateField(_("when it was observed"))
    territories = models.ManyToManyField(
        Territory, blank=True, related_name="+", verbose_name=_("where")
    )
    significance_fr = models.TextField(_("why it matters (French)"), blank=True)
    significance_en = models.TextField(_("why it matters (English)"), blank=True)
    # The initiative's contribution, through the chain.
    contribution_fr = models.TextField(_("how the initiative contributed (French)"), blank=True)
    contribution_en = models.TextField(_("how the initiative contributed (English)"), blank=True)
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="observed_outcomes", verbose_name=_("activities")
    )
    partners = models.ManyToManyField(
        Partner,
        blank=True,
        related_name="contributed_outcomes",
        verbose_name=_("contributing partners"),
    )
    strategies = models.ManyToManyField(
        Strategy, blank=True, related_name="observed_outcomes", verbose_name=_("strategies")
    )
    intended_outcome = models.ForeignKey(
        Outcome,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observed_outcomes",
        verbose_name=_("intended outcome it relates to"),
    )
    positive = models.BooleanField(_("positive change"), default=True)
    intended = models.BooleanField(_("intended"), default=True)
    markers = models.ManyToManyField(
        ProgressMarker,
        blank=True,
        related_name="outcomes",
        verbose_name=_("progress markers it shows"),
    )
    # Who reported it, for which partner (None: the backbone), in which harvest.
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_outcomes",
        verbose_name=_("reported by the partner"),
    )
    campaign = models.ForeignKey(
        "journal.HarvestCampaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
        verbose_name=_("harvest"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[])
    title = TranslatedField()
    description = TranslatedField()
    significance = TranslatedField()
    contribution = TranslatedField()

    class Meta:
        verbose_name = _("observed outcome")
        verbose_name_plural = _("observed outcomes")
        ordering = ["-observed_on", "-pk"]
        indexes = [
            models.Index(fields=["initiative", "status", "observed_on"]),
            models.Index(fields=["initiative", "observed_on"]),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def allows(self, action, user, membership) -> bool:
        """Members see published outcomes; a partner's people also see what their partner
        reported; a partner's editors and members edit their partner's outcome while it is a
        draft (staff decide before this)."""
        if membership.role in BACKBONE_ROLES:
            return True
        own = self.partner_id is not None and self.partner_id == membership.partner_id
        if action is Action.REPORT_OUTCOMES:
            return own and self.status == self.Status.DRAFT
        return self.is_published or own


class Evidence(models.Model):
    """What supports an outcome: a document, a link, or a quote with its source."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        LINK = "link", _("Link")
        QUOTE = "quote", _("Quote")

    outcome = models.ForeignKey(ObservedOutcome, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("description or quote"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)  # who said it, where
    url = models.URLField(_("link"), max_length=1000, blank=True)
    document = models.FileField(_("document"), upload_to="journal/evidence/", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["outcome", "added_at", "pk"]

    def __str__(self):
        return self.text[:80] or self.url or self.document.name
