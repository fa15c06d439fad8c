"""Values given for one disaggregation alone (a margin) or for the total, beside or instead of
crossed cells: accepted by the grid, files and the API, and kept over the sum of their cells
(`aggregation.py`'s rules), on SQLite and PostgreSQL alike."""

import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from commun.initiatives.models import Membership
from commun.measurement import tasks
from commun.measurement.aggregation import rebuild
from commun.measurement.figures import main_territory
from commun.measurement.models import (
    Aggregate,
    Category,
    Dimension,
    ImportJob,
    Indicator,
    Observation,
)
from commun.measurement.tokens import create_token
from tests.helpers import client_for
from tests.measurement.factories import indicator, observe, territory_tree


@pytest.fixture
def places(initiative):
    return territory_tree(initiative)


@pytest.fixture
def by_sex_and_age(initiative):
    """Sex first, then age band, in the indicator's order; two categories each."""
    sex = Dimension.objects.create(
        initiative=initiative, code="sexe", name_fr="Sexe", name_en="Sex", position=1
    )
    age = Dimension.objects.create(
        initiative=initiative, code="ages", name_fr="Âge", name_en="Age", position=2
    )
    for dimension, codes in ((sex, ("f", "m")), (age, ("y", "o"))):
        for code in codes:
            Category.objects.create(dimension=dimension, code=code, name_fr=f"{code}-fr")
    Category.objects.filter(dimension=sex, code="f").update(name_fr="Femmes", name_en="Women")
    Category.objects.filter(dimension=sex, code="m").update(name_fr="Hommes", name_en="Men")
    Category.objects.filter(dimension=age, code="y").update(name_fr="Jeunes", name_en="Young")
    Category.objects.filter(dimension=age, code="o").update(name_fr="Aînés", name_en="Older")

    def make(code, aggregation="sum", **extra):
        made = indicator(initiative, code, aggregation, **extra)
        made.dimensions.add(sex, age)
        return made

    return make


def figures(indicator, territory, scope="approved", period="2025") -> dict:
    return dict(
        Aggregate.objects.filter(
            indicator=indicator, territory=territory, scope=scope, period=period
        ).values_list("breakdown", "value")
    )


def cells(indicator, territory, values: dict, **extra):
    for key, value in values.items():
        observe(indicator, territory, value, breakdown=key, **extra)


CROSSED = {"ages=y;sexe=f": 3, "ages=o;sexe=f": 4, "ages=y;sexe=m": 5, "ages=o;sexe=m": 6}


def test_a_given_margin_wins_over_its_cells_and_the_total_adds_that_disaggregations_margins(
    by_sex_and_age, places
):
    served = by_sex_and_age("served-margins")
    cells(served, places["a"], CROSSED)
    observe(served, places["a"], 10, breakdown="sexe=f")  # the women counted apart: 10, not 7
    rebuild(served, ["2025"])
    assert figures(served, places["a"]) == {
        "sexe=f": 10,  # given
        "sexe=m": 11,  # from its cells
        "ages=y": 8,  # from the cells: no age margin given
        "ages=o": 10,
        "": 21,  # the sex margins as shown, 10 + 11
    }


def test_a_given_total_wins_over_margins_and_cells(by_sex_and_age, places):
    served = by_sex_and_age("served-total")
    cells(served, places["a"], CROSSED)
    observe(served, places["a"], 10, breakdown="sexe=f")
    observe(served, places["a"], 50, breakdown="")
    rebuild(served, ["2025"])
    got = figures(served, places["a"])
    assert (got[""], got["sexe=f"], got["sexe=m"]) == (50, 10, 11)


def test_the_total_comes_through_the_first_disaggregation_with_a_margin_given(
    by_sex_and_age, places
):
    served = by_sex_and_age("served-route")
    cells(served, places["a"], CROSSED)
    observe(served, places["a"], 20, breakdown="ages=y")
    observe(served, places["a"], 30, breakdown="ages=o")
    rebuild(served, ["2025"])
    # No sex margin given: the total is the age margins given, not the cells' 18.
    assert figures(served, places["a"]) == {
        "ages=y": 20,
        "ages=o": 30,
        "sexe=f": 7,
        "sexe=m": 11,
        "": 50,
    }
    # A sex margin given too: sex comes first in the indicator's order; men from their cells.
    observe(served, places["a"], 9, breakdown="sexe=f")
    rebuild(served, ["2025"])
    assert figures(served, places["a"])[""] == 9 + 11


