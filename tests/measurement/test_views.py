"""Shared measurement as its users meet it, role by role."""

import re
from decimal import Decimal
from html import unescape as html_unescape
from unittest import mock

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from commun.initiatives.models import Membership, Partner
from commun.measurement.chart_images import chart_png
from commun.measurement.figures import main_territory
from commun.measurement.models import Aggregate, Indicator, Observation, Target
from tests.browser_forms import forms_of
from tests.helpers import client_for
from tests.measurement.factories import indicator, observe, territory_tree


@pytest.fixture
def measured(initiative, people):
    """Two partners report "served"; the partner editor's organization is one of them."""
    places = territory_tree(initiative)
    mine = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    other = Partner.objects.filter(initiative=initiative).exclude(pk=mine.pk).first()
    served = indicator(initiative, "served", "sum")
    served.reporting_partners.add(mine, other)
    hidden = indicator(initiative, "internal", "sum", visibility=Indicator.Visibility.BACKBONE)
    draft = indicator(initiative, "draft", "sum", status=Indicator.Status.DRAFT)
    return {
        "places": places,
        "mine": mine,
        "other": other,
        "served": served,
        "hidden": hidden,
        "draft": draft,
    }


def entry_url(initiative, places, period="2025"):
    return reverse("measurement:entry", args=[initiative.slug]) + (
        f"?period={period}&territory={places['a'].pk}"
    )


def test_a_partner_editor_sends_its_values_and_staff_approve_them(people, initiative, measured):
    places, served = measured["places"], measured["served"]
    editor = client_for(people["partner_editor"])
    page = editor.get(entry_url(initiative, places))
    assert page.status_code == 200 and served.name_fr in page.content.decode()

    response = editor.post(entry_url(initiative, places), {"v0": "1 234", "c0": "", "submit": "1"})
    assert response.status_code == 302
    obs = Observation.objects.get(indicator=served)
    assert (obs.value, obs.status, obs.partner) == (1234, "submitted", measured["mine"])

    observer = client_for(people["observer"])
    overview = reverse("measurement:overview", args=[initiative.slug])
    assert "1234" not in observer.get(overview).content.decode().replace("\u202f", "").replace(
        " ", ""
    )

    staff = client_for(people["backbone_staff"])
    staff.post(
        reverse("measurement:review", args=[initiative.slug]),
        {"observation": [obs.pk], "approve": "1"},
    )
    obs.refresh_from_db()
    assert obs.status == "approved"
    assert (
        Aggregate.objects.get(
            indicator=served, territory=places["city"], scope="approved", breakdown=""
        ).value
        == 1234
    )


def test_a_value_that_is_not_a_number_is_refused_and_nothing_is_saved(people, initiative, measured):
    places = measured["places"]
    response = client_for(people["partner_editor"]).post(
        entry_url(initiative, places), {"v0": "douze", "submit": "1"}
    )
    assert response.status_code == 200
    assert "douze" in response.content.decode()
    assert not Observation.objects.filter(indicator=measured["served"]).exists()


def test_a_partner_never_sees_another_partners_unapproved_values(people, initiative, measured):
    places, served = measured["places"], measured["served"]
    # Values with a decimal part, so no record id in the page can be mistaken for them.
    served.decimals = 1
    served.save()
    observe(served, places["a"], Decimal("777.7"), measured["other"], status="submitted")
    observe(served, places["b"], Decimal("555.5"), measured["other"], status="draft")
    leaks = ("777,7", "777.7", "555,5", "555.5")
    page = client_for(people["partner_editor"]).get(entry_url(initiative, places))
    html = page.content.decode()
    assert not [leak for leak in leaks if leak in html]
    indicator_page = client_for(people["partner_editor"]).get(
        reverse("measurement:indicator", args=[initiative.slug, served.code]) + "?scope=all"
    )
    assert not [leak for leak in leaks if leak in indicator_page.content.decode()]
    # Staff, who review submitted values, do see the submitted one: the check can fail.
    review = client_for(people["backbone_staff"]).get(
        reverse("measurement:review", args=[initiative.slug])
    )
    assert [leak for leak in leaks[:2] if leak in review.content.decode()]


