"""Behaviour baseline: the exact numbers of every shipped scenario at a fixed seed.

The stored files (``tests/baseline/``) were written by ``tests/baseline/make_baseline.py``
from the code as it stood when they were last regenerated. A change that is meant to leave
behaviour unchanged must keep them equal; a change that moves numbers regenerates them in
the same commit and says why (CHANGELOG.md marks such entries).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "baseline"
_spec = importlib.util.spec_from_file_location("make_baseline", HERE / "make_baseline.py")
assert _spec is not None and _spec.loader is not None
baseline = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(baseline)

STORED = json.loads((HERE / "digests.json").read_text())


def test_tiny_annual_table_unchanged():
    """The small scenario's annual table, number for number."""
    assert baseline.canonical(baseline.tiny_annual()) == (HERE / "tiny_annual.csv").read_text()


def test_every_shipped_scenario_is_in_the_baseline():
    assert sorted(STORED) == baseline.scenario_files()


@pytest.mark.parametrize("file", sorted(STORED))
def test_shipped_scenario_tables_unchanged(file):
    """Monthly, annual, funnel and by-node tables of two replications are identical."""
    got = baseline.record(file)
    want = STORED[file]
    assert got["admissions"] == want["admissions"]
    assert got["members_end"] == want["members_end"]
    assert got["digests"] == want["digests"]
