"""Commun's JSON API (django-ninja): its OpenAPI schema is at /api/v1/openapi.json, its docs at
/api/v1/docs. Every call carries a token (`Authorization: Bearer …`) that belongs to one
initiative and, for a partner's system, to one partner: it sees what that partner may see."""

import json
from datetime import date

import pydantic
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja import NinjaAPI, Query, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from commun.api_schemas import (
    CSV_ANSWER,
    DATA_VALUE_SET_BODY,
    DHIS2_FILTERS_SAY,
    DHIS2_SAYS,
    VALUES_REFUSED,
    WHEN,
    WITHOUT_KEY,
    CategoryOut,
    DataValueSetIn,
    DataValueSetOut,
    Dhis2MessageOut,
    DimensionOut,
    IndicatorOut,
    MessageOut,
    ObservationOut,
    ObservationsIn,
    Point,
    ProblemOut,
    ProblemsOut,
    RequestProblemsOut,
    SavedOut,
    SeriesOut,
    TerritoryOut,
    Text,
    data_value_set_answer,
)
from commun.measurement.cell_notes import reported_cells
from commun.measurement.dhis2 import DataValue, csv_data_values, import_data_values
from commun.measurement.dhis2_export import UnknownFilter, data_values_csv, export_data_values
from commun.measurement.entry import EntryRejected
from commun.measurement.figures import figure_scope_for_token, series, visible_to_token
from commun.measurement.imports import write_sent_rows
from commun.measurement.models import Dimension, Territory
from commun.measurement.periods import PeriodError, normalize_period
from commun.measurement.reading import UnreadableFile
from commun.measurement.tokens import token_for_key


def answer_language(request, token) -> str:
    """The language the caller asks for (Accept-Language), else that of the token's owner."""
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    owner = token.created_by
    return owner.language if owner and owner.language else settings.LANGUAGE_CODE


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = token_for_key(token)
        if found is not None:
            # Messages (refused values, unknown codes) are for the token's owner, in their language.
            request.LANGUAGE_CODE = answer_language(request, found)
            translation.activate(request.LANGUAGE_CODE)
        return found


api = NinjaAPI(
    title="Commun API",
    version="1",
    description="Shared measurement of a collective impact initiative: indicators, "
    "reported values, aggregated figures. Messages are in the language of the request's "
    "Accept-Language (fr or en), else in that of the token's owner. / Mesure commune d'une "
    "initiative d'impact collectif : indicateurs, valeurs déclarées, séries agrégées. Les "
    "messages sont dans la langue demandée par Accept-Language (fr ou en), sinon dans celle de "
    "la personne à qui appartient la clé.",
    auth=TokenAuth(),
    urls_namespace="api",
)


def request_language(request) -> str:
    """Before a token is known: the language the caller asks for, else Commun's default."""
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def readable_problem(error: dict) -> dict:
    """A request-shape problem found by the schema, said in the caller's language."""
    kind = error.get("type", "")
    messages = {
        "missing": _("This field is required."),
        "json_invalid": _("The request body is not valid JSON."),
        "string_type": _("Give text here."),
        "list_type": _("Give a list here."),
        "dict_type": _("Give an object here ({…})."),
        "model_attributes_type": _("Give an object here ({…})."),
        "model_type": _("Give an object here ({…})."),
        "decimal_parsing": _("Give a number here."),
        "decimal_type": _("Give a number here."),
        "float_parsing": _("Give a number here."),
        "int_parsing": _("Give a whole number here."),
        "too_short": _("Give at least one item here."),
        "nul_character": _(
            "This text holds a NUL character (code 0), which Commun cannot store: remove it."
        ),
    }
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "payload"))
    where = where or str(next(iter(error.get("loc", ())), ""))  # the whole body, or query
    return {
        "type": kind,
        "loc": list(error.get("loc", ())),
        "where": where,
        "msg": messages.get(kind, _("This value cannot be read here.")),
    }


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    with translation.override(getattr(request, "LANGUAGE_CODE", None) or request_language(request)):
        detail = [readable_problem(error) for error in exc.errors]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    with translation.override(request_language(request)):
        detail = _("A valid key is needed: send it as “Authorization: Bearer <key>”.")
    return api.create_response(request, {"detail": detail}, status=401)


