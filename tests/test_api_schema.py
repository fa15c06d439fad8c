"""The API's OpenAPI schema tells the truth: every answer of every operation, refusals included,
is the one it documents, and schemathesis, sending what the schema allows and what it does not,
meets no 500 and nothing undocumented."""

import json
from http import HTTPStatus

import pytest
import schemathesis
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from commun.initiatives.models import Membership
from commun.measurement.checks import combinations
from commun.measurement.models import Observation, Territory
from commun.measurement.tokens import create_token
from tests.helpers import PARTNER_EDITOR_EMAIL

SCHEMA_URL = "/api/v1/openapi.json"
FOOD_AID = (
    "aide-alimentaire"  # the demo's quarterly count by age and gender, which the partner reports
)


@pytest.fixture
def keys(initiative, people):
    editor = people["partner_editor"]
    partner = Membership.objects.get(user=editor, initiative=initiative).partner
    _token, partner_key = create_token(initiative, partner, "schema", editor)
    _token, backbone_key = create_token(initiative, None, "schema", people["backbone_staff"])
    return {"partner": partner_key, "backbone": backbone_key}


def call(method, url, key=None, body=None, raw=None, content_type="application/json", accept=""):
    headers = {"HTTP_ACCEPT_LANGUAGE": "en"} | ({"HTTP_ACCEPT": accept} if accept else {})
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    if method == "get":
        return Client().get(url, **headers)
    data = raw if raw is not None else json.dumps(body)
    return Client().post(url, data=data, content_type=content_type, **headers)


def data_value_set(data_element=FOOD_AID, period="2030Q3"):
    """DHIS2's dataValueSet of one value, in Commun's codes (no mapping needed)."""
    value = {"dataElement": data_element, "categoryOptionCombo": "age=0-17;gender=f", "value": "7"}
    return {"period": period, "orgUnit": "saint-roch-nord", "dataValues": [value]}


def food_aid(**changes):
    observation = {
        "indicator": FOOD_AID,
        "period": "2030-Q1",  # a quarter the demo holds nothing for, so nothing is locked
        "territory": "saint-roch-nord",
        "breakdown": {"age": "0-17", "gender": "f"},
        "value": 12,
    } | changes
    return {"observations": [observation]}


