"""Importing partners' files as they really come: awkward CSVs, the Excel round trip, all or
nothing, through the pages, and files that are not tables at all."""

import csv
import io
import random
import threading
import zipfile
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from commun.initiatives.models import Membership, Partner
from commun.initiatives.roles import Role
from commun.measurement import tasks
from commun.measurement.columns import dimension_headers, find_header
from commun.measurement.models import (
    Aggregate,
    Category,
    Dimension,
    ImportJob,
    Indicator,
    Observation,
    Territory,
)
from commun.measurement.parsing import parse
from commun.measurement.reading import UnreadableFile, read_table
from commun.people.models import User
from tests.helpers import client_for
from tests.measurement.factories import gender, indicator, observe, territory_tree

CODES = ("imp-served", "imp-budget", "imp-by-group", "imp-share")


@pytest.fixture
def setting(initiative, people):
    """The partner editor's organization reports a count, an amount, a percentage and a count
    broken down by gender and age band, on the territory tree plus "Rivière-aux-Outardes"."""
    places = territory_tree(initiative)
    places["riviere"] = Territory.objects.create(
        initiative=initiative,
        code="t-outardes",
        name_fr="Rivière-aux-Outardes",
        parent=places["city"],
    )
    partner = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    sex = gender(initiative)
    age = Dimension.objects.create(
        initiative=initiative, code="imp-age", name_fr="Tranche d'âge", name_en="Age band"
    )
    Category.objects.create(dimension=age, code="0-17", name_fr="Enfants", name_en="Children")
    Category.objects.create(dimension=age, code="18-plus", name_fr="Adultes", name_en="Adults")
    served = indicator(
        initiative, "imp-served", "sum", name_fr="Personnes servies", name_en="People served"
    )
    budget = indicator(
        initiative,
        "imp-budget",
        "sum",
        unit=Indicator.Unit.AMOUNT,
        decimals=2,
        name_fr="Budget d'épicerie",
        name_en="Grocery budget",
    )
    by_group = indicator(
        initiative, "imp-by-group", "sum", name_fr="Repas servis", name_en="Meals served"
    )
    by_group.dimensions.add(sex, age)
    share = indicator(initiative, "imp-share", "mean", unit=Indicator.Unit.PERCENT, decimals=1)
    for reported in (served, budget, by_group, share):
        reported.reporting_partners.add(partner)
    return SimpleNamespace(
        initiative=initiative,
        places=places,
        partner=partner,
        editor=people["partner_editor"],
        served=served,
        budget=budget,
        by_group=by_group,
        share=share,
    )


def run_import(
    setting, name, data, *, user=None, partner="mine", language="en", run=tasks.import_job
):
    """An ImportJob for the file, sent by someone who reads Commun in `language`, imported at
    once by `run` (`tasks.import_job`; `tasks.import_in_background.call`, as the worker runs
    it, figures after the values); reread."""
    starter = user or setting.editor
    User.objects.filter(pk=starter.pk).update(language=language)
    job = ImportJob.objects.create(
        initiative=setting.initiative,
        created_by=starter,
        partner=setting.partner if partner == "mine" else partner,
        filename=name,
        data=data,
    )
    run(job.pk)
    job.refresh_from_db()
    return job


def written():
    """{(indicator, territory, period, breakdown): (value, comment, status)} for CODES."""
    return {
        (o.indicator.code, o.territory.code, o.period, o.breakdown): (o.value, o.comment, o.status)
        for o in Observation.objects.filter(indicator__code__in=CODES).select_related(
            "indicator", "territory"
        )
    }


def lines(*rows, end="\n"):
    return end.join(rows) + end


def lines_named(job):
    return {where for where, _message in job.problems}


# --- 1. Awkward files, as spreadsheets and people really write them --------------------------

BOM_SEMICOLON_FRENCH = b"\xef\xbb\xbf" + lines(
    "Rapport annuel 2025 — Banque alimentaire",  # a title: one filled cell, no delimiter
    "",
    "# source : registre des visites, extraction du 15 janvier 2026",
    "Indicateur;Période;Territoire;Valeur;Commentaire",
    "imp-served;2025;t-a;1 234;",  # a normal space between thousands
    "imp-served;2025;Rivière-aux-Outardes;1\u00a0500;",  # a non-breaking space
    "",
    "Sous-total;;;;",  # a title in the middle: one filled cell
    "imp-budget;2025;t-a;12\u202f345,5;Dons reçus",  # a narrow non-breaking space
    "imp-budget;2025;NORD;1 234,75;",
    "# Note : du 1er janvier au 31 décembre; sans les dons anonymes; ni les doublons; 2 cas; fin",
    ";;;;",
    "",
).encode("utf-8")

WINDOWS_1252_TAB = lines(
    "Indicator\tPeriod\tTerritory\tValue\tComment",
    # U+2019 is byte 0x92 in Windows-1252 (and a control character in Latin-1)
    "imp-served\t2024\tRivière-aux-Outardes\t1\u00a0234\tHausse liée à l\u2019été",
    "",
    "imp-budget\t2024\triviere-aux-outardes\t99,5\t",
    "\t\t\t\t",
    "imp-served\t2024\tSud\t12\t",
    "Note : chiffres préliminaires",
    end="\r\n",
).encode("cp1252")

