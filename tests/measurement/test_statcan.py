"""A Statistics Canada full-table CSV, as the agency ships it (UTF-8 with a BOM, CRLF, every field
quoted, several indicators in one member column, a Sex column, "..", "x" and "F" for missing
values, E flags, values in thousands), imported without editing from the page and `commun
import`; missing values recorded as missing, with their reason, and counted in no figure."""

from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from commun.initiatives.models import Membership, Partner
from commun.measurement.figures import main_territory
from commun.measurement.models import (
    Aggregate,
    Category,
    Dimension,
    ImportJob,
    Indicator,
    MissingValue,
    Observation,
    Territory,
    TerritoryAlias,
)
from commun.measurement.tokens import create_token
from commun.people.models import User
from tests.helpers import client_for
from tests.measurement.factories import indicator, observe
from tests.measurement.test_imports import upload

pytestmark = pytest.mark.django_db

HEADER = (
    "REF_DATE",
    "GEO",
    "DGUID",
    "Labour force characteristics",
    "Sex",
    "UOM",
    "UOM_ID",
    "SCALAR_FACTOR",
    "SCALAR_ID",
    "VECTOR",
    "COORDINATE",
    "VALUE",
    "STATUS",
    "SYMBOL",
    "TERMINATED",
    "DECIMALS",
)
PLACES = {  # GEO: DGUID, as the agency writes them
    "Canada": "2016A000011124",
    "Quebec": "2016A000224",
    "Ontario": "2016A000235",
    "Nova Scotia": "2016A000212",  # a DGUID Commun was not told: found by its name
}
SEXES = ("Both sexes", "Males", "Females")
# characteristic: (unit, UOM_ID, SCALAR_FACTOR, SCALAR_ID, the value in the file)
CHARACTERISTICS = {
    "Labour force": ("Persons", "249", "thousands", "3", "4567.8"),
    "Unemployment rate": ("Percent", "239", "units", "0", "5.4"),
    "Employment rate": ("Percent", "239", "units", "0", "61.2"),
}
# (REF_DATE, GEO, characteristic, sex): (VALUE, STATUS) where the agency has no plain value.
ODD = {
    ("2024-04", "Nova Scotia", "Unemployment rate", "Females"): ("", "x"),
    ("2024-04", "Nova Scotia", "Unemployment rate", "Males"): ("", "x"),
    ("2024-01", "Ontario", "Employment rate", "Both sexes"): ("", ".."),
    ("2024-04", "Quebec", "Labour force", "Males"): ("", "F"),
    ("2024-01", "Quebec", "Unemployment rate", "Females"): ("5.4", "E"),
    ("2024-04", "Quebec", "Unemployment rate", "Females"): ("5.4", "E"),
}


def statcan_csv(odd=ODD, quarters=("2024-01", "2024-04")) -> bytes:
    """The table as the agency ships it: a BOM, CRLF line ends, every field quoted."""
    lines = [HEADER]
    for number, (ref_date, geo, characteristic, sex) in enumerate(
        (q, g, c, s) for q in quarters for g in PLACES for c in CHARACTERISTICS for s in SEXES
    ):
        unit, unit_id, scale, scale_id, value = CHARACTERISTICS[characteristic]
        value, status = odd.get((ref_date, geo, characteristic, sex), (value, ""))
        lines.append(
            (
                ref_date,
                geo,
                PLACES[geo],
                characteristic,
                sex,
                unit,
                unit_id,
                scale,
                scale_id,
                f"v{2062810 + number % 27}",
                f"{list(PLACES).index(geo) + 1}.{list(CHARACTERISTICS).index(characteristic) + 1}"
                f".{SEXES.index(sex) + 1}",
                value,
                status,
                "",
                "",
                "1",
            )
        )
    text = "\r\n".join(",".join(f'"{cell}"' for cell in line) for line in lines) + "\r\n"
    return b"\xef\xbb\xbf" + text.encode("utf-8")


