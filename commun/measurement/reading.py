"""Reading a file into rows of text: CSV or XLSX, as real spreadsheets and programs write them.

What comes in: UTF-8 with or without BOM, or Windows-1252 / Latin-1; `;`, `,` or tab delimiters,
found from the file's first lines; cells quoted or not, a comment over several lines; a quotation
mark left open is refused with its line, never allowed to swallow the rows after it. An .xlsx is
read from its first sheet's cached values: what Excel or LibreOffice computed and saved for each
formula. A formula saved without its result (a file written by a program that does not
calculate) is read as no text, and the table names its cell (`Table.uncomputed`), so that a row
reading it is refused (`parsing`), never read as empty. Which row is the header and what the rows
mean is for `columns` and `parsing`.

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
import zipfile
from dataclasses import dataclass, field
from functools import cache

from django.utils.translation import gettext as _

from commun.formatting.numbers import format_number

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


class UnreadableFile(Exception):
    """The file cannot be read at all (not a table, too large, no header row)."""


@dataclass
class Table:
    rows: list[list[str]]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""  # the sheet read, of an .xlsx
    # (row, column) indexes of the formulas saved without a result: no value to read.
    uncomputed: set[tuple[int, int]] = field(default_factory=set)

    def cell_name(self, row: int, column: int) -> str:
        """A cell as the spreadsheet names it: (6, 1) → "B7"."""
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(column + 1)}{row + 1}"


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
    most = MAX_ROWS if max_rows is None else min(max_rows, MAX_ROWS)
    try:
        for row in reader:
            if len(rows) >= most:
                if len(rows) == max_rows:
                    break
                raise UnreadableFile(too_many_rows())
            if len(row) > MAX_COLUMNS:
                if any(cell.strip() for cell in row[MAX_COLUMNS:]):
                    raise UnreadableFile(too_many_columns())
                del row[MAX_COLUMNS:]
            if reader.line_num > starts_at and holds_whole_rows(row, delimiter):
                raise csv.Error("a quotation mark left open swallowed the rows after it")
            rows.append(list(map(str.strip, row)))
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
    sheet = book.worksheets[0]
    try:
        rows, uncomputed = _sheet_rows(sheet, max_rows)
    except UnreadableFile:
        raise
    except Exception as error:  # the sheet's XML is read only here, in read-only mode
        raise UnreadableFile(
            _("This spreadsheet cannot be opened: %(error)s") % {"error": error}
        ) from None
    finally:
        book.close()
    return Table(rows, "XLSX", "", sheet.title, uncomputed)


EMPTY_ROW: list[str] = []  # shared by a sheet's empty rows, which nothing changes


def _sheet_rows(sheet, max_rows: int | None) -> tuple[list[list[str]], set[tuple[int, int]]]:
    """The sheet's rows of text, as far as its last filled cell: the cells the sheet's XML holds,
    whatever size the sheet declares (a sheet may declare A1:XFD1048576 and hold two cells);
    and the (row, column) of its formulas saved without a result."""
    rows, uncomputed = [], set()
    with sheet._get_source() as source:
        parser = cached_values_parser()(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=sheet.parent.epoch,
            date_formats=sheet.parent._date_formats,
            timedelta_formats=sheet.parent._timedelta_formats,
        )
        for number, cells in parser.parse():
            filled = [cell for cell in cells if cell["value"] is not None or cell["uncomputed"]]
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
                if cell["uncomputed"]:
                    uncomputed.add((number - 1, cell["column"] - 1))
            rows.append(row)
    return rows, uncomputed


@cache
def cached_values_parser():
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class CachedValues(WorkSheetParser):
        """Each cell's saved value, and whether it is a formula saved without its result: no
        `<v>`, or an empty one that is not an empty text (`t="str"`), as openpyxl writes them."""

        def parse_cell(self, element):
            cell = super().parse_cell(element)
            saved = element.findtext(VALUE_TAG)
            cell["uncomputed"] = element.find(FORMULA_TAG) is not None and not (
                saved or (saved == "" and element.get("t") == "str")
            )
            return cell

    return CachedValues


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
