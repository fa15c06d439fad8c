"""Minutes pages: read (observers: published only), draft, open for amendments, amend, approve at
a later meeting (then locked), publish, their versions, printable and as PDF."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun import renders
from commun.access import Action, can, initiative_view
from commun.governance.meeting_forms import (
    AmendmentForm,
    AmendmentWindowForm,
    ApprovalForm,
    MinutesForm,
)
from commun.governance.minutes import (
    MinutesError,
    approval_meetings,
    approve_minutes,
    decide_amendment,
    minutes_of,
    open_for_amendments,
    propose_amendment,
    set_published,
    versions_of,
)
from commun.governance.minutes_pdf import minutes_pdf_rendering, minutes_print_context
from commun.governance.models import Amendment, Meeting, Minutes
from commun.rich_text import editor_media

LANGUAGE_CODES = ("fr", "en")


def minutes_from_url(initiative, kwargs):
    """The meeting's minutes; not yet written, an empty draft (unsaved until someone writes)."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("body"), body__initiative=initiative, pk=kwargs["meeting_id"]
    )
    return Minutes.objects.filter(meeting=meeting).first() or Minutes(meeting=meeting)


def amendment_from_url(initiative, kwargs):
    return get_object_or_404(
        Amendment.objects.select_related("minutes__meeting__body"),
        minutes__meeting__body__initiative=initiative,
        minutes__meeting_id=kwargs["meeting_id"],
        pk=kwargs["amendment_id"],
    )


def to_minutes(minutes: Minutes):
    return redirect(
        "governance:minutes",
        slug=minutes.meeting.body.initiative.slug,
        meeting_id=minutes.meeting_id,
    )


@initiative_view(Action.VIEW_MEETINGS, minutes_from_url)
def minutes_page(request, initiative, meeting_id, obj):
    manage = can(request.user, Action.MANAGE_MEETINGS, initiative)
    return render(
        request,
        "governance/minutes.html",
        {
            "initiative": initiative,
            "minutes": obj,
            "meeting": obj.meeting,
            "may_manage": manage,
            "may_amend": obj.pk is not None
            and can(request.user, Action.AMEND_MINUTES, initiative, obj),
            "amendments": obj.amendments.select_related("author") if obj.pk else [],
            "versions": versions_of(obj) if obj.pk and manage else [],
            "window_form": AmendmentWindowForm() if manage and not obj.locked else None,
            "approval_form": (
                ApprovalForm(meetings=approval_meetings(obj)) if manage and not obj.locked else None
            ),
        },
    )


@initiative_view(Action.MANAGE_MEETINGS, minutes_from_url)
def minutes_edit(request, initiative, meeting_id, obj):
    if obj.locked:
        messages.error(
            request, _("These minutes are approved and locked: they can no longer change.")
        )
        return to_minutes(obj)
    form = MinutesForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        changed = form.has_changed()
        if changed:  # minutes nobody wrote are not saved empty
            form.save()
        messages.success(request, _("Saved.") if changed else _("Nothing changed."))
        return to_minutes(obj)
    return render(
        request,
        "governance/minutes_form.html",
        {
            "initiative": initiative,
            "minutes": obj,
            "meeting": obj.meeting,
            "form": form,
            "editor_media": editor_media(form, request),
        },
    )


def said(request, action, minutes: Minutes, success: str):
    """Do `action()`; tell its translated refusal, or `success`; back to the minutes."""
    try:
        action()
    except MinutesError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, success)
    return to_minutes(minutes)


@initiative_view(Action.MANAGE_MEETINGS, minutes_from_url)
@require_POST
def minutes_open(request, initiative, meeting_id, obj):
    form = AmendmentWindowForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the last day of the amendments."))
        return to_minutes(obj)
    minutes = obj if obj.pk else minutes_of(obj.meeting)
    until = form.cleaned_data["until"]
    return said(
        request,
        lambda: open_for_amendments(minutes, until),
        minutes,
        _("The attendees may propose amendments."),
    )


@initiative_view(Action.MANAGE_MEETINGS, minutes_from_url)
@require_POST
def minutes_approve(request, initiative, meeting_id, obj):
    if obj.pk is None:
        raise Http404
    form = ApprovalForm(request.POST, meetings=approval_meetings(obj))
    if not form.is_valid():
        messages.error(request, _("Choose the later meeting that approved these minutes."))
        return to_minutes(obj)
    at = form.cleaned_data["meeting"]
    return said(
        request,
        lambda: approve_minutes(obj, at),
        obj,
        _("The minutes are approved and locked."),
    )


@initiative_view(Action.MANAGE_MEETINGS, minutes_from_url)
@require_POST
def minutes_publish(request, initiative, meeting_id, obj):
    if obj.pk is None:
        raise Http404
    published = request.POST.get("published") == "1"
    set_published(obj, published)
    messages.success(
        request,
        _("The minutes are published.") if published else _("The minutes are no longer published."),
    )
    return to_minutes(obj)


@initiative_view(Action.AMEND_MINUTES, minutes_from_url)
def amendment_new(request, initiative, meeting_id, obj):
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        return said(
            request,
            lambda: propose_amendment(obj, request.user, text),
            obj,
            _("Your amendment is sent."),
        )
    return render(
        request,
        "governance/meeting_form.html",
        {
            "initiative": initiative,
            "meeting": obj.meeting,
            "form": form,
            "title": _("Propose an amendment"),
        },
    )


@initiative_view(Action.MANAGE_MEETINGS, amendment_from_url)
@require_POST
def amendment_decide(request, initiative, meeting_id, amendment_id, obj):
    accepted = request.POST.get("decision") == "accept"
    return said(
        request,
        lambda: decide_amendment(obj, accepted),
        obj.minutes,
        _("The amendment is accepted.") if accepted else _("The amendment is declined."),
    )


def chosen_language(request) -> str:
    language = request.GET.get("lang") or get_language()[:2]
    if language not in LANGUAGE_CODES:
        raise Http404(_("This language is not available."))
    return language


@initiative_view(Action.VIEW_MEETINGS, minutes_from_url)
def minutes_print(request, initiative, meeting_id, obj):
    language = chosen_language(request)
    with translation.override(language):
        context = minutes_print_context(obj, language)
        return render(request, "governance/minutes_print.html", context)


@initiative_view(Action.VIEW_MEETINGS, minutes_from_url)
def minutes_pdf(request, initiative, meeting_id, obj):
    rendering = minutes_pdf_rendering(obj, chosen_language(request))
    return renders.serve(request, rendering, {"initiative": initiative})


def published_minutes_from_url(initiative, kwargs) -> Minutes:
    """Minutes the body published, once approved: what the public may read (404 otherwise)."""
    return get_object_or_404(
        Minutes.objects.select_related("meeting__body"),
        meeting__body__initiative=initiative,
        meeting_id=kwargs["meeting_id"],
        published=True,
        status=Minutes.Status.APPROVED,
    )


@initiative_view(Action.VIEW_PUBLIC_PAGE, published_minutes_from_url)
def public_minutes(request, initiative, meeting_id, obj):
    """Published minutes, as printed, for anyone the initiative's public page is open to."""
    language = chosen_language(request)
    with translation.override(language):
        context = minutes_print_context(obj, language)
        return render(request, "governance/minutes_print.html", context)
