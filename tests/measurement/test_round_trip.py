"""An indicator's own CSV, downloaded in French or English, imported back: nothing changes.

The file holds figures (territories adding up their parts, totals and margins adding up their
cells, several partners in one cell), names beside codes, a territory whose name starts like a
formula (written behind an apostrophe), periods written `T3 2026`, breakdowns in words."""

import csv
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError
from django.urls import reverse

from commun.initiatives.models import Membership
from commun.measurement.aggregation import rebuild
from commun.measurement.columns import dimension_headers, find_header
from commun.measurement.models import (
    Category,
    Dimension,
    ImportJob,
    Indicator,
    Observation,
    ObservationChange,
    Territory,
)
from commun.measurement.parsing import parse
from commun.measurement.reading import read_table
from tests.helpers import client_for
from tests.measurement.factories import gender, indicator, observe, territory_tree
from tests.measurement.test_import_command import run

pytestmark = pytest.mark.django_db

PERIODS = ("2026-Q2", "2026-Q3")


@pytest.fixture
def measured(initiative, people):
    """Meals served (a count) and a share of households (a percentage with one decimal), each
    by gender and age band, quarterly, on four places and the city: the backbone's own values,
    and a partner's in one cell the backbone also fills."""
    places = territory_tree(initiative)
    odd = Territory.objects.create(
        initiative=initiative,
        code="t-odd",
        name_fr="=Îlot 4",
        name_en="=Block 4",
        parent=places["north"],
    )
    sex = gender(initiative)
    age = Dimension.objects.create(
        initiative=initiative, code="rt-age", name_fr="Tranche d'âge", name_en="Age band"
    )
    Category.objects.create(dimension=age, code="0-17", name_fr="Enfants", name_en="Children")
    Category.objects.create(dimension=age, code="18-plus", name_fr="Adultes", name_en="Adults")
    meals = indicator(
        initiative,
        "rt-meals",
        "sum",
        frequency="quarter",
        name_fr="Repas servis",
        name_en="Meals served",
    )
    share = indicator(
        initiative,
        "rt-share",
        "mean",
        unit=Indicator.Unit.PERCENT,
        decimals=1,
        frequency="quarter",
        name_fr="Ménages aidés",
        name_en="Households helped",
    )
    partner = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    cells = [f"gender={g};rt-age={a}" for g in ("f", "m") for a in ("0-17", "18-plus")]
    meals.dimensions.add(sex, age)
    share.dimensions.add(sex, age)
    for number, (place, period, cell) in enumerate(
        (place, period, cell)
        for place in (places["a"], places["b"], places["c"], odd)
        for period in PERIODS
        for cell in cells
    ):
        observe(meals, place, 100 + 7 * number, None, cell, period=period)
        observe(share, place, Decimal("20.44") + number % 5, None, cell, period=period)
    observe(meals, places["a"], 5, partner, cells[0], period=PERIODS[0])
    observe(share, places["a"], Decimal("31.27"), partner, cells[0], period=PERIODS[0])
    for measure in (meals, share):
        rebuild(measure, PERIODS)
    return {"meals": meals, "share": share, "places": places}


def download(user, language, measure) -> bytes:
    user.language = language
    user.save(update_fields=["language"])
    response = client_for(user).get(
        reverse("measurement:indicator_csv", args=[measure.initiative.slug, measure.code])
        + "?scope=all"
    )
    assert response.status_code == 200
    return response.content


def stored():
    return {
        (o.pk, o.value, o.status, o.comment, o.breakdown, o.period, o.territory_id)
        for o in Observation.objects.filter(indicator__code__in=["rt-meals", "rt-share"])
    }


def import_command(path, user, initiative, *options):
    """(what `commun import` printed, what it printed as errors, its exit status), for `user`
    in their language."""
    sender = SimpleNamespace(initiative=initiative, editor=user)
    try:
        out, err = run(path, sender, *options, language=user.language)
    except CommandError:
        return "", run.err, 1
    return out, err, 0


def figures_of(data: bytes, language: str):
    """The export's rows: (indicator code, period code, territory code, breakdown code, value)."""
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if language == "fr" else ","))[1:]
    return {(row[1], row[3], row[5], row[7], Decimal(row[8].replace(",", "."))) for row in rows}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("code", ["rt-meals", "rt-share"])
