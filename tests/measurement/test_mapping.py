"""The columns step of an import, always offered: a file whose layout Commun does not know is
read once a person says which line holds the headers, what each column is and which values
every row shares; the way of reading is saved as a profile and proposed again."""

from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from commun.initiatives.models import Membership, Partner
from commun.initiatives.roles import Role
from commun.measurement.columns import signature
from commun.measurement.models import ImportJob, ImportProfile
from tests.browser_forms import forms_of
from tests.helpers import client_for
from tests.measurement.test_imports import lines, setting, written

__all__ = ["setting"]  # the fixture, shared with the import page's tests

pytestmark = pytest.mark.django_db

# As a statistics agency's download: a title, a source line, the header on line 4 in words
# Commun does not know, Windows-1252, ";" and decimal commas, one indicator per file.
AGENCY_HEADER = ["Code géographique", "Libellé du territoire", "Ménages (nombre)"]
AGENCY_2024 = lines(
    "Ménages servis par territoire",
    "Source : enquête annuelle, édition 2025",
    "",
    "Code géographique;Libellé du territoire;Ménages (nombre)",
    "t-a;Quartier A;1 204",
    "t-outardes;Rivière-aux-Outardes;87",
).encode("cp1252")


def upload(client, setting, name, data):
    url = reverse("measurement:import", args=[setting.initiative.slug])
    response = client.post(url, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def choose(client, preview, **choices):
    """Send the columns form back as a browser would, with `choices` made in it."""
    page = client.get(preview).content.decode()
    form = next(f for f in forms_of(page) if ("remap", "1") in f.fields)
    data = form.data() | {name: [value] for name, value in choices.items()}
    return client.get(preview + "?" + urlencode(data, doseq=True))


AGENCY_COLUMNS = {
    "header": "3",
    "map_territory": "0",
    "map_value": "2",
    "const_indicator": "imp-served",
    "const_period": "2024",
}


def editor(setting, language="fr"):
    setting.editor.language = language
    setting.editor.save(update_fields=["language"])
    return client_for(setting.editor)


@pytest.mark.parametrize(
    ("language", "says"),
    [("fr", "Commun ne reconnaît pas les colonnes"), ("en", "Commun does not recognise")],
)
def test_a_file_of_unknown_layout_gets_the_columns_step_not_a_dead_end(setting, language, says):
    client = editor(setting, language)
    preview = upload(client, setting, "agence.csv", AGENCY_2024)
    page = client.get(preview).content.decode()
    assert says in page
    # Each of the first lines is offered as the header line, the columns by their letter.
    assert "Code géographique | Libellé du territoire | Ménages (nombre)" in page
    assert ("colonne C" if language == "fr" else "column C") in page
    assert written() == {}


def test_saying_the_header_line_the_columns_and_the_shared_values_imports_the_file(setting):
    client = editor(setting)
    preview = upload(client, setting, "agence.csv", AGENCY_2024)
    page = choose(client, preview, **AGENCY_COLUMNS).content.decode()
    assert "Toutes les lignes sont correctes" in page
    job = ImportJob.objects.get(pk=preview.rstrip("/").split("/")[-1])
    client.post(reverse("measurement:import_run", args=[setting.initiative.slug, job.pk]))
    assert written() == {
        ("imp-served", "t-a", "2024", ""): (1204, "", "submitted"),
        ("imp-served", "t-outardes", "2024", ""): (87, "", "submitted"),
    }


def test_a_shared_value_that_names_nothing_is_refused_on_every_row(setting):
    client = editor(setting, "en")
    preview = upload(client, setting, "agence.csv", AGENCY_2024)
    page = choose(client, preview, **{**AGENCY_COLUMNS, "const_indicator": "inconnu"})
    text = page.content.decode()
    assert text.count("“inconnu” is not an adopted indicator of this initiative.") == 2
    assert "Import 2 rows" not in text


def test_a_column_found_by_its_name_can_be_left_out(setting):
    data = lines(
        "indicateur;période;territoire;valeur;commentaire",
        "imp-served;2025;t-a;12;à ne pas garder",
    ).encode()
    client = editor(setting)
    preview = upload(client, setting, "avec-notes.csv", data)
    choose(client, preview, map_comment="none")  # "no column"
    job = ImportJob.objects.get(pk=preview.rstrip("/").split("/")[-1])
    client.post(reverse("measurement:import_run", args=[setting.initiative.slug, job.pk]))
    assert written() == {("imp-served", "t-a", "2025", ""): (12, "", "submitted")}


def test_a_saved_profile_reads_the_next_file_with_the_same_columns_at_once(setting):
    client = editor(setting)
    preview = upload(client, setting, "agence-2024.csv", AGENCY_2024)
    choose(client, preview, **AGENCY_COLUMNS)
    job = ImportJob.objects.get(pk=preview.rstrip("/").split("/")[-1])
    saved = client.post(
        reverse("measurement:import_profile_save", args=[setting.initiative.slug, job.pk]),
        {"name": "Enquête annuelle"},
        follow=True,
    )
    assert "seront lus avec le profil « Enquête annuelle »" in saved.content.decode()
    profile = ImportProfile.objects.get(initiative=setting.initiative, name="Enquête annuelle")
    assert profile.partner == setting.partner

    # Next year's file: the same columns, two title lines less; the period changes by hand.
    next_year = lines(
        "Source : enquête annuelle, édition 2026",
        "Code géographique;Libellé du territoire;Ménages (nombre)",
        "t-a;Quartier A;1 311",
        "t-outardes;Rivière-aux-Outardes;90",
    ).encode("cp1252")
    second = upload(client, setting, "agence-2025.csv", next_year)
    text = client.get(second).content.decode()
    assert "Colonnes lues avec le profil « Enquête annuelle »" in text
    assert "Toutes les lignes sont correctes" in text
    job = ImportJob.objects.get(pk=second.rstrip("/").split("/")[-1])
    assert job.mapping["_header"] == "1"  # found where this file has it
    client.post(reverse("measurement:import_run", args=[setting.initiative.slug, job.pk]))
    # The profile says 2024 for every row: the second file's values replace the first's.
    assert written()[("imp-served", "t-a", "2024", "")][0] == 1311


def test_a_partners_profile_is_its_own_and_the_initiatives_are_everyones(setting, people):
    other = Partner.objects.filter(initiative=setting.initiative).exclude(pk=setting.partner.pk)
    other = other.first()
    theirs = ImportProfile.objects.create(
        initiative=setting.initiative,
        partner=other,
        name="Le leur",
        columns=signature(AGENCY_HEADER),
        mapping={"territory": "0", "value": "2", "const:indicator": "imp-served"},
    )
    client = editor(setting)
    preview = upload(client, setting, "agence.csv", AGENCY_2024)
    assert "Le leur" not in client.get(preview).content.decode()  # another partner's
    upload_page = client.get(reverse("measurement:import", args=[setting.initiative.slug]))
    assert "Le leur" not in upload_page.content.decode()
    # Deleting another partner's profile is refused as if it did not exist.
    delete = reverse("measurement:import_profile_delete", args=[setting.initiative.slug, theirs.pk])
    assert client.post(delete).status_code == 404
    assert ImportProfile.objects.filter(pk=theirs.pk).exists()

    # The backbone's profile (for the whole initiative) is proposed to every partner.
    ImportProfile.objects.filter(pk=theirs.pk).update(partner=None, name="Pour tous")
    preview = upload(client, setting, "agence.csv", AGENCY_2024)
    assert "Colonnes lues avec le profil « Pour tous »" in client.get(preview).content.decode()
    assert client.post(delete).status_code == 404  # only staff delete it
    staff = client_for(people["backbone_staff"])
    assert staff.post(delete).status_code == 302
    assert not ImportProfile.objects.filter(pk=theirs.pk).exists()


def test_the_command_reads_a_file_with_a_named_profile_or_the_matching_one(setting, tmp_path):
    ImportProfile.objects.create(
        initiative=setting.initiative,
        partner=setting.partner,
        name="Enquête",
        columns=signature(AGENCY_HEADER),
        mapping={
            "territory": "0",
            "value": "2",
            "const:indicator": "imp-served",
            "const:period": "2024",
        },
    )
    path = tmp_path / "agence.csv"
    path.write_bytes(AGENCY_2024)
    out = StringIO()
    email = setting.editor.email
    args = ["import", str(path), "--initiative", setting.initiative.slug, "--user", email]
    call_command(*args, "--profile", "Enquête", stdout=out)
    assert out.getvalue().strip().startswith("2 ")
    out = StringIO()
    call_command(*args, stdout=out)  # the matching profile, found by the file's columns
    assert "2" in out.getvalue() and written()[("imp-served", "t-a", "2024", "")][0] == 1204
    with pytest.raises(CommandError):
        call_command(*args, "--profile", "Absent", stdout=StringIO())
    (tmp_path / "autre.csv").write_bytes(lines("a;b;c", "1;2;3").encode())
    with pytest.raises(CommandError):
        call_command(
            "import",
            str(tmp_path / "autre.csv"),
            "--initiative",
            setting.initiative.slug,
            "--user",
            email,
            "--profile",
            "Enquête",
            stdout=StringIO(),
        )


def test_only_someone_who_may_import_reaches_the_columns_step(setting, people):
    client = editor(setting)
    preview = upload(client, setting, "agence.csv", AGENCY_2024)
    observer = client_for(people["observer"])
    assert observer.get(preview + "?remap=1&header=3").status_code in (403, 404)
    member = Membership.objects.filter(
        initiative=setting.initiative, role=Role.PARTNER_EDITOR
    ).exclude(user=setting.editor)
    if member.exists():  # another partner's editor: not their import
        other = client_for(member.first().user)
        assert other.get(preview).status_code == 404
