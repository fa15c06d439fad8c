"""Mutually reinforcing activities: what partners do, how their activities connect, the joint plan.

An Activity points at the common agenda (the strategies, outcomes and priority levers it serves, the
existing action it came from) and at shared measurement (the territories it serves, the indicators
that measure it), which is what lets Commun show the chain from a result back to who acts on it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.agenda.models import ExistingAction, Lever, Outcome, Strategy
from commun.formatting.sorting import dictionary_order
from commun.i18n import TranslatedField
from commun.initiatives.models import GovernanceBody, Initiative, Partner
from commun.measurement.models import Indicator, Territory


class Population(models.Model):
    """A group of people the initiative means to reach (youth 16-24, newcomer families…)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="populations")
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    name = TranslatedField()

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "name_fr"], name="population_name_unique")
        ]

    def __str__(self):
        return self.name


class ActivityQuerySet(models.QuerySet):
    def current(self):
        """The activities not ended: planned, running or paused."""
        return self.exclude(status=Activity.Status.ENDED)


class Activity(models.Model):
    """A program, service or project run by one or more partners."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="activities")
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    audience_fr = models.CharField(
        _("target population, in words (French)"), max_length=300, blank=True
    )
    audience_en = models.CharField(
        _("target population, in words (English)"), max_length=300, blank=True
    )
    resources_fr = models.TextField(_("resources (French)"), blank=True)
    resources_en = models.TextField(_("resources (English)"), blank=True)
    annual_budget = models.DecimalField(
        _("annual budget"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    starts = models.DateField(_("starts"), null=True, blank=True)
    ends = models.DateField(_("ends"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    partners = models.ManyToManyField(Partner, related_name="activities", verbose_name=_("run by"))
    populations = models.ManyToManyField(
        Population, related_name="activities", blank=True, verbose_name=_("populations served")
    )
    territories = models.ManyToManyField(
        Territory, related_name="activities", blank=True, verbose_name=_("territories served")
    )
    strategies = models.ManyToManyField(
        Strategy, related_name="activities", blank=True, verbose_name=_("strategies served")
    )
    outcomes = models.ManyToManyField(
        Outcome, related_name="activities", blank=True, verbose_name=_("outcomes sought")
    )
    levers = models.ManyToManyField(
        Lever, related_name="activities", blank=True, verbose_name=_("levers of change acted on")
    )
    indicators = models.ManyToManyField(
        Indicator, related_name="activities", blank=True, verbose_name=_("performance measures")
    )
    existing_action = models.OneToOneField(
        ExistingAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity",
        verbose_name=_("existing action it comes from"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    name = TranslatedField()
    description = TranslatedField()
    audience = TranslatedField()
    resources = TranslatedField()

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = [dictionary_order("name"), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__isnull=True) | Q(starts__isnull=True) | Q(ends__gte=F("starts")),
                name="activity_ends_after_start",
            )
        ]

    def __str__(self):
        return self.name


class Junction(models.Model):
    """A declared link from one activity to another, so referral paths between partners show."""

    class Kind(models.TextChoices):
        REFERS = "refers", _("refers participants to")
        SHARES_DATA = "shares_data", _("shares data with")
        CO_DELIVERS = "co_delivers", _("co-delivers with")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="junctions")
    source = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="junctions_out", verbose_name=_("from")
    )
    target = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="junctions_in", verbose_name=_("to")
    )
    kind = models.CharField(_("link"), max_length=12, choices=Kind.choices)
    note_fr = models.CharField(_("note (French)"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    note = TranslatedField()

    class Meta:
        verbose_name = _("junction")
        verbose_name_plural = _("junctions")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="junction_unique"),
            models.CheckConstraint(condition=~Q(source=F("target")), name="junction_not_self"),
        ]

    def __str__(self):
        return f"{self.source} → {self.target}"


class SharedAction(models.Model):
    """An action of the joint action plan: what, who owns it, by when, for which strategy."""

    class Status(models.TextChoices):
        TO_DO = "todo", _("To do")
        DOING = "doing", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN = (Status.TO_DO, Status.DOING)

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="shared_actions"
    )
    title_fr = models.CharField(_("action (French)"), max_length=300)
    title_en = models.CharField(_("action (English)"), max_length=300, blank=True)
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (person)"),
    )
    owner_body = models.ForeignKey(
        GovernanceBody,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_actions",
        verbose_name=_("owner (body)"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_actions",
        verbose_name=_("partner involved"),
    )
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_actions",
        verbose_name=_("strategy served"),
    )
    due = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    title = TranslatedField()

    class Meta:
        verbose_name = _("shared action")
        verbose_name_plural = _("shared actions")
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_person__isnull=False) | Q(owner_body__isnull=False),
                name="shared_action_has_owner",
                violation_error_message=_(
                    "Say who owns this action: a governance body or a person."
                ),
            )
        ]
        indexes = [models.Index(fields=["initiative", "status", "due"])]

    def __str__(self):
        return self.title

    @property
    def owner(self):
        return self.owner_body or self.owner_person

    @property
    def is_overdue(self) -> bool:
        return self.status in self.OPEN and self.due < timezone.localdate()
