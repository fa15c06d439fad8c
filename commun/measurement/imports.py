"""Importing a partner's file (an ImportJob): read (`reading`), its columns found (`columns`), its
rows understood (`parsing`), checked (`checks`), then written (`entry.save_batches`).

Nothing is written until every row is right; then every row is written in one transaction, so
importing the same file twice changes nothing the second time. The preview and the run read and
understand a file through `parse_job`; the run writes in the request, or in the background for a
large file (`tasks.py`). A file of Commun's own figures sets aside the rows that say what Commun
shows (`round_trip`): they are unchanged.
"""

from commun.access import Action, can
from commun.measurement.columns import (
    COUNTED,
    NAMES,
    NoHeader,
    columns_of,
    dimension_headers,
)
from commun.measurement.entry import SaveResult, save_batches, sent_status
from commun.measurement.layouts import periods_in_columns, unpivot
from commun.measurement.models import ImportJob, Observation
from commun.measurement.parsing import Parsed, parse
from commun.measurement.profiles import apply_profile, matching_profile
from commun.measurement.reading import Table, read_table
from commun.measurement.round_trip import set_aside_figures_as_shown


def parse_job(
    job: ImportJob, max_rows: int | None = None, profiles=None, staff: bool | None = None
) -> tuple[Table, int, dict, Parsed]:
    """(table, header index, {field: column}, parsed rows) of the job's file, read with the job's
    mapping (its header line, columns and constants: `columns.columns_of`); of its first
    `max_rows` rows only, when given (the preview of a large file). A job not mapped yet takes
    the first of `profiles` that matches its file (`job.mapping` then says which)."""
    table = read_table(job.filename, bytes(job.data), max_rows=max_rows)
    if not job.mapping and profiles is not None:
        matched = matching_profile(table, profiles)
        if matched is not None:
            apply_profile(job, *matched)
    try:
        header, columns, constants = columns_of(
            table, job.mapping, dimension_headers(job.initiative)
        )
    except NoHeader as error:
        error.table = table  # for the person to say which line holds the headers
        raise
    read, read_header, read_columns, where = table, header, columns, None
    periods = periods_in_columns(table, header, columns, constants)
    if periods:  # one column per period: read as one row per value
        read, read_header, read_columns, where = unpivot(table, header, columns, periods)
    if staff is None:  # asked once by the caller that already knows it
        staff = can(job.created_by, Action.REVIEW_DATA, job.initiative)
    parsed = parse(
        read,
        read_header,
        read_columns,
        initiative=job.initiative,
        partner=job.partner,
        staff=staff,
        constants=constants,
        where=where,
        named=job.mapping.get(NAMES) or {},
    )
    parsed.header_cells = read.rows[read_header] if read_header < len(read.rows) else []
    if COUNTED in columns:
        set_aside_figures_as_shown(parsed)
    return table, header, columns, parsed


def write_sent_rows(token, rows: list[list[str]], mapping: dict, where) -> SaveResult:
    """Rows another system sends with an API key (the API's values, DHIS2's data values): read
    and checked as a file's rows are, in the key's name, and written all or nothing (else
    EntryRejected, each problem named by `where(line)`)."""
    parsed = parse(
        Table(rows),
        0,
        mapping,
        initiative=token.initiative,
        partner=token.partner,
        staff=token.partner is None,
        where=where,
        skip_blank_lines=False,
    )
    return save_batches(
        parsed.batches,
        by=token.created_by,
        provenance=Observation.Provenance.API,
        status=sent_status(token.partner),
        problems=parsed.problems,
    )
