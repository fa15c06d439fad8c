"""The one access policy: who may do what in which initiative.

Every view declares an `AccessRule` (through `commun.access.rule` or the `initiative_view`
decorator); the permission-matrix test enumerates every URL and checks its answers against `can`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from commun.initiatives.models import Initiative, Membership, Partner
from commun.initiatives.roles import BACKBONE_ROLES, Role


class Action(StrEnum):
    VIEW_PUBLIC_PAGE = "view_public_page"  # the initiative's public page and logo
    VIEW_INITIATIVE = "view_initiative"  # home, sections, partners, bodies
    VIEW_INDICATOR = "view_indicator"  # one indicator (obj: a draft, a backbone-only one: staff)
    VIEW_CONTACTS = "view_contacts"  # partners' contact people, e-mails and telephones
    MANAGE_PARTNERS = "manage_partners"  # add partner organizations
    EDIT_PARTNER = "edit_partner"  # one partner's profile (obj: Partner)
    MANAGE_GOVERNANCE = "manage_governance"  # bodies and their members
    VIEW_PEOPLE = "view_people"  # who has which role, pending invitations
    INVITE = "invite"  # send invitations
    MANAGE_MEMBERSHIPS = "manage_memberships"  # change or remove someone's role
    VIEW_HISTORY = "view_history"  # who changed what, when
    EDIT_INITIATIVE = "edit_initiative"  # name, issue, territory, phase, logo, publication
    EDIT_AGENDA = "edit_agenda"  # canvases, publishing versions, resolving comments
    COMMENT_AGENDA = "comment_agenda"  # comment on a canvas
    ENDORSE_AGENDA = "endorse_agenda"  # endorse a published version for one's partner
    SCORE_LEVERS = "score_levers"  # score the candidate determining changes for one's partner
    MANAGE_INDICATORS = "manage_indicators"  # indicators, territories, disaggregations
    # Report values (a partner editor for its partner; staff for all). obj: an import (whoever sent
    # it, and staff), an API key (its partner's editor, and staff).
    ENTER_DATA = "enter_data"
    REVIEW_DATA = "review_data"  # approve, return or reopen reported values; see unapproved data
    VIEW_COMPLETENESS = "view_completeness"  # who reported what (obj: a partner's line)
    EDIT_ACTIVITY = "edit_activity"  # declare activities (a partner editor: its own; obj: Activity)
    MANAGE_JUNCTIONS = (
        "manage_junctions"  # link activities (a partner editor: from its own; obj: Activity)
    )
    MANAGE_ACTION_PLAN = "manage_action_plan"  # the joint action plan and populations
    VIEW_ASSESSMENTS = "view_assessments"  # instruments, rounds (totals only)
    VIEW_RESULTS = "view_results"  # a round's results (obj: Round; an open round's: staff only)
    ANSWER_ASSESSMENT = "answer_assessment"  # answer a round one is asked to (obj: Round)
    MANAGE_ASSESSMENTS = (
        "manage_assessments"  # open and close rounds, adapt instruments, see who answered
    )
    # Governance bodies' terms of reference, meetings, minutes and decisions (obj: what is seen;
    # an observer sees published minutes and decisions only, through the object's `allows`).
    VIEW_MEETINGS = "view_meetings"
    MANAGE_MEETINGS = "manage_meetings"  # terms, meetings, agenda, attendance, minutes
    ENDORSE_TERMS = "endorse_terms"  # a body's member answers its terms (obj: TermsVersion)
    AMEND_MINUTES = "amend_minutes"  # an attendee asks for a change (obj: Minutes)
    VIEW_DECISIONS = "view_decisions"  # the decision log (obj: Decision)
    MANAGE_DECISIONS = "manage_decisions"  # propose, open, close, record the outcome
    VOTE = "vote"  # a member of the deciding body takes a stance (obj: Decision)
    VIEW_COMMUNICATION = "view_communication"  # the communication plan, its log, the wheel
    MANAGE_COMMUNICATION = "manage_communication"  # audiences, the log, news, newsletters
    VIEW_JOURNAL = "view_journal"  # observed outcomes (obj: ObservedOutcome), markers, harvests
    REPORT_OUTCOMES = "report_outcomes"  # report an outcome (a partner: its own drafts; obj)
    MANAGE_JOURNAL = "manage_journal"  # actors, markers, harvests, substantiation, publishing
    VIEW_LEARNING = "view_learning"  # learning sessions and interpretations
    MANAGE_LEARNING = "manage_learning"  # hold sessions, freeze figures, adopt "now what" lines


MEMBER_ROLES = frozenset(Role)
STAFF = BACKBONE_ROLES
ADMIN = frozenset({Role.BACKBONE_ADMIN})

# Object rules that hide: a person they refuse is told the object does not exist (404), as for an
# object of another initiative, since even its existence is not theirs to know.
HIDING = frozenset(
    {Action.VIEW_INDICATOR, Action.ENTER_DATA, Action.VIEW_RESULTS, Action.VIEW_JOURNAL}
)

# Which roles may do each action, before object-level rules.
POLICY: dict[Action, frozenset[Role]] = {
    Action.VIEW_INITIATIVE: MEMBER_ROLES,
    Action.VIEW_INDICATOR: MEMBER_ROLES,
    Action.VIEW_CONTACTS: STAFF | {Role.PARTNER_EDITOR, Role.PARTNER_MEMBER},
    Action.MANAGE_PARTNERS: STAFF,
    Action.EDIT_PARTNER: STAFF | {Role.PARTNER_EDITOR},
    Action.MANAGE_GOVERNANCE: STAFF,
    Action.VIEW_PEOPLE: STAFF,
    Action.INVITE: STAFF,
    Action.MANAGE_MEMBERSHIPS: ADMIN,
    Action.VIEW_HISTORY: STAFF,
    Action.EDIT_INITIATIVE: ADMIN,
    Action.EDIT_AGENDA: STAFF,
    Action.COMMENT_AGENDA: STAFF | {Role.PARTNER_EDITOR, Role.PARTNER_MEMBER},
    Action.ENDORSE_AGENDA: frozenset({Role.PARTNER_EDITOR}),
    Action.SCORE_LEVERS: frozenset({Role.PARTNER_EDITOR}),
    Action.MANAGE_INDICATORS: STAFF,
    Action.ENTER_DATA: STAFF | {Role.PARTNER_EDITOR},
    Action.REVIEW_DATA: STAFF,
    Action.VIEW_COMPLETENESS: STAFF | {Role.PARTNER_EDITOR, Role.PARTNER_MEMBER},
    Action.EDIT_ACTIVITY: STAFF | {Role.PARTNER_EDITOR},
    Action.MANAGE_JUNCTIONS: STAFF | {Role.PARTNER_EDITOR},
    Action.MANAGE_ACTION_PLAN: STAFF,
    Action.VIEW_ASSESSMENTS: MEMBER_ROLES,
    Action.VIEW_RESULTS: MEMBER_ROLES,
    Action.ANSWER_ASSESSMENT: MEMBER_ROLES,
    Action.MANAGE_ASSESSMENTS: STAFF,
    Action.VIEW_MEETINGS: MEMBER_ROLES,
    Action.MANAGE_MEETINGS: STAFF,
    Action.ENDORSE_TERMS: MEMBER_ROLES,
    Action.AMEND_MINUTES: MEMBER_ROLES,
    Action.VIEW_DECISIONS: MEMBER_ROLES,
    Action.MANAGE_DECISIONS: STAFF,
    Action.VOTE: MEMBER_ROLES,
    Action.VIEW_COMMUNICATION: MEMBER_ROLES,
    Action.MANAGE_COMMUNICATION: STAFF,
    Action.VIEW_JOURNAL: MEMBER_ROLES,
    Action.REPORT_OUTCOMES: STAFF | {Role.PARTNER_EDITOR, Role.PARTNER_MEMBER},
    Action.MANAGE_JOURNAL: STAFF,
    Action.VIEW_LEARNING: MEMBER_ROLES,
    Action.MANAGE_LEARNING: STAFF,
}


# Actions taken in the name of one's partner organization.
FOR_ONES_PARTNER = frozenset({Action.ENDORSE_AGENDA, Action.SCORE_LEVERS})
# Actions a person takes as a member of a body (a vote, an endorsement of its terms, an amendment
# to minutes of a meeting they attended): on an object, its `allows` decides, for staff and site
# administrators too, since a seat is not a role.
AS_ONESELF = frozenset({Action.ENDORSE_TERMS, Action.AMEND_MINUTES, Action.VOTE})


def membership_of(user, initiative: Initiative) -> Membership | None:
    """The user's membership in the initiative, cached on the user object for the request."""
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_commun_memberships", {})
    if initiative.pk not in cache:
        cache[initiative.pk] = (
            Membership.objects.filter(user=user, initiative=initiative)
            .select_related("partner")
            .first()
        )
    return cache[initiative.pk]