def test_members_do_not_see_draft_or_backbone_only_indicators(people, initiative, measured):
    for role in ("partner_member", "observer"):
        html = (
            client_for(people[role])
            .get(reverse("measurement:overview", args=[initiative.slug]))
            .content.decode()
        )
        assert measured["served"].name_fr in html
        assert measured["hidden"].name_fr not in html and measured["draft"].name_fr not in html
        assert (
            client_for(people[role])
            .get(reverse("measurement:indicator", args=[initiative.slug, "internal"]))
            .status_code
            == 404
        )
    staff_html = (
        client_for(people["backbone_staff"])
        .get(reverse("measurement:overview", args=[initiative.slug]))
        .content.decode()
    )
    assert measured["hidden"].name_fr in staff_html


def test_staff_enter_the_backbones_own_data_approved_at_once(people, initiative, measured):
    places = measured["places"]
    census = indicator(initiative, "census", "latest", unit=Indicator.Unit.PERCENT, decimals=1)
    response = client_for(people["backbone_staff"]).post(
        entry_url(initiative, places), {"v0": "27,5", "submit": "1"}
    )
    assert response.status_code == 302
    obs = Observation.objects.get(indicator=census)
    assert (obs.value, obs.status, obs.partner) == (Decimal("27.5"), "approved", None)


def test_an_indicator_with_a_ratio_needs_two_indicators(people, initiative, measured):
    response = client_for(people["backbone_staff"]).post(
        reverse("measurement:indicator_new", args=[initiative.slug]),
        {
            "code": "ratio",
            "name_fr": "Ratio",
            "kind": "population",
            "unit": "percent",
            "direction": "up",
            "aggregation": "ratio",
            "decimals": 1,
            "frequency": "year",
            "visibility": "partners",
            "status": "draft",
        },
    )
    assert response.status_code == 200
    assert not Indicator.objects.filter(initiative=initiative, code="ratio").exists()


def test_completeness_shows_what_is_late_and_partners_see_their_own_line(
    people, initiative, measured
):
    from datetime import date

    from commun.measurement.completeness import completeness

    places, served = measured["places"], measured["served"]
    observe(served, places["a"], 5, measured["mine"], period="2025", status="returned")
    table = completeness(initiative, date(2026, 3, 1))
    [(_indicator, periods, lines)] = [row for row in table if row[0] == served]
    assert periods == ["2022", "2023", "2024", "2025"]
    by_partner = {who: [cell.status for cell in cells] for who, cells in lines}
    assert by_partner[measured["mine"]] == ["late", "late", "late", "returned"]
    assert by_partner[measured["other"]] == ["late"] * 4

    html = (
        client_for(people["partner_member"])
        .get(reverse("measurement:completeness", args=[initiative.slug]))
        .content.decode()
    )
    assert measured["mine"].name_fr in html and measured["other"].name_fr not in html
    assert (
        client_for(people["observer"])
        .get(reverse("measurement:completeness", args=[initiative.slug]))
        .status_code
        == 403  # the page exists; an observer's role does not open it
    )


def test_the_data_behind_the_chart_downloads_as_csv(people, initiative, measured):
    from commun.measurement.aggregation import rebuild

    places, served = measured["places"], measured["served"]
    observe(served, places["a"], 12, measured["mine"])
    observe(served, places["b"], 30, measured["other"], status="submitted")
    rebuild(served, ["2025"])
    response = client_for(people["observer"]).get(
        reverse("measurement:indicator_csv", args=[initiative.slug, served.code]) + "?scope=all"
    )
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    lines = text.strip().splitlines()
    # approved only: the observer asked for all
    assert f"{served.name};served;2025;2025;Ville;t-city;Total;;12;1;" in lines
    assert not any(";30;" in line or line.endswith(";42;2;") for line in lines)


