"""Understanding a table's rows (a file's, or those the API receives): each row's indicator,
partner, territory, period, numbers and categories, found by code or by name, grouped into
batches for the checks (`checks.py`).

French numbers are read ("1 234,5", with a normal or non-breaking space). Blank lines and note
lines (starting with "#", or a single filled cell) are skipped anywhere in a file, and so are a
spreadsheet's totals rows (`names_a_total`), counted apart. A cell read from a formula saved
without its result is refused, naming the cell. Every problem names its row; a file's every bad
row is named at once.
"""

from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commun.formatting.csv import from_csv_text
from commun.formatting.numbers import parse_number
from commun.initiatives.models import Partner
from commun.measurement.aggregation import breakdown_key
from commun.measurement.checks import Batch, EntryRow, Problem, problem_at
from commun.measurement.columns import FIELDS, NAMED, REQUIRED, name_column
from commun.measurement.markers import missing_reason, read_value
from commun.measurement.models import Dimension, Indicator, Territory
from commun.measurement.names import TOTALS, is_total, simplify, spellings
from commun.measurement.periods import PeriodError, normalize_period
from commun.measurement.reading import Table


@dataclass
class Parsed:
    batches: list[Batch] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    skipped: int = 0
    totals: int = 0  # totals rows skipped (`names_a_total`)
    other_breakdowns: int = 0  # rows of a category of a disaggregation their indicator has not
    as_shown: int = 0  # rows of a file of figures that say what Commun shows (`round_trip`)
    preview: list[tuple[int, list[str]]] = field(default_factory=list)
    header_cells: list[str] = field(default_factory=list)  # the columns `preview` shows
    # Territory names no territory has (by code, name or other name), as first written: staff
    # may say which territory each one is, and it becomes that territory's other name.
    unknown_places: list[str] = field(default_factory=list)
    unknown_indicators: list[str] = field(default_factory=list)  # names no indicator has
    missing: Counter = field(default_factory=Counter)  # {marker: missing values given}


