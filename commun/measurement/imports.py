"""Reading partners' files (CSV or XLSX, as real spreadsheets write them) into reported values.

What comes in: UTF-8 with or without BOM, or Windows-1252 / Latin-1; `;`, `,` or tab delimiters;
French numbers ("1 234,5", with a normal or non-breaking space); blank lines and note lines
(starting with "#", or a single filled cell) anywhere. Headers are found by name, in French or
English, and can be mapped by hand. Nothing is written until every row is right; then every row
is written in one transaction (`entry.save_batches`), so importing the same file twice changes
nothing the second time.

A file is refused before it is read when reading it would take more than a web worker has: more
than `MAX_ROWS` rows or `MAX_COLUMNS` columns, or an .xlsx whose parts unpack to more than
`MAX_XLSX_UNPACKED_BYTES` (or more than `MAX_PACKING_RATIO` times their packed size: a "zip
bomb"). A sheet's declared size (`<dimension ref="A1:XFD1048576"/>`) is not trusted: only the
cells the sheet holds are read. A file past `LARGE_FILE_BYTES` (about a thousand rows) is read
whole only by the background worker: in the request, its preview reads its first
`LARGE_PREVIEW_ROWS` rows.
"""

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commun.formatting.numbers import format_number, parse_number
from commun.initiatives.models import Partner
from commun.measurement.aggregation import breakdown_key
from commun.measurement.checks import Batch, EntryRow, Problem, problem_at
from commun.measurement.models import Dimension, Indicator, Territory
from commun.measurement.periods import PeriodError, normalize_period

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_COLUMNS = 200
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024  # every part of the .xlsx, unpacked
MAX_PACKING_RATIO = 200  # a sheet of real values packs some 5 to 30 times
# A CSV of about a thousand rows, or an .xlsx whose first sheet unpacks to as much: read whole
# in the background only (`tasks.BACKGROUND_FROM_ROWS`).
LARGE_FILE_BYTES = 256 * 1024
LARGE_PREVIEW_ROWS = 200
DELIMITERS = [";", ",", "\t"]
FIELDS = {
    "indicator": gettext_lazy("Indicator (code or name)"),
    "period": gettext_lazy("Period"),
    "territory": gettext_lazy("Territory (code or name)"),
    "value": gettext_lazy("Value"),
    "comment": gettext_lazy("Comment"),
    "partner": gettext_lazy("Partner (name or acronym)"),
    "numerator": gettext_lazy("Numerator"),
    "denominator": gettext_lazy("Denominator"),
}
REQUIRED = ("indicator", "period", "territory", "value")
SYNONYMS = {
    "indicator": {"indicator", "indicateur", "indicator name", "nom de l'indicateur"},
    "period": {"period", "periode", "annee", "year", "trimestre", "quarter", "mois", "month"},
    "territory": {"territory", "territoire", "lieu", "secteur", "area", "territory name"},
    "value": {"value", "valeur", "nombre", "number", "donnee"},
    "comment": {"comment", "commentaire", "commentaires", "note", "remarque"},
    "partner": {"partner", "partenaire", "organisation", "organization", "organisme"},
    "numerator": {"numerator", "numerateur"},
    "denominator": {"denominator", "denominateur"},
}
# A column of codes wins over a column of names of the same thing (the reporting sheet and
# Commun's exports have both); a row whose code cell is empty is read from its name cell.
CODE_SYNONYMS = {
    "indicator": {"code", "indicator code", "code indicateur", "code de l'indicateur"},
    "period": {"period code", "code periode", "code de la periode"},
    "territory": {"territory code", "code territoire", "code du territoire"},
}
NAMED = tuple(CODE_SYNONYMS)


def name_column(name: str) -> str:
    """The mapping's key of the column that names what `name`'s column gives as a code."""
    return f"{name}:name"


class UnreadableFile(Exception):
    """The file cannot be read at all (not a table, too large, no header row)."""


@lru_cache(maxsize=4096)  # a file repeats the same codes and names on every line
def simplify(text: str) -> str:
    """Lower case without accents or surrounding spaces: how headers and names are compared."""
    text = str(text or "").replace("\u2019", "'")  # typographic apostrophes count as plain
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("_", " ").split())


def spellings(*texts) -> set[str]:
    """The simplified forms under which a file may name something (code, names, acronym)."""
    return {simplify(text) for text in texts if text} - {""}


