"""The common agenda of an initiative: its canvases, their items, versions, endorsements, comments.

Narrative text of a canvas lives in `Canvas.texts` (bilingual, by field name); the lists a canvas
holds (causes, data needed, existing actions, levers, principles, outcomes, strategies) are real
models, because later conditions point at them (an indicator measures an Outcome, an activity serves
a Strategy). Every save of a canvas bumps `Canvas.revision` and keeps a `CanvasRevision` snapshot,
which is how a concurrent edit is detected and shown.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from commun.i18n import TranslatedField
from commun.initiatives.models import Initiative, Partner


class CanvasKey(models.TextChoices):
    ISSUE = "issue", _("Define the issue")
    SCOPE = "scope", _("Clarify the scope")
    DATA = "data", _("Data needed")
    ACTIONS = "actions", _("Existing actions")
    CHANGES = "changes", _("Determining changes")
    VISION = "vision", _("Vision")
    PRINCIPLES = "principles", _("Shared principles")
    THEORY = "theory", _("Theory of change")


class Canvas(models.Model):
    """One canvas of an initiative's agenda: its narrative texts and its edit counter."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="canvases")
    key = models.CharField(_("canvas"), max_length=20, choices=CanvasKey.choices)
    texts = models.JSONField(_("texts"), default=dict, blank=True)  # {field: {"fr": .., "en": ..}}
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("canvas")
        verbose_name_plural = _("canvases")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "key"], name="one_canvas_of_each_kind")
        ]

    def __str__(self):
        return f"{self.initiative} — {self.get_key_display()}"


class CanvasRevision(models.Model):
    """What a canvas held after one save: for conflict reports and the canvas's own history."""

    canvas = models.ForeignKey(Canvas, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["canvas", "number"]
        constraints = [
            models.UniqueConstraint(fields=["canvas", "number"], name="one_snapshot_per_revision")
        ]

    def __str__(self):
        return f"{self.canvas} #{self.number}"


class AgendaItem(models.Model):
    """Common columns of the items a canvas lists, kept in the order staff give them."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class ProblemFactor(AgendaItem):
    """A root cause of the issue, or one of its consequences: the two sides of the problem tree."""

    class Side(models.TextChoices):
        CAUSE = "cause", _("Root cause")
        EFFECT = "effect", _("Consequence")

    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    text_fr = models.CharField(_("text (French)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300, blank=True)
    text = TranslatedField()

    class Meta(AgendaItem.Meta):
        verbose_name = _("cause or consequence")

    def __str__(self):
        return self.text


class DataNeed(AgendaItem):
    """What the partners know, or need to know, and where it would come from."""

    class Status(models.TextChoices):
        KNOWN = "known", _("We know it")
        NEEDED = "needed", _("We need to know it")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    subject_fr = models.CharField(_("what (French)"), max_length=300)
    subject_en = models.CharField(_("what (English)"), max_length=300, blank=True)
    source_fr = models.CharField(_("source (French)"), max_length=300, blank=True)
    source_en = models.CharField(_("source (English)"), max_length=300, blank=True)
    subject = TranslatedField()
    source = TranslatedField()

    class Meta(AgendaItem.Meta):
        verbose_name = _("data item")

    def __str__(self):
        return self.subject


class ExistingAction(AgendaItem):
    """What a partner already does on the issue: who, what, for whom, where."""

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="existing_actions", verbose_name=_("who")
    )
    what_fr = models.CharField(_("what (French)"), max_length=300)
    what_en = models.CharField(_("what (English)"), max_length=300, blank=True)
    for_whom_fr = models.CharField(_("for whom (French)"), max_length=200, blank=True)
    for_whom_en = models.CharField(_("for whom (English)"), max_length=200, blank=True)
    where_fr = models.CharField(_("where (French)"), max_length=200, blank=True)
    where_en = models.CharField(_("where (English)"), max_length=200, blank=True)
    what = TranslatedField()
    for_whom = TranslatedField()
    where = TranslatedField()

    class Meta(AgendaItem.Meta):
        verbose_name = _("existing action")

    def __str__(self):
        return self.what


class Criterion(AgendaItem):
    """What the partners score the candidate levers on (impact, feasibility, urgency…)."""

    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    name = TranslatedField()

    class Meta(AgendaItem.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.name


class Lever(AgendaItem):
    """A candidate determining change; staff mark the ones the partners chose as priorities."""

    name_fr = models.CharField(_("name (French)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    is_priority = models.BooleanField(_("priority"), default=False)
    name = TranslatedField()

    class Meta(AgendaItem.Meta):
        verbose_name = _("determining change")

    def __str__(self):
        return self.name


SCORE_MIN, SCORE_MAX = 1, 5


class LeverScore(models.Model):
    """One partner's score of one lever on one criterion."""

    lever = models.ForeignKey(Lever, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="lever_scores")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lever", "criterion", "partner"], name="one_score_per_partner"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="score_in_scale",
            ),
        ]

    def __str__(self):
        return f"{self.partner} — {self.lever}: {self.score}"


