"""A statistics agency's new release: backbone staff import revised values over approved ones,
in one action, with a reason kept in each value's history; nobody else can."""

from decimal import Decimal

import pytest
from django.core.management import CommandError
from django.urls import reverse

from commun.measurement import tasks
from commun.measurement.entry import review
from commun.measurement.models import Aggregate, ImportJob, Observation, ObservationChange
from tests.helpers import client_for
from tests.measurement.test_import_command import run
from tests.measurement.test_imports import lines, run_import, setting, upload, written

__all__ = ["setting"]  # the fixture: a partner editor's organization and its indicators

pytestmark = pytest.mark.django_db

REASON = "Estimations révisées de Statistique Canada, diffusion de mars 2026"


def release(a: str, b: str) -> bytes:
    """The agency's table as the backbone keeps it: Windows-1252, `;`, decimal commas."""
    return lines(
        "Indicateur;Période;Territoire;Valeur;Commentaire",
        f"imp-budget;2025;t-a;{a};",
        f"imp-budget;2025;Rivière-aux-Outardes;{b};Révisé",
        end="\r\n",
    ).encode("cp1252")


@pytest.fixture
def approved(setting, people, tmp_path):
    """The backbone's own values of the first release, imported by staff: approved at once."""
    path = tmp_path / "diffusion-1.csv"
    path.write_bytes(release("1 234,5", "99,5"))
    out, _err = run(path, setting, email=people["backbone_staff"].email)
    assert out == "2 new, 0 changed, 0 unchanged"
    assert {status for _v, _c, status in written().values()} == {"approved"}
    return written()


def figure(setting, code):
    return Aggregate.objects.get(
        indicator=setting.budget, period="2025", territory__code=code, breakdown="", scope="all"
    ).value


def test_a_revised_release_is_refused_without_the_option_telling_staff_how(
    setting, people, approved, tmp_path
):
    path = tmp_path / "diffusion-2.csv"
    path.write_bytes(release("1 240,0", "99,5"))
    with pytest.raises(CommandError, match="1 problem"):
        run(path, setting, email=people["backbone_staff"].email)
    assert run.err.splitlines() == [
        "line 2: This value is already approved and locked; backbone staff can reopen it, or "
        "import the file again as a revision of approved values, with a reason."
    ]
    assert written() == approved
    assert not ObservationChange.objects.filter(observation__indicator=setting.budget).exists()


def test_staff_revise_approved_values_with_a_reason_from_the_command_line(
    setting, people, approved, tmp_path
):
    staff = people["backbone_staff"]
    before = figure(setting, "t-city")
    path = tmp_path / "diffusion-2.csv"
    path.write_bytes(release("1 240,0", "99,5"))
    out, _err = run(path, setting, "--dry-run", "--revise", REASON, email=staff.email)
    assert out == "0 new, 1 changed, 1 unchanged (dry run: nothing written)"
    assert written() == approved
    out, _err = run(path, setting, "--revise", REASON, email=staff.email)
    assert out == "0 new, 1 changed, 1 unchanged"
    revised = Observation.objects.get(indicator=setting.budget, territory__code="t-a")
    assert (revised.value, revised.status) == (Decimal("1240"), "approved")
    history = [
        (change.value, change.status, change.note, change.changed_by)
        for change in revised.changes.all()
    ]
    assert history == [
        (Decimal("1234.5"), "approved", "", staff),  # the value first approved
        (Decimal("1240"), "approved", REASON, staff),  # the revision, with its reason
    ]
    assert figure(setting, "t-city") == before + Decimal("5.5")  # figures rebuilt
    job = ImportJob.objects.filter(created_by=staff).latest("pk")
    assert job.revision_reason == REASON
    # The same release again: unchanged, with or without the option.
    out, _err = run(path, setting, email=staff.email)
    assert out == "0 new, 0 changed, 2 unchanged"


