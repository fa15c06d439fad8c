"""The review queue as backbone staff meet it: nothing chosen in advance, select all or none,
filters by partner, indicator and period, and the previous period's value beside each value."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from commun.initiatives.models import Membership, Partner
from commun.measurement.models import Observation
from commun.measurement.review_queue import waiting_values, with_previous_values
from tests.helpers import client_for
from tests.measurement.factories import indicator, observe, territory_tree


@pytest.fixture
def queue(initiative, people):
    """Two partners' values for "served" and "fed", 2024 approved and 2025 submitted."""
    places = territory_tree(initiative)
    mine = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    other = Partner.objects.filter(initiative=initiative).exclude(pk=mine.pk).first()
    served = indicator(initiative, "served", "sum", decimals=1)
    fed = indicator(initiative, "fed", "sum", decimals=1)
    for partner, base in ((mine, 100), (other, 200)):
        for item in (served, fed):
            observe(item, places["a"], Decimal(base) + Decimal("0.5"), partner, period="2024")
            observe(item, places["a"], Decimal(base) + 7, partner, status="submitted")
    return {"places": places, "mine": mine, "other": other, "served": served, "fed": fed}


def review_url(initiative, **query):
    url = reverse("measurement:review", args=[initiative.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def shown_ids(html):
    return set(re.findall(r'name="observation" value="(\d+)"', html))


def checked_ids(html):
    return set(re.findall(r'name="observation" value="(\d+)" id="obs-\d+" checked', html))


def test_no_value_is_chosen_until_staff_choose_and_select_all_chooses_every_one(
    people, initiative, queue
):
    staff = client_for(people["backbone_staff"])
    html = staff.get(review_url(initiative)).content.decode()
    waiting = set(
        str(pk)
        for pk in Observation.objects.filter(status="submitted").values_list("pk", flat=True)
    )
    assert shown_ids(html) == waiting and len(waiting) >= 4
    assert checked_ids(html) == set()
    assert "?select=all" in html
    selected = staff.get(review_url(initiative, select="all")).content.decode()
    assert checked_ids(selected) == waiting


def test_approving_the_chosen_values_leaves_the_others_waiting_and_unchosen(
    people, initiative, queue
):
    staff = client_for(people["backbone_staff"])
    one = Observation.objects.get(indicator=queue["served"], partner=queue["mine"], period="2025")
    response = staff.post(
        review_url(initiative, select="all"), {"observation": [one.pk], "approve": "1"}
    )
    assert response.status_code == 302 and "select" not in response["Location"]
    one.refresh_from_db()
    assert one.status == "approved"
    ours = Observation.objects.filter(indicator__in=[queue["served"], queue["fed"]])
    assert ours.filter(status="submitted").count() == 3
    # Returning without a reason changes nothing and keeps the person's choice on the page.
    other = Observation.objects.get(indicator=queue["fed"], partner=queue["other"], period="2025")
    page = staff.post(review_url(initiative), {"observation": [other.pk], "return": "1"})
    assert checked_ids(page.content.decode()) == {str(other.pk)}
    other.refresh_from_db()
    assert other.status == "submitted"


def test_staff_filter_the_queue_by_partner_indicator_and_period(people, initiative, queue):
    staff = client_for(people["backbone_staff"])
    mine, served = queue["mine"], queue["served"]
    html = staff.get(
        review_url(initiative, partner=mine.pk, indicator=served.pk, period="2025")
    ).content.decode()
    expected = Observation.objects.get(indicator=served, partner=mine, status="submitted")
    assert shown_ids(html) == {str(expected.pk)}
    by_partner = staff.get(review_url(initiative, partner=queue["other"].pk)).content.decode()
    assert shown_ids(by_partner) == {
        str(pk)
        for pk in Observation.objects.filter(
            partner=queue["other"], status="submitted"
        ).values_list("pk", flat=True)
    }
    assert not shown_ids(staff.get(review_url(initiative, period="2023")).content.decode())
    approved = staff.get(
        review_url(initiative, status="approved", indicator=served.pk, period="2024")
    ).content.decode()
    assert len(shown_ids(approved)) == 2


def test_a_period_that_cannot_be_read_is_refused_in_french_and_filters_nothing(
    people, initiative, queue
):
    user = people["backbone_staff"]
    user.language = "fr"
    user.save(update_fields=["language"])
    html = client_for(user).get(review_url(initiative, period="bientôt")).content.decode()
    assert "« bientôt » n'est pas une période (p. ex. 2025, 2025-Q3 ou 2025-07)." in html.replace(
        "&#x27;", "'"
    )
    assert 'aria-invalid="true"' in html
    assert len(shown_ids(html)) == Observation.objects.filter(status="submitted").count()


def test_each_value_is_shown_beside_the_previous_periods(people, initiative, queue):
    html = (
        client_for(people["backbone_staff"])
        .get(review_url(initiative, partner=queue["mine"].pk, indicator=queue["served"].pk))
        .content.decode()
    )
    row = re.search(r"<tr>\s*<td><input type=\"checkbox\".*?</tr>", html, re.S).group(0)
    assert re.search(r"<strong>107[.,]0</strong>", row)
    assert re.search(r'data-label="[^"]+">100[.,]5</td>', row)


def test_the_previous_value_is_the_same_partners_and_cells_sent_value(initiative, queue):
    places, served, mine = queue["places"], queue["served"], queue["mine"]
    # A value in another territory, a draft and a returned one before it: none is "previous".
    observe(served, places["b"], 9, mine, status="submitted")
    observe(served, places["b"], 8, mine, status="returned", period="2024")
    fresh = indicator(initiative, "fresh", "sum")
    observe(fresh, places["a"], 5, mine, status="submitted")
    observe(fresh, places["a"], 4, mine, status="draft", period="2024")
    listed = [
        obs
        for obs in with_previous_values(list(waiting_values(initiative, "submitted", partner=mine)))
        if obs.indicator in (served, queue["fed"], fresh)
    ]
    previous = {(o.indicator.code, o.territory.code): o.previous for o in listed}
    assert previous == {
        ("served", "t-a"): Decimal("100.5"),
        ("fed", "t-a"): Decimal("100.5"),
        ("served", "t-b"): None,
        ("fresh", "t-a"): None,
    }


def test_the_filtered_queue_runs_the_same_queries_whatever_its_length(
    people, initiative, queue, django_assert_num_queries
):
    staff = client_for(people["backbone_staff"])
    url = review_url(initiative, partner=queue["mine"].pk, period="2025")
    staff.get(url)
    with django_assert_num_queries(QUERIES):
        few = staff.get(url).content.decode()
    places, mine = queue["places"], queue["mine"]
    for n in range(12):
        more = indicator(initiative, f"more-{n}", "sum")
        observe(more, places["b"], n, mine, period="2024")
        observe(more, places["b"], n + 1, mine, status="submitted")
    with django_assert_num_queries(QUERIES):
        many = staff.get(url).content.decode()
    assert len(shown_ids(many)) == len(shown_ids(few)) + 12


QUERIES = 12
