"""The shapes of what the JSON API (`commun/api.py`) reads and answers, as its OpenAPI schema
publishes them, and what each refusal means."""

from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Schema, Status
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError


def without_nul(text: str) -> str:
    """Text as a caller sends it, refused when it holds a NUL character: PostgreSQL can neither
    store nor look one up."""
    if "\x00" in text:
        raise PydanticCustomError("nul_character", "NUL character")
    return text


Text = Annotated[str, AfterValidator(without_nul)]


class MessageOut(Schema):
    """Why nothing was done, in one sentence in the caller's language."""

    detail: str = Field(description="The sentence.")


class RequestProblemOut(Schema):
    """A part of the request that cannot be read: `where` locates it (`observations.0.period`),
    `msg` says what is wrong in the caller's language; `type` and `loc` are the same for a
    program (pydantic's error type and the path to the value)."""

    type: str = Field(description="pydantic's error type (missing, decimal_parsing…).")
    loc: list[str | int] = Field(description="The path to the value in the request.")
    where: str = Field(description="The same path, written for a person.")
    msg: str = Field(description="What is wrong, in the caller's language.")


class RequestProblemsOut(Schema):
    """A request whose shape is wrong (a missing field, text where a number goes, a NUL
    character…): nothing was read, nothing was written."""

    detail: list[RequestProblemOut] = Field(description="Each part that cannot be read.")


class IndicatorOut(Schema):
    code: str = Field(description="The code values name the indicator by.")
    name_fr: str = Field(description="Its name in French.")
    name_en: str = Field(description="Its name in English (may be empty).")
    kind: str = Field(description="population (a population result) or performance.")
    unit: str = Field(description="count, percent, rate (per N), amount or score.")
    direction: str = Field(description="up, down or band (within a target band): which is better.")
    aggregation: str = Field(
        description="How values add up over territories and categories: sum, mean, "
        "weighted_mean, latest or ratio."
    )
    frequency: str = Field(
        description="How often it is reported: year, fiscal_year, fiscal_half_year, half_year, "
        "quarter, month or week (ISO)."
    )
    decimals: int = Field(description="How many decimals its figures are written with.")
    dimensions: list[str] = Field(
        description="The codes of its disaggregations (a value may give any of them, or none: "
        "a margin, or the total)."
    )
    status: str = Field(description="draft, adopted or retired.")


class TerritoryOut(Schema):
    code: str = Field(description="The code values name the territory by.")
    name_fr: str = Field(description="Its name in French.")
    name_en: str = Field(description="The English name, or the French one when it has none.")
    parent: str | None = Field(
        description="The code of the territory it is part of; null at the top."
    )


class CategoryOut(Schema):
    code: str = Field(description="The code a breakdown names the category by (`age=0-17`).")
    name_fr: str = Field(description="Its name in French.")
    name_en: str = Field(description="Its name in English (may be empty).")


class DimensionOut(Schema):
    code: str = Field(description="The code a breakdown names the disaggregation by.")
    name_fr: str = Field(description="Its name in French.")
    name_en: str = Field(description="Its name in English (may be empty).")
    categories: list[CategoryOut] = Field(description="Its categories.")


PERIOD_KEYS = (
    "The period's key: 2025 (a year), 2025-H1 (a half-year), 2025-Q3 (a quarter), 2025-07 (a "
    "month), 2025-W05 (an ISO week, in its ISO year)."
)


class Point(Schema):
    period: str = Field(description=PERIOD_KEYS)
    value: Decimal | None = Field(description="The figure; null when nothing counts for it.")


class SeriesOut(Schema):
    indicator: str = Field(description="The indicator's code.")
    territory: str = Field(description="The territory's code (its parts' figures included).")
    breakdown: str = Field(
        description='The cell ("gender=f", "age=0-17;gender=f"); "" for the total.'
    )
    scope: str = Field(
        description="approved (approved values only) or all (submitted ones too: backbone keys)."
    )
    points: list[Point] = Field(description="Every period with a figure, oldest first.")


