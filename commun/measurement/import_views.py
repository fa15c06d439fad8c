"""Import pages: upload a file, check the preview, import, follow the progress; the sheet."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun.access import Action, can, initiative_view, reporting_partner
from commun.measurement.checks import check_batches
from commun.measurement.columns import (
    CONSTANT_FIELDS,
    FIELDS,
    HEADER_LINES,
    NO_COLUMN,
    PROFILE,
    NoHeader,
    chosen_constants,
    column_labels,
    columns_of,
    dimension_headers,
    header_choices,
    mapping_from_form,
    names_to_choose,
)
from commun.measurement.figures_later import pending_of_job
from commun.measurement.import_forms import PLACES_AT_ONCE, PlaceNamesForm, RevisionForm, UploadForm
from commun.measurement.imports import parse_job
from commun.measurement.models import ImportJob, ImportProfile, Indicator
from commun.measurement.models.exchange import symbols_counted
from commun.measurement.profiles import profiles_for, save_profile
from commun.measurement.reading import LARGE_PREVIEW_ROWS, UnreadableFile, is_large, read_table
from commun.measurement.spreadsheets import reporting_workbook
from commun.measurement.structure import add_aliases
from commun.measurement.tasks import (
    BACKGROUND_FROM_ROWS,
    fail_dead_jobs,
    retry_import,
    start_import,
)
from commun.worker import worker_alive


def job_from_url(initiative, kwargs):
    return get_object_or_404(ImportJob, initiative=initiative, pk=kwargs["job_id"])


@initiative_view(Action.ENTER_DATA)
def upload(request, initiative):
    partner = reporting_partner(request.user, initiative)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            initiative=initiative,
            created_by=request.user,
            partner=partner,
            filename=file.name[:255],
            data=file.read(),
        )
        return redirect("measurement:import_preview", slug=initiative.slug, job_id=job.pk)
    return render(
        request,
        "measurement/import_upload.html",
        {
            "initiative": initiative,
            "form": form,
            "partner": partner,
            "profiles": profiles_for(initiative, partner).select_related("partner"),
        },
    )


def profile_from_url(initiative, kwargs):
    return get_object_or_404(ImportProfile, initiative=initiative, pk=kwargs["profile_id"])


def columns_form(table, header, mapping, chosen: dict) -> dict:
    """What the columns form shows: the header line, each field's column (NO_COLUMN when the
    person said none), the constants."""
    labels = column_labels(table, header)
    constants = chosen_constants(chosen)
    return {
        "header_choices": header_choices(table),
        "header": header,
        "fields": [
            (name, label, NO_COLUMN if chosen.get(name) == NO_COLUMN else mapping.get(name))
            for name, label in FIELDS.items()
        ],
        "columns": labels,
        "constants": [(name, FIELDS[name], constants.get(name, "")) for name in CONSTANT_FIELDS],
    }


@initiative_view(Action.ENTER_DATA, job_from_url)
def preview(request, initiative, job_id, obj):
    if obj.status != ImportJob.Status.UPLOADED:
        return redirect("measurement:import_job", slug=initiative.slug, job_id=obj.pk)
    if request.GET.get("remap"):
        obj.mapping = mapping_from_form(request.GET)
    obj.previewed_rows = None
    try:
        large = is_large(obj.filename, bytes(obj.data))
        # A large file: its first rows only, read whole and checked again by the worker.
        table, header, mapping, parsed = parse_job(
            obj, LARGE_PREVIEW_ROWS if large else None, profiles_for(initiative, obj.partner)
        )
    except NoHeader as error:
        # Not a layout Commun knows: the person says which line holds the headers and what
        # each column is.
        obj.save(update_fields=["mapping", "previewed_rows"])
        return render(
            request,
            "measurement/import_preview.html",
            {
                "initiative": initiative,
                "job": obj,
                "no_header": str(error),
                "table": error.table,
                **columns_form(error.table, None, {}, obj.mapping),
            },
        )
    except UnreadableFile as error:
        obj.save(update_fields=["mapping", "previewed_rows"])
        return render(
            request,
            "measurement/import_preview.html",
            {"initiative": initiative, "job": obj, "unreadable": str(error)},
        )
    if not large:
        obj.previewed_rows = parsed.rows  # the run decides from it, without reading the file
    obj.save(update_fields=["mapping", "previewed_rows"])
    problems = check_batches(parsed.batches, parsed.problems)
    headers = parsed.header_cells
    # Approved values the file changes, and nothing else wrong: staff may send them as revisions.
    revisable = sum(problem.revisable for problem in problems)
    may_revise = (
        bool(problems)
        and revisable == len(problems)
        and can(request.user, Action.REVIEW_DATA, initiative)
    )
    return render(
        request,
        "measurement/import_preview.html",
        {
            "initiative": initiative,
            "job": obj,
            "table": table,
            "headers": list(enumerate(headers)),
            "mapping": mapping,
            **columns_form(table, header, mapping, obj.mapping),
            "profile": obj.mapping.get(PROFILE, ""),
            "names": names_to_choose(parsed.unknown_indicators, obj.mapping),
            "indicator_choices": Indicator.objects.filter(
                initiative=initiative, status=Indicator.Status.ADOPTED
            )
            .exclude(aggregation=Indicator.Aggregation.RATIO)
            .order_by("code"),
            "parsed": parsed,
            "missing_given": sum(parsed.missing.values()),
            "missing_symbols": symbols_counted(parsed.missing),
            "problems": problems,
            "revisable": revisable,
            "revision_form": RevisionForm() if may_revise else None,
            "places_form": places_form(request, initiative, parsed.unknown_places),
            "large": large,
            "preview_rows": LARGE_PREVIEW_ROWS,
        },
    )


def places_form(request, initiative, names):
    """The form naming the territories the file writes as no territory of the initiative is
    named: offered to those who manage territories, when there are such names."""
    if not names or not can(request.user, Action.MANAGE_INDICATORS, initiative):
        return None
    return PlaceNamesForm(names=names, initiative=initiative)


@initiative_view(Action.MANAGE_INDICATORS, job_from_url)
@require_POST
def places(request, initiative, job_id, obj):
    """The names chosen become the territories' other names, all or none; the preview reads the
    file again with them."""
    names = [
        request.POST[f"name_{index}"]
        for index in range(PLACES_AT_ONCE)
        if f"name_{index}" in request.POST
    ]
    form = PlaceNamesForm(request.POST, names=names, initiative=initiative)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: choose territories from the lists."))
    elif not (pairs := form.pairs()):
        messages.error(request, _("Nothing was saved: choose a territory for at least one name."))
    elif problems := add_aliases(pairs):
        messages.error(request, " ".join([_("Nothing was saved."), *problems]))
    else:
        messages.success(
            request,
            _("Saved as other names: %(names)s.")
            % {"names": "; ".join(f"{name} → {territory.name}" for name, territory in pairs)},
        )
    return redirect("measurement:import_preview", slug=initiative.slug, job_id=obj.pk)


@initiative_view(Action.ENTER_DATA, job_from_url)
@require_POST
def run(request, initiative, job_id, obj):
    revision = RevisionForm(request.POST)
    revision.is_valid()
    if revision.cleaned_data.get("revise") and not can(
        request.user, Action.REVIEW_DATA, initiative
    ):
        raise PermissionDenied  # only backbone staff revise approved values
    if obj.status == ImportJob.Status.UPLOADED:
        if revision.errors:
            messages.error(request, " ".join(revision.errors.get("reason", [])))
            return redirect("measurement:import_preview", slug=initiative.slug, job_id=obj.pk)
        try:
            rows = rows_to_import(obj)
        except UnreadableFile:
            return redirect("measurement:import_preview", slug=initiative.slug, job_id=obj.pk)
        obj.revision_reason = revision.reason_given()
        obj.save(update_fields=["revision_reason"])
        start_import(obj, rows)
    return redirect("measurement:import_job", slug=initiative.slug, job_id=obj.pk)


def rows_to_import(job: ImportJob) -> int:
    """The rows of the job's file, as far as the choice between the request and the background
    needs them: those the preview counted (the file is not read again); a large file is read
    whole by the worker only; a small one the preview could not count (unreadable, or never
    previewed) is read here, refused when unreadable."""
    if job.previewed_rows is not None:
        return job.previewed_rows
    if is_large(job.filename, bytes(job.data)):
        return BACKGROUND_FROM_ROWS + 1
    return parse_job(job)[3].rows


@initiative_view(Action.ENTER_DATA, job_from_url)
@require_POST
def profile_save(request, initiative, job_id, obj):
    """Save how this file is read as a profile, proposed again for files with its columns."""
    name = request.POST.get("name", "").strip()[:100]
    if not name:
        messages.error(request, _("Give the profile a name."))
    else:
        try:
            # A profile is the header line and the columns: the first lines say both.
            table = read_table(obj.filename, bytes(obj.data), max_rows=HEADER_LINES)
            header, columns, _constants = columns_of(
                table, obj.mapping, dimension_headers(initiative)
            )
        except UnreadableFile as error:
            messages.error(request, str(error))
        else:
            save_profile(obj, table, header, columns, name, request.user)
            messages.success(
                request,
                _("Saved: files with these columns will be read with the profile “%(name)s”.")
                % {"name": name},
            )
    return redirect("measurement:import_preview", slug=initiative.slug, job_id=obj.pk)


@initiative_view(Action.ENTER_DATA, profile_from_url)
@require_POST
def profile_delete(request, initiative, profile_id, obj):
    obj.delete()
    messages.success(request, _("The profile “%(name)s” is deleted.") % {"name": obj.name})
    return redirect("measurement:import", slug=initiative.slug)


@initiative_view(Action.ENTER_DATA, job_from_url)
@require_POST
def retry(request, initiative, job_id, obj):
    """Import again a file whose import stopped for a reason other than its rows."""
    retry_import(obj)
    return redirect("measurement:import_job", slug=initiative.slug, job_id=obj.pk)


@initiative_view(Action.ENTER_DATA, job_from_url)
def job(request, initiative, job_id, obj):
    if obj.status == ImportJob.Status.RUNNING and fail_dead_jobs([obj.pk]):
        obj.refresh_from_db()
    template = (
        "measurement/partials/import_progress.html"
        if request.htmx
        else "measurement/import_job.html"
    )
    if obj.status == ImportJob.Status.DONE and not request.htmx:
        messages.success(request, _("The file is imported."))
    no_worker = obj.status == ImportJob.Status.QUEUED and not worker_alive()
    figures_pending = obj.status == ImportJob.Status.DONE and pending_of_job(obj)
    return render(
        request,
        template,
        {
            "initiative": initiative,
            "job": obj,
            "no_worker": no_worker,
            "figures_pending": figures_pending,
        },
    )


@initiative_view(Action.ENTER_DATA)
def template(request, initiative):
    """The partner's reporting sheet, filled with what it already entered (Excel round trip)."""
    partner = reporting_partner(request.user, initiative)
    response = HttpResponse(
        reporting_workbook(initiative, partner),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = partner.acronym or partner.pk if partner else "backbone"
    response["Content-Disposition"] = f'attachment; filename="commun-{name}.xlsx"'
    return response
