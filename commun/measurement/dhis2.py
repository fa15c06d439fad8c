"""DHIS2's data values in: a dataValueSet (JSON, or DHIS2's CSV) read into a table of Commun's
codes, then the one write path (`parsing.parse`, `entry.save_batches`), all or nothing.

DHIS2 ids mean what the initiative's mapping tables say (`Dhis2Mapping`); an id without a mapping
is read as Commun's own code (what `dhis2_export` writes for values without one). An id neither
knows is a conflict, named once with the indexes of the values it holds up, and remembered as
"to map" for the mapping page. The answer is shaped as DHIS2 2.38+ answers (`import_summary`).
"""

from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from commun.initiatives.models import Partner
from commun.measurement.entry import EntryRejected
from commun.measurement.imports import write_sent_rows
from commun.measurement.models import (
    DEFAULT_COMBO,
    Dhis2Mapping,
    Indicator,
    Territory,
)
from commun.measurement.names import simplify, spellings
from commun.measurement.periods import PeriodError, normalize_period
from commun.measurement.reading import read_table

Kind = Dhis2Mapping.Kind
# DHIS2's CSV columns, in DHIS2's order (its header line is optional).
CSV_COLUMNS = [
    "dataElement",
    "period",
    "orgUnit",
    "categoryOptionCombo",
    "attributeOptionCombo",
    "value",
    "storedBy",
    "lastUpdated",
    "comment",
    "followup",
]
# DHIS2's error codes for the ids it cannot find (`ErrorCode` E7610 …).
ERROR_CODES = {
    Kind.DATA_ELEMENT: "E7610",
    "period": "E7611",
    Kind.ORG_UNIT: "E7612",
    Kind.CATEGORY_OPTION_COMBO: "E7613",
    Kind.ATTRIBUTE_OPTION_COMBO: "E7615",
}


@dataclass
class DataValue:
    """One value as DHIS2 sends it (DHIS2's field names), the set's period and orgUnit given to
    those without."""

    dataElement: str
    period: str
    orgUnit: str
    categoryOptionCombo: str = ""
    attributeOptionCombo: str = ""
    value: str = ""
    comment: str = ""


@dataclass
class Conflict:
    object: str
    property: str
    value: str  # the message, as DHIS2 calls it
    errorCode: str | None = None
    indexes: list[int] = field(default_factory=list)


@dataclass
class ImportResult:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


def csv_data_values(data: bytes) -> list[dict]:
    """DHIS2's CSV as the JSON's dataValues (header line optional, as DHIS2 writes it or not);
    `reading.UnreadableFile` when it cannot be read."""
    rows = [row for row in read_table("dataValueSet.csv", data).rows if any(row)]
    if rows and simplify(rows[0][0]) in ("dataelement", "data element", "de"):
        rows = rows[1:]
    return [
        {name: cell for name, cell in zip(CSV_COLUMNS, row, strict=False) if cell} for row in rows
    ]


def import_data_values(token, values: list[DataValue]) -> ImportResult:
    """Write the values the token sends, or none: every unknown id and refused value is a
    conflict, and the unknown ids are remembered for the mapping page."""
    reading = Reading(token)
    rows, conflicts = [], Conflicts()
    for index, sent in enumerate(values):
        row = reading.row(sent, index, conflicts)
        if row is not None:
            rows.append((index, row))
    if conflicts:
        remember_unknown(token.initiative, conflicts)
        return ImportResult(ignored=len(values), conflicts=conflicts.listed())
    header = ["indicator", "period", "territory", "value", "comment", "partner", "breakdown"]
    try:
        result = write_sent_rows(
            token,
            [header] + [row for _index, row in rows],
            {name: column for column, name in enumerate(header)},
            where=lambda line: _("data value %(index)d") % {"index": rows[line - 2][0]},
        )
    except EntryRejected as rejected:
        for problem in rejected.problems:
            index = rows[problem.line - 2][0] if problem.line >= 2 else None
            sent = values[index].dataElement if index is not None else ""
            conflicts.add("value", sent, problem.message, None, index)
        return ImportResult(ignored=len(values), conflicts=conflicts.listed())
    return ImportResult(result.created, result.changed, result.unchanged)


class Conflicts:
    """Conflicts grouped as DHIS2 groups them: one per id and message, with its indexes."""

    def __init__(self):
        self.found: dict[tuple, Conflict] = {}
        self.added = 0  # conflicts added, counting each value's

    def __bool__(self):
        return bool(self.found)

    def add(self, prop: str, sent: str, message: str, code: str | None, index: int | None):
        self.added += 1
        key = (prop, sent, message)
        if key not in self.found:
            self.found[key] = Conflict(sent, prop, message, code)
        if index is not None:
            self.found[key].indexes.append(index)

    def listed(self) -> list[Conflict]:
        return list(self.found.values())