@dataclass
class Table:
    rows: list[list[str]]
    encoding: str = ""
    delimiter: str = ""


def is_xlsx(name: str, data: bytes) -> bool:
    return data[:2] == b"PK" or name.lower().endswith(".xlsx")


def is_large(name: str, data: bytes) -> bool:
    """Whether the file is too large to read whole in a request (decided before reading it)."""
    if not is_xlsx(name, data):
        return len(data) > LARGE_FILE_BYTES
    cells = [
        part.file_size
        for part in _xlsx_parts(data)
        if part.filename.startswith("xl/worksheets/") or part.filename == "xl/sharedStrings.xml"
    ]
    return sum(cells) > LARGE_FILE_BYTES


def read_table(name: str, data: bytes, max_rows: int | None = None) -> Table:
    """The file's rows of text; only its first `max_rows` rows, when given (a preview)."""
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(_("The file is larger than 20 MB."))
    if is_xlsx(name, data):
        return _read_xlsx(data, max_rows)
    text, encoding = decode(data)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    starts_at = 1  # the line where the record being read begins
    try:
        for row in reader:
            if len(rows) == max_rows:
                break
            if len(rows) == MAX_ROWS:
                raise UnreadableFile(too_many_rows())
            if len(row) > MAX_COLUMNS and any(cell.strip() for cell in row[MAX_COLUMNS:]):
                raise UnreadableFile(too_many_columns())
            if reader.line_num > starts_at and holds_whole_rows(row, delimiter):
                raise csv.Error("a quotation mark left open swallowed the rows after it")
            rows.append(list(map(str.strip, row[:MAX_COLUMNS])))
            starts_at = reader.line_num + 1
    except csv.Error:
        raise UnreadableFile(
            _(
                'line %(number)d cannot be read: a quotation mark (") is probably not closed. '
                "Nothing was written."
            )
            % {"number": starts_at}
        ) from None
    return Table(rows, encoding, delimiter)


def holds_whole_rows(row: list[str], delimiter: str) -> bool:
    """A cell running over several lines, one of which has as many delimiters as a row: rows
    swallowed by a quotation mark left open, not a comment written over two lines."""
    return len(row) > 2 and any(
        line.count(delimiter) >= len(row) - 1 for cell in row for line in cell.splitlines()[1:]
    )


def too_many_rows() -> str:
    return _(
        "The file has more than %(count)s rows, the most one file may hold: split it into "
        "several files. Nothing was written."
    ) % {"count": format_number(MAX_ROWS)}


def too_many_columns() -> str:
    return _(
        "The file has values beyond its first %(count)s columns, the most one file may hold: "
        "remove the columns that are not needed. Nothing was written."
    ) % {"count": format_number(MAX_COLUMNS)}


def decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def detect_delimiter(text: str) -> str:
    """The delimiter found the same number of times (at least once) on most of the first lines."""
    lines = []
    for line in io.StringIO(text, newline=None):  # the first lines only, not the whole file
        if line.strip() and not line.startswith("#"):
            lines.append(line.rstrip("\r\n"))
            if len(lines) == 20:
                break
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        counts = [len(next(csv.reader([line], delimiter=delimiter))) - 1 for line in lines]
        found = [count for count in counts if count > 0]  # title lines hold no delimiter
        if not found:
            continue
        usual = max(set(found), key=found.count)
        score = counts.count(usual) * 100 + usual
        if usual > 0 and score > best_score:
            best, best_score = delimiter, score
    return best