def parse(
    table: Table,
    header: int,
    mapping: dict,
    *,
    initiative,
    partner,
    staff: bool,
    where=None,
    skip_blank_lines: bool = True,
    constants: dict | None = None,
    named: dict | None = None,
) -> Parsed:
    """Turn the table's rows into batches of EntryRows; every problem names its row: by
    `where(index)`, or by its line in the file (None). `constants` gives fields every row has
    the same value for, without a column ("every row is indicator X"); `named`, the indicators
    the person said a file's names are ({name: indicator code}).

    Files may hold blank, note and unfilled lines, which are skipped; the API sends none
    (`skip_blank_lines=False`), so that nothing it sends is ever dropped silently.
    """
    result = Parsed()
    constants = constants or {}
    missing = [FIELDS[name] for name in REQUIRED if name not in mapping and name not in constants]
    if missing:
        result.problems.append(
            Problem(
                _("header"),
                _("Missing columns: %(names)s.") % {"names": ", ".join(map(str, missing))},
            )
        )
        return result
    indicators, indicator_names = {}, {}
    for indicator in (
        Indicator.objects.filter(initiative=initiative, status=Indicator.Status.ADOPTED)
        .exclude(aggregation=Indicator.Aggregation.RATIO)
        .prefetch_related("dimensions__categories", "reporting_partners")
    ):
        indicators[simplify(indicator.code)] = indicator
        for key in spellings(indicator.name_fr, indicator.name_en):
            indicator_names.setdefault(key, []).append(indicator)
    for name, code in (named or {}).items():
        if simplify(code) in indicators:
            indicator_names[simplify(name)] = [indicators[simplify(code)]]
    codes, names = {}, {}
    for territory in Territory.objects.filter(initiative=initiative).prefetch_related("aliases"):
        codes[simplify(territory.code)] = territory
        other_names = {alias.key for alias in territory.aliases.all()}
        for key in spellings(territory.name_fr, territory.name_en) | other_names:
            names.setdefault(key, []).append(territory)
    partners = {}
    for candidate in Partner.objects.filter(initiative=initiative):
        for key in spellings(candidate.name_fr, candidate.name_en, candidate.acronym):
            partners.setdefault(key, candidate)
    batches, categories_of = {}, {}
    dimensions_of = cache_by_indicator(lambda i: list(i.dimensions.all()))
    # A row's categories: the indicator's disaggregations, and any other the file maps (refused
    # unless blank or "Total": `_breakdown`).
    mapped = [name for name in mapping if name.startswith("dim:")]
    dimension_columns = cache_by_indicator(
        lambda i: list(dict.fromkeys([*(f"dim:{d.code}" for d in dimensions_of(i)), *mapped]))
    )
    dimension_cells = cache_by_indicator(
        lambda i: itemgetter(*dimension_columns(i)) if dimension_columns(i) else (lambda text: ())
    )
    # A breakdown column ("age=0-17;gender=f", "0 à 17 ans · Femmes", "Total") is read for an
    # indicator none of whose disaggregations has a column of its own.
    by_column = "breakdown" in mapping
    named_breakdown = cache_by_indicator(
        lambda i: not any(f"dim:{d.code}" in mapping for d in dimensions_of(i))
    )
    # A file repeats the same codes, periods and categories on every line: each distinct text is
    # looked up once, with the problems it makes.
    senders, places, periods, breakdowns, totals, aside = {}, {}, {}, {}, {}, {}
    # Disaggregations with a column of their own, as statistics agencies' tables have them.
    columned = list(
        Dimension.objects.filter(
            initiative=initiative,
            code__in=[name[4:] for name in mapping if name.startswith("dim:")],
        )
    )
    columned_keys = [f"dim:{d.code}" for d in columned]
    columned_cells = (
        itemgetter(*columned_keys)
        if len(columned_keys) > 1
        else lambda text: tuple(text[key] for key in columned_keys)
    )
    unknown = set()  # territory names no territory has, simplified
    fields = [(name, column) for name, column in mapping.items() if column is not None]
    # Every field a row may be asked for, empty unless the file has its column.
    used = {d.code for i in indicators.values() for d in i.dimensions.all()}
    blank = dict.fromkeys([*FIELDS, *map(name_column, NAMED), *(f"dim:{c}" for c in used)], "")
    named_partner = staff and partner is None  # the backbone may import for any partner
    base = blank | constants  # the same for every row of a file
    # Codes a file gives by name only, in a column of their own ("Nom de la région").
    named_columns = [
        (name, name_column(name))
        for name in NAMED
        if name_column(name) in mapping or name_column(name) in constants
    ]
    values_read = {}  # a file repeats values: each distinct (value, flag, scale) is read once
    # A row as wide as the file's columns (most rows) is read in one step.
    field_names, field_columns = [name for name, _c in fields], [c for _n, c in fields]
    widest = max(field_columns, default=-1)
    pick = itemgetter(*field_columns) if len(field_columns) > 1 else lambda row: (row[widest],)
    territory_name = name_column("territory")
    mapped_cells = (
        itemgetter(*mapped) if len(mapped) > 1 else lambda text: tuple(text[k] for k in mapped)
    )
    contexts = {}

    def context_of(text: dict) -> tuple:
        """(indicator, who reports, [problems], why the row is set aside or None, period, its
        problem, breakdown key, [its problems]) of a row."""
        sent_by = (text["indicator"], text["partner"] if named_partner else "")
        if sent_by not in senders:
            senders[sent_by] = _sender(
                from_csv_text(sent_by[0]),
                sent_by[1],
                indicators,
                indicator_names,
                partners,
                partner,
                staff,
            )
            if senders[sent_by][0] is None and sent_by[0] not in result.unknown_indicators:
                result.unknown_indicators.append(sent_by[0])
        indicator, who, problems_here = senders[sent_by]
        if indicator is None:
            return indicator, who, problems_here, None, None, None, "", ()
        if columned:
            given = (indicator.id, columned_cells(text))
            if given not in aside:
                aside[given] = _set_aside(indicator, given[1], columned, dimensions_of)
            if aside[given]:
                return indicator, who, problems_here, aside[given], None, None, "", ()
        when = (text["period"], indicator.frequency)
        if when not in periods:
            periods[when] = _period(*when, initiative.fiscal_year_start)
        period, period_problem = periods[when]
        if by_column and named_breakdown(indicator):
            given = (indicator.id, text["breakdown"])
            if given not in breakdowns:
                breakdowns[given] = _named_breakdown(
                    indicator, from_csv_text(text["breakdown"]), categories_of, dimensions_of
                )
        else:
            given = (indicator.id, dimension_cells(indicator)(text))
            if given not in breakdowns:
                breakdowns[given] = _breakdown(
                    indicator,
                    text.__getitem__,
                    categories_of,
                    dimensions_of,
                    dimension_columns(indicator),
                )
        breakdown, dimension_problems = breakdowns[given]
        return (
            indicator,
            who,
            problems_here,
            None,
            period,
            period_problem,
            breakdown,
            dimension_problems,
        )

    for index, row in enumerate(table.rows[header + 1 :], start=header + 2):
        width = len(row)
        if width > widest >= 0:
            text = base.copy()
            text.update(zip(field_names, map(str.strip, pick(row))))  # noqa: B905 (as long)
        else:
            text = base | {
                name: row[column].strip() if column < width else "" for name, column in fields
            }
        for name, column_name in named_columns:
            if not text[name]:
                text[name] = text[column_name]
        lost = table.uncomputed and [
            column for _name, column in fields if (index - 1, column) in table.uncomputed
        ]
        filled = text["value"] or text["numerator"] or missing_reason(text["flag"]) or lost
        # Most lines have their first two cells filled and are no note (`is_note`).
        common = width > 1 and row[0] and row[1] and row[0][0] != "#"
        if skip_blank_lines and (not filled or (not common and is_note(row))):
            result.skipped += 1  # a blank or note line, or a row of the sheet left unfilled
            continue
        named = (text["territory"], text["indicator"])
        if named not in totals:
            totals[named] = skip_blank_lines and names_a_total(
                *named, indicators, indicator_names, codes, names
            )
        if totals[named]:
            result.totals += 1
            continue
        result.rows += 1
        where_here = where(index) if where else ""  # a file's row: its line, when need be
        if "\x00" in "".join(text.values()):
            # A NUL character cannot be stored (PostgreSQL refuses it), nor quoted in a problem.
            result.problems.append(problem_at(where_here, index, str(NUL_PROBLEM)))
            continue
        if len(result.preview) < 20:
            result.preview.append((index, row))
        if lost:
            result.problems += [
                problem_at(where_here, index, uncomputed(table, index - 1, column))
                for column in sorted(set(lost))
            ]
            continue
        # What a row's indicator, partner, period and categories say, looked up once for each
        # combination: rows repeat them, territory after territory.
        about = (
            text["indicator"],
            text["partner"] if named_partner else "",
            text["period"],
            mapped_cells(text),
            text["breakdown"] if by_column else "",
        )
        if about not in contexts:
            contexts[about] = context_of(text)
        (
            indicator,
            who,
            problems_here,
            set_aside,
            period,
            period_problem,
            breakdown,
            dimension_problems,
        ) = contexts[about]
        if set_aside:
            result.rows -= 1  # counted apart
            setattr(result, set_aside, getattr(result, set_aside) + 1)
            continue
        place = (text["territory"], text[territory_name])
        if place not in places:
            places[place] = _territory(from_csv_text(place[0]), codes, names)
            if places[place][0] is None and place[1] and place[1] != place[0]:
                # A code no territory has (a DGUID Commun was not told): the name says it.
                places[place] = _territory(from_csv_text(place[1]), codes, names)
            given = from_csv_text(place[1] or place[0])
            key = simplify(given)
            if key and places[place][0] is None and key not in names and key not in unknown:
                unknown.add(key)  # "Grand  Est" and "grand est": one name to learn
                result.unknown_places.append(given)
        territory, place_problem = places[place]
        sent = (text["value"], text["flag"], text["scale"])
        if sent not in values_read:
            values_read[sent] = read_value(*sent)
        value, quality, missing, symbol, value_problems = values_read[sent]
        numerator = denominator = None
        number_problem = None
        if text["numerator"] or text["denominator"]:
            try:
                numerator = parse_number(text["numerator"])
                denominator = parse_number(text["denominator"])
            except ValueError as error:
                number_problem = str(error)
        if (
            problems_here
            or value_problems
            or place_problem
            or period_problem
            or number_problem
            or dimension_problems
        ):
            messages = [*problems_here, *value_problems, place_problem, period_problem]
            messages.append(number_problem)
            messages = [*(message for message in messages if message), *dimension_problems]
            result.problems += [problem_at(where_here, index, message) for message in messages]
            continue
        if missing:
            result.missing[symbol] += 1
        key = (who.id if who else None, period)
        batch = batches.get(key)
        if batch is None:
            batch = batches[key] = Batch(who, period, territory, [])
        batch.rows.append(
            EntryRow(
                indicator,
                breakdown,
                value,
                where_here,
                numerator,
                denominator,
                None,  # weight
                text["comment"],
                territory,
                index,
                quality,
                missing,
                symbol,
            )
        )
    result.batches = list(batches.values())
    if not result.rows and not result.problems:
        result.problems.append(Problem(_("file"), _("The file holds no values to import.")))
    return result


