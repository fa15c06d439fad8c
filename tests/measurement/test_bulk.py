"""Bulk helpers: garbage collection paused during an import, and back afterwards."""

import gc

import pytest

from commun.measurement.bulk import collection_paused


def test_collection_is_paused_inside_and_back_after_even_on_error():
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("a file that cannot be read")
    assert gc.isenabled()


def test_collection_stays_off_if_it_was_off_before():
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
