"""Territory names a file writes otherwise, learnt on the import page: backbone staff say which
territory each unknown name is, it becomes that territory's other name, and the file imports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from commun.initiatives.models import Membership
from commun.measurement.models import (
    ImportJob,
    Indicator,
    Observation,
    Territory,
    TerritoryAlias,
)
from tests.helpers import client_for
from tests.measurement.factories import indicator, territory_tree

# As an open-data portal writes it: Windows-1252, ";", a title line, decimal commas, names
# spelt its own way ("Secteur Nord", twice with other spacing and case), an unknown name once.
PORTAL_FILE = (
    "Données de fréquentation — export du portail\r\n"
    "indicateur;période;territoire;valeur\r\n"
    "pn-visits;2025;Secteur Nord;1 250\r\n"
    "pn-visits;2024;SECTEUR  nord;0\r\n"
    "pn-visits;2025;Quartier Sud-Est (hors ZUS);7\r\n"
    "pn-visits;2025;Ville;40\r\n"
).encode("cp1252")


@pytest.fixture
def places(initiative):
    tree = territory_tree(initiative)
    indicator(initiative, "pn-visits", "sum")
    return tree


def upload(client, initiative):
    client.post(
        reverse("measurement:import", args=[initiative.slug]),
        {"file": SimpleUploadedFile("portail.csv", PORTAL_FILE, content_type="text/csv")},
    )
    return ImportJob.objects.filter(initiative=initiative).latest("pk")


def preview(client, job):
    return client.get(reverse("measurement:import_preview", args=[job.initiative.slug, job.pk]))


def name_them(client, job, chosen: dict):
    """POST the names form: {name as written: territory or None}."""
    data = {}
    for index, (name, territory) in enumerate(chosen.items()):
        data[f"name_{index}"] = name
        data[f"territory_{index}"] = territory.pk if territory else ""
    return client.post(
        reverse("measurement:import_places", args=[job.initiative.slug, job.pk]), data, follow=True
    )


def test_staff_name_the_unknown_territories_once_and_the_file_imports(people, initiative, places):
    client = client_for(people["backbone_staff"])
    job = upload(client, initiative)
    page = preview(client, job)
    form = page.context["places_form"]
    # Each unknown name once, as the file first writes it; the known "Ville" is not asked.
    assert form.names == ["Secteur Nord", "Quartier Sud-Est (hors ZUS)"]
    assert page.context["problems"]  # nothing can be imported yet
    assert "Secteur Nord" in page.content.decode()

    after = name_them(
        client,
        job,
        {"Secteur Nord": places["north"], "Quartier Sud-Est (hors ZUS)": places["d"]},
    )
    assert sorted(TerritoryAlias.objects.values_list("name", "territory__code")) == [
        ("Quartier Sud-Est (hors ZUS)", "t-d"),
        ("Secteur Nord", "t-north"),
    ]
    # Back on the preview, which reads the file again: every row is right now.
    assert after.context["problems"] == [] and after.context["places_form"] is None
    client.post(reverse("measurement:import_run", args=[initiative.slug, job.pk]))
    values = set(
        Observation.objects.filter(indicator__code="pn-visits").values_list(
            "territory__code", "period", "value"
        )
    )
    # "SECTEUR  nord" is the same name: its row is found too.
    assert values == {
        ("t-north", "2025", 1250),
        ("t-north", "2024", 0),
        ("t-d", "2025", 7),
        ("t-city", "2025", 40),
    }


def test_a_name_left_unknown_stays_a_problem_and_the_others_are_learnt(people, initiative, places):
    client = client_for(people["backbone_staff"])
    job = upload(client, initiative)
    after = name_them(
        client, job, {"Secteur Nord": places["north"], "Quartier Sud-Est (hors ZUS)": None}
    )
    assert list(TerritoryAlias.objects.values_list("name", flat=True)) == ["Secteur Nord"]
    assert after.context["places_form"].names == ["Quartier Sud-Est (hors ZUS)"]


def test_names_are_learnt_all_or_none_with_the_reason_in_french(people, initiative, places):
    client = client_for(people["backbone_staff"])
    job = upload(client, initiative)
    # A forged pair: "Sud" already names the south (by its French name): refused, and the
    # valid pair beside it is not saved either.
    Territory.objects.filter(pk=places["south"].pk).update(name_fr="Sud")
    with translation.override("fr"):
        after = name_them(client, job, {"Secteur Nord": places["north"], "Sud": places["north"]})
    assert not TerritoryAlias.objects.exists()
    message = str(next(iter(after.context["messages"])))
    assert message.startswith("Rien n'a été enregistré.")
    assert "« Sud » désigne déjà « Sud »" in message


def test_nothing_is_saved_without_a_choice_or_with_another_initiatives_territory(
    people, initiative, other_initiative, places
):
    client = client_for(people["backbone_staff"])
    job = upload(client, initiative)
    name_them(client, job, {"Secteur Nord": None})
    elsewhere = Territory.objects.create(
        initiative=other_initiative, code="x-1", name_fr="Ailleurs"
    )
    page = name_them(client, job, {"Secteur Nord": elsewhere})
    assert not TerritoryAlias.objects.exists()
    assert page.status_code == 200


@pytest.mark.parametrize(
    "role, status",
    [
        ("partner_editor", 403),
        ("partner_member", 403),
        ("observer", 403),
        ("other_initiative_admin", 403),
        ("anonymous", 302),
    ],
)
def test_only_backbone_staff_learn_territory_names(role, status, people, initiative, places):
    staff_job = upload(client_for(people["backbone_staff"]), initiative)
    answer = client_for(people[role]).post(
        reverse("measurement:import_places", args=[initiative.slug, staff_job.pk]),
        {"name_0": "Secteur Nord", "territory_0": places["north"].pk},
    )
    assert answer.status_code == status
    assert not TerritoryAlias.objects.exists()


def test_a_partner_sees_the_unknown_names_as_problems_without_the_form(people, initiative, places):
    editor = people["partner_editor"]
    partner = Membership.objects.get(user=editor, initiative=initiative).partner
    Indicator.objects.get(code="pn-visits").reporting_partners.add(partner)
    client = client_for(editor)
    page = preview(client, upload(client, initiative))
    assert page.context["places_form"] is None
    assert any("Secteur Nord" in p.message for p in page.context["problems"])
