"""The journal's panels: beside an indicator's chart (its interpretations, the sessions that
looked at it, a link for staff to add one) and beside the chain (the observed outcomes its
activities and outcomes relate to), each in a fixed number of queries, and empty when there is
nothing."""

from html import unescape

import pytest
from django.test import RequestFactory
from django.urls import reverse

from commun.activities.chain import chain_to_indicator, chain_to_outcome
from commun.agenda.models import Outcome
from commun.journal.beside import beside_chain, beside_indicator
from tests.helpers import client_for
from tests.journal import learning_factory as make


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def indicator(initiative):
    return make.indicator_with_figures(initiative)


def test_the_indicator_page_shows_interpretations_latest_first_and_sessions_seen(
    people, initiative, indicator
):
    make.interpretation(indicator, "Première lecture")
    make.interpretation(indicator, "Deuxième lecture")
    shown = make.session(initiative, title_fr="Séance de février")
    hidden = make.session(initiative, title_fr="Séance du comité interne", published=False)
    for session in (shown, hidden):
        session.indicators.add(indicator)
    address = reverse("measurement:indicator", args=[initiative.slug, indicator.code])
    member_page = unescape(client_for(people["partner_editor"]).get(address).content.decode())
    assert member_page.index("Deuxième lecture") < member_page.index("Première lecture")
    assert "Séance de février" in member_page and "Séance du comité interne" not in member_page
    add = reverse("journal:interpretation_new", args=[initiative.slug, indicator.code])
    assert add not in member_page
    staff_page = unescape(client_for(people["backbone_staff"]).get(address).content.decode())
    assert add in staff_page and "Séance du comité interne" in staff_page


def test_the_indicator_panel_is_empty_for_a_member_when_there_is_nothing(
    people, initiative, indicator
):
    assert beside_indicator(request_of(people["observer"]), initiative, indicator) == ""
    assert beside_indicator(request_of(people["backbone_staff"]), initiative, indicator) != ""


def test_the_indicator_panel_reads_a_fixed_number_of_queries(
    people, initiative, indicator, django_assert_max_num_queries
):
    request = request_of(people["partner_member"])
    beside_indicator(request, initiative, indicator)  # the membership is read and kept
    for n in range(6):
        session = make.session(initiative, title_fr=f"Séance {n}")
        session.indicators.add(indicator)
        make.interpretation(indicator, f"Lecture {n}", session=session)
    with django_assert_max_num_queries(2):
        html = beside_indicator(request, initiative, indicator)
    assert html.count("Lecture ") == 6


def chain_and_activity(people, initiative):
    outcome = Outcome.objects.filter(initiative=initiative, strategies__activities__isnull=False)
    chain = chain_to_outcome(people["backbone_staff"], initiative, outcome.first())
    return chain, chain.activities[0]


def test_the_chain_shows_the_outcomes_its_activities_contributed_to(people, initiative):
    chain, activity = chain_and_activity(people, initiative)
    by_activity = make.outcome(initiative, title="Les écoles ouvrent leurs cuisines")
    by_activity.activities.add(activity)
    make.outcome(
        initiative,
        title="Effet visé par la chaîne",
        intended_outcome=chain.outcomes[0],
    )
    make.outcome(initiative, title="Brouillon d'un partenaire", status="draft").activities.add(
        activity
    )
    make.outcome(initiative, title="Effet sans lien")
    html = unescape(beside_chain(request_of(people["observer"]), initiative, chain))
    assert "Les écoles ouvrent leurs cuisines" in html and activity.name in html
    assert "Effet visé par la chaîne" in html
    assert "Brouillon d'un partenaire" not in html and "Effet sans lien" not in html
    staff = unescape(beside_chain(request_of(people["backbone_staff"]), initiative, chain))
    assert "Brouillon d'un partenaire" in staff
    page = unescape(
        client_for(people["observer"])
        .get(reverse("activities:chain_outcome", args=[initiative.slug, chain.outcomes[0].pk]))
        .content.decode()
    )
    assert "Les écoles ouvrent leurs cuisines" in page


def test_a_partner_sees_its_own_draft_beside_the_chain(people, initiative):
    chain, activity = chain_and_activity(people, initiative)
    editor = people["partner_editor"]
    own = make.outcome(
        initiative,
        title="Notre brouillon",
        status="draft",
        partner=editor.memberships.get(initiative=initiative).partner,
    )
    own.activities.add(activity)
    assert "Notre brouillon" in unescape(beside_chain(request_of(editor), initiative, chain))
    assert "Notre brouillon" not in beside_chain(request_of(people["observer"]), initiative, chain)


def test_the_chain_panel_is_empty_without_outcomes(people, initiative, indicator):
    chain = chain_to_indicator(people["observer"], initiative, indicator)
    assert beside_chain(request_of(people["observer"]), initiative, chain) == ""


def test_the_chain_panel_reads_a_fixed_number_of_queries(
    people, initiative, django_assert_num_queries
):
    chain, activity = chain_and_activity(people, initiative)
    request = request_of(people["partner_member"])
    beside_chain(request, initiative, chain)  # the membership is read and kept
    with django_assert_num_queries(1):
        assert beside_chain(request, initiative, chain) == ""
    for n in range(12):
        make.outcome(
            initiative, title=f"Effet {n}", actor=make.actor(initiative, f"Acteur {n}")
        ).activities.add(activity)
    with django_assert_num_queries(3):  # the latest ten, how many in all, their activities
        html = beside_chain(request, initiative, chain)
    assert html.count("<strong>Effet ") == 10
    assert "12 observed outcomes" in html or "12 effets observés" in html
