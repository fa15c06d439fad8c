"""The shapes of what the JSON API (`commun/api.py`) reads and answers, as its OpenAPI schema
publishes them, and what each refusal means."""

from decimal import Decimal
from typing import Annotated

from ninja import Schema
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

    detail: str


class RequestProblemOut(Schema):
    """A part of the request that cannot be read: `where` locates it (`observations.0.period`),
    `msg` says what is wrong in the caller's language; `type` and `loc` are the same for a
    program (pydantic's error type and the path to the value)."""

    type: str
    loc: list[str | int]
    where: str
    msg: str


class RequestProblemsOut(Schema):
    """A request whose shape is wrong (a missing field, text where a number goes, a NUL
    character…): nothing was read, nothing was written."""

    detail: list[RequestProblemOut]


class IndicatorOut(Schema):
    code: str
    name_fr: str
    name_en: str
    kind: str
    unit: str
    direction: str
    aggregation: str
    frequency: str = Field(
        description="How often it is reported: year, fiscal_year, fiscal_half_year, half_year, "
        "quarter, month or week (ISO)."
    )
    decimals: int
    dimensions: list[str]
    status: str


class TerritoryOut(Schema):
    code: str = Field(description="The code values name the territory by.")
    name_fr: str
    name_en: str = Field(description="The English name, or the French one when it has none.")
    parent: str | None = Field(
        description="The code of the territory it is part of; null at the top."
    )


class CategoryOut(Schema):
    code: str = Field(description="The code a breakdown names the category by (`age=0-17`).")
    name_fr: str
    name_en: str


class DimensionOut(Schema):
    code: str = Field(description="The code a breakdown names the disaggregation by.")
    name_fr: str
    name_en: str
    categories: list[CategoryOut]


PERIOD_KEYS = (
    "The period's key: 2025 (a year), 2025-H1 (a half-year), 2025-Q3 (a quarter), 2025-07 (a "
    "month), 2025-W05 (an ISO week, in its ISO year)."
)


class Point(Schema):
    period: str = Field(description=PERIOD_KEYS)
    value: Decimal | None


class SeriesOut(Schema):
    indicator: str
    territory: str
    breakdown: str
    scope: str
    points: list[Point]


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
    indicator: Text
    period: Text = Field(
        description="A period of the indicator's frequency: its key, or as people and systems "
        "write it (T3 2025, 2025Q3, 2025S1, 2025W05, semaine 5 2025, a day: 2025-02-07; a "
        "fiscal year: 2025-F04, 2025-26, FY 2026, 2025April)."
    )
    territory: Text
    value: Decimal | str | None = None
    numerator: Decimal | str | None = None
    denominator: Decimal | str | None = None
    breakdown: dict[Text, Text] = {}
    comment: Text = ""
    partner: Text | None = None


class ObservationsIn(Schema):
    observations: list[ObservationIn] = Field(min_length=1)


class SavedOut(Schema):
    created: int
    changed: int
    unchanged: int


class ProblemOut(Schema):
    where: str
    message: str


class ProblemsOut(Schema):
    """Values read but refused (an unknown code, a value of the wrong kind, a period outside the
    years Commun measures…): `problems` says each one and where; nothing was written."""

    detail: str
    problems: list[ProblemOut]


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
