"""The terms of reference as a document built from fields: composition against the seats held,
the quorum in words, both languages complete, versions compared word by word, terms to renew."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from commun.governance.models import QuorumKind, Seat, Terms
from commun.governance.rules import terms_of
from commun.governance.terms import (
    SECTIONS,
    compare_terms,
    composition,
    current_members,
    due_renewals,
    quorum_text,
    readable_terms,
    renewal_text,
    snapshot_terms,
)
from commun.initiatives.models import BodyMember, GovernanceBody, Partner


@pytest.fixture
def body(initiative):
    return GovernanceBody.objects.get(initiative=initiative, name_fr="Chantier logement")


def test_quorum_in_words_says_the_number_of_the_day():
    rules = Terms(quorum_kind=QuorumKind.MAJORITY)
    with translation.override("en"):
        assert quorum_text(rules, 12) == "A majority of the 12 voting members: 7."
    with translation.override("fr"):
        assert quorum_text(rules, 12) == "La majorité des 12 membres votants\u00a0: 7."


@pytest.mark.django_db
def test_composition_shows_seats_against_members_holding_them(body):
    residents = Partner.objects.filter(initiative=body.initiative, sector="residents").first()
    members = list(current_members(body))
    Seat.objects.filter(body=body).delete()
    Seat.objects.create(body=body, sector="residents", count=2)
    BodyMember.objects.filter(body=body).update(partner=None)
    BodyMember.objects.filter(pk=members[0].pk).update(partner=residents)
    lines = composition(body, list(current_members(body)))
    line = next(line for line in lines if line.sector == "residents")
    assert (line.seats, line.held, line.gap) == (2, 1, 1)
    with translation.override("en"):
        assert (
            line.text() == "Residents and people with lived experience: 2 seats, 1 held, 1 vacant"
        )


@pytest.mark.django_db
def test_the_document_is_complete_in_both_languages(body):
    snapshot = snapshot_terms(body)
    assert [s["key"] for s in snapshot["sections"]] == [key for key, _title in SECTIONS]
    for section in snapshot["sections"]:
        for line in [section["title"], *section["lines"]]:
            assert line["fr"] and line["en"], section["key"]
    with translation.override("fr"):
        french = readable_terms(snapshot)
    assert french[0].title == "Mandat"
    assert "membres votants" in french[5].lines[0]


@pytest.mark.django_db
def test_two_versions_compare_word_by_word(body):
    old = snapshot_terms(body)
    terms = terms_of(body)
    terms.conflict_of_interest_en = "Declare any interest before the vote."
    terms.save()
    with translation.override("en"):
        found = compare_terms(old, snapshot_terms(body))
    assert [d.canvas for d in found if d.language == "en"] == ["Conflict of interest"]
    assert "<ins>" in found[0].inline


@pytest.mark.django_db
def test_terms_ending_within_the_notice_are_due_for_renewal(body):
    terms = terms_of(body)
    terms.renewal_notice_days = 30
    terms.save()
    today = timezone.localdate()
    member = current_members(body).first()
    BodyMember.objects.filter(pk=member.pk).update(term_end=today + timedelta(days=20))
    assert [m.pk for m in due_renewals(body)] == [member.pk]
    BodyMember.objects.filter(pk=member.pk).update(term_end=today + timedelta(days=40))
    assert due_renewals(body) == []
    BodyMember.objects.filter(pk=member.pk).update(term_end=date(2027, 3, 31))
    member.refresh_from_db()
    with translation.override("en"):
        assert (
            renewal_text(member) == f"The term of {member.user.full_name} ends on March 31, 2027."
        )
