"""Decisions, after Loomio's shape: a proposal put to a body (in a meeting or asynchronously),
its options, each member's stance with a reason (a stance can change until the close; every
earlier one is kept), the outcome with a date to review it. Action items arising from a meeting
or a decision are the joint action plan's `SharedAction`, linked here by `ActionOrigin`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.access import Action
from commun.activities.models import Activity, SharedAction
from commun.agenda.models import CanvasKey
from commun.i18n import TranslatedField
from commun.initiatives.models import GovernanceBody, Partner
from commun.initiatives.roles import Role
from commun.measurement.models import Indicator
from commun.rich_text import rich_text_field


class DecisionKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal (agree, abstain, disagree, block)")
    CONSENT = "consent", _("Consent (consent or objection)")
    CHOICE = "choice", _("Choice among options")
    SCORE = "score", _("Score each option")
    RANKED = "ranked", _("Rank the options")


class Decision(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for votes")
        CLOSED = "closed", _("Closed")
        DECIDED = "decided", _("Decided")  # closed, with its outcome recorded

    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(
        "governance.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("taken in the meeting of"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DecisionKind.choices)
    title_fr = models.CharField(_("title (French)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    proposal_fr = rich_text_field(_("proposal (French)"))
    proposal_en = rich_text_field(_("proposal (English)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Scored choices: the highest score a member may give an option.
    max_score = models.PositiveSmallIntegerField(_("highest score"), null=True, blank=True)
    outcome_fr = rich_text_field(_("outcome (French)"))
    outcome_en = rich_text_field(_("outcome (English)"))
    review_on = models.DateField(_("review on"), null=True, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # What it concerns.
    canvas = models.CharField(_("canvas"), max_length=30, blank=True)  # agenda.CanvasKey
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    title = TranslatedField()
    proposal = TranslatedField()
    outcome = TranslatedField()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["body", "status"]), models.Index(fields=["review_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="score") | Q(max_score__gte=1), name="scored_choice_has_a_scale"
            ),
            models.CheckConstraint(
                condition=~Q(status="open") | Q(closes_at__isnull=False),
                name="open_decision_closes",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def state(self) -> str:
        """The status as of now: an open decision whose closing time has passed is closed, even
        before a page or the command records it."""
        if self.status == self.Status.OPEN and self.closes_at and self.closes_at <= timezone.now():
            return self.Status.CLOSED
        return self.status

    def get_state_display(self) -> str:
        return self.Status(self.state).label

    @property
    def canvas_name(self) -> str:
        return str(CanvasKey(self.canvas).label) if self.canvas else ""

    @property
    def is_open(self) -> bool:
        return self.state == self.Status.OPEN

    def allows(self, action, user, membership) -> bool:
        """A vote: a member of the body that day, while the decision is open. Seeing it (people
        outside the backbone): not a draft; an observer, only once published."""
        from commun.governance.rules import seats_on

        if action is Action.VOTE:
            return (
                self.is_open
                and seats_on(self.body, timezone.localdate()).filter(user=user).exists()
            )
        if action is Action.VIEW_DECISIONS:
            return self.status != self.Status.DRAFT and (
                self.published or membership.role != Role.OBSERVER
            )
        return True


class DecisionOption(models.Model):
    """One option of a decision; proposals and consents get theirs when opened."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField()
    # agree / abstain / disagree / block, consent / objection; blank for a named option.
    key = models.CharField(max_length=10, blank=True)
    name_fr = models.CharField(_("option (French)"), max_length=200, blank=True)
    name_en = models.CharField(_("option (English)"), max_length=200, blank=True)
    name = TranslatedField()

    class Meta:
        ordering = ["decision", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "order"], name="option_order_unique")
        ]

    def __str__(self):
        return self.name or self.key


class Stance(models.Model):
    """One member's vote with its reason. Changing it adds a new stance and marks the earlier one
    no longer latest: the history of a vote is its stances."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="stances")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    latest = models.BooleanField(default=True)
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decision", "cast_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "person"],
                condition=Q(latest=True),
                name="one_latest_stance_per_person",
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.decision}"


class StanceChoice(models.Model):
    """What a stance gives one option: 1 for the option chosen, a score, or a rank (1 = first)."""

    stance = models.ForeignKey(Stance, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(DecisionOption, on_delete=models.CASCADE, related_name="choices")
    value = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stance", "option"], name="one_choice_per_option")
        ]

    def __str__(self):
        return f"{self.option}: {self.value}"


class ActionOrigin(models.Model):
    """Where an action of the joint action plan arose: a meeting, a decision, or both."""

    shared_action = models.OneToOneField(
        SharedAction, on_delete=models.CASCADE, related_name="origin"
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_arising",
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_arising",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | Q(decision__isnull=False),
                name="action_origin_named",
            )
        ]

    def __str__(self):
        return str(self.shared_action)
