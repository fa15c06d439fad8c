"""Assessments: instruments adapted by an initiative, rounds, who is asked, and what they answered.

An instrument is data (`instruments/*.toml`, or an initiative's `InstrumentCopy`); a `Round` keeps
a snapshot of the instrument as it was asked, so later edits never change what people answered.
A `Response` is linked to its `Respondent` while it is a draft; when a round is anonymous the link
is cut on submission, so no page, export or query can tell what an identified person said.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.i18n import TranslatedField
from commun.initiatives.models import Initiative, Partner


class InstrumentCopy(models.Model):
    """An initiative's own wording of an instrument; every save is a new version (its history)."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="instrument_copies"
    )
    key = models.SlugField(_("short name"), max_length=60)
    based_on = models.SlugField(_("based on"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    content = models.JSONField(_("content"))
    updated_at = models.DateTimeField(_("updated on"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adapted instrument")
        verbose_name_plural = _("adapted instruments")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "key"], name="instrument_copy_key_unique"
            ),
        ]

    def __str__(self):
        return self.key


class Round(models.Model):
    """One campaign of an instrument: who is asked, until when, anonymous or not."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="rounds")
    instrument_key = models.SlugField(_("instrument"), max_length=60)
    instrument_version = models.PositiveIntegerField(_("instrument version"))
    kind = models.CharField(max_length=10, editable=False)  # "scale" | "network", from the content
    content = models.JSONField(_("instrument as asked"))
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    opens_on = models.DateField(_("opens on"), default=timezone.localdate)
    closes_on = models.DateField(_("closes on"))
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Nobody, backbone staff included, sees what a person answered: only totals."),
    )
    closed_at = models.DateTimeField(_("closed early on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    title = TranslatedField()

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["-closes_on", "-pk"]
        indexes = [models.Index(fields=["initiative", "instrument_key", "closes_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "title_fr"], name="round_title_unique_in_initiative"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="round_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=~(Q(kind="network") & Q(anonymous=True)),
                name="network_round_not_anonymous",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def instrument(self):
        from commun.assessments.instruments import instrument_from_content

        return instrument_from_content(self.content)

    @property
    def is_open(self) -> bool:
        today = timezone.localdate()
        return self.closed_at is None and self.opens_on <= today <= self.closes_on


class Respondent(models.Model):
    """A person asked to answer a round (for a partner, when they act for one)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_invitations"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_respondent_per_person"),
        ]

    def __str__(self):
        return str(self.user)


class Response(models.Model):
    """What one respondent answered. Anonymous rounds cut `respondent` (and `partner`) on submission."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    respondent = models.OneToOneField(
        Respondent, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["round", "submitted"])]

    def __str__(self):
        return f"{self.round} #{self.pk}"


class Answer(models.Model):
    """One question's answer: a value on the instrument's scale (empty: does not know), a comment."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_key = models.SlugField(max_length=60)
    value = models.SmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_key"], name="one_answer_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.question_key}: {self.value}"


class Rating(models.Model):
    """In a continuum round: how one partner sees another (levels today and wanted, trust, value)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="ratings")
    about = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    level_now = models.SmallIntegerField(null=True, blank=True)
    level_wanted = models.SmallIntegerField(null=True, blank=True)
    scores = models.JSONField(default=dict)  # {"openness": 3, "influence": 4, …}, 1 to 4 each
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "about"], name="one_rating_per_partner"),
        ]

    def __str__(self):
        return f"{self.about}: {self.level_now} → {self.level_wanted}"
