"""Import profiles: how a kind of file is read (its header line, which column says what, the
values every row has), saved under a name and proposed again for a file with the same columns.

A partner's people use their own partner's profiles and the initiative's (partner None); staff
use every profile of the initiative. A profile matches a file when one of its first lines, cells
simplified (`columns.signature`), is the profile's header line.
"""

from django.db.models import Q

from commun.measurement.columns import (
    CONSTANT,
    HEADER,
    HEADER_LINES,
    NAMES,
    NO_COLUMN,
    PROFILE,
    signature,
)
from commun.measurement.models import ImportJob, ImportProfile
from commun.measurement.reading import Table


def profiles_for(initiative, partner):
    """The profiles someone importing for `partner` (None: the backbone) may use."""
    profiles = ImportProfile.objects.filter(initiative=initiative)
    if partner is not None:
        profiles = profiles.filter(Q(partner=partner) | Q(partner__isnull=True))
    return profiles.order_by("name")


def matching_profile(table: Table, profiles) -> tuple[ImportProfile, int] | None:
    """(the profile whose header line is one of the table's first lines, that line's index);
    the partner's own before the initiative's, then by name."""
    lines = {}
    for index, row in enumerate(table.rows[:HEADER_LINES]):
        lines.setdefault(tuple(signature(row)), index)
    candidates = sorted(profiles, key=lambda p: (p.partner_id is None, p.name))
    return next(
        (
            (p, lines[tuple(p.columns)])
            for p in candidates
            if p.columns and tuple(p.columns) in lines
        ),
        None,
    )


def apply_profile(job: ImportJob, profile: ImportProfile, header: int) -> None:
    """Give the job the profile's mapping, its header line where this file has it."""
    job.mapping = {**profile.mapping, HEADER: str(header), PROFILE: profile.name}


def save_profile(
    job: ImportJob, table: Table, header: int, columns: dict, name: str, by
) -> ImportProfile:
    """Save (or replace) under `name` how the job's file is read — its header line, the
    `columns` found or chosen, the person's constants and columns left out — for the job's
    partner (None: the whole initiative)."""
    mapping = {field: str(column) for field, column in columns.items()} | {
        key: value
        for key, value in job.mapping.items()
        if key.startswith(CONSTANT) or value == NO_COLUMN or key == NAMES
    }
    profile, _created = ImportProfile.objects.update_or_create(
        initiative=job.initiative,
        partner=job.partner,
        name=name.strip(),
        defaults={"columns": signature(table.rows[header]), "mapping": mapping, "created_by": by},
    )
    return profile
