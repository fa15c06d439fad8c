"""The CSV of an indicator's figures, opened in a French or an English spreadsheet."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from commun.initiatives.models import Membership
from commun.measurement.aggregation import rebuild
from commun.measurement.models import Indicator, Territory
from tests.helpers import client_for
from tests.measurement.factories import gender, indicator, observe, territory_tree

HEADERS = {
    "fr": [
        "Indicateur",
        "Code de l'indicateur",
        "Période",
        "Code de la période",
        "Territoire",
        "Code du territoire",
        "Ventilation",
        "Code de la ventilation",
        "Valeur",
        "Nombre de valeurs",
        "Qualité ou valeur manquante",
    ],
    "en": [
        "Indicator",
        "Indicator code",
        "Period",
        "Period code",
        "Territory",
        "Territory code",
        "Breakdown",
        "Breakdown code",
        "Value",
        "Values counted",
        "Quality or missing value",
    ],
}


@pytest.fixture
def rent(initiative, people):
    """A quarterly percentage with one decimal, by gender, on the city and a place whose name
    starts like a formula."""
    places = territory_tree(initiative)
    odd = Territory.objects.create(
        initiative=initiative, code="t-odd", name_fr="=Îlot 4", parent=places["city"]
    )
    partner = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    share = indicator(
        initiative,
        "ex-loyer",
        "mean",
        unit=Indicator.Unit.PERCENT,
        decimals=1,
        frequency="quarter",
        name_fr="Loyer > 30 % du revenu",
        name_en="Rent > 30% of income",
    )
    share.dimensions.add(gender(initiative))
    observe(share, places["a"], Decimal("28.44"), partner, "gender=f", period="2026-Q3")
    observe(share, odd, Decimal("1234.5"), partner, "gender=m", period="2026-Q3")
    rebuild(share, ["2026-Q3"])
    return share


def download(user, language, share):
    user.language = language
    user.save(update_fields=["language"])
    response = client_for(user).get(
        reverse("measurement:indicator_csv", args=[share.initiative.slug, share.code])
    )
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";" if language == "fr" else ","))


@pytest.mark.parametrize(
    ("language", "period", "name", "women", "value"),
    [
        ("fr", "T3 2026", "Loyer > 30 % du revenu", "Femmes", "28,4"),
        ("en", "Q3 2026", "Rent > 30% of income", "Women", "28.4"),
    ],
)
def test_the_figures_csv_names_things_for_the_reader_with_each_code_beside(
    people, rent, language, period, name, women, value
):
    rows = download(people["observer"], language, rent)
    assert rows[0] == HEADERS[language]
    women_in_a = [
        name,
        "ex-loyer",
        period,
        "2026-Q3",
        "A",
        "t-a",
        women,
        "gender=f",
        value,
        "1",
        "",
    ]
    assert women_in_a in rows
    assert all(len(row) == len(HEADERS[language]) for row in rows)


def test_a_name_that_looks_like_a_formula_is_written_as_text(people, rent):
    rows = download(people["observer"], "fr", rent)
    odd = [row for row in rows if row[5] == "t-odd"]
    assert odd and {row[4] for row in odd} == {"'=Îlot 4"}
    assert {row[8] for row in odd} == {"1234,5"}  # a number, not a text: no apostrophe
