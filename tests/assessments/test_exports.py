"""A round's CSV opened in a French or an English spreadsheet: names, codes beside, numbers."""

import csv
import io

import pytest
from django.utils import translation

from commun.assessments.exports import write_results_csv
from commun.assessments.models import Respondent
from commun.assessments.results import round_results
from tests.assessments.factories import answered, people_of, scale_round


@pytest.mark.parametrize(
    ("language", "delimiter", "section", "series", "mean"),
    [
        (
            "fr",
            ";",
            "Les résident·e·s et les personnes ayant une expérience vécue",
            "Aujourd'hui",
            "2,33",
        ),
        ("en", ",", "Residents and people with lived experience", "Today", "2.33"),
    ],
)
def test_the_results_csv_names_sections_questions_and_series_with_their_codes_beside(
    initiative, language, delimiter, section, series, mean
):
    asked = people_of(initiative, 3)
    the_round = scale_round(initiative, "engagement", people=asked)
    for membership, value in zip(asked, (2, 2, 3), strict=True):
        respondent = Respondent.objects.get(round=the_round, user=membership.user)
        answered(the_round, respondent, {"residents-now": value, "residents-wanted": 5})
    out = io.StringIO()
    with translation.override(language):
        write_results_csv(out, round_results(the_round))
    text = out.getvalue()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))
    header = rows[0]
    question = next(row for row in rows if row[3] == "residents-now")
    assert question[:2] == [section, "residents"]
    assert question[header.index({"fr": "Série", "en": "Series"}[language])] == series
    assert question[header.index({"fr": "Moyenne", "en": "Mean"}[language])] == mean
    assert all(len(row) == len(header) for row in rows)
