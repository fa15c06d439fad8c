"""Shared measurement: territories, disaggregations, indicators, observations and their aggregates.

An Observation is one value reported by one partner (or by the backbone, partner empty) for one
indicator, period, territory and breakdown (a combination of disaggregation categories, "" for the
total). Aggregate rows are kept up to date as observations change (see `aggregation.py`), so pages
read a fixed number of rows whatever the number of observations. Aggregate rows hold totals and
one-dimension margins; cells crossing several disaggregations are computed when read.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.agenda.models import DataNeed, Outcome
from commun.i18n import TranslatedField
from commun.initiatives.models import Initiative, Partner
from commun.measurement.periods import Frequency

# An indicator may be broken down into at most this many combinations of categories: an unbounded
# cross-product is how large shared measurement servers fall over.
MAX_COMBINATIONS = 60
# Values and figures are stored with 6 decimal places.
STORED_PRECISION = Decimal("0.000001")


class Territory(models.Model):
    """A place the initiative reports on; territories nest (initiative → districts → blocks)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="territories")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    path = models.CharField(max_length=255, editable=False, db_index=True)  # "/3/7/12/"
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name = TranslatedField()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "code"], name="territory_code_unique")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        depth = self.parent.depth + 1 if self.parent else 0
        if (path, depth) != (self.path, self.depth):
            self.path, self.depth = path, depth
            Territory.objects.filter(pk=self.pk).update(path=path, depth=depth)

    def lineage(self) -> list[int]:
        """This territory's id and those of every territory it is part of."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class CodedName(models.Model):
    """A short code people type in files, a name in both languages, and a place in lists."""

    code = models.SlugField(_("code"), max_length=30)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    name = TranslatedField()

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class Dimension(CodedName):
    """A disaggregation defined once per initiative (age band, gender…) and reused by indicators."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="dimensions")

    class Meta(CodedName.Meta):
        verbose_name = _("disaggregation")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "code"], name="dimension_code_unique")
        ]


class Category(CodedName):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="categories")

    class Meta(CodedName.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="category_code_unique")
        ]


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
    frequency = models.CharField(_("reporting frequency"), max_length=8, choices=Frequency.choices)
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


class Observation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    class Provenance(models.TextChoices):
        FORM = "form", _("Form")
        IMPORT = "import", _("Import")
        API = "api", _("API")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField()
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="observations")
    breakdown = models.CharField(_("breakdown"), max_length=200, blank=True)  # "age=15-24;gender=f"
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="observations"
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    numerator = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    weight = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    provenance = models.CharField(max_length=6, choices=Provenance.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "territory", "breakdown", "partner"],
                name="one_value_per_partner_and_cell",
                condition=Q(partner__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "territory", "breakdown"],
                name="one_backbone_value_per_cell",
                condition=Q(partner__isnull=True),
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "period", "status"]),
            models.Index(fields=["partner", "status"]),
            # "values waiting for review": few rows with that status, among very many approved.
            models.Index(fields=["status", "indicator"]),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period} {self.breakdown or '—'}: {self.value}"


class ObservationChange(models.Model):
    """Every correction of a value or of its status, so the history of a figure is never lost."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="changes")
    value = models.DecimalField(max_digits=20, decimal_places=6)
    status = models.CharField(max_length=10, choices=Observation.Status.choices)
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["observation", "changed_at", "pk"]

    def __str__(self):
        return f"{self.observation_id}: {self.value} ({self.status})"


class Aggregate(models.Model):
    """The figure of one indicator for one period, territory (with all it contains) and breakdown.

    `scope` is "approved" (approved data only, what partners and the public see) or "all" (every
    value entered, what backbone staff may choose to see). Kept up to date by `aggregation.rebuild`.
    """

    class Scope(models.TextChoices):
        APPROVED = "approved", _("Approved data")
        ALL = "all", _("All data entered")

    # Figures are derived data, written by the thousand on each import: no index of their own
    # (the unique constraint's serves lookups by indicator and period, the totals' index those
    # by indicator and territory) and
    # no foreign-key check in the database (PostgreSQL runs one trigger per key and row). Django
    # still deletes an indicator's or a territory's figures with it, and `rebuild` only writes
    # figures of existing indicators and territories.
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="aggregates",
        db_index=False,
        db_constraint=False,
    )
    period = models.CharField(max_length=10)
    period_start = models.DateField()
    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    breakdown = models.CharField(max_length=200, blank=True)
    scope = models.CharField(max_length=8, choices=Scope.choices)
    count = models.PositiveIntegerField()
    total = models.DecimalField(max_digits=24, decimal_places=6)
    weighted_total = models.DecimalField(max_digits=30, decimal_places=6, null=True)
    weight_total = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    latest = models.DecimalField(max_digits=20, decimal_places=6, null=True)
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "territory", "breakdown", "scope"],
                name="one_aggregate_per_cell",
            )
        ]
        # Whole histories are read for totals only (cards, trend charts, the home card): an index
        # on those alone. One on every breakdown too would take an entry per figure written, at
        # places scattered across the index — the slowest part of writing an import's figures.
        indexes = [
            models.Index(
                fields=["indicator", "scope", "territory", "period_start"],
                condition=Q(breakdown=""),
                name="figures_totals_history",
            )
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.period} {self.breakdown or '—'} ({self.scope})"


class ImportJob(models.Model):
    """A file someone uploads: previewed, then imported (in the background when it is large)."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting for your check")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Refused: nothing was written")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    progress = models.PositiveSmallIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    # The rows the preview counted in the whole file, with the mapping shown: the import decides
    # from it, without reading the file again, whether it runs in the request or the background
    # (None: not previewed whole, a large file or an unreadable one).
    previewed_rows = models.PositiveIntegerField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # [[where, message], …]
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The running import's last sign of life: without one for a while, its worker has died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Whether it stopped for a reason other than its rows (its worker died, an unexpected error):
    # the same file can then be imported again as it is.
    retryable = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename


class ApiToken(models.Model):
    """A key a partner's system (or the backbone's) uses to talk to the API; only a hash is kept."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="api_tokens")
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("partner (empty: the backbone)"),
    )
    name = models.CharField(_("what it is for"), max_length=100)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… {self.name}"


class FiguresVersion(models.Model):
    """A number that changes, in the same transaction, with anything an initiative's figures pages
    show (values, figures, indicators, targets, territories, partners): what pages read is cached
    under it (`page_cache.py`). A new random number each time, never a count, so the changes made
    after a database is restored from a backup never reuse a number the cache already holds.
    No database foreign key: a change recorded while the initiative is being deleted is harmless."""

    initiative = models.OneToOneField(
        Initiative,
        on_delete=models.CASCADE,
        primary_key=True,
        db_constraint=False,
        related_name="+",
    )
    number = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.initiative_id}: {self.number}"
