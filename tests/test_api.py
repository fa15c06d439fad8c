"""The JSON API: tokens decide what a caller sees and may send; bad input writes nothing."""

import json

import pytest
from django.test import Client

from commun.measurement.models import Indicator, Observation
from commun.measurement.tokens import create_token, revoke_token
from tests.measurement.factories import gender, indicator, territory_tree


@pytest.fixture
def setup(initiative, people):
    from commun.initiatives.models import Membership

    places = territory_tree(initiative)
    mine = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    served = indicator(initiative, "api-served", "sum")
    served.reporting_partners.add(mine)
    served.dimensions.add(gender(initiative))
    internal = indicator(
        initiative, "api-internal", "sum", visibility=Indicator.Visibility.BACKBONE
    )
    draft = indicator(initiative, "api-draft", "sum", status=Indicator.Status.DRAFT)
    _token, partner_key = create_token(initiative, mine, "tests", people["partner_editor"])
    _token, backbone_key = create_token(initiative, None, "tests", people["backbone_staff"])
    return {
        "places": places,
        "mine": mine,
        "served": served,
        "internal": internal,
        "draft": draft,
        "partner": partner_key,
        "backbone": backbone_key,
    }


def call(method, path, key=None, body=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    client = Client()
    if method == "get":
        return client.get(f"/api/v1{path}", **headers)
    return client.post(
        f"/api/v1{path}", data=json.dumps(body), content_type="application/json", **headers
    )


def test_without_a_valid_token_nothing_is_answered(setup, initiative, people):
    assert call("get", "/indicators").status_code == 401
    assert call("get", "/indicators", "cmn_not-a-token").status_code == 401
    token, key = create_token(initiative, setup["mine"], "soon revoked", people["partner_editor"])
    assert call("get", "/indicators", key).status_code == 200
    revoke_token(token)
    assert call("get", "/indicators", key).status_code == 401


def test_a_partners_token_sees_what_partners_see(setup):
    codes = {i["code"] for i in call("get", "/indicators", setup["partner"]).json()}
    assert "api-served" in codes
    assert not {"api-internal", "api-draft"} & codes
    backbone_codes = {i["code"] for i in call("get", "/indicators", setup["backbone"]).json()}
    assert {"api-served", "api-internal", "api-draft"} <= backbone_codes
    assert call("get", "/indicators/api-internal/series", setup["partner"]).status_code == 404


def test_the_territories_and_disaggregations_are_listed_with_the_codes_values_use(
    setup, initiative, other_initiative
):
    from commun.measurement.models import Dimension, Territory

    Territory.objects.create(initiative=other_initiative, code="ailleurs", name_fr="Ailleurs")
    listed = call("get", "/territories", setup["partner"]).json()
    mine = Territory.objects.filter(initiative=initiative).select_related("parent")
    assert sorted(t["code"] for t in listed) == sorted(t.code for t in mine)
    by_code = {t["code"]: t for t in listed}
    for territory in mine:
        shown = by_code[territory.code]
        assert shown["parent"] == (territory.parent.code if territory.parent else None)
        assert shown["name_fr"] == territory.name_fr
        assert shown["name_en"] == (territory.name_en or territory.name_fr)
    # A territory comes after the one it is part of: a client can build the tree in one pass.
    seen = set()
    for territory in listed:
        assert territory["parent"] is None or territory["parent"] in seen
        seen.add(territory["code"])

    dimensions = {d["code"]: d for d in call("get", "/dimensions", setup["backbone"]).json()}
    stored = Dimension.objects.filter(initiative=initiative).prefetch_related("categories")
    assert set(dimensions) == {d.code for d in stored}
    for dimension in stored:
        assert [c["code"] for c in dimensions[dimension.code]["categories"]] == [
            c.code for c in dimension.categories.all()
        ]
    # What the lists name is what a value's breakdown uses.
    served = setup["served"]
    gender = served.dimensions.get()
    category = gender.categories.first()
    body = {
        "observations": [
            {
                "indicator": served.code,
                "period": "2030",
                "territory": listed[0]["code"],
                "breakdown": {gender.code: category.code},
                "value": 3,
            }
        ]
    }
    assert call("post", "/observations", setup["partner"], body).status_code == 200


def test_a_partner_sends_values_in_bulk_and_reads_only_approved_figures(setup):
    body = {
        "observations": [
            {
                "indicator": "api-served",
                "period": "2025",
                "territory": "t-a",
                "breakdown": {"gender": "f"},
                "value": 12,
            },
            {
                "indicator": "api-served",
                "period": "2025",
                "territory": "t-a",
                "breakdown": {"gender": "m"},
                "value": "1 234,5",
            },
        ]
    }
    response = call("post", "/observations", setup["partner"], body)
    assert response.status_code == 422  # 1 234,5 is not a whole count
    assert response.json()["problems"][0]["where"] == "observation 2"
    assert not Observation.objects.filter(indicator=setup["served"]).exists()

    body["observations"][1]["value"] = "8"
    response = call("post", "/observations", setup["partner"], body)
    assert response.json() == {"created": 2, "changed": 0, "unchanged": 0}
    assert set(
        Observation.objects.filter(indicator=setup["served"]).values_list(
            "status", "provenance", "partner"
        )
    ) == {("submitted", "api", setup["mine"].pk)}

    series = call("get", "/indicators/api-served/series?territory=t-city", setup["partner"])
    assert series.json()["points"] == []  # submitted, not approved yet
    backbone = call("get", "/indicators/api-served/series?territory=t-city", setup["backbone"])
    assert backbone.json()["points"] == [{"period": "2025", "value": "20.000000"}]
    again = call("post", "/observations", setup["partner"], body)
    assert again.json() == {"created": 0, "changed": 0, "unchanged": 2}


def test_a_partner_cannot_report_an_indicator_it_does_not_report(setup):
    body = {
        "observations": [
            {"indicator": "api-internal", "period": "2025", "territory": "t-a", "value": 1}
        ]
    }
    response = call("post", "/observations", setup["partner"], body)
    assert response.status_code == 422
    assert not Observation.objects.filter(indicator=setup["internal"]).exists()


def test_malformed_requests_get_a_clear_error(setup):
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {setup['partner']}", "HTTP_ACCEPT_LANGUAGE": "en"}
    broken = client.post(
        "/api/v1/observations", data="{not json", content_type="application/json", **headers
    )
    assert broken.status_code in (400, 422)
    missing = call(
        "post", "/observations", setup["partner"], {"observations": [{"period": "2025"}]}
    )
    assert missing.status_code == 422
    assert (
        call("get", "/indicators/api-served/series?territory=nowhere", setup["partner"]).status_code
        == 404
    )


def test_the_api_publishes_its_openapi_schema_and_docs(setup):
    schema = Client().get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/indicators",
        "/api/v1/observations",
        "/api/v1/indicators/{code}/series",
    } <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200 and b"cdn" not in docs.content.lower()