def partner_of(user, initiative: Initiative) -> Partner | None:
    """The partner organization the person acts for in this initiative, if any."""
    membership = membership_of(user, initiative)
    return membership.partner if membership else None


def held_to_own_partner(user, initiative: Initiative) -> Partner | None:
    """The partner a partner editor is held to (its activities, its inventory items); None for
    people who act for every partner (staff, site administrators)."""
    if role_of(user, initiative) is Role.PARTNER_EDITOR:
        return partner_of(user, initiative)
    return None


def role_of(user, initiative: Initiative) -> Role | None:
    membership = membership_of(user, initiative)
    return Role(membership.role) if membership else None


def can(user, action: Action, initiative: Initiative, obj: Any = None) -> bool:
    """Whether `user` may do `action` in `initiative` (on `obj`, when the action names one)."""
    if action is Action.VIEW_PUBLIC_PAGE and initiative.is_public:
        return True
    if action in FOR_ONES_PARTNER and partner_of(user, initiative) is None:
        return False  # done in a partner organization's name: nobody else's, not even a superuser
    if action in AS_ONESELF and obj is not None:
        membership = membership_of(user, initiative)
        return membership is not None and obj.allows(action, user, membership)
    if user.is_authenticated and user.is_superuser:
        return True
    membership = membership_of(user, initiative)
    if membership is None:
        return False
    if action is Action.VIEW_PUBLIC_PAGE:
        return True
    role = Role(membership.role)
    if role not in POLICY[action]:
        return False
    if action is Action.EDIT_PARTNER and role is Role.PARTNER_EDITOR:
        return isinstance(obj, Partner) and obj.pk == membership.partner_id
    if action in (Action.EDIT_ACTIVITY, Action.MANAGE_JUNCTIONS) and role is Role.PARTNER_EDITOR:
        return obj is None or membership.partner_id in partners_behind(obj)
    if action is Action.ANSWER_ASSESSMENT:
        return obj is not None and obj.respondents.filter(user=user).exists()
    if obj is None or role in STAFF:
        return True
    return allowed_on(obj, action, user, membership)