def test_crossed_breakdowns_show_on_the_indicator_page_and_in_its_csv(people, initiative, measured):
    from commun.measurement.aggregation import rebuild
    from commun.measurement.figures import main_territory

    served, region = measured["served"], main_territory(initiative)
    served.dimensions.set(initiative.dimensions.filter(code__in=["age", "gender"]))
    observe(served, region, 12, measured["mine"], "age=0-17;gender=f")
    observe(served, region, 30, measured["other"], "age=0-17;gender=f")
    observe(served, region, 5, measured["other"], "age=18-34;gender=f")
    rebuild(served, ["2025"])
    observer = client_for(people["observer"])
    page = observer.get(reverse("measurement:indicator", args=[initiative.slug, served.code]))
    html = page.content.decode()
    items = dict(re.findall(r"<li>([^<]+) — <strong>([^<]+)</strong>", html))
    # Each disaggregation on its own (stored margins), then their combinations (computed).
    assert items == {
        "0 à 17 ans": "42",
        "18 à 34 ans": "5",
        "Femmes": "47",
        "0 à 17 ans · Femmes": "42",
        "18 à 34 ans · Femmes": "5",
    }
    assert "<h3>Groupe d'âge \u00d7 Genre</h3>" in html.replace("&#x27;", "'")

    response = observer.get(
        reverse("measurement:indicator_csv", args=[initiative.slug, served.code])
    )
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    where = f"{served.name};served;2025;2025;{region.name};{region.code}"
    assert f'{where};0 à 17 ans · Femmes;"age=0-17;gender=f";42;2;' in lines
    assert f"{where};Total;;47;3;" in lines


def test_the_public_page_shows_published_indicators_only(client, initiative, measured):
    from commun.measurement.aggregation import rebuild

    places = measured["places"]
    public = indicator(initiative, "public-rate", "mean", visibility=Indicator.Visibility.PUBLIC)
    observe(public, places["city"], 27)
    observe(measured["served"], places["city"], 999, measured["mine"])
    rebuild(public, ["2025"])
    rebuild(measured["served"], ["2025"])
    html = client.get(reverse("framework:public", args=[initiative.slug])).content.decode()
    assert public.name_fr in html and "27" in html
    assert measured["served"].name_fr not in html and "999" not in html


