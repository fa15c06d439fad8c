"""DHIS2's data values out: the values a token may see, in a dataValueSet's shape, each id the one
the mapping tables give (`Dhis2Mapping`), else Commun's own code, which the import reads back.

What a token sees: a partner's token, the values its organization sent (every state); the
backbone's token, every value of the initiative, each partner's under its attribute option combo.
"""

import csv
import io
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from commun.measurement.figures import visible_to_token
from commun.measurement.fiscal_periods import dhis2_fiscal_period
from commun.measurement.models import DEFAULT_COMBO, Dhis2Mapping, Observation, Territory
from commun.measurement.periods import FISCAL, Frequency, PeriodError, normalize_period

Kind = Dhis2Mapping.Kind


class UnknownFilter(Exception):
    """A filter names nothing this token may see: said in one sentence."""


def dhis2_period(key: str, frequency: str) -> str:
    """A period key as DHIS2 writes it: 2025-07 → 202507, 2025-Q3 → 2025Q3, 2025-H1 → 2025S1,
    2025-W05 → 2025W5, a fiscal year 2025-F04 → 2025April (`dhis2_fiscal_period`; a fiscal start
    DHIS2 has no period for keeps Commun's key), a year as it is."""
    if frequency in FISCAL:
        return dhis2_fiscal_period(key) or key
    if frequency in (Frequency.MONTH, Frequency.QUARTER):
        return key.replace("-", "")
    if frequency == Frequency.HALF_YEAR:
        return key.replace("-H", "S")
    if frequency == Frequency.WEEK:
        year, week = key.split("-W")
        return f"{year}W{int(week)}"
    return key


def dhis2_value(value: Decimal) -> str:
    """A value as DHIS2 writes it: plain digits, a point, no trailing zeros ("12", "12.5")."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def export_data_values(
    token,
    *,
    data_elements: list[str] = (),
    periods: list[str] = (),
    org_units: list[str] = (),
    children: bool = False,
    start: date | None = None,
    end: date | None = None,
) -> list[dict]:
    """The dataValues this token may see, filtered as DHIS2's GET filters them."""
    initiative = token.initiative
    mappings = list(Dhis2Mapping.objects.filter(initiative=initiative, mapped=True))
    indicators = {i.pk: i for i in visible_to_token(token)}
    values = Observation.objects.filter(indicator_id__in=list(indicators))
    if token.partner is not None:
        values = values.filter(partner=token.partner)
    if data_elements:
        chosen = {chosen_indicator(sent, indicators, mappings) for sent in data_elements}
        values = values.filter(indicator_id__in=chosen)
    if org_units:
        places = [chosen_territory(sent, initiative, mappings) for sent in org_units]
        if children:
            within = Territory.objects.none()
            for place in places:
                within |= Territory.objects.filter(path__startswith=place.path)
            values = values.filter(territory__in=within)
        else:
            values = values.filter(territory__in=places)
    if periods:
        keys = {key for sent in periods for key in period_keys(sent)}
        values = values.filter(period__in=keys)
    if start:
        values = values.filter(period_start__gte=start)
    if end:
        values = values.filter(period_start__lte=end)
    names = ids_of(mappings)
    rows = []
    for obs in values.select_related("territory", "partner").order_by(
        "indicator_id", "period_start", "territory__path", "breakdown", "partner_id"
    ):
        indicator = indicators[obs.indicator_id]
        combo = names.get((Kind.CATEGORY_OPTION_COMBO, obs.breakdown))
        rows.append(
            {
                "dataElement": names.get((Kind.DATA_ELEMENT, indicator.pk), indicator.code),
                "period": dhis2_period(obs.period, indicator.frequency),
                "orgUnit": names.get((Kind.ORG_UNIT, obs.territory_id), obs.territory.code),
                "categoryOptionCombo": combo or obs.breakdown or DEFAULT_COMBO,
                "attributeOptionCombo": attribute_combo(obs.partner, names),
                "value": dhis2_value(obs.value),
                "comment": obs.comment,
                "lastUpdated": obs.entered_at.isoformat(),
                "followup": False,
            }
        )
    return rows


def ids_of(mappings: list[Dhis2Mapping]) -> dict:
    """{(kind, what it maps to): the DHIS2 id}: the first id, in order, of each target."""
    names = {}
    for m in sorted(mappings, key=lambda m: (m.dhis2_id != DEFAULT_COMBO, m.dhis2_id)):
        target = {
            Kind.DATA_ELEMENT: m.indicator_id,
            Kind.ORG_UNIT: m.territory_id,
            Kind.CATEGORY_OPTION_COMBO: m.breakdown,
            Kind.ATTRIBUTE_OPTION_COMBO: m.partner_id,
        }[m.kind]
        names.setdefault((m.kind, target), m.dhis2_id)
    return names


def attribute_combo(partner, names: dict) -> str:
    """The backbone's own values under DHIS2's default combo; a partner's under its mapped id,
    else its acronym or name (which the import reads back)."""
    if partner is None:
        return DEFAULT_COMBO
    return (
        names.get((Kind.ATTRIBUTE_OPTION_COMBO, partner.pk)) or partner.acronym or partner.name_fr
    )


def chosen_indicator(sent: str, indicators: dict, mappings: list[Dhis2Mapping]) -> int:
    for m in mappings:
        if m.kind == Kind.DATA_ELEMENT and m.dhis2_id == sent and m.indicator_id in indicators:
            return m.indicator_id
    for indicator in indicators.values():
        if indicator.code == sent:
            return indicator.pk
    raise UnknownFilter(_("Unknown data element “%(id)s”.") % {"id": sent})


def chosen_territory(sent: str, initiative, mappings: list[Dhis2Mapping]) -> Territory:
    for m in mappings:
        if m.kind == Kind.ORG_UNIT and m.dhis2_id == sent:
            return Territory.objects.get(pk=m.territory_id)
    found = Territory.objects.filter(initiative=initiative, code=sent).first()
    if found is None:
        raise UnknownFilter(_("Unknown organisation unit “%(id)s”.") % {"id": sent})
    return found


def period_keys(sent: str) -> set[str]:
    """The period keys a DHIS2 period may be, whatever the indicators' frequencies."""
    keys = set()
    for frequency in Frequency.values:
        try:
            keys.add(normalize_period(sent, frequency))
        except PeriodError:
            continue
    if not keys:
        raise UnknownFilter(_("“%(period)s” is not a period Commun reads.") % {"period": sent})
    return keys


CSV_HEADER = [
    "dataelement",
    "period",
    "orgunit",
    "categoryoptioncombo",
    "attributeoptioncombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
]


def data_values_csv(rows: list[dict]) -> str:
    """The dataValues as DHIS2's CSV (its header, commas, points): a file for DHIS2 and for
    `POST /dataValueSets`, not for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            [
                row["dataElement"],
                row["period"],
                row["orgUnit"],
                row["categoryOptionCombo"],
                row["attributeOptionCombo"],
                row["value"],
                "",
                row["lastUpdated"],
                row["comment"],
                "false",
            ]
        )
    return out.getvalue()
