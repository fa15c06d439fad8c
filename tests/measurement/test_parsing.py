"""Understanding a file's rows: categories named by code or name written as the canonical
breakdown, and a row holding what cannot be stored (a NUL character) named by its line."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from commun.measurement.aggregation import breakdown_key
from commun.measurement.models import ImportJob, Observation, Territory, TerritoryAlias
from tests.helpers import client_for
from tests.measurement import test_imports

setting = test_imports.setting  # the fixture: a partner editor's organization and indicators
run_import = test_imports.run_import
lines = test_imports.lines
lines_named = test_imports.lines_named
upload = test_imports.upload
DISAGGREGATED_FRENCH = test_imports.DISAGGREGATED_FRENCH


def test_the_breakdown_keys_written_are_the_canonical_ones(setting):
    run_import(setting, "genre.csv", DISAGGREGATED_FRENCH)
    assert {o.breakdown for o in Observation.objects.filter(indicator=setting.by_group)} == {
        breakdown_key({"gender": sex, "imp-age": age})
        for sex in ("f", "m")
        for age in ("0-17", "18-plus")
    }


NUL_LINES = lines(
    "indicateur;période;territoire;valeur;commentaire;gender;imp-age",
    "imp-served;2025;t-a;10;bien;;",
    "imp-served;2025;t-\x00b;10;;;",  # line 3: a territory
    "imp-served;2025;t-c;10;a\x00b;;",  # line 4: a comment
    "imp-by-group;2025;t-a;10;;f\x00;0-17",  # line 5: a breakdown
    "imp-ser\x00ved;2025;t-d;10;;;",  # line 6: a code
).encode("utf-8")


@pytest.mark.parametrize(("language", "says"), [("en", "NUL character"), ("fr", "caractère NUL")])
def test_a_file_with_a_nul_character_writes_nothing_and_names_its_lines(setting, language, says):
    before = Observation.objects.count()
    job = run_import(setting, "nul.csv", NUL_LINES, language=language)
    assert job.status == "failed" and Observation.objects.count() == before
    if language == "en":
        assert lines_named(job) == {"line 3", "line 4", "line 5", "line 6"}
    assert all(says in message for _where, message in job.problems)


def test_the_preview_of_a_file_with_a_nul_character_names_its_lines(setting):
    client = client_for(setting.editor)
    response = upload(client, setting.initiative, "nul.csv", NUL_LINES)
    job = ImportJob.objects.get(created_by=setting.editor, filename="nul.csv")
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    with translation.override("fr"):
        for number in (3, 4, 5, 6):
            assert gettext("line %(number)d") % {"number": number} in html
    assert "caractère NUL" in html
    assert reverse("measurement:import_run", args=[setting.initiative.slug, job.pk]) not in html
    before = Observation.objects.count()
    client.post(reverse("measurement:import_run", args=[setting.initiative.slug, job.pk]))
    job.refresh_from_db()
    assert job.status == "failed" and Observation.objects.count() == before


# As INSEE writes a table: Windows-1252, `;`, a title line, names with typographic apostrophes
# and dashes, spelled otherwise than the initiative's territories.
INSEE_NAMES = lines(
    "Population estimée au 1er janvier — séries par région",
    "Indicateur;Période;Territoire;Valeur",
    "imp-served;2025;Grand Est;5 568 711",  # the territory is "Grand-Est"
    "imp-served;2025;Provence-Alpes-Côte d\u2019Azur;5 198 011",  # stored with a plain '
    "imp-served;2025;Nord\u2013Pas-de-Calais\u2013Picardie;5 983 823",  # an alias, en dashes
).encode("cp1252")


def test_a_value_file_finds_territories_by_other_spellings_and_aliases(setting):
    initiative = setting.initiative
    regions = {
        code: Territory.objects.create(initiative=initiative, code=code, name_fr=name)
        for code, name in (
            ("fr-ges", "Grand-Est"),
            ("fr-pac", "Provence-Alpes-Côte d'Azur"),
            ("fr-hdf", "Hauts-de-France"),
        )
    }
    TerritoryAlias.objects.create(territory=regions["fr-hdf"], name="Nord-Pas-de-Calais-Picardie")
    job = run_import(setting, "insee.csv", INSEE_NAMES)
    assert job.status == "done", job.problems
    found = dict(
        Observation.objects.filter(indicator=setting.served).values_list("territory__code", "value")
    )
    assert found == {"fr-ges": 5568711, "fr-pac": 5198011, "fr-hdf": 5983823}