@pytest.fixture
def labour(initiative, people):
    """Canada (in the initiative's widest territory), with Ontario and an eastern region holding Quebec and Nova Scotia; Quebec known by
    its DGUID as another name, Canada and Ontario by their DGUIDs as codes; three quarterly
    indicators named as the agency names them in English, two broken down by sex."""
    canada = Territory.objects.create(  # within the initiative's widest, which pages show
        initiative=initiative,
        code=PLACES["Canada"],
        name_fr="Canada",
        parent=main_territory(initiative),
    )
    east = Territory.objects.create(
        initiative=initiative, code="est", name_fr="Est", name_en="East", parent=canada
    )
    quebec = Territory.objects.create(
        initiative=initiative, code="qc", name_fr="Québec", parent=east
    )
    TerritoryAlias.objects.create(initiative=initiative, territory=quebec, name=PLACES["Quebec"])
    ontario = Territory.objects.create(
        initiative=initiative, code=PLACES["Ontario"], name_fr="Ontario", parent=canada
    )
    scotia = Territory.objects.create(
        initiative=initiative,
        code="ns",
        name_fr="Nouvelle-Écosse",
        name_en="Nova Scotia",
        parent=east,
    )
    sex = Dimension.objects.create(initiative=initiative, code="sex", name_fr="Sexe", name_en="Sex")
    Category.objects.create(dimension=sex, code="f", name_fr="Femmes", name_en="Females")
    Category.objects.create(dimension=sex, code="m", name_fr="Hommes", name_en="Males")
    quarterly = {"frequency": "quarter", "decimals": 1}
    force = indicator(
        initiative,
        "lfs-force",
        "sum",
        name_fr="Population active",
        name_en="Labour force",
        **quarterly,
    )
    unemployment = indicator(
        initiative,
        "lfs-unemployment",
        "mean",
        unit=Indicator.Unit.PERCENT,
        name_fr="Taux de chômage",
        name_en="Unemployment rate",
        **quarterly,
    )
    employment = indicator(
        initiative,
        "lfs-employment",
        "mean",
        unit=Indicator.Unit.PERCENT,
        name_fr="Taux d'emploi",
        name_en="Employment rate",
        **quarterly,
    )
    partner = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    for measured in (force, unemployment, employment):
        measured.reporting_partners.add(partner)
    for measured in (force, unemployment):  # the employment rate: everyone's only
        measured.dimensions.add(sex)
    return SimpleNamespace(
        initiative=initiative,
        staff=people["backbone_staff"],
        editor=people["partner_editor"],
        partner=partner,
        places={"canada": canada, "east": east, "qc": quebec, "on": ontario, "ns": scotia},
        force=force,
        unemployment=unemployment,
        employment=employment,
    )


def values():
    """{(indicator, territory, period, breakdown): (value, quality, status)}."""
    return {
        (o.indicator.code, o.territory.code, o.period, o.breakdown): (o.value, o.quality, o.status)
        for o in Observation.objects.filter(indicator__code__startswith="lfs-").select_related(
            "indicator", "territory"
        )
    }


def missing():
    """{(indicator, territory, period, breakdown): (reason, symbol)}."""
    return {
        (m.indicator.code, m.territory.code, m.period, m.breakdown): (m.reason, m.symbol)
        for m in MissingValue.objects.select_related("indicator", "territory")
    }


def run(path, sender, *options, language="en"):
    User.objects.filter(pk=sender.pk).update(language=language)
    out, err = StringIO(), StringIO()
    try:
        call_command(
            "import",
            str(path),
            "--initiative",
            Membership.objects.filter(user=sender).first().initiative.slug,
            "--user",
            sender.email,
            *options,
            stdout=out,
            stderr=err,
        )
    finally:
        run.err = err.getvalue()
    return out.getvalue().strip().splitlines()


EXPECTED_MISSING = {
    ("lfs-unemployment", "ns", "2024-Q2", "sex=f"): ("confidential", "x"),
    ("lfs-unemployment", "ns", "2024-Q2", "sex=m"): ("confidential", "x"),
    ("lfs-employment", PLACES["Ontario"], "2024-Q1", ""): ("not_available", ".."),
    ("lfs-force", "qc", "2024-Q2", "sex=m"): ("unreliable", "F"),
}


