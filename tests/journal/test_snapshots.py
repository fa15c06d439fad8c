"""Freezing a session's figures: the session page keeps showing them after the data changes, in
either language; a refreeze asks for confirmation and keeps the former figures in the history."""

from html import unescape

from django.urls import reverse

from commun.formatting import format_figure
from commun.journal.models import LearningSession
from commun.journal.snapshots import freeze, frozen_value
from commun.measurement.models import Aggregate
from tests.helpers import client_for
from tests.journal import learning_factory as make


def url(initiative, name, *args):
    return reverse(f"journal:{name}", args=[initiative.slug, *args])


def looked_at(initiative):
    indicator = make.indicator_with_figures(initiative)
    outcome = make.outcome(initiative, title="La ville finance le transport")
    session = make.session(initiative)
    session.indicators.add(indicator)
    session.outcomes.add(outcome)
    return session, indicator, outcome


def test_a_value_changed_after_the_freeze_does_not_change_the_session_page(people, initiative):
    session, indicator, outcome = looked_at(initiative)
    staff = client_for(people["backbone_staff"])
    response = staff.post(url(initiative, "learning_freeze", session.pk))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.frozen_at is not None
    figure = session.snapshot["indicators"][0]["headline"]
    shown = format_figure(
        frozen_value(figure["value"]), indicator.unit, indicator.decimals, language="fr"
    )
    # The data change: every approved total of the indicator, and the outcome's status.
    Aggregate.objects.filter(indicator=indicator).update(value=987654)
    outcome.status = "disputed"
    outcome.title_fr = "Titre changé"
    outcome.save()
    page = unescape(
        client_for(people["partner_member"])
        .get(url(initiative, "learning_session", session.pk))
        .content.decode()
    )
    assert shown in page
    assert format_figure(987654, indicator.unit, indicator.decimals, language="fr") not in page
    assert 'data-spec="frozen-chart-0-spec"' in page and 'id="frozen-chart-0-spec"' in page
    staff_page = unescape(
        staff.get(url(initiative, "learning_session", session.pk)).content.decode()
    )
    status_then = session.snapshot["outcomes"][0]["status_label"]["fr"]
    frozen_part = staff_page[staff_page.index('id="frozen"') :]
    assert "La ville finance le transport" in frozen_part and status_then in frozen_part
    assert "Titre changé" not in frozen_part


def test_the_frozen_chart_is_kept_in_both_languages(initiative):
    session, indicator, _outcome = looked_at(initiative)
    frozen = freeze(session).snapshot["indicators"][0]
    assert frozen["name"] == {"fr": indicator.name_fr, "en": indicator.name_en}
    assert set(frozen["chart"]) == {"fr", "en"}
    french = {
        row["series"] for layer in frozen["chart"]["fr"]["layer"] for row in layer["data"]["values"]
    }
    english = {
        row["series"] for layer in frozen["chart"]["en"]["layer"] for row in layer["data"]["values"]
    }
    assert "Valeurs observées" in french and "Observed" in english
    assert [p for p, _v in frozen["points"]] == list(
        Aggregate.objects.filter(
            indicator=indicator,
            breakdown="",
            scope=Aggregate.Scope.APPROVED,
            territory__code=frozen["territory_code"],
        )
        .order_by("period_start")
        .values_list("period", flat=True)
    )


def test_a_refreeze_asks_for_confirmation_and_keeps_the_former_figures(people, initiative):
    session, indicator, _outcome = looked_at(initiative)
    staff = client_for(people["backbone_staff"])
    staff.post(url(initiative, "learning_freeze", session.pk))
    first = LearningSession.objects.get(pk=session.pk).snapshot
    frozen = first["indicators"][0]
    Aggregate.objects.filter(
        indicator=indicator,
        breakdown="",
        scope=Aggregate.Scope.APPROVED,
        territory__code=frozen["territory_code"],
        period=frozen["headline"]["period"],
    ).update(value=123456)
    response = staff.post(url(initiative, "learning_freeze", session.pk))
    assert response.status_code == 200 and response.context["form"].errors
    assert LearningSession.objects.get(pk=session.pk).snapshot == first
    staff.post(url(initiative, "learning_freeze", session.pk), {"confirm": "on"})
    session.refresh_from_db()
    assert session.snapshot != first
    assert session.snapshot["indicators"][0]["headline"]["value"].startswith("123456")
    assert session.history.filter(snapshot=first).exists()


def test_a_member_is_not_shown_frozen_figures_of_an_indicator_kept_for_the_backbone(
    people, initiative
):
    session, indicator, _outcome = looked_at(initiative)
    freeze(session)
    indicator.visibility = "backbone"
    indicator.save()
    page = unescape(
        client_for(people["partner_member"])
        .get(url(initiative, "learning_session", session.pk))
        .content.decode()
    )
    assert indicator.name_fr not in page
    staff_page = unescape(
        client_for(people["backbone_staff"])
        .get(url(initiative, "learning_session", session.pk))
        .content.decode()
    )
    assert indicator.name_fr in staff_page


def test_only_staff_freeze(people, initiative):
    session, _indicator, _outcome = looked_at(initiative)
    response = client_for(people["partner_editor"]).post(
        url(initiative, "learning_freeze", session.pk)
    )
    assert response.status_code == 403
    assert LearningSession.objects.get(pk=session.pk).frozen_at is None
