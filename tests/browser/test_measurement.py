"""A partner editor enters data in the grid; the indicator page draws its chart."""

import pytest
from django.urls import reverse

from commun.demo.cast import DEMO_PASSWORD
from commun.measurement.models import Observation
from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, log_in, screenshot
from tests.helpers import MAIN, PARTNER_EDITOR_EMAIL


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_partner_editor_enters_values_and_sees_what_is_refused(
    screen, demo, live_server, new_context
):
    page = new_context(
        locale="fr-CA", viewport=DESKTOP if screen == "desktop" else PHONE
    ).new_page()
    log_in(page, live_server.url, PARTNER_EDITOR_EMAIL, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('measurement:entry', args=[MAIN])}")
    check_accessibility(page)
    screenshot(page, f"measurement-entry-{screen}")
    cells = page.locator("table.entry-grid input[name^=v]")
    assert cells.count() > 0
    # A cell nothing was entered in yet.
    before = Observation.objects.count()
    empty = page.locator("table.entry-grid input[name^=v]:not([value])").first
    name = empty.get_attribute("name")
    row = page.locator("table.entry-grid tbody tr", has=page.locator(f"input[name={name}]"))
    status = row.locator("td").last
    assert status.inner_text().strip() == "non saisie"
    # A value that is not a number: refused, nothing saved, the person's text still there and
    # the reason beside the cell.
    empty.fill("douze")
    page.click("button[name=save]")
    page.wait_for_load_state("load")
    assert Observation.objects.count() == before
    assert page.locator(f"input[name={name}]").input_value() == "douze"
    assert page.locator(".messages .error").inner_text() == (
        "Rien n'a été enregistré : certaines valeurs ne sont pas des nombres."
    )
    cell_id = page.locator(f"input[name={name}]").get_attribute("id")
    assert page.locator(f"#{cell_id}_error").inner_text().strip()
    assert row.get_attribute("class").split() == ["refused"]
    assert status.inner_text().strip() == "non saisie"
    screenshot(page, f"measurement-entry-refused-{screen}")
    # A French number far from the previous period's: taken, as a draft, once the jump is
    # explained in the comment. The page says so, the cell keeps the value, its status becomes
    # "Brouillon".
    page.fill(f"input[name={name}]", "1 234")
    page.fill(f"[name=c{name[1:]}]", "Nouveau point de distribution")
    page.click("button[name=save]")
    page.wait_for_load_state("load")
    assert (
        page.locator(".messages .success").inner_text() == "1 valeur enregistrée comme brouillon."
    )
    assert page.locator(".errorlist").count() == 0
    assert (
        page.locator(f"input[name={name}]")
        .input_value()
        .replace("\u202f", " ")
        .replace("\xa0", " ")
        == "1 234"
    )
    assert status.inner_text().strip() == "Brouillon"
    assert Observation.objects.count() == before + 1
    saved = Observation.objects.get(value=1234, status="draft")
    assert saved.comment == "Nouveau point de distribution"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_indicator_page_draws_its_trend_chart(demo, live_server, new_context):
    page = new_context(locale="en-CA", viewport=DESKTOP).new_page()
    log_in(page, live_server.url, "observateur@demo.commun.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('measurement:overview', args=[MAIN])}")
    check_accessibility(page)
    screenshot(page, "measurement-dashboard-desktop")
    page.goto(
        f"{live_server.url}{reverse('measurement:indicator', args=[MAIN, 'aide-alimentaire'])}"
    )
    page.wait_for_selector("#trend-chart svg", timeout=10_000)
    assert page.locator("#trend-chart svg path").count() > 0
    check_accessibility(page)
    screenshot(page, "measurement-indicator-desktop")
    page.goto(f"{live_server.url}{reverse('measurement:ecosystem', args=[MAIN])}")
    page.wait_for_selector("#ecosystem-chart svg", timeout=10_000)
    screenshot(page, "measurement-ecosystem-desktop")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_file_of_another_layout_is_read_once_its_columns_are_said(
    screen, demo, live_server, new_context, tmp_path
):
    from commun.initiatives.models import Membership
    from commun.measurement.models import Indicator, Territory

    editor = Membership.objects.get(initiative__slug=MAIN, user__email=PARTNER_EDITOR_EMAIL)
    indicator = (
        Indicator.objects.filter(
            reporting_partners=editor.partner, frequency="year", dimensions__isnull=True
        )
        .exclude(aggregation="ratio")
        .order_by("code")
        .first()
    )
    places = list(Territory.objects.filter(initiative__slug=MAIN).order_by("path")[:2])
    # A statistics agency's layout: a title, column names Commun does not know, periods aside.
    path = tmp_path / "agence.csv"
    path.write_bytes(
        (
            "Tableau 12 \u2013 ménages servis\r\n\r\nCode géo;Nom;Nombre\r\n"
            + "".join(f"{p.code};{p.name_fr};{n}\r\n" for n, p in ((41, places[0]), (7, places[1])))
        ).encode("cp1252")
    )
    page = new_context(
        locale="fr-CA", viewport=DESKTOP if screen == "desktop" else PHONE
    ).new_page()
    log_in(page, live_server.url, PARTNER_EDITOR_EMAIL, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('measurement:import', args=[MAIN])}")
    page.set_input_files("input[type=file]", str(path))
    page.click("main form.stacked button[type=submit]")
    page.wait_for_load_state("load")
    assert "Commun ne reconnaît pas les colonnes" in page.content()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    check_accessibility(page)
    screenshot(page, f"measurement-import-columns-{screen}")
    page.select_option("#header", label="ligne 3 : Code géo | Nom | Nombre")
    page.select_option("#map_territory", label="colonne A")
    page.select_option("#map_value", label="colonne C")
    page.fill("#const_indicator", indicator.code)
    page.fill("#const_period", "2030")  # a year the demo holds nothing for
    page.click("text=Utiliser ces colonnes")
    page.wait_for_load_state("load")
    assert "Toutes les lignes sont correctes." in page.content()
    screenshot(page, f"measurement-import-columns-read-{screen}")
    page.click("text=Importer 2 lignes")
    page.wait_for_load_state("load")
    assert "Nouvelles valeurs : 2" in page.content()
    assert set(
        Observation.objects.filter(
            indicator=indicator, period="2030", partner=editor.partner
        ).values_list("territory__code", "value")
    ) == {(places[0].code, 41), (places[1].code, 7)}
