"""Reporting an outcome, its page, its evidence and who sees what, per role."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commun.access import partner_of
from commun.initiatives.models import Partner
from commun.journal.models import (
    Evidence,
    HarvestCampaign,
    ObservedOutcome,
    ProgressMarker,
    SocialActor,
)
from tests.helpers import client_for
from tests.journal.outcome_factory import actor, empty_journal, outcome  # noqa: F401

pytestmark = pytest.mark.usefixtures("empty_journal")

DRAFT = ObservedOutcome.Status.DRAFT


@pytest.fixture(autouse=True)
def in_english(people):
    """The demo's people read French; these tests read the English of the pages."""
    for role in ("backbone_admin", "backbone_staff", "partner_editor", "partner_member"):
        people[role].language = "en"
        people[role].save(update_fields=["language"])


def url(initiative, name, *args):
    return reverse(f"journal:{name}", args=[initiative.slug, *args])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def report(client, initiative, **fields):
    data = {
        "kind": "policy",
        "title_fr": "Le conseil ouvre ses séances aux résidents",
        "observed_on": "2026-05-12",
        "positive": "True",
        "intended": "True",
        **fields,
    }
    return client.post(url(initiative, "outcome_new"), data)


def test_a_partner_editor_reports_an_outcome_for_their_partner(people, initiative):
    editor = people["partner_editor"]
    council = actor(initiative)
    response = report(client_for(editor), initiative, actor=council.pk)
    reported = ObservedOutcome.objects.get(initiative=initiative, reported_by=editor)
    assert response.status_code == 302
    assert response["Location"] == url(initiative, "outcome", reported.pk) + "?saved=1"
    assert reported.partner == partner_of(editor, initiative)
    assert reported.status == DRAFT and reported.actor == council


def test_staff_report_for_the_backbone_unless_they_choose_a_partner(people, initiative):
    client = client_for(people["backbone_staff"])
    report(client, initiative, new_actor_name="Comité logement", new_actor_kind="organization")
    partner = Partner.objects.filter(initiative=initiative).first()
    report(client, initiative, title_fr="Autre", actor=actor(initiative).pk, partner=partner.pk)
    own, chosen = ObservedOutcome.objects.filter(initiative=initiative).order_by("pk")
    assert own.partner is None and chosen.partner == partner


def test_a_new_actor_is_created_once_whatever_its_case(people, initiative):
    client = client_for(people["partner_member"])
    report(client, initiative, new_actor_name="Comité Logement", new_actor_kind="residents")
    report(client, initiative, new_actor_name="comité logement ", new_actor_kind="residents")
    actors = SocialActor.objects.filter(initiative=initiative, name_fr__iexact="comité logement")
    assert actors.count() == 1
    assert ObservedOutcome.objects.filter(actor=actors.get()).count() == 2


