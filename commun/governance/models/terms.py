"""A governance body's terms of reference, built from fields: its quorum and decision rule, its
cadence, its conflict-of-interest rule, its members' terms and its seats by sector. The mandate,
the name and the members themselves stay on `GovernanceBody` and `BodyMember` (initiatives app).
The document is generated from these fields, published as numbered versions and endorsed by the
body's members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.i18n import TranslatedField
from commun.initiatives.models import BodyMember, GovernanceBody, Sector


def sits_on_today(body_id: int, user) -> bool:
    """Whether `user` is a current member of the body: a term covering today."""
    from commun.governance.rules import seats_on  # rules reads these models

    return seats_on(body_id, timezone.localdate()).filter(user=user).exists()


class QuorumKind(models.TextChoices):
    MAJORITY = "majority", _("A majority of the voting members")
    SHARE = "share", _("A share of the voting members")
    COUNT = "count", _("A number of voting members")
    NONE = "none", _("No quorum")


class DecisionRule(models.TextChoices):
    CONSENSUS = "consensus", _("Consensus")
    CONSENT = "consent", _("Consent (no reasoned objection)")
    MAJORITY = "majority", _("Simple majority")
    QUALIFIED = "qualified", _("Qualified majority")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")
    BIMONTHLY = "bimonthly", _("Every two months")
    QUARTERLY = "quarterly", _("Every quarter")
    AS_NEEDED = "as_needed", _("As needed")


class Terms(models.Model):
    """The rules of one body. One row per body, made with defaults when first read."""

    body = models.OneToOneField(GovernanceBody, on_delete=models.CASCADE, related_name="terms")
    quorum_kind = models.CharField(
        _("quorum"), max_length=10, choices=QuorumKind.choices, default=QuorumKind.MAJORITY
    )
    # The share in percent (SHARE) or the number of members (COUNT); unused otherwise.
    quorum_value = models.PositiveSmallIntegerField(_("quorum value"), null=True, blank=True)
    decision_rule = models.CharField(
        _("decision rule"),
        max_length=10,
        choices=DecisionRule.choices,
        default=DecisionRule.CONSENSUS,
    )
    # The share of votes cast a qualified majority needs, in percent (e.g. 66 for two thirds).
    qualified_share = models.PositiveSmallIntegerField(
        _("qualified majority (%)"), null=True, blank=True
    )
    cadence = models.CharField(
        _("meeting cadence"), max_length=12, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    conflict_of_interest_fr = models.TextField(_("conflict-of-interest rule (French)"), blank=True)
    conflict_of_interest_en = models.TextField(_("conflict-of-interest rule (English)"), blank=True)
    term_months = models.PositiveSmallIntegerField(
        _("members' term (months)"), null=True, blank=True
    )
    renewal_notice_days = models.PositiveSmallIntegerField(
        _("remind before a term ends (days)"), default=60
    )
    history = HistoricalRecords()
    conflict_of_interest = TranslatedField()

    class Meta:
        verbose_name = _("terms of reference")
        verbose_name_plural = _("terms of reference")
        constraints = [
            models.CheckConstraint(
                condition=~Q(quorum_kind="share") | Q(quorum_value__gte=1, quorum_value__lte=100),
                name="quorum_share_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=~Q(quorum_kind="count") | Q(quorum_value__gte=1),
                name="quorum_count_is_set",
            ),
            models.CheckConstraint(
                condition=~Q(decision_rule="qualified")
                | Q(qualified_share__gt=50, qualified_share__lte=100),
                name="qualified_majority_above_half",
            ),
        ]

    def __str__(self):
        return str(self.body)


class Seat(models.Model):
    """Composition: how many seats the body gives one sector (residents and people with lived
    experience are a sector of their own, `Sector.RESIDENTS`)."""

    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="seats")
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    count = models.PositiveSmallIntegerField(_("seats"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["body", "sector", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "sector"], name="one_seat_line_per_sector"),
            models.CheckConstraint(condition=Q(count__gte=1), name="seats_at_least_one"),
        ]

    def __str__(self):
        return f"{self.get_sector_display()}: {self.count}"


class TermsVersion(models.Model):
    """A published version of a body's terms of reference, frozen in both languages."""

    body = models.ForeignKey(
        GovernanceBody, on_delete=models.CASCADE, related_name="terms_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    note_fr = models.TextField(_("what changed (French)"), blank=True)
    note_en = models.TextField(_("what changed (English)"), blank=True)
    snapshot = models.JSONField()
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = TranslatedField()

    class Meta:
        verbose_name = _("version of the terms of reference")
        ordering = ["body", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="terms_version_numbers_unique")
        ]

    def __str__(self):
        return str(_("version %(number)s") % {"number": self.number})

    def allows(self, action, user, membership) -> bool:
        """Only a current member of the body endorses its terms; the rest follows the role."""
        if action == "endorse_terms":
            return sits_on_today(self.body_id, user)
        return True


class TermsEndorsement(models.Model):
    """A member's answer to one version of the terms (same answers as the agenda's)."""

    class Decision(models.TextChoices):
        ENDORSED = "endorsed", _("Endorses")
        RESERVATION = "reservation", _("Endorses with a reservation")
        DECLINED = "declined", _("Does not endorse")

    version = models.ForeignKey(TermsVersion, on_delete=models.CASCADE, related_name="endorsements")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    reservation = models.TextField(_("reservation"), blank=True)
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="one_answer_per_member"),
            models.CheckConstraint(
                condition=models.Q(decision="endorsed") | ~models.Q(reservation=""),
                name="terms_reservation_says_why",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.version}"

    def allows(self, action, user, membership) -> bool:
        """An answer is changed by its own author, while a current member of the body."""
        if action == "endorse_terms":
            return self.person_id == user.pk and sits_on_today(self.version.body_id, user)
        return True


class RenewalReminder(models.Model):
    """A reminder sent for one member's term ending on one day (a renewed term, with a new end,
    gets its own): what `remind_renewals` remembers so it sends each once."""

    member = models.ForeignKey(BodyMember, on_delete=models.CASCADE, related_name="+")
    term_end = models.DateField(_("term ends"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("renewal reminder")
        constraints = [
            models.UniqueConstraint(fields=["member", "term_end"], name="one_reminder_per_term")
        ]

    def __str__(self):
        return f"{self.member} — {self.term_end}"
