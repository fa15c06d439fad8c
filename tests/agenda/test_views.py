"""The common agenda as its users meet it: editing, conflicts, versions, endorsements, scores."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from commun.agenda.canvases import CANVASES_BY_KEY, get_canvas, items_of
from commun.agenda.models import (
    AgendaVersion,
    Canvas,
    Comment,
    Criterion,
    Endorsement,
    Lever,
    LeverScore,
    ProblemFactor,
)
from commun.agenda.versions import endorsement_summary, latest_version, publish_version
from commun.initiatives.models import Membership
from tests.helpers import client_for


def edit_url(initiative, key):
    return reverse("agenda:canvas_edit", args=[initiative.slug, key])


def issue_form_data(initiative, revision, statement_fr, new_cause_fr="", new_cause_en=""):
    """What the browser sends for the "issue" canvas: the texts, then both lists as they are."""
    data = {
        "revision": revision,
        "statement_fr": statement_fr,
        "statement_en": "",
        "affected_fr": "",
        "affected_en": "",
    }
    for list_spec in CANVASES_BY_KEY["issue"].lists:
        items = list(items_of(initiative, list_spec))
        prefix = list_spec.name
        rows = [(item.pk, item.text_fr, item.text_en) for item in items]
        if prefix == "causes":
            rows.append(("", new_cause_fr, new_cause_en))
        data |= {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": len(items),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for index, (pk, fr, en) in enumerate(rows):
            data |= {
                f"{prefix}-{index}-id": pk,
                f"{prefix}-{index}-text_fr": fr,
                f"{prefix}-{index}-text_en": en,
            }
    return data


def test_staff_edit_a_canvas_and_everyone_reads_it(people, initiative):
    canvas = get_canvas(initiative, "issue")
    causes_before = ProblemFactor.objects.filter(initiative=initiative, side="cause").count()
    response = client_for(people["backbone_staff"]).post(
        edit_url(initiative, "issue"),
        issue_form_data(initiative, canvas.revision, "Trop de ménages à faible revenu", "Loyers"),
    )
    assert response.status_code == 302
    assert ProblemFactor.objects.filter(initiative=initiative, side="cause").count() == (
        causes_before + 1
    )
    page = client_for(people["partner_member"]).get(
        reverse("agenda:canvas", args=[initiative.slug, "issue"])
    )
    assert "Trop de ménages à faible revenu" in page.content.decode()


def test_a_second_save_of_the_same_canvas_is_refused_and_shows_the_first(people, initiative):
    canvas = get_canvas(initiative, "issue")
    opened_at = canvas.revision
    first = client_for(people["backbone_admin"])
    second = client_for(people["backbone_staff"])

    first.post(edit_url(initiative, "issue"), issue_form_data(initiative, opened_at, "Zorglub"))
    response = second.post(
        edit_url(initiative, "issue"), issue_form_data(initiative, opened_at, "Quixotique")
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert people["backbone_admin"].full_name in html  # who changed it
    assert "<ins>Zorglub</ins>" in html  # what they changed
    assert "Quixotique" in html  # the second person's text is still in the form: nothing lost
    canvas.refresh_from_db()
    assert canvas.texts["statement"]["fr"] == "Zorglub"
    assert canvas.revision == opened_at + 1

    # Having seen the other change, the second person saves again on purpose.
    again = second.post(
        edit_url(initiative, "issue"),
        issue_form_data(initiative, opened_at + 1, "Zorglub Quixotique"),
    )
    assert again.status_code == 302
    canvas.refresh_from_db()
    assert canvas.texts["statement"]["fr"] == "Zorglub Quixotique"


def test_an_item_without_its_french_text_is_refused_and_nothing_is_saved(people, initiative):
    canvas = get_canvas(initiative, "issue")
    before = (canvas.revision, canvas.texts, ProblemFactor.objects.count())
    response = client_for(people["backbone_staff"]).post(
        edit_url(initiative, "issue"),
        issue_form_data(initiative, canvas.revision, "Nouveau texte", "", "English only"),
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode() or "obligatoire" in (
        response.content.decode()
    )
    canvas.refresh_from_db()
    assert (canvas.revision, canvas.texts, ProblemFactor.objects.count()) == before


def test_publishing_twice_without_a_change_is_refused(people, initiative):
    Canvas.objects.update_or_create(
        initiative=initiative,
        key="vision",
        defaults={"texts": {"vision": {"fr": "Vision neuve", "en": "New vision"}}},
    )
    client = client_for(people["backbone_staff"])
    url = reverse("agenda:publish", args=[initiative.slug])
    client.post(url, {"note_fr": "Nouvelle", "note_en": "New"})
    count = AgendaVersion.objects.filter(initiative=initiative).count()
    response = client.post(url, {"note_fr": "", "note_en": ""}, follow=True)
    assert AgendaVersion.objects.filter(initiative=initiative).count() == count
    assert "version" in response.content.decode().split('class="messages"')[1].split("</ul>")[0]


def publish_fresh_version(initiative, by):
    Canvas.objects.update_or_create(
        initiative=initiative,
        key="vision",
        defaults={"texts": {"vision": {"fr": "Une vision à endosser", "en": "A vision"}}},
    )
    return publish_version(initiative, by)


def test_a_partner_editor_endorses_and_the_home_card_counts_it(people, initiative):
    version = publish_fresh_version(initiative, people["backbone_admin"])
    editor = people["partner_editor"]
    client = client_for(editor)
    home = reverse("framework:home", args=[initiative.slug])
    editor.language = "en"
    editor.save(update_fields=["language"])
    assert "Endorsed by 0 of" in client.get(home).content.decode()

    response = client.post(
        reverse("agenda:endorse", args=[initiative.slug, version.number]),
        {"decision": Endorsement.Decision.ENDORSED, "reservation": ""},
    )
    assert response.status_code == 302
    assert "Endorsed by 1 of" in client.get(home).content.decode()
    partner = Membership.objects.get(user=editor, initiative=initiative).partner
    assert Endorsement.objects.get(version=version).partner == partner


def test_a_reservation_must_say_what_it_is_about(people, initiative):
    version = publish_fresh_version(initiative, people["backbone_admin"])
    response = client_for(people["partner_editor"]).post(
        reverse("agenda:endorse", args=[initiative.slug, version.number]),
        {"decision": Endorsement.Decision.RESERVATION, "reservation": "   "},
    )
    assert response.status_code == 200
    assert not Endorsement.objects.filter(version=version).exists()


def test_the_endorse_form_offers_three_answers_and_chooses_none(people, initiative):
    version = publish_fresh_version(initiative, people["backbone_admin"])
    editor = people["partner_editor"]
    editor.language = "fr"
    editor.save(update_fields=["language"])
    html = (
        client_for(editor)
        .get(reverse("agenda:endorse", args=[initiative.slug, version.number]))
        .content.decode()
    )
    choices = re.findall(r'<input type="radio" name="decision" value="([^"]*)"[^>]*>', html)
    assert choices == ["endorsed", "reservation", "declined"]
    assert "---------" not in html and "checked" not in html
    for label in ("Endosser cette version", "L'endosser avec des réserves", "Ne pas l'endosser"):
        assert label in html.replace("&#x27;", "'")


def test_not_endorsing_needs_a_reason_in_french_and_is_not_counted_as_an_endorsement(
    people, initiative
):
    version = publish_fresh_version(initiative, people["backbone_admin"])
    editor = people["partner_editor"]
    editor.language = "fr"
    editor.save(update_fields=["language"])
    client = client_for(editor)
    url = reverse("agenda:endorse", args=[initiative.slug, version.number])
    refused = client.post(url, {"decision": Endorsement.Decision.DECLINED, "reservation": " "})
    assert refused.status_code == 200
    html = refused.content.decode().replace("&#x27;", "'")
    assert "Dites pourquoi votre organisation ne l'endosse pas." in html
    assert not Endorsement.objects.filter(version=version).exists()

    client.post(url, {"decision": "declined", "reservation": "Le plan oublie les aînés."})
    answer = Endorsement.objects.get(version=version)
    assert (answer.decision, answer.reservation) == ("declined", "Le plan oublie les aînés.")
    summary = endorsement_summary(initiative, version)
    assert (summary.endorsed, summary.declined) == (0, 1)
    page = client.get(reverse("agenda:version", args=[initiative.slug, version.number]))
    assert "N'endosse pas" in page.content.decode().replace("&#x27;", "'")
    versions = client.get(reverse("agenda:versions", args=[initiative.slug])).content.decode()
    assert "1 n'endosse pas" in versions.replace("&#x27;", "'")

    # Endorsing after all keeps no reason.
    client.post(url, {"decision": "endorsed", "reservation": "Le plan oublie les aînés."})
    answer.refresh_from_db()
    assert (answer.decision, answer.reservation) == ("endorsed", "")
    assert endorsement_summary(initiative, version).endorsed == 1


def test_an_older_version_can_no_longer_be_endorsed(people, initiative):
    old = publish_fresh_version(initiative, people["backbone_admin"])
    Canvas.objects.filter(initiative=initiative, key="vision").update(
        texts={"vision": {"fr": "Encore plus neuve", "en": "Newer"}}
    )
    publish_version(initiative, people["backbone_admin"])
    client_for(people["partner_editor"]).post(
        reverse("agenda:endorse", args=[initiative.slug, old.number]),
        {"decision": Endorsement.Decision.ENDORSED},
    )
    assert not Endorsement.objects.filter(version=old).exists()
    assert latest_version(initiative).number == old.number + 1


def test_partners_comment_and_staff_resolve(people, initiative):
    url = reverse("agenda:comment_add", args=[initiative.slug, "vision"])
    client_for(people["partner_member"]).post(url, {"text": "Et les aîné·e·s ?"})
    comment = Comment.objects.get(text="Et les aîné·e·s ?")
    assert comment.partner is not None and comment.resolved_at is None
    client_for(people["backbone_staff"]).post(
        reverse("agenda:comment_resolve", args=[initiative.slug, comment.pk])
    )
    comment.refresh_from_db()
    assert comment.resolved_by == people["backbone_staff"]


@pytest.mark.parametrize(
    ("language", "said"), [("fr", "Le commentaire est vide."), ("en", "The comment is empty.")]
)
def test_an_empty_comment_is_refused(language, said, people, initiative):
    member = people["partner_member"]
    member.language = language
    member.save(update_fields=["language"])
    before = Comment.objects.count()
    response = client_for(member).post(
        reverse("agenda:comment_add", args=[initiative.slug, "vision"]), {"text": "  "}, follow=True
    )
    assert Comment.objects.count() == before
    # Back on the canvas the comment was written for, told why in the page's message area.
    assert response.redirect_chain[-1][0] == reverse(
        "agenda:canvas", args=[initiative.slug, "vision"]
    )
    assertInHTML(
        f'<div role="status"><ul class="messages"><li class="error">{said}</li></ul></div>',
        response.content.decode(),
    )


def test_a_partner_editor_scores_the_levers_and_the_ranking_uses_them(people, initiative):
    lever = Lever.objects.create(initiative=initiative, name_fr="Levier testé")
    criterion = Criterion.objects.create(initiative=initiative, name_fr="Impact", weight=2)
    client = client_for(people["partner_editor"])
    url = reverse("agenda:scores", args=[initiative.slug])
    field = f"score_{lever.pk}_{criterion.pk}"

    refused = client.post(url, {field: "9"})
    assert refused.status_code == 200
    assert not LeverScore.objects.filter(lever=lever).exists()

    assert client.post(url, {field: "4"}).status_code == 302
    assert LeverScore.objects.get(lever=lever, criterion=criterion).score == 4
    page = client.get(reverse("agenda:canvas", args=[initiative.slug, "changes"]))
    assert "Levier testé" in page.content.decode()


def test_the_home_card_counts_filled_canvases_as_the_agenda_page_does(people, initiative):
    from commun.agenda.canvases import is_filled, snapshot_agenda
    from commun.agenda.versions import filled_canvases

    expected = sum(1 for canvas in snapshot_agenda(initiative).values() if is_filled(canvas))
    assert len(filled_canvases(initiative)) == expected
    Canvas.objects.filter(initiative=initiative).update(texts={})
    for model in (ProblemFactor,):
        model.objects.filter(initiative=initiative).delete()
    expected = sum(1 for canvas in snapshot_agenda(initiative).values() if is_filled(canvas))
    assert len(filled_canvases(initiative)) == expected


def test_the_agenda_shows_which_version_each_partner_endorsed(people, initiative):
    from commun.agenda.versions import latest_answers, record_endorsement

    first = publish_fresh_version(initiative, people["backbone_admin"])
    partner = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    record_endorsement(first, partner, Endorsement.Decision.ENDORSED, "", people["partner_editor"])
    Canvas.objects.filter(initiative=initiative, key="vision").update(
        texts={"vision": {"fr": "Deuxième", "en": "Second"}}
    )
    second = publish_version(initiative, people["backbone_admin"])
    assert dict(latest_answers(initiative))[partner].version == first
    record_endorsement(second, partner, "reservation", "Pas d'accord", people["partner_editor"])
    assert dict(latest_answers(initiative))[partner].version == second
    html = client_for(people["observer"]).get(reverse("agenda:overview", args=[initiative.slug]))
    assert partner.name_fr in html.content.decode()


def compared(client, initiative, **numbers):
    response = client.get(reverse("agenda:compare", args=[initiative.slug]), numbers)
    assert response.status_code == 200
    return response


def test_comparing_versions_goes_from_the_previous_to_the_latest_by_default(people, initiative):
    """What the latest version added reads as added, not as removed."""
    observer = client_for(people["observer"])
    response = compared(observer, initiative)
    assert (response.context["old"].number, response.context["new"].number) == (1, 2)
    kinds = {d.kind for d in response.context["differences"]}
    assert "added" in kinds and "removed" not in kinds


def test_versions_picked_the_other_way_round_are_swapped_and_the_page_says_so(people, initiative):
    observer = client_for(people["observer"])
    forward = compared(observer, initiative, **{"from": 1, "to": 2})
    backward = compared(observer, initiative, **{"from": 2, "to": 1})
    assert (backward.context["old"].number, backward.context["new"].number) == (1, 2)
    assert backward.context["differences"] == forward.context["differences"]
    html = backward.content.decode()
    assert "Les versions ont été interverties" in html.replace("&#x27;", "'")
    assert "interverties" not in forward.content.decode()


def test_a_site_administrator_with_no_partner_may_neither_endorse_nor_score(people, initiative):
    client = client_for(people["superuser"])
    latest = AgendaVersion.objects.filter(initiative=initiative).order_by("-number").first()
    endorse = reverse("agenda:endorse", args=[initiative.slug, latest.number])
    before = Endorsement.objects.count()
    assert client.get(endorse).status_code == 403
    assert client.post(endorse, {"decision": "endorsed"}).status_code == 403
    assert Endorsement.objects.count() == before
    assert client.get(reverse("agenda:scores", args=[initiative.slug])).status_code == 403
    version_page = client.get(reverse("agenda:version", args=[initiative.slug, latest.number]))
    assert endorse not in version_page.content.decode()  # no button leading to a refusal