def test_measurement_pages_run_the_same_number_of_queries_whatever_the_data(
    people, initiative, measured
):
    """The dashboard and an indicator page read precomputed figures: more data, same queries."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commun.measurement.aggregation import rebuild

    places, served = measured["places"], measured["served"]
    client = client_for(people["partner_member"])
    urls = [
        reverse("measurement:overview", args=[initiative.slug]),
        reverse("measurement:indicator", args=[initiative.slug, served.code]),
    ]

    def counts():
        result = []
        for url in urls:
            for cold in (True, False):  # what is cached (page_cache) read anew, then kept
                if cold:
                    cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(url).status_code == 200
                result.append(len(queries))
        return result

    observe(served, places["a"], 3, measured["mine"], period="2024")
    rebuild(served, ["2024"])
    few = counts()
    periods = [str(year) for year in range(1985, 2024)]
    for period in periods:
        for place in ("a", "b", "c", "d"):
            observe(served, places[place], 3, measured["mine"], period=period)
    rebuild(served, periods)
    assert counts() == few


def test_staff_reopen_an_approved_value_with_a_reason(people, initiative, measured):
    from commun.measurement.aggregation import rebuild

    places, served = measured["places"], measured["served"]
    obs = observe(served, places["a"], 40, measured["mine"], status="approved")
    rebuild(served, ["2025"])
    staff = client_for(people["backbone_staff"])
    url = reverse("measurement:review", args=[initiative.slug]) + "?status=approved&period=2025"
    assert f"obs-{obs.pk}" in staff.get(url).content.decode()
    staff.post(url, {"observation": [obs.pk], "return": "1", "reason": ""})
    obs.refresh_from_db()
    assert obs.status == "approved"  # no reason, nothing changes
    staff.post(url, {"observation": [obs.pk], "return": "1", "reason": "Double compte"})
    obs.refresh_from_db()
    assert (obs.status, obs.return_reason) == ("returned", "Double compte")
    assert not Aggregate.objects.filter(indicator=served, scope="approved").exists()


def test_each_card_measures_the_distance_to_the_next_target(initiative, measured):
    from commun.measurement.aggregation import rebuild
    from commun.measurement.headlines import headlines
    from commun.measurement.models import Target

    places, served = measured["places"], measured["served"]
    served.reporting_partners.clear()
    Target.objects.create(indicator=served, period="2023", value=50)
    Target.objects.create(indicator=served, period="2027", value=300)
    observe(served, places["a"], 120, period="2025")
    rebuild(served, ["2025"])
    [line] = headlines([served], places["city"], "approved")
    assert (line.target.period, line.gap) == ("2027", -180)


def test_a_percentage_can_be_entered_as_numerator_and_denominator_in_the_grid(
    people, initiative, measured
):
    places = measured["places"]
    share = indicator(initiative, "kept", "mean", unit=Indicator.Unit.PERCENT, decimals=1)
    share.reporting_partners.add(measured["mine"])
    editor = client_for(people["partner_editor"])
    page = editor.get(entry_url(initiative, places)).content.decode()
    index = next(
        i for i in range(50) if f'name="n{i}"' in page
    )  # the first percentage row offers numerator and denominator
    refused = editor.post(
        entry_url(initiative, places), {f"n{index}": "9", f"d{index}": "8", "submit": "1"}
    )
    assert refused.status_code == 200
    assert not Observation.objects.filter(indicator=share).exists()
    editor.post(entry_url(initiative, places), {f"n{index}": "3", f"d{index}": "4", "submit": "1"})
    obs = Observation.objects.get(indicator=share)
    assert (obs.value, obs.numerator, obs.denominator) == (75, 3, 4)


def test_the_trend_chart_is_also_an_image_for_reports(people, initiative, measured):
    from commun.measurement.aggregation import rebuild

    places, served = measured["places"], measured["served"]
    for year, value in (("2023", 10), ("2024", 12), ("2025", 15)):
        observe(served, places["a"], value, measured["mine"], period=year)
    rebuild(served, ["2023", "2024", "2025"])
    url = reverse("measurement:indicator_png", args=[initiative.slug, served.code])
    response = client_for(people["observer"]).get(url)
    assert response["Content-Type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n" and len(response.content) > 5000
    hidden = reverse("measurement:indicator_png", args=[initiative.slug, "internal"])
    assert client_for(people["observer"]).get(hidden).status_code == 404


def test_the_chart_image_is_drawn_again_only_when_the_chart_changes(people, initiative, measured):
    from commun.measurement.aggregation import rebuild

    served, place = measured["served"], main_territory(initiative)
    values = {
        year: observe(served, place, value, measured["mine"], period=year)
        for year, value in (("2023", 10), ("2024", 12), ("2025", 15))
    }
    rebuild(served, list(values))
    url = reverse("measurement:indicator_png", args=[initiative.slug, served.code])
    with mock.patch("commun.measurement.chart_images.chart_png", wraps=chart_png) as drawn:
        first = client_for(people["observer"]).get(url)
        assert client_for(people["partner_member"]).get(url).content == first.content
        assert drawn.call_count == 1

        Observation.objects.filter(pk=values["2025"].pk).update(value=30)
        rebuild(served, ["2025"])
        changed = client_for(people["observer"]).get(url)
        assert drawn.call_count == 2
        assert changed["Content-Type"] == "image/png" and changed.content != first.content


def grid_index(html, name):
    """The row number of the grid's cell whose label starts with `name`."""
    return int(re.search(rf'<label class="visually-hidden" for="id_v(\d+)">{name}', html).group(1))