def test_the_backbones_token_sends_approved_data(setup):
    body = {
        "observations": [
            {"indicator": "api-internal", "period": "2025", "territory": "t-city", "value": 3}
        ]
    }
    assert call("post", "/observations", setup["backbone"], body).status_code == 200
    obs = Observation.objects.get(indicator=setup["internal"])
    assert (obs.status, obs.partner) == ("approved", None)


def test_every_answer_matches_the_published_openapi_schema(setup):
    from openapi_core import OpenAPI
    from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

    spec = OpenAPI.from_dict(Client().get("/api/v1/openapi.json").json())
    good = {
        "observations": [
            {
                "indicator": "api-served",
                "period": "2024",
                "territory": "t-a",
                "breakdown": {"gender": "f"},
                "value": 3,
            }
        ]
    }
    bad = {
        "observations": [{"indicator": "nope", "period": "2024", "territory": "t-a", "value": 1}]
    }
    calls = [
        ("get", "/indicators", setup["partner"], None, 200),
        ("get", "/indicators/api-served/series?territory=t-a", setup["partner"], None, 200),
        ("get", "/indicators/api-served/series", setup["backbone"], None, 200),
        ("post", "/observations", setup["partner"], good, 200),
        ("post", "/observations", setup["partner"], bad, 422),
    ]
    for method, path, key, body, status in calls:
        response = call(method, path, key, body)
        assert response.status_code == status, (path, response.content)
        spec.validate_response(
            DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
        )


def test_a_share_can_be_sent_as_numerator_and_denominator(setup, initiative):
    share = indicator(initiative, "api-share", "mean", unit=Indicator.Unit.PERCENT, decimals=1)
    share.reporting_partners.add(setup["mine"])
    body = {
        "observations": [
            {
                "indicator": "api-share",
                "period": "2025",
                "territory": "t-a",
                "numerator": 3,
                "denominator": 4,
            }
        ]
    }
    assert call("post", "/observations", setup["partner"], body).status_code == 200
    assert Observation.objects.get(indicator=share).value == 75
    body["observations"][0] |= {"numerator": 5, "period": "2024"}
    refused = call("post", "/observations", setup["partner"], body)
    assert refused.status_code == 422
    assert "numerator" in refused.json()["problems"][0]["message"]


