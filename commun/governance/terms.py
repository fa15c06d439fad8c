"""A body's terms of reference as a document, built from its fields: a snapshot where every line
is a {"fr", "en"} pair (what a published version freezes), read in one language for the page and
the PDF, and compared line by line between two versions."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commun.agenda.differences import Difference, _pair_differences, in_reader_language
from commun.formatting.dates import format_date
from commun.formatting.numbers import format_percent
from commun.governance.models import Cadence, DecisionRule, QuorumKind, Seat, Terms
from commun.governance.rules import quorum_needed, seats_on, terms_of
from commun.i18n import LANGUAGE_CODES
from commun.initiatives.models import BodyMember, BodyRole, GovernanceBody, Sector

NO_SECTOR = ""  # a member sitting for no partner organization


def both(write: Callable[[], str]) -> dict[str, str]:
    """`write()` in each language: a {"fr", "en"} pair."""
    pair = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            pair[code] = str(write())
    return pair


def current_members(body: GovernanceBody, day: date | None = None):
    """The members whose term covers `day` (today), chair first, with their person and partner."""
    return seats_on(body, day or timezone.localdate()).select_related("user", "partner")


@dataclass(frozen=True)
class SeatLine:
    sector: str  # a Sector value, or NO_SECTOR
    seats: int  # 0: the sector has no seat, yet members sit for it
    held: int

    @property
    def gap(self) -> int:
        return max(self.seats - self.held, 0)

    def text(self) -> str:
        label = Sector(self.sector).label if self.sector else _("Without a partner organization")
        if not self.seats:
            members = ngettext("%(n)d member", "%(n)d members", self.held) % {"n": self.held}
            return _("%(sector)s: no seat, %(members)s") % {"sector": label, "members": members}
        seats = ngettext("%(n)d seat", "%(n)d seats", self.seats) % {"n": self.seats}
        held = ngettext("%(n)d held", "%(n)d held", self.held) % {"n": self.held}
        values = {"sector": label, "seats": seats, "held": held}
        if not self.gap:
            return _("%(sector)s: %(seats)s, %(held)s") % values
        vacant = ngettext("%(n)d vacant", "%(n)d vacant", self.gap) % {"n": self.gap}
        return _("%(sector)s: %(seats)s, %(held)s, %(vacant)s") % {**values, "vacant": vacant}


def composition(body: GovernanceBody, members: list[BodyMember]) -> list[SeatLine]:
    """Seats by sector against the current members holding them (by their partner's sector),
    in the order of the sectors; sectors with members and no seat come after."""
    held = Counter(m.partner.sector if m.partner else NO_SECTOR for m in members)
    seats = dict(Seat.objects.filter(body=body).values_list("sector", "count"))
    lines = [SeatLine(s, seats[s], held.get(s, 0)) for s in Sector.values if s in seats]
    lines += [
        SeatLine(s, 0, held[s]) for s in [*Sector.values, NO_SECTOR] if held[s] and s not in seats
    ]
    return lines


def quorum_text(terms: Terms, members: int) -> str:
    """The quorum in words, with its number today: "a majority of the 12 voting members: 7"."""
    needed = quorum_needed(terms, members)
    values = {"members": members, "needed": needed}
    if terms.quorum_kind == QuorumKind.NONE:
        return _("No quorum is required.")
    if terms.quorum_kind == QuorumKind.MAJORITY:
        return (
            ngettext(
                "A majority of the %(members)d voting member: %(needed)d.",
                "A majority of the %(members)d voting members: %(needed)d.",
                members,
            )
            % values
        )
    if terms.quorum_kind == QuorumKind.SHARE:
        share = format_percent(terms.quorum_value or 0, 0)
        return ngettext(
            "%(share)s of the %(members)d voting member: %(needed)d.",
            "%(share)s of the %(members)d voting members: %(needed)d.",
            members,
        ) % {**values, "share": share}
    return (
        ngettext(
            "%(needed)d of the %(members)d voting member.",
            "%(needed)d of the %(members)d voting members.",
            members,
        )
        % values
    )


def decision_rule_text(terms: Terms) -> str:
    if terms.decision_rule == DecisionRule.CONSENSUS:
        return _("By consensus: a proposal is adopted when nobody disagrees or blocks it.")
    if terms.decision_rule == DecisionRule.CONSENT:
        return _("By consent: a proposal is adopted unless a member raises a reasoned objection.")
    if terms.decision_rule == DecisionRule.MAJORITY:
        return _(
            "By simple majority: a proposal is adopted when more members agree than disagree; "
            "abstentions are not counted."
        )
    return _(
        "By qualified majority: a proposal is adopted when at least %(share)s of the votes cast "
        "agree; abstentions are not counted."
    ) % {"share": format_percent(terms.qualified_share or 67, 0)}


def term_text(member: BodyMember) -> str:
    if member.term_end is None:
        return _("since %(start)s, with no end date") % {"start": format_date(member.term_start)}
    return _("from %(start)s to %(end)s") % {
        "start": format_date(member.term_start),
        "end": format_date(member.term_end),
    }


def member_text(member: BodyMember) -> str:
    parts = [str(member.user.full_name), str(member.get_role_display())]
    if member.partner:
        parts.append(member.partner.name)
    return _("%(member)s — term %(term)s") % {"member": ", ".join(parts), "term": term_text(member)}


def officers_lines(members: list[BodyMember]) -> list[str]:
    lines = []
    for role in (BodyRole.CHAIR, BodyRole.CO_CHAIR, BodyRole.SECRETARY):
        names = [m.user.full_name for m in members if m.role == role]
        if names:
            lines.append(_("%(role)s: %(names)s") % {"role": role.label, "names": ", ".join(names)})
        elif role != BodyRole.CO_CHAIR:
            lines.append(_("%(role)s: nobody named") % {"role": role.label})
    return lines


def term_rule_text(terms: Terms) -> list[str]:
    lines = []
    if terms.term_months:
        lines.append(
            ngettext(
                "Members sit for a term of %(n)d month, renewable.",
                "Members sit for a term of %(n)d months, renewable.",
                terms.term_months,
            )
            % {"n": terms.term_months}
        )
    else:
        lines.append(_("No usual term length is set."))
    lines.append(
        ngettext(
            "Members and staff are reminded %(n)d day before a term ends.",
            "Members and staff are reminded %(n)d days before a term ends.",
            terms.renewal_notice_days,
        )
        % {"n": terms.renewal_notice_days}
    )
    return lines


# The document's sections in order: (key, title).
SECTIONS = [
    ("mandate", lambda: _("Mandate")),
    ("composition", lambda: _("Composition")),
    ("members", lambda: _("Current members and their terms")),
    ("officers", lambda: _("Chair and secretary")),
    ("terms", lambda: _("Members' terms")),
    ("quorum", lambda: _("Quorum")),
    ("decision_rule", lambda: _("Decision rule")),
    ("cadence", lambda: _("Meeting cadence")),
    ("conflict_of_interest", lambda: _("Conflict of interest")),
]


def snapshot_terms(body: GovernanceBody, day: date | None = None) -> dict:
    """The terms of reference as they read on `day` (today), in both languages."""
    terms = terms_of(body)
    members = list(current_members(body, day))
    seats = composition(body, members)

    def lines(write: Callable[[], list[str]]) -> list[dict]:
        written = {code: [] for code in LANGUAGE_CODES}
        for code in LANGUAGE_CODES:
            with translation.override(code):
                written[code] = [str(line) for line in write()]
        return [
            {code: written[code][n] for code in LANGUAGE_CODES} for n in range(len(written["fr"]))
        ]

    def composition_lines() -> list[str]:
        if not seats:
            return [_("No seats are set by sector.")]
        total = sum(line.seats for line in seats)
        held = sum(line.held for line in seats if line.seats)
        summary = ngettext(
            "%(seats)d seat in all, %(held)d held.", "%(seats)d seats in all, %(held)d held.", total
        ) % {"seats": total, "held": held}
        return [line.text() for line in seats] + [summary]

    def rhythm() -> list[str]:
        found = [str(Cadence(terms.cadence).label)]
        if body.meeting_rhythm_fr or body.meeting_rhythm_en:
            rhythm = in_reader_language(
                {"fr": body.meeting_rhythm_fr, "en": body.meeting_rhythm_en}
            )
            found.append(_("Usual rhythm: %(rhythm)s") % {"rhythm": rhythm})
        return found

    mandate = {"fr": body.mandate_fr.strip(), "en": body.mandate_en.strip()}
    conflict = {
        "fr": terms.conflict_of_interest_fr.strip(),
        "en": terms.conflict_of_interest_en.strip(),
    }
    content = {
        "mandate": [mandate]
        if any(mandate.values())
        else lines(lambda: [_("No mandate written yet.")]),
        "composition": lines(composition_lines),
        "members": lines(lambda: [member_text(m) for m in members] or [_("No member yet.")]),
        "officers": lines(lambda: officers_lines(members)),
        "terms": lines(lambda: term_rule_text(terms)),
        "quorum": lines(lambda: [quorum_text(terms, len(members))]),
        "decision_rule": lines(lambda: [decision_rule_text(terms)]),
        "cadence": lines(rhythm),
        "conflict_of_interest": [conflict]
        if any(conflict.values())
        else lines(lambda: [_("No conflict-of-interest rule written yet.")]),
    }
    return {
        "name": {"fr": body.name_fr, "en": body.name_en},
        "sections": [
            {"key": key, "title": both(title), "lines": content[key]} for key, title in SECTIONS
        ],
    }


@dataclass(frozen=True)
class ReadableSection:
    key: str
    title: str
    lines: list[str]


def readable_terms(snapshot: dict) -> list[ReadableSection]:
    """The snapshot in the reader's language (a line missing in it, in the other one)."""
    return [
        ReadableSection(
            s["key"],
            in_reader_language(s["title"]),
            [in_reader_language(line) for line in s["lines"]],
        )
        for s in snapshot["sections"]
    ]


def compare_terms(old: dict, new: dict) -> list[Difference]:
    """What changed between two versions, section by section, word by word."""
    found = []
    old_sections = {s["key"]: s for s in old.get("sections", [])}
    for section in new["sections"]:
        before = old_sections.get(section["key"], {"lines": []})
        joined = [
            {code: "\n".join(line.get(code, "") for line in s["lines"]) for code in LANGUAGE_CODES}
            for s in (before, section)
        ]
        found += _pair_differences(in_reader_language(section["title"]), "", *joined)
    return found


def due_renewals(body: GovernanceBody, day: date | None = None) -> list[BodyMember]:
    """Current members whose term ends within the body's renewal notice, soonest first."""
    day = day or timezone.localdate()
    notice = terms_of(body).renewal_notice_days
    return list(
        current_members(body, day)
        .filter(term_end__isnull=False, term_end__lte=day + timedelta(days=notice))
        .order_by("term_end", "pk")
    )


def renewal_text(member: BodyMember) -> str:
    return _("The term of %(person)s ends on %(date)s.") % {
        "person": member.user.full_name,
        "date": format_date(member.term_end),
    }
