"""The reader chooses the territory the dashboard and an indicator page show; by default the widest
one with figures, so a national series stored at the top of the tree is seen."""

import csv
import io
import json
import re
from html import unescape
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from commun.initiatives.models import Membership
from commun.measurement.aggregation import rebuild
from commun.measurement.chart_images import chart_png
from commun.measurement.figures import main_territory
from commun.measurement.models import Aggregate, Indicator, Target, Territory
from commun.measurement.territory_choice import territory_choice, tree_order
from tests.helpers import READERS, client_for
from tests.measurement.factories import indicator, observe, territory_tree


@pytest.fixture
def places(initiative):
    """city → north (a, b) and south (c, d), a second root made after the demo's own territory,
    and Canada, a third root where a statistics agency's national series is stored."""
    tree = territory_tree(initiative)
    tree["city"].name_en = "City"
    tree["city"].save()
    tree["canada"] = Territory.objects.create(
        initiative=initiative, code="ca", name_fr="Canada", name_en="Canada"
    )
    return tree


@pytest.fixture
def served(initiative, people, places):
    """ "served", reported by the partner editor's organization in a and c, 2024 and 2025."""
    mine = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    found = indicator(initiative, "served", "sum", name_en="People served")
    found.reporting_partners.add(mine)
    for period, a, c in (("2024", 10, 20), ("2025", 12, 30)):
        observe(found, places["a"], a, mine, period=period)
        observe(found, places["c"], c, mine, period=period)
    rebuild(found, ["2024", "2025"])
    return found


@pytest.fixture
def national(initiative, places):
    """A population series from a statistics agency: values for Canada only."""
    found = indicator(
        initiative,
        "population",
        "latest",
        name_en="Population",
        kind=Indicator.Kind.POPULATION,
        question="",
    )
    for period, value in (("2024", 41_288_599), ("2025", 41_651_653)):
        observe(found, places["canada"], value, period=period)
    rebuild(found, ["2024", "2025"])
    return found


def page(user, url, language="fr"):
    client = client_for(user)
    client.cookies["django_language"] = language
    if user is not None and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return client.get(url)


def text(response) -> str:
    assert response.status_code == 200
    return unescape(response.content.decode()).replace("\u202f", " ").replace("\xa0", " ")


def heading(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)


def options(html: str) -> list[tuple[str, str, bool]]:
    """The chooser's options: (code, label, selected)."""
    select = re.search(r'<select id="territory" name="territory">(.*?)</select>', html, re.S)
    return [
        (code, label, bool(selected))
        for code, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select.group(1)
        )
    ]


def indicator_url(initiative, code, query="", name="measurement:indicator"):
    return reverse(name, args=[initiative.slug, code]) + query


def overview_url(initiative, query=""):
    return reverse("measurement:overview", args=[initiative.slug]) + query


# The default: the widest territory with figures.


def test_an_indicator_page_shows_by_default_the_widest_territory_with_its_figures(
    people, initiative, served
):
    """The demo's own territory has no figure of "served": the page shows the city, where the
    values of a and c add up, not an empty chart of the initiative's main territory."""
    html = text(page(people["observer"], indicator_url(initiative, "served")))
    assert heading(html).startswith("Indicateur served — Ville")
    assert "Tendance — Ville" in html
    assert "42" in html  # 12 + 30, 2025
    assert [code for code, _label, _selected in options(html)] == [
        "t-city",
        "t-north",
        "t-a",
        "t-south",
        "t-c",
    ]


def test_the_main_territory_stays_the_default_while_it_has_figures(initiative, served, places):
    main = main_territory(initiative)
    observe(served, main, 500, period="2025")
    rebuild(served, ["2025"])
    choice = territory_choice(initiative, [served], Aggregate.Scope.APPROVED)
    assert choice.default() == main  # as wide as the city (both at the top), made first


