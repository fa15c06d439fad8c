"""The DHIS2 mapping page: backbone staff list, add, edit, delete and map in a click the ids
refused imports named; nobody else opens it."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commun.initiatives.models import Membership
from commun.measurement.models import Dhis2Mapping, Observation
from commun.measurement.tokens import create_token
from tests.helpers import client_for
from tests.measurement.factories import gender, indicator, territory_tree

Kind = Dhis2Mapping.Kind


@pytest.fixture
def page(initiative):
    return reverse("measurement:dhis2", args=[initiative.slug])


@pytest.fixture
def anc(initiative, people):
    places = territory_tree(initiative)
    mine = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    monthly = indicator(initiative, "dhis-anc", "sum", frequency="month")
    monthly.reporting_partners.add(mine)
    monthly.dimensions.add(gender(initiative))
    _token, key = create_token(initiative, mine, "dhis2", people["partner_editor"])
    return {"indicator": monthly, "places": places, "key": key}


def send(key, body):
    return Client().post(
        "/api/v1/dataValueSets",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_ACCEPT_LANGUAGE="en",
    )


REFUSED = {
    "period": "202401",
    "orgUnit": "DiszpKrYNg8",
    "dataValues": [
        {"dataElement": "fbfJHSPpUQD", "categoryOptionCombo": "Gmbgme7z9BF", "value": "12"},
        {
            "dataElement": "fbfJHSPpUQD",
            "categoryOptionCombo": "Gmbgme7z9BF",
            "period": "202402",
            "value": "20",
        },
    ],
}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("partner_editor", 403),
        ("partner_member", 403),
        ("observer", 403),
        ("other_initiative_admin", 403),
    ],
)
def test_only_backbone_staff_open_the_mapping_page(people, page, role, status):
    assert client_for(people[role]).get(page).status_code == status
    assert client_for(people[role]).post(page, {"kind": "orgUnit"}).status_code == status


def test_anonymous_people_are_sent_to_log_in(page):
    response = Client().get(page)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_refused_import_fills_the_page_and_each_id_is_mapped_in_a_click(
    people, initiative, page, anc
):
    assert send(anc["key"], REFUSED).status_code == 409
    staff = client_for(people["backbone_staff"])
    shown = staff.get(page).content.decode()
    for refused in ("fbfJHSPpUQD", "DiszpKrYNg8", "Gmbgme7z9BF"):
        assert refused in shown
    pending = {m.dhis2_id: m for m in Dhis2Mapping.objects.filter(initiative=initiative)}
    assert not any(m.mapped for m in pending.values())

    def map_it(dhis2_id, **target):
        mapping = pending[dhis2_id]
        url = reverse("measurement:dhis2_mapping_map", args=[initiative.slug, mapping.pk])
        data = {"kind": mapping.kind, "dhis2_id": dhis2_id, "name": ""} | target
        return staff.post(url, data)

    assert map_it("fbfJHSPpUQD", indicator=anc["indicator"].pk).status_code == 302
    assert (
        map_it("DiszpKrYNg8", territory=anc["places"]["a"].pk, name="Ngelehun").status_code == 302
    )
    assert map_it("Gmbgme7z9BF", dim_gender="f").status_code == 302
    assert Dhis2Mapping.objects.get(dhis2_id="Gmbgme7z9BF").breakdown == "gender=f"
    assert "Rien à rattacher" in staff.get(page).content.decode()  # the account reads French
    # The same import, sent again, is now read.
    again = send(anc["key"], REFUSED)
    assert again.status_code == 200, again.content
    assert Observation.objects.filter(indicator=anc["indicator"]).count() == 2


def test_mapping_an_id_without_saying_what_it_stands_for_is_refused(people, initiative, anc):
    send(anc["key"], REFUSED)
    pending = Dhis2Mapping.objects.get(dhis2_id="fbfJHSPpUQD")
    url = reverse("measurement:dhis2_mapping_map", args=[initiative.slug, pending.pk])
    response = client_for(people["backbone_staff"]).post(
        url, {"kind": pending.kind, "dhis2_id": pending.dhis2_id}
    )
    assert response.status_code == 200
    pending.refresh_from_db()
    assert not pending.mapped


def test_staff_add_edit_and_delete_a_mapping(people, initiative, page, anc):
    staff = client_for(people["backbone_staff"])
    added = staff.post(
        page,
        {"kind": Kind.ORG_UNIT, "dhis2_id": " ImspTQPwCqd ", "territory": anc["places"]["b"].pk},
    )
    assert added.status_code == 302
    mapping = Dhis2Mapping.objects.get(initiative=initiative, dhis2_id="ImspTQPwCqd")
    assert (mapping.territory, mapping.mapped) == (anc["places"]["b"], True)
    twice = staff.post(
        page, {"kind": Kind.ORG_UNIT, "dhis2_id": "ImspTQPwCqd", "territory": anc["places"]["c"].pk}
    )
    assert twice.status_code == 200  # the same id twice: refused, nothing saved
    assert Dhis2Mapping.objects.filter(dhis2_id="ImspTQPwCqd").count() == 1

    edit = reverse("measurement:dhis2_mapping_edit", args=[initiative.slug, mapping.pk])
    assert staff.get(edit).status_code == 200
    staff.post(
        edit,
        {
            "kind": Kind.ORG_UNIT,
            "dhis2_id": "ImspTQPwCqd",
            "name": "Sierra Leone",
            "territory": anc["places"]["city"].pk,
        },
    )
    mapping.refresh_from_db()
    assert (mapping.territory, mapping.name) == (anc["places"]["city"], "Sierra Leone")

    delete = reverse("measurement:dhis2_mapping_delete", args=[initiative.slug, mapping.pk])
    assert staff.post(delete).status_code == 302
    assert not Dhis2Mapping.objects.filter(pk=mapping.pk).exists()


def test_another_initiatives_staff_cannot_reach_a_mapping(people, initiative, anc):
    mapping = Dhis2Mapping.objects.create(
        initiative=initiative, kind=Kind.ORG_UNIT, dhis2_id="x", territory=anc["places"]["a"]
    )
    other = client_for(people["other_initiative_admin"])
    delete = reverse("measurement:dhis2_mapping_delete", args=[initiative.slug, mapping.pk])
    assert other.post(delete).status_code in (403, 404)
    assert Dhis2Mapping.objects.filter(pk=mapping.pk).exists()


def test_the_page_reads_in_french(people, page, anc):
    staff = client_for(people["backbone_staff"])
    html = staff.get(page, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Tables de correspondance DHIS2" in html


def test_the_page_runs_the_same_queries_however_many_ids_wait(people, initiative, page, anc):
    staff = client_for(people["backbone_staff"])

    def queries():
        with CaptureQueriesContext(connection) as ran:
            assert staff.get(page).status_code == 200
        return len(ran)

    def add(count):
        for number in range(count):
            for kind in Kind.values:
                Dhis2Mapping.objects.create(
                    initiative=initiative, kind=kind, dhis2_id=f"w{count}-{number}", mapped=False
                )
            Dhis2Mapping.objects.create(
                initiative=initiative,
                kind=Kind.ORG_UNIT,
                dhis2_id=f"m{count}-{number}",
                territory=anc["places"]["a"],
            )

    add(1)
    queries()  # the session's first reading
    few = queries()
    add(6)
    assert queries() == few