def test_a_statcan_table_imports_from_the_page_as_downloaded(labour):
    client = client_for(labour.staff)
    User.objects.filter(pk=labour.staff.pk).update(language="en")
    slug = labour.initiative.slug
    response = upload(client, labour.initiative, "14100287.csv", statcan_csv())
    job = ImportJob.objects.get(filename="14100287.csv")
    html = client.get(response["Location"]).content.decode()
    assert "Every row is right." in html
    assert "16 rows skipped: they give categories of a disaggregation" in html
    assert "4 rows give no value, and why (x: 2, ..: 1, F: 1): they are recorded as missing" in html
    response = client.post(reverse("measurement:import_run", args=[slug, job.pk]))
    page = client.get(response["Location"]).content.decode()
    assert "56 new values, 0 changed, 0 unchanged." in page
    assert "totals row" not in page  # "Both sexes" is a total given, kept
    assert "4 missing values recorded (x: 2, ..: 1, F: 1)." in page

    stored = values()
    assert len(stored) == 52
    # In thousands in the file, in persons in Commun.
    assert stored[("lfs-force", "qc", "2024-Q1", "sex=f")] == (Decimal(4567800), "", "approved")
    # "Both sexes" is the total of an indicator of everyone; its parts are set aside.
    assert stored[("lfs-employment", "qc", "2024-Q1", "")][0] == Decimal("61.2")
    # For an indicator broken down by sex, it is the total the agency gives, kept as such: it
    # counts instead of the sum of its cells (which the agency rounds apart).
    assert stored[("lfs-force", "qc", "2024-Q1", "")][0] == Decimal(4567800)
    total = Aggregate.objects.get(
        indicator=labour.force,
        period="2024-Q1",
        territory=labour.places["qc"],
        breakdown="",
        scope="approved",
    )
    assert total.value == Decimal(4567800)  # not twice 4,567,800
    assert stored[("lfs-force", PLACES["Canada"], "2024-Q2", "sex=f")][0] == Decimal(4567800)
    assert stored[("lfs-unemployment", "qc", "2024-Q1", "sex=f")] == (
        Decimal("5.4"),
        "E",
        "approved",
    )
    assert stored[("lfs-unemployment", "ns", "2024-Q1", "sex=f")][:2] == (Decimal("5.4"), "")
    assert missing() == EXPECTED_MISSING
    assert not any(cell in stored for cell in EXPECTED_MISSING)


def test_missing_values_count_in_no_figure(labour):
    run_page_import(labour, statcan_csv())
    east = Aggregate.objects.get(
        indicator=labour.force,
        period="2024-Q2",
        territory=labour.places["east"],
        breakdown="sex=m",
        scope="approved",
    )
    # Quebec's men are "F" this quarter: the east's figure is Nova Scotia's alone.
    assert (east.count, east.value) == (1, Decimal(4567800))
    before = Aggregate.objects.get(
        indicator=labour.force,
        period="2024-Q1",
        territory=labour.places["east"],
        breakdown="sex=m",
        scope="approved",
    )
    assert (before.count, before.value) == (2, Decimal(2 * 4567800))
    assert not Aggregate.objects.filter(
        indicator=labour.unemployment,
        period="2024-Q2",
        territory=labour.places["ns"],
        breakdown="sex=f",
        count__gt=0,
    ).exists()


def run_page_import(labour, data, reason=""):
    client = client_for(labour.staff)
    upload(client, labour.initiative, "14100287.csv", data)
    job = ImportJob.objects.filter(filename="14100287.csv").order_by("-pk").first()
    slug = labour.initiative.slug
    client.get(reverse("measurement:import_preview", args=[slug, job.pk]))
    post = {"revise": "on", "reason": reason} if reason else {}
    client.post(reverse("measurement:import_run", args=[slug, job.pk]), post)
    job.refresh_from_db()
    return job


def test_the_command_imports_it_and_again_unchanged(labour, tmp_path):
    path = tmp_path / "14100287.csv"
    path.write_bytes(statcan_csv())
    assert run(path, labour.staff) == [
        "56 new, 0 changed, 0 unchanged",
        "4 missing values recorded (x: 2, ..: 1, F: 1).",
    ]
    stored, absent = values(), missing()
    at = set(MissingValue.objects.values_list("pk", "entered_at"))
    assert run(path, labour.staff, language="fr") == [
        "0 nouvelles, 0 modifiées, 56 inchangées",
        "4 valeurs manquantes enregistrées (x\u00a0: 2, ..\u00a0: 1, F\u00a0: 1).",
    ]
    assert (values(), missing()) == (stored, absent)
    assert set(MissingValue.objects.values_list("pk", "entered_at")) == at


