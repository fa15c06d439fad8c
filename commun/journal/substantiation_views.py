"""An outcome's statuses (submit, conclude, publish, unpublish, return to draft), staff's
substantiation requests, and the public page where an asked person answers by their link."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun.access import PUBLIC, Action, can, initiative_view, rule
from commun.initiatives.models import Initiative, Membership
from commun.initiatives.roles import BACKBONE_ROLES
from commun.journal import statuses
from commun.journal import substantiation as asking
from commun.journal.models import ObservedOutcome, Substantiation
from commun.journal.substantiation_forms import (
    AnswerForm,
    ConcludeForm,
    ExpiryForm,
    RequestForm,
    ReturnForm,
)
from commun.sections import initiative_url
from commun.views import form_page


def outcome_from_url(initiative, kwargs):
    return get_object_or_404(
        ObservedOutcome.objects.select_related("actor", "partner", "initiative"),
        initiative=initiative,
        pk=kwargs["observed_id"],
    )


def request_from_url(initiative, kwargs):
    return get_object_or_404(
        Substantiation.objects.select_related("outcome__initiative"),
        outcome__initiative=initiative,
        pk=kwargs["substantiation_id"],
    )


def outcome_url(initiative, outcome) -> str:
    """The outcome's page (the outcome part of the journal); its substantiation page before."""
    try:
        return initiative_url("journal:outcome", initiative, outcome.pk)
    except NoReverseMatch:
        return initiative_url("journal:substantiation_request", initiative, outcome.pk)


def _step(request, initiative, outcome, step, done: str, *args):
    try:
        step(outcome, *args)
    except statuses.StatusError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done)
    return redirect(outcome_url(initiative, outcome))


@initiative_view(Action.VIEW_JOURNAL, outcome_from_url)  # hides what the person may not see
@require_POST
def outcome_submit(request, initiative, observed_id, obj):
    """The reporter, their partner's people who may edit it, or staff send it for review."""
    if not (
        obj.reported_by_id == request.user.pk
        or can(request.user, Action.MANAGE_JOURNAL, initiative)
        or can(request.user, Action.REPORT_OUTCOMES, initiative, obj)
    ):
        if obj.status != ObservedOutcome.Status.DRAFT and can(
            request.user, Action.REPORT_OUTCOMES, initiative
        ):
            messages.error(request, _("This outcome is no longer a draft."))
            return redirect(outcome_url(initiative, obj))
        raise PermissionDenied
    return _step(
        request, initiative, obj, statuses.submit, _("The outcome is submitted for review.")
    )


@initiative_view(Action.MANAGE_JOURNAL, outcome_from_url)
def outcome_conclude(request, initiative, observed_id, obj):
    proposed = statuses.proposed_conclusion(obj)
    form = ConcludeForm(request.POST or None, initial={"status": proposed})

    def conclude(form):
        statuses.conclude(obj, form.cleaned_data["status"])
        status = obj.get_status_display().lower()
        return _("The outcome is concluded: %(status)s.") % {"status": status}, outcome_url(
            initiative, obj
        )

    context = {
        "initiative": initiative,
        "outcome": obj,
        "proposed": ObservedOutcome.Status(proposed),
        "back": outcome_url(initiative, obj),
    }
    return form_page(
        request,
        form,
        "journal/substantiation_conclude.html",
        context,
        conclude,
        refused=statuses.StatusError,
    )


@initiative_view(Action.MANAGE_JOURNAL, outcome_from_url)
@require_POST
def outcome_publish(request, initiative, observed_id, obj):
    return _step(request, initiative, obj, statuses.publish, _("The outcome is published."))


@initiative_view(Action.MANAGE_JOURNAL, outcome_from_url)
@require_POST
def outcome_unpublish(request, initiative, observed_id, obj):
    return _step(
        request, initiative, obj, statuses.unpublish, _("The outcome is no longer published.")
    )