def allowed_on(obj, action: Action, user, membership: Membership) -> bool:
    """The object rules of people outside the backbone, once their role may do the action."""
    kind = obj._meta.model_name if hasattr(obj, "_meta") else None
    if action is Action.VIEW_INDICATOR:
        return obj.seen_by_members()
    if action is Action.ENTER_DATA and kind == "importjob":  # an import: the person who sent it
        return obj.created_by_id == user.pk
    if action is Action.ENTER_DATA and kind in ("importprofile", "apitoken"):
        return membership.partner_id in partners_behind(obj)  # its partner's editors
    if action is Action.VIEW_COMPLETENESS and kind == "partner":  # who reported what: its own line
        return obj.pk == membership.partner_id
    if action is Action.VIEW_RESULTS:  # early answers must not sway later ones
        return not obj.is_open
    if hasattr(obj, "allows"):  # a model that states its own rule (governance's records)
        return obj.allows(action, user, membership)
    return True


def reporting_partner(user, initiative: Initiative) -> Partner | None:
    """The partner a person reports for; None for backbone staff, who report the backbone's own
    data. Anyone else (a partner with no editor role is stopped earlier) gets a 404."""
    partner = partner_of(user, initiative)
    if partner is None and not can(user, Action.REVIEW_DATA, initiative):
        raise Http404
    return partner