def test_an_observation_without_a_value_is_refused_not_dropped(setup):
    body = {
        "observations": [
            {
                "indicator": "api-served",
                "period": "2025",
                "territory": "t-a",
                "breakdown": {"gender": "f"},
                "value": 1,
            },
            {
                "indicator": "api-served",
                "period": "2025",
                "territory": "t-a",
                "breakdown": {"gender": "m"},
            },
        ]
    }
    response = call("post", "/observations", setup["partner"], body)
    assert response.status_code == 422
    assert response.json()["problems"][0]["where"] == "observation 2"
    assert not Observation.objects.filter(indicator=setup["served"]).exists()


def send(key, body, language=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    if language:
        headers["HTTP_ACCEPT_LANGUAGE"] = language
    return Client().post(
        "/api/v1/observations", data=json.dumps(body), content_type="application/json", **headers
    )


def test_each_caller_is_told_what_is_wrong_in_the_language_it_asks_for(setup, people):
    """The same bad values, asked in French and in English; without Accept-Language, the
    message is in the language of the token's owner; every indicator is named by its name."""
    body = {
        "observations": [
            {
                "indicator": "api-served",
                "period": "2025",
                "territory": "t-a",
                "breakdown": {"gender": "f"},
                "value": "douze",
            },
            {"indicator": "api-internal", "period": "2025", "territory": "t-a", "value": 1},
        ]
    }
    internal = setup["internal"]
    internal.name_en = "Internal count"
    internal.save(update_fields=["name_en"])
    french = send(setup["partner"], body, "fr-CA,fr;q=0.9,en;q=0.5")
    english = send(setup["partner"], body, "en-US,en;q=0.8")
    assert french.status_code == english.status_code == 422
    assert french["Content-Language"] == "fr" and english["Content-Language"] == "en"
    assert french.json()["detail"] == "Rien n'a été enregistré."
    assert english.json()["detail"] == "Nothing was written."
    assert [p["message"] for p in french.json()["problems"]] == [
        "« douze » n'est pas un nombre.",
        "Votre organisation ne déclare pas l'indicateur « Indicateur api-internal ».",
    ]
    assert [p["message"] for p in english.json()["problems"]] == [
        "“douze” is not a number.",
        "Your organization does not report “Internal count”.",
    ]
    assert english.json()["problems"][0]["where"] == "observation 1"

    owner = people["partner_editor"]  # who made the partner's token
    for language, detail in (("en", "Nothing was written."), ("fr", "Rien n'a été enregistré.")):
        owner.language = language
        owner.save(update_fields=["language"])
        assert send(setup["partner"], body).json()["detail"] == detail


@pytest.mark.parametrize(
    ("language", "required", "no_key"),
    [
        ("fr", "Ce champ est obligatoire.", "Une clé valide est nécessaire"),
        ("en", "This field is required.", "A valid key is needed"),
    ],
)
def test_a_malformed_request_or_a_missing_key_is_answered_in_the_callers_language(
    language, required, no_key, setup
):
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {setup['partner']}", "HTTP_ACCEPT_LANGUAGE": language}
    missing = client.post(
        "/api/v1/observations",
        data=json.dumps({"observations": [{"period": "2025"}]}),
        content_type="application/json",
        **headers,
    )
    assert missing.status_code == 422
    problems = missing.json()["detail"]
    assert {p["where"] for p in problems} == {
        "observations.0.indicator",
        "observations.0.territory",
    }
    assert {p["msg"] for p in problems} == {required}
    anonymous = client.get("/api/v1/indicators", HTTP_ACCEPT_LANGUAGE=language)
    assert anonymous.status_code == 401 and no_key in anonymous.json()["detail"]


@pytest.mark.parametrize("period", ["9999-Q4", "0000-Q1", "0001-Q1", "2101-Q1", "1899-Q4"])
@pytest.mark.parametrize(
    ("language", "says"), [("en", "years from 1900 to 2100"), ("fr", "années de 1900 à 2100")]
)
def test_a_period_outside_the_years_commun_measures_is_refused(
    setup, initiative, period, language, says
):
    quarterly = indicator(initiative, "api-quarterly", "sum", frequency="quarter")
    quarterly.reporting_partners.add(setup["mine"])
    body = {
        "observations": [
            {"indicator": "api-quarterly", "period": period, "territory": "t-a", "value": 1},
            {"indicator": "api-served", "period": period[:4], "territory": "t-a", "value": 1},
        ]
    }
    response = Client().post(
        "/api/v1/observations",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {setup['partner']}",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert len({p["where"] for p in problems if says in p["message"]}) == 2  # each observation
    assert not Observation.objects.filter(indicator__in=[setup["served"], quarterly]).exists()


@pytest.mark.parametrize("last", ["2100", "9999"])
def test_the_series_of_a_value_stored_at_the_edge_of_the_years_is_answered(setup, last):
    """Old data may hold a period at the last year, or past it: its series still reads."""
    from commun.measurement.aggregation import rebuild
    from tests.measurement.factories import observe

    periods = [str(int(last) - 2), str(int(last) - 1), last]
    for period in periods:
        observe(setup["served"], setup["places"]["a"], 5, setup["mine"], period=period)
    rebuild(setup["served"], periods)
    for key in ("partner", "backbone"):
        response = call("get", "/indicators/api-served/series?territory=t-city", setup[key])
        assert response.status_code == 200
        assert [p["period"] for p in response.json()["points"]] == periods


def nul_in(field):
    observation = {
        "indicator": "api-served",
        "period": "2025",
        "territory": "t-a",
        "breakdown": {"gender": "f"},
        "value": 1,
        "comment": "ok",
    }
    if field == "breakdown key":
        observation["breakdown"] = {"gen\x00der": "f"}
    elif field == "breakdown":
        observation["breakdown"] = {"gender": "f\x00"}
    elif field == "value":
        observation["value"] = "1\x00"
    else:
        observation[field] = f"{observation[field]}\x00x"
    return {"observations": [observation]}


@pytest.mark.parametrize(
    "field",
    ["indicator", "period", "territory", "breakdown", "breakdown key", "comment", "value"],
)
@pytest.mark.parametrize(("language", "says"), [("en", "NUL character"), ("fr", "caractère NUL")])
def test_a_nul_character_anywhere_is_refused_and_nothing_is_stored(setup, field, language, says):
    response = Client().post(
        "/api/v1/observations",
        data=json.dumps(nul_in(field)),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {setup['partner']}",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 422, response.content
    answer = response.json()
    messages = [p.get("msg") or p.get("message") for p in answer.get("problems", answer["detail"])]
    assert any(says in message for message in messages), messages
    assert not Observation.objects.filter(indicator=setup["served"]).exists()


@pytest.mark.parametrize(
    "query",
    [
        "/indicators/api-se%00rved/series",
        "/indicators/api-served/series?territory=t-%00city",
        "/indicators/api-served/series?breakdown=gender%3Df%00",
    ],
)
def test_a_nul_character_in_a_question_is_refused(setup, query):
    response = call("get", query, setup["partner"])
    assert response.status_code == 422
    assert "NUL character" in response.json()["detail"][0]["msg"]


def test_weekly_and_half_yearly_values_are_sent_in_dhis2_spellings_and_read_back_as_keys(setup):
    """2026W53 (DHIS2) is week 53 of 2026, 2027W1 the week after; the series lists them in time
    order as keys, and a week 53 that does not exist is refused with its reason."""
    from commun.measurement.periods import Frequency

    weekly = indicator(setup["served"].initiative, "api-weekly", "sum", frequency=Frequency.WEEK)
    indicator(setup["served"].initiative, "api-halves", "sum", frequency=Frequency.HALF_YEAR)

    def sent(code, period, value):
        return {"indicator": code, "period": period, "territory": "t-city", "value": value}

    refused = call(
        "post",
        "/observations",
        setup["backbone"],
        {"observations": [sent("api-weekly", "2025-W53", 1)]},
    )
    assert refused.status_code == 422
    assert "2025 has 52 ISO weeks" in refused.json()["problems"][0]["message"]
    body = {
        "observations": [
            sent("api-weekly", "2027W1", 30),
            sent("api-weekly", "2026W53", 20),
            sent("api-weekly", "2026-12-21", 10),  # a day: its week, 2026-W52
            sent("api-halves", "2026S1", 5),
            sent("api-halves", "S2 2025", 4),
        ]
    }
    assert call("post", "/observations", setup["backbone"], body).json()["created"] == 5
    assert set(Observation.objects.filter(indicator=weekly).values_list("period", flat=True)) == {
        "2026-W52",
        "2026-W53",
        "2027-W01",
    }
    series = call("get", "/indicators/api-weekly/series?territory=t-city", setup["backbone"])
    assert [p["period"] for p in series.json()["points"]] == ["2026-W52", "2026-W53", "2027-W01"]
    series = call("get", "/indicators/api-halves/series?territory=t-city", setup["backbone"])
    assert [p["period"] for p in series.json()["points"]] == ["2025-H2", "2026-H1"]
    listed = {
        i["code"]: i["frequency"] for i in call("get", "/indicators", setup["backbone"]).json()
    }
    assert (listed["api-weekly"], listed["api-halves"]) == ("week", "half_year")
