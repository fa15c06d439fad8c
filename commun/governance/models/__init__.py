"""The governance app's models, one module per idea, all importable from here."""

from commun.governance.models.calendar import CalendarFeed
from commun.governance.models.decisions import (
    ActionOrigin,
    Decision,
    DecisionKind,
    DecisionOption,
    Stance,
    StanceChoice,
)
from commun.governance.models.meetings import Amendment, Attendance, Meeting, MeetingItem, Minutes
from commun.governance.models.roles import Letter, RoleArea, RoleHolder
from commun.governance.models.terms import (
    Cadence,
    DecisionRule,
    QuorumKind,
    RenewalReminder,
    Seat,
    Terms,
    TermsEndorsement,
    TermsVersion,
)

__all__ = [
    "ActionOrigin",
    "Amendment",
    "Attendance",
    "Cadence",
    "CalendarFeed",
    "Decision",
    "DecisionKind",
    "DecisionOption",
    "DecisionRule",
    "Letter",
    "Meeting",
    "MeetingItem",
    "Minutes",
    "QuorumKind",
    "RenewalReminder",
    "RoleArea",
    "RoleHolder",
    "Seat",
    "Stance",
    "StanceChoice",
    "Terms",
    "TermsEndorsement",
    "TermsVersion",
]