def partner_seen(user, initiative: Initiative) -> Partner | None:
    """The one partner whose records a person sees where every partner's are listed (who reported
    what, API keys); None for those who see them all (staff, site administrators)."""
    return None if can(user, Action.REVIEW_DATA, initiative) else partner_of(user, initiative)


def partners_behind(obj) -> set[int]:
    """The partners an object belongs to: an activity's partners (read from its prefetch, when it
    has one), or the one partner of a record."""
    if hasattr(obj, "partners"):
        return {partner.pk for partner in obj.partners.all()}
    return {obj.partner_id} if getattr(obj, "partner_id", None) else set()


def permissions(user, initiative: Initiative) -> dict[str, bool]:
    """Every action's answer, for templates: `{% if perms_here.invite %}`."""
    return {action.value: can(user, action, initiative) for action in Action}


def visible_initiatives(user):
    """The initiatives whose home the user may open."""
    if user.is_authenticated and user.is_superuser:
        return Initiative.objects.all()
    if not user.is_authenticated:
        return Initiative.objects.none()
    return Initiative.objects.filter(memberships__user=user)


# --- Rules declared by views ------------------------------------------------------------------

ObjectLoader = Callable[[Initiative, dict[str, Any]], Any]


@dataclass(frozen=True)
class AccessRule:
    """What a view requires. `action=None` with `signed_in` False means anyone may open it."""

    action: Action | None = None
    load_object: ObjectLoader | None = None
    signed_in: bool = False

    def allows(self, user, initiative: Initiative | None, url_kwargs: dict[str, Any]) -> bool:
        if self.action is None:
            return user.is_authenticated or not self.signed_in
        obj = self.load_object(initiative, url_kwargs) if self.load_object else None
        return allows_on(user, self.action, initiative, obj)


# Changing an object one may not even see (another partner's draft outcome) is a 404 as well:
# the object's existence is no more theirs to know than its content.
SEEN_THROUGH = {Action.REPORT_OUTCOMES: Action.VIEW_JOURNAL}


def allows_on(user, action: Action, initiative: Initiative, obj: Any) -> bool:
    """`can`, raising Http404 where a hiding object rule refuses someone the action allows, or
    where the action is on an object the person may not see."""
    if can(user, action, initiative, obj):
        return True
    if action in HIDING and obj is not None and can(user, action, initiative):
        raise Http404
    seen = SEEN_THROUGH.get(action)
    if seen is not None and obj is not None:
        allows_on(user, seen, initiative, obj)  # raises Http404 when the object is hidden
    return False


PUBLIC = AccessRule()
SIGNED_IN = AccessRule(signed_in=True)


def deny(request, initiative: Initiative | None = None):
    """Anonymous visitors are sent to log in; signed-in people get a 403 page, which keeps the
    initiative's navigation when they may see the initiative (and names nothing of it otherwise)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if initiative is not None and can(request.user, Action.VIEW_INITIATIVE, initiative):
        request.initiative = initiative
    raise PermissionDenied


def rule(access_rule: AccessRule):
    """Declare the rule of a view that is not about one initiative (login, index, preferences)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not access_rule.allows(request.user, None, kwargs):
                return deny(request)
            return view(request, *args, **kwargs)

        wrapped.access_rule = access_rule
        return wrapped

    return decorator


def initiative_view(action: Action, load_object: ObjectLoader | None = None):
    """Decorate a view under /initiatives/<slug>/: load the initiative, enforce the rule.

    The view is called as `view(request, initiative, **kwargs)`, plus `obj=` when a loader is given.
    """
    access_rule = AccessRule(action, load_object)

    def decorator(view):
        @wraps(view)
        def wrapped(request, slug, **kwargs):
            initiative = get_object_or_404(Initiative, slug=slug)
            obj = load_object(initiative, kwargs) if load_object else None
            if not allows_on(request.user, action, initiative, obj):
                return deny(request, initiative)
            request.initiative = initiative
            if load_object:
                kwargs["obj"] = obj
            return view(request, initiative, **kwargs)

        wrapped.access_rule = access_rule
        return wrapped

    return decorator


def partner_from_url(initiative: Initiative, kwargs: dict[str, Any]) -> Partner:
    return get_object_or_404(Partner, initiative=initiative, pk=kwargs["partner_id"])
