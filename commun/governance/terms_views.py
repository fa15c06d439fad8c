"""The pages of a body's terms of reference: the document, its edit page, its versions, the
members' endorsements and the PDF."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun import renders
from commun.access import Action, can, initiative_view
from commun.agenda.forms import PublishForm
from commun.governance.models import TermsVersion
from commun.governance.rules import terms_of
from commun.governance.terms import (
    compare_terms,
    due_renewals,
    readable_terms,
    renewal_text,
    snapshot_terms,
)
from commun.governance.terms_forms import SeatFormSet, TermsEndorsementForm, TermsForm, save_terms
from commun.governance.terms_pdf import terms_pdf_rendering
from commun.governance.terms_versions import (
    TERMS,
    decision_counts,
    endorsement_summary,
    publish_terms,
    record_endorsement,
    voting_people,
)
from commun.i18n import LANGUAGE_CODES
from commun.initiatives.governance_views import body_from_url
from commun.versioning import NotEndorsable, NothingToPublish


def version_from_url(initiative, kwargs):
    return get_object_or_404(
        TermsVersion.objects.select_related("body", "published_by"),
        body__initiative=initiative,
        body_id=kwargs["body_id"],
        number=kwargs["terms_number"],
    )


@initiative_view(Action.VIEW_MEETINGS, body_from_url)
def terms(request, initiative, body_id, obj):
    snapshot = snapshot_terms(obj)
    latest = TERMS.latest(obj)
    return render(
        request,
        "governance/terms.html",
        {
            "initiative": initiative,
            "body": obj,
            "sections": readable_terms(snapshot),
            "latest": latest,
            "unpublished": latest is None or latest.snapshot != snapshot,
            "versions": TERMS.versions(obj)
            .select_related("published_by")
            .annotate(**decision_counts("endorsements__")),
            "summary": endorsement_summary(obj, latest),
            "renewals": [renewal_text(m) for m in due_renewals(obj)],
            "publish_form": PublishForm(),
        },
    )


@initiative_view(Action.MANAGE_MEETINGS, body_from_url)
def terms_edit(request, initiative, body_id, obj):
    data = request.POST if request.method == "POST" else None
    form = TermsForm(data, instance=terms_of(obj), prefix="terms")
    seats = SeatFormSet(data, instance=obj, prefix="seats")
    if data is not None and form.is_valid() and seats.is_valid():
        with transaction.atomic():
            changed = save_terms(form, seats)
        messages.success(request, _("Saved.") if changed else _("Nothing changed."))
        return redirect("governance:terms", slug=initiative.slug, body_id=obj.pk)
    return render(
        request,
        "governance/terms_form.html",
        {"initiative": initiative, "body": obj, "form": form, "seats": seats},
    )


@initiative_view(Action.MANAGE_MEETINGS, body_from_url)
@require_POST
def terms_publish(request, initiative, body_id, obj):
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was published: the note is too long."))
        return redirect("governance:terms", slug=initiative.slug, body_id=obj.pk)
    try:
        version = publish_terms(
            obj, request.user, form.cleaned_data["note_fr"], form.cleaned_data["note_en"]
        )
    except NothingToPublish as error:
        messages.error(request, str(error))
        return redirect("governance:terms", slug=initiative.slug, body_id=obj.pk)
    messages.success(
        request,
        _("Version %(number)s is published; the members can now endorse it.")
        % {"number": version.number},
    )
    return redirect(
        "governance:terms_version",
        slug=initiative.slug,
        body_id=obj.pk,
        terms_number=version.number,
    )


@initiative_view(Action.VIEW_MEETINGS, version_from_url)
def terms_version(request, initiative, body_id, terms_number, obj):
    previous = TERMS.versions(obj.body).filter(number__lt=obj.number).order_by("-number").first()
    endorsements = obj.endorsements.select_related("person").order_by("person__full_name")
    answered = {e.person_id for e in endorsements}
    return render(
        request,
        "governance/terms_version.html",
        {
            "initiative": initiative,
            "body": obj.body,
            "version": obj,
            "previous": previous,
            "sections": readable_terms(obj.snapshot),
            "differences": compare_terms(previous.snapshot if previous else {}, obj.snapshot),
            "endorsements": endorsements,
            "waiting": voting_people(obj.body).exclude(pk__in=answered).order_by("full_name"),
            "summary": endorsement_summary(obj.body, obj),
            "is_latest": obj == TERMS.latest(obj.body),
            "may_endorse": can(request.user, Action.ENDORSE_TERMS, initiative, obj),
            "own": next((e for e in endorsements if e.person_id == request.user.pk), None),
        },
    )


@initiative_view(Action.ENDORSE_TERMS, version_from_url)
def terms_endorse(request, initiative, body_id, terms_number, obj):
    back = redirect(
        "governance:terms_version", slug=initiative.slug, body_id=body_id, terms_number=obj.number
    )
    current = obj.endorsements.filter(person=request.user).first()
    form = TermsEndorsementForm(request.POST or None, instance=current)
    try:
        TERMS.check_endorsable(obj)
        if request.method == "POST" and form.is_valid():
            record_endorsement(
                obj, request.user, form.cleaned_data["decision"], form.cleaned_data["reservation"]
            )
            messages.success(request, _("Your answer is recorded."))
            return back
    except NotEndorsable as refused:
        messages.error(request, str(refused))
        return back
    return render(
        request,
        "governance/terms_endorse.html",
        {"initiative": initiative, "body": obj.body, "version": obj, "form": form},
    )


@initiative_view(Action.VIEW_MEETINGS, body_from_url)
def terms_pdf(request, initiative, body_id, obj):
    """The terms as a PDF, today's or a version's (?version=N), in the reader's language or the
    one asked (?lang=fr|en)."""
    language = request.GET.get("lang") or get_language()[:2]
    if language not in LANGUAGE_CODES:
        raise Http404(_("This language is not available."))
    number = request.GET.get("version", "")
    version = None
    if number:
        if not number.isdigit():
            raise Http404
        version = get_object_or_404(TermsVersion, body=obj, number=int(number))
    snapshot = version.snapshot if version else snapshot_terms(obj)
    rendering = terms_pdf_rendering(snapshot, version, language)
    return renders.serve(request, rendering, {"initiative": initiative})