def test_margins_or_a_total_alone_roll_up_with_no_cell_at_all(by_sex_and_age, places):
    served = by_sex_and_age("served-alone")
    observe(served, places["a"], 4, breakdown="sexe=f")
    observe(served, places["a"], 6, breakdown="sexe=m")
    observe(served, places["b"], 15, breakdown="")
    rebuild(served, ["2025"])
    assert figures(served, places["a"]) == {"sexe=f": 4, "sexe=m": 6, "": 10}
    assert figures(served, places["north"]) == {"sexe=f": 4, "sexe=m": 6, "": 25}


def test_territories_apply_after_the_cells_within_each_territory(by_sex_and_age, places):
    served = by_sex_and_age("served-places")
    cells(served, places["a"], CROSSED)
    observe(served, places["a"], 10, breakdown="sexe=f")
    cells(served, places["b"], {"ages=y;sexe=f": 1, "ages=y;sexe=m": 2})
    observe(served, places["north"], 100, breakdown="")  # the district's own total
    observe(served, places["c"], 7, breakdown="")
    rebuild(served, ["2025"])
    north = figures(served, places["north"])
    # The district's own total wins over its parts'; its margins, not given, come from them.
    assert (north[""], north["sexe=f"], north["sexe=m"], north["ages=y"]) == (100, 11, 13, 11)
    assert figures(served, places["city"])[""] == 107
    assert figures(served, places["city"])["sexe=f"] == 11  # only the north gives sexes


def test_a_mean_counts_the_values_chosen(by_sex_and_age, places):
    rate = by_sex_and_age("rate-margins", "mean", unit=Indicator.Unit.PERCENT)
    cells(rate, places["a"], {"ages=y;sexe=f": 10, "ages=o;sexe=f": 20})
    cells(rate, places["a"], {"ages=y;sexe=m": 30, "ages=o;sexe=m": 50})
    observe(rate, places["a"], 40, breakdown="sexe=f")
    rebuild(rate, ["2025"])
    got = figures(rate, places["a"])
    assert (got["sexe=f"], got["sexe=m"], got["ages=y"]) == (40, 40, 20)
    assert got[""] == Decimal(40 + 30 + 50) / 3  # women's given value, men's two cells


def test_the_latest_value_is_the_given_one_even_if_cells_came_after(by_sex_and_age, places):
    stock = by_sex_and_age("stock-margins", "latest")
    observe(stock, places["a"], 70, breakdown="sexe=f")
    cells(stock, places["a"], {"ages=y;sexe=f": 3, "ages=o;sexe=f": 4})
    rebuild(stock, ["2025"])
    got = figures(stock, places["a"])
    assert (got["sexe=f"], got[""]) == (70, 70)
    assert got["ages=o"] == 4  # the cell entered last


def test_each_scope_chooses_among_its_own_values(by_sex_and_age, places):
    served = by_sex_and_age("served-scopes")
    cells(served, places["a"], CROSSED)
    observe(served, places["a"], 99, breakdown="", status="submitted")
    rebuild(served, ["2025"])
    assert figures(served, places["a"], "approved")[""] == 18  # the total not approved yet
    assert figures(served, places["a"], "all")[""] == 99


def test_an_indicator_with_one_disaggregation_takes_a_given_total(initiative, places):
    sex = Dimension.objects.create(initiative=initiative, code="sexe", name_fr="Sexe")
    for code in ("f", "m"):
        Category.objects.create(dimension=sex, code=code, name_fr=code)
    served = indicator(initiative, "served-one", "sum")
    served.dimensions.add(sex)
    cells(served, places["a"], {"sexe=f": 3, "sexe=m": 4})
    observe(served, places["a"], 12, breakdown="")
    rebuild(served, ["2025"])
    assert figures(served, places["a"]) == {"sexe=f": 3, "sexe=m": 4, "": 12}


# Through the ways values come in: a file, the API, the grid; the indicator page.


@pytest.fixture
def reported(initiative, people, by_sex_and_age):
    partner = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    served = by_sex_and_age("servis")
    served.name_fr, served.name_en = "Personnes servies", "People served"
    served.save()
    served.reporting_partners.add(partner)
    return {"partner": partner, "served": served}


def import_file(initiative, people, partner, name, data: bytes) -> ImportJob:
    job = ImportJob.objects.create(
        initiative=initiative,
        created_by=people["partner_editor"],
        partner=partner,
        filename=name,
        data=data,
    )
    tasks.import_job(job.pk)
    job.refresh_from_db()
    return job


def stored(served) -> dict:
    return dict(Observation.objects.filter(indicator=served).values_list("breakdown", "value"))