def _xlsx_parts(data: bytes) -> list[zipfile.ZipInfo]:
    """The parts of the .xlsx, from its table of contents (nothing unpacked), once their sizes
    are known to be readable."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableFile(
            _("This spreadsheet cannot be opened: %(error)s") % {"error": error}
        ) from None
    unpacked = sum(part.file_size for part in parts)
    bomb = any(
        part.file_size > 1024 * 1024
        and part.file_size > MAX_PACKING_RATIO * max(part.compress_size, 1)
        for part in parts
    )
    if unpacked > MAX_XLSX_UNPACKED_BYTES or bomb:
        raise UnreadableFile(
            _(
                "This spreadsheet unpacks to more than %(size)s MB, the most Commun reads: save "
                "it as CSV, or split it into several files. Nothing was written."
            )
            % {"size": format_number(MAX_XLSX_UNPACKED_BYTES // (1024 * 1024))}
        )
    return parts


def _read_xlsx(data: bytes, max_rows: int | None = None) -> Table:
    from openpyxl import load_workbook

    _xlsx_parts(data)  # refused here, before anything is unpacked, when too large
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(
            _("This spreadsheet cannot be opened: %(error)s") % {"error": error}
        ) from None
    try:
        rows = _sheet_rows(book.worksheets[0], max_rows)
    except UnreadableFile:
        raise
    except Exception as error:  # the sheet's XML is read only here, in read-only mode
        raise UnreadableFile(
            _("This spreadsheet cannot be opened: %(error)s") % {"error": error}
        ) from None
    finally:
        book.close()
    return Table(rows, "XLSX", "")


EMPTY_ROW: list[str] = []  # shared by a sheet's empty rows, which nothing changes


def _sheet_rows(sheet, max_rows: int | None) -> list[list[str]]:
    """The sheet's rows of text, as far as its last filled cell: the cells the sheet's XML holds,
    whatever size the sheet declares (a sheet may declare A1:XFD1048576 and hold two cells)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    rows = []
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=sheet.parent.epoch,
            date_formats=sheet.parent._date_formats,
            timedelta_formats=sheet.parent._timedelta_formats,
        )
        for number, cells in parser.parse():
            filled = [cell for cell in cells if cell["value"] is not None]
            if not filled:
                continue  # a formatted row holds no value: only the rows after it count
            if max_rows is not None and number > max_rows:
                break
            if number > MAX_ROWS:
                raise UnreadableFile(too_many_rows())
            if filled[-1]["column"] > MAX_COLUMNS or any(
                cell["column"] > MAX_COLUMNS for cell in filled
            ):
                raise UnreadableFile(too_many_columns())
            rows.extend([EMPTY_ROW] * (number - 1 - len(rows)))
            row = [""] * max(cell["column"] for cell in filled)
            for cell in filled:
                row[cell["column"] - 1] = _cell_text(cell["value"])
            rows.append(row)
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def find_header(table: Table, dimension_names: dict) -> tuple[int, dict]:
    """(index of the header row, {field or "dim:<code>": column}) from the first row that names
    at least the indicator, period and value columns."""
    for index, row in enumerate(table.rows[:30]):
        mapping, codes = {}, {}
        for column, cell in enumerate(row):
            name = simplify(cell)
            for field_name, names in CODE_SYNONYMS.items():
                if name in names and field_name not in codes:
                    codes[field_name] = column
            for field_name, names in SYNONYMS.items():
                if name in names and field_name not in mapping:
                    mapping[field_name] = column
            if name in dimension_names and f"dim:{dimension_names[name]}" not in mapping:
                mapping[f"dim:{dimension_names[name]}"] = column
        for field_name, column in codes.items():
            if field_name in mapping:
                mapping[name_column(field_name)] = mapping[field_name]
            mapping[field_name] = column
        if {"indicator", "period", "value"} <= set(mapping):
            return index, mapping
    raise UnreadableFile(
        _(
            "No header row was found: the file needs columns named indicator, period, territory "
            "and value (or indicateur, période, territoire, valeur)."
        )
    )


