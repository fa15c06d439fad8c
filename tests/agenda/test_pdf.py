"""The agenda as a PDF, in the language the partner asks for."""

from io import BytesIO
from unittest import mock

from django.urls import reverse
from pypdf import PdfReader

from commun.agenda.models import Canvas
from commun.agenda.pdf import agenda_pdf, css_string
from commun.agenda.versions import publish_version
from tests.helpers import client_for


def pdf_text(response) -> str:
    reader = PdfReader(BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def write_vision(initiative, fr, en):
    Canvas.objects.update_or_create(
        initiative=initiative, key="vision", defaults={"texts": {"vision": {"fr": fr, "en": en}}}
    )


def test_a_partner_downloads_the_agenda_in_french_or_in_english(people, initiative):
    write_vision(initiative, "Un quartier où l'on mange à sa faim", "Nobody goes hungry here")
    client = client_for(people["partner_member"])
    url = reverse("agenda:document_pdf", args=[initiative.slug])

    french = client.get(url, {"lang": "fr"})
    english = client.get(url, {"lang": "en"})

    assert french["Content-Type"] == "application/pdf"
    assert french["Content-Disposition"].endswith('-fr.pdf"')
    text_fr, text_en = pdf_text(french), pdf_text(english)
    assert "Un quartier où l'on mange à sa faim" in text_fr
    assert "Théorie du changement" in text_fr or "Vision" in text_fr
    assert "Nobody goes hungry here" in text_en
    assert "Nobody goes hungry here" not in text_fr


def test_a_published_version_prints_as_it_was_published(people, initiative):
    write_vision(initiative, "Texte publié", "Published text")
    version = publish_version(initiative, people["backbone_staff"])
    write_vision(initiative, "Texte modifié depuis", "Changed since")
    response = client_for(people["observer"]).get(
        reverse("agenda:document_pdf", args=[initiative.slug]),
        {"lang": "fr", "version": version.number},
    )
    text = pdf_text(response)
    assert "Texte publié" in text and "Texte modifié depuis" not in text
    assert f"-v{version.number}-fr.pdf" in response["Content-Disposition"]


def test_an_unknown_language_or_version_is_a_404(people, initiative):
    client = client_for(people["partner_member"])
    url = reverse("agenda:document_pdf", args=[initiative.slug])
    assert client.get(url, {"lang": "de"}).status_code == 404
    assert client.get(url, {"version": "abc"}).status_code == 404
    assert client.get(url, {"version": "999"}).status_code == 404


def test_names_with_quotes_cannot_break_the_page_footer():
    assert css_string('Table "Saint-Roch" \\ </style>') == 'Table \\"Saint-Roch\\" \\\\ /style'


def test_the_pdf_is_made_again_only_when_what_it_prints_changes(people, initiative):
    client = client_for(people["partner_member"])
    url = reverse("agenda:document_pdf", args=[initiative.slug])
    write_vision(initiative, "Première vision", "First vision")
    with mock.patch("commun.agenda.pdf.agenda_pdf", wraps=agenda_pdf) as rendered:
        first = client.get(url, {"lang": "fr"})
        assert pdf_text(client.get(url, {"lang": "fr"})) == pdf_text(first)
        assert rendered.call_count == 1

        write_vision(initiative, "Vision révisée", "Revised vision")
        edited = client.get(url, {"lang": "fr"})
        assert rendered.call_count == 2
        assert "Vision révisée" in pdf_text(edited) and "Première vision" in pdf_text(first)

        version = publish_version(initiative, people["backbone_staff"])
        published = client.get(url, {"lang": "fr", "version": version.number})
        assert rendered.call_count == 3
        assert f"Version {version.number}" in pdf_text(published)