COMMA_QUOTED = lines(
    "# Exporté depuis le tableur de la banque alimentaire",
    '"indicateur","periode","territoire","valeur","commentaire"',
    '"imp-served","2023","t-b","1 234","Inclut les visites ""à domicile"", le samedi"',
    '"imp-budget","2023","t-c","1 234,5","Dons, subventions\net collectes"',
    "",
    'imp-budget,2023,"D","2,5",',
    '"# total calculé automatiquement",,,,',
    "",
    "",
).encode("utf-8")

DISAGGREGATED_FRENCH = lines(
    "indicateur;période;territoire;Genre;Tranche d'âge;valeur",
    "imp-by-group;2025;t-a;f;Enfants;3",
    "imp-by-group;2025;t-a;Hommes;0-17;4",
    "imp-by-group;2025;t-a;FEMMES;adultes;5",
    "imp-by-group;2025;t-a;m;18-plus;6",
).encode("utf-8")

DISAGGREGATED_ENGLISH = lines(
    "Indicator code,Year,Area,gender,Age band,Number,Note",
    "imp-by-group,2024,Nord,femmes,Children,7,",
    "imp-by-group,2024,Nord,M,Adults,8,first count",
).encode("utf-8")

# Commun's own columns (names to read, codes beside), filled in by hand in French Excel and
# saved as "CSV (séparateur : point-virgule)": Windows-1252, typographic apostrophes, some code
# cells left empty where the person picked a name.
NAMES_AND_CODES_FRENCH_EXCEL = lines(
    "Indicateur;Code de l\u2019indicateur;Période;Code de la période;Territoire;"
    "Code du territoire;Genre;Tranche d\u2019âge;Valeur;Commentaire",
    "Personnes servies;imp-served;2025;2025;A;t-a;;;1 234;",
    "Personnes servies;;2025;;Rivière-aux-Outardes;;;;12;ajouté à la main",
    "Budget d\u2019épicerie;;2025;2025;Nord;;;;1234,5;",
    "Repas servis;imp-by-group;2025;2025;A;t-a;Femmes;Enfants;3;",
    "Meals served;;2025;;A;;Hommes;Adults;4;",
    end="\r\n",
).encode("cp1252")

CORPUS = {
    "names-with-codes-beside-french-excel": (
        "commun-rempli.csv",
        NAMES_AND_CODES_FRENCH_EXCEL,
        {
            ("imp-served", "t-a", "2025", ""): (Decimal(1234), ""),
            ("imp-served", "t-outardes", "2025", ""): (Decimal(12), "ajouté à la main"),
            ("imp-budget", "t-north", "2025", ""): (Decimal("1234.5"), ""),
            ("imp-by-group", "t-a", "2025", "gender=f;imp-age=0-17"): (Decimal(3), ""),
            ("imp-by-group", "t-a", "2025", "gender=m;imp-age=18-plus"): (Decimal(4), ""),
        },
    ),
    "utf8-bom-semicolon-french-numbers": (
        "rapport.csv",
        BOM_SEMICOLON_FRENCH,
        {
            ("imp-served", "t-a", "2025", ""): (Decimal(1234), ""),
            ("imp-served", "t-outardes", "2025", ""): (Decimal(1500), ""),
            ("imp-budget", "t-a", "2025", ""): (Decimal("12345.5"), "Dons reçus"),
            ("imp-budget", "t-north", "2025", ""): (Decimal("1234.75"), ""),
        },
    ),
    "windows-1252-tab-english-headers": (
        "export.txt",
        WINDOWS_1252_TAB,
        {
            ("imp-served", "t-outardes", "2024", ""): (Decimal(1234), "Hausse liée à l\u2019été"),
            ("imp-budget", "t-outardes", "2024", ""): (Decimal("99.5"), ""),
            ("imp-served", "t-south", "2024", ""): (Decimal(12), ""),
        },
    ),
    "comma-quoted-values": (
        "valeurs.csv",
        COMMA_QUOTED,
        {
            ("imp-served", "t-b", "2023", ""): (
                Decimal(1234),
                'Inclut les visites "à domicile", le samedi',
            ),
            ("imp-budget", "t-c", "2023", ""): (
                Decimal("1234.5"),
                "Dons, subventions\net collectes",
            ),
            ("imp-budget", "t-d", "2023", ""): (Decimal("2.5"), ""),
        },
    ),
    "disaggregated-by-code-or-name-french": (
        "genre.csv",
        DISAGGREGATED_FRENCH,
        {
            ("imp-by-group", "t-a", "2025", "gender=f;imp-age=0-17"): (Decimal(3), ""),
            ("imp-by-group", "t-a", "2025", "gender=m;imp-age=0-17"): (Decimal(4), ""),
            ("imp-by-group", "t-a", "2025", "gender=f;imp-age=18-plus"): (Decimal(5), ""),
            ("imp-by-group", "t-a", "2025", "gender=m;imp-age=18-plus"): (Decimal(6), ""),
        },
    ),
    "disaggregated-english-headers": (
        "by-group.csv",
        DISAGGREGATED_ENGLISH,
        {
            ("imp-by-group", "t-north", "2024", "gender=f;imp-age=0-17"): (Decimal(7), ""),
            ("imp-by-group", "t-north", "2024", "gender=m;imp-age=18-plus"): (
                Decimal(8),
                "first count",
            ),
        },
    ),
}