def test_a_national_series_is_shown_where_it_was_stored(people, initiative, national):
    html = text(page(people["partner_member"], indicator_url(initiative, "population")))
    assert heading(html).startswith("Indicateur population — Canada")
    assert "41 651 653" in html
    # Only Canada has figures: there is nothing to choose.
    assert '<select id="territory"' not in html


def test_a_national_series_above_the_main_territory_is_the_dashboards_default(
    people, initiative, national, places
):
    main = main_territory(initiative)
    main.parent = places["canada"]
    main.save()  # the statistics agency's Canada over the initiative's territory
    html = text(page(people["observer"], overview_url(initiative)))
    assert heading(html) == "Système d'évaluation commun — Canada"
    assert "41 651 653" in html
    found = options(html)
    assert found[0] == ("ca", "Canada", True)
    assert (main.code, "\u2003" + main.name_fr, False) in found  # one step in


def test_a_national_series_beside_the_main_territory_is_one_choice_away(
    people, initiative, national
):
    observer = people["observer"]
    default = text(page(observer, overview_url(initiative)))
    assert heading(default) == f"Système d'évaluation commun — {main_territory(initiative).name_fr}"
    assert "41 651 653" not in default
    assert ("ca", "Canada", False) in options(default)
    chosen = text(page(observer, overview_url(initiative, "?territory=ca")))
    assert heading(chosen) == "Système d'évaluation commun — Canada"
    assert "41 651 653" in chosen
    assert ("ca", "Canada", True) in options(chosen)


# The choice, in the URL and in every link of the page.


def test_the_territory_is_chosen_in_the_url_and_kept_by_the_pages_links(people, initiative, served):
    staff = people["backbone_staff"]
    html = text(page(staff, indicator_url(initiative, "served", "?territory=t-a")))
    assert heading(html).startswith("Indicateur served — A")
    assert "Tendance — A" in html
    assert 'aria-label="Tendance de l\'indicateur « Indicateur served » — A"' in html
    assert ("t-a", "\u2003\u2003A", True) in options(html)
    assert "/data.csv?territory=t-a" in html and "/chart.png?territory=t-a" in html
    assert "?scope=all&territory=t-a" in html  # the scope switch keeps it
    assert f'href="{overview_url(initiative)}?territory=t-a"' in html  # and the way back
    with_all = text(page(staff, indicator_url(initiative, "served", "?scope=all&territory=t-a")))
    assert "/data.csv?scope=all&territory=t-a" in with_all
    assert '<input type="hidden" name="scope" value="all">' in with_all
    # The dashboard's cards lead to the indicator page of the same territory.
    overview = text(page(staff, overview_url(initiative, "?territory=t-north")))
    assert "/indicators/served/?territory=t-north" in overview
    assert "?scope=all&territory=t-north" in overview


def test_a_page_shown_by_default_keeps_its_links_plain(people, initiative, served):
    html = text(page(people["backbone_staff"], indicator_url(initiative, "served")))
    assert 'href="?scope=all"' in html
    assert "/data.csv?" not in html and "/chart.png?" not in html


def test_the_dashboard_shows_each_indicators_figure_for_the_chosen_territory(
    people, initiative, served
):
    observer = people["observer"]
    north = text(page(observer, overview_url(initiative, "?territory=t-north")))
    assert heading(north) == "Système d'évaluation commun — Nord"
    assert "12" in north.split("/indicators/served/")[1].split("</li>")[0]
    south = text(page(observer, overview_url(initiative, "?territory=t-south")))
    assert "30" in south.split("/indicators/served/")[1].split("</li>")[0]