def test_a_partner_cannot_revise_from_the_command_line(setting, approved, tmp_path):
    """The partner's own values, approved by the backbone, stay locked to the partner."""
    path = tmp_path / "mes-valeurs.csv"
    path.write_bytes(
        lines("indicateur;période;territoire;valeur", "imp-served;2025;t-a;12").encode()
    )
    run(path, setting)
    review(Observation.objects.filter(indicator=setting.served), approve=True, reason="", by=None)
    stored = written()
    path.write_bytes(
        lines("indicateur;période;territoire;valeur", "imp-served;2025;t-a;13").encode()
    )
    with pytest.raises(CommandError, match="Only backbone staff can revise approved values"):
        run(path, setting, "--revise", "Correction")
    assert written() == stored


def preview_of(client, setting, data, name="diffusion-2.csv"):
    slug = setting.initiative.slug
    upload(client, setting.initiative, name, data)
    job = ImportJob.objects.latest("pk")
    html = client.get(reverse("measurement:import_preview", args=[slug, job.pk])).content.decode()
    return job, html


def test_staff_revise_approved_values_on_the_import_page(setting, people, approved):
    staff = people["backbone_staff"]
    staff.language = "fr"
    staff.save(update_fields=["language"])
    client = client_for(staff)
    slug = setting.initiative.slug

    # A file that changes no approved value: no option.
    _job, html = preview_of(client, setting, release("1 234,5", "99,5"), "meme.csv")
    assert 'name="revise"' not in html

    job, html = preview_of(client, setting, release("1 240,0", "99,5"))
    assert "Ce fichier change 1 valeur approuvée" in html
    assert 'name="revise"' in html and 'name="reason"' in html
    assert "Ces valeurs révisent des valeurs approuvées" in html

    # The option without a reason: nothing is imported.
    run_url = reverse("measurement:import_run", args=[slug, job.pk])
    answer = client.post(run_url, {"revise": "on", "reason": "  "}, follow=True)
    assert "Dites pourquoi ces valeurs sont révisées." in answer.content.decode()
    job.refresh_from_db()
    assert job.status == "uploaded" and written() == approved

    # Without the option: refused as before.
    client.post(run_url)
    job.refresh_from_db()
    assert job.status == "failed" and written() == approved

    job, _html = preview_of(client, setting, release("1 240,0", "99,5"))
    run_url = reverse("measurement:import_run", args=[slug, job.pk])
    page = client.post(run_url, {"revise": "on", "reason": REASON}, follow=True)
    job.refresh_from_db()
    assert (job.status, job.created, job.changed, job.unchanged) == ("done", 0, 1, 1)
    assert f"Valeurs approuvées révisées : {REASON}" in page.content.decode().replace("&#x27;", "'")
    revised = Observation.objects.get(indicator=setting.budget, territory__code="t-a")
    assert (revised.value, revised.status) == (Decimal("1240"), "approved")
    assert revised.changes.last().note == REASON


def test_a_partner_gets_no_option_and_a_forged_request_changes_nothing(setting, people):
    client = client_for(setting.editor)
    slug = setting.initiative.slug
    data = lines("indicateur;période;territoire;valeur", "imp-served;2025;t-a;12").encode()
    run_import(setting, "premier.csv", data)
    review(Observation.objects.filter(indicator=setting.served), approve=True, reason="", by=None)
    stored = written()
    changed = lines("indicateur;période;territoire;valeur", "imp-served;2025;t-a;13").encode()
    job, html = preview_of(client, setting, changed)
    assert "This value is already approved and locked; backbone staff can" in html
    assert 'name="revise"' not in html and 'name="reason"' not in html

    run_url = reverse("measurement:import_run", args=[slug, job.pk])
    answer = client.post(run_url, {"revise": "on", "reason": "Je corrige"})
    assert answer.status_code == 403
    job.refresh_from_db()
    assert job.status == "uploaded" and job.revision_reason == ""
    assert written() == stored
    # A reason slipped into a partner's import some other way counts for nothing either.
    slipped = ImportJob.objects.create(
        initiative=setting.initiative,
        created_by=setting.editor,
        partner=setting.partner,
        filename="glisse.csv",
        data=changed,
        revision_reason="Je corrige",
    )
    tasks.import_job(slipped.pk)
    slipped.refresh_from_db()
    assert slipped.status == "failed" and written() == stored
    assert not ObservationChange.objects.filter(note="Je corrige").exists()