@pytest.mark.parametrize("case", list(CORPUS))
def test_awkward_real_world_files_are_imported_with_the_values_people_meant(setting, case):
    name, data, expected = CORPUS[case]
    job = run_import(setting, name, data)
    assert (job.status, job.problems) == ("done", [])
    assert (job.rows, job.created, job.changed, job.progress) == (
        len(expected),
        len(expected),
        0,
        100,
    )
    assert written() == {
        cell: (value, comment, "submitted") for cell, (value, comment) in expected.items()
    }
    assert Observation.objects.filter(
        indicator__code__in=CODES, provenance="import"
    ).count() == len(expected)


# Each file's encoding and delimiter, quotation marks: tests/measurement/test_reading.py; its
# header row and columns: test_columns.py; breakdowns and NUL characters: test_parsing.py.


# --- 2. All or nothing ------------------------------------------------------------------------

BAD_FIRST_MIDDLE_LAST = lines(
    "indicateur;période;territoire;valeur",
    "imp-nope;2025;t-a;1",  # line 2: not an indicator of the initiative
    "imp-served;2025;t-a;10",
    "imp-served;2025;t-b;11",
    "imp-served;2025;Atlantide;12",  # line 5: no such territory
    "imp-served;2025;t-c;13",
    "imp-served;2025;t-d;douze",  # line 7: not a number
).encode("utf-8")


def test_bad_rows_first_in_the_middle_and_last_mean_nothing_is_written(setting):
    observe(setting.served, setting.places["b"], 5, setting.partner, status="draft")
    before = Observation.objects.count()
    job = run_import(setting, "erreurs.csv", BAD_FIRST_MIDDLE_LAST)
    assert job.status == "failed"
    assert Observation.objects.count() == before
    assert Observation.objects.get(indicator=setting.served).value == 5  # the draft is untouched
    assert lines_named(job) == {"line 2", "line 5", "line 7"}
    assert all(message for _where, message in job.problems)
    assert (job.created, job.changed, job.unchanged, job.progress) == (0, 0, 0, 100)


def test_every_bad_line_is_named_at_once_whatever_is_wrong_with_it(setting):
    data = lines(
        "indicateur;période;territoire;valeur",
        "imp-served;2025;Atlantide;10",  # line 2: no such territory
        "imp-served;2025;t-a;10",
        "imp-served;2025;t-b;-3",  # line 4: a count cannot be negative
        "imp-budget;2025;t-a;12,5",
        "imp-share;2025;t-c;140",  # line 6: a percentage is at most 100
    ).encode("utf-8")
    before = Observation.objects.count()
    job = run_import(setting, "erreurs.csv", data)
    assert job.status == "failed" and Observation.objects.count() == before
    assert lines_named(job) == {"line 2", "line 4", "line 6"}


def test_value_problems_alone_also_refuse_the_whole_file(setting):
    data = lines(
        "indicateur;période;territoire;valeur",
        "imp-served;2025;t-a;-3",
        "imp-budget;2025;t-a;12,5",
        "imp-share;2025;t-c;140",
    ).encode("utf-8")
    before = Observation.objects.count()
    job = run_import(setting, "erreurs.csv", data)
    assert job.status == "failed" and Observation.objects.count() == before
    assert lines_named(job) == {"line 2", "line 4"}


def test_a_number_too_precise_to_store_is_refused_not_a_crash(setting):
    data = lines(
        "indicateur;période;territoire;valeur", "imp-budget;2025;t-a;99999999999999,9999999"
    )
    before = Observation.objects.count()
    job = run_import(setting, "enorme.csv", data.encode())
    assert job.status == "failed" and lines_named(job) == {"line 2"}
    assert Observation.objects.count() == before


# --- 3. The same file twice -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["partner_editor", "backbone_staff"])
def test_importing_the_same_file_twice_changes_nothing_the_second_time(setting, people, who):
    partner = "mine" if who == "partner_editor" else None
    first = run_import(
        setting, "rapport.csv", BOM_SEMICOLON_FRENCH, user=people[who], partner=partner
    )
    assert (first.status, first.created) == ("done", 4)
    after_first = written()
    assert {status for _v, _c, status in after_first.values()} == {
        "submitted" if partner else "approved"
    }
    second = run_import(
        setting, "rapport.csv", BOM_SEMICOLON_FRENCH, user=people[who], partner=partner
    )
    assert second.status == "done", second.problems
    assert (second.rows, second.created, second.changed, second.unchanged) == (4, 0, 0, 4)
    assert written() == after_first


def test_a_file_with_big_moves_between_its_periods_imports_again_unchanged(setting):
    # Three years of a series that doubles, then falls by two thirds: the first import has
    # nothing stored to compare with; the second must not call the stored values jumps.
    data = lines(
        "indicateur;période;territoire;valeur",
        "imp-served;2022;t-a;30",
        "imp-served;2023;t-a;90",
        "imp-served;2024;t-a;30",
    ).encode()
    first = run_import(setting, "serie.csv", data)
    assert first.status == "done", first.problems
    stored = written()
    second = run_import(setting, "serie.csv", data)
    assert second.status == "done", second.problems
    assert (second.created, second.changed, second.unchanged) == (0, 0, 3)
    assert written() == stored
    # A value that does change is still checked against the period before it.
    changed = data.replace(b"2024;t-a;30", b"2024;t-a;300")
    third = run_import(setting, "serie.csv", changed)
    assert third.status == "failed"
    assert lines_named(third) == {"line 4"}
    assert "moves" in " ".join(message for _where, message in third.problems)
    assert written() == stored