class Reading:
    """What each id means in the token's initiative: its mapping, else Commun's code."""

    def __init__(self, token):
        self.token = token
        initiative = token.initiative
        self.mapped = {
            (m.kind, m.dhis2_id): m
            for m in Dhis2Mapping.objects.filter(initiative=initiative, mapped=True)
        }
        self.indicators = {
            simplify(i.code): i for i in Indicator.objects.filter(initiative=initiative)
        }
        self.territories = {
            simplify(code): code
            for code in Territory.objects.filter(initiative=initiative).values_list(
                "code", flat=True
            )
        }
        self.partners = {}
        for partner in Partner.objects.filter(initiative=initiative):
            for key in spellings(partner.name_fr, partner.name_en, partner.acronym):
                self.partners.setdefault(key, partner)

    def row(self, sent: DataValue, index: int, conflicts: Conflicts) -> list[str] | None:
        """The row of Commun's codes for parsing, or None with its conflicts added."""
        before = conflicts.added
        indicator = self.indicator(sent.dataElement)
        if indicator is None:
            unknown(conflicts, Kind.DATA_ELEMENT, sent.dataElement, index)
        territory = self.territory(sent.orgUnit)
        if territory is None:
            unknown(conflicts, Kind.ORG_UNIT, sent.orgUnit, index)
        breakdown = self.breakdown(sent.categoryOptionCombo)
        if breakdown is None:
            unknown(conflicts, Kind.CATEGORY_OPTION_COMBO, sent.categoryOptionCombo, index)
        partner, refused = self.partner(sent.attributeOptionCombo)
        if refused is UNKNOWN:
            unknown(conflicts, Kind.ATTRIBUTE_OPTION_COMBO, sent.attributeOptionCombo, index)
        elif refused:  # another partner's: not an id to map
            conflicts.add(
                Kind.ATTRIBUTE_OPTION_COMBO, sent.attributeOptionCombo, refused, None, index
            )
        period = None
        if indicator is not None:
            try:
                period = normalize_period(
                    sent.period, indicator.frequency, self.token.initiative.fiscal_year_start
                )
            except PeriodError as error:
                conflicts.add("period", sent.period, str(error), ERROR_CODES["period"], index)
        if conflicts.added != before:
            return None
        return [indicator.code, period, territory, sent.value, sent.comment, partner, breakdown]

    def target(self, kind: str, sent: str):
        return self.mapped.get((kind, sent.strip()))

    def indicator(self, sent: str):
        mapping = self.target(Kind.DATA_ELEMENT, sent)
        return mapping.indicator if mapping else self.indicators.get(simplify(sent) or "-")

    def territory(self, sent: str) -> str | None:
        mapping = self.target(Kind.ORG_UNIT, sent)
        return mapping.territory.code if mapping else self.territories.get(simplify(sent) or "-")

    def breakdown(self, sent: str) -> str | None:
        """The breakdown a category option combo names ("" the total); a breakdown key as
        Commun writes it ("age=0-17;gender=f") is read as such."""
        mapping = self.target(Kind.CATEGORY_OPTION_COMBO, sent)
        if mapping is not None:
            return mapping.breakdown
        if sent.strip() in ("", DEFAULT_COMBO):
            return ""
        return sent.strip() if "=" in sent else None

    def partner(self, sent: str) -> tuple[str, str]:
        """(the partner's name for the partner column, or ""; why it is refused, or "").
        The default combo is the token's own: its partner's, or the backbone's."""
        if sent.strip() in ("", DEFAULT_COMBO):
            return "", ""
        mapping = self.target(Kind.ATTRIBUTE_OPTION_COMBO, sent)
        partner = mapping.partner if mapping else self.partners.get(simplify(sent))
        if partner is None:
            return "", UNKNOWN
        own = self.token.partner
        if own is not None and partner.pk != own.pk:
            return "", _("This key sends values for its own organization only: “%(id)s”.") % {
                "id": sent
            }
        return ("" if own else partner.name_fr), ""


UNKNOWN = "unknown"  # `Reading.partner`: an attribute option combo to map


def message_for(kind: str, sent: str) -> str:
    messages = {
        Kind.DATA_ELEMENT: _(
            "Data element not found: “%(id)s” is neither mapped to an indicator nor the code "
            "of one."
        ),
        Kind.ORG_UNIT: _(
            "Organisation unit not found: “%(id)s” is neither mapped to a territory nor the "
            "code of one."
        ),
        Kind.CATEGORY_OPTION_COMBO: _(
            "Category option combo not found: “%(id)s” is not mapped to a breakdown."
        ),
        Kind.ATTRIBUTE_OPTION_COMBO: _(
            "Attribute option combo not found: “%(id)s” is neither mapped to a partner nor the "
            "name of one."
        ),
    }
    return messages[kind] % {"id": sent or "—"}


def unknown(conflicts: Conflicts, kind: str, sent: str, index: int) -> None:
    conflicts.add(kind, sent, message_for(kind, sent), ERROR_CODES[kind], index)


def remember_unknown(initiative, conflicts: Conflicts) -> None:
    """Each unknown id becomes a row "to map" on the mapping page (or is noted again)."""
    now = timezone.now()
    for conflict in conflicts.listed():
        if conflict.property not in Kind.values or not conflict.object.strip():
            continue
        if conflict.errorCode is None:  # another partner's combo: known, not to map
            continue
        kept, created = Dhis2Mapping.objects.get_or_create(
            initiative=initiative,
            kind=conflict.property,
            dhis2_id=conflict.object.strip()[:100],
            defaults={"mapped": False, "refused_at": now, "refused_rows": len(conflict.indexes)},
        )
        if not created and not kept.mapped:
            Dhis2Mapping.objects.filter(pk=kept.pk).update(
                refused_at=now, refused_rows=F("refused_rows") + len(conflict.indexes)
            )
