"""The sections of the framework, in the order people meet them, each handed up by its app.

To add a condition: give its app a `section.py` with `SECTIONS = [Section(...)]` and add that
module here, where it belongs in the order.
"""

from importlib import import_module

from commun.sections import Addition, Section, Tracked

SECTION_MODULES = [
    "commun.assessments.section",  # the preconditions
    "commun.agenda.section",
    "commun.measurement.section",
    "commun.activities.section",
    "commun.journal.section",  # the outcomes journal and strategic learning
    "commun.communication.section",
    "commun.initiatives.section",  # the backbone, for now
    "commun.governance.section",  # role clarification, added to the backbone's section
]


def _handed_up() -> list:
    return [item for name in SECTION_MODULES for item in import_module(name).SECTIONS]


SECTIONS: list[Section] = [item for item in _handed_up() if isinstance(item, Section)]
ADDITIONS: list[Addition] = [item for item in _handed_up() if isinstance(item, Addition)]


def additions_to(key: str) -> list[Addition]:
    return [addition for addition in ADDITIONS if addition.to == key]


# The kinds of record whose changes the history shows, by the key its filter uses and by model.
TRACKED: dict[str, Tracked] = {kind.key: kind for section in SECTIONS for kind in section.tracked}
TRACKED_BY_MODEL: dict[type, Tracked] = {kind.model: kind for kind in TRACKED.values()}