def test_a_refused_value_is_marked_at_its_cell_and_what_was_typed_is_kept(
    people, initiative, measured
):
    places, served = measured["places"], measured["served"]
    kept = indicator(initiative, "kept", "sum")
    kept.reporting_partners.add(measured["mine"])
    editor = people["partner_editor"]
    editor.language = "fr"
    editor.save(update_fields=["language"])
    client = client_for(editor)
    html = client.get(entry_url(initiative, places)).content.decode()
    bad, good = grid_index(html, served.name_fr), grid_index(html, kept.name_fr)
    response = client.post(
        entry_url(initiative, places),
        {f"v{bad}": "-4", f"v{good}": "12", f"c{good}": "Nouveau", "submit": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    cell = re.search(rf'<input type="text" name="v{bad}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in cell and f'aria-describedby="id_v{bad}_error"' in cell
    assert 'value="-4"' in cell
    message = re.search(rf'<span class="errorlist" id="id_v{bad}_error">(.*?)</span></span>', html)
    assert message.group(1) == "<span>Cette valeur ne peut pas être négative."
    # The summary at the top names the cell as the person reads it, and leads to it.
    assert f'<a href="#id_v{bad}">{served.name_fr} — Total</a>' in html
    other = re.search(rf'<input type="text" name="v{good}"[^>]*>', html).group(0)
    assert 'value="12"' in other and "aria-invalid" not in other
    assert 'value="Nouveau"' in html
    assert not Observation.objects.filter(indicator__in=[served, kept]).exists()


def test_a_locked_value_is_shown_as_text_and_cannot_be_changed(people, initiative, measured):
    places, served = measured["places"], measured["served"]
    editor = people["partner_editor"]
    editor.language = "en"
    editor.save(update_fields=["language"])
    client = client_for(editor)
    index = grid_index(client.get(entry_url(initiative, places)).content.decode(), served.name_fr)
    observe(served, places["a"], 41, measured["mine"], status="approved")
    html = client.get(entry_url(initiative, places)).content.decode()
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{served.name_fr}.*?</tr>", html, re.S).group(0)
    assert re.match(r'<tr class="[^"]*\blocked\b', row) and "<strong>41</strong>" in row
    assert "<input" not in row and f'name="v{index}"' not in html  # no box to type in
    assert "Locked" in row
    # A changed value sent anyway (an old page, a forged form) is refused; nothing changes.
    response = client.post(entry_url(initiative, places), {f"v{index}": "99", "submit": "1"})
    assert response.status_code == 200
    assert "This value is already approved and locked" in response.content.decode()
    assert Observation.objects.get(indicator=served).value == 41


@pytest.mark.parametrize(
    ("language", "shown", "typed", "stored"),
    [
        ("fr", "3\u00a0640", "3 712", "3712"),
        ("en", "3,640", "3,712", "3712"),
    ],
)
def test_the_grid_shows_and_reads_values_the_readers_way(
    language, shown, typed, stored, people, initiative, measured
):
    editor_user = people["partner_editor"]
    editor_user.language = language
    editor_user.save(update_fields=["language"])
    places, served = measured["places"], measured["served"]
    observe(served, places["a"], "3640", partner=measured["mine"], status="returned")
    editor = client_for(editor_user)
    html = editor.get(entry_url(initiative, places)).content.decode()
    index = grid_index(html, served.name_fr)
    assert re.search(rf'name="v{index}" value="{shown}"', html), "the stored value, as written"

    editor.post(entry_url(initiative, places), {f"v{index}": shown, "submit": "1"})
    assert Observation.objects.get(indicator=served).value == Decimal("3640")
    Observation.objects.filter(indicator=served).update(status="returned")  # to send it again
    editor.post(entry_url(initiative, places), {f"v{index}": typed, "submit": "1"})
    assert Observation.objects.get(indicator=served).value == Decimal(stored)


def as_a_browser_sends(html: str) -> dict:
    """What a browser sends for the page's main post form (the one with the most fields)."""
    form = max((f for f in forms_of(html) if f.method == "post"), key=lambda f: f.visible)
    return form.data()


def form_page(client, initiative, code):
    url = reverse("measurement:indicator_edit", args=[initiative.slug, code])
    return url, as_a_browser_sends(client.get(url).content.decode())


def history_rows(indicator):
    return indicator.history.count() + Target.history.filter(indicator_id=indicator.pk).count()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_indicator_form_sent_back_unchanged_changes_nothing(language, people, initiative):
    """Every demo indicator, its baseline and targets: GET the form, send it back as is."""
    staff = client_for(people["backbone_staff"])
    staff.cookies["django_language"] = language
    people["backbone_staff"].language = language
    people["backbone_staff"].save()
    for shown in Indicator.objects.filter(initiative=initiative):
        before = (model_to_dict(shown), list(shown.targets.values()), history_rows(shown))
        url, data = form_page(staff, initiative, shown.code)
        response = staff.post(url, data)
        assert response.status_code == 302, (shown.code, response.content.decode()[-3000:])
        shown.refresh_from_db()
        after = (model_to_dict(shown), list(shown.targets.values()), history_rows(shown))
        assert after == before, shown.code


def test_staff_set_the_baseline_and_targets_with_notes_in_both_languages(people, initiative):
    staff = client_for(people["backbone_staff"])
    aid = Indicator.objects.get(initiative=initiative, code="aide-alimentaire")  # quarterly
    url, data = form_page(staff, initiative, aid.code)
    data |= {
        "baseline_value": ["1 950,5"],
        "baseline_period": ["2021-t1"],
        "targets-1-period": ["2030-T4"],  # a blank row, filled in
        "targets-1-value": ["3 500"],
        "targets-1-note_fr": ["Le but du programme commun"],
        "targets-1-note_en": ["The common agenda's goal"],
    }
    first = data["targets-0-period"]
    assert staff.post(url, data).status_code == 302
    aid.refresh_from_db()
    assert (aid.baseline_value, aid.baseline_period) == (Decimal("1950.5"), "2021-Q1")
    added = aid.targets.get(period="2030-Q4")
    assert (added.value, added.note_fr, added.note_en) == (
        3500,
        *data["targets-1-note_fr"],
        "The common agenda's goal",
    )
    assert aid.targets.count() == 2 and first

    page = staff.get(reverse("measurement:indicator", args=[initiative.slug, aid.code]))
    html = page.content.decode()
    assert "Le but du programme commun" in html
    assert "T4 2030" in html  # the period the reader's way
    assert "History of the targets" in html or "Historique des cibles" in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "n'est pas une période trimestrielle"),
        ("en", "is not a quarterly period"),
    ],
)
def test_a_target_period_of_another_frequency_is_refused_and_nothing_is_saved(
    language, message, people, initiative
):
    user = people["backbone_staff"]
    user.language = language
    user.save()
    staff = client_for(user)
    aid = Indicator.objects.get(initiative=initiative, code="aide-alimentaire")
    before = (list(aid.targets.values()), history_rows(aid))
    url, data = form_page(staff, initiative, aid.code)
    data |= {
        "name_en": ["Renamed"],
        "targets-1-period": ["2030"],
        "targets-1-value": ["4000"],
    }
    response = staff.post(url, data)
    assert response.status_code == 200
    assert message in html_unescape(response.content.decode())
    aid.refresh_from_db()
    assert aid.name_en != "Renamed"
    assert (list(aid.targets.values()), history_rows(aid)) == before