@dataclass
class Parsed:
    batches: list[Batch] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    skipped: int = 0
    preview: list[tuple[int, list[str]]] = field(default_factory=list)


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
) -> Parsed:
    """Turn the table's rows into batches of EntryRows; every problem names its row: by
    `where(index)`, or by its line in the file (None).

    Files may hold blank, note and unfilled lines, which are skipped; the API sends none
    (`skip_blank_lines=False`), so that nothing it sends is ever dropped silently.
    """
    result = Parsed()
    missing = [FIELDS[name] for name in REQUIRED if name not in mapping]
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
    codes, names = {}, {}
    for territory in Territory.objects.filter(initiative=initiative):
        codes[simplify(territory.code)] = territory
        for key in spellings(territory.name_fr, territory.name_en):
            names.setdefault(key, []).append(territory)
    partners = {}
    for candidate in Partner.objects.filter(initiative=initiative):
        for key in spellings(candidate.name_fr, candidate.name_en, candidate.acronym):
            partners.setdefault(key, candidate)
    batches, categories_of = {}, {}
    dimensions_of = cache_by_indicator(lambda i: list(i.dimensions.all()))
    dimension_cells = cache_by_indicator(
        lambda i: (
            itemgetter(*[f"dim:{d.code}" for d in dimensions_of(i)])
            if dimensions_of(i)
            else (lambda text: ())
        )
    )
    # A file repeats the same codes, periods and categories on every line: each distinct text is
    # looked up once, with the problems it makes.
    senders, places, periods, breakdowns = {}, {}, {}, {}
    fields = [(name, column) for name, column in mapping.items() if column is not None]
    # Every field a row may be asked for, empty unless the file has its column.
    used = {d.code for i in indicators.values() for d in i.dimensions.all()}
    blank = dict.fromkeys([*FIELDS, *map(name_column, NAMED), *(f"dim:{c}" for c in used)], "")
    named_partner = staff and partner is None  # the backbone may import for any partner
    for index, row in enumerate(table.rows[header + 1 :], start=header + 2):
        width = len(row)
        text = blank | {
            name: row[column].strip() if column < width else "" for name, column in fields
        }
        for name in NAMED:
            text[name] = text[name] or text[name_column(name)]
        if skip_blank_lines and (is_note(row) or not (text["value"] or text["numerator"])):
            result.skipped += 1  # a blank or note line, or a row of the sheet left unfilled
            continue
        result.rows += 1
        where_here = where(index) if where else ""  # a file's row: its line, when need be
        if any("\x00" in value for value in text.values()):
            # A NUL character cannot be stored (PostgreSQL refuses it), nor quoted in a problem.
            result.problems.append(problem_at(where_here, index, str(NUL_PROBLEM)))
            continue
        if len(result.preview) < 20:
            result.preview.append((index, row))
        cell = text.__getitem__

        sent_by = (text["indicator"], text["partner"] if named_partner else "")
        if sent_by not in senders:
            senders[sent_by] = _sender(
                *sent_by, indicators, indicator_names, partners, partner, staff
            )
        indicator, who, problems_here = senders[sent_by]
        place = text["territory"]
        if place not in places:
            places[place] = _territory(place, codes, names)
        territory, place_problem = places[place]
        period = period_problem = None
        if indicator is not None:
            when = (text["period"], indicator.frequency)
            if when not in periods:
                periods[when] = _period(*when)
            period, period_problem = periods[when]
        value = numerator = denominator = None
        number_problem = None
        try:
            value = parse_number(text["value"])
            numerator = parse_number(text["numerator"])
            denominator = parse_number(text["denominator"])
        except ValueError as error:
            number_problem = str(error)
        breakdown, dimension_problems = "", ()
        if indicator is not None:
            given = (indicator.id, dimension_cells(indicator)(text))
            if given not in breakdowns:
                breakdowns[given] = _breakdown(indicator, cell, categories_of, dimensions_of)
            breakdown, dimension_problems = breakdowns[given]
        if problems_here or place_problem or period_problem or number_problem or dimension_problems:
            messages = [*problems_here, place_problem, period_problem, number_problem]
            messages = [*(message for message in messages if message), *dimension_problems]
            result.problems += [problem_at(where_here, index, message) for message in messages]
            continue
        key = (who.pk if who else None, period)
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


def _period(given: str, frequency: str) -> tuple:
    """(the canonical period, or None; the problem with it)."""
    try:
        return normalize_period(given, frequency), None
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


def _breakdown(indicator, cell, categories_of: dict, dimensions_of) -> tuple[str, list[str]]:
    """The breakdown key of a row from its dimension columns (categories by code or name)."""
    parts, problems = {}, []
    for dimension in dimensions_of(indicator):
        if dimension.pk not in categories_of:
            categories_of[dimension.pk] = {
                key: category.code
                for category in dimension.categories.all()
                for key in spellings(category.code, category.name_fr, category.name_en)
            }
        categories = categories_of[dimension.pk]
        given = simplify(cell(f"dim:{dimension.code}"))
        if given not in categories:
            problems.append(
                _("Column “%(dimension)s”: “%(given)s” is not one of its categories.")
                % {"dimension": dimension.name, "given": cell(f"dim:{dimension.code}") or "—"}
            )
            continue
        parts[dimension.code] = categories[given]
    return breakdown_key(parts), problems


def dimension_headers(initiative) -> dict:
    """{simplified header: dimension code} for every disaggregation of the initiative."""
    return {
        key: dimension.code
        for dimension in Dimension.objects.filter(initiative=initiative)
        for key in spellings(dimension.code, dimension.name_fr, dimension.name_en)
    }
