"""Strategic learning: sessions where people read indicators, observed outcomes and activities
together (What? So what? Now what?, or "turn the curve"), freezing the figures they looked at;
their "now what" lines become shared actions of the joint action plan. Interpretations are what
someone reads in an indicator's figures, shown beside its chart."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.activities.models import Activity, SharedAction
from commun.i18n import TranslatedField
from commun.initiatives.models import GovernanceBody, Initiative, Partner
from commun.journal.models.outcomes import ObservedOutcome
from commun.measurement.models import Indicator


class LearningFormat(models.TextChoices):
    WHAT_SO_WHAT = "what", _("What? So what? Now what?")
    TURN_THE_CURVE = "curve", _("Turn the curve")


class LearningSession(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="learning_sessions"
    )
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"))
    format = models.CharField(_("format"), max_length=10, choices=LearningFormat.choices)
    body = models.ForeignKey(
        GovernanceBody,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("held by"),
    )
    # What it looked at.
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="learning_sessions", verbose_name=_("indicators")
    )
    outcomes = models.ManyToManyField(
        ObservedOutcome,
        blank=True,
        related_name="learning_sessions",
        verbose_name=_("observed outcomes"),
    )
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="learning_sessions", verbose_name=_("activities")
    )
    # Who took part.
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("participants")
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="+", verbose_name=_("partners represented")
    )
    guests = models.TextField(_("other participants"), blank=True)
    # What? So what? (and the story behind the curve).
    what_fr = models.TextField(_("What? What we saw (French)"), blank=True)
    what_en = models.TextField(_("What? What we saw (English)"), blank=True)
    so_what_fr = models.TextField(_("So what? What it means (French)"), blank=True)
    so_what_en = models.TextField(_("So what? What it means (English)"), blank=True)
    story_fr = models.TextField(_("the story behind the baseline (French)"), blank=True)
    story_en = models.TextField(_("the story behind the baseline (English)"), blank=True)
    helping_fr = models.TextField(_("contributing factors (French)"), blank=True)
    helping_en = models.TextField(_("contributing factors (English)"), blank=True)
    restricting_fr = models.TextField(_("restricting factors (French)"), blank=True)
    restricting_en = models.TextField(_("restricting factors (English)"), blank=True)
    what_works_fr = models.TextField(_("what works (French)"), blank=True)
    what_works_en = models.TextField(_("what works (English)"), blank=True)
    partners_to_play = models.ManyToManyField(
        Partner, blank=True, related_name="+", verbose_name=_("partners with a role to play")
    )
    # The figures and charts as they were read, frozen when the session is closed.
    snapshot = models.JSONField(default=dict, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField(_("shown to every member"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[])
    title = TranslatedField()
    what = TranslatedField()
    so_what = TranslatedField()
    story = TranslatedField()
    helping = TranslatedField()
    restricting = TranslatedField()
    what_works = TranslatedField()

    class Meta:
        verbose_name = _("learning session")
        verbose_name_plural = _("learning sessions")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title


class NowWhat(models.Model):
    """One "now what" line of a session: an action proposed, judged (turn the curve) by its
    leverage, feasibility, specificity and fit with values, and once adopted a shared action."""

    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveSmallIntegerField(default=0)
    text_fr = models.CharField(_("action (French)"), max_length=300)
    text_en = models.CharField(_("action (English)"), max_length=300, blank=True)
    leverage = models.PositiveSmallIntegerField(_("leverage"), null=True, blank=True)
    feasibility = models.PositiveSmallIntegerField(_("feasibility"), null=True, blank=True)
    specificity = models.PositiveSmallIntegerField(_("specificity"), null=True, blank=True)
    values = models.PositiveSmallIntegerField(_("fit with values"), null=True, blank=True)
    shared_action = models.OneToOneField(
        SharedAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_origin",
    )
    text = TranslatedField()

    class Meta:
        verbose_name = _("now what")
        verbose_name_plural = _("now what")
        ordering = ["session", "order", "pk"]

    def __str__(self):
        return self.text


class Interpretation(models.Model):
    """What someone reads in an indicator's figures, at a period, shown beside its chart."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="interpretations"
    )
    session = models.ForeignKey(
        LearningSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interpretations",
    )
    period = models.CharField(_("period"), max_length=12, blank=True)
    text_fr = models.TextField(_("interpretation (French)"))
    text_en = models.TextField(_("interpretation (English)"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    text = TranslatedField()

    class Meta:
        verbose_name = _("interpretation")
        verbose_name_plural = _("interpretations")
        ordering = ["indicator", "-created_at", "-pk"]

    def __str__(self):
        return self.text[:80]
