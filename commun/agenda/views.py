"""Pages of the common agenda: overview, canvases (read, edit, comment), the document, versions."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun import renders
from commun.access import Action, initiative_view, partner_of
from commun.agenda.canvases import CANVASES_BY_KEY, get_canvas, snapshot_agenda, snapshot_canvas
from commun.agenda.comments import add_comment, resolve_comment
from commun.agenda.differences import compare_agendas
from commun.agenda.editing import EditConflict, save_canvas
from commun.agenda.forms import (
    CanvasTextsForm,
    CommentForm,
    EndorsementForm,
    PublishForm,
    ScoresForm,
    item_formset,
)
from commun.agenda.models import AgendaVersion, Comment, Criterion, Lever
from commun.agenda.pdf import agenda_pdf_rendering
from commun.agenda.readable import readable_agenda, readable_canvas
from commun.agenda.scoring import initiative_ranking, save_scores, scores_of
from commun.agenda.versions import (
    NotEndorsable,
    NothingToPublish,
    check_endorsable,
    decision_counts,
    endorsement_summary,
    latest_answers,
    latest_version,
    publish_version,
    record_endorsement,
)
from commun.i18n import LANGUAGE_CODES
from commun.initiatives.models import Partner


def canvas_from_url(initiative, kwargs):
    if kwargs["key"] not in CANVASES_BY_KEY:
        raise Http404(_("This canvas does not exist."))
    return CANVASES_BY_KEY[kwargs["key"]]


def version_from_url(initiative, kwargs):
    return get_object_or_404(AgendaVersion, initiative=initiative, number=kwargs["number"])


def comment_from_url(initiative, kwargs):
    return get_object_or_404(Comment, initiative=initiative, pk=kwargs["comment_id"])


@initiative_view(Action.VIEW_INITIATIVE)
def overview(request, initiative):
    snapshot = snapshot_agenda(initiative)
    open_comments = dict(
        Comment.objects.filter(initiative=initiative, resolved_at__isnull=True)
        .values_list("canvas_key")
        .annotate(n=Count("pk"))
    )
    canvases = [(canvas, open_comments.get(canvas.key, 0)) for canvas in readable_agenda(snapshot)]
    return render(
        request,
        "agenda/overview.html",
        {
            "initiative": initiative,
            "canvases": canvases,
            "summary": endorsement_summary(initiative),
            "answers": latest_answers(initiative),
            "partner": partner_of(request.user, initiative),
        },
    )


@initiative_view(Action.VIEW_INITIATIVE, canvas_from_url)
def canvas(request, initiative, key, obj):
    current = get_canvas(initiative, key)
    snapshot = snapshot_canvas(current)
    comments = Comment.objects.filter(initiative=initiative, canvas_key=key).select_related(
        "author", "partner", "resolved_by"
    )
    context = {
        "initiative": initiative,
        "canvas": readable_canvas(key, snapshot),
        "current": current,
        "comments": comments,
        "comment_form": CommentForm(),
    }
    if key == "changes":
        context["criteria"], context["ranking"] = initiative_ranking(initiative)
        context["acting_for"] = partner_of(request.user, initiative)  # who scores the levers
    return render(request, "agenda/canvas.html", context)


@initiative_view(Action.EDIT_AGENDA, canvas_from_url)
def canvas_edit(request, initiative, key, obj):
    spec = obj
    current = get_canvas(initiative, key)
    data = request.POST if request.method == "POST" else None
    texts_form = CanvasTextsForm(
        data,
        spec=spec,
        initial=CanvasTextsForm.initial_from(current.texts, spec, current.revision),
    )
    formsets = [item_formset(list_spec, initiative, data) for list_spec in spec.lists]
    conflict = None
    if data is not None:
        valid = texts_form.is_valid() & all([f.is_valid() for f in formsets])
        if valid:
            try:
                save_canvas(
                    current,
                    texts_form.cleaned_data["revision"],
                    texts_form.texts(),
                    formsets,
                    request.user,
                )
            except EditConflict as error:
                conflict = error
                # The person's text stays in the form; saving again now replaces the other change.
                texts_form.data = texts_form.data.copy()
                texts_form.data["revision"] = error.current_revision
                messages.error(
                    request,
                    _(
                        "Not saved: %(name)s saved this canvas while you were editing it. "
                        "Their changes are shown below and your text is still in the form: "
                        "merge them, then save again."
                    )
                    % {"name": error.saved_by or _("someone")},
                )
            else:
                messages.success(request, _("The canvas is saved."))
                return redirect("agenda:canvas", slug=initiative.slug, key=key)
        else:
            messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return render(
        request,
        "agenda/canvas_edit.html",
        {
            "initiative": initiative,
            "spec": spec,
            "form": texts_form,
            "lists": list(zip(spec.lists, formsets, strict=True)),
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


@initiative_view(Action.COMMENT_AGENDA, canvas_from_url)
@require_POST
def comment_add(request, initiative, key, obj):
    form = CommentForm(request.POST)
    if form.is_valid():
        add_comment(initiative, key, request.user, form.cleaned_data["text"], get_language())
        messages.success(request, _("Your comment is posted."))
    else:
        messages.error(request, " ".join(form.errors.get("text", [])))
    return redirect("agenda:canvas", slug=initiative.slug, key=key)


@initiative_view(Action.EDIT_AGENDA, comment_from_url)
@require_POST
def comment_resolve(request, initiative, comment_id, obj):
    if resolve_comment(obj, request.user):
        messages.success(request, _("The comment is marked as resolved."))
    return redirect("agenda:canvas", slug=initiative.slug, key=obj.canvas_key)


def requested_version(request, initiative) -> AgendaVersion | None:
    """The version named by ?version=N (404 if there is no such version), or None for today's text."""
    if "version" not in request.GET:
        return None
    try:
        number = int(request.GET["version"])
    except ValueError:
        raise Http404(_("This version does not exist.")) from None
    return get_object_or_404(AgendaVersion, initiative=initiative, number=number)


