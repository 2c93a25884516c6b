"""Speed work on the engine leaves every number unchanged, bit for bit.

``tests/data/engine_fingerprint.json`` was written by the engine *before* the speed work
(commit "engine fingerprint baseline"): for each case below, a digest of everything a run
produces (every monthly record, the loss and funnel counts, the year-end composition, every
person's final attributes) and the column sums of the result tables. Any change in a random
draw, its order or an arithmetic step changes some of these.

A change that is *meant* to change numbers rewrites the file (and says so in its commit):
``PYTHONPATH=src python tests/model/test_engine_fingerprint.py --write``.

The digests hold for one environment: numpy's vectorised ``power``/``exp`` may round the
last bit differently on another processor or numpy version, and one flipped draw changes
everything after it. If this fails on a new machine with no engine change, write the file
there from the commit it was taken on, then compare.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

import partysim
from partysim.analysis.tables import ReplicationTables
from partysim.model.engine import Engine
from partysim.model.people import FIELDS

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = DATA.parents[1]
FINGERPRINT = DATA / "engine_fingerprint.json"

LEVERS_ON = {
    "levers.remedial_per_year": 300,
    "levers.new_party_orgs_per_year": 10,
    "levers.screening": 1.0,
    "levers.owner_outreach": 1.0,
    "levers.quota_accountability": 1.0,
    "levers.faster_vetting": 0.5,
    "levers.classes_per_year": 1.5,  # at 1/50 the seats are then scarce: the queue order matters
}
"""Levers that are off in the shipped scenarios, switched on so every mechanism runs."""

CASES: dict[str, tuple[str, float, dict, int]] = {
    # name: (scenario, unit-count factor, overrides, replication)
    "tiny_r0": ("tests/data/tiny.yaml", 1.0, {}, 0),
    "tiny_r1_review3": ("tests/data/tiny.yaml", 1.0, {"review_months": 3}, 1),
    "thanh_hoa_1_50": ("scenarios/thanh_hoa_2021_2025.yaml", 1 / 50, {}, 0),
    "thanh_hoa_full": ("scenarios/thanh_hoa_2021_2025.yaml", 1.0, {}, 0),  # slow: 2.2 million people
    "thanh_hoa_1_50_levers_review1": (
        "scenarios/thanh_hoa_2021_2025.yaml",
        1 / 50,
        {**LEVERS_ON, "review_months": 1},
        1,
    ),
}


def _digest(obj: object) -> str:
    h = hashlib.sha256()

    def feed(x: object) -> None:
        if isinstance(x, np.ndarray):
            a = np.ascontiguousarray(x)
            a = a.astype(np.float64) if a.dtype.kind == "f" else a.astype(np.int64)
            h.update(repr(a.shape).encode())
            h.update(a.tobytes())
        elif isinstance(x, dict):
            for k in sorted(x):
                h.update(repr(k).encode())
                feed(x[k])
        elif isinstance(x, (list, tuple)):
            h.update(f"[{len(x)}".encode())
            for v in x:
                feed(v)
        else:
            h.update(repr(x.item() if isinstance(x, np.generic) else x).encode())

    feed(obj)
    return h.hexdigest()[:24]


def _column_sums(df) -> dict[str, str]:
    out = {}
    for c in df.columns:
        col = df[c]
        if col.dtype.kind in "iub":
            out[c] = str(int(col.sum()))
        elif col.dtype.kind == "f":
            out[c] = repr(float(col.fillna(0).sum()))
    return out


def fingerprint(case: str) -> dict:
    """The digest of one case (see the module docstring)."""
    path, factor, overrides, replication = CASES[case]
    sc = partysim.load_scenario(ROOT / path)
    if factor != 1.0:
        for u in sc.territory.units:
            u.count = max(1, round(u.count * factor))
    if overrides:
        sc = sc.with_values(overrides)
    eng = Engine(sc, replication=replication)
    eng.run()
    p = eng.people
    tables = ReplicationTables.of(eng)
    return {
        "people": p.n,
        "records": _digest(eng.records),
        "losses": _digest([eng.loss_total, eng.counters.group_entered]),
        "years": _digest(
            [
                eng.go_years,
                eng.cell_years,
                [(g.year, *(np.asarray(v) for v in vars(g).values())) for g in eng.group_years],
            ]
        ),
        "final_people": _digest({name: p.view(name) for name in FIELDS}),
        "monthly_sums": _column_sums(tables.monthly),
        "annual_sums": _column_sums(tables.annual),
        "funnel": _digest(tables.funnel.to_dict("list")),
    }


@pytest.fixture(scope="module")
def stored() -> dict:
    return json.loads(FINGERPRINT.read_text())


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.slow) if c.endswith("_full") else c for c in CASES])
def test_engine_numbers_unchanged(case: str, stored: dict) -> None:
    now = fingerprint(case)
    then = stored[case]
    assert now["monthly_sums"] == then["monthly_sums"]
    assert now["annual_sums"] == then["annual_sums"]
    assert now == then


if __name__ == "__main__":
    if "--write" not in sys.argv:
        sys.exit("usage: PYTHONPATH=src python tests/model/test_engine_fingerprint.py --write")
    FINGERPRINT.write_text(json.dumps({c: fingerprint(c) for c in CASES}, indent=1, sort_keys=True) + "\n")
    print(f"wrote {FINGERPRINT}")
