"""Decision pages: the log (and its CSV), the decisions to review, one decision with its
results, stances and actions arising; staff's steps (draft, options, open, close, remind,
outcome, review, action) and a member's stance."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun.access import Action, can, initiative_view
from commun.governance import decisions as steps
from commun.governance.decision_forms import (
    ActionForm,
    DecisionForm,
    DecisionLogForm,
    OpenForm,
    OptionForm,
    OutcomeForm,
    StanceForm,
)
from commun.governance.decision_log import decision_log, visible_decisions, write_log_csv
from commun.governance.decision_reminders import not_voted, remind
from commun.governance.decision_results import results_of
from commun.governance.models import Decision, Stance
from commun.initiatives.models import GovernanceBody
from commun.rich_text import editor_media
from commun.sections import initiative_url
from commun.views import form_page, page_of

PER_PAGE = 25


def decision_from_url(initiative, kwargs):
    decision = get_object_or_404(
        Decision.objects.select_related("body", "meeting", "indicator", "activity"),
        body__initiative=initiative,
        pk=kwargs["decision_id"],
    )
    steps.close_if_due(decision)  # its closing time has passed: the close is recorded now
    return decision


def body_from_url(initiative, kwargs):
    return get_object_or_404(GovernanceBody, initiative=initiative, pk=kwargs["body_id"])


def decision_url(initiative, decision) -> str:
    return initiative_url("governance:decision", initiative, decision.pk)


@initiative_view(Action.VIEW_DECISIONS)
def log(request, initiative):
    form = DecisionLogForm(request.GET or None, initiative=initiative)
    decisions = decision_log(initiative, request.user, form.filters())
    return render(
        request,
        "governance/decision_log.html",
        {"initiative": initiative, "form": form, **page_of(request, decisions, PER_PAGE)},
    )


@initiative_view(Action.VIEW_DECISIONS)
def log_csv(request, initiative):
    form = DecisionLogForm(request.GET or None, initiative=initiative)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    write_log_csv(response, decision_log(initiative, request.user, form.filters()))
    return response


@initiative_view(Action.VIEW_DECISIONS)
def to_review(request, initiative):
    decisions = steps.to_review(visible_decisions(initiative, request.user)).select_related("body")
    return render(
        request,
        "governance/decision_review.html",
        {"initiative": initiative, "decisions": decisions},
    )


@initiative_view(Action.VIEW_DECISIONS, decision_from_url)
def detail(request, initiative, decision_id, obj):
    stances = obj.stances.select_related("person", "partner").prefetch_related("choices__option")
    manage = can(request.user, Action.MANAGE_DECISIONS, initiative, obj)
    context = {
        "initiative": initiative,
        "decision": obj,
        "options": list(obj.options.all()),
        "results": results_of(obj) if obj.status != Decision.Status.DRAFT else None,
        "stances": stances.order_by("-latest", "person__full_name", "-cast_at"),
        "may_vote": can(request.user, Action.VOTE, initiative, obj),
        "may_manage": manage,
        "waiting": not_voted(obj) if manage and obj.is_open else [],
        "actions": obj.actions_arising.select_related(
            "shared_action__owner_body", "shared_action__owner_person"
        ),
    }
    return render(request, "governance/decision_detail.html", context)


def decision_page(request, initiative, decision: Decision, title: str):
    form = DecisionForm(request.POST or None, instance=decision)

    def saved(form):
        created = decision.pk is None
        if created:
            decision.created_by = request.user
        changed = created or form.has_changed()
        form.save()
        return (_("Saved.") if changed else _("Nothing changed.")), decision_url(
            initiative, decision
        )

    context = {
        "initiative": initiative,
        "decision": decision,
        "title": title,
        "editor_media": editor_media(form, request),
    }
    return form_page(request, form, "governance/decision_form.html", context, saved)


@initiative_view(Action.MANAGE_DECISIONS, body_from_url)
def new(request, initiative, body_id, obj):
    return decision_page(request, initiative, Decision(body=obj), _("A new decision"))


@initiative_view(Action.MANAGE_DECISIONS, decision_from_url)
def edit(request, initiative, decision_id, obj):
    return decision_page(request, initiative, obj, _("Edit the decision"))


@initiative_view(Action.MANAGE_DECISIONS, decision_from_url)
def options(request, initiative, decision_id, obj):
    form = OptionForm(request.POST or None)
    if request.method == "POST":
        removed = request.POST.get("remove", "")
        try:
            if removed.isdigit():
                steps.remove_option(obj, int(removed))
                messages.success(request, _("The option is removed."))
                return redirect(request.path)
            if form.is_valid():
                steps.add_option(obj, form.cleaned_data["name_fr"], form.cleaned_data["name_en"])
                messages.success(request, _("The option is added."))
                return redirect(request.path)
        except steps.DecisionError as refused:
            messages.error(request, str(refused))
    context = {
        "initiative": initiative,
        "decision": obj,
        "form": form,
        "options": obj.options.all(),
    }
    return render(request, "governance/decision_options.html", context)


@initiative_view(Action.MANAGE_DECISIONS, decision_from_url)
def open_for_votes(request, initiative, decision_id, obj):
    form = OpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            steps.open_decision(obj, form.cleaned_data["closes_at"])
        except steps.DecisionError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The decision is open for votes."))
            return redirect(decision_url(initiative, obj))
    context = {"initiative": initiative, "decision": obj, "form": form}
    return render(request, "governance/decision_open.html", context)


@initiative_view(Action.VOTE, decision_from_url)
def vote(request, initiative, decision_id, obj):
    options = list(obj.options.all())
    latest = Stance.objects.filter(decision=obj, person=request.user, latest=True).first()
    current = {c.option_id: c.value for c in latest.choices.all()} if latest else {}
    form = StanceForm(
        request.POST or None,
        decision=obj,
        options=options,
        current=current,
        initial={"reason": latest.reason if latest else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            steps.take_stance(obj, request.user, form.values(), form.cleaned_data["reason"])
        except steps.DecisionError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, _("Your stance is changed.") if latest else _("Your stance is recorded.")
            )
            return redirect(decision_url(initiative, obj))
    context = {"initiative": initiative, "decision": obj, "form": form, "latest": latest}
    return render(request, "governance/decision_vote.html", context)


@initiative_view(Action.MANAGE_DECISIONS, decision_from_url)
@require_POST
def close(request, initiative, decision_id, obj):
    if steps.close_decision(obj):
        messages.success(request, _("The decision is closed."))
    return redirect(decision_url(initiative, obj))


@initiative_view(Action.MANAGE_DECISIONS, decision_from_url)
@require_POST
def send_reminders(request, initiative, decision_id, obj):
    sent = remind(obj)
    messages.success(request, _("Reminders sent: %(count)d.") % {"count": sent})
    return redirect(decision_url(initiative, obj))


@initiative_view(Action.MANAGE_DECISIONS, decision_from_url)
def outcome(request, initiative, decision_id, obj):
    form = OutcomeForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        if obj.status == Decision.Status.DECIDED and not form.has_changed():
            messages.success(request, _("Nothing changed."))
            return redirect(decision_url(initiative, obj))
        try:
            steps.record_outcome(form.save(commit=False))
        except steps.DecisionError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The outcome is recorded."))
            return redirect(decision_url(initiative, obj))
    context = {
        "initiative": initiative,
        "decision": obj,
        "form": form,
        "editor_media": editor_media(form, request),
    }
    return render(request, "governance/decision_outcome.html", context)


@initiative_view(Action.MANAGE_DECISIONS, decision_from_url)
@require_POST
def reviewed(request, initiative, decision_id, obj):
    steps.mark_reviewed(obj)
    messages.success(request, _("The decision is marked reviewed."))
    return redirect(decision_url(initiative, obj))


@initiative_view(Action.MANAGE_DECISIONS, decision_from_url)
def action_new(request, initiative, decision_id, obj):
    form = ActionForm(request.POST or None, decision=obj)
    if request.method == "POST" and form.is_valid():
        _action, owner_said = steps.add_action(obj, form.arising())
        messages.success(request, _("The action is added to the joint action plan."))
        if owner_said:
            messages.info(request, owner_said)
        return redirect(decision_url(initiative, obj))
    context = {"initiative": initiative, "decision": obj, "form": form}
    return render(request, "governance/decision_action.html", context)
