"""Harvest campaigns: who is asked (the people of the partners asked, the members of the bodies
asked), the invitation sent once when a campaign opens, one reminder before the deadline to those
who have not reported, and the campaigns a person still has to report in."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commun.formatting.dates import format_date
from commun.formatting.sorting import dictionary_key
from commun.governance.rules import term_covers
from commun.initiatives.models import BodyMember, Membership, Partner
from commun.journal.models import HarvestCampaign, ObservedOutcome
from commun.journal.visibility import outcomes_seen
from commun.mail import email, html_part, send_later
from commun.people.models import User


class HarvestError(Exception):
    """A step the campaign's state does not allow; the message says why."""


def people_asked(campaign: HarvestCampaign, day: date | None = None) -> list[User]:
    """The people of the partners asked and today's members of the bodies asked, each once."""
    day = day or timezone.localdate()
    partner_people = Membership.objects.filter(
        initiative=campaign.initiative, partner__in=campaign.partners.all()
    ).values("user")
    seated = BodyMember.objects.filter(term_covers(day), body__in=campaign.bodies.all())
    return list(
        User.objects.filter(Q(pk__in=partner_people) | Q(pk__in=seated.values("user")))
        .filter(is_active=True)
        .order_by("email")
    )


def has_reported(campaign: HarvestCampaign) -> Q:
    """People who reported an outcome in the campaign, or whose partner did."""
    outcomes = ObservedOutcome.objects.filter(campaign=campaign)
    partners = Membership.objects.filter(
        initiative=campaign.initiative,
        partner__in=outcomes.exclude(partner=None).values("partner"),
    ).values("user")
    return Q(pk__in=outcomes.values("reported_by")) | Q(pk__in=partners)


def not_reported(campaign: HarvestCampaign) -> list[User]:
    reported = set(User.objects.filter(has_reported(campaign)).values_list("pk", flat=True))
    return [person for person in people_asked(campaign) if person.pk not in reported]


def report_url(campaign: HarvestCampaign) -> str:
    """Where a person reports: the outcome form with the campaign, or else the campaign's page."""
    slug = campaign.initiative.slug
    try:
        path = reverse("journal:outcome_new", args=[slug]) + f"?campaign={campaign.pk}"
    except NoReverseMatch:  # the outcome form is another part of the journal
        path = reverse("journal:harvest", args=[slug, campaign.pk])
    return settings.SITE_URL + path


def _send(campaign: HarvestCampaign, people: list[User], reminder: bool) -> int:
    messages = []
    for person in people:
        with translation.override(person.language or settings.LANGUAGE_CODE):
            context = {
                "campaign": campaign,
                "initiative": campaign.initiative,
                "person": person,
                "url": report_url(campaign),
                "reminder": reminder,
            }
            subject = (
                _("Reminder: report the changes you saw by %(deadline)s — %(title)s")
                if reminder
                else _("Report the changes you saw — %(title)s")
            ) % {"title": campaign.title, "deadline": format_date(campaign.deadline)}
            text = render_to_string("email/journal_harvest.txt", context)
            html = html_part("email/journal_harvest.html", context)
        messages.append(email(subject, text, [person.email], html=html))
    return send_later(messages)


def open_harvest(campaign: HarvestCampaign, now: datetime | None = None) -> int:
    """Send the invitation to everyone asked, once; how many e-mails."""
    now = now or timezone.now()
    # The conditional update claims the sending: two clicks at once send it once.
    claimed = HarvestCampaign.objects.filter(pk=campaign.pk, opened_at__isnull=True).update(
        opened_at=now
    )
    if not claimed:
        raise HarvestError(_("The invitations of this harvest were already sent."))
    campaign.opened_at = now
    return _send(campaign, people_asked(campaign), reminder=False)


def remind_due(now: datetime | None = None) -> int:
    """Once per open campaign whose deadline is within its `remind_days_before` days, e-mail
    those asked who have not reported; how many e-mails."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    due = HarvestCampaign.objects.filter(
        opened_at__isnull=False, reminded_at__isnull=True, deadline__gte=today
    ).select_related("initiative")
    for campaign in due:
        if campaign.deadline - timedelta(days=campaign.remind_days_before) > today:
            continue
        claimed = HarvestCampaign.objects.filter(pk=campaign.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if claimed:
            sent += _send(campaign, not_reported(campaign), reminder=True)
    return sent


def campaigns_of(initiative) -> QuerySet[HarvestCampaign]:
    return HarvestCampaign.objects.filter(initiative=initiative)


def reporters(campaign: HarvestCampaign, user) -> list[dict]:
    """Who has reported how many outcomes (of those `user` sees) in the campaign: per partner,
    the backbone's under None; most first."""
    rows = list(
        outcomes_seen(user, campaign.initiative)
        .filter(campaign=campaign)
        .values("partner")
        .annotate(outcomes=Count("pk"))
        .order_by()
    )
    partners = Partner.objects.in_bulk([row["partner"] for row in rows if row["partner"]])
    found = [
        {
            "partner": partners.get(row["partner"]),
            "name": partners[row["partner"]].name if row["partner"] else _("The backbone"),
            "outcomes": row["outcomes"],
        }
        for row in rows
    ]
    return sorted(found, key=lambda row: (-row["outcomes"], dictionary_key(row["name"])))


def open_harvests_for(user, initiative, today: date | None = None) -> list[HarvestCampaign]:
    """The opened campaigns `user` is asked to report in whose deadline has not passed: through
    their partner or a seat on a body asked; one query."""
    today = today or timezone.localdate()
    if not user.is_authenticated:
        return []
    partners = Membership.objects.filter(
        user=user, initiative=initiative, partner__isnull=False
    ).values("partner")
    seats = BodyMember.objects.filter(term_covers(today), user=user).values("body")
    return list(
        HarvestCampaign.objects.filter(
            initiative=initiative, opened_at__isnull=False, deadline__gte=today
        )
        .filter(Q(partners__in=partners) | Q(bodies__in=seats))
        .distinct()
        .order_by("deadline", "pk")
    )