def test_the_next_release_gives_a_value_where_one_was_missing_and_the_reverse(labour):
    run_page_import(labour, statcan_csv())
    release = dict(ODD)
    release[("2024-04", "Nova Scotia", "Unemployment rate", "Females")] = ("5.6", "E")
    release[("2024-01", "Quebec", "Labour force", "Females")] = ("", "x")
    refused = run_page_import(labour, statcan_csv(release))
    assert refused.status == "failed"  # an approved value is locked: nothing is written
    assert values()[("lfs-force", "qc", "2024-Q1", "sex=f")][0] == Decimal(4567800)
    assert ("lfs-unemployment", "ns", "2024-Q2", "sex=f") in missing()

    job = run_page_import(labour, statcan_csv(release), reason="Révision de janvier 2025")
    assert (job.status, job.created, job.changed) == ("done", 0, 2)
    stored = values()
    assert stored[("lfs-unemployment", "ns", "2024-Q2", "sex=f")] == (
        Decimal("5.6"),
        "E",
        "approved",
    )
    assert ("lfs-force", "qc", "2024-Q1", "sex=f") not in stored
    replaced = MissingValue.objects.get(
        indicator=labour.force, period="2024-Q1", territory=labour.places["qc"], breakdown="sex=f"
    )
    assert (replaced.reason, replaced.symbol, replaced.replaced_value, replaced.note) == (
        "confidential",
        "x",
        Decimal(4567800),
        "Révision de janvier 2025",
    )
    assert ("lfs-unemployment", "ns", "2024-Q2", "sex=f") not in missing()
    assert not Aggregate.objects.filter(
        indicator=labour.force,
        period="2024-Q1",
        territory=labour.places["qc"],
        breakdown="sex=f",
        count__gt=0,
    ).exists()


def test_french_open_data_markers_in_the_value_cell(labour):
    data = "\n".join(
        [
            "Indicateur;Période;Territoire;Sexe;Valeur",
            "lfs-unemployment;2024T1;qc;Femmes;nd",
            "lfs-unemployment;2024T1;qc;Hommes;s",
            "lfs-unemployment;2024T1;ns;Femmes;-",
            "lfs-unemployment;2024T1;ns;Hommes;n/a",
            "lfs-unemployment;2024T2;qc;Femmes;6,1",
        ]
    ).encode("cp1252")
    job = run_page_import(labour, data)
    assert (job.status, job.created, job.missing) == (
        "done",
        5,
        {"-": 1, "n/a": 1, "nd": 1, "s": 1},
    )
    assert missing() == {
        ("lfs-unemployment", "qc", "2024-Q1", "sex=f"): ("not_available", "nd"),
        ("lfs-unemployment", "qc", "2024-Q1", "sex=m"): ("confidential", "s"),
        ("lfs-unemployment", "ns", "2024-Q1", "sex=f"): ("not_applicable", "-"),
        ("lfs-unemployment", "ns", "2024-Q1", "sex=m"): ("not_applicable", "n/a"),
    }


def test_an_unknown_status_or_scale_is_refused_with_its_line(labour, tmp_path):
    data = statcan_csv({("2024-01", "Quebec", "Unemployment rate", "Males"): ("5.4", "Z")})
    data = data.replace(
        b'"Males","Persons","249","thousands","3"', b'"Males","Persons","249","thousands","5"', 1
    )
    path = tmp_path / "14100287.csv"
    path.write_bytes(data)
    with pytest.raises(CommandError):
        run(path, labour.staff)
    assert "line 3: “5” is not a scale Commun knows" in run.err
    assert "line 15: “Z” is not a status Commun knows" in run.err
    assert not values() and not missing()


