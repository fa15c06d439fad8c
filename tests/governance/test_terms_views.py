"""The terms pages per role: members read them, staff edit and publish, current members endorse
the latest version; a form saved unchanged writes nothing; bad input is refused, translated."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from commun.governance.models import Seat, Terms, TermsEndorsement, TermsVersion
from commun.governance.rules import terms_of
from commun.governance.terms_versions import publish_terms
from commun.initiatives.models import BodyMember, GovernanceBody
from tests.helpers import client_for


@pytest.fixture
def body(initiative):
    return GovernanceBody.objects.get(initiative=initiative, name_fr="Chantier logement")


def url(body, name="governance:terms", *args):
    return reverse(name, args=[body.initiative.slug, body.pk, *args])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("backbone_admin", 200),
        ("partner_editor", 200),
        ("partner_member", 200),
        ("observer", 200),  # terms are the body's published rules
        ("other_initiative_admin", 403),
        ("anonymous", 302),
    ],
)
def test_the_terms_page_per_role(body, people, role, status):
    response = client_for(people[role]).get(url(body))
    assert response.status_code == status


@pytest.mark.django_db
def test_the_body_page_shows_the_terms_summary_and_links_to_them(body, people):
    steering = GovernanceBody.objects.get(initiative=body.initiative, kind="steering")
    people["partner_member"].language = "en"
    people["partner_member"].save()
    client = client_for(people["partner_member"])
    html = client.get(reverse("initiatives:body", args=[steering.initiative.slug, steering.pk]))
    html = html.content.decode()
    assert "A majority of the" in html and "endorsed by" in html
    assert url(steering) in html
    assert "Terms to renew" in html  # the demo's member whose term ends soon


def form_data(response) -> dict:
    data = {}
    for form in [response.context["form"], *response.context["seats"]]:
        for name in form.fields:
            value = form[name].value()
            if value not in (None, False):
                data[form.add_prefix(name)] = value
    management = response.context["seats"].management_form
    data |= {management.add_prefix(n): management[n].value() for n in management.fields}
    return data


@pytest.mark.django_db
def test_terms_saved_unchanged_change_nothing_then_a_seat_is_added(body, people):
    client = client_for(people["backbone_staff"])
    data = form_data(client.get(url(body, "governance:terms_edit")))
    history = Terms.history.count() + Seat.history.count()
    response = client.post(url(body, "governance:terms_edit"), data, follow=True)
    assert Terms.history.count() + Seat.history.count() == history
    assert "Rien n" in response.content.decode() or "Nothing changed" in response.content.decode()
    seats = Seat.objects.filter(body=body).count()
    blank = int(data["seats-TOTAL_FORMS"]) - 1
    data |= {f"seats-{blank}-sector": "private", f"seats-{blank}-count": "1"}
    client.post(url(body, "governance:terms_edit"), data)
    assert Seat.objects.filter(body=body).count() == seats + 1


@pytest.mark.django_db
def test_a_qualified_majority_without_its_share_is_refused_in_the_persons_language(body, people):
    people["backbone_staff"].language = "fr"
    people["backbone_staff"].save()
    client = client_for(people["backbone_staff"])
    before = terms_of(body).qualified_share
    data = form_data(client.get(url(body, "governance:terms_edit")))
    data |= {"terms-decision_rule": "qualified", "terms-qualified_share": "40"}
    response = client.post(url(body, "governance:terms_edit"), data)
    assert response.status_code == 200
    assert "majorité qualifiée" in response.content.decode()
    assert terms_of(body).qualified_share == before


@pytest.mark.django_db
def test_staff_publish_and_a_member_endorses_the_latest_version_only(body, people):
    staff = client_for(people["backbone_staff"])
    staff.post(url(body, "governance:terms_publish"), {"note_fr": "", "note_en": ""})
    first = TermsVersion.objects.get(body=body, number=1)
    assert staff.post(url(body, "governance:terms_publish"), {}).status_code == 302
    assert TermsVersion.objects.filter(body=body).count() == 1  # nothing changed
    member = BodyMember.objects.filter(body=body).select_related("user").first().user
    client = client_for(member)
    endorse = url(body, "governance:terms_endorse", first.number)
    assert client.post(endorse, {"decision": "reservation", "reservation": ""}).status_code == 200
    assert (
        not TermsEndorsement.objects.exists()
        or not TermsEndorsement.objects.filter(version=first).exists()
    )
    client.post(endorse, {"decision": "reservation", "reservation": "Trop court"})
    assert TermsEndorsement.objects.get(version=first, person=member).decision == "reservation"
    terms = terms_of(body)
    terms.cadence = "weekly"
    terms.save()
    publish_terms(body, people["backbone_staff"])
    client.post(endorse, {"decision": "endorsed", "reservation": ""})
    assert TermsEndorsement.objects.get(version=first, person=member).decision == "reservation"
    page = client.get(url(body, "governance:terms_version", 2)).content.decode()
    assert reverse("governance:terms_endorse", args=[body.initiative.slug, body.pk, 2]) in page
    outsider = client_for(people["observer"])
    assert outsider.get(url(body, "governance:terms_endorse", 2)).status_code == 403


@pytest.mark.django_db
def test_the_pdf_is_made_complete_in_each_language(body, people):
    steering = GovernanceBody.objects.get(initiative=body.initiative, kind="steering")
    client = client_for(people["partner_member"])
    texts = {}
    for language in ("fr", "en"):
        response = client.get(url(steering, "governance:terms_pdf"), {"lang": language})
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].endswith(f'-{language}.pdf"')
        reader = PdfReader(BytesIO(response.content))
        texts[language] = " ".join(page.extract_text() for page in reader.pages)
    assert "Mode de décision" in texts["fr"] and "Par consentement" in texts["fr"]
    assert "déclare" in texts["fr"] and "declares" not in texts["fr"]
    assert "Decision rule" in texts["en"] and "By consent" in texts["en"]
    assert "declares it before" in texts["en"]
    version = client.get(url(steering, "governance:terms_pdf"), {"lang": "en", "version": "1"})
    assert version["Content-Disposition"].endswith('-v1-en.pdf"')
    assert client.get(url(body, "governance:terms_pdf"), {"lang": "de"}).status_code == 404


@pytest.mark.django_db
def test_the_terms_and_body_pages_read_as_many_queries_whatever_the_members(body, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commun.people.models import User

    client = client_for(people["backbone_staff"])
    pages = [url(body), reverse("initiatives:body", args=[body.initiative.slug, body.pk])]
    publish_terms(body, people["backbone_staff"])
    client.get(pages[0])  # the terms' row made with its defaults

    def counts():
        found = []
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            found.append(len(queries))
        return found

    before = counts()
    seated = BodyMember.objects.filter(body=body).values_list("user_id", flat=True)
    for person in User.objects.exclude(pk__in=seated)[:3]:
        BodyMember.objects.create(body=body, user=person, role="member")
    assert counts() == before
