"""Pages of strategic learning: the sessions, one session with its frozen figures and "now what"
lines, staff's steps (hold, edit, freeze, add and adopt lines), an indicator's interpretations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun.access import Action, can, initiative_view
from commun.formatting import format_date
from commun.formatting.sorting import dictionary_order
from commun.journal import learning as writes
from commun.journal.interpretations import add_interpretation, delete_interpretation
from commun.journal.learning_forms import (
    AdoptForm,
    ConfirmForm,
    InterpretationForm,
    LearningSessionForm,
    NowWhatForm,
    format_asked,
)
from commun.journal.learning_reading import (
    frozen_indicators,
    frozen_outcomes,
    now_what_lines,
    session_seen,
    sessions_list,
)
from commun.journal.models import Interpretation, LearningFormat, LearningSession, NowWhat
from commun.journal.snapshots import freeze
from commun.journal.visibility import outcomes_seen
from commun.measurement.figures import visible_indicators
from commun.measurement.models import Indicator
from commun.sections import initiative_url
from commun.views import form_page, page_of

PER_PAGE = 25


def session_from_url(initiative, kwargs) -> LearningSession:
    return get_object_or_404(LearningSession, initiative=initiative, pk=kwargs["learning_id"])


def now_what_from_url(initiative, kwargs) -> NowWhat:
    return get_object_or_404(
        NowWhat.objects.select_related("session"),
        session__initiative=initiative,
        session_id=kwargs["learning_id"],
        pk=kwargs["now_what_id"],
    )


def indicator_from_url(initiative, kwargs) -> Indicator:
    return get_object_or_404(Indicator, initiative=initiative, code=kwargs["code"])


def interpretation_from_url(initiative, kwargs) -> Interpretation:
    return get_object_or_404(
        Interpretation.objects.select_related("indicator"),
        indicator__initiative=initiative,
        pk=kwargs["interpretation_id"],
    )


def session_url(initiative, session) -> str:
    return initiative_url("journal:learning_session", initiative, session.pk)


@initiative_view(Action.VIEW_LEARNING)
def session_list(request, initiative):
    return render(
        request,
        "journal/learning_list.html",
        {
            "initiative": initiative,
            **page_of(request, sessions_list(request.user, initiative), PER_PAGE),
        },
    )


@initiative_view(Action.VIEW_LEARNING, session_from_url)
def session_page(request, initiative, learning_id, obj):
    session = session_seen(request.user, initiative, obj.pk)
    if session is None:  # not shown to every member: as if it did not exist
        raise Http404
    user = request.user
    context = {
        "initiative": initiative,
        "session": session,
        "may_manage": can(user, Action.MANAGE_LEARNING, initiative),
        "may_plan": can(user, Action.MANAGE_ACTION_PLAN, initiative),
        "is_curve": session.format == LearningFormat.TURN_THE_CURVE,
        "indicators": visible_indicators(user, initiative)
        .filter(learning_sessions=session)
        .order_by(dictionary_order("name"), "pk"),
        "outcomes": outcomes_seen(user, initiative)
        .filter(learning_sessions=session)
        .order_by("-observed_on", "pk"),
        "activities": session.activities.all(),  # in dictionary order (Activity's ordering)
        "participants": session.participants.order_by(
            dictionary_order("full_name", bilingual=False), "pk"
        ),
        "partners": session.partners.all(),
        "partners_to_play": session.partners_to_play.all(),
        "frozen": frozen_indicators(session, user) if session.frozen_at else [],
        "frozen_outcomes": frozen_outcomes(session, user) if session.frozen_at else [],
        "lines": now_what_lines(session),
        "line_form": NowWhatForm(session=session)
        if can(user, Action.MANAGE_LEARNING, initiative)
        else None,
    }
    return render(request, "journal/learning_session.html", context)


def session_form_page(request, initiative, session: LearningSession, title: str):
    chosen = format_asked(request.GET.get("format")) if session.pk is None else session.format
    if session.pk is None:
        session.format = chosen
    form = LearningSessionForm(
        request.POST or None, instance=session, initiative=initiative, user=request.user
    )

    def saved(form):
        saved_session, changed = writes.save_session(form, request.user)
        message = _("Saved.") if changed else _("Nothing changed.")
        return message, session_url(initiative, saved_session)

    context = {
        "initiative": initiative,
        "session": session,
        "title": title,
        "formats": LearningFormat.choices,
        "chosen": chosen,
    }
    return form_page(request, form, "journal/learning_form.html", context, saved)


@initiative_view(Action.MANAGE_LEARNING)
def session_new(request, initiative):
    return session_form_page(
        request, initiative, LearningSession(initiative=initiative), _("A new learning session")
    )


@initiative_view(Action.MANAGE_LEARNING, session_from_url)
def session_edit(request, initiative, learning_id, obj):
    return session_form_page(request, initiative, obj, _("Edit the learning session"))


@initiative_view(Action.MANAGE_LEARNING, session_from_url)
def session_freeze(request, initiative, learning_id, obj):
    """Freeze the figures: at once the first time; a refreeze asks for confirmation."""
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (obj.frozen_at is None or form.is_valid()):
        freeze(obj, by=request.user)
        messages.success(request, _("The figures and outcomes are frozen as they are today."))
        return redirect(session_url(initiative, obj))
    return render(
        request,
        "journal/learning_freeze.html",
        {"initiative": initiative, "session": obj, "form": form},
    )


@initiative_view(Action.MANAGE_LEARNING, session_from_url)
def now_what_new(request, initiative, learning_id, obj):
    form = NowWhatForm(request.POST or None, session=obj)
    if request.method == "POST" and form.is_valid():
        writes.save_now_what(form)
        messages.success(request, _("The line is added."))
        return redirect(session_url(initiative, obj) + "#now-what")
    return render(
        request,
        "journal/learning_now_what.html",
        {"initiative": initiative, "session": obj, "form": form, "line": None},
    )


@initiative_view(Action.MANAGE_LEARNING, now_what_from_url)
def now_what_edit(request, initiative, learning_id, now_what_id, obj):
    form = NowWhatForm(request.POST or None, instance=obj, session=obj.session)

    def saved(form):
        changed = form.has_changed()
        writes.save_now_what(form)
        message = _("Saved.") if changed else _("Nothing changed.")
        return message, session_url(initiative, obj.session) + "#now-what"

    context = {"initiative": initiative, "session": obj.session, "line": obj}
    return form_page(request, form, "journal/learning_now_what.html", context, saved)


@initiative_view(Action.MANAGE_LEARNING, now_what_from_url)
@require_POST
def now_what_delete(request, initiative, learning_id, now_what_id, obj):
    writes.delete_now_what(obj)
    messages.success(request, _("The line is deleted."))
    return redirect(session_url(initiative, obj.session) + "#now-what")


@initiative_view(Action.MANAGE_LEARNING, now_what_from_url)
def now_what_adopt(request, initiative, learning_id, now_what_id, obj):
    """The line becomes a shared action of the joint action plan (whose rules apply too)."""
    if not can(request.user, Action.MANAGE_ACTION_PLAN, initiative):
        raise PermissionDenied
    back = session_url(initiative, obj.session) + "#now-what"
    if obj.shared_action_id is not None:
        messages.error(request, _("This line is already an action of the plan."))
        return redirect(back)
    form = AdoptForm(request.POST or None, now_what=obj, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            adoption = writes.adopt(obj, form)
        except writes.NotAdoptable as refused:
            messages.error(request, str(refused))
            return redirect(back)
        if adoption.item is not None:
            meeting = adoption.item.meeting
            messages.success(
                request,
                _(
                    "The action is in the joint action plan, and added to the agenda of the "
                    "%(body)s meeting of %(date)s."
                )
                % {"body": meeting.body.name, "date": format_date(meeting.starts_at)},
            )
        else:
            messages.success(request, _("The action is in the joint action plan."))
        return redirect(back)
    return render(
        request,
        "journal/learning_adopt.html",
        {"initiative": initiative, "session": obj.session, "line": obj, "form": form},
    )


@initiative_view(Action.MANAGE_LEARNING, indicator_from_url)
def interpretation_new(request, initiative, code, obj):
    form = InterpretationForm(request.POST or None, indicator=obj)
    session_id = request.GET.get("session", "")
    if request.method != "POST" and session_id.isdigit():
        form.initial["session"] = int(session_id)

    def saved(form):
        add_interpretation(form, request.user)
        return _("The interpretation is added."), initiative_url(
            "measurement:indicator", initiative, obj.code
        )

    context = {"initiative": initiative, "indicator": obj}
    return form_page(request, form, "journal/interpretation_form.html", context, saved)


@initiative_view(Action.MANAGE_LEARNING, interpretation_from_url)
@require_POST
def interpretation_delete(request, initiative, interpretation_id, obj):
    delete_interpretation(obj)
    messages.success(request, _("The interpretation is deleted."))
    return redirect(initiative_url("measurement:indicator", initiative, obj.indicator.code))