def test_a_partners_missing_values_are_its_own_and_never_another_partners(labour):
    other = Partner.objects.filter(initiative=labour.initiative).exclude(pk=labour.partner.pk)[0]
    data = "\n".join(
        [
            "Indicateur;Période;Territoire;Sexe;Valeur;Partenaire",
            f"lfs-unemployment;2024T1;qc;Femmes;x;{other.name}",
        ]
    ).encode()
    client = client_for(labour.editor)
    upload(client, labour.initiative, "partenaire.csv", data)
    job = ImportJob.objects.get(filename="partenaire.csv")
    client.get(reverse("measurement:import_preview", args=[labour.initiative.slug, job.pk]))
    client.post(reverse("measurement:import_run", args=[labour.initiative.slug, job.pk]))
    job.refresh_from_db()
    assert job.status == "done"
    assert list(MissingValue.objects.values_list("partner", "symbol")) == [(labour.partner.pk, "x")]


def test_a_partner_cannot_record_a_missing_value_for_an_indicator_it_does_not_report(labour):
    labour.unemployment.reporting_partners.remove(labour.partner)
    data = b"Indicateur;P\xe9riode;Territoire;Sexe;Valeur\nlfs-unemployment;2024T1;qc;Femmes;x\n"
    client = client_for(labour.editor)
    upload(client, labour.initiative, "partenaire.csv", data)
    job = ImportJob.objects.get(filename="partenaire.csv")
    slug = labour.initiative.slug
    html = client.get(reverse("measurement:import_preview", args=[slug, job.pk])).content.decode()
    assert reverse("measurement:import_run", args=[slug, job.pk]) not in html
    client.post(reverse("measurement:import_run", args=[slug, job.pk]))
    assert not MissingValue.objects.exists()


def test_the_names_of_the_file_are_told_once_and_kept_in_the_profile(labour, tmp_path):
    """The agency calls an indicator otherwise than the initiative: the person says which it is
    on the mapping step, saves the way of reading as a profile, and the next release imports by
    the command without a word."""
    renamed = statcan_csv().replace(b'"Labour force"', b'"Population, labour force"')
    client = client_for(labour.staff)
    User.objects.filter(pk=labour.staff.pk).update(language="en")
    slug = labour.initiative.slug
    upload(client, labour.initiative, "14100287.csv", renamed)
    job = ImportJob.objects.get(filename="14100287.csv")
    preview_url = reverse("measurement:import_preview", args=[slug, job.pk])
    html = client.get(preview_url).content.decode()
    assert "“Population, labour force” is not an adopted indicator" in html
    assert 'name="name_given" value="Population, labour force"' in html
    html = client.get(
        preview_url,
        {"remap": "1", "name_given": "Population, labour force", "name_as": "lfs-force"},
    ).content.decode()
    assert "Every row is right." in html
    client.post(reverse("measurement:import_profile_save", args=[slug, job.pk]), {"name": "LFS"})
    client.post(reverse("measurement:import_run", args=[slug, job.pk]))
    assert values()[("lfs-force", "qc", "2024-Q1", "sex=f")][0] == Decimal(4567800)

    release = {("2024-07", "Quebec", "Labour force", "Females"): ("4600.1", "E")}
    path = tmp_path / "14100287-next.csv"
    path.write_bytes(
        statcan_csv(release, quarters=("2024-07",)).replace(
            b'"Labour force"', b'"Population, labour force"'
        )
    )
    assert run(path, labour.staff)[0] == "28 new, 0 changed, 0 unchanged"
    assert values()[("lfs-force", "qc", "2024-Q3", "sex=f")] == (
        Decimal(4600100),
        "E",
        "approved",
    )


def test_the_indicator_page_and_its_csv_show_flags_and_missing_values(labour):
    odd = {
        **ODD,
        ("2024-04", "Nova Scotia", "Employment rate", "Both sexes"): ("", "x"),
        ("2024-04", "Quebec", "Employment rate", "Both sexes"): ("61.0", "E"),
    }
    run_page_import(labour, statcan_csv(odd))
    User.objects.filter(pk=labour.staff.pk).update(language="en")
    client = client_for(labour.staff)
    slug = labour.initiative.slug
    html = client.get(reverse("measurement:indicator", args=[slug, "lfs-employment"])).content
    html = html.decode()
    assert "By territory, Q2 2024" in html
    assert '<span class="muted small">E (use with caution)</span>' in html
    assert 'Nova Scotia — <span class="muted">x (confidential)</span>' in html

    csv_url = reverse("measurement:indicator_csv", args=[slug, "lfs-employment"])
    lines = client.get(csv_url).content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith("Values counted,Quality or missing value")
    scotia = [line for line in lines if "Nova Scotia" in line and "2024-Q2" in line]
    assert scotia == [
        "Employment rate,lfs-employment,Q2 2024,2024-Q2,Nova Scotia,ns,Total,,,0,x (confidential)"
    ]
    quebec = [line for line in lines if ",qc," in line and "2024-Q2" in line]
    assert quebec == [
        "Employment rate,lfs-employment,Q2 2024,2024-Q2,Québec,qc,Total,,61.0,1,E (use with caution)"
    ]
    # The same file imported back changes nothing.
    job = run_page_import(labour, "\n".join(lines).encode())
    assert (job.status, job.created, job.changed) == ("done", 0, 0)


