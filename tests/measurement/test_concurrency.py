"""Many partner systems sending values at once: every correct sending is accepted, every value is
stored once, and the figures are those of all the values — on PostgreSQL, with real threads.

(SQLite lets one writer at a time, the others wait their turn: see tests/test_settings.py.)"""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from commun.initiatives.models import Initiative, Partner
from commun.measurement.checks import Batch, EntryRow
from commun.measurement.entry import save_batches
from commun.measurement.models import Aggregate, Observation
from tests.measurement.factories import indicator, territory_tree

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL only"
    ),
]

WRITERS = 16
PARTNERS = 8  # writer n and writer n + 8 send the very same values, at the same moment
PERIODS = ["2025", "2026"]
LEAVES = ["a", "b", "c", "d"]


def value_of(partner_number: int, leaf: str, code: str, period: str) -> Decimal:
    return Decimal(10 * partner_number + LEAVES.index(leaf) + len(code) + int(period) % 10)


def run_at_once(work, count: int) -> list:
    """Run work(n) in `count` threads released together; what each raised (None: nothing)."""
    start, outcomes = threading.Barrier(count), [None] * count

    def writer(number):
        try:
            start.wait(timeout=30)
            work(number)
        except Exception as error:  # every error is a finding
            outcomes[number] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer is still waiting"
    return outcomes


def test_sixteen_writers_at_once_are_all_accepted_and_counted_once():
    initiative = Initiative.objects.create(slug="concurrent", name_fr="Écrire ensemble")
    places = territory_tree(initiative)
    indicators = [indicator(initiative, code, "sum") for code in ("served", "meals")]
    partners = [
        Partner.objects.create(initiative=initiative, name_fr=f"P{n}", sector="community")
        for n in range(PARTNERS)
    ]

    def send(number):
        partner_number = number % PARTNERS
        batches = [
            Batch(
                partners[partner_number],
                period,
                places["a"],
                [
                    EntryRow(
                        chosen,
                        "",
                        value_of(partner_number, leaf, chosen.code, period),
                        f"{leaf} {chosen.code}",
                        comment="envoi automatique",
                        territory=places[leaf],
                    )
                    for leaf in LEAVES
                    for chosen in indicators
                ],
            )
            for period in PERIODS
        ]
        if number % 2:  # the same periods and indicators, touched in another order
            batches.reverse()
            for batch in batches:
                batch.rows.reverse()
        save_batches(batches, by=None, provenance="api", status="submitted")

    outcomes = run_at_once(send, WRITERS)

    assert [repr(error) for error in outcomes if error is not None] == []
    stored = Observation.objects.filter(indicator__in=indicators)
    assert stored.count() == PARTNERS * len(LEAVES) * len(indicators) * len(PERIODS)
    for chosen in indicators:
        for period in PERIODS:
            by_leaf = {
                leaf: sum(value_of(n, leaf, chosen.code, period) for n in range(PARTNERS))
                for leaf in LEAVES
            }
            expected = {
                **{places[leaf].pk: total for leaf, total in by_leaf.items()},
                places["north"].pk: by_leaf["a"] + by_leaf["b"],
                places["south"].pk: by_leaf["c"] + by_leaf["d"],
                places["city"].pk: sum(by_leaf.values()),
            }
            figures = Aggregate.objects.filter(
                indicator=chosen, period=period, breakdown="", scope="all"
            )
            assert {row.territory_id: row.value for row in figures} == expected
            assert {row.territory_id: row.count for row in figures}[places["city"].pk] == (
                PARTNERS * len(LEAVES)
            )
