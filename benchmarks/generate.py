"""A realistic initiative of any size for benchmarks: a regional table with many neighbourhoods,
partners reporting monthly by age and gender, and a few population indicators.

Observations are written with plain `executemany` (the fastest honest way in), then figures are
built once with `aggregation.rebuild`, as a real initiative's would have been kept up to date.
"""

import itertools
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import transaction

from commun.initiatives.models import Initiative, Membership, Partner, Sector
from commun.initiatives.roles import Role
from commun.measurement.aggregation import rebuild
from commun.measurement.bulk import insert_rows
from commun.measurement.models import Category, Dimension, Indicator, Observation, Territory
from commun.measurement.periods import next_period, period_start
from commun.people.models import User

DISTRICTS, NEIGHBOURHOODS = 5, 20  # 100 neighbourhoods, 106 territories in all
PARTNERS = 12
AGES = ["0-17", "18-34", "35-64", "65-plus"]
GENDERS = ["f", "m"]
# (code, aggregation, unit, frequency, disaggregated, partners reporting each neighbourhood)
INDICATORS = [
    ("people-served", "sum", "count", "month", True, 3),
    ("meals", "sum", "count", "month", True, 3),
    ("referrals", "sum", "count", "month", True, 2),
    ("workshops", "sum", "count", "month", False, 2),
    ("satisfaction", "mean", "percent", "month", False, 2),
    ("wait-days", "weighted_mean", "score", "month", False, 1),
    ("low-income", "latest", "percent", "month", False, 1),
]


def generate(slug: str, observations: int, seed: int = 2026) -> Initiative:
    """Create the initiative `slug` with about `observations` observations (idempotent by slug)."""
    existing = Initiative.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    rng = random.Random(seed)
    with transaction.atomic():
        initiative = Initiative.objects.create(
            slug=slug, name_fr=f"Banc d'essai {slug}", name_en=f"Benchmark {slug}"
        )
        root = Territory.objects.create(initiative=initiative, code="root", name_fr="Région")
        leaves = []
        for d in range(DISTRICTS):
            district = Territory.objects.create(
                initiative=initiative, code=f"d{d}", name_fr=f"District {d}", parent=root
            )
            for n in range(NEIGHBOURHOODS):
                leaves.append(
                    Territory.objects.create(
                        initiative=initiative,
                        code=f"d{d}-n{n}",
                        name_fr=f"Quartier {d}-{n}",
                        parent=district,
                    )
                )
        partners = [
            Partner.objects.create(
                initiative=initiative, name_fr=f"Organisme {p}", sector=Sector.COMMUNITY
            )
            for p in range(PARTNERS)
        ]
        age = Dimension.objects.create(initiative=initiative, code="age", name_fr="Âge")
        gender = Dimension.objects.create(initiative=initiative, code="gender", name_fr="Genre")
        for dimension, codes in ((age, AGES), (gender, GENDERS)):
            for code in codes:
                Category.objects.create(dimension=dimension, code=code, name_fr=code)
        indicators = []
        for code, aggregation, unit, frequency, split, reporters in INDICATORS:
            indicator = Indicator.objects.create(
                initiative=initiative,
                code=code,
                name_fr=code,
                kind="performance" if aggregation == "sum" else "population",
                question="how_much" if aggregation == "sum" else "",
                unit=unit,
                direction="up",
                aggregation=aggregation,
                frequency=frequency,
                status="adopted",
                decimals=1,
            )
            indicator.reporting_partners.set(rng.sample(partners, reporters))
            if split:
                indicator.dimensions.set([age, gender])
            indicators.append((indicator, split))
        member = User.objects.create_user(email=f"member@{slug}.bench", password=None)
        Membership.objects.create(
            user=member, initiative=initiative, role=Role.PARTNER_MEMBER, partner=partners[0]
        )
    rows_per_period = sum(
        len(leaves)
        * (len(AGES) * len(GENDERS) if split else 1)
        * indicator.reporting_partners.count()
        for indicator, split in indicators
    )
    periods = max(1, -(-observations // rows_per_period))
    first = date(2026, 10, 1)
    for _ in range(periods - 1):
        first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    period = f"{first.year}-{first.month:02d}"
    written = 0
    for _ in range(periods):
        written += _write_period(
            initiative, indicators, leaves, period, rng, observations - written
        )
        period = next_period(period, "month")
        if written >= observations:
            break
    for indicator, _split in indicators:
        rebuild(
            indicator,
            set(
                Observation.objects.filter(indicator=indicator)
                .values_list("period", flat=True)
                .distinct()
            ),
        )
    return initiative


def _write_period(initiative, indicators, leaves, period, rng, budget) -> int:
    start = period_start(period, "month")
    moment = datetime(start.year, start.month, 1, tzinfo=UTC) + timedelta(days=35)
    rows = []
    for indicator, split in indicators:
        combos = (
            [f"age={a};gender={g}" for a, g in itertools.product(AGES, GENDERS)] if split else [""]
        )
        for partner in indicator.reporting_partners.all():
            for leaf in leaves:
                for combo in combos:
                    value = _value(indicator.aggregation, rng)
                    weight = (
                        Decimal(rng.randint(5, 60))
                        if indicator.aggregation == "weighted_mean"
                        else None
                    )
                    status = "approved" if rng.random() > 0.02 else "submitted"
                    rows.append(
                        (
                            indicator.pk,
                            period,
                            start,
                            leaf.pk,
                            combo,
                            partner.pk,
                            value,
                            weight,
                            "",
                            status,
                            "",
                            "import",
                            moment,
                        )
                    )
    rows = rows[:budget]
    insert_raw(rows)
    return len(rows)


def _value(aggregation, rng) -> Decimal:
    if aggregation in ("mean", "latest"):
        return Decimal(rng.randint(150, 950)) / 10
    if aggregation == "weighted_mean":
        return Decimal(rng.randint(10, 400)) / 10
    return Decimal(rng.randint(0, 40))


COLUMNS = [
    "indicator_id",
    "period",
    "period_start",
    "territory_id",
    "breakdown",
    "partner_id",
    "value",
    "weight",
    "comment",
    "status",
    "return_reason",
    "provenance",
    "entered_at",
]


def insert_raw(rows) -> None:
    """The rows straight into the observation table (executemany, or COPY on PostgreSQL)."""
    insert_rows(Observation, COLUMNS, rows)
