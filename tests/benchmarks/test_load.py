"""The pieces of `commun bench`'s P3 and P5: the load client counts what it is answered, and the
check after the writers finds every accepted value, or says one is missing. (No timing here:
speed figures live in `commun bench`.)"""

import pytest

from benchmarks.load import month
from benchmarks.served import (
    P5_FIRST_MONTH,
    Round,
    check_writes,
    run_load_client,
    writer,
    writers_initiative,
)
from commun.measurement.models import Observation

pytestmark = pytest.mark.django_db(transaction=True)


def against(live_server, clients, seconds=120.0) -> dict:
    host, port = live_server.url.removeprefix("http://").split(":")
    spec = {"host": host, "port": int(port), "seconds": seconds, "clients": clients}
    # In a process of its own, as `commun bench` runs it (and away from any event loop that
    # other tests, such as the browser's, leave running in this one).
    return run_load_client(spec)


def test_the_load_client_counts_answers_and_errors(live_server):
    result = against(
        live_server,
        [
            {"requests": [{"path": "/accounts/login/"}], "max_requests": 5},
            {"requests": [{"path": "/nowhere/"}], "max_requests": 3},
        ],
    )
    found, missing = result["clients"]
    assert (found["sent"], found["errors"], len(found["latencies"])) == (5, 0, 5)
    assert (missing["sent"], missing["errors"], len(missing["latencies"])) == (3, 3, 3)
    assert list(missing["refused"]) == ["404"]
    summary = Round.of(result)
    assert summary.errors == missing["errors"]
    assert summary.rate == pytest.approx(5 / result["wall"])


def test_each_value_a_writer_had_accepted_is_found_once_and_a_missing_one_is_seen(live_server):
    workshops, partners, places, keys = writers_initiative(observations=200)
    result = against(
        live_server, [writer(keys[1], 1, places, P5_FIRST_MONTH) | {"max_requests": 3}]
    )
    accepted = result["clients"][0]["accepted"]
    assert result["clients"][0]["errors"] == 0
    assert accepted == [P5_FIRST_MONTH, month(P5_FIRST_MONTH, 1), month(P5_FIRST_MONTH, 2)]
    assert result["clients"][0]["said"]["created"] == len(accepted) * len(places)

    assert check_writes(workshops, partners, places, {1: accepted}) == (True, True)
    assert check_writes(workshops, partners, places, {1: accepted[1:]})[0] is False
    Observation.objects.filter(indicator=workshops, period=accepted[0]).first().delete()
    assert check_writes(workshops, partners, places, {1: accepted})[0] is False
