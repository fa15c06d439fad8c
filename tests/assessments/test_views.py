"""Assessment pages, role by role: answering, results, anonymity, exports, staff tools."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commun.assessments.models import Answer, InstrumentCopy, Respondent, Response, Round
from commun.assessments.rounds import get_path, save_response, text_paths
from commun.initiatives.models import Membership, Partner
from tests.assessments.factories import answered, people_of, scale_round
from tests.helpers import client_for


def open_demo_round(initiative):
    """The demo's open round (the five conditions, anonymous); the partner editor is asked."""
    return Round.objects.get(initiative=initiative, title_fr="Les cinq conditions — automne 2026")


def url(name, initiative, *args):
    return reverse(f"assessments:{name}", args=[initiative.slug, *args])


def french(user):
    user.language = "fr"
    user.save(update_fields=["language"])
    return client_for(user)


def test_the_overview_lists_rounds_instruments_and_what_one_has_to_answer(people, initiative):
    html = french(people["partner_editor"]).get(url("overview", initiative)).content.decode()
    assert "À vous de répondre" in html
    assert url("answer", initiative, open_demo_round(initiative).pk) in html
    assert "Conditions préalables : êtes-vous prêts?" in html
    assert "Tours passés" in html
    assert "Ouvrir un tour" not in html  # staff only
    html = french(people["backbone_staff"]).get(url("overview", initiative)).content.decode()
    assert "Ouvrir un tour" in html


def test_the_overview_runs_a_fixed_number_of_queries(people, initiative, django_assert_num_queries):
    editor = people["partner_editor"]
    membership = Membership.objects.get(user=editor, initiative=initiative)
    for n in range(3):  # more rounds to answer, one with a draft: still the same queries
        the_round = scale_round(initiative, people=[membership], title=f"En plus {n}")
        if n == 0:
            save_response(the_round.respondents.get(), {"q-champions-convene": "2"}, submit=False)
    client = french(editor)
    client.get(url("overview", initiative))
    with django_assert_num_queries(7):
        html = client.get(url("overview", initiative)).content.decode()
    assert html.count("réponses enregistrées, pas encore remises") == 1


def test_a_round_page_runs_a_fixed_number_of_queries(people, initiative, django_assert_num_queries):
    the_round = Round.objects.get(
        initiative=initiative, title_fr="Conditions préalables — mai 2026"
    )
    client = client_for(people["backbone_admin"])
    client.get(url("round", initiative, the_round.pk))
    with django_assert_num_queries(12):
        client.get(url("round", initiative, the_round.pk))


def test_the_network_page_runs_a_fixed_number_of_queries(
    people, initiative, django_assert_num_queries
):
    the_round = Round.objects.get(
        initiative=initiative, title_fr="Continuum de collaboration — juin 2026"
    )
    client = client_for(people["observer"])
    client.get(url("round", initiative, the_round.pk))
    with django_assert_num_queries(12):  # the partners asked are read once
        response = client.get(url("round", initiative, the_round.pk))
    assert "network-spec" in response.content.decode()


def test_a_partner_editor_saves_comes_back_and_hands_in(people, initiative):
    the_round = open_demo_round(initiative)
    editor = people["partner_editor"]
    client = french(editor)
    page = client.get(url("answer", initiative, the_round.pk)).content.decode()
    assert "Un système d&#x27;évaluation commun" in page
    assert 'name="q-agenda-vision"' in page
    response = client.post(
        url("answer", initiative, the_round.pk),
        {"q-agenda-vision": "3", "c-agenda-vision": "Vision claire", "save": "1"},
    )
    assert response.status_code == 302
    page = client.get(url("answer", initiative, the_round.pk)).content.decode()
    assert 'value="3" checked' in page and "Vision claire" in page  # the draft comes back
    response = client.post(
        url("answer", initiative, the_round.pk), {"q-agenda-vision": "4", "submit": "1"}
    )
    assert response["Location"] == url("answer", initiative, the_round.pk) + "?hand_in=1"
    respondent = Respondent.objects.get(round=the_round, user=editor)
    assert respondent.submitted_on is None  # saved, not yet handed in: asked to confirm first
    response = client.post(url("answer", initiative, the_round.pk), {"confirm": "1"})
    assert response.status_code == 302
    respondent.refresh_from_db()
    assert respondent.submitted_on == timezone.localdate()
    assert not Response.objects.filter(respondent=respondent).exists()  # anonymous: unlinked
    page = client.get(url("answer", initiative, the_round.pk)).content.decode()
    assert "Vous avez remis vos réponses" in page and 'name="q-agenda-vision"' not in page


