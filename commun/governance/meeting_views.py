"""Meeting pages: a body's meetings, one meeting with its agenda, attendance and quorum, the
invitations, the actions arising from it, and the calendar feeds."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun.access import PUBLIC, Action, can, initiative_view, rule
from commun.activities.editing import save_shared_action
from commun.governance import calendar_feeds
from commun.governance.invitations import send_invitations
from commun.governance.meeting_forms import (
    ActionItemForm,
    AttendanceForm,
    GuestForm,
    MeetingForm,
    MeetingItemForm,
)
from commun.governance.meetings import (
    agenda_time,
    create_meeting,
    meeting_quorum,
    meetings_of,
    move_item,
    next_item_order,
    roles_for_action,
)
from commun.governance.models import ActionOrigin, Attendance, Meeting, MeetingItem, Minutes
from commun.initiatives.models import GovernanceBody, Initiative
from commun.views import form_page


def body_from_url(initiative, kwargs):
    return get_object_or_404(GovernanceBody, initiative=initiative, pk=kwargs["body_id"])


def meeting_from_url(initiative, kwargs):
    return get_object_or_404(
        Meeting.objects.select_related("body"), body__initiative=initiative, pk=kwargs["meeting_id"]
    )


def item_from_url(initiative, kwargs):
    return get_object_or_404(
        MeetingItem,
        meeting__body__initiative=initiative,
        meeting_id=kwargs["meeting_id"],
        pk=kwargs["item_id"],
    )


def meeting_url(meeting: Meeting):
    return redirect("governance:meeting", slug=meeting.body.initiative.slug, meeting_id=meeting.pk)


@initiative_view(Action.VIEW_MEETINGS, body_from_url)
def meeting_list(request, initiative, body_id, obj):
    return render(
        request,
        "governance/meeting_list.html",
        {
            "initiative": initiative,
            "body": obj,
            "meetings": meetings_of(obj),
            "feed_url": calendar_feeds.feed_urls(request.user, initiative, obj),
        },
    )


@initiative_view(Action.VIEW_MEETINGS)
def initiative_meetings(request, initiative):
    meetings = (
        Meeting.objects.filter(body__initiative=initiative)
        .select_related("body", "minutes")
        .order_by("-starts_at")
    )
    return render(
        request,
        "governance/meetings.html",
        {
            "initiative": initiative,
            "meetings": meetings,
            "feed_url": calendar_feeds.feed_urls(request.user, initiative),
        },
    )


@initiative_view(Action.MANAGE_MEETINGS, body_from_url)
def meeting_new(request, initiative, body_id, obj):
    def created(form):
        meeting = create_meeting(form.save(commit=False))
        return _("The meeting is planned, its agenda started."), meeting_page(meeting)

    form = MeetingForm(request.POST or None, body=obj)
    context = {"initiative": initiative, "body": obj, "title": _("Plan a meeting")}
    return form_page(request, form, "governance/meeting_form.html", context, created)


def meeting_page(meeting: Meeting) -> str:
    return meeting_url(meeting).url


@initiative_view(Action.MANAGE_MEETINGS, meeting_from_url)
def meeting_edit(request, initiative, meeting_id, obj):
    def saved(form):
        changed = form.has_changed()
        form.save()
        message = _("Saved.") if changed else _("Nothing changed.")
        if changed and obj.invitations_sent:
            message += " " + _("Send the invitations again so that calendars follow.")
        return message, meeting_page(obj)

    form = MeetingForm(request.POST or None, instance=obj, body=obj.body)
    context = {"initiative": initiative, "body": obj.body, "meeting": obj, "title": str(obj)}
    return form_page(request, form, "governance/meeting_form.html", context, saved)


@initiative_view(Action.VIEW_MEETINGS, meeting_from_url)
def meeting_detail(request, initiative, meeting_id, obj):
    items = list(obj.items.select_related("presenter", "indicator", "shared_action", "decision"))
    attendance = list(obj.attendance.select_related("person", "partner", "proxy"))
    minutes = Minutes.objects.filter(meeting=obj).first()
    arising = obj.actions_arising.select_related(
        "shared_action__owner_body", "shared_action__owner_person"
    )
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "initiative": initiative,
            "meeting": obj,
            "body": obj.body,
            "items": items,
            "time": agenda_time(obj, items),
            "attendance": attendance,
            "quorum": meeting_quorum(obj),
            "minutes": minutes,
            "may_read_minutes": minutes is not None
            and can(request.user, Action.VIEW_MEETINGS, initiative, minutes),
            "arising": [origin.shared_action for origin in arising],
            "may_manage": can(request.user, Action.MANAGE_MEETINGS, initiative),
        },
    )


@initiative_view(Action.MANAGE_MEETINGS, meeting_from_url)
def item_new(request, initiative, meeting_id, obj):
    def added(form):
        item = form.save(commit=False)
        item.order = next_item_order(obj)
        item.save()
        return _("The item is on the agenda."), meeting_page(obj)

    form = MeetingItemForm(request.POST or None, meeting=obj)
    context = {"initiative": initiative, "meeting": obj, "title": _("Add an agenda item")}
    return form_page(request, form, "governance/meeting_form.html", context, added)


@initiative_view(Action.MANAGE_MEETINGS, item_from_url)
def item_edit(request, initiative, meeting_id, item_id, obj):
    def saved(form):
        changed = form.has_changed()
        form.save()
        return (_("Saved.") if changed else _("Nothing changed.")), meeting_page(obj.meeting)

    form = MeetingItemForm(request.POST or None, instance=obj, meeting=obj.meeting)
    context = {"initiative": initiative, "meeting": obj.meeting, "title": obj.title}
    return form_page(request, form, "governance/meeting_form.html", context, saved)


@initiative_view(Action.MANAGE_MEETINGS, item_from_url)
@require_POST
def item_move(request, initiative, meeting_id, item_id, obj):
    move_item(obj, -1 if request.POST.get("direction") == "up" else 1)
    if request.htmx:
        return meeting_detail_agenda(request, initiative, obj.meeting)
    return meeting_url(obj.meeting)


def meeting_detail_agenda(request, initiative, meeting):
    items = list(
        meeting.items.select_related("presenter", "indicator", "shared_action", "decision")
    )
    return render(
        request,
        "governance/partials/meeting_agenda.html",
        {
            "initiative": initiative,
            "meeting": meeting,
            "items": items,
            "time": agenda_time(meeting, items),
            "may_manage": True,
        },
    )


@initiative_view(Action.MANAGE_MEETINGS, item_from_url)
@require_POST
def item_delete(request, initiative, meeting_id, item_id, obj):
    obj.delete()
    messages.success(request, _("The item is off the agenda."))
    return meeting_url(obj.meeting)


@initiative_view(Action.MANAGE_MEETINGS, meeting_from_url)
def attendance(request, initiative, meeting_id, obj):
    """Who attended: one line per person, sent together."""
    data = request.POST if request.method == "POST" else None
    forms = [
        AttendanceForm(data, instance=row, initiative=initiative, prefix=f"a{row.pk}")
        for row in obj.attendance.select_related("person", "partner", "proxy")
    ]
    if data is not None and all(form.is_valid() for form in forms):
        changed = [form for form in forms if form.has_changed()]
        with transaction.atomic():
            for form in changed:
                form.save()
        messages.success(request, _("Saved.") if changed else _("Nothing changed."))
        return meeting_url(obj)
    return render(
        request,
        "governance/meeting_attendance.html",
        {"initiative": initiative, "meeting": obj, "forms": forms, "quorum": meeting_quorum(obj)},
    )


@initiative_view(Action.MANAGE_MEETINGS, meeting_from_url)
def guest_add(request, initiative, meeting_id, obj):
    def added(form):
        Attendance.objects.create(
            meeting=obj,
            person=form.cleaned_data["person"],
            partner=form.cleaned_data["partner"],
            presence=Attendance.Presence.PRESENT,
            voting=False,
        )
        return _("%(person)s attends as a guest.") % {
            "person": form.cleaned_data["person"]
        }, meeting_page(obj)

    form = GuestForm(request.POST or None, meeting=obj)
    context = {"initiative": initiative, "meeting": obj, "title": _("Add a guest")}
    return form_page(request, form, "governance/meeting_form.html", context, added)


@initiative_view(Action.MANAGE_MEETINGS, meeting_from_url)
@require_POST
def invitations_send(request, initiative, meeting_id, obj):
    sent = send_invitations(obj)
    if obj.status == Meeting.Status.CANCELLED:
        message = _("The cancellation is sent to %(count)d people.")
    elif obj.invitations_sent:
        message = _("The updated invitation is sent to %(count)d people.")
    else:
        message = _("The invitation is sent to %(count)d people.")
    messages.success(request, message % {"count": sent})
    return meeting_url(obj)


@initiative_view(Action.MANAGE_MEETINGS, meeting_from_url)
def action_new(request, initiative, meeting_id, obj):
    """An action arising from the meeting, in the joint action plan, owned by the body (or the
    person named), and carried on the body's next agendas until done."""

    def created(form):
        with transaction.atomic():
            action = save_shared_action(form)
            ActionOrigin.objects.create(shared_action=action, meeting=obj)
            said = None
            if form.cleaned_data.get("roles_from") is not None:
                said = roles_for_action(action, form.cleaned_data["roles_from"])
        if said:
            messages.info(request, said)
        return _("The action is in the joint action plan."), meeting_page(obj)

    form = ActionItemForm(request.POST or None, meeting=obj)
    context = {"initiative": initiative, "meeting": obj, "title": _("An action arising")}
    return form_page(request, form, "governance/meeting_form.html", context, created)


@initiative_view(Action.VIEW_MEETINGS)
@require_POST
def calendar_renew(request, initiative):
    calendar_feeds.renew_feed(request.user)
    messages.success(request, _("Your calendar address is new: the old one no longer works."))
    return redirect("governance:meetings", slug=initiative.slug)


def calendar_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


@rule(PUBLIC)  # the secret token in the address is the key: calendar apps cannot log in
def person_feed(request, slug, feed_token):
    initiative = get_object_or_404(Initiative, slug=slug)
    user = calendar_feeds.user_of_token(feed_token)
    if user is None or not calendar_feeds.may_follow(user, initiative):
        raise Http404
    return calendar_response(calendar_feeds.person_feed(user, initiative), initiative.slug)


@rule(PUBLIC)  # the secret token in the address is the key: calendar apps cannot log in
def body_feed(request, slug, body_id, feed_token):
    initiative = get_object_or_404(Initiative, slug=slug)
    body = get_object_or_404(GovernanceBody, initiative=initiative, pk=body_id)
    user = calendar_feeds.user_of_token(feed_token)
    if user is None or not calendar_feeds.may_follow(user, initiative):
        raise Http404
    return calendar_response(calendar_feeds.body_feed(user, body), f"body-{body.pk}")