def one_of_each_answer(keys):
    """(operation, status, response): a real answer for every status each operation documents."""
    partner, backbone = keys["partner"], keys["backbone"]
    series = "/api/v1/indicators/{code}/series"
    post = "/api/v1/observations"
    listing = "/api/v1/indicators/{code}/observations"
    listing_url = listing.format(code=FOOD_AID)
    answers = [
        ("get /api/v1/indicators", 200, call("get", "/api/v1/indicators", partner)),
        ("get /api/v1/indicators", 401, call("get", "/api/v1/indicators")),
        ("get /api/v1/indicators", 401, call("get", "/api/v1/indicators", "cmn_unknown")),
    ]
    for listed in ("/api/v1/territories", "/api/v1/dimensions"):
        answers += [
            (f"get {listed}", 200, call("get", listed, partner)),
            (f"get {listed}", 200, call("get", listed, backbone)),
            (f"get {listed}", 401, call("get", listed)),
        ]
    for key in (partner, backbone):
        url = series.format(code=FOOD_AID)
        answers += [
            (f"get {series}", 200, call("get", f"{url}?territory=saint-roch", key)),
            (f"get {series}", 200, call("get", f"{url}?breakdown=age%3D0-17%3Bgender%3Df", key)),
        ]
    answers += [
        (f"get {series}", 401, call("get", series.format(code=FOOD_AID))),
        (f"get {series}", 404, call("get", series.format(code="nope"), partner)),
        (f"get {series}", 404, call("get", series.format(code=FOOD_AID) + "?territory=x", partner)),
        (f"get {series}", 422, call("get", series.format(code="a%00") + "?territory=b", partner)),
        (f"get {listing}", 200, call("get", f"{listing_url}?period=2026-Q3", partner)),
        (f"get {listing}", 200, call("get", f"{listing_url}?period=T3 2026", backbone)),
        (f"get {listing}", 401, call("get", f"{listing_url}?period=2026-Q3")),
        (f"get {listing}", 404, call("get", f"{listing_url}?period=2026-13", partner)),
        (f"get {listing}", 422, call("get", listing_url, partner)),
        (f"post {post}", 200, call("post", post, partner, food_aid())),
        (f"post {post}", 200, call("post", post, backbone, food_aid(period="2030-Q2"))),
        (f"post {post}", 400, call("post", post, partner, raw="{not json")),
        (f"post {post}", 401, call("post", post, None, food_aid())),
        (f"post {post}", 413, call("post", post, partner, raw=" " * (10 * 1024 * 1024 + 1))),
        # The request's shape is wrong: a list of what cannot be read, each located.
        (f"post {post}", 422, call("post", post, partner, {"observations": [{"value": 1}]})),
        (f"post {post}", 422, call("post", post, partner, {"observations": []})),
        (f"post {post}", 422, call("post", post, partner, food_aid(value=True))),
        (f"post {post}", 422, call("post", post, partner, food_aid(comment="a\x00"))),
        # The values are read but refused: what is wrong with each, and nothing written.
        (f"post {post}", 422, call("post", post, partner, food_aid(value="1e999999999"))),
        (f"post {post}", 422, call("post", post, partner, food_aid(period="9999-Q4"))),
        (f"post {post}", 422, call("post", post, partner, food_aid(indicator="nope"))),
    ]
    sets = "/api/v1/dataValueSets"
    csv_line = f'{FOOD_AID},2030Q4,saint-roch-nord,"age=0-17;gender=f",,5\r\n'
    answers += [
        (f"get {sets}", 200, call("get", f"{sets}?dataElement={FOOD_AID}", partner)),
        (f"get {sets}", 200, call("get", f"{sets}?orgUnit=saint-roch&children=true", backbone)),
        (f"get {sets}", 200, call("get", f"{sets}?period=2026Q3", partner, accept="text/csv")),
        (f"get {sets}", 401, call("get", sets)),
        (f"get {sets}", 404, call("get", f"{sets}?dataElement=nope", partner)),
        (f"get {sets}", 422, call("get", f"{sets}?startDate=yesterday", partner)),
        (f"post {sets}", 200, call("post", sets, partner, data_value_set())),
        (f"post {sets}", 200, call("post", sets, backbone, raw=csv_line, content_type="text/csv")),
        (f"post {sets}", 400, call("post", sets, partner, raw="{not json")),
        (f"post {sets}", 401, call("post", sets, None, data_value_set())),
        # Conflicts: an unknown id, a period of no calendar Commun reads.
        (f"post {sets}", 409, call("post", sets, partner, data_value_set("nope"))),
        (f"post {sets}", 409, call("post", sets, partner, data_value_set(period="2030April"))),
        (f"post {sets}", 413, call("post", sets, partner, raw=" " * (10 * 1024 * 1024 + 1))),
        (f"post {sets}", 422, call("post", sets, partner, {"dataValues": []})),
        (f"post {sets}", 422, call("post", sets, partner, {"dataValues": [{"value": "1"}]})),
    ]
    return answers


def undescribed_fields(schema: dict) -> list[str]:
    """Every property of every object the schema describes that has no description, named by
    where it is."""
    found = []

    def walk(node, where):
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                if isinstance(prop, dict) and not prop.get("description"):
                    found.append(f"{where}.{name}")
            for key, value in node.items():
                walk(value, f"{where}.{key}" if key != "properties" else where)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    walk(schema, "#")
    return found


@pytest.mark.django_db
def test_the_schema_describes_every_field():
    schema = Client().get(SCHEMA_URL).json()
    assert undescribed_fields(schema) == []


def test_every_answer_of_every_operation_is_the_one_documented(keys):
    document = Client().get(SCHEMA_URL).json()
    spec = OpenAPI.from_dict(document)
    answers = one_of_each_answer(keys)
    for operation, status, response in answers:
        assert response.status_code == status, (operation, response.content[:300])
        body = response.content
        if response.wsgi_request.META.get("HTTP_ACCEPT") == "text/csv":  # DHIS2's CSV, asked
            assert response["Content-Type"].startswith("text/csv"), operation
            body = body.decode()  # a text body, as the schema's string
        else:
            assert response["Content-Type"].startswith("application/json"), operation
        method, path = operation.split()
        spec.validate_response(
            MockRequest("http://testserver", method, response.wsgi_request.path, path),
            MockResponse(body, status, content_type=response["Content-Type"]),
        )
    documented = {
        (f"{method} {path}", int(status))
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status in operation["responses"]
    }
    # Every status documented is one the API really sends (and checked above), and no other.
    assert {(operation, status) for operation, status, _response in answers} == documented
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:  # what it means here, not HTTP's name for it
                    assert response["description"] != HTTPStatus(int(status)).phrase
                    assert response["description"] != "Unprocessable Entity", (method, path)