@initiative_view(Action.VIEW_INITIATIVE)
def document(request, initiative):
    """The whole agenda on one page: the current text, or a published version (?version=N)."""
    version = requested_version(request, initiative)
    snapshot = version.snapshot if version else snapshot_agenda(initiative)
    return render(
        request,
        "agenda/document.html",
        {
            "initiative": initiative,
            "canvases": [c for c in readable_agenda(snapshot) if c.filled],
            "version": version,
            "latest": latest_version(initiative),
        },
    )


@initiative_view(Action.VIEW_INITIATIVE)
def document_pdf(request, initiative):
    """The same document as a PDF, in the reader's language or the one asked (?lang=fr|en)."""
    version = requested_version(request, initiative)
    language = request.GET.get("lang") or get_language()[:2]
    if language not in LANGUAGE_CODES:
        raise Http404(_("This language is not available."))
    snapshot = version.snapshot if version else snapshot_agenda(initiative)
    rendering = agenda_pdf_rendering(initiative, snapshot, version, language)
    return renders.serve(request, rendering, {"initiative": initiative})


@initiative_view(Action.VIEW_INITIATIVE)
def versions(request, initiative):
    listed = (
        AgendaVersion.objects.filter(initiative=initiative)
        .select_related("published_by")
        .annotate(**decision_counts("endorsements__"))
    )
    return render(
        request,
        "agenda/versions.html",
        {
            "initiative": initiative,
            "versions": listed,
            "publish_form": PublishForm(),
        },
    )


@initiative_view(Action.EDIT_AGENDA)
@require_POST
def publish(request, initiative):
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was published: the note is too long."))
        return redirect("agenda:versions", slug=initiative.slug)
    try:
        version = publish_version(
            initiative, request.user, form.cleaned_data["note_fr"], form.cleaned_data["note_en"]
        )
    except NothingToPublish as error:
        messages.error(request, str(error))
        return redirect("agenda:versions", slug=initiative.slug)
    messages.success(
        request,
        _("Version %(number)s is published; partners can now endorse it.")
        % {"number": version.number},
    )
    return redirect("agenda:version", slug=initiative.slug, number=version.number)


