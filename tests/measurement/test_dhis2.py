"""DHIS2 exchange through the API: a dataValueSet in (JSON or DHIS2's CSV, DHIS2's periods and
ids through the mapping tables), answered as DHIS2 answers; the same shape out."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from commun.initiatives.models import Membership
from commun.measurement.dhis2_export import dhis2_period
from commun.measurement.models import DEFAULT_COMBO, Dhis2Mapping, Observation
from commun.measurement.tokens import create_token
from tests.measurement.factories import gender, indicator, observe, territory_tree

Kind = Dhis2Mapping.Kind


@pytest.fixture
def setup(initiative, people):
    places = territory_tree(initiative)
    mine = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    monthly = indicator(initiative, "dhis-anc", "sum", frequency="month")
    monthly.reporting_partners.add(mine)
    monthly.dimensions.add(gender(initiative))
    quarterly = indicator(initiative, "dhis-visits", "sum", frequency="quarter")
    quarterly.reporting_partners.add(mine)
    _token, partner_key = create_token(initiative, mine, "dhis2", people["partner_editor"])
    _token, backbone_key = create_token(initiative, None, "dhis2", people["backbone_staff"])
    mapped = [
        (Kind.DATA_ELEMENT, "fbfJHSPpUQD", {"indicator": monthly}, "ANC 1st visit"),
        (Kind.DATA_ELEMENT, "cYeuwXTCPkU", {"indicator": quarterly}, "Visits"),
        (Kind.ORG_UNIT, "DiszpKrYNg8", {"territory": places["a"]}, "Ngelehun CHC"),
        (Kind.ORG_UNIT, "g8upMTyEZGZ", {"territory": places["b"]}, "Njandama MCHP"),
        (Kind.CATEGORY_OPTION_COMBO, "Gmbgme7z9BF", {"breakdown": "gender=f"}, "Female"),
        (Kind.CATEGORY_OPTION_COMBO, "Jl7VWCo1kNJ", {"breakdown": "gender=m"}, "Male"),
    ]
    for kind, dhis2_id, target, name in mapped:
        Dhis2Mapping.objects.create(
            initiative=initiative, kind=kind, dhis2_id=dhis2_id, name=name, **target
        )
    return {
        "places": places,
        "mine": mine,
        "monthly": monthly,
        "quarterly": quarterly,
        "partner": partner_key,
        "backbone": backbone_key,
    }


def post(key, body, content_type="application/json", language="en"):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return Client().post(
        "/api/v1/dataValueSets",
        data=data,
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def get(key, query=""):
    return Client().get(
        f"/api/v1/dataValueSets{query}",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_ACCEPT_LANGUAGE="en",
    )


ANC_SET = {
    "dataSet": "BfMAe6Itzgt",
    "period": "202401",
    "orgUnit": "DiszpKrYNg8",
    "dataValues": [
        {"dataElement": "fbfJHSPpUQD", "categoryOptionCombo": "Gmbgme7z9BF", "value": "12"},
        {"dataElement": "fbfJHSPpUQD", "categoryOptionCombo": "Jl7VWCo1kNJ", "value": "9"},
        {
            "dataElement": "cYeuwXTCPkU",
            "period": "2024Q2",
            "orgUnit": "g8upMTyEZGZ",
            "categoryOptionCombo": DEFAULT_COMBO,
            "attributeOptionCombo": DEFAULT_COMBO,
            "value": "31",
            "comment": "Clinique mobile",
            "followup": False,
        },
    ],
}


MINE = "?dataElement=fbfJHSPpUQD&dataElement=cYeuwXTCPkU"  # the demo holds values of its own


def stored(indicator):
    return sorted(
        (o.period, o.territory.code, o.breakdown, o.value, o.comment)
        for o in Observation.objects.filter(indicator=indicator).select_related("territory")
    )


def test_a_json_data_value_set_is_imported_with_dhis2_periods_and_set_defaults(setup):
    response = post(setup["partner"], ANC_SET)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["httpStatus"] == "OK" and answer["status"] == "OK"
    summary = answer["response"]
    assert summary["responseType"] == "ImportSummary"
    assert summary["status"] == "SUCCESS"
    assert summary["importCount"] == {"imported": 3, "updated": 0, "ignored": 0, "deleted": 0}
    assert summary["conflicts"] == []
    assert stored(setup["monthly"]) == [
        ("2024-01", "t-a", "gender=f", Decimal(12), ""),
        ("2024-01", "t-a", "gender=m", Decimal(9), ""),
    ]
    assert stored(setup["quarterly"]) == [("2024-Q2", "t-b", "", Decimal(31), "Clinique mobile")]
    assert set(
        Observation.objects.filter(indicator=setup["monthly"]).values_list("partner", "status")
    ) == {(setup["mine"].pk, "submitted")}


def test_identical_data_sent_again_changes_nothing_and_is_accepted(setup):
    post(setup["partner"], ANC_SET)
    again = post(setup["partner"], ANC_SET)
    assert again.status_code == 200
    assert again.json()["response"]["status"] == "SUCCESS"
    assert again.json()["response"]["importCount"] == {
        "imported": 0,
        "updated": 0,
        "ignored": 3,
        "deleted": 0,
    }


def test_dhis2s_csv_is_imported_with_or_without_its_header(setup):
    header = (
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
        "lastupdated,comment,followup\r\n"
    )
    lines = (
        '"fbfJHSPpUQD","202402","DiszpKrYNg8","Gmbgme7z9BF","HllvX50cXC0","14","admin",'
        '"2024-03-01T10:00:00.000","",false\r\n'
        '"cYeuwXTCPkU","2024Q3","g8upMTyEZGZ","HllvX50cXC0","HllvX50cXC0","7","admin",'
        '"2024-10-01","Équipe réduite",false\r\n'
    )
    with_header = ("\ufeff" + header + lines).encode("utf-8")
    response = post(setup["partner"], with_header, content_type="application/csv")
    assert response.status_code == 200, response.content
    assert response.json()["response"]["importCount"]["imported"] == 2
    assert ("2024-Q3", "t-b", "", Decimal(7), "Équipe réduite") in stored(setup["quarterly"])
    # Without its header line, as DHIS2 may write it, and in Windows-1252: the same values.
    again = post(setup["partner"], lines.encode("cp1252"), content_type="text/csv")
    assert again.status_code == 200, again.content
    assert again.json()["response"]["importCount"] == {
        "imported": 0,
        "updated": 0,
        "ignored": 2,
        "deleted": 0,
    }


def test_every_unknown_id_is_named_once_with_its_values_and_nothing_is_written(setup):
    body = {
        "orgUnit": "DiszpKrYNg8",
        "dataValues": [
            {"dataElement": "fbfJHSPpUQD", "period": "202401", "value": "1"},  # fine
            {"dataElement": "UNKNOWNDE01", "period": "202401", "value": "2"},
            {"dataElement": "UNKNOWNDE01", "period": "202402", "value": "3"},
            {"dataElement": "fbfJHSPpUQD", "period": "202401", "orgUnit": "NOWHERE0001"},
            {
                "dataElement": "fbfJHSPpUQD",
                "period": "202401",
                "categoryOptionCombo": "UNKNOWNCOC1",
                "value": "4",
            },
            {"dataElement": "fbfJHSPpUQD", "period": "2024AprilS1", "value": "5"},
        ],
    }
    response = post(setup["partner"], body)
    assert response.status_code == 409
    answer = response.json()
    assert (answer["httpStatus"], answer["httpStatusCode"], answer["status"]) == (
        "Conflict",
        409,
        "ERROR",
    )
    summary = answer["response"]
    assert summary["status"] == "ERROR"
    assert summary["importCount"] == {"imported": 0, "updated": 0, "ignored": 6, "deleted": 0}
    named = {
        (c["property"], c["object"], c["errorCode"], tuple(c["indexes"]))
        for c in summary["conflicts"]
    }
    assert named == {
        ("dataElement", "UNKNOWNDE01", "E7610", (1, 2)),
        ("orgUnit", "NOWHERE0001", "E7612", (3,)),
        ("categoryOptionCombo", "UNKNOWNCOC1", "E7613", (4,)),
        ("period", "2024AprilS1", "E7611", (5,)),
    }
    assert summary["rejectedIndexes"] == [1, 2, 3, 4, 5]
    assert "UNKNOWNDE01" in next(
        c["value"] for c in summary["conflicts"] if c["errorCode"] == "E7610"
    )
    assert not Observation.objects.filter(indicator=setup["monthly"]).exists()


def test_conflicts_are_said_in_the_callers_language(setup):
    body = {"period": "202401", "orgUnit": "x", "dataValues": [{"dataElement": "fbfJHSPpUQD"}]}
    conflict = post(setup["partner"], body, language="fr").json()["response"]["conflicts"][0]
    assert conflict["value"].startswith("Unité d'organisation introuvable")


def test_a_refused_import_leaves_its_unknown_ids_to_map(setup, initiative):
    body = {
        "period": "202401",
        "orgUnit": "NEWPLACE001",
        "dataValues": [
            {"dataElement": "NEWDE000001", "value": "1"},
            {"dataElement": "NEWDE000001", "categoryOptionCombo": "NEWCOC00001", "value": "2"},
        ],
    }
    post(setup["partner"], body)
    to_map = Dhis2Mapping.objects.filter(initiative=initiative, mapped=False)
    assert sorted(to_map.values_list("kind", "dhis2_id", "refused_rows")) == [
        ("categoryOptionCombo", "NEWCOC00001", 1),
        ("dataElement", "NEWDE000001", 2),
        ("orgUnit", "NEWPLACE001", 2),
    ]
    post(setup["partner"], body)  # the same refusal again: the same rows, noted again
    assert to_map.count() == 3
    assert to_map.get(kind="dataElement").refused_rows == 4


def test_values_refused_by_commun_checks_are_conflicts_too(setup):
    body = {
        "period": "202401",
        "orgUnit": "DiszpKrYNg8",
        "dataValues": [
            {"dataElement": "fbfJHSPpUQD", "categoryOptionCombo": "Gmbgme7z9BF", "value": "12,5"},
            {"dataElement": "fbfJHSPpUQD", "categoryOptionCombo": "Jl7VWCo1kNJ", "value": "douze"},
        ],
    }
    response = post(setup["partner"], body)
    assert response.status_code == 409
    conflicts = response.json()["response"]["conflicts"]
    assert {(c["property"], c["object"], tuple(c["indexes"])) for c in conflicts} == {
        ("value", "fbfJHSPpUQD", (0,)),
        ("value", "fbfJHSPpUQD", (1,)),
    }
    assert any("douze" in c["value"] for c in conflicts)
    assert not Observation.objects.filter(indicator=setup["monthly"]).exists()


def test_commun_codes_are_read_where_an_id_has_no_mapping(setup):
    body = {
        "dataValues": [
            {
                "dataElement": "dhis-anc",
                "period": "2024-03",
                "orgUnit": "t-c",
                "categoryOptionCombo": "gender=f",
                "value": 5,
            }
        ]
    }
    response = post(setup["partner"], body)
    assert response.status_code == 200, response.content
    assert stored(setup["monthly"]) == [("2024-03", "t-c", "gender=f", Decimal(5), "")]


def test_a_partner_cannot_send_values_for_another_partner(setup, initiative):
    other = initiative.partners.exclude(pk=setup["mine"].pk).first()
    body = {
        "period": "202401",
        "orgUnit": "DiszpKrYNg8",
        "attributeOptionCombo": other.acronym or other.name_fr,
        "dataValues": [{"dataElement": "fbfJHSPpUQD", "value": "1"}],
    }
    response = post(setup["partner"], body)
    assert response.status_code == 409
    assert response.json()["response"]["conflicts"][0]["property"] == "attributeOptionCombo"
    assert not Dhis2Mapping.objects.filter(kind=Kind.ATTRIBUTE_OPTION_COMBO).exists()


def test_a_value_without_period_or_org_unit_is_a_shape_problem(setup):
    body = {"dataValues": [{"dataElement": "fbfJHSPpUQD", "value": "1"}]}
    response = post(setup["partner"], body)
    assert response.status_code == 422
    assert {p["where"] for p in response.json()["detail"]} == {
        "dataValues.0.period",
        "dataValues.0.orgUnit",
    }


@pytest.mark.parametrize(
    ("key", "period", "frequency", "written"),
    [
        ("2024", "year", "2024", "2024"),
        ("2024-H2", "half_year", "2024S2", "2024-H2"),
        ("2024-Q2", "quarter", "2024Q2", "2024-Q2"),
        ("2024-01", "month", "202401", "2024-01"),
        ("2024-W05", "week", "2024W5", "2024-W05"),
    ],
)
def test_periods_are_written_as_dhis2_writes_them_and_read_back(key, period, frequency, written):
    from commun.measurement.periods import normalize_period

    assert dhis2_period(key, period) == frequency
    assert normalize_period(frequency, period) == written


def test_the_export_gives_mapped_ids_and_commun_codes_and_imports_back_unchanged(setup):
    monthly, places = setup["monthly"], setup["places"]
    post(setup["partner"], ANC_SET)
    observe(monthly, places["c"], 4, partner=setup["mine"], breakdown="gender=f", period="2024-02")
    exported = get(setup["partner"], MINE)
    assert exported.status_code == 200
    values = exported.json()["dataValues"]
    by_place = {
        (v["dataElement"], v["period"], v["orgUnit"], v["categoryOptionCombo"]): v for v in values
    }
    assert set(by_place) == {
        ("fbfJHSPpUQD", "202401", "DiszpKrYNg8", "Gmbgme7z9BF"),
        ("fbfJHSPpUQD", "202401", "DiszpKrYNg8", "Jl7VWCo1kNJ"),
        ("fbfJHSPpUQD", "202402", "t-c", "Gmbgme7z9BF"),  # a territory without a DHIS2 id
        ("cYeuwXTCPkU", "2024Q2", "g8upMTyEZGZ", DEFAULT_COMBO),
    }
    assert by_place[("cYeuwXTCPkU", "2024Q2", "g8upMTyEZGZ", DEFAULT_COMBO)]["value"] == "31"
    # What GET gives, POST accepts unchanged.
    again = post(setup["partner"], exported.json())
    assert again.status_code == 200, again.content
    assert again.json()["response"]["importCount"] == {
        "imported": 0,
        "updated": 0,
        "ignored": 4,
        "deleted": 0,
    }


def test_the_backbones_export_names_each_partner_and_imports_back_unchanged(setup, initiative):
    post(setup["partner"], ANC_SET)
    observe(setup["quarterly"], setup["places"]["city"], 50, period="2024-Q1")  # the backbone's
    exported = get(setup["backbone"], "?dataElement=cYeuwXTCPkU&dataElement=fbfJHSPpUQD")
    values = exported.json()["dataValues"]
    assert len(values) == 4
    combos = {v["attributeOptionCombo"] for v in values}
    assert combos == {DEFAULT_COMBO, setup["mine"].acronym or setup["mine"].name_fr}
    again = post(setup["backbone"], exported.json())
    assert again.status_code == 200, again.content
    assert again.json()["response"]["importCount"]["ignored"] == 4
    assert (
        Observation.objects.filter(indicator__in=[setup["monthly"], setup["quarterly"]]).count()
        == 4
    )


def test_the_export_is_filtered_as_dhis2_filters_it(setup):
    post(setup["partner"], ANC_SET)
    only = get(setup["partner"], MINE + "&period=2024Q2").json()["dataValues"]
    assert [v["dataElement"] for v in only] == ["cYeuwXTCPkU"]
    city = get(setup["partner"], MINE + "&orgUnit=t-north&children=true").json()["dataValues"]
    assert len(city) == 3
    assert get(setup["partner"], MINE + "&orgUnit=t-north").json()["dataValues"] == []
    dated = get(setup["partner"], MINE + "&startDate=2024-03-01&endDate=2024-12-31").json()
    assert [v["period"] for v in dated["dataValues"]] == ["2024Q2"]
    unknown = get(setup["partner"], "?dataElement=NOPE")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Unknown data element “NOPE”."}


def test_a_partners_export_holds_only_its_own_values(setup, initiative):
    other = initiative.partners.exclude(pk=setup["mine"].pk).first()
    observe(setup["monthly"], setup["places"]["a"], 3, partner=other, period="2024-01")
    assert get(setup["partner"], MINE).json()["dataValues"] == []
    assert len(get(setup["backbone"], MINE).json()["dataValues"]) == 1


def test_the_export_as_dhis2s_csv_imports_back_unchanged(setup):
    post(setup["partner"], ANC_SET)
    exported = Client().get(
        f"/api/v1/dataValueSets{MINE}",
        HTTP_AUTHORIZATION=f"Bearer {setup['partner']}",
        HTTP_ACCEPT="text/csv",
    )
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("text/csv")
    lines = exported.content.decode().splitlines()
    assert lines[0] == (
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
        "lastupdated,comment,followup"
    )
    assert any(line.startswith("cYeuwXTCPkU,2024Q2,g8upMTyEZGZ,HllvX50cXC0,") for line in lines)
    again = post(setup["partner"], exported.content, content_type="text/csv")
    assert again.status_code == 200, again.content
    assert again.json()["response"]["importCount"]["ignored"] == 3


def test_financial_years_are_read_from_the_initiatives_first_month_and_sent_back(setup, initiative):
    """DHIS2's financial years ("2024April") with a fiscal year starting in April: accepted;
    one from July refused as a period conflict, nothing written; GET writes them back."""
    initiative.fiscal_year_start = 4
    initiative.save(update_fields=["fiscal_year_start"])
    budget = indicator(initiative, "dhis-budget", "sum", frequency="fiscal_year")
    budget.reporting_partners.add(setup["mine"])
    Dhis2Mapping.objects.create(
        initiative=initiative, kind=Kind.DATA_ELEMENT, dhis2_id="bUdGeT00001", indicator=budget
    )
    sent = {
        "orgUnit": "DiszpKrYNg8",
        "dataValues": [{"dataElement": "bUdGeT00001", "period": "2024July", "value": "5"}],
    }
    refused = post(setup["partner"], sent)
    assert refused.status_code == 409
    conflict = refused.json()["response"]["conflicts"][0]
    assert (conflict["object"], conflict["property"]) == ("2024July", "period")
    assert not Observation.objects.filter(indicator=budget).exists()
    sent["dataValues"][0]["period"] = "2024April"
    assert post(setup["partner"], sent).status_code == 200
    assert Observation.objects.get(indicator=budget).period == "2024-F04"
    values = get(setup["partner"], "?dataElement=bUdGeT00001").json()["dataValues"]
    assert [value["period"] for value in values] == ["2024April"]