def test_importing_twice_a_value_with_many_decimals_changes_nothing(setting):
    data = lines("indicateur;période;territoire;valeur", "imp-share;2025;t-a;33,333333333").encode()
    first = run_import(setting, "parts.csv", data)
    assert first.status == "done"
    second = run_import(setting, "parts.csv", data)
    assert second.status == "done", second.problems
    assert (second.created, second.changed, second.unchanged) == (0, 0, 1)


# --- 4. The Excel round trip: tests/measurement/test_spreadsheets.py -----------------------


# --- 4b. Problems told in the language of the person who sent the file ------------------------


@pytest.mark.parametrize(
    ("starter", "worker", "not_a_number", "not_reported"),
    [
        ("fr", "en", "« beaucoup » n'est pas un nombre.", "« Budget d'épicerie »"),
        ("en", "fr", "“beaucoup” is not a number.", "“Grocery budget”"),
    ],
)
def test_a_background_import_tells_its_problems_in_the_senders_language(
    setting, starter, worker, not_a_number, not_reported
):
    """The worker has no request: it writes in the language of the person who sent the file,
    whatever its own, and names indicators by their names."""
    setting.budget.reporting_partners.remove(setting.partner)
    data = lines(
        "indicateur;période;territoire;valeur",
        "imp-served;2025;t-a;beaucoup",
        "imp-budget;2025;t-a;12",
    ).encode("utf-8")
    User.objects.filter(pk=setting.editor.pk).update(language=starter)
    job = ImportJob.objects.create(
        initiative=setting.initiative,
        created_by=setting.editor,
        partner=setting.partner,
        filename="retour.csv",
        data=data,
    )
    with translation.override(worker):
        tasks.import_in_background.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.problems[0] == [{"fr": "ligne 2", "en": "line 2"}[starter], not_a_number]
    assert not_reported in job.problems[1][1] and "imp-budget" not in job.problems[1][1]


# --- 5. Files that cannot be read -------------------------------------------------------------