@initiative_view(Action.MANAGE_JOURNAL, outcome_from_url)
def outcome_return_to_draft(request, initiative, observed_id, obj):
    def return_to_draft(form):
        statuses.return_to_draft(obj, form.cleaned_data["reason"])
        return _("The outcome is back to draft."), outcome_url(initiative, obj)

    context = {"initiative": initiative, "outcome": obj, "back": outcome_url(initiative, obj)}
    return form_page(
        request,
        ReturnForm(request.POST or None),
        "journal/substantiation_return.html",
        context,
        return_to_draft,
        refused=statuses.StatusError,
    )


@initiative_view(Action.MANAGE_JOURNAL, outcome_from_url)
def substantiation_request(request, initiative, observed_id, obj):
    form = RequestForm(request.POST or None, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        if obj.status == ObservedOutcome.Status.PUBLISHED:
            form.add_error(None, _("This outcome is published: take it off publication first."))
        else:
            data = form.cleaned_data
            asking.request_substantiation(
                obj,
                request.user,
                name=data["name"].strip(),
                email_address=data["email"],
                language=data["language"],
                person=data["person"],
                expires_at=form.expires_at(),
            )
            messages.success(
                request, _("%(name)s is asked by e-mail.") % {"name": data["name"].strip()}
            )
            return redirect(request.path)
    context = {
        "initiative": initiative,
        "outcome": obj,
        "form": form,
        "back": outcome_url(initiative, obj),
    }
    return render(request, "journal/substantiation_request.html", context)


@initiative_view(Action.MANAGE_JOURNAL, request_from_url)
def substantiation_again(request, initiative, substantiation_id, obj):
    form = ExpiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        asking.ask_again(obj, request.user, form.expires_at())
        messages.success(
            request,
            _("%(name)s is asked again; the earlier link no longer works.") % {"name": obj.name},
        )
        return redirect(outcome_url(initiative, obj.outcome))
    context = {
        "initiative": initiative,
        "outcome": obj.outcome,
        "asked": obj,
        "form": form,
        "back": outcome_url(initiative, obj.outcome),
    }
    return render(request, "journal/substantiation_again.html", context)


@initiative_view(Action.MANAGE_JOURNAL, request_from_url)
@require_POST
def substantiation_withdraw(request, initiative, substantiation_id, obj):
    asking.withdraw(obj)
    messages.success(request, _("The request to %(name)s is withdrawn.") % {"name": obj.name})
    return redirect(outcome_url(initiative, obj.outcome))


def whom_to_ask(initiative) -> list[str]:
    """The backbone's people a person with a dead link may write to."""
    return list(
        Membership.objects.filter(initiative=initiative, role__in=BACKBONE_ROLES)
        .select_related("user")
        .values_list("user__email", flat=True)[:3]
    )


@rule(PUBLIC)  # the signed link in the address is the key: the person may have no account
def substantiate(request, slug, signed):
    initiative = get_object_or_404(Initiative, slug=slug)
    try:
        asked = asking.substantiation_from_link(initiative, signed)
    except (asking.LinkUnknown, asking.LinkExpired) as refused:
        expired = isinstance(refused, asking.LinkExpired)
        asker = refused.substantiation.requested_by if expired else None
        context = {
            "initiative": initiative,
            "expired": expired,
            "asker": asker,
            # Only a link that once worked names the coordination's addresses.
            "contacts": whom_to_ask(initiative) if expired and not asker else [],
        }
        return render(
            request, "journal/substantiate_gone.html", context, status=410 if expired else 404
        )
    with translation.override(asked.language):
        form = AnswerForm(request.POST or None, instance=asked)
        done = False
        if request.method == "POST" and form.is_valid():
            asking.record_answer(form.instance, form.cleaned_data)
            done = True
            form = AnswerForm(instance=asked)
        context = {
            "initiative": initiative,
            "asked": asked,
            "outcome": asked.outcome,
            "form": form,
            "done": done,
            "language": asked.language,
        }
        response = render(request, "journal/substantiate.html", context)
        response["Content-Language"] = asked.language
        return response
