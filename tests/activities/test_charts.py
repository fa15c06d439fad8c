"""The network of activities: readable labels, arrows for directed junctions, the table."""

import pytest
from django.urls import reverse
from django.utils import translation

from commun.activities.charts import NARROW, WIDE, network_drawing
from commun.activities.models import Junction
from commun.map_labels import overlapping_labels
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def network_page(user, initiative, language="fr"):
    user.language = language
    user.save(update_fields=["language"])
    response = client_for(user).get(reverse("activities:network", args=[initiative.slug]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("size", [WIDE, NARROW])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_label_of_the_demo_network_covers_another_or_a_dot(people, initiative, size, language):
    context = network_page(people["observer"], initiative, language).context
    activities = [row.activity for row in context["chart"].rows]
    junctions = context["junctions"]
    with translation.override(language):
        drawing = network_drawing(activities, junctions, size)
    assert len(drawing.labels) == len(activities) >= 15
    assert overlapping_labels(drawing.labels) == []
    for label in drawing.labels.values():
        assert label.box.inside(*size)
        for dot in drawing.dots.values():
            assert not label.box.meets_circle(dot.x, dot.y, dot.radius + dot.clearance)


def test_referrals_and_shared_data_have_an_arrow_and_co_delivery_none(people, initiative):
    context = network_page(people["observer"], initiative).context
    junctions = context["junctions"]
    directed = [j for j in junctions if j.kind != Junction.Kind.CO_DELIVERS]
    assert directed and len(directed) < len(junctions)  # the demo has both kinds
    for spec in (context["chart"].wide, context["chart"].narrow):
        data = {item["name"]: item["values"] for item in spec["data"]}
        assert len(data["links"]) == len(junctions)
        assert len(data["arrows"]) == len(directed)


def test_the_table_gives_each_activity_its_partners_and_junctions_both_ways(people, initiative):
    response = network_page(people["observer"], initiative, "en")
    rows = {row.activity.pk: row for row in response.context["chart"].rows}
    referral = next(j for j in response.context["junctions"] if j.kind == Junction.Kind.REFERS)
    assert ("refers participants to", referral.target) in [
        (str(phrase), other) for phrase, other in rows[referral.source_id].links
    ]
    assert ("receives participants from", referral.source) in [
        (str(phrase), other) for phrase, other in rows[referral.target_id].links
    ]
    html = response.content.decode()
    assert "Activity by activity" in html
    for row in rows.values():
        assert row.activity.name_en in html.replace("&#x27;", "'")  # the full name, not cut


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_page_says_how_to_read_the_map_with_a_mouse_or_a_finger(people, initiative, language):
    html = network_page(people["partner_editor"], initiative, language).content.decode().lower()
    assert "hover" not in html and "survol" not in html
    assert ("tap" in html) if language == "en" else ("touchez" in html)
