"""Social actors and boundary partners, and each boundary partner's progress markers over time."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun.access import Action, initiative_view
from commun.journal.actor_forms import ActorForm, MarkerForm
from commun.journal.actors import actors_of
from commun.journal.markers import levels_chart, markers_over_time
from commun.journal.models import ProgressMarker, SocialActor
from commun.journal.visibility import outcomes_seen
from commun.sections import initiative_url
from commun.views import form_page


def actor_from_url(initiative, kwargs):
    return get_object_or_404(
        SocialActor.objects.select_related("partner"), initiative=initiative, pk=kwargs["actor_id"]
    )


def marker_from_url(initiative, kwargs):
    return get_object_or_404(
        ProgressMarker.objects.select_related("actor"),
        actor__initiative=initiative,
        pk=kwargs["marker_id"],
    )


RECENT = 20  # the actor's latest outcomes shown on its page
FORM_TEMPLATE = "journal/harvest_form.html"  # one form page for the journal's harvest side


def actor_url(initiative, actor) -> str:
    return initiative_url("journal:actor", initiative, actor.pk)


def marker_context(initiative, actor) -> dict:
    return {
        "initiative": initiative,
        "back_url": actor_url(initiative, actor),
        "back_label": actor.name,
    }


@initiative_view(Action.VIEW_JOURNAL)
def actors(request, initiative):
    return render(
        request,
        "journal/actors.html",
        {"initiative": initiative, "actors": actors_of(initiative)},
    )


@initiative_view(Action.VIEW_JOURNAL, actor_from_url)
def actor(request, initiative, actor_id, obj):
    grid = markers_over_time(obj, request.user, initiative)
    context = {
        "initiative": initiative,
        "actor": obj,
        "grid": grid,
        "chart": levels_chart(grid),
        "outcomes": outcomes_seen(request.user, initiative).filter(actor=obj)[:RECENT],
        "marker_form": MarkerForm(),
    }
    return render(request, "journal/actor.html", context)


def actor_page(request, initiative, actor: SocialActor, title: str):
    form = ActorForm(request.POST or None, instance=actor, initiative=initiative)

    def saved(form):
        changed = actor.pk is None or form.has_changed()
        form.save()
        return (_("Saved.") if changed else _("Nothing changed.")), actor_url(initiative, actor)

    if actor.pk:
        back = {"back_url": actor_url(initiative, actor), "back_label": actor.name}
    else:
        back = {
            "back_url": initiative_url("journal:actors", initiative),
            "back_label": _("Social actors"),
        }
    context = {"initiative": initiative, "title": title, **back}
    return form_page(request, form, FORM_TEMPLATE, context, saved)


@initiative_view(Action.MANAGE_JOURNAL)
def actor_new(request, initiative):
    return actor_page(request, initiative, SocialActor(initiative=initiative), _("A new actor"))


@initiative_view(Action.MANAGE_JOURNAL, actor_from_url)
def actor_edit(request, initiative, actor_id, obj):
    return actor_page(request, initiative, obj, _("Edit the actor"))


@initiative_view(Action.MANAGE_JOURNAL, actor_from_url)
def marker_new(request, initiative, actor_id, obj):
    marker = ProgressMarker(actor=obj)
    form = MarkerForm(request.POST or None, instance=marker)

    def saved(form):
        form.save()
        return _("The progress marker is added."), actor_url(initiative, obj)

    context = {"title": _("A new progress marker"), **marker_context(initiative, obj)}
    return form_page(request, form, FORM_TEMPLATE, context, saved)


@initiative_view(Action.MANAGE_JOURNAL, marker_from_url)
def marker_edit(request, initiative, marker_id, obj):
    form = MarkerForm(request.POST or None, instance=obj)

    def saved(form):
        changed = form.has_changed()
        form.save()
        return (_("Saved.") if changed else _("Nothing changed.")), actor_url(initiative, obj.actor)

    context = {"title": _("Edit the progress marker"), **marker_context(initiative, obj.actor)}
    return form_page(request, form, FORM_TEMPLATE, context, saved)


@initiative_view(Action.MANAGE_JOURNAL, marker_from_url)
@require_POST
def marker_delete(request, initiative, marker_id, obj):
    obj.delete()
    messages.success(request, _("The progress marker is deleted."))
    return redirect(actor_url(initiative, obj.actor))
