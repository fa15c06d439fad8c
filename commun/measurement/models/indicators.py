"""What is measured: an indicator's definition (kind, unit, roll-up rule, who reports it, who may
see it) and the targets it is meant to reach."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.agenda.models import DataNeed, Outcome
from commun.i18n import TranslatedField
from commun.initiatives.models import Initiative, Partner
from commun.measurement.models.territories import Dimension
from commun.measurement.periods import Frequency

# An indicator may be broken down into at most this many combinations of categories: an unbounded
# cross-product is how large shared measurement servers fall over.
MAX_COMBINATIONS = 60


class Indicator(models.Model):
    class Kind(models.TextChoices):
        POPULATION = "population", _("Population result")
        PERFORMANCE = "performance", _("Performance measure")

    class Question(models.TextChoices):
        HOW_MUCH = "how_much", _("How much did we do?")
        HOW_WELL = "how_well", _("How well did we do it?")
        BETTER_OFF = "better_off", _("Is anyone better off?")

    class Unit(models.TextChoices):
        COUNT = "count", _("Count")
        PERCENT = "percent", _("Percentage")
        RATE = "rate", _("Rate per N")
        AMOUNT = "amount", _("Amount ($)")
        SCORE = "score", _("Score")

    class Direction(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")
        BAND = "band", _("Within a target band")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum")
        MEAN = "mean", _("Mean")
        WEIGHTED_MEAN = "weighted_mean", _("Weighted mean")
        LATEST = "latest", _("Latest value")
        RATIO = "ratio", _("Ratio of two indicators")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        PARTNERS = "partners", _("Partners")
        BACKBONE = "backbone", _("Backbone only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        RETIRED = "retired", _("Retired")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("code"), max_length=30)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    definition_fr = models.TextField(_("definition (French)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    question = models.CharField(
        _("performance question"), max_length=12, choices=Question.choices, blank=True
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    rate_per = models.PositiveIntegerField(_("rate per"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=5, choices=Direction.choices)
    band_low = models.DecimalField(
        _("band: low"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    band_high = models.DecimalField(
        _("band: high"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    aggregation = models.CharField(_("aggregation"), max_length=14, choices=Aggregation.choices)
    numerator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("numerator"),
    )
    denominator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("denominator"),
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    source_fr = models.CharField(_("source (French)"), max_length=300, blank=True)
    source_en = models.CharField(_("source (English)"), max_length=300, blank=True)
    frequency = models.CharField(_("reporting frequency"), max_length=20, choices=Frequency.choices)
    reporting_partners = models.ManyToManyField(
        Partner, blank=True, related_name="indicators", verbose_name=_("reported by")
    )
    dimensions = models.ManyToManyField(
        Dimension, blank=True, related_name="indicators", verbose_name=_("disaggregations")
    )
    baseline_period = models.CharField(_("baseline period"), max_length=10, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    visibility = models.CharField(
        _("who may see it"), max_length=10, choices=Visibility.choices, default=Visibility.PARTNERS
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    outcome = models.ForeignKey(
        Outcome,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("outcome measured"),
    )
    data_need = models.ForeignKey(
        DataNeed,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("data need it answers"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["position"])

    name = TranslatedField()
    definition = TranslatedField()
    source = TranslatedField()

    class Meta:
        verbose_name = _("indicator")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "code"], name="indicator_code_unique")
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    # What people outside the backbone see: adopted or retired indicators meant for partners or
    # everyone. One rule, read for one indicator (`access`) and for a list (`figures`).
    SHOWN_TO_MEMBERS = (Visibility.PUBLIC, Visibility.PARTNERS)
    MEMBERS_SEE = models.Q(visibility__in=SHOWN_TO_MEMBERS) & ~models.Q(status=Status.DRAFT)

    def seen_by_members(self) -> bool:
        return self.status != self.Status.DRAFT and self.visibility in self.SHOWN_TO_MEMBERS


class Target(models.Model):
    """A value the initiative means to reach by a period, with why (a note in both languages)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(_("period"), max_length=10)
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=6)
    note_fr = models.CharField(_("note (French)"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)
    history = HistoricalRecords()

    note = TranslatedField()

    class Meta:
        verbose_name = _("target")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_target_per_period")
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period}: {self.value}"