def test_the_entry_grid_shows_why_a_cell_is_missing_and_a_values_flag(labour):
    run_page_import(labour, statcan_csv())
    User.objects.filter(pk=labour.staff.pk).update(language="fr")
    page = client_for(labour.staff).get(
        reverse("measurement:entry", args=[labour.initiative.slug]),
        {"territory": labour.places["ns"].pk, "period": "2024-04"},
    )
    html = page.content.decode()
    assert html.count('<span class="muted">x (confidentiel)</span>') == 2
    page = client_for(labour.staff).get(
        reverse("measurement:entry", args=[labour.initiative.slug]),
        {"territory": labour.places["qc"].pk, "period": "2024-04"},
    )
    html = page.content.decode()
    assert '<span class="small">E (à utiliser avec prudence)</span>' in html
    assert '<span class="muted">F (trop peu fiable pour être publié)</span>' in html


def test_the_api_lists_a_periods_values_with_their_flags_and_the_missing_ones(labour):
    run_page_import(labour, statcan_csv())
    _token, key = create_token(labour.initiative, labour.partner, "lfs", labour.editor)
    url = "/api/v1/indicators/lfs-unemployment/observations"
    answer = Client().get(url, {"period": "2024-04"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 200
    cells = {(cell["territory"], cell["breakdown"]): cell for cell in answer.json()}
    assert len(cells) == 12  # the backbone's approved values (totals too) and missing ones
    assert cells[("qc", "sex=f")] == {
        "period": "2024-Q2",
        "territory": "qc",
        "breakdown": "sex=f",
        "partner": None,
        "value": "5.400000",
        "quality": "E",
        "status": "approved",
        "missing": None,
        "symbol": "",
    }
    assert cells[("ns", "sex=m")] | {"value": None} == {
        "period": "2024-Q2",
        "territory": "ns",
        "breakdown": "sex=m",
        "partner": None,
        "value": None,
        "quality": "",
        "status": None,
        "missing": "confidential",
        "symbol": "x",
    }
    other = Partner.objects.filter(initiative=labour.initiative).exclude(pk=labour.partner.pk)[0]
    observe(labour.unemployment, labour.places["qc"], 7, other, "sex=m", period="2024-Q2")
    answer = Client().get(url, {"period": "2024-Q2"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert len(answer.json()) == 12  # another partner's value is not the partner's to see
    assert Client().get(url, {"period": "2024-04"}).status_code == 401
    assert (
        Client().get(url, {"period": "2024-13"}, HTTP_AUTHORIZATION=f"Bearer {key}").status_code
        == 404
    )


@pytest.mark.parametrize(
    "who", ["anonymous", "observer", "partner_editor", "partner_member", "other_initiative_admin"]
)
def test_nobody_else_previews_or_runs_the_backbones_import(labour, people, who):
    upload(client_for(labour.staff), labour.initiative, "14100287.csv", statcan_csv())
    job = ImportJob.objects.get(filename="14100287.csv")
    client = client_for(people[who])
    slug = labour.initiative.slug
    for name in ("import_preview", "import_job"):
        assert client.get(reverse(f"measurement:{name}", args=[slug, job.pk])).status_code in (
            302,
            403,
            404,
        )
    assert client.post(reverse("measurement:import_run", args=[slug, job.pk])).status_code in (
        302,
        403,
        404,
    )
    job.refresh_from_db()
    assert job.status == "uploaded"
    assert not MissingValue.objects.exists() and not values()
