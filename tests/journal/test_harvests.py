"""Harvest campaigns: who is asked, the invitation sent once in each person's language, one
reminder near the deadline to those who have not reported (idempotent), and the campaigns a
person still has to report in."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from commun.initiatives.models import BodyMember, GovernanceBody, Membership
from commun.journal import harvests
from tests.journal.harvest_factory import make_campaign, make_outcome


@pytest.fixture
def editor_partner(people, initiative):
    return Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner


def partner_people(initiative, partner):
    return {
        m.user
        for m in Membership.objects.filter(
            initiative=initiative, partner=partner, user__is_active=True
        )
    }


def test_the_partners_people_and_the_bodies_members_are_asked(initiative, editor_partner):
    body = GovernanceBody.objects.filter(initiative=initiative).order_by("pk").first()
    seated = {s.user for s in BodyMember.objects.filter(body=body, term_end__isnull=True)}
    campaign = make_campaign(initiative, partners=[editor_partner], bodies=[body])
    asked = set(harvests.people_asked(campaign))
    assert partner_people(initiative, editor_partner) <= asked
    assert seated <= asked
    assert len(asked) == len(harvests.people_asked(campaign))  # each once


def test_opening_sends_the_invitation_once_in_each_language(
    initiative, editor_partner, people, mailoutbox
):
    editor = people["partner_editor"]
    editor.language = "en"
    editor.save(update_fields=["language"])
    campaign = make_campaign(initiative, partners=[editor_partner])
    sent = harvests.open_harvest(campaign)
    assert sent == len(partner_people(initiative, editor_partner)) == len(mailoutbox)
    to_editor = next(m for m in mailoutbox if m.to == [editor.email])
    assert to_editor.subject == "Report the changes you saw — Spring harvest"
    assert f"/harvests/{campaign.pk}/" in to_editor.body or "?campaign=" in to_editor.body
    with pytest.raises(harvests.HarvestError):
        harvests.open_harvest(campaign)
    assert len(mailoutbox) == sent


def test_the_reminder_goes_once_near_the_deadline_to_those_who_have_not_reported(
    initiative, editor_partner, people, mailoutbox
):
    today = timezone.localdate()
    campaign = make_campaign(
        initiative, partners=[editor_partner], deadline=today + timedelta(days=10)
    )
    harvests.open_harvest(campaign)
    mailoutbox.clear()
    assert harvests.remind_due() == 0  # ten days before, reminders start at seven
    campaign.deadline = today + timedelta(days=5)
    campaign.save()
    reporter = people["partner_editor"]
    make_outcome(initiative, campaign=campaign, reported_by=reporter)  # the backbone's form
    call_command("remind_harvests")
    call_command("remind_harvests")
    asked = partner_people(initiative, editor_partner)
    assert {m.to[0] for m in mailoutbox} == {p.email for p in asked if p != reporter}
    assert len(mailoutbox) == len(asked) - 1


def test_a_partner_that_reported_is_not_reminded(initiative, editor_partner, mailoutbox):
    campaign = make_campaign(
        initiative, partners=[editor_partner], deadline=timezone.localdate() + timedelta(days=2)
    )
    harvests.open_harvest(campaign)
    mailoutbox.clear()
    make_outcome(initiative, campaign=campaign, partner=editor_partner)
    assert harvests.remind_due() == 0


def test_open_harvests_for_a_person_asked_until_the_deadline(initiative, editor_partner, people):
    campaign = make_campaign(initiative, partners=[editor_partner])
    editor, observer = people["partner_editor"], people["observer"]
    assert harvests.open_harvests_for(editor, initiative) == []  # not open yet
    harvests.open_harvest(campaign)
    assert harvests.open_harvests_for(editor, initiative) == [campaign]
    assert harvests.open_harvests_for(observer, initiative) == []
    later = campaign.deadline + timedelta(days=1)
    assert harvests.open_harvests_for(editor, initiative, today=later) == []


def test_reporters_count_what_the_reader_sees(initiative, editor_partner, people):
    campaign = make_campaign(initiative, partners=[editor_partner])
    make_outcome(initiative, campaign=campaign, partner=editor_partner, status="published")
    make_outcome(initiative, campaign=campaign, partner=editor_partner, status="draft")
    make_outcome(initiative, campaign=campaign, status="published")
    staff = harvests.reporters(campaign, people["backbone_staff"])
    assert [row["outcomes"] for row in staff] == [2, 1]
    observer = harvests.reporters(campaign, people["observer"])
    assert sorted(row["outcomes"] for row in observer) == [1, 1]