NUL_PROBLEM = gettext_lazy(
    "This row holds a NUL character (code 0), which Commun cannot store: remove it and send "
    "the row again."
)


def names_a_total(
    territory: str, indicator: str, indicators, indicator_names, codes, names
) -> bool:
    """A spreadsheet's totals row: its territory or indicator cell says "Total", "Ensemble",
    "Tous", "All"… (any case and accents) and names no territory or indicator of the initiative.
    The one rule that skips such rows; the figures add them up again."""
    place, measured = simplify(territory), simplify(indicator)
    return (place in TOTALS and place not in codes and place not in names) or (
        measured in TOTALS and measured not in indicators and measured not in indicator_names
    )


def uncomputed(table: Table, row: int, column: int) -> str:
    return _(
        "Cell %(cell)s of the sheet “%(sheet)s” holds a formula whose result was never saved "
        "(the file was written by a program that does not calculate): open the file in Excel "
        "or LibreOffice, save it, and send it again."
    ) % {"cell": table.cell_name(row, column), "sheet": table.sheet}


def is_note(row: list[str]) -> bool:
    """A file's blank or note line (its cells come stripped, `read_table`): nothing filled, a
    "#" first, or a single filled cell."""
    if len(row) > 1 and row[0] and row[1] and row[0][0] != "#":
        return False  # most lines: their first two cells filled
    filled = [cell for cell in row if cell]
    return not filled or filled[0].startswith("#") or (len(filled) == 1 and len(row) > 1)


