"""Every chart Commun draws writes numbers and dates the reader's way (the spec's config.locale)."""

import json
import re

import pytest

from commun.formatting.vega import vega_locale
from tests.helpers import client_for
from tests.test_forms_round_trip import html_pages
from tests.test_permission_matrix import url_values  # noqa: F401 (a fixture)

SPEC = re.compile(r'<script id="([^"]+)" type="application/json">(.*?)</script>', re.S)


def test_the_vega_locale_of_each_language():
    french, english = vega_locale("fr"), vega_locale("en")
    assert (french["number"]["decimal"], french["number"]["thousands"]) == (",", "\u00a0")
    assert (english["number"]["decimal"], english["number"]["thousands"]) == (".", ",")
    assert (
        french["number"]["currency"] == ["", "\u00a0$"] and english["number"]["currency"][0] == "$"
    )
    assert french["time"]["shortMonths"][11] == "déc." and english["time"]["months"][0] == "January"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_chart_on_every_page_carries_the_readers_locale(language, people, url_values):  # noqa: F811
    staff = people["backbone_admin"]
    staff.language = language
    staff.save(update_fields=["language"])
    expected = vega_locale(language)["number"]["decimal"]
    charts, wrong = 0, []
    for name, _url, html in html_pages(client_for(staff), url_values[0]):
        for element, text in SPEC.findall(html):
            spec = json.loads(text)
            if "$schema" not in spec or "vega" not in spec["$schema"]:
                continue
            charts += 1
            decimal = spec.get("config", {}).get("locale", {}).get("number", {}).get("decimal")
            if decimal != expected:
                wrong.append(f"{name} #{element}: {decimal!r}")
    assert charts >= 4  # the trend, the radar and both network maps at least
    assert not wrong, wrong
