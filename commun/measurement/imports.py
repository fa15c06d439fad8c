"""Importing a partner's file (an ImportJob): read (`reading`), its columns found (`columns`), its
rows understood (`parsing`), checked (`checks`), then written (`entry.save_batches`).

Nothing is written until every row is right; then every row is written in one transaction, so
importing the same file twice changes nothing the second time. The preview and the run read and
understand a file through `parse_job`; the run writes in the request, or in the background for a
large file (`tasks.py`). A file of Commun's own figures sets aside the rows that say what Commun
shows (`round_trip`): they are unchanged.
"""

from commun.access import Action, can
from commun.measurement.columns import COUNTED, dimension_headers, find_header
from commun.measurement.models import ImportJob
from commun.measurement.parsing import Parsed, parse
from commun.measurement.reading import Table, read_table
from commun.measurement.round_trip import set_aside_figures_as_shown


def parse_job(job: ImportJob, max_rows: int | None = None) -> tuple[Table, int, dict, Parsed]:
    """(table, header index, mapping, parsed rows) of the job's file, with the job's own mapping;
    of its first `max_rows` rows only, when given (the preview of a large file)."""
    table = read_table(job.filename, bytes(job.data), max_rows=max_rows)
    header, mapping = find_header(table, dimension_headers(job.initiative))
    chosen = {k: int(v) for k, v in job.mapping.items() if str(v).isdigit()}
    mapping = {**mapping, **chosen}
    staff = can(job.created_by, Action.REVIEW_DATA, job.initiative)
    parsed = parse(
        table, header, mapping, initiative=job.initiative, partner=job.partner, staff=staff
    )
    if COUNTED in mapping:
        set_aside_figures_as_shown(parsed)
    return table, header, mapping, parsed
