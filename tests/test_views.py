"""The pages built around one form (`commun.views.form_page`): shown, refused with errors and
nothing stored, or saved, said and redirected."""

import pytest
from django.urls import reverse

from commun.initiatives.models import BodyMember, GovernanceBody, Partner
from tests.browser_forms import forms_of
from tests.helpers import client_for


def main_form(html: str) -> dict:
    """What a browser sends for the page's main post form (the one with the most fields)."""
    return max((f for f in forms_of(html) if f.method == "post"), key=lambda f: f.visible).data()


def stored(initiative) -> tuple[int, int, int]:
    bodies = GovernanceBody.objects.filter(initiative=initiative)
    return (
        bodies.count(),
        BodyMember.objects.filter(body__in=bodies).count(),
        Partner.objects.filter(initiative=initiative).count(),
    )


@pytest.mark.parametrize(
    ("name", "on"),
    [
        ("initiatives:body_new", None),
        ("initiatives:partner_new", None),
        ("initiatives:body_member_add", "body"),
    ],
)
def test_an_empty_creation_form_is_shown_again_with_its_errors_and_stores_nothing(
    name, on, people, initiative
):
    body = GovernanceBody.objects.filter(initiative=initiative).first()
    url = reverse(name, args=[initiative.slug] + ([body.pk] if on else []))
    client = client_for(people["backbone_admin"])
    page = client.get(url)
    assert page.status_code == 200
    before = stored(initiative)
    sent = {key: "" for key in main_form(page.content.decode())}
    sent["csrfmiddlewaretoken"] = ""
    response = client.post(url, sent, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors and 'aria-invalid="true"' in response.content.decode()
    assert stored(initiative) == before


@pytest.mark.parametrize(
    ("name", "detail", "message"),
    [
        ("initiatives:body_edit", "initiatives:body", "{name} is saved."),
        ("initiatives:partner_edit", "initiatives:partner", "The profile of {name} is saved."),
    ],
)
def test_an_edit_form_saved_says_so_and_goes_back_to_what_it_edited(
    name, detail, message, people, initiative
):
    model = GovernanceBody if "body" in name else Partner
    edited = model.objects.filter(initiative=initiative).first()
    admin = people["backbone_admin"]
    admin.language = "en"
    admin.save(update_fields=["language"])
    client = client_for(admin)
    url = reverse(name, args=[initiative.slug, edited.pk])
    response = client.post(url, main_form(client.get(url).content.decode()))
    assert response.status_code == 302
    assert response["Location"] == reverse(detail, args=[initiative.slug, edited.pk])
    shown = client.get(response["Location"]).content.decode()
    assert message.format(name=edited.name_en or edited.name_fr) in shown