def test_the_chart_image_and_the_csv_follow_the_territory(people, initiative, served):
    observer = people["observer"]
    url = indicator_url(initiative, "served", "?territory=t-south", "measurement:indicator_png")
    with (
        translation.override("en"),
        mock.patch("commun.measurement.chart_images.chart_png", wraps=chart_png) as drawn,
    ):
        image = page(observer, url, language="en")
    assert image["Content-Type"] == "image/png" and image.content[:4] == b"\x89PNG"
    assert 'filename="served-t-south.png"' in image["Content-Disposition"]
    spec = drawn.call_args.kwargs.get("spec") or drawn.call_args.args[0]
    assert spec["title"]["text"] == "People served" and spec["title"]["subtitle"] == "Sud"
    assert spec["description"] == "Trend of People served — Sud"
    drawn_values = {row["shown"] for layer in spec["layer"] for row in layer["data"]["values"]}
    assert {"20", "30"} <= drawn_values and "42" not in drawn_values

    table = page(
        observer,
        indicator_url(initiative, "served", "?territory=t-south", "measurement:indicator_csv"),
    )
    rows = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig")), delimiter=";"))
    assert {row[5] for row in rows[1:]} == {"t-south", "t-c"}  # the south and its parts


def test_targets_and_the_baseline_are_drawn_on_the_main_territory_only(people, initiative, served):
    """They are set for the initiative's territory: a district's chart does not measure itself
    against the whole city's target."""
    Target.objects.create(indicator=served, period="2026", value=100)
    served.baseline_value, served.baseline_period = 5, "2024"
    served.save()
    main = main_territory(initiative)
    observe(served, main, 40, period="2025")
    rebuild(served, ["2025"])
    observer = people["observer"]
    on_main = text(page(observer, indicator_url(initiative, "served")))
    assert {"Cible", "Niveau de référence"} <= chart_of(on_main)
    assert "Les cibles et le niveau de référence" not in on_main
    html = text(page(observer, indicator_url(initiative, "served", "?territory=t-north")))
    assert (
        f"Les cibles et le niveau de référence sont fixés pour {main.name_fr} : "
        "son graphique les montre." in html
    )
    assert chart_of(html) == {"Valeurs observées"}
    cards = text(page(observer, overview_url(initiative, "?territory=t-north")))
    assert "Cible pour" not in cards.split("/indicators/served/")[1].split("</li>")[0]
    cards = text(page(observer, overview_url(initiative)))
    assert "Cible pour 2026 : 100" in cards.split("/indicators/served/")[1].split("</li>")[0]


def chart_of(html: str) -> set[str]:
    """The series the indicator page's chart draws (observed, target, baseline…)."""
    found = re.search(r'<script id="trend-spec" type="application/json">(.*?)</script>', html, re.S)
    spec = json.loads(found.group(1))
    return {row["series"] for layer in spec["layer"] for row in layer["data"].get("values", [])}


# Territories that do not exist here, and who sees what.


@pytest.mark.parametrize("name", ["overview", "indicator", "indicator_png", "indicator_csv"])
def test_a_territory_code_unknown_here_is_not_found(
    name, people, initiative, other_initiative, served
):
    elsewhere = Territory.objects.filter(initiative=other_initiative).exclude(
        code__in=Territory.objects.filter(initiative=initiative).values("code")
    )
    Territory.objects.create(initiative=other_initiative, code="ailleurs", name_fr="Ailleurs")
    for code in ["nulle-part", "ailleurs", *elsewhere.values_list("code", flat=True)[:1]]:
        if name == "overview":
            url = overview_url(initiative, f"?territory={code}")
        else:
            url = indicator_url(initiative, "served", f"?territory={code}", f"measurement:{name}")
        assert page(people["backbone_staff"], url).status_code == 404


@pytest.mark.parametrize("role", READERS)
def test_every_reader_chooses_the_territory(role, people, initiative, served):
    html = text(page(people[role], overview_url(initiative, "?territory=t-south")))
    assert heading(html) == "Système d'évaluation commun — Sud"
    assert ("t-south", "\u2003Sud", True) in options(html)
    html = text(page(people[role], indicator_url(initiative, "served", "?territory=t-south")))
    assert "Tendance — Sud" in html