class ObservationOut(Schema):
    """One value reported for a cell, or a cell a source says has no value, and why."""

    period: str = Field(description=PERIOD_KEYS)
    territory: str = Field(description="The territory's code.")
    breakdown: str = Field(
        description='The cell\'s categories ("age=0-17;gender=f"); "" for the total.'
    )
    partner: str | None = Field(
        description="Who reported it (acronym or name); null: the backbone."
    )
    value: Decimal | None = Field(description="The value; null when it is missing (see `missing`).")
    quality: str = Field(
        description="Statistics Canada's quality flag: A excellent, B very good, C good, "
        "D acceptable, E use with caution; empty for none."
    )
    status: str | None = Field(
        description="draft, submitted, approved or returned; null for a missing value."
    )
    missing: str | None = Field(
        description="Why there is no value: not_available (..), not_applicable (...), "
        "confidential (x) or unreliable (F, too unreliable to be published); null for a value."
    )
    symbol: str = Field(
        description='The missing value\'s marker as the source wrote it ("x", ".."); empty for a value.'
    )


class ObservationIn(Schema):
    indicator: Text = Field(description="The indicator's code or name.")
    period: Text = Field(
        description="A period of the indicator's frequency: its key, or as people and systems "
        "write it (T3 2025, 2025Q3, 2025S1, 2025W05, semaine 5 2025, a day: 2025-02-07; a "
        "fiscal year: 2025-F04, 2025-26, FY 2026, 2025April)."
    )
    territory: Text = Field(description="The territory's code, name or other name.")
    value: Decimal | str | None = Field(
        None, description='The number, as a number or as people write it ("1 234,5").'
    )
    numerator: Decimal | str | None = Field(None, description="A ratio indicator's numerator.")
    denominator: Decimal | str | None = Field(None, description="A ratio indicator's denominator.")
    breakdown: dict[Text, Text] = Field(
        {},
        description="{disaggregation code: category code or name}. Every disaggregation of the "
        'indicator gives a crossed cell; some of them, a margin ({"gender": "f"}); none ({}), '
        "the total. A margin or total given counts instead of the sum of its cells.",
    )
    comment: Text = Field("", description="Kept with the value.")
    partner: Text | None = Field(
        None,
        description="For a backbone key: the partner the value is for (acronym or name); "
        "a partner's key always writes its own.",
    )


class ObservationsIn(Schema):
    observations: list[ObservationIn] = Field(
        min_length=1, description="The values: all are written, or none."
    )


class SavedOut(Schema):
    created: int = Field(description="Values new to Commun.")
    changed: int = Field(description="Values that replaced another.")
    unchanged: int = Field(description="Values already stored as sent.")


class ProblemOut(Schema):
    where: str = Field(description='Which value ("observation 3"), in the caller\'s language.')
    message: str = Field(description="What is wrong with it, in the caller's language.")


class ProblemsOut(Schema):
    """Values read but refused (an unknown code, a value of the wrong kind, a period outside the
    years Commun measures…): `problems` says each one and where; nothing was written."""

    detail: str = Field(description="Nothing was written.")
    problems: list[ProblemOut] = Field(description="Each value refused and why.")


# Every operation answers 401 to a missing, unknown or revoked key.
WITHOUT_KEY = {401: MessageOut}
WHEN = {
    400: "The body is not JSON.",
    401: "No valid key: the Authorization header is missing, or its key is unknown or revoked.",
    404: "This key sees no such indicator, or the initiative has no such territory.",
    413: "The body is larger than the server accepts: send the values in several requests.",
    422: "A parameter cannot be read (a NUL character, say): each one is located.",
}
VALUES_REFUSED = (
    "The request's shape is wrong (RequestProblemsOut: each problem located, nothing read), or "
    "its values were read and refused (ProblemsOut: each one and where); nothing was written."
)


# --- DHIS2's dataValueSets, as DHIS2 2.38 and later shape them (`measurement/dhis2*.py`).

DHIS2_IDS = (
    "A DHIS2 id, read through the initiative's DHIS2 mapping tables; without a mapping, "
    "Commun's own code (what GET writes for values without one)."
)


