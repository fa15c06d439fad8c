"""What the review page reads: the values waiting for backbone staff (or approved ones, to
reopen), narrowed by partner, indicator and period, each beside the previous period's value."""

from django.db.models import Q, QuerySet

from commun.measurement.checks import LOCKED
from commun.measurement.models import Observation
from commun.measurement.periods import Frequency, PeriodError, normalize_period, previous_period


def period_keys(text: str, indicator=None, fiscal_start: int | None = None) -> set[str]:
    """The period keys a person may mean by `text` ("2025-t3" → {"2025-Q3"}): for the chosen
    indicator's frequency, or for any frequency (fiscal years from `fiscal_start`). Empty when
    `text` is no period at all."""
    frequencies = [indicator.frequency] if indicator else list(Frequency)
    keys = set()
    for frequency in frequencies:
        try:
            keys.add(normalize_period(text, frequency, fiscal_start))
        except PeriodError:
            continue
    return keys


def waiting_values(
    initiative, status: str, *, partner=None, indicator=None, periods=()
) -> QuerySet[Observation]:
    """The initiative's values in `status`, newest period first, then by partner and indicator."""
    found = Observation.objects.filter(indicator__initiative=initiative, status=status)
    if partner is not None:
        found = found.filter(partner=partner)
    if indicator is not None:
        found = found.filter(indicator=indicator)
    if periods:
        found = found.filter(period__in=sorted(periods))
    return (
        found.select_related("indicator", "partner", "territory", "entered_by")
        .prefetch_related("indicator__dimensions__categories")
        .order_by("-period_start", "partner__name_fr", "indicator__code", "breakdown")
    )


def with_previous_values(observations: list[Observation]) -> list[Observation]:
    """Each observation with `previous`: what the same partner sent for the same cell in the
    period before (submitted or approved; None if nothing), all read in one query."""
    wanted = {}
    for obs in observations:
        obs.previous = None
        before = previous_period(obs.period, obs.indicator.frequency)
        wanted[(obs.indicator_id, before, obs.territory_id, obs.breakdown, obs.partner_id)] = obs
    if not wanted:
        return observations
    partners = {key[4] for key in wanted}
    same_partner = Q(partner_id__in=[p for p in partners if p is not None])
    if None in partners:
        same_partner |= Q(partner__isnull=True)
    earlier = Observation.objects.filter(
        same_partner,
        indicator_id__in={key[0] for key in wanted},
        period__in={key[1] for key in wanted},
        territory_id__in={key[2] for key in wanted},
        status__in=LOCKED,
    ).values_list("indicator_id", "period", "territory_id", "breakdown", "partner_id", "value")
    previous = {tuple(row[:5]): row[5] for row in earlier}
    for key, obs in wanted.items():
        obs.previous = previous.get(key)
    return observations
