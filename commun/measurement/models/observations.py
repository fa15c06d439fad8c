"""Values and figures: an observation (one value reported for one cell), its corrections, the
precomputed aggregates pages read, and the figures version the pages' cache is kept under."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commun.initiatives.models import Initiative, Partner
from commun.measurement.models.indicators import Indicator
from commun.measurement.models.territories import Territory

# Values and figures are stored with 6 decimal places.
STORED_PRECISION = Decimal("0.000001")


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

    class Quality(models.TextChoices):
        """Statistics Canada's quality flags (the STATUS column of its tables)."""

        NONE = "", _("no quality flag")
        A = "A", _("excellent")
        B = "B", _("very good")
        C = "C", _("good")
        D = "D", _("acceptable")
        E = "E", _("use with caution")

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
    # A default in the database too: raw inserts (`bulk.insert_rows`) may leave it out.
    quality = models.CharField(
        _("quality"), max_length=1, choices=Quality.choices, blank=True, default="", db_default=""
    )
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

    @property
    def quality_label(self) -> str:
        """ "E (use with caution)" beside a flagged value; "" without a flag."""
        return f"{self.quality} ({self.get_quality_display()})" if self.quality else ""


class MissingValue(models.Model):
    """A cell a source says has no value, and why (".." not available, "x" confidential…): kept
    where the value would be, never a blank. One per cell, like an Observation; a value arriving
    for the cell replaces it, and the reverse. It counts in no figure."""

    class Reason(models.TextChoices):
        NOT_AVAILABLE = "not_available", _("not available")
        NOT_APPLICABLE = "not_applicable", _("not applicable")
        CONFIDENTIAL = "confidential", _("confidential")
        UNRELIABLE = "unreliable", _("too unreliable to be published")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="missing_values"
    )
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField()
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="+")
    breakdown = models.CharField(_("breakdown"), max_length=200, blank=True)
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="missing_values"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    symbol = models.CharField(_("symbol"), max_length=10)  # as the source writes it: "x", ".."
    # The value it replaced, if any (deleted with its history: kept here), and why.
    replaced_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "territory", "breakdown", "partner"],
                name="one_missing_value_per_partner_and_cell",
                condition=Q(partner__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "territory", "breakdown"],
                name="one_backbone_missing_value_per_cell",
                condition=Q(partner__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.period} {self.breakdown or '—'}: {self.symbol}"

    @property
    def label(self) -> str:
        """What is shown where the value would be: "x (confidential)"."""
        return f"{self.symbol} ({self.get_reason_display()})"


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


class PartnersReported(models.Model):
    """How many partners sent values counted in a scope for one indicator's period: what says a
    figure is partial (`coverage.partial_cells`), kept by `aggregation.rebuild` with the figures,
    so that pages never count the observations. No row: no partner sent any."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    period = models.CharField(max_length=10)
    scope = models.CharField(max_length=8, choices=Aggregate.Scope.choices)
    partners = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "scope"], name="one_partner_count_per_period"
            )
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.period} ({self.scope}): {self.partners}"


class FiguresPending(models.Model):
    """A period whose figures are being brought up to date after a large import wrote its values
    (`figures_later.py`): pages say so until the worker has rebuilt them, in a transaction of
    their own. One row per import and period; it goes when that import's figures are written."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=10)
    job = models.ForeignKey("measurement.ImportJob", on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["job", "indicator", "period"], name="one_pending_mark_per_import"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period"], name="figures_pending_cell")]

    def __str__(self):
        return f"{self.indicator_id} {self.period} (import {self.job_id})"


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