def _sender(
    given: str, named: str, indicators: dict, names: dict, partners: dict, partner, staff: bool
):
    """(the indicator a row names, by code or name; who reports it; [problems]) and, for the
    backbone, the partner it names."""
    problems = []
    key = simplify(given)
    indicator = indicators.get(key)
    if indicator is None and len(names.get(key, ())) == 1:
        indicator = names[key][0]
    if indicator is None:
        problems.append(
            _("“%(name)s” names several indicators: write its code instead.") % {"name": given}
            if len(names.get(key, ())) > 1
            else _("“%(code)s” is not an adopted indicator of this initiative.")
            % {"code": given or "—"}
        )
    who = partner
    if named:
        who = partners.get(simplify(named))
        if who is None:
            problems.append(_("Unknown partner “%(name)s”.") % {"name": named})
    reporters = {p.pk for p in indicator.reporting_partners.all()} if indicator else set()
    if not staff and indicator is not None and who is not None and who.pk not in reporters:
        problems.append(
            _("Your organization does not report “%(indicator)s”.") % {"indicator": indicator.name}
        )
    return indicator, who, problems


def _territory(given: str, codes: dict, names: dict) -> tuple:
    """(the territory a file names by code or name, or None; the problem with the name)."""
    key = simplify(given)
    found = names.get(key, [])
    if key in codes:
        return codes[key], None
    if len(found) > 1:
        return None, _("“%(name)s” names several territories: write its code instead.") % {
            "name": given
        }
    if not found:
        return None, _("Unknown territory “%(name)s”.") % {"name": given or "—"}
    return found[0], None