class DataValueIn(Schema):
    dataElement: Text = Field(description=f"The indicator. {DHIS2_IDS}")
    period: Text | None = Field(
        None,
        description="As DHIS2 writes it: 2024 (a year), 2024S1 (a half-year), 2024Q2 (a "
        "quarter), 202401 (a month), 2024W5 (an ISO week); Commun's keys too. Default: the "
        "set's period.",
    )
    orgUnit: Text | None = Field(
        None, description=f"The territory; default: the set's orgUnit. {DHIS2_IDS}"
    )
    categoryOptionCombo: Text = Field(
        "",
        description="The breakdown; DHIS2's default combo (HllvX50cXC0) or none: the total. "
        "Through the mapping tables, else a breakdown key (age=0-17;gender=f).",
    )
    attributeOptionCombo: Text = Field(
        "",
        description="The partner the value is for; DHIS2's default combo (HllvX50cXC0) or "
        "none: the key's own (its partner's, or the backbone's). Through the mapping tables, "
        "else the partner's acronym or name.",
    )
    value: Text | Decimal | None = Field(None, description="The number, as text or a number.")
    comment: Text | None = Field(None, description="Kept with the value.")
    storedBy: Text | None = Field(None, description="Read and ignored (DHIS2 sends it).")
    created: Text | None = Field(None, description="Read and ignored (DHIS2 sends it).")
    lastUpdated: Text | None = Field(None, description="Read and ignored (DHIS2 sends it).")
    followup: bool | Text | None = Field(None, description="Read and ignored (DHIS2 sends it).")


class DataValueSetIn(Schema):
    """A DHIS2 dataValueSet. Its period and orgUnit apply to the values without their own."""

    dataSet: Text | None = Field(None, description="Read and ignored: Commun has no data sets.")
    completeDate: Text | None = Field(None, description="Read and ignored.")
    period: Text | None = Field(None, description="The period of values without their own.")
    orgUnit: Text | None = Field(None, description="The orgUnit of values without their own.")
    attributeOptionCombo: Text | None = Field(
        None, description="The attributeOptionCombo of values without their own."
    )
    dataValues: list[DataValueIn] = Field(min_length=1, description="The values.")


class ImportCountOut(Schema):
    imported: int = Field(description="Values new to Commun.")
    updated: int = Field(description="Values that changed.")
    ignored: int = Field(
        description="Values already stored as sent; with conflicts, every value (none written)."
    )
    deleted: int = Field(description="Always 0: Commun deletes nothing through this import.")


class ConflictOut(Schema):
    object: str = Field(description="The id or period refused, as sent (or the data element).")
    objects: dict[str, str] = Field(description="{property: the id}, as DHIS2 gives it.")
    property: str = Field(
        description="dataElement, orgUnit, categoryOptionCombo, attributeOptionCombo, period, "
        "or value (a value refused by Commun's checks)."
    )
    value: str = Field(description="What is wrong, in the caller's language.")
    errorCode: str | None = Field(
        description="DHIS2's code for an unknown id or period (E7610 data element, E7611 "
        "period, E7612 organisation unit, E7613 category option combo, E7615 attribute option "
        "combo); null for Commun's own checks."
    )
    indexes: list[int] = Field(
        description="The values it refuses (their place in dataValues, 0 first)."
    )


class ImportSummaryOut(Schema):
    responseType: str = Field(description="Always ImportSummary.")
    status: str = Field(description="SUCCESS, or ERROR: nothing was written.")
    description: str = Field(description="What happened, in the caller's language.")
    importCount: ImportCountOut = Field(description="How many values of each kind.")
    conflicts: list[ConflictOut] = Field(description="What stopped the import (empty on success).")
    rejectedIndexes: list[int] = Field(description="The values that have a conflict.")


class Dhis2MessageOut(Schema):
    """DHIS2's WebMessage around its import summary (2.38 and later)."""

    httpStatus: str = Field(description="OK, or Conflict.")
    httpStatusCode: int = Field(description="200, or 409.")
    status: str = Field(description="OK, or ERROR.")
    message: str = Field(description="What happened, in the caller's language.")
    response: ImportSummaryOut = Field(description="The import summary.")