def test_both_shapes_of_422_are_told_apart_and_each_is_documented(keys):
    post = "/api/v1/observations"
    unreadable = call("post", post, keys["partner"], {"observations": [{"period": "2030"}]})
    refused = call("post", post, keys["partner"], food_aid(value="douze"))
    assert unreadable.status_code == refused.status_code == 422
    assert {p["where"] for p in unreadable.json()["detail"]} == {
        "observations.0.indicator",
        "observations.0.territory",
    }
    assert refused.json()["detail"] == "Nothing was written."
    assert refused.json()["problems"][0]["message"] == "“douze” is not a number."
    documented = Client().get(SCHEMA_URL).json()["paths"][post]["post"]["responses"]["422"]
    shapes = documented["content"]["application/json"]["schema"]["anyOf"]
    assert [shape["$ref"].rsplit("/", 1)[1] for shape in shapes] == [
        "RequestProblemsOut",
        "ProblemsOut",
    ]


def test_an_empty_list_of_observations_is_refused_where_it_is(keys):
    """Not with the importer's words (“the file holds no value”): there is no file."""
    response = call("post", "/api/v1/observations", keys["partner"], {"observations": []})
    assert response.status_code == 422
    assert [(p["where"], p["msg"]) for p in response.json()["detail"]] == [
        ("observations", "Give at least one item here.")
    ]


@pytest.mark.parametrize(
    ("raw", "language", "says"),
    [
        ("{not json", "en", "The request body is not valid JSON."),
        ("{not json", "fr", "Le corps de la requête n'est pas du JSON valide."),
        (b"\xff\xfe", "en", "The request body is not valid JSON."),
        ("1" * 5000, "en", "The request body is not valid JSON."),  # past Python's int limit
    ],
)
def test_a_body_that_is_not_json_is_refused_in_the_callers_language(keys, raw, language, says):
    response = Client().post(
        "/api/v1/observations",
        data=raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {keys['partner']}",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert (response.status_code, response.json()) == (400, {"detail": says})


def test_a_request_too_large_to_read_is_refused_in_json(keys):
    response = call(
        "post", "/api/v1/observations", keys["partner"], raw=" " * (10 * 1024 * 1024 + 1)
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith("The request is larger than 10 MB")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/indicators/a%2Fb/series",  # a code holding a “/”
        "/api/v1/indicator",
        "/api/v1/indicators/aide-alimentaire/series/2026",
    ],
)
def test_an_address_the_api_does_not_have_is_answered_in_json(keys, url):
    response = call("get", url, keys["partner"])
    assert response.status_code == 404
    assert response.json() == {"detail": "There is nothing at this address of the API."}


TOO_LARGE = "This number is too large."


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"value": "1e999999999"}, TOO_LARGE),
        ({"value": "9" * 5000}, TOO_LARGE),
        ({"value": 1e308}, TOO_LARGE),
        ({"value": 10**30}, TOO_LARGE),
        ({"value": -(10**15)}, TOO_LARGE),
        (
            {"indicator": "satisfaction", "breakdown": {}, "period": "2025", "value": None}
            | {"numerator": 1, "denominator": "1e-999999999"},
            "The denominator must be greater than zero.",
        ),
        (
            {"indicator": "satisfaction", "breakdown": {}, "period": "2025", "value": None}
            | {"numerator": "1e999999999", "denominator": 1},
            TOO_LARGE,
        ),
    ],
)
def test_a_number_past_any_measure_is_refused_not_a_server_error(keys, changes, says):
    """Sent by the food bank where its last period's value is stored (so the jump from that
    value is checked too: it once overflowed)."""
    body = food_aid(**{"period": "2026-Q3", "territory": "saint-roch"} | changes)
    stored_before = Observation.objects.count()
    response = call("post", "/api/v1/observations", keys["partner"], body)
    assert response.status_code == 422, response.content
    assert says in [p["message"] for p in response.json()["problems"]]
    assert Observation.objects.count() == stored_before


# --- Schemathesis: cases made from the schema, valid and invalid, sent to the app in-process.

schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, get_wsgi_application())
# DHIS2's CSV body (POST /dataValueSets) is text, as text/csv is.
schemathesis.serializer.alias("application/csv", "text/plain")

# Real codes of the demo, filled by the `vocabulary` fixture before any case is drawn: without
# them, generated codes would only ever meet “unknown indicator”, and the code that reads and
# writes values would never run.
VOCABULARY = {}


@pytest.fixture
def vocabulary(initiative):
    partner = Membership.objects.get(user__email=PARTNER_EDITOR_EMAIL, initiative=initiative)
    reported = partner.partner.indicators.prefetch_related("dimensions__categories")
    VOCABULARY.update(
        indicators={i.code: i for i in reported},
        territories=list(
            Territory.objects.filter(initiative=initiative).values_list("code", flat=True)
        ),
    )
    assert VOCABULARY["indicators"]  # the demo's partner reports something
    yield VOCABULARY
    VOCABULARY.clear()


PERIODS = {  # the first ones hold no value yet, so nothing is locked there
    "year": ["2030", "2031", "2026", "1900", "2100", "2101", "0000", "٢٠٢٦"],
    "quarter": ["2030-Q1", "T2 2030", "2026-Q3", "9999-Q4", "0001-Q1", "2026-Q5", "२०२६-Q1"],
    "month": ["2030-07", "2030-1", "2026-13", "0000-01"],
}
NUMBERS = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.sampled_from(
        ["1 234,5", "1e999999999", "1e-999999999", "NaN", "-0", "\uff11\uff12", "12\x00"]
    ),
)


@st.composite
def real_observation(draw):
    """An observation naming a real indicator, territory, period and breakdown: often accepted,
    or refused for its period or its value."""
    indicator = VOCABULARY["indicators"][draw(st.sampled_from(sorted(VOCABULARY["indicators"])))]
    breakdown = draw(st.sampled_from([key for key, _label in combinations(indicator)]))
    return {
        "indicator": indicator.code,
        "territory": draw(st.sampled_from(VOCABULARY["territories"])),
        "period": draw(st.sampled_from(PERIODS[indicator.frequency])),
        "breakdown": dict(part.split("=", 1) for part in breakdown.split(";")) if breakdown else {},
        "value": draw(st.one_of(st.integers(0, 100), NUMBERS)),
    }


@schema.hook
def flatmap_body(context, body):
    """The generated body; or real observations; or the generated ones, each given real codes
    over its own odd fields."""
    if not VOCABULARY or not (
        isinstance(body, dict) and isinstance(body.get("observations"), list)
    ):
        return st.just(body)
    real = st.lists(real_observation(), min_size=1, max_size=3)
    over_generated = st.tuples(
        *(
            real_observation().map(lambda r, o=o: o | r if isinstance(o, dict) else o)
            for o in body["observations"]
        )
    )
    return st.one_of(
        st.just(body),
        real.map(lambda observations: body | {"observations": observations}),
        over_generated.map(lambda observations: body | {"observations": list(observations)}),
    )


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    if not VOCABULARY or not isinstance(path_parameters, dict) or "code" not in path_parameters:
        return st.just(path_parameters)
    codes = st.sampled_from(sorted(VOCABULARY["indicators"]))
    return st.one_of(st.just(path_parameters), codes.map(lambda c: path_parameters | {"code": c}))


@schema.hook
def flatmap_query(context, query):
    if not VOCABULARY or not isinstance(query, dict) or "breakdown" not in context.operation.path:
        return st.just(query)
    real = st.fixed_dictionaries(
        {},
        optional={
            "territory": st.sampled_from(VOCABULARY["territories"]),
            "breakdown": st.sampled_from(["", "age=0-17", "age=0-17;gender=f", "gender=x;z"]),
        },
    )
    return st.one_of(st.just(query), real.map(lambda extra: query | extra))


@pytest.fixture
def connection_kept_between_requests():
    """Django's WSGI app closes the database connection after each request; the test's
    transaction lives on it (Django's test client keeps it open the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,  # the same cases on every run, on every machine
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_schemathesis_finds_no_server_error_and_nothing_undocumented(
    case, keys, vocabulary, connection_kept_between_requests
):
    """Each case runs in its own savepoint, rolled back: what one wrote never meets the next."""
    with transaction.atomic():
        caches["default"].clear()
        case.call_and_validate(
            headers={"Authorization": f"Bearer {keys['partner']}"},
            checks=[
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ],
        )
        transaction.set_rollback(True)