def a_workbook():
    book = Workbook()
    book.active.append(["indicateur", "période", "territoire", "valeur"])
    for number in range(40):
        book.active.append(["imp-served", "2025", "t-a", number])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_a_damaged_sheet(data):
    """The same .xlsx, its first sheet's XML cut in half (the zip itself is sound)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            target.writestr(item, content)
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
UNREADABLE = [
    pytest.param(
        "sans-entete.csv",
        lines("imp-served;2025;t-a;12", "imp-served;2025;t-b;13").encode(),
        id="no-header-row",
    ),
    pytest.param("vide.csv", b"", id="empty-file"),
    pytest.param("export.csv", random.Random(7).randbytes(3000), id="random-bytes"),
    pytest.param("photo.csv", PNG + random.Random(8).randbytes(500), id="png-named-csv"),
    pytest.param("photo.xlsx", PNG, id="png-named-xlsx"),
    pytest.param("texte.xlsx", BOM_SEMICOLON_FRENCH, id="csv-named-xlsx"),
    pytest.param("coupe.xlsx", a_workbook()[:3000], id="truncated-xlsx"),
    pytest.param("abime.xlsx", with_a_damaged_sheet(a_workbook()), id="xlsx-with-damaged-sheet"),
]


@pytest.mark.parametrize(("name", "data"), UNREADABLE)
def test_a_file_that_is_not_a_table_gets_a_clear_message_and_nothing_is_written(
    setting, name, data
):
    with pytest.raises(UnreadableFile) as unreadable, translation.override("en"):
        table = read_table(name, data)
        find_header(table, dimension_headers(setting.initiative))
    message = str(unreadable.value)
    assert message and "Traceback" not in message

    before = Observation.objects.count()
    job = run_import(setting, name, data)
    assert job.status == "failed"
    assert job.problems == [["", message]]
    assert Observation.objects.count() == before

    job.status = ImportJob.Status.UPLOADED
    job.save()
    page = client_for(setting.editor).get(
        reverse("measurement:import_preview", args=[setting.initiative.slug, job.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'role="alert"' in html
    assert reverse("measurement:import_run", args=[setting.initiative.slug, job.pk]) not in html


# --- 6. Through the pages ---------------------------------------------------------------------


def upload(client, initiative, name, data):
    return client.post(
        reverse("measurement:import", args=[initiative.slug]),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def status_label(status):
    with translation.override("fr"):  # the partner editor reads Commun in French
        return str(ImportJob.Status(status).label)


def test_a_partner_editor_uploads_checks_the_preview_and_imports(setting):
    client = client_for(setting.editor)
    slug = setting.initiative.slug
    response = upload(client, setting.initiative, "rapport.csv", BOM_SEMICOLON_FRENCH)
    job = ImportJob.objects.get(created_by=setting.editor, filename="rapport.csv")
    assert response.status_code == 302
    assert response["Location"] == reverse("measurement:import_preview", args=[slug, job.pk])
    assert (job.partner, job.status, bytes(job.data)) == (
        setting.partner,
        "uploaded",
        BOM_SEMICOLON_FRENCH,
    )

    html = client.get(response["Location"]).content.decode()
    assert "Rivière-aux-Outardes" in html and "12\u202f345,5" in html and "Dons reçus" in html
    run_url = reverse("measurement:import_run", args=[slug, job.pk])
    assert run_url in html
    assert not written()  # nothing before the check

    response = client.post(run_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("measurement:import_job", args=[slug, job.pk])
    page = client.get(response["Location"]).content.decode()
    assert status_label("done") in page
    job.refresh_from_db()
    assert (job.status, job.created, job.progress) == ("done", 4, 100)
    assert written()[("imp-budget", "t-a", "2025", "")] == (
        Decimal("12345.5"),
        "Dons reçus",
        "submitted",
    )


def test_the_preview_lists_the_problems_and_offers_no_import(setting):
    client = client_for(setting.editor)
    response = upload(client, setting.initiative, "erreurs.csv", BAD_FIRST_MIDDLE_LAST)
    job = ImportJob.objects.get(created_by=setting.editor, filename="erreurs.csv")
    html = client.get(response["Location"]).content.decode()
    with translation.override("fr"):
        for number in (2, 5, 7):
            assert gettext("line %(number)d") % {"number": number} in html
    assert "Atlantide" in html and "douze" in html and "imp-nope" in html
    assert reverse("measurement:import_run", args=[setting.initiative.slug, job.pk]) not in html
    before = Observation.objects.count()
    client.post(reverse("measurement:import_run", args=[setting.initiative.slug, job.pk]))
    job.refresh_from_db()
    assert job.status == "failed" and Observation.objects.count() == before


def test_an_empty_upload_is_refused_by_the_form(setting):
    response = upload(client_for(setting.editor), setting.initiative, "vide.csv", b"")
    assert response.status_code == 200
    assert not ImportJob.objects.filter(created_by=setting.editor).exists()


def test_another_partners_editor_cannot_see_or_run_someone_elses_import(setting):
    slug = setting.initiative.slug
    upload(client_for(setting.editor), setting.initiative, "rapport.csv", BOM_SEMICOLON_FRENCH)
    job = ImportJob.objects.get(created_by=setting.editor, filename="rapport.csv")
    other = (
        Partner.objects.filter(initiative=setting.initiative).exclude(pk=setting.partner.pk).first()
    )
    stranger = User.objects.create_user("autre-repondante@example.org", "x" * 16)
    Membership.objects.create(
        user=stranger, initiative=setting.initiative, role=Role.PARTNER_EDITOR, partner=other
    )
    client = client_for(stranger)
    assert client.get(reverse("measurement:import_preview", args=[slug, job.pk])).status_code == 404
    assert client.get(reverse("measurement:import_job", args=[slug, job.pk])).status_code == 404
    assert client.post(reverse("measurement:import_run", args=[slug, job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == "uploaded" and not written()
    own = client_for(setting.editor).get(reverse("measurement:import_preview", args=[slug, job.pk]))
    assert own.status_code == 200


def big_file(rows):
    """`rows` distinct monthly values of 10, on the six leaf and middle territories."""
    places = ["t-a", "t-b", "t-c", "t-d", "t-north", "t-south"]
    body = []
    for number in range(rows):
        month = number // len(places)
        period = f"{1990 + month // 12}-{month % 12 + 1:02d}"
        body.append(f"imp-monthly;{period};{places[number % len(places)]};10")
    return lines("indicateur;période;territoire;valeur", *body).encode()


def test_a_large_file_is_queued_then_imported_in_the_background(
    setting, django_capture_on_commit_callbacks
):
    monthly = indicator(setting.initiative, "imp-monthly", "sum", frequency="month")
    monthly.reporting_partners.add(setting.partner)
    rows = tasks.BACKGROUND_FROM_ROWS + 2
    client = client_for(setting.editor)
    slug = setting.initiative.slug
    upload(client, setting.initiative, "gros.csv", big_file(rows))
    job = ImportJob.objects.get(created_by=setting.editor, filename="gros.csv")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("measurement:import_run", args=[slug, job.pk]))
        assert response.status_code == 302
        job.refresh_from_db()
        assert (job.status, job.created) == ("queued", 0)
        assert not Observation.objects.filter(indicator=monthly).exists()
        assert status_label("queued") in client.get(response["Location"]).content.decode()
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.status, job.progress, job.rows, job.created) == ("done", 100, rows, rows)
    assert Observation.objects.filter(indicator=monthly, status="submitted").count() == rows


@pytest.mark.parametrize("every, seen", [(0, 50), (600, 1)])
def test_an_import_shows_its_checks_progress_at_most_every_half_second(
    setting, monkeypatch, every, seen
):
    """The checks' progress is written as it goes (the writing is one transaction, seen at its
    end), but no more often than PROGRESS_EVERY: each write is a commit."""
    from commun.measurement import entry

    monthly = indicator(setting.initiative, "imp-monthly", "sum", frequency="month")
    monthly.reporting_partners.add(setting.partner)
    job = ImportJob.objects.create(
        initiative=setting.initiative,
        created_by=setting.editor,
        partner=setting.partner,
        filename="gros.csv",
        data=big_file(30),
    )
    monkeypatch.setattr(tasks, "PROGRESS_EVERY", every)
    write_batch, when_writing = entry.write_batch, []

    def spied(batch, **options):
        when_writing.append(ImportJob.objects.get(pk=job.pk).progress)
        return write_batch(batch, **options)

    monkeypatch.setattr(entry, "write_batch", spied)
    tasks.import_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress, job.created) == ("done", 100, 30)
    assert when_writing and set(when_writing) == {seen}


def test_a_small_file_is_imported_during_the_request(setting, django_capture_on_commit_callbacks):
    client = client_for(setting.editor)
    upload(client, setting.initiative, "rapport.csv", BOM_SEMICOLON_FRENCH)
    job = ImportJob.objects.get(created_by=setting.editor, filename="rapport.csv")
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("measurement:import_run", args=[setting.initiative.slug, job.pk]))
    job.refresh_from_db()
    assert (job.status, len(callbacks)) == ("done", 0)


def test_running_an_unreadable_file_is_refused_not_a_server_error(setting):
    client = client_for(setting.editor)
    upload(client, setting.initiative, "export.csv", random.Random(7).randbytes(3000))
    job = ImportJob.objects.get(created_by=setting.editor, filename="export.csv")
    response = client.post(
        reverse("measurement:import_run", args=[setting.initiative.slug, job.pk])
    )
    assert response.status_code in (200, 302)
    job.refresh_from_db()
    assert job.status in ("uploaded", "failed")


def test_a_mapping_that_is_not_a_column_number_is_not_a_server_error(setting):
    client = client_for(setting.editor)
    response = upload(client, setting.initiative, "rapport.csv", BOM_SEMICOLON_FRENCH)
    page = client.get(response["Location"] + "?remap=1&map_value=valeur")
    assert page.status_code in (200, 302, 400)
    assert client.get(response["Location"]).status_code == 200


# --- 7. Whatever comes in -----------------------------------------------------------------------


def as_file(rows, delimiter, encoding, quoting, xlsx):
    """The rows written as a spreadsheet or a CSV program would (or a person, unquoted)."""
    if xlsx:
        book = Workbook()
        for row in rows:
            book.active.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
        out = io.BytesIO()
        book.save(out)
        return "f.xlsx", out.getvalue()
    if quoting:
        text = io.StringIO()
        csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
        text = text.getvalue()
    else:
        text = "\n".join(delimiter.join(row) for row in rows)
    return "f.csv", text.encode(encoding, "replace")


def test_random_files_are_refused_cleanly_and_never_half_written(setting):
    pytest.importorskip("hypothesis")
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    values = {
        "imp-served": ["12", "1 234", "1\u202f234", "0"],
        "IMP-BUDGET": ["1\u00a0234,5", "0,5", "12"],
        "imp-share": ["12,5", "100", "0"],
    }
    good_row = st.tuples(
        st.sampled_from(sorted(values)).flatmap(
            lambda code: st.tuples(st.just(code), st.sampled_from(values[code]))
        ),
        st.sampled_from(["2025", "2024", " 2023 "]),
        st.sampled_from(["t-a", "t-b", "Rivière-aux-Outardes", "NORD", "sud"]),
        st.sampled_from(["", "ok", "Dons, reçus", '"entre guillemets"', "ligne 1\nligne 2"]),
    ).map(lambda cells: [cells[0][0], cells[1], cells[2], cells[0][1], cells[3]])
    other_row = st.one_of(
        st.just([]),
        st.just(["# source : registre"]),
        st.just(["Titre du rapport"]),
        st.lists(st.text(max_size=8), max_size=7),
    )
    bad_cell = st.one_of(
        st.text(max_size=8),
        st.sampled_from(["imp-nope", "Atlantide", "2025-Q3", "-3", "140", "1e999", "douze", '"']),
    )

    def assemble(notes, header, rows, spoils, inserts):
        rows = [list(row) for row in rows]
        for row_number, column, text in spoils:
            if rows:
                row = rows[row_number % len(rows)]
                row[column % len(row)] = text
        for position, line in inserts:
            rows.insert(position % (len(rows) + 1), line)
        return [*notes, header, *rows]

    lines_of_a_table = st.builds(
        assemble,
        st.lists(other_row, max_size=2),
        st.sampled_from(
            [
                ["indicateur", "période", "territoire", "valeur", "commentaire"],
                ["Indicator", "Period", "Territory", "Value", "Comment"],
                ["code", "annee", "lieu", "nombre", "note"],
            ]
        ),
        st.lists(good_row, max_size=6, unique_by=lambda row: (row[0].lower(), row[1], row[2])),
        st.lists(st.tuples(st.integers(0, 9), st.integers(0, 6), bad_cell), max_size=2),
        st.lists(st.tuples(st.integers(0, 9), other_row), max_size=2),
    )
    table = st.builds(
        as_file,
        lines_of_a_table,
        st.sampled_from([";", ",", "\t", "|"]),
        st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
        st.booleans(),
        st.sampled_from([False, False, False, True]),
    )
    garbage = st.one_of(
        st.tuples(st.sampled_from(["f.csv", "f.txt"]), st.binary(max_size=400)),
        st.tuples(st.just("f.xlsx"), st.binary(max_size=200).map(b"PK\x03\x04".__add__)),
    )
    files = st.one_of(*[table] * 6, garbage)
    dimensions = dimension_headers(setting.initiative)
    outcomes = []

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(files)
    def check(file):
        name, data = file
        try:
            table = read_table(name, data)
            header, mapping = find_header(table, dimensions)
            parse(
                table,
                header,
                mapping,
                initiative=setting.initiative,
                partner=setting.partner,
                staff=False,
            )
        except UnreadableFile as error:
            assert str(error)
        before = Observation.objects.count()
        job = run_import(setting, name, data)
        assert job.status in ("done", "failed")
        if job.status == "failed":
            assert job.problems and Observation.objects.count() == before
        else:
            assert job.problems == []
            assert Observation.objects.count() == before + job.created
        outcomes.append((job.status, job.created))

    check()
    assert {status for status, _created in outcomes} == {"done", "failed"}
    assert any(created for _status, created in outcomes)  # some files did write values


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            "Nouvelles valeurs : 12\u00a0345; valeurs modifiées : 1\u00a0002; valeurs inchangées : 0.",
        ),
        ("en", "12,345 new values, 1,002 changed, 0 unchanged."),
    ],
)
def test_an_imports_counts_are_written_the_readers_way(language, expected):
    from django.template.loader import render_to_string

    job = SimpleNamespace(
        status="done",
        created=12345,
        changed=1002,
        unchanged=0,
        progress=100,
        pk=1,
        get_status_display=lambda: "",
    )
    with translation.override(language):
        html = render_to_string(
            "measurement/partials/import_progress.html",
            {"job": job, "initiative": SimpleNamespace(slug="x")},
        )
    assert expected in html


# --- 7. Periods outside the years Commun measures -------------------------------------------


@pytest.mark.parametrize(
    ("language", "says"), [("en", "years from 1900 to 2100"), ("fr", "années de 1900 à 2100")]
)
def test_a_file_with_periods_outside_the_years_commun_measures_writes_nothing(
    setting, language, says
):
    quarterly = indicator(setting.initiative, "imp-quarterly", "sum", frequency="quarter")
    quarterly.reporting_partners.add(setting.partner)
    data = lines(
        "indicateur;période;territoire;valeur",
        "imp-quarterly;2026-Q1;t-a;10",
        "imp-quarterly;9999-Q4;t-a;10",  # line 3
        "imp-quarterly;0000-Q1;t-a;10",  # line 4
        "imp-quarterly;T1 0001;t-a;10",  # line 5
        "imp-served;2101;t-a;10",  # line 6
    ).encode("utf-8")
    before = Observation.objects.count()
    job = run_import(setting, "siecles.csv", data, language=language)
    assert job.status == "failed" and Observation.objects.count() == before
    assert len(job.problems) == 4 and all(says in message for _where, message in job.problems)


def test_the_preview_of_a_file_with_a_year_0000_names_the_line(setting):
    quarterly = indicator(setting.initiative, "imp-quarterly", "sum", frequency="quarter")
    quarterly.reporting_partners.add(setting.partner)
    data = lines("indicateur;période;territoire;valeur", "imp-quarterly;0000-Q1;t-a;10")
    client = client_for(setting.editor)
    response = upload(client, setting.initiative, "zero.csv", data.encode("utf-8"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    with translation.override("fr"):  # the partner editor reads Commun in French
        assert gettext("line %(number)d") % {"number": 2} in html
    assert "années de 1900 à 2100" in html


def running_job(setting, data=BOM_SEMICOLON_FRENCH, silent_for=61, **fields):
    """An import a worker took up: 30 % done, its last sign of life `silent_for` seconds ago."""
    job = ImportJob.objects.create(
        initiative=setting.initiative,
        created_by=setting.editor,
        partner=setting.partner,
        filename="rapport.csv",
        data=data,
        **({"status": ImportJob.Status.RUNNING, "progress": 30} | fields),
    )
    heartbeat = timezone.now() - timedelta(seconds=silent_for)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=heartbeat)
    return job


def test_an_import_whose_worker_died_says_so_and_can_be_imported_again(
    setting, django_capture_on_commit_callbacks
):
    job = running_job(setting)
    client = client_for(setting.editor)
    slug = setting.initiative.slug
    page = client.get(
        reverse("measurement:import_job", args=[slug, job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    job.refresh_from_db()
    assert (job.status, job.retryable) == ("failed", True)
    with translation.override("fr"):  # the partner editor reads Commun in French
        assert escape(str(tasks.INTERRUPTED)) in page
        assert gettext("Stopped: nothing was written") in page
        assert escape(str(ImportJob.Status.FAILED.label)) not in page  # not refused for its rows
        assert job.problems == [["", str(tasks.INTERRUPTED)]]
    assert "hx-trigger" not in page  # the page stops asking
    retry_url = reverse("measurement:import_retry", args=[slug, job.pk])
    assert retry_url in page and not written()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(retry_url)
    assert response["Location"] == reverse("measurement:import_job", args=[slug, job.pk])
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.status, job.created, job.problems, job.retryable) == ("done", 4, [], False)
    assert written()[("imp-budget", "t-a", "2025", "")][0] == Decimal("12345.5")


def test_an_import_that_gives_signs_of_life_goes_on(setting):
    job = running_job(setting, silent_for=5)
    page = client_for(setting.editor).get(
        reverse("measurement:import_job", args=[setting.initiative.slug, job.pk]),
        headers={"HX-Request": "true"},
    )
    job.refresh_from_db()
    assert (job.status, job.progress) == ("running", 30)
    assert "hx-trigger" in page.content.decode()


def test_a_worker_starting_an_import_fails_those_a_dead_worker_left_running(setting):
    dead, alive = running_job(setting), running_job(setting, silent_for=5)
    queued = ImportJob.objects.create(
        initiative=setting.initiative,
        created_by=setting.editor,
        partner=setting.partner,
        filename="autre.csv",
        data=BOM_SEMICOLON_FRENCH,
        status=ImportJob.Status.QUEUED,
    )
    tasks.import_in_background.call(queued.pk)
    statuses = dict(
        ImportJob.objects.filter(pk__in=[dead.pk, alive.pk, queued.pk]).values_list("pk", "status")
    )
    assert statuses == {dead.pk: "failed", alive.pk: "running", queued.pk: "done"}


def test_only_an_interrupted_import_of_ones_own_can_be_queued_again(
    setting, django_capture_on_commit_callbacks
):
    slug = setting.initiative.slug
    refused = ImportJob.objects.create(
        initiative=setting.initiative,
        created_by=setting.editor,
        partner=setting.partner,
        filename="erreurs.csv",
        data=BAD_FIRST_MIDDLE_LAST,
    )
    tasks.import_job(refused.pk)
    refused.refresh_from_db()
    assert (refused.status, refused.retryable) == ("failed", False)
    dead = running_job(setting)
    tasks.fail_dead_jobs()
    other = (
        Partner.objects.filter(initiative=setting.initiative).exclude(pk=setting.partner.pk).first()
    )
    stranger = User.objects.create_user("autre-repondante@example.org", "x" * 16)
    Membership.objects.create(
        user=stranger, initiative=setting.initiative, role=Role.PARTNER_EDITOR, partner=other
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert (
            client_for(stranger)
            .post(reverse("measurement:import_retry", args=[slug, dead.pk]))
            .status_code
            == 404
        )
        client_for(setting.editor).post(
            reverse("measurement:import_retry", args=[slug, refused.pk])
        )
        assert (
            client_for(setting.editor)
            .get(reverse("measurement:import_retry", args=[slug, dead.pk]))
            .status_code
            == 405
        )
    assert callbacks == []
    assert dict(
        ImportJob.objects.filter(pk__in=[dead.pk, refused.pk]).values_list("pk", "status")
    ) == {dead.pk: "failed", refused.pk: "failed"}
    assert not written()


def test_a_worker_killed_while_writing_leaves_nothing_written(setting, monkeypatch):
    """The writing is one transaction: a worker stopped in the middle of it (here, its rows
    written, before their figures) leaves no value and no figure; the job, still "running", is
    later found dead."""
    from commun.measurement import entry

    job = running_job(setting, silent_for=0, status=ImportJob.Status.QUEUED)
    seen = []

    def killed(touched):
        seen.append(len(written()))
        raise SystemExit("the worker is stopped")

    monkeypatch.setattr(entry, "rebuild_touched", killed)
    with pytest.raises(SystemExit):
        tasks.import_job(job.pk)
    assert seen == [4]  # its rows were written, in its transaction
    assert not written()
    assert not Aggregate.objects.filter(indicator__code__in=CODES).exists()
    job.refresh_from_db()
    assert job.status == "running"
    ImportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=tasks.DEAD_AFTER + 1)
    )
    assert tasks.fail_dead_jobs() == 1


def test_a_running_import_gives_signs_of_life_from_a_thread_of_its_own():
    beats = threading.Event()
    with tasks.Heartbeat(beats.set, every=0.01) as heartbeat:
        assert beats.wait(timeout=10)
    assert not heartbeat.thread.is_alive()


def test_a_small_file_is_read_once_by_its_preview_and_once_by_its_import(setting):
    """The preview reads and checks the file once, and keeps its row count on the job: the
    import reads it once more (no second reading to choose between the request and the
    background) and checks it once, while writing."""
    from unittest import mock

    from commun.measurement import entry, import_views, imports

    client = client_for(setting.editor)
    slug = setting.initiative.slug
    response = upload(client, setting.initiative, "rapport.csv", BOM_SEMICOLON_FRENCH)
    job = ImportJob.objects.get(created_by=setting.editor, filename="rapport.csv")
    spies = {
        # The preview and the import both go through `imports.parse_job`.
        "read": [mock.patch.object(imports, "read_table", wraps=imports.read_table)],
        "parse": [mock.patch.object(imports, "parse", wraps=imports.parse)],
        "check": [
            mock.patch.object(entry, "check_batches", wraps=entry.check_batches),
            mock.patch.object(import_views, "check_batches", wraps=import_views.check_batches),
        ],
    }

    def calls(step):
        started = {kind: [patch.start() for patch in patches] for kind, patches in spies.items()}
        try:
            step()
        finally:
            for patches in spies.values():
                for patch in patches:
                    patch.stop()
        return {kind: sum(spy.call_count for spy in found) for kind, found in started.items()}

    def show():
        assert client.get(response["Location"]).status_code == 200

    assert calls(show) == {"read": 1, "parse": 1, "check": 1}
    job.refresh_from_db()
    assert job.previewed_rows == 4

    def run():
        client.post(reverse("measurement:import_run", args=[slug, job.pk]))

    assert calls(run) == {"read": 1, "parse": 1, "check": 1}
    job.refresh_from_db()
    assert (job.status, job.rows, job.created) == ("done", 4, 4)