def test_two_targets_for_one_period_are_refused_by_name(people, initiative):
    staff = client_for(people["backbone_staff"])
    aid = Indicator.objects.get(initiative=initiative, code="aide-alimentaire")
    url, data = form_page(staff, initiative, aid.code)
    data |= {"targets-1-period": data["targets-0-period"], "targets-1-value": ["10"]}
    response = staff.post(url, data)
    assert response.status_code == 200
    assert aid.targets.count() == 1
    html = response.content.decode()
    assert "Une autre cible porte déjà sur cette période." in html.replace("&#x27;", "'")


def test_a_target_is_removed_and_its_period_taken_by_another_in_one_save(people, initiative):
    staff = client_for(people["backbone_staff"])
    aid = Indicator.objects.get(initiative=initiative, code="aide-alimentaire")
    [old] = aid.targets.all()
    url, data = form_page(staff, initiative, aid.code)
    data |= {
        "targets-0-DELETE": ["on"],
        "targets-1-period": [old.period],
        "targets-1-value": ["3100"],
        "targets-1-note_fr": ["Révisée"],
    }
    assert staff.post(url, data).status_code == 302
    [new] = aid.targets.all()
    assert (new.period, new.value, new.note_fr) == (old.period, 3100, "Révisée")
    kinds = [row.history_type for row in Target.history.filter(indicator_id=aid.pk)]
    assert sorted(kinds) == ["+", "-"]