def checked_names(html):
    return re.findall(r'<input type="radio" name="(q-[^"]+)" value="[^"]*" checked>', html)


def test_a_fresh_questionnaire_chooses_no_answer_and_counts_none(people, initiative):
    the_round = open_demo_round(initiative)
    total = len(the_round.instrument.questions)
    html = french(people["partner_editor"]).get(url("answer", initiative, the_round.pk))
    html = html.content.decode()
    assert html.count('type="radio"') > total and checked_names(html) == []
    assert f"Questions traitées : <span data-answered>0</span> sur {total}" in html


def test_the_counter_and_the_draft_keep_dont_know_apart_from_no_answer(people, initiative):
    the_round = open_demo_round(initiative)
    total = len(the_round.instrument.questions)
    client = french(people["partner_editor"])
    client.post(
        url("answer", initiative, the_round.pk),
        {"q-agenda-vision": "3", "q-agenda-problem": "dont-know", "save": "1"},
    )
    html = client.get(url("answer", initiative, the_round.pk)).content.decode()
    assert sorted(checked_names(html)) == ["q-agenda-problem", "q-agenda-vision"]
    assert 'name="q-agenda-problem" value="dont-know" checked' in html
    assert f"Questions traitées : <span data-answered>2</span> sur {total}" in html


def test_handing_in_asks_to_confirm_and_says_what_is_left(people, initiative):
    the_round = open_demo_round(initiative)
    total = len(the_round.instrument.questions)
    editor = people["partner_editor"]
    client = french(editor)
    answer = url("answer", initiative, the_round.pk)
    response = client.post(
        answer,
        {
            "q-agenda-vision": "3",
            "q-agenda-problem": "dont-know",
            "c-agenda-vision": "Oui",
            "submit": "1",
        },
        follow=True,
    )
    html = response.content.decode().replace("&#x27;", "'").replace("\u00a0", " ")
    respondent = Respondent.objects.get(round=the_round, user=editor)
    assert respondent.submitted_on is None
    assert f"1 question sur {total} a une réponse sur l'échelle" in html
    assert "1 question marquée « Je ne sais pas »" in html
    assert f"{total - 2} questions sans réponse" in html
    assert 'name="confirm"' in html and f'href="{answer}"' in html  # or go back to the answers
    # Going back shows the answers as saved; confirming hands in exactly those.
    assert 'value="3" checked' in client.get(answer).content.decode()
    assert client.post(answer, {"confirm": "1"}).status_code == 302
    respondent.refresh_from_db()
    assert respondent.submitted_on == timezone.localdate()
    handed_in = Response.objects.filter(round=the_round, submitted=True).order_by("-pk").first()
    assert sorted(handed_in.answers.values_list("question_key", "value", "comment")) == [
        ("agenda-problem", None, ""),
        ("agenda-vision", 3, "Oui"),
    ]


def test_confirming_with_no_answer_on_the_scale_is_refused(people, initiative):
    the_round = open_demo_round(initiative)
    client = french(people["partner_editor"])
    answer = url("answer", initiative, the_round.pk)
    client.post(answer, {"q-agenda-vision": "dont-know", "submit": "1"})
    response = client.post(answer, {"confirm": "1"})
    assert response.status_code == 200
    assert (
        "Répondez à au moins une question avant de remettre vos réponses."
        in response.content.decode()
    )
    assert (
        Respondent.objects.get(round=the_round, user=people["partner_editor"]).submitted_on is None
    )


