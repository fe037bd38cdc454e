"""Garbage-collector settings around a bulk import: applied while it runs, restored after."""

from __future__ import annotations

import gc

from bot.ingest.collector import BULK_THRESHOLD, bulk_collection


def test_settings_hold_until_the_last_nested_import_ends() -> None:
    before = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    with bulk_collection():
        assert gc.get_threshold()[0] == max(BULK_THRESHOLD, before[0])
        assert gc.get_freeze_count() > frozen_before
        with bulk_collection():
            pass
        assert gc.get_threshold()[0] == max(BULK_THRESHOLD, before[0])  # the outer import still runs
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_settings_are_restored_when_the_import_fails() -> None:
    before = gc.get_threshold()
    try:
        with bulk_collection():
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