def test_percentages_cannot_be_added_up(people, initiative):
    staff = client_for(people["backbone_staff"])
    rate = Indicator.objects.get(initiative=initiative, code="faible-revenu")
    url, data = form_page(staff, initiative, rate.code)
    data["aggregation"] = ["sum"]
    response = staff.post(url, data)
    assert response.status_code == 200
    assert "ne s&#x27;additionnent pas" in response.content.decode()
    rate.refresh_from_db()
    assert rate.aggregation == "weighted_mean"


def test_the_indicator_page_keeps_a_partial_period_out_of_the_forecast(
    people, initiative, measured
):
    from commun.measurement.aggregation import rebuild
    from commun.measurement.figures import main_territory

    served, place = measured["served"], main_territory(initiative)  # the place pages show
    for year, value in (("2022", 100), ("2023", 110), ("2024", 120)):
        for partner in (measured["mine"], measured["other"]):
            observe(served, place, value, partner, period=year)
    observe(served, place, 5, measured["mine"], period="2025")  # the other is late
    rebuild(served, ["2022", "2023", "2024", "2025"])
    page = client_for(people["partner_member"]).get(
        reverse("measurement:indicator", args=[initiative.slug, served.code])
    )
    forecast = next(
        layer
        for layer in page.context["chart"]["layer"]
        if layer["mark"].get("strokeDash") == [6, 4]
    )
    rows = forecast["data"]["values"]
    assert [row["start"][:4] for row in rows] == ["2024", "2025", "2026", "2027"]
    assert [row["y"] for row in rows[1:]] == [260.0, 280.0, 300.0]  # 200, 220, 240 carried on
    assert "1 partenaire sur 2 a transmis ses données" in page.content.decode()


@pytest.mark.parametrize(("language", "shown"), [("fr", "T1 2027"), ("en", "Q1 2027")])
def test_the_grids_period_is_written_the_readers_way_and_read_back(
    language, shown, people, initiative
):
    editor = people["partner_editor"]
    editor.language = language
    editor.save(update_fields=["language"])
    client = client_for(editor)
    url = reverse("measurement:entry", args=[initiative.slug])
    place = re.search(r'<option value="(\d+)" selected>', client.get(url).content.decode()).group(1)
    page = client.get(url, {"period": "2027-Q1", "territory": place}).content.decode()
    assert re.search(rf'name="period" value="{shown}"', page)
    again = client.get(url, {"period": shown, "territory": place}).content.decode()
    assert re.search(rf'name="period" value="{shown}"', again)
    cells = re.findall(r'name="v\d+"', page)
    assert cells and re.findall(r'name="v\d+"', again) == cells  # the same quarter's grid
