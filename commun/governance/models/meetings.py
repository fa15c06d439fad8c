"""Meetings of a governance body: their agenda items, who attended (so quorum is computed), and
their minutes, drafted, amended by the attendees within a window, then approved at a later
meeting and locked."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.access import Action
from commun.activities.models import SharedAction
from commun.i18n import TranslatedField
from commun.initiatives.models import GovernanceBody, Partner
from commun.initiatives.roles import Role
from commun.measurement.models import Indicator
from commun.rich_text import rich_text_field


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="meetings")
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    link = models.URLField(_("video link"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    # Sent invitations: the calendar event's sequence (RFC 5545), raised at each change sent.
    invitations_sent = models.PositiveSmallIntegerField(default=0)
    uid = models.CharField(max_length=80, unique=True)  # the calendar event's UID
    history = HistoricalRecords()
    title = TranslatedField()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["body", "starts_at", "pk"]
        indexes = [models.Index(fields=["body", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_it_starts"
            )
        ]

    def __str__(self):
        return self.title or str(self.body)

    def allows(self, action, user, membership) -> bool:
        """Every member of the initiative, observers too, sees the meetings (not their minutes:
        `Minutes.allows`); staff alone manage them (the policy stops others before this)."""
        return True


class MeetingItem(models.Model):
    """One point of a meeting's agenda, in order, with what it concerns."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"))
    title_fr = models.CharField(_("item (French)"), max_length=300)
    title_en = models.CharField(_("item (English)"), max_length=300, blank=True)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenter"),
    )
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    document = models.URLField(_("document"), blank=True)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    canvas = models.CharField(_("canvas"), max_length=30, blank=True)  # agenda.CanvasKey
    shared_action = models.ForeignKey(
        SharedAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shared action"),
    )
    decision = models.ForeignKey(
        "governance.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision"),
    )
    history = HistoricalRecords()
    title = TranslatedField()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """Whether one member (a person, for their organization) was at a meeting."""

    class Presence(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")
        PROXY = "proxy", _("Represented by proxy")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    presence = models.CharField(_("presence"), max_length=10, choices=Presence.choices)
    proxy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proxy holder"),
    )
    # Whether the person held a voting seat on the body that day (guests do not count for quorum).
    voting = models.BooleanField(_("voting member"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_presence_per_person"),
            models.CheckConstraint(
                condition=Q(presence="proxy", proxy__isnull=False)
                | (~Q(presence="proxy") & Q(proxy__isnull=True)),
                name="proxy_named_only_for_proxy",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_presence_display()}"


class Minutes(models.Model):
    """A meeting's minutes. Drafted; opened to the attendees' amendments until a date; approved
    at a later meeting, then locked. Each save is a version (django-simple-history)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AMENDING = "amending", _("Open for amendments")
        APPROVED = "approved", _("Approved")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text_fr = rich_text_field(_("minutes (French)"))
    text_en = rich_text_field(_("minutes (English)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    amend_until = models.DateField(_("amendments until"), null=True, blank=True)
    approved_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("approved at the meeting of"),
    )
    # Published minutes are seen by observers and, when the body publishes them, by the public.
    published = models.BooleanField(_("published"), default=False)
    history = HistoricalRecords()
    text = TranslatedField()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="approved_minutes_name_their_meeting",
            ),
            models.CheckConstraint(
                condition=~Q(status="amending") | Q(amend_until__isnull=False),
                name="amendment_window_has_an_end",
            ),
        ]

    def __str__(self):
        return str(self.meeting)

    @property
    def locked(self) -> bool:
        return self.status == self.Status.APPROVED

    def open_for_amendments(self) -> bool:
        return (
            self.status == self.Status.AMENDING
            and self.amend_until is not None
            and timezone.localdate() <= self.amend_until
        )

    def allows(self, action, user, membership) -> bool:
        """Observers read published minutes only; during the window, the meeting's attendees
        (present, or represented by proxy) may propose amendments."""
        if action == Action.AMEND_MINUTES:
            return (
                self.open_for_amendments()
                and Attendance.objects.filter(
                    meeting_id=self.meeting_id,
                    person=user,
                    presence__in=[Attendance.Presence.PRESENT, Attendance.Presence.PROXY],
                ).exists()
            )
        if action == Action.VIEW_MEETINGS and membership.role == Role.OBSERVER:
            return self.published
        return True


class Amendment(models.Model):
    """A change to the minutes an attendee asks for during the window; staff accept or decline
    it (accepting does not rewrite the text: whoever edits the minutes does)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="amendments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("amendment"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["minutes", "created_at", "pk"]

    def __str__(self):
        return self.text[:60]