def test_an_outcome_written_in_english_only_is_kept(people, initiative):
    client = client_for(people["partner_editor"])
    report(client, initiative, actor=actor(initiative).pk, title_fr="", title_en="Council opens")
    reported = ObservedOutcome.objects.get(initiative=initiative, title_en="Council opens")
    assert reported.title_fr == "Council opens"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"title_fr": ""}, "Say in one line what changed"),
        ({"actor": ""}, "Say who changed"),
        ({"new_actor_name": "Nouveau"}, "Choose an actor or name a new one, not both"),
        ({"observed_on": "12/05/2026x"}, "Enter a valid date"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_saves_nothing(people, initiative, fields, error):
    client = client_for(people["partner_editor"])
    data = {"actor": actor(initiative).pk, **fields}
    response = report(client, initiative, **data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not ObservedOutcome.objects.filter(initiative=initiative).exists()


def test_markers_of_another_actor_are_refused(people, initiative):
    council, school = actor(initiative), actor(initiative, "École Saint-Roch")
    marker = ProgressMarker.objects.create(actor=school, level=1, text_fr="Ouvre ses locaux")
    response = report(
        client_for(people["backbone_staff"]), initiative, actor=council.pk, markers=[marker.pk]
    )
    assert "not the chosen actor" in response.content.decode()
    assert not ObservedOutcome.objects.filter(initiative=initiative).exists()


def test_markers_are_offered_grouped_by_actor_and_kept(people, initiative):
    school = actor(initiative, "École Saint-Roch")
    marker = ProgressMarker.objects.create(actor=school, level=3, text_fr="Ouvre ses locaux")
    client = client_for(people["backbone_staff"])
    page = client.get(url(initiative, "outcome_new")).content.decode()
    assert "École Saint-Roch" in page and "Ouvre ses locaux" in page
    report(client, initiative, actor=school.pk, markers=[marker.pk])
    reported = ObservedOutcome.objects.get(initiative=initiative)
    assert list(reported.markers.all()) == [marker]
    shown = client.get(url(initiative, "outcome", reported.pk)).content.decode()
    assert "Love to see" in shown


def test_a_campaign_in_the_address_is_preselected(people, initiative):
    campaign = HarvestCampaign.objects.create(
        initiative=initiative,
        title_fr="Collecte du printemps",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        deadline=date(2026, 7, 15),
    )
    page = client_for(people["partner_editor"]).get(
        url(initiative, "outcome_new") + f"?campaign={campaign.pk}"
    )
    assert f'<option value="{campaign.pk}" selected>' in page.content.decode()


def test_a_partner_sees_its_drafts_and_not_another_partners(people, initiative):
    editor = people["partner_editor"]
    own_partner = partner_of(editor, initiative)
    another = Partner.objects.filter(initiative=initiative).exclude(pk=own_partner.pk).first()
    own = outcome(initiative, "Notre brouillon", partner=own_partner, status=DRAFT)
    theirs = outcome(initiative, "Leur brouillon", partner=another, status=DRAFT)
    client = client_for(editor)
    assert client.get(url(initiative, "outcome", own.pk)).status_code == 200
    assert client.get(url(initiative, "outcome", theirs.pk)).status_code == 404
    journal = client.get(url(initiative, "overview")).content.decode()
    assert "Notre brouillon" in journal and "Leur brouillon" not in journal
    staff = client_for(people["backbone_staff"]).get(url(initiative, "overview"))
    assert "Leur brouillon" in staff.content.decode()


def test_observers_see_published_outcomes_only(people, initiative):
    published = outcome(initiative, "Publié")
    draft = outcome(initiative, "Brouillon", status=DRAFT)
    client = client_for(people["observer"])
    assert client.get(url(initiative, "outcome", published.pk)).status_code == 200
    assert client.get(url(initiative, "outcome", draft.pk)).status_code == 404
    assert client.get(url(initiative, "outcome_new")).status_code == 403


def test_another_initiatives_outcome_is_not_found(people, initiative, other_initiative):
    theirs = outcome(other_initiative, "Ailleurs", who=actor(other_initiative))
    client = client_for(people["backbone_admin"])
    for name in ("outcome", "outcome_edit", "outcome_delete", "evidence_add"):
        assert client.get(url(initiative, name, theirs.pk)).status_code == 404, name


def test_a_partner_edits_its_draft_but_not_once_it_is_published(people, initiative):
    editor = people["partner_editor"]
    mine = outcome(initiative, "Avant", partner=partner_of(editor, initiative), status=DRAFT)
    client = client_for(editor)
    page = client.get(url(initiative, "outcome_edit", mine.pk))
    assert page.status_code == 200 and 'name="partner"' not in page.content.decode()
    client.post(
        url(initiative, "outcome_edit", mine.pk),
        {
            "actor": mine.actor_id,
            "kind": "practice",
            "title_fr": "Après",
            "observed_on": "2026-05-12",
            "positive": "False",
            "intended": "True",
        },
    )
    mine.refresh_from_db()
    assert (mine.title_fr, mine.kind, mine.positive) == ("Après", "practice", False)
    ObservedOutcome.objects.filter(pk=mine.pk).update(status="published")
    assert client.get(url(initiative, "outcome_edit", mine.pk)).status_code == 403


def test_only_a_draft_is_deleted(people, initiative):
    client = client_for(people["backbone_staff"])
    draft = outcome(initiative, "Brouillon", status=DRAFT)
    published = outcome(initiative, "Publié")
    client.post(url(initiative, "outcome_delete", draft.pk))
    response = client.post(url(initiative, "outcome_delete", published.pk), follow=True)
    assert not ObservedOutcome.objects.filter(pk=draft.pk).exists()
    assert ObservedOutcome.objects.filter(pk=published.pk).exists()
    assert "Only a draft can be deleted" in response.content.decode()


def test_the_reporter_is_shown_outcomes_that_look_like_theirs(people, initiative):
    outcome(initiative, "Les séances du conseil d'arrondissement sont ouvertes aux résidents")
    client = client_for(people["partner_editor"])
    response = report(
        client,
        initiative,
        actor=actor(initiative).pk,
        title_fr="Le conseil d'arrondissement ouvre ses séances aux résidents",
    )
    page = client.get(response["Location"]).content.decode()
    assert "These outcomes look like yours" in page
    assert "sont ouvertes aux résidents" in page


def test_staff_see_possible_duplicates_on_the_outcome_page(people, initiative):
    one = outcome(initiative, "La ville adopte une politique d'achat local")
    outcome(initiative, "La Ville a adopté une politique d'achat local pour ses cafétérias")
    outcome(initiative, "Les locataires forment une association")
    page = client_for(people["backbone_staff"]).get(url(initiative, "outcome", one.pk))
    text = page.content.decode()
    assert "Possible duplicates" in text
    assert "pour ses cafétérias" in text and "forment une association" not in text


def test_evidence_a_document_link_and_quote(people, initiative):
    editor = people["partner_editor"]
    mine = outcome(initiative, "Nôtre", partner=partner_of(editor, initiative), status=DRAFT)
    client = client_for(editor)
    add = url(initiative, "evidence_add", mine.pk)
    client.post(add, {"kind": "link", "url": "https://journal.example/article"})
    client.post(add, {"kind": "quote", "text": "On y va tous", "source": "Une résidente"})
    document = SimpleUploadedFile("pv.pdf", b"%PDF-1.4 minutes", "application/pdf")
    client.post(add, {"kind": "document", "document": document, "text": "Procès-verbal"})
    kinds = sorted(mine.evidence.values_list("kind", flat=True))
    assert kinds == ["document", "link", "quote"]
    stored = mine.evidence.get(kind="document")
    served = client.get(url(initiative, "evidence_file", mine.pk, stored.pk))
    assert served.status_code == 200 and b"".join(served.streaming_content) == b"%PDF-1.4 minutes"
    # Another partner's people never get it; the observer neither (a draft).
    for role in ("observer",):
        other = client_for(people[role]).get(url(initiative, "evidence_file", mine.pk, stored.pk))
        assert other.status_code == 404
    client.post(url(initiative, "evidence_delete", mine.pk, stored.pk))
    assert not mine.evidence.filter(kind="document").exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"kind": "link"}, "Give the link."),
        ({"kind": "link", "url": "pas une adresse"}, "Enter a valid URL."),
        ({"kind": "quote", "text": "Oui"}, "Say who said it."),
        ({"kind": "document"}, "Choose the document to add."),
    ],
)
def test_bad_evidence_is_refused_with_a_reason(people, initiative, data, error):
    staff = client_for(people["backbone_staff"])
    target = outcome(initiative)
    response = staff.post(url(initiative, "evidence_add", target.pk), data)
    assert response.status_code == 200 and error in response.content.decode()
    assert not Evidence.objects.filter(outcome=target).exists()


