"""A large import's figures follow its values: the job is done when the values are in, pages
show the figures as they were and say which periods are being updated, and the worker's rebuild
brings every figure up to date at once. Nothing is marked or queued when the import is refused."""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django_tasks import default_task_backend

from commun.measurement import tasks
from commun.measurement.aggregation import rebuild
from commun.measurement.figures_later import update_figures_in_background
from commun.measurement.models import Aggregate, FiguresPending, ImportJob, Observation
from tests.helpers import client_for
from tests.measurement.factories import indicator, observe
from tests.measurement.test_imports import lines, run_import, setting  # noqa: F401 (a fixture)

QUEUED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def monthly_file(rows: int, value: int = 10) -> bytes:
    """`rows` values of `value` for the four neighbourhoods, January 2024 onwards."""
    places = ["t-a", "t-b", "t-c", "t-d"]
    body = [
        f"imp-monthly;2024-{number // len(places) + 1:02d};{places[number % len(places)]};{value}"
        for number in range(rows)
    ]
    return lines("indicateur;période;territoire;valeur", *body).encode()


@pytest.fixture
def monthly(setting):  # noqa: F811
    found = indicator(setting.initiative, "imp-monthly", "sum", frequency="month")
    found.reporting_partners.add(setting.partner)
    # What the city showed before: 5 in January 2024, from the backbone.
    observe(found, setting.places["a"], 5, period="2024-01")
    rebuild(found, ["2024-01"])
    return found


def city_figure(found, period, scope="all"):
    figure = Aggregate.objects.filter(
        indicator=found, period=period, territory__code="t-city", breakdown="", scope=scope
    ).first()
    return figure.value if figure else None


def imported(setting, data, language="fr"):  # noqa: F811
    """The file imported as the worker runs it (`import_in_background`)."""
    return run_import(
        setting, "gros.csv", data, language=language, run=tasks.import_in_background.call
    )


@override_settings(TASKS=QUEUED)
def test_the_figures_wait_for_the_worker_and_pages_say_which_periods(setting, monthly):  # noqa: F811
    default_task_backend.clear()
    job = imported(setting, monthly_file(8))
    assert (job.status, job.created) == ("done", 8)
    assert Observation.objects.filter(indicator=monthly, partner=setting.partner).count() == 8
    # The figures are those from before the import, and pages say they are being updated.
    assert city_figure(monthly, "2024-01") == Decimal(5)
    assert city_figure(monthly, "2024-02") is None
    marked = set(FiguresPending.objects.filter(job=job).values_list("indicator", "period"))
    assert marked == {(monthly.pk, "2024-01"), (monthly.pk, "2024-02")}
    client = client_for(setting.editor)
    slug = setting.initiative.slug
    for url in (
        reverse("measurement:overview", args=[slug]),
        reverse("measurement:indicator", args=[slug, monthly.code]),
    ):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "en cours de mise à jour" in page, url
        assert "janvier 2024" in page and "février 2024" in page, url
    job_page = client.get(
        reverse("measurement:import_job", args=[slug, job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "hx-trigger" in job_page and "mise à jour" in job_page  # it keeps asking

    # The worker runs what the import queued: every figure at once, and the notices go.
    (queued,) = default_task_backend.results
    assert queued.task.name == update_figures_in_background.name
    queued.task.call(*queued.args, **queued.kwargs)
    assert city_figure(monthly, "2024-01") == Decimal(5 + 4 * 10)
    assert city_figure(monthly, "2024-02") == Decimal(4 * 10)
    assert not FiguresPending.objects.exists()
    page = client.get(reverse("measurement:overview", args=[slug])).content.decode()
    assert "figures-updating" not in page
    job_page = client.get(
        reverse("measurement:import_job", args=[slug, job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "hx-trigger" not in job_page


@override_settings(TASKS=QUEUED)
def test_the_notice_speaks_english_to_an_english_reader(setting, monthly):  # noqa: F811
    imported(setting, monthly_file(4), language="en")
    page = client_for(setting.editor).get(
        reverse("measurement:overview", args=[setting.initiative.slug])
    )
    page = page.content.decode()
    assert "being brought up to date" in page and "January 2024" in page


@override_settings(TASKS=QUEUED)
def test_a_refused_import_marks_and_queues_nothing(setting, monthly):  # noqa: F811
    default_task_backend.clear()
    data = monthly_file(6) + b"imp-monthly;2024-03;t-a;beaucoup\n"
    job = imported(setting, data)
    assert job.status == "failed"
    assert not FiguresPending.objects.exists() and not default_task_backend.results
    assert not Observation.objects.filter(indicator=monthly, partner=setting.partner).exists()


def test_with_a_worker_running_each_task_at_once_the_figures_are_there_at_the_end(
    setting,  # noqa: F811
    monthly,
):
    job = imported(setting, monthly_file(8))
    assert job.status == "done"
    assert city_figure(monthly, "2024-02") == Decimal(40)
    assert not FiguresPending.objects.exists()


def test_an_import_in_the_request_keeps_its_figures_in_its_transaction(setting, monthly):  # noqa: F811
    job = ImportJob.objects.create(
        initiative=setting.initiative,
        created_by=setting.editor,
        partner=setting.partner,
        filename="petit.csv",
        data=monthly_file(4),
    )
    with override_settings(TASKS=QUEUED):
        default_task_backend.clear()
        tasks.import_job(job.pk)
        assert not default_task_backend.results
    assert city_figure(monthly, "2024-01") == Decimal(45)
