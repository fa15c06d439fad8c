"""The communication plan's figures: planned against delivered per quarter, and the wheel of
engagement (sought, reached from the log, assessed in the latest closed engagement round)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from commun.communication.models import Audience, Communication, Level
from commun.communication.plan import planned_against_delivered, recent_quarters, wheel
from commun.initiatives.models import Initiative
from tests.assessments.factories import answered, people_of, scale_round


@pytest.fixture
def fresh(db):
    return Initiative.objects.create(slug="com", name_fr="Table de communication")


def audience(initiative, name, level, frequency="monthly", group=""):
    return Audience.objects.create(
        initiative=initiative,
        kind="partners",
        name_fr=name,
        level_sought=level,
        frequency=frequency,
        engagement_group=group,
    )


def logged(initiative, day, level, *audiences, channel="newsletter"):
    item = Communication.objects.create(
        initiative=initiative, sent_on=day, channel=channel, level=level, title_fr="x"
    )
    item.audiences.set(audiences)
    return item


def test_recent_quarters_end_with_the_current_one():
    assert recent_quarters(date(2026, 2, 10), 4) == ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]


def test_planned_against_delivered_counts_each_audience_per_quarter(fresh):
    partners = audience(fresh, "Partenaires", Level.COLLABORATE, "monthly")
    funders = audience(fresh, "Bailleurs", Level.CONSULT, "half_yearly")
    logged(fresh, date(2026, 1, 5), 1, partners)
    logged(fresh, date(2026, 2, 5), 1, partners, funders)
    logged(fresh, date(2025, 11, 5), 1, partners)
    logged(fresh, date(2024, 11, 5), 1, partners)  # too old for the four quarters shown
    rows = {
        row.audience.name_fr: row for row in planned_against_delivered(fresh, 4, date(2026, 3, 1))
    }
    assert [(q.period, q.planned, q.delivered) for q in rows["Partenaires"].quarters] == [
        ("2025-Q2", 3, 0),
        ("2025-Q3", 3, 0),
        ("2025-Q4", 3, 1),
        ("2026-Q1", 3, 2),
    ]
    assert [q.delivered for q in rows["Bailleurs"].quarters] == [0, 0, 0, 1]
    assert rows["Bailleurs"].quarters[-1].planned == 0.5
    # Behind: the last finished quarter (2025-Q4) delivered 1 of 3.
    assert rows["Partenaires"].behind


def test_the_wheel_reads_the_highest_level_practised_over_the_last_year(fresh):
    today = timezone.localdate()
    residents = audience(fresh, "Résidents", Level.INVOLVE)
    media = audience(fresh, "Médias", Level.INFORM)
    logged(fresh, today - timedelta(days=30), Level.CONSULT, residents)
    logged(fresh, today - timedelta(days=400), Level.COLLABORATE, residents)  # over a year ago
    logged(fresh, today - timedelta(days=3), Level.INFORM, media)
    rows = {row.audience.name_fr: row for row in wheel(fresh)}
    assert rows["Résidents"].reached == Level.CONSULT
    assert rows["Résidents"].below
    assert rows["Médias"].reached == Level.INFORM
    assert not rows["Médias"].below
    silent = audience(fresh, "Élus", Level.CONSULT)
    assert {row.audience.pk: row.below for row in wheel(fresh)}[silent.pk]


def test_the_wheel_reads_where_partners_say_the_initiative_stands(initiative):
    group = "residents"
    target = audience(initiative, "Résidents (test)", Level.COLLABORATE, group=group)
    people = people_of(initiative, 2)
    the_round = scale_round(initiative, "engagement", people=people)
    respondents = list(the_round.respondents.order_by("pk"))
    answered(the_round, respondents[0], {"residents-now": 2, "residents-wanted": 4})
    answered(the_round, respondents[1], {"residents-now": 3, "residents-wanted": 5})
    the_round.closed_at = timezone.now()
    the_round.save()
    row = next(row for row in wheel(initiative) if row.audience == target)
    assert row.assessed == pytest.approx(2.5)
    assert row.wanted == pytest.approx(4.5)
    light = next(row for row in wheel(initiative, assessed=False) if row.audience == target)
    assert light.assessed is None
