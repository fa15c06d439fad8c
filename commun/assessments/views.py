"""Pages of assessments, under /initiatives/<slug>/assessments/."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commun.access import Action, can, initiative_view
from commun.assessments.charts import network_chart, radar_chart
from commun.assessments.exports import write_network_csv, write_results_csv
from commun.assessments.forms import RewordForm, RoundForm, answer_progress
from commun.assessments.instruments import InstrumentError
from commun.assessments.models import Respondent, Round
from commun.assessments.network import round_network
from commun.assessments.results import MIN_GROUP, round_results
from commun.assessments.rounds import (
    DONT_KNOW,
    AnswerRejected,
    available_instruments,
    close_round,
    copy_instrument,
    draft_of,
    find_instrument,
    open_round,
    others_to_rate,
    reword_copy,
    save_response,
)


def instrument_from_url(initiative, kwargs):
    found = find_instrument(initiative, kwargs["instrument_key"])
    if found is None:
        raise Http404(_("There is no such instrument."))
    return found


def copy_from_url(initiative, kwargs):
    found = instrument_from_url(initiative, kwargs)
    if found.copy is None:
        raise Http404(_("Only an adapted copy can be reworded."))
    return found


def round_from_url(initiative, kwargs):
    return get_object_or_404(Round, initiative=initiative, pk=kwargs["round_id"])


@initiative_view(Action.VIEW_ASSESSMENTS)
def overview(request, initiative):
    rounds = (
        Round.objects.filter(initiative=initiative)
        .annotate(
            invited=Count("respondents"),
            answered=Count("respondents", filter=Q(respondents__submitted_on__isnull=False)),
        )
        .order_by("-closes_on", "-pk")
    )
    mine = {
        r.round_id: r
        for r in Respondent.objects.filter(
            round__initiative=initiative, user=request.user
        ).select_related("response")
    }
    rounds = list(rounds)
    for item in rounds:
        item.mine = mine.get(item.pk)
    to_answer = [r for r in rounds if r.is_open and r.mine and r.mine.submitted_on is None]
    return render(
        request,
        "assessments/overview.html",
        {
            "initiative": initiative,
            "instruments": available_instruments(initiative),
            "open_rounds": [r for r in rounds if r.is_open],
            "past_rounds": [r for r in rounds if not r.is_open],
            "to_answer": to_answer,
        },
    )


@initiative_view(Action.VIEW_ASSESSMENTS, instrument_from_url)
def instrument(request, initiative, instrument_key, obj):
    return render(
        request,
        "assessments/instrument.html",
        {
            "initiative": initiative,
            "item": obj,
            "instrument": obj.instrument,
            "versions": obj.copy.history.order_by("-history_date")[:10] if obj.copy else [],
        },
    )


@initiative_view(Action.MANAGE_ASSESSMENTS, instrument_from_url)
def instrument_copy(request, initiative, instrument_key, obj):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    adapted = copy_instrument(initiative, obj.key, by=request.user)
    messages.success(request, _("Copy made: adapt its wording for your initiative."))
    return redirect("assessments:instrument_edit", initiative.slug, adapted.key)


@initiative_view(Action.MANAGE_ASSESSMENTS, copy_from_url)
def instrument_edit(request, initiative, instrument_key, obj):
    form = RewordForm(request.POST or None, content=obj.copy.content)
    if request.method == "POST" and form.is_valid():
        try:
            reword_copy(obj.copy, form.texts(), by=request.user)
        except InstrumentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Wording saved as version %(number)d.") % {"number": obj.copy.version}
            )
            return redirect("assessments:instrument", initiative.slug, obj.key)
    return render(
        request,
        "assessments/instrument_edit.html",
        {"initiative": initiative, "item": obj, "form": form},
    )


@initiative_view(Action.MANAGE_ASSESSMENTS)
def round_new(request, initiative):
    instruments = available_instruments(initiative)
    initial = {"instrument": request.GET.get("instrument", "")}
    form = RoundForm(
        request.POST or None, initial=initial, initiative=initiative, instruments=instruments
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            the_round = open_round(
                initiative,
                form.instruments[data["instrument"]],
                title_fr=data["title_fr"],
                title_en=data["title_en"],
                closes_on=data["closes_on"],
                anonymous=data["anonymous"],
                partners=data["partners"],
                bodies=data["bodies"],
                memberships=data["people"],
                by=request.user,
            )
        except AnswerRejected as error:
            for field, message in error.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                _("Round opened: %(count)d people are asked to answer.")
                % {"count": the_round.respondents.count()},
            )
            return redirect("assessments:round", initiative.slug, the_round.pk)
    return render(request, "assessments/round_form.html", {"initiative": initiative, "form": form})


def _round_context(request, initiative, the_round):
    context = {
        "initiative": initiative,
        "round": the_round,
        "instrument": the_round.instrument,
        "visible": can(request.user, Action.VIEW_RESULTS, initiative, the_round),
        "min_group": MIN_GROUP,
        "mine": Respondent.objects.filter(round=the_round, user=request.user).first(),
    }
    if not context["visible"]:
        return context
    if the_round.kind == "network":
        network = round_network(the_round)
        context |= {"network": network, "chart": network_chart(network)}
    else:
        results = round_results(the_round)
        context |= {"results": results, "chart": radar_chart(results)}
    return context


@initiative_view(Action.VIEW_ASSESSMENTS, round_from_url)
def round_detail(request, initiative, round_id, obj):
    context = _round_context(request, initiative, obj)
    if can(request.user, Action.MANAGE_ASSESSMENTS, initiative):
        context["respondents"] = obj.respondents.select_related("user", "partner").order_by(
            "user__full_name"
        )
    return render(request, "assessments/round.html", context)


@initiative_view(Action.VIEW_RESULTS, round_from_url)
def round_print(request, initiative, round_id, obj):
    context = _round_context(request, initiative, obj)
    return render(request, "assessments/print.html", context)


@initiative_view(Action.VIEW_RESULTS, round_from_url)
def round_csv(request, initiative, round_id, obj):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="round-{obj.pk}.csv"'
    if obj.kind == "network":
        write_network_csv(response, round_network(obj, with_layout=False))
    else:
        write_results_csv(response, round_results(obj))
    return response


@initiative_view(Action.MANAGE_ASSESSMENTS, round_from_url)
def round_close(request, initiative, round_id, obj):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    close_round(obj)
    messages.success(request, _("The round is closed."))
    return redirect("assessments:round", initiative.slug, obj.pk)


@initiative_view(Action.ANSWER_ASSESSMENT, round_from_url)
def round_answer(request, initiative, round_id, obj):
    """Answer a round: save and come back; handing in saves, then asks to confirm (?hand_in=1),
    saying how many questions are still "I don't know" or unanswered; a second POST confirms."""
    respondent = Respondent.objects.filter(round=obj, user=request.user).first()
    if respondent is None:
        raise Http404(_("You are not asked to answer this round."))
    respondent.round = obj
    instrument = obj.instrument
    errors = {}
    can_answer = respondent.submitted_on is None and obj.is_open
    if request.method == "POST" and respondent.submitted_on is None:
        confirmed = "confirm" in request.POST
        # Confirming hands in the saved draft, exactly as the confirmation page described it.
        data = _saved_values(draft_of(respondent)) if confirmed else request.POST
        try:
            save_response(respondent, data, submit=confirmed)
        except AnswerRejected as error:
            errors = error.errors
        else:
            if confirmed:
                messages.success(request, _("Thank you: your answers are handed in."))
                return redirect("assessments:overview", initiative.slug)
            if "submit" in request.POST:
                return redirect(
                    reverse("assessments:answer", args=[initiative.slug, obj.pk]) + "?hand_in=1"
                )
            messages.success(
                request, _("Your answers are saved: you can come back and finish them later.")
            )
            return redirect("assessments:answer", initiative.slug, obj.pk)
    values = (
        request.POST
        if errors and "confirm" not in request.POST
        else _saved_values(draft_of(respondent))
    )
    context = {
        "initiative": initiative,
        "round": obj,
        "instrument": instrument,
        "respondent": respondent,
        "errors": errors,
        "general_errors": [message for field, message in errors.items() if not field],
        "closed": not obj.is_open,
        "today": timezone.localdate(),
    }
    if obj.kind == "network":
        context["rows"] = [
            _partner_row(partner, values, errors, instrument)
            for partner in others_to_rate(respondent)
        ]
        context["rated"] = sum(1 for row in context["rows"] if row["has_answer"])
    else:
        context["sections"] = [
            (section, [_question_row(q, values, errors) for q in section.questions])
            for section in instrument.sections
        ]
        context["progress"] = answer_progress(instrument, values)
    if can_answer and request.method == "GET" and request.GET.get("hand_in"):
        return render(request, "assessments/answer_confirm.html", context)
    template = (
        "assessments/answer_network.html" if obj.kind == "network" else "assessments/answer.html"
    )
    return render(request, template, context)


def _saved_values(response) -> dict:
    """A draft's answers as the form's field values."""
    if response is None:
        return {}
    values = {}
    for answer in response.answers.all():
        values[f"q-{answer.question_key}"] = (
            DONT_KNOW if answer.value is None else str(answer.value)
        )
        values[f"c-{answer.question_key}"] = answer.comment
    for rating in response.ratings.all():
        pk = rating.about_id
        values[f"now-{pk}"] = str(rating.level_now or "")
        values[f"wanted-{pk}"] = str(rating.level_wanted or "")
        for key, value in rating.scores.items():
            values[f"{key}-{pk}"] = str(value)
        values[f"c-{pk}"] = rating.comment
    return values


def _question_row(question, values, errors) -> dict:
    name = f"q-{question.key}"
    return {
        "question": question,
        "name": name,
        "value": values.get(name, ""),
        "comment": values.get(f"c-{question.key}", ""),
        "error": errors.get(name, ""),
        "comment_error": errors.get(f"c-{question.key}", ""),
    }


def _partner_row(partner, values, errors, instrument) -> dict:
    fields = [
        {
            "name": f"{key}-{partner.pk}",
            "label": label,
            "choices": choices,
            "value": values.get(f"{key}-{partner.pk}", ""),
            "error": errors.get(f"{key}-{partner.pk}", ""),
        }
        for key, label, choices in [
            ("now", _("Where we stand today"), instrument.levels),
            ("wanted", _("Where we should be"), instrument.levels),
        ]
        + [(item.key, item.label, instrument.scale) for item in instrument.dimensions]
    ]
    return {
        "partner": partner,
        "fields": fields,
        "comment": values.get(f"c-{partner.pk}", ""),
        "comment_name": f"c-{partner.pk}",
        "has_answer": any(field["value"] for field in fields),
    }
