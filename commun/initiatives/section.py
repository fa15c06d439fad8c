"""The backbone's section (its staff, the partners it coordinates, its governance), which this
app serves until an app of its own takes it over; and the records of this app that the history
tracks."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from commun.access import Action
from commun.initiatives.models import BodyMember, GovernanceBody, Initiative, Membership, Partner
from commun.initiatives.roles import BACKBONE_ROLES
from commun.people.models import Invitation
from commun.sections import Card, CardLine, Look, Phase, Section, State, Step, Tracked, state_of
from commun.sections import initiative_url as url

CROSS_SECTOR = 3  # sectors at the table for a group to be cross-sector


def _bodies(look: Look) -> dict:
    return look.once(
        "bodies",
        lambda: GovernanceBody.objects.filter(initiative=look.initiative).aggregate(
            total=Count("id", distinct=True),
            seated=Count("id", filter=Q(members__isnull=False), distinct=True),
        ),
    )


def _people(look: Look) -> dict:
    def read():
        initiative = look.initiative
        people = Membership.objects.filter(initiative=initiative).aggregate(
            backbone=Count("id", filter=Q(role__in=list(BACKBONE_ROLES)))
        )
        partners = Partner.objects.filter(initiative=initiative).active()
        counts = partners.aggregate(total=Count("id"), sectors=Count("sector", distinct=True))
        pending = Invitation.objects.filter(initiative=initiative, accepted_at__isnull=True)
        return {
            **people,
            "partners": counts["total"],
            "sectors": counts["sectors"],
            "pending": pending.count(),
        }

    return look.once("people", read)


def bodies_text(count: int) -> str:
    return ngettext("%(count)d governance body", "%(count)d governance bodies", count) % {
        "count": count
    }


def backbone_card(look: Look) -> Card:
    """Backbone staff, active partners, pending invitations."""
    initiative, people = look.initiative, _people(look)
    staff = people["backbone"]
    lines = [
        CardLine(
            ngettext("%(count)d backbone staff member", "%(count)d backbone staff members", staff)
            % {"count": staff},
            url("initiatives:backbone", initiative),
        ),
        CardLine(
            ngettext("%(count)d active partner", "%(count)d active partners", people["partners"])
            % {"count": people["partners"]},
            url("initiatives:partners", initiative),
        ),
        CardLine(
            ngettext(
                "%(count)d pending invitation", "%(count)d pending invitations", people["pending"]
            )
            % {"count": people["pending"]},
            # Staff only.
            url("team:people", initiative) if look.may(Action.VIEW_PEOPLE) else "",
        ),
    ]
    if not staff:
        return Card(_("No backbone staff yet"), State.NOT_STARTED, lines)
    badge = ngettext(
        "%(count)d backbone staff member", "%(count)d backbone staff members", staff
    ) % {"count": staff}
    return Card(badge, state_of(bool(_bodies(look)["seated"]), True), lines)


def backbone_steps(look: Look) -> list[Step]:
    """Phase I: a cross-sector group; phase II: a staffed backbone and a governance body with
    members."""
    initiative, people, bodies = look.initiative, _people(look), _bodies(look)
    sectors = people["sectors"]
    group = Step(
        Phase.INITIATE,
        _("Bring partners from several sectors together"),
        state_of(sectors >= CROSS_SECTOR, bool(people["partners"])),
        ngettext(
            "%(partners)d active partners from %(count)d sector",
            "%(partners)d active partners from %(count)d sectors",
            sectors,
        )
        % {"partners": people["partners"], "count": sectors},
        url("initiatives:partners", initiative),
    )
    backbone = Step(
        Phase.ORGANIZE,
        _("Staff the backbone and seat a steering committee"),
        state_of(
            bool(people["backbone"]) and bool(bodies["seated"]),
            bool(people["backbone"]) or bool(bodies["seated"]),
        ),
        _("%(staff)s, %(bodies)s with members")
        % {
            "staff": ngettext(
                "%(count)d backbone staff member",
                "%(count)d backbone staff members",
                people["backbone"],
            )
            % {"count": people["backbone"]},
            "bodies": bodies_text(bodies["seated"]),
        },
        url("initiatives:backbone", initiative),
    )
    return [group, backbone]


def initiative_rows(initiative):
    return Initiative.history.filter(id=initiative.pk)


def body_member_rows(initiative):
    body_ids = GovernanceBody.history.filter(initiative_id=initiative.pk).values("id").order_by()
    return BodyMember.history.filter(body_id__in=body_ids)


SECTIONS = [
    Section(
        "backbone",
        gettext_lazy("Backbone"),
        gettext_lazy("The staffed structure that coordinates the initiative, and its governance."),
        url_name="initiatives:backbone",
        owns_namespace=False,
        card=backbone_card,
        steps=backbone_steps,
        tracked=(
            Tracked("initiative", Initiative, rows_of=initiative_rows),
            Tracked("partner", Partner),
            Tracked("membership", Membership, label=lambda row, named: named("user")),
            Tracked("body", GovernanceBody),
            Tracked(
                "body_member",
                BodyMember,
                rows_of=body_member_rows,
                label=lambda row, named: f"{named('user')} — {named('body')}",
            ),
        ),
    ),
]