def test_a_document_over_10_mb_is_refused(people, initiative):
    target = outcome(initiative)
    big = SimpleUploadedFile("big.pdf", b"0" * (10 * 1024 * 1024 + 1), "application/pdf")
    response = client_for(people["backbone_staff"]).post(
        url(initiative, "evidence_add", target.pk), {"kind": "document", "document": big}
    )
    assert "larger than 10 MB" in response.content.decode()
    assert not Evidence.objects.filter(outcome=target).exists()


def test_the_pages_speak_french(people, initiative):
    admin = people["backbone_admin"]
    admin.language = "fr"
    admin.save(update_fields=["language"])
    page = client_for(admin).get(url(initiative, "overview")).content.decode()
    assert "Journal des effets" in page and "Signaler un effet" in page


def test_a_partner_may_not_edit_or_delete_another_partners_draft(people, initiative):
    editor = people["partner_editor"]
    another = Partner.objects.filter(initiative=initiative).exclude(
        pk=partner_of(editor, initiative).pk
    )[0]
    theirs = outcome(initiative, "Leur brouillon", partner=another, status=DRAFT)
    client = client_for(editor)
    assert client.get(url(initiative, "outcome_edit", theirs.pk)).status_code == 404
    assert client.get(url(initiative, "outcome_delete", theirs.pk)).status_code == 404
    client.post(url(initiative, "outcome_delete", theirs.pk))
    client.post(url(initiative, "outcome_edit", theirs.pk), {"title_fr": "Changé"})
    theirs.refresh_from_db()
    assert theirs.title_fr == "Leur brouillon"


def test_the_report_button_is_shown_to_those_who_may_report(people, initiative):
    button = "Report an outcome"
    assert (
        button
        in client_for(people["partner_member"]).get(url(initiative, "overview")).content.decode()
    )
    observer = client_for(people["observer"]).get(url(initiative, "overview"))
    assert observer.status_code == 200
    assert url(initiative, "outcome_new") not in observer.content.decode()


def test_a_bad_filter_is_said_and_the_journal_still_shows(people, initiative):
    outcome(initiative, "Publié")
    page = client_for(people["backbone_staff"]).get(
        url(initiative, "overview") + "?since=2026-06-01&until=2026-01-01"
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "This date is before the first one." in text and "Publié" in text


def test_choosing_an_actor_offers_its_markers_only(people, initiative):
    school, council = actor(initiative, "École Saint-Roch"), actor(initiative)
    ProgressMarker.objects.create(actor=school, level=1, text_fr="Ouvre ses locaux le soir")
    ProgressMarker.objects.create(actor=council, level=2, text_fr="Vote un budget participatif")
    client = client_for(people["partner_member"])
    form = client.get(url(initiative, "outcome_new")).content.decode()
    assert 'hx-get="' + url(initiative, "outcome_markers") + '"' in form
    part = client.get(url(initiative, "outcome_markers") + f"?actor={school.pk}")
    text = part.content.decode()
    assert "Ouvre ses locaux le soir" in text and "Vote un budget participatif" not in text
    assert 'name="markers"' in text
    none = client.get(url(initiative, "outcome_markers") + "?actor=")
    assert "No progress markers to tick." in none.content.decode()
    observer = client_for(people["observer"]).get(url(initiative, "outcome_markers"))
    assert observer.status_code == 403