class DataValueOut(Schema):
    dataElement: str = Field(description="The mapped DHIS2 id, else the indicator's code.")
    period: str = Field(description="As DHIS2 writes it (2024, 2024S1, 2024Q2, 202401, 2024W5).")
    orgUnit: str = Field(description="The mapped DHIS2 id, else the territory's code.")
    categoryOptionCombo: str = Field(
        description="The mapped DHIS2 id, else HllvX50cXC0 for the total, else the breakdown key."
    )
    attributeOptionCombo: str = Field(
        description="HllvX50cXC0 for the backbone's own values; a partner's: its mapped id, "
        "else its acronym or name."
    )
    value: str = Field(description="The number, as DHIS2 writes it (12, 12.5).")
    comment: str = Field(description="The comment kept with the value.")
    lastUpdated: str = Field(description="When it was last entered (ISO 8601).")
    followup: bool = Field(description="Always false: Commun does not mark values for follow-up.")


class DataValueSetOut(Schema):
    dataValues: list[DataValueOut] = Field(description="The values the key may see.")


DHIS2_SAYS = {
    400: "The body cannot be read: not JSON, or a CSV whose quotation mark is not closed.",
    409: "Conflicts: each unknown id or period, and each refused value, with the values it "
    "concerns; nothing was written (DHIS2's answer with atomic import).",
    422: "The body's shape is wrong (a missing dataElement, or a value with neither its own "
    "period and orgUnit nor the set's): each problem located, nothing read.",
}
DHIS2_FILTERS_SAY = {
    404: "A filter names no data element, organisation unit or period this key may see.",
    422: "A filter cannot be read (a date that is not one, a NUL character).",
}


def inlined(schema: dict, definitions: dict | None = None) -> dict:
    """A pydantic JSON schema with its definitions written in place (an OpenAPI request body
    declared by hand cannot point at them)."""
    definitions = schema.get("$defs", {}) if definitions is None else definitions
    if isinstance(schema, dict):
        if "$ref" in schema:
            return inlined(definitions[schema["$ref"].rsplit("/", 1)[1]], definitions)
        return {k: inlined(v, definitions) for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, list):
        return [inlined(item, definitions) for item in schema]
    return schema


CSV_BODY = {
    "type": "string",
    "description": "DHIS2's CSV: dataelement, period, orgunit, categoryoptioncombo, "
    "attributeoptioncombo, value, storedby, lastupdated, comment, followup; the header line "
    "is optional; UTF-8 (with or without BOM) or Windows-1252, `,` or `;`.",
}
# GET /dataValueSets with `Accept: text/csv`: DHIS2's CSV, its header line first.
CSV_ANSWER = {
    "content": {
        "text/csv": {"schema": CSV_BODY | {"description": "DHIS2's CSV, with its header line."}}
    }
}
DATA_VALUE_SET_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": inlined(DataValueSetIn.model_json_schema())},
            "application/csv": {"schema": CSV_BODY},
            "text/csv": {"schema": CSV_BODY},
        },
    }
}


def data_value_set_answer(result) -> Dhis2MessageOut | Status:
    """DHIS2's answer to an import (`dhis2.ImportResult`): 200, or 409 with its conflicts."""
    summary = ImportSummaryOut(
        responseType="ImportSummary",
        status="ERROR" if result.conflicts else "SUCCESS",
        description=_("Nothing was written: correct the conflicts and send the values again.")
        if result.conflicts
        else _("Import process completed successfully."),
        importCount=ImportCountOut(
            imported=result.imported, updated=result.updated, ignored=result.ignored, deleted=0
        ),
        conflicts=[
            ConflictOut(
                object=c.object,
                objects={c.property: c.object},
                property=c.property,
                value=c.value,
                errorCode=c.errorCode,
                indexes=c.indexes,
            )
            for c in result.conflicts
        ],
        rejectedIndexes=sorted({i for c in result.conflicts for i in c.indexes}),
    )
    if result.conflicts:
        return Status(
            409,
            Dhis2MessageOut(
                httpStatus="Conflict",
                httpStatusCode=409,
                status="ERROR",
                message=_("An error occurred, please check import summary."),
                response=summary,
            ),
        )
    return Dhis2MessageOut(
        httpStatus="OK",
        httpStatusCode=200,
        status="OK",
        message=_("Import was successful."),
        response=summary,
    )