def test_a_file_by_sex_only_with_a_total_row_is_imported_as_margins_and_total(
    initiative, people, places, reported
):
    # As a spreadsheet saves it for Windows: cp1252, ";", decimal commas, a title line, an age
    # column left empty or saying "Tous âges", a "Total" row for both sexes.
    data = (
        "Personnes servies par sexe, 2025\r\n"
        "Indicateur;Période;Territoire;Sexe;Âge;Valeur\r\n"
        "servis;2025;t-a;Femmes;;1 204,0\r\n"
        "servis;2025;t-a;Hommes;Tous âges;987\r\n"
        "servis;2025;t-a;Total;;2 300\r\n"
    ).encode("cp1252")
    job = import_file(initiative, people, reported["partner"], "par-sexe.csv", data)
    assert job.status == ImportJob.Status.DONE, job.problems
    served = reported["served"]
    assert stored(served) == {"sexe=f": 1204, "sexe=m": 987, "": 2300}
    # The total given (2 300, with people whose sex was not recorded) wins over 1 204 + 987.
    assert figures(served, places["a"], "all") == {"sexe=f": 1204, "sexe=m": 987, "": 2300}


def test_a_file_naming_an_unknown_category_is_refused_whole(initiative, people, places, reported):
    data = (
        "Indicateur;Période;Territoire;Sexe;Âge;Valeur\r\n"
        "servis;2025;t-a;Femmes;;12\r\n"
        "servis;2025;t-a;Autres;;3\r\n"
    ).encode("cp1252")
    job = import_file(initiative, people, reported["partner"], "par-sexe.csv", data)
    assert job.status != ImportJob.Status.DONE
    assert any("Autres" in message for _where, message in job.problems)
    assert not Observation.objects.filter(indicator=reported["served"]).exists()


def post(key, observations):
    return Client().post(
        "/api/v1/observations",
        data=json.dumps({"observations": observations}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_api_takes_a_margin_and_a_total_and_refuses_an_unknown_disaggregation(
    initiative, people, places, reported
):
    _token, key = create_token(initiative, reported["partner"], "tests", people["partner_editor"])
    base = {"indicator": "servis", "period": "2025", "territory": "t-a"}
    refused = post(key, [{**base, "value": 5, "breakdown": {"sex": "f"}}])
    assert refused.status_code == 422
    assert refused.json()["problems"] == [
        {"where": "observation 1", "message": "“sex” is not a disaggregation of People served."}
    ]
    refused = post(key, [{**base, "value": 5, "breakdown": {"sexe": "x"}}])
    assert refused.status_code == 422
    assert not Observation.objects.filter(indicator=reported["served"]).exists()

    response = post(
        key,
        [
            {**base, "value": 5, "breakdown": {"sexe": "f"}},
            {**base, "value": 8, "breakdown": {}},
            {**base, "value": 1, "breakdown": {"sexe": "m", "ages": "y"}},
        ],
    )
    assert response.status_code == 200, response.content
    assert stored(reported["served"]) == {"sexe=f": 5, "": 8, "ages=y;sexe=m": 1}
    got = figures(reported["served"], places["a"], "all")
    assert (got[""], got["sexe=f"], got["sexe=m"], got["ages=y"]) == (8, 5, 1, 1)


def test_the_grid_offers_the_margins_and_the_total(initiative, people, places, reported):
    url = reverse("measurement:entry", args=[initiative.slug]) + (
        f"?period=2025&territory={places['a'].pk}"
    )
    editor = client_for(people["partner_editor"])
    page = editor.get(url).content.decode()
    labels = re.findall(r'<td data-label="Ventilation">([^<]+)</td>', page)
    # The served indicator's four crossed cells, then its margins, then its total.
    first = labels.index("Femmes · Aînés")
    assert labels[first + 4 : first + 9] == ["Femmes", "Hommes", "Aînés", "Jeunes", "Total"]
    response = editor.post(url, {f"v{first + 8}": "42", "submit": "1"})
    assert response.status_code == 302
    assert stored(reported["served"]) == {"": 42}


def test_the_indicator_page_shows_a_given_margin(initiative, people, reported):
    served, region = reported["served"], main_territory(initiative)
    cells(served, region, CROSSED)
    observe(served, region, 10, breakdown="sexe=f")
    rebuild(served, ["2025"])
    observer = client_for(people["observer"])
    page = observer.get(reverse("measurement:indicator", args=[initiative.slug, served.code]))
    items = dict(re.findall(r"<li>([^<]+) — <strong>([^<]+)</strong>", page.content.decode()))
    assert (items["Femmes"], items["Hommes"], items["Jeunes"]) == ("10", "11", "8")