@api.exception_handler(HttpError)
def refused(request, exc):
    """Our own refusals (404) are said already; django-ninja's one 400 is a body it cannot read
    as JSON, said in English: say it in the caller's language."""
    detail = _("The request body is not valid JSON.") if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def too_large(request, exc):
    detail = _("The request is larger than %(size)d MB: send the values in several requests.") % {
        "size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    }
    return api.create_response(request, {"detail": detail}, status=413)


def described(*statuses: int, say: dict[int, str] | None = None) -> dict:
    """What each refusal means, beside HTTP's own name for it, in the schema (`say` puts one
    another way for one operation)."""
    texts = WHEN | (say or {})
    return {"responses": {status: {"description": texts[status]} for status in statuses}}


@api.get(
    "/indicators",
    response={200: list[IndicatorOut], **WITHOUT_KEY},
    summary="Indicators this token may see",
    openapi_extra=described(401),
)
def list_indicators(request):
    return [
        IndicatorOut(
            code=i.code,
            name_fr=i.name_fr,
            name_en=i.name_en or i.name_fr,
            kind=i.kind,
            unit=i.unit,
            direction=i.direction,
            aggregation=i.aggregation,
            frequency=i.frequency,
            decimals=i.decimals,
            dimensions=[d.code for d in i.dimensions.all()],
            status=i.status,
        )
        for i in visible_to_token(request.auth).prefetch_related("dimensions")
    ]


@api.get(
    "/territories",
    response={200: list[TerritoryOut], **WITHOUT_KEY},
    summary="The initiative's territories, each with the code of the one it is part of",
    openapi_extra=described(401),
)
def list_territories(request):
    return [
        TerritoryOut(
            code=t.code,
            name_fr=t.name_fr,
            name_en=t.name_en or t.name_fr,
            parent=t.parent.code if t.parent else None,
        )
        for t in Territory.objects.filter(initiative=request.auth.initiative)
        .select_related("parent")
        .order_by("path", "code")
    ]


@api.get(
    "/dimensions",
    response={200: list[DimensionOut], **WITHOUT_KEY},
    summary="The initiative's disaggregations and their categories, as breakdowns name them",
    openapi_extra=described(401),
)
def list_dimensions(request):
    return [
        DimensionOut(
            code=d.code,
            name_fr=d.name_fr,
            name_en=d.name_en or d.name_fr,
            categories=[
                CategoryOut(code=c.code, name_fr=c.name_fr, name_en=c.name_en or c.name_fr)
                for c in d.categories.all()
            ],
        )
        for d in Dimension.objects.filter(initiative=request.auth.initiative)
        .prefetch_related("categories")
        .order_by("code")
    ]


@api.get(
    "/indicators/{code}/series",
    response={200: SeriesOut, **WITHOUT_KEY, 404: MessageOut, 422: RequestProblemsOut},
    summary="An indicator's figures over time (approved data for partners' tokens)",
    openapi_extra=described(401, 404, 422),
)
def indicator_series(request, code: Text, territory: Text | None = None, breakdown: Text = ""):
    token = request.auth
    indicator = visible_to_token(token).filter(code=code).first()
    if indicator is None:
        raise HttpError(404, _("This indicator does not exist."))
    places = Territory.objects.filter(initiative=token.initiative)
    place = (
        places.filter(code=territory).first()
        if territory
        else places.filter(parent=None).order_by("pk").first()
    )
    if place is None:
        raise HttpError(404, _("Unknown territory “%(name)s”.") % {"name": territory or "—"})
    scope = figure_scope_for_token(token)
    return SeriesOut(
        indicator=indicator.code,
        territory=place.code,
        breakdown=breakdown,
        scope=scope,
        points=[Point(period=p, value=v) for p, v in series(indicator, place, scope, breakdown)],
    )


@api.get(
    "/indicators/{code}/observations",
    response={200: list[ObservationOut], **WITHOUT_KEY, 404: MessageOut, 422: RequestProblemsOut},
    summary="An indicator's values of one period, with the missing ones and why they are "
    "missing (a partner's token: its own and the backbone's approved ones)",
    openapi_extra=described(
        401,
        404,
        422,
        say={404: "This key sees no such indicator, or the period is not one of the indicator's."},
    ),
)
def indicator_observations(request, code: Text, period: Text):
    token = request.auth
    indicator = visible_to_token(token).filter(code=code).first()
    if indicator is None:
        raise HttpError(404, _("This indicator does not exist."))
    try:
        key = normalize_period(period, indicator.frequency)
    except PeriodError as error:
        raise HttpError(404, str(error)) from None
    values, missing = reported_cells(indicator, key, token.partner)
    return [
        *(
            ObservationOut(
                period=o.period,
                territory=o.territory.code,
                breakdown=o.breakdown,
                partner=o.partner.acronym or o.partner.name if o.partner else None,
                value=o.value,
                quality=o.quality,
                status=o.status,
                missing=None,
                symbol="",
            )
            for o in values
        ),
        *(
            ObservationOut(
                period=m.period,
                territory=m.territory.code,
                breakdown=m.breakdown,
                partner=m.partner.acronym or m.partner.name if m.partner else None,
                value=None,
                quality="",
                status=None,
                missing=m.reason,
                symbol=m.symbol,
            )
            for m in missing
        ),
    ]


@api.post(
    "/observations",
    response={
        200: SavedOut,
        400: MessageOut,
        **WITHOUT_KEY,
        413: MessageOut,
        422: RequestProblemsOut | ProblemsOut,
    },
    summary="Report values in bulk: every one is written, or none",
    openapi_extra=described(400, 401, 413, 422, say={422: VALUES_REFUSED}),
)
def submit_observations(request, payload: ObservationsIn):
    token = request.auth
    dimension_codes = sorted({code for o in payload.observations for code in o.breakdown})
    header = ["indicator", "period", "territory", "value", "comment", "partner"]
    header += ["numerator", "denominator"]
    rows = [header + dimension_codes]
    for o in payload.observations:
        numbers = ["" if n is None else str(n) for n in (o.value, o.numerator, o.denominator)]
        rows.append(
            [o.indicator, o.period, o.territory, numbers[0], o.comment, o.partner or ""]
            + numbers[1:]
            + [o.breakdown.get(code, "") for code in dimension_codes]
        )
    mapping = {name: index for index, name in enumerate(header)}
    mapping |= {f"dim:{code}": len(header) + i for i, code in enumerate(dimension_codes)}
    try:
        result = write_sent_rows(
            token,
            rows,
            mapping,
            where=lambda number: _("observation %(number)d") % {"number": number - 1},
        )
    except EntryRejected as rejected:
        return Status(
            422,
            ProblemsOut(
                detail=_("Nothing was written."),
                problems=[ProblemOut(where=p.where, message=p.message) for p in rejected.problems],
            ),
        )
    return SavedOut(created=result.created, changed=result.changed, unchanged=result.unchanged)


def is_csv(request) -> bool:
    return request.content_type in ("application/csv", "text/csv")


def sent_data_values(request) -> list[DataValue] | Status:
    """The values of the body (JSON or DHIS2's CSV), each given the set's period and orgUnit
    when it has none; else the answer that refuses the body."""
    if is_csv(request):
        try:
            raw = {"dataValues": csv_data_values(request.body)}
        except UnreadableFile as error:
            return Status(400, MessageOut(detail=str(error)))
    else:
        try:
            raw = json.loads(request.body)
        except ValueError:
            return Status(400, MessageOut(detail=_("The request body is not valid JSON.")))
    try:
        sent = DataValueSetIn.model_validate(raw)
    except pydantic.ValidationError as error:
        raise ValidationError(error.errors(include_url=False)) from None
    values, missing = [], []
    for index, dv in enumerate(sent.dataValues):
        period, place = dv.period or sent.period, dv.orgUnit or sent.orgUnit
        missing += [
            {"type": "missing", "loc": ["dataValues", index, name]}
            for name, given in (("period", period), ("orgUnit", place))
            if not given
        ]
        values.append(
            DataValue(
                dv.dataElement,
                period or "",
                place or "",
                dv.categoryOptionCombo,
                dv.attributeOptionCombo or sent.attributeOptionCombo or "",
                "" if dv.value is None else str(dv.value),
                dv.comment or "",
            )
        )
    if missing:
        raise ValidationError(missing)
    return values


@api.post(
    "/dataValueSets",
    response={
        200: Dhis2MessageOut,
        400: MessageOut,
        **WITHOUT_KEY,
        409: Dhis2MessageOut,
        413: MessageOut,
        422: RequestProblemsOut,
    },
    summary="Report values as DHIS2 sends them (a dataValueSet, JSON or CSV): all, or none",
    openapi_extra=described(400, 401, 409, 413, 422, say=DHIS2_SAYS) | DATA_VALUE_SET_BODY,
)
def import_data_value_set(request):
    values = sent_data_values(request)
    if isinstance(values, Status):
        return values
    return data_value_set_answer(import_data_values(request.auth, values))


@api.get(
    "/dataValueSets",
    response={200: DataValueSetOut, **WITHOUT_KEY, 404: MessageOut, 422: RequestProblemsOut},
    summary="The values this token may see, as DHIS2 exports them (a dataValueSet)",
    openapi_extra={
        "responses": described(401, 404, 422, say=DHIS2_FILTERS_SAY)["responses"]
        | {200: CSV_ANSWER}
    },
)
def export_data_value_set(
    request,
    dataElement: Query[list[Text]] = None,  # DHIS2's parameter names
    period: Query[list[Text]] = None,
    orgUnit: Query[list[Text]] = None,
    children: bool = False,
    startDate: date | None = None,
    endDate: date | None = None,
):
    """Filters as DHIS2's: `dataElement`, `period`, `orgUnit` (repeated for several; `children`:
    its parts too), `startDate` and `endDate` (periods starting between them)."""
    try:
        rows = export_data_values(
            request.auth,
            data_elements=dataElement or [],
            periods=period or [],
            org_units=orgUnit or [],
            children=children,
            start=startDate,
            end=endDate,
        )
    except UnknownFilter as error:
        return Status(404, MessageOut(detail=str(error)))
    if "csv" in request.headers.get("Accept", ""):  # text/csv or application/csv
        return HttpResponse(data_values_csv(rows), content_type="text/csv; charset=utf-8")
    return {"dataValues": rows}


@api.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "/{path:address}",
    auth=None,
    response={404: MessageOut},
    include_in_schema=False,
)
def unknown_address(request, address: str):
    """Any other address under /api/v1/ (a mistyped one, a code holding a “/”) answers in JSON
    too, not with the site's HTML page."""
    with translation.override(request_language(request)):
        return Status(404, MessageOut(detail=_("There is nothing at this address of the API.")))
