"""Finding which column of a file says what: the header row below title and note lines, each
column by its name in French or English, disaggregations by their names."""

import pytest
from django.utils import translation

from commun.measurement.columns import dimension_headers, find_header, recognise
from commun.measurement.reading import UnreadableFile, read_table
from tests.measurement import test_imports

setting = test_imports.setting  # the fixture: a partner editor's organization and indicators
CORPUS = test_imports.CORPUS


def test_the_header_row_and_the_columns_of_each_file_are_found(setting):
    seen = {}
    for case, (name, data, _expected) in CORPUS.items():
        table = read_table(name, data)
        seen[case] = find_header(table, dimension_headers(setting.initiative))
    seen = {case: (header, sorted(mapping)) for case, (header, mapping) in seen.items()}
    assert seen["utf8-bom-semicolon-french-numbers"] == (
        3,
        ["comment", "indicator", "period", "territory", "value"],
    )
    assert seen["windows-1252-tab-english-headers"][0] == 0
    assert seen["comma-quoted-values"][0] == 1
    assert seen["disaggregated-by-code-or-name-french"][1] == [
        "dim:gender",
        "dim:imp-age",
        "indicator",
        "period",
        "territory",
        "value",
    ]
    assert seen["disaggregated-english-headers"][1] == [
        "comment",
        "dim:gender",
        "dim:imp-age",
        "indicator",
        "period",
        "territory",
        "value",
    ]


def test_a_french_reader_is_told_in_french_that_the_file_cannot_be_read(setting):
    messages = {}
    for language in ("en", "fr"):
        with translation.override(language), pytest.raises(UnreadableFile) as unreadable:
            find_header(read_table("vide.csv", b""), {})
        messages[language] = str(unreadable.value)
    assert messages["en"].startswith("No header row was found")
    assert messages["fr"] != messages["en"]
    assert "indicateur" in messages["fr"]


STATCAN_EN = [
    "REF_DATE",
    "GEO",
    "DGUID",
    "Labour force characteristics",
    "Sex",
    "Age group",
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
]
STATCAN_FR = [
    "PÉRIODE DE RÉFÉRENCE",
    "GÉO",
    "DGUID",
    "Caractéristiques de la population active",
    "Sexe",
    "Groupe d'âge",
    "UNITÉ DE MESURE",
    "IDENTIFICATEUR D'UNITÉ DE MESURE",
    "FACTEUR SCALAIRE",
    "IDENTIFICATEUR SCALAIRE",
    "VECTEUR",
    "COORDONNÉES",
    "VALEUR",
    "STATUT",
    "SYMBOLE",
    "TERMINÉ",
    "DÉCIMALES",
]


@pytest.mark.parametrize("header", [STATCAN_EN, STATCAN_FR])
def test_a_statcan_header_is_recognised_in_english_and_french(header):
    mapping = recognise(header, {"sex": "sex", "sexe": "sex"})
    assert mapping == {
        "period": 0,
        "territory:name": 1,
        "territory": 2,  # the DGUID, a code, wins over the name
        "dim:sex": 4,
        "indicator": 3,  # the first member column that names no disaggregation
        "scale:name": 8,
        "scale": 9,
        "value": 12,
        "flag": 13,
    }


def test_a_plain_status_column_is_not_read_as_a_quality_flag():
    """Commun's reporting sheet has a "Status" column: the review's, not a statistics agency's."""
    assert "flag" not in recognise(["Indicator", "Period", "Territory", "Value", "Status"], {})