def _period(given: str, frequency: str, fiscal_start: int) -> tuple:
    """(the canonical period, or None; the problem with it)."""
    try:
        return normalize_period(given, frequency, fiscal_start), None
    except PeriodError as error:
        return None, str(error)


def cache_by_indicator(compute):
    """`compute(indicator)`, remembered per indicator for one file (rows repeat indicators)."""
    memory = {}

    def cached(indicator):
        if indicator.id not in memory:
            memory[indicator.id] = compute(indicator)
        return memory[indicator.id]

    return cached


def _categories(dimension, categories_of: dict) -> dict:
    """{simplified code or name: category code} of the dimension, once per file."""
    if dimension.pk not in categories_of:
        categories_of[dimension.pk] = {
            key: category.code
            for category in dimension.categories.all()
            for key in spellings(category.code, category.name_fr, category.name_en)
        }
    return categories_of[dimension.pk]


def says_all(text: str) -> bool:
    """A dimension's cell that names no category: blank, or "Total", "Tous âges", "Both sexes"."""
    return not simplify(text) or is_total(text)


def _breakdown(
    indicator, cell, categories_of: dict, dimensions_of, columns
) -> tuple[str, list[str]]:
    """The breakdown key of a row from its dimension columns (categories by code or name); a
    disaggregation left blank or "Total" is not given (a margin, or the total)."""
    parts, problems = {}, []
    own = {f"dim:{dimension.code}" for dimension in dimensions_of(indicator)}
    for column in columns:
        if column not in own and not says_all(cell(column)):
            problems.append(
                _("“%(dimension)s” is not a disaggregation of %(indicator)s.")
                % {"dimension": column.removeprefix("dim:"), "indicator": indicator.name}
            )
    for dimension in dimensions_of(indicator):
        categories = _categories(dimension, categories_of)
        given = simplify(cell(f"dim:{dimension.code}"))
        if given not in categories and says_all(cell(f"dim:{dimension.code}")):
            continue
        if given not in categories:
            problems.append(
                _("Column “%(dimension)s”: “%(given)s” is not one of its categories.")
                % {"dimension": dimension.name, "given": cell(f"dim:{dimension.code}") or "—"}
            )
            continue
        parts[dimension.code] = categories[given]
    return breakdown_key(parts), problems


def _set_aside(indicator, given: tuple, columned: list, dimensions_of) -> str | None:
    """Why a row of a table with a column per disaggregation is set aside, or None: it gives a
    category of a disaggregation its indicator has not ("Males" for an indicator of everyone:
    "other_breakdowns"). A total over one it has ("Both sexes") is kept: it is the total given,
    which counts instead of the sum of its cells (`aggregation.py`)."""
    own = {dimension.pk for dimension in dimensions_of(indicator)}
    for dimension, text in zip(columned, given, strict=True):
        if dimension.pk not in own and not says_all(text):
            return "other_breakdowns"
    return None


TOTAL_NAMES = {"", "total"}  # the total's name in a breakdown column, in French and English


def _named_breakdown(indicator, given: str, categories_of: dict, dimensions_of) -> tuple:
    """(the breakdown key, [problems]) of a breakdown column's cell, as Commun's exports write
    it: a key ("age=0-17;gender=f"), categories' names joined by "·" ("0 à 17 ans · Femmes"), or
    "Total"; one disaggregation alone ("age=0-17") is a margin."""
    if simplify(given) in TOTAL_NAMES:
        return "", []
    dimensions = {dimension.code: dimension for dimension in dimensions_of(indicator)}
    if "=" in given:
        named = [tuple(part.split("=", 1)) for part in given.split(";")]
    else:
        named = [(None, name) for name in given.split("·")]
    parts = {}
    for code, name in named:
        candidates = [dimensions[code.strip()]] if code and code.strip() in dimensions else []
        if code is None:
            candidates = [d for d in dimensions.values() if d.code not in parts]
        for dimension in candidates:
            found = _categories(dimension, categories_of).get(simplify(name))
            if found is not None and dimension.code not in parts:
                parts[dimension.code] = found
                break
        else:
            return "", [
                _("“%(breakdown)s” is not a breakdown of %(indicator)s.")
                % {"breakdown": given, "indicator": indicator.name}
            ]
    return breakdown_key(parts), []