def test_an_indicators_csv_is_read_back_as_it_was_written(people, measured, language, code):
    measure = measured[code.removeprefix("rt-")]
    staff = people["backbone_staff"]
    data = download(staff, language, measure)
    table = read_table(f"{code}.csv", data)
    header, mapping = find_header(table, dimension_headers(measure.initiative))
    parsed = parse(table, header, mapping, initiative=measure.initiative, partner=None, staff=True)
    assert parsed.problems == []
    read = {
        (row.indicator.code, batch.period, row.territory.code, row.breakdown, row.value)
        for batch in parsed.batches
        for row in batch.rows
    }
    assert read == figures_of(data, language)
    assert len(read) == parsed.rows == len(table.rows) - 1
    assert {"t-odd", "t-city", "t-north"} <= {territory for _i, _p, territory, _b, _v in read}
    assert {"", "gender=f", "rt-age=0-17", "gender=f;rt-age=0-17"} <= {b for *_, b, _v in read}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("code", ["rt-meals", "rt-share"])
@pytest.mark.parametrize("codes", ["with codes", "names only", "saved again as Windows-1252"])
def test_an_indicators_csv_imports_back_unchanged(
    people, measured, language, code, codes, tmp_path
):
    measure = measured[code.removeprefix("rt-")]
    staff = people["backbone_staff"]
    data = download(staff, language, measure)
    rows = len(data.decode("utf-8-sig").strip().splitlines()) - 1
    if codes == "names only":  # the code columns taken out: names, "T3 2026", words
        delimiter = ";" if language == "fr" else ","
        table = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter).writerows(
            [cell for number, cell in enumerate(row) if number not in (1, 3, 5, 7)] for row in table
        )
        data = out.getvalue().encode("utf-8-sig")
        assert "'=Îlot 4" in out.getvalue() or "'=Block 4" in out.getvalue()
    if codes == "saved again as Windows-1252":  # as a spreadsheet saves a CSV: no BOM
        data = data.decode("utf-8-sig").encode("cp1252")
    path = tmp_path / f"{code}.csv"
    path.write_bytes(data)
    before, history = stored(), ObservationChange.objects.count()
    out, err, _status = import_command(path, staff, measure.initiative, "--dry-run")
    assert err == ""
    counts = {
        "fr": f"0 nouvelles, 0 modifiées, {rows} inchangées",
        "en": f"0 new, 0 changed, {rows} unchanged",
    }[language]
    assert out.startswith(counts)
    assert import_command(path, staff, measure.initiative) == (counts, "", 0)
    assert stored() == before
    assert ObservationChange.objects.count() == history


def test_the_import_page_says_the_csv_changes_nothing(people, measured):
    staff = people["backbone_staff"]
    measure = measured["meals"]
    data = download(staff, "fr", measure)
    client = client_for(staff)
    slug = measure.initiative.slug
    client.post(
        reverse("measurement:import", args=[slug]),
        {"file": SimpleUploadedFile("rt-meals.csv", data)},
    )
    job = ImportJob.objects.filter(created_by=staff).latest("pk")
    preview = client.get(reverse("measurement:import_preview", args=[slug, job.pk]))
    rows = len(data.decode("utf-8-sig").strip().splitlines()) - 1
    html = preview.content.decode()
    assert "Toutes les lignes sont correctes." in html
    assert f"{rows} lignes donnent des chiffres que Commun montre déjà" in html
    before = stored()
    client.post(reverse("measurement:import_run", args=[slug, job.pk]))
    job.refresh_from_db()
    assert (job.status, job.created, job.changed, job.unchanged) == ("done", 0, 0, rows)
    assert stored() == before


def test_a_figure_changed_in_the_csv_is_sent_as_a_value(people, measured, tmp_path):
    """One cell edited in the spreadsheet: that row alone is a value, checked as any (here an
    approved value of the backbone's: a revision); the rest is unchanged."""
    staff = people["backbone_staff"]
    measure = measured["meals"]
    data = download(staff, "fr", measure).decode("utf-8-sig")
    staff.language = "en"
    staff.save(update_fields=["language"])
    lines = data.strip().split("\r\n")
    edited = next(
        number
        for number, line in enumerate(lines)
        if ";t-b;" in line and '"gender=m;rt-age=0-17"' in line and ";2026-Q3;" in line
    )
    cells = lines[edited].split(";")
    revised_value = int(cells[-3]) + 3  # before the values counted and the quality
    lines[edited] = ";".join([*cells[:-3], str(revised_value), *cells[-2:]])
    path = tmp_path / "edited.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    out, err, status = import_command(path, staff, measure.initiative)
    assert status == 1
    assert err.splitlines() == [
        f"line {edited + 1}: This value is already approved and locked; backbone staff can "
        "reopen it, or import the file again as a revision of approved values, with a reason."
    ]
    out, err, status = import_command(
        path, staff, measure.initiative, "--revise", "Révision de mars"
    )
    assert (out, status) == (f"0 new, 1 changed, {len(lines) - 2} unchanged", 0)
    revised = Observation.objects.get(
        indicator=measure, territory__code="t-b", period="2026-Q3", breakdown="gender=m;rt-age=0-17"
    )
    assert (revised.value, revised.status) == (revised_value, "approved")