class Principle(AgendaItem):
    """A shared principle and what it means in practice."""

    name_fr = models.CharField(_("principle (French)"), max_length=200)
    name_en = models.CharField(_("principle (English)"), max_length=200, blank=True)
    meaning_fr = models.TextField(_("in practice (French)"), blank=True)
    meaning_en = models.TextField(_("in practice (English)"), blank=True)
    name = TranslatedField()
    meaning = TranslatedField()

    class Meta(AgendaItem.Meta):
        verbose_name = _("shared principle")

    def __str__(self):
        return self.name


class Outcome(AgendaItem):
    """A change the initiative expects, in the short, medium or long term."""

    class Term(models.TextChoices):
        SHORT = "short", _("Short term")
        MEDIUM = "medium", _("Medium term")
        LONG = "long", _("Long term")

    term = models.CharField(_("term"), max_length=10, choices=Term.choices)
    text_fr = models.CharField(_("outcome (French)"), max_length=300)
    text_en = models.CharField(_("outcome (English)"), max_length=300, blank=True)
    text = TranslatedField()

    class Meta(AgendaItem.Meta):
        verbose_name = _("outcome")

    def __str__(self):
        return self.text


class Strategy(AgendaItem):
    """A way the partners act together, and the outcomes it serves."""

    text_fr = models.CharField(_("strategy (French)"), max_length=300)
    text_en = models.CharField(_("strategy (English)"), max_length=300, blank=True)
    outcomes = models.ManyToManyField(
        Outcome, blank=True, related_name="strategies", verbose_name=_("outcomes served")
    )
    text = TranslatedField()

    class Meta(AgendaItem.Meta):
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self):
        return self.text


class AgendaVersion(models.Model):
    """A published version of the whole agenda, frozen as it was (both languages)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="versions")
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
        verbose_name = _("agenda version")
        ordering = ["initiative", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "number"], name="version_numbers_unique")
        ]

    def __str__(self):
        return str(_("version %(number)s") % {"number": self.number})


class Endorsement(models.Model):
    """A partner's answer to one published version: it endorses it, endorses it with a
    reservation, or does not endorse it; `reservation` says why for the last two."""

    class Decision(models.TextChoices):
        ENDORSED = "endorsed", _("Endorses")
        RESERVATION = "reservation", _("Endorses with a reservation")
        DECLINED = "declined", _("Does not endorse")

    version = models.ForeignKey(
        AgendaVersion, on_delete=models.CASCADE, related_name="endorsements"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="endorsements")
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    reservation = models.TextField(_("reservation"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "partner"], name="one_answer_per_partner"),
            models.CheckConstraint(
                condition=models.Q(decision="endorsed") | ~models.Q(reservation=""),
                name="a_reservation_or_refusal_says_why",
            ),
        ]

    def __str__(self):
        return f"{self.partner} — {self.version}"


class Comment(models.Model):
    """A remark on one canvas, written by a member of the initiative, resolved by staff."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    canvas_key = models.CharField(_("canvas"), max_length=20, choices=CanvasKey.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=4000)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} — {self.get_canvas_key_display()}"