@pytest.mark.parametrize("role", ["other_initiative_admin", "anonymous"])
def test_outsiders_see_no_territory_of_the_initiative(role, people, initiative, served):
    for url in (
        overview_url(initiative, "?territory=t-south"),
        indicator_url(initiative, "served", "?territory=t-south"),
    ):
        response = page(people[role], url)
        assert response.status_code in (302, 403, 404)
        assert b"Sud" not in response.content


def test_members_are_offered_no_territory_only_a_hidden_indicator_has(
    people, initiative, served, places
):
    hidden = indicator(initiative, "internal", "sum", visibility=Indicator.Visibility.BACKBONE)
    observe(hidden, places["b"], 7)
    rebuild(hidden, ["2025"])
    staff = options(text(page(people["backbone_staff"], overview_url(initiative))))
    member = options(text(page(people["partner_member"], overview_url(initiative))))
    assert "t-b" in [code for code, _l, _s in staff]
    assert "t-b" not in [code for code, _l, _s in member]
    # Asked by its code, the territory is shown without the hidden indicator's figure.
    html = text(page(people["partner_member"], overview_url(initiative, "?territory=t-b")))
    assert (
        heading(html) == "Système d'évaluation commun — B" and "/indicators/internal/" not in html
    )


# The list itself: tree order, the reader's dictionary, one query.


def test_the_list_is_in_tree_order_with_siblings_as_the_readers_dictionary_sorts_them(
    initiative,
):
    root = Territory.objects.create(initiative=initiative, code="r", name_fr="Région")
    made = {
        code: Territory.objects.create(
            initiative=initiative, code=code, name_fr=fr, name_en=en, parent=root
        )
        for code, fr, en in (
            ("z", "Zèbre", "Zebra"),
            ("e2", "Écully", "Ecully"),
            ("o", "Œuvre", "Zoo"),
            ("e1", "Eaubonne", "Eaubonne"),
        )
    }
    Territory.objects.create(initiative=initiative, code="e1x", name_fr="Aval", parent=made["e1"])
    territories = list(Territory.objects.filter(path__startswith=root.path))
    with translation.override("fr"):
        assert [t.code for t in tree_order(territories)] == ["r", "e1", "e1x", "e2", "o", "z"]
    with translation.override("en"):  # Zebra before Zoo
        assert [t.code for t in tree_order(territories)] == ["r", "e1", "e1x", "e2", "z", "o"]


def test_the_list_costs_one_query_and_the_default_page_no_more_than_before(
    people, initiative, served
):
    from django.core.cache import cache

    observer = people["observer"]
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        text(page(observer, overview_url(initiative)))
    read = [q["sql"] for q in queries if "measurement_territory" in q["sql"]]
    assert len(read) == 1
    cold_default = len(queries)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        text(page(observer, overview_url(initiative, "?territory=t-a")))
    assert len(queries) <= cold_default
    with CaptureQueriesContext(connection) as queries:
        text(page(observer, overview_url(initiative, "?territory=t-a")))
    assert not [q for q in queries if "measurement_territory" in q["sql"]]


# The public page: published indicators only.


def test_the_public_page_offers_the_territories_of_published_figures(
    client, initiative, served, national, places
):
    national.visibility = Indicator.Visibility.PUBLIC
    national.save()
    url = reverse("framework:public", args=[initiative.slug])
    html = text(client.get(url))
    codes = [code for code, _label, _selected in options(html)]
    assert "ca" in codes
    assert "t-south" not in codes  # only "served" has figures there, and it is not published
    chosen = text(client.get(url + "?territory=ca"))
    assert "Où nous en sommes — Canada" in chosen and "41 651 653" in chosen
    assert client.get(url + "?territory=nulle-part").status_code == 404
    # Asked by its code, a territory shows no figure of an unpublished indicator.
    south = text(client.get(url + "?territory=t-south"))
    assert "Indicateur served" not in south
