"""What a statistics agency's file says beside a value: why a cell has none (a missing-value
marker), how good it is (a quality flag), and the scale it is written in (a scalar factor).

Markers, in the value cell or in a status column (Statistics Canada's STATUS), case ignored:
  ..  nd  n.d.  n/d  NA          not available
  ...  -  n/a  s.o.  so          not applicable
  x  s                           confidential (suppressed; "secret statistique")
  F                              too unreliable to be published
Quality flags (a status column only): A excellent, B very good, C good, D acceptable, E use with
caution. Scales: units, tens, hundreds, thousands, millions, billions, in English or French, or
Statistics Canada's SCALAR_ID (0, 1, 2, 3, 6, 9: the power of ten).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from commun.formatting.numbers import parse_number
from commun.measurement.models import MissingValue, Observation
from commun.measurement.names import simplify

Reason = MissingValue.Reason
MARKERS = {
    "..": Reason.NOT_AVAILABLE,
    "nd": Reason.NOT_AVAILABLE,
    "n.d.": Reason.NOT_AVAILABLE,
    "n/d": Reason.NOT_AVAILABLE,
    "na": Reason.NOT_AVAILABLE,
    "...": Reason.NOT_APPLICABLE,
    "-": Reason.NOT_APPLICABLE,
    "n/a": Reason.NOT_APPLICABLE,
    "s.o.": Reason.NOT_APPLICABLE,
    "so": Reason.NOT_APPLICABLE,
    "x": Reason.CONFIDENTIAL,
    "s": Reason.CONFIDENTIAL,
    "f": Reason.UNRELIABLE,
}
QUALITY = {choice.lower(): choice for choice in Observation.Quality.values if choice}
SCALES = {
    **dict.fromkeys(("units", "unit", "unites", "unite"), 0),
    **dict.fromkeys(("tens", "dizaines"), 1),
    **dict.fromkeys(("hundreds", "centaines"), 2),
    **dict.fromkeys(("thousands", "milliers"), 3),
    **dict.fromkeys(("millions",), 6),
    **dict.fromkeys(("billions", "milliards"), 9),
}


def missing_reason(text: str) -> str | None:
    """The reason a cell says it has no value ("x" → confidential), or None."""
    return MARKERS.get(text.strip().lower())


def status_of(text: str) -> tuple[str, str | None, str | None]:
    """(quality flag, missing reason, problem) of a status cell: "E" → ("E", None, None), "x" →
    ("", "confidential", None), "" → nothing; anything else is a problem."""
    given = text.strip()
    if not given:
        return "", None, None
    if given.lower() in QUALITY:
        return QUALITY[given.lower()], None, None
    reason = missing_reason(given)
    if reason is not None:
        return "", reason, None
    return (
        "",
        None,
        _(
            "“%(status)s” is not a status Commun knows: a quality flag (A to E) or a missing "
            "value (.., ..., x, F)."
        )
        % {"status": given},
    )


def scale_of(text: str) -> tuple[Decimal, str | None]:
    """(the factor a value is multiplied by, the problem) of a scale cell: "thousands", "milliers"
    or "3" → 1000; empty → 1. Statistics Canada's SCALAR_ID gives the power of ten ("3")."""
    given = simplify(text)
    if not given:
        return Decimal(1), None
    words = given.split()
    if words[0].isdigit():  # "3", or "3 thousands"
        power = int(words[0]) if int(words[0]) in SCALES.values() else None
    else:
        power = SCALES.get(given)
    if power is None:
        return Decimal(1), _(
            "“%(scale)s” is not a scale Commun knows: units, tens, hundreds, thousands, millions "
            "or billions (in English or French)."
        ) % {"scale": text.strip()}
    return Decimal(10) ** power, None


def read_value(value: str, flag: str, scale: str) -> tuple[Decimal | None, str, str, str, list]:
    """(the value, scaled; its quality flag; the reason it is missing and its symbol as written;
    [problems]) of a row's value, status and scale cells. A marker in the value cell, or an
    empty value with a marker for status, is a missing value; a value beside a marker is a
    problem, never a guess."""
    quality, reason, problem = status_of(flag)
    problems = [problem] if problem else []
    given = missing_reason(value) if value else None
    if given is not None:
        return None, "", given, value.strip(), problems
    if reason is not None:
        if value:
            problems.append(
                _("The value %(value)s has the status “%(status)s”, which says it is missing.")
                % {"value": value, "status": flag.strip()}
            )
        return None, "", reason, flag.strip(), problems
    factor, problem = scale_of(scale)
    if problem:
        problems.append(problem)
    try:
        number = parse_number(value)
    except ValueError as error:
        return None, quality, "", "", [*problems, str(error)]
    if number is not None and factor != 1:
        number *= factor
    return number, quality, "", "", problems