def test_bad_answers_get_a_clear_french_error_and_change_nothing(people, initiative):
    the_round = open_demo_round(initiative)
    client = french(people["partner_editor"])
    before = (Answer.objects.count(), Response.objects.count())
    response = client.post(
        url("answer", initiative, the_round.pk),
        {"q-agenda-vision": "3", "q-agenda-problem": "7", "submit": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "« 7 » n&#x27;est pas sur l&#x27;échelle (1 à 4)." in html
    assert "Rien n'a été enregistré." in html
    assert (Answer.objects.count(), Response.objects.count()) == before
    assert 'value="3" checked' in html  # what the person chose is still there


def test_only_people_asked_may_answer_a_round(people, initiative):
    the_round = scale_round(initiative, people=people_of(initiative, 1), title="Seul")
    assert (
        client_for(people["observer"]).get(url("answer", initiative, the_round.pk)).status_code
        == 403
    )
    # A site administrator passes the policy but is not asked: nothing to answer.
    assert (
        client_for(people["superuser"]).get(url("answer", initiative, the_round.pk)).status_code
        == 404
    )


def test_results_of_an_open_round_wait_for_its_closing_except_for_staff(people, initiative):
    the_round = open_demo_round(initiative)
    observer = (
        french(people["observer"]).get(url("round", initiative, the_round.pk)).content.decode()
    )
    assert "Les résultats seront affichés à la clôture du tour" in observer
    assert "radar-spec" not in observer
    assert (
        french(people["observer"]).get(url("round_csv", initiative, the_round.pk)).status_code
        == 404
    )
    staff = (
        french(people["backbone_staff"])
        .get(url("round", initiative, the_round.pk))
        .content.decode()
    )
    assert "radar-spec" in staff and "Qui a répondu" in staff


def test_an_anonymous_rounds_page_never_says_who_said_what(people, initiative):
    members = people_of(initiative, 3)
    the_round = scale_round(initiative, anonymous=True, people=members, title="Anonyme")
    respondents = {r.user_id: r for r in the_round.respondents.all()}
    for n, membership in enumerate(members):
        answered(
            the_round,
            respondents[membership.user_id],
            {"champions-convene": n + 2},
            comments={"champions-convene": f"Remarque {n}"},
        )
    the_round.closed_at = timezone.now()
    the_round.save()
    for role in ("backbone_admin", "partner_editor", "observer"):
        html = client_for(people[role]).get(url("round", initiative, the_round.pk)).content.decode()
        for n, membership in enumerate(members):
            assert f"Remarque {n}" in html
            assert f"— {membership.user.full_name}" not in html
    csv = client_for(people["backbone_admin"]).get(url("round_csv", initiative, the_round.pk))
    text = csv.content.decode("utf-8-sig")
    for membership in members:
        assert membership.user.full_name not in text
        assert membership.user.email not in text


def test_the_csv_export_and_the_printable_page(people, initiative):
    the_round = Round.objects.get(
        initiative=initiative, title_fr="Conditions préalables — mai 2026"
    )
    client = french(people["observer"])
    response = client.get(url("round_csv", initiative, the_round.pk))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith(
        "Section;Code de la section;Question;Code de la question;Série;Réponses;Moyenne"
    )
    assert any("Des personnes influentes" in line for line in lines[1:])
    page = client.get(url("round_print", initiative, the_round.pk)).content.decode()
    assert "radar-spec" in page and "Imprimer" in page
    network = Round.objects.get(
        initiative=initiative, title_fr="Continuum de collaboration — juin 2026"
    )
    lines = (
        client.get(url("round_csv", initiative, network.pk))
        .content.decode("utf-8-sig")
        .splitlines()
    )
    assert lines[0].startswith("Partenaire;Centralité de degré")


def test_staff_open_a_round_for_partners_and_bodies(people, initiative):
    partner = (
        Membership.objects.filter(initiative=initiative, partner__isnull=False).first().partner
    )
    client = french(people["backbone_staff"])
    closes_on = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = client.post(
        url("round_new", initiative),
        {
            "instrument": "backbone",
            "title_fr": "Soutien — test",
            "title_en": "Backbone — test",
            "closes_on": closes_on,
            "partners": [partner.pk],
        },
    )
    the_round = Round.objects.get(initiative=initiative, title_fr="Soutien — test")
    assert response.status_code == 302 and response["Location"] == url(
        "round", initiative, the_round.pk
    )
    assert the_round.respondents.filter(partner=partner).exists()
    before = Round.objects.count()
    response = client.post(
        url("round_new", initiative),
        {
            "instrument": "continuum",
            "title_fr": "Continuum — test",
            "closes_on": "2020-01-01",
            "anonymous": "on",
        },
    )
    html = response.content.decode()
    assert "La date de clôture ne peut pas être passée." in html
    assert "Un tour du continuum ne peut pas être anonyme" in html
    assert "Choisissez au moins un partenaire" in html
    assert Round.objects.count() == before


def test_staff_copy_an_instrument_and_reword_it(people, initiative):
    client = french(people["backbone_staff"])
    response = client.post(url("instrument_copy", initiative, "preconditions"))
    adapted = InstrumentCopy.objects.get(initiative=initiative)
    assert response["Location"] == url("instrument_edit", initiative, adapted.key)
    form = client.get(response["Location"]).content.decode()
    assert "Des personnes influentes" in form
    data = {  # every text as it is, then one changed
        "t-" + "-".join(str(part) for part in path) + f"-{code}": get_path(adapted.content, path)[
            code
        ]
        for path, _kind in text_paths(adapted.content)
        for code in ("fr", "en")
    }
    data["t-sections-0-title-fr"] = "Des leaders rassembleurs"
    assert client.post(url("instrument_edit", initiative, adapted.key), data).status_code == 302
    adapted.refresh_from_db()
    assert adapted.version == 2
    page = client.get(url("instrument", initiative, adapted.key)).content.decode()
    assert "Des leaders rassembleurs" in page
    data["t-sections-0-title-fr"] = ""
    response = client.post(url("instrument_edit", initiative, adapted.key), data)
    assert response.status_code == 200
    adapted.refresh_from_db()
    assert adapted.version == 2


def test_another_initiatives_rounds_are_not_reachable(people, initiative, other_initiative):
    the_round = open_demo_round(initiative)
    client = client_for(people["other_initiative_admin"])
    for name in ("round", "answer", "round_csv", "round_print"):
        assert client.get(url(name, other_initiative, the_round.pk)).status_code == 404
        assert client.get(url(name, initiative, the_round.pk)).status_code == 403


def test_the_home_cards_show_the_latest_results(people, initiative):
    html = (
        french(people["observer"])
        .get(reverse("framework:home", args=[initiative.slug]))
        .content.decode()
    )
    assert "Conditions préalables (Conditions préalables — mai 2026) :" in html
    assert "Des personnes influentes :" in html
    assert (
        "Efficacité de l&#x27;infrastructure de soutien (Infrastructure de soutien — mai 2026)"
        in html
    )
    assert "Rôle à renforcer" in html
    assert url("overview", initiative) in html


@pytest.mark.parametrize("role", ["partner_editor", "observer"])
def test_the_continuum_answer_form_lists_the_other_partners(role, people, initiative):
    the_round = Round.objects.get(
        initiative=initiative, title_fr="Continuum de collaboration — juin 2026"
    )
    user = people[role]
    membership = Membership.objects.get(user=user, initiative=initiative)
    if membership.partner is None:
        assert client_for(user).get(url("answer", initiative, the_round.pk)).status_code == 403
        return
    the_round.closes_on = timezone.localdate()
    the_round.save()
    respondent, _ = Respondent.objects.get_or_create(
        round=the_round, user=user, defaults={"partner": membership.partner}
    )
    Respondent.objects.filter(pk=respondent.pk).update(submitted_on=None)
    Response.objects.filter(respondent=respondent).delete()
    html = client_for(user).get(url("answer", initiative, the_round.pk)).content.decode()
    others = (
        Partner.objects.filter(initiative=initiative).active().exclude(pk=membership.partner_id)
    )
    for partner in others:
        assert f'name="now-{partner.pk}"' in html
    assert f'name="now-{membership.partner_id}"' not in html