@initiative_view(Action.VIEW_INITIATIVE, version_from_url)
def version(request, initiative, number, obj):
    previous = (
        AgendaVersion.objects.filter(initiative=initiative, number__lt=number)
        .order_by("-number")
        .first()
    )
    endorsements = obj.endorsements.select_related("partner", "decided_by").order_by(
        "partner__name_fr"
    )
    partner = partner_of(request.user, initiative)
    answered = {e.partner_id for e in endorsements}
    waiting = Partner.objects.filter(initiative=initiative).active().exclude(pk__in=answered)
    return render(
        request,
        "agenda/version.html",
        {
            "initiative": initiative,
            "version": obj,
            "previous": previous,
            "differences": compare_agendas(previous.snapshot if previous else {}, obj.snapshot),
            "endorsements": endorsements,
            "waiting": waiting,
            "summary": endorsement_summary(initiative, obj),
            "is_latest": obj == latest_version(initiative),
            "acting_for": partner,
            "own": next((e for e in endorsements if partner and e.partner_id == partner.pk), None),
        },
    )


@initiative_view(Action.VIEW_INITIATIVE)
def compare(request, initiative):
    """Two versions side by side, always older → newer, so what was added reads as added: by
    default the previous version and the latest; picked the other way round, they are swapped
    and the page says so."""
    listed = AgendaVersion.objects.filter(initiative=initiative)
    numbers = {}
    for name in ("from", "to"):
        text = request.GET.get(name, "").strip()
        if text and not text.isdigit():
            messages.error(request, _("Choose two versions to compare."))
            return redirect("agenda:versions", slug=initiative.slug)
        numbers[name] = int(text) if text else None
    if numbers["from"] is None and numbers["to"] is None:
        latest_two = list(listed.order_by("-number")[:2])
        if len(latest_two) < 2:
            messages.error(request, _("Two published versions are needed for a comparison."))
            return redirect("agenda:versions", slug=initiative.slug)
        numbers = {"from": latest_two[1].number, "to": latest_two[0].number}
    elif None in numbers.values():
        messages.error(request, _("Choose two versions to compare."))
        return redirect("agenda:versions", slug=initiative.slug)
    old = get_object_or_404(listed, number=numbers["from"])
    new = get_object_or_404(listed, number=numbers["to"])
    if old.number > new.number:
        old, new = new, old
        messages.info(
            request,
            _(
                "The versions were swapped: the older one, version %(old)s, comes first, so what "
                "version %(new)s added reads as added."
            )
            % {"old": old.number, "new": new.number},
        )
    return render(
        request,
        "agenda/compare.html",
        {
            "initiative": initiative,
            "old": old,
            "new": new,
            "versions": listed.order_by("number"),
            "differences": compare_agendas(old.snapshot, new.snapshot),
        },
    )


@initiative_view(Action.ENDORSE_AGENDA, version_from_url)
def endorse(request, initiative, number, obj):
    partner = partner_of(request.user, initiative)  # access.can made sure there is one
    current = obj.endorsements.filter(partner=partner).first()
    form = EndorsementForm(request.POST or None, instance=current)
    try:
        check_endorsable(obj)
        if request.method == "POST" and form.is_valid():
            record_endorsement(
                obj,
                partner,
                form.cleaned_data["decision"],
                form.cleaned_data["reservation"],
                request.user,
            )
            messages.success(request, _("Your organization's answer is recorded."))
            return redirect("agenda:version", slug=initiative.slug, number=number)
    except NotEndorsable as refused:
        messages.error(request, str(refused))
        return redirect("agenda:version", slug=initiative.slug, number=number)
    return render(
        request,
        "agenda/endorse.html",
        {"initiative": initiative, "version": obj, "form": form, "partner": partner},
    )


@initiative_view(Action.SCORE_LEVERS)
def scores(request, initiative):
    partner = partner_of(request.user, initiative)  # access.can made sure there is one
    levers = list(Lever.objects.filter(initiative=initiative))
    criteria = list(Criterion.objects.filter(initiative=initiative))
    form = ScoresForm(
        request.POST or None, levers=levers, criteria=criteria, current=scores_of(partner)
    )
    if request.method == "POST" and form.is_valid():
        save_scores(partner, form.scores(), request.user)
        messages.success(request, _("Your organization's scores are saved."))
        return redirect("agenda:canvas", slug=initiative.slug, key="changes")
    return render(
        request,
        "agenda/scores.html",
        {"initiative": initiative, "form": form, "criteria": criteria, "partner": partner},
    )
