"""Comparison of a finished batch: same tables as a plain run, paired differences."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import partysim
from partysim.batch.compare import funnel_comparison, load_results, paired_differences, target_runs, verdict_table

from .conftest import TINY


@pytest.fixture(scope="module")
def results(finished_batch: Path):
    return load_results(finished_batch)


def test_points_in_plan_order(results):
    assert [p.label for p in results.points] == ["tiny", "more_classes", "grid", "grid@1", "grid@2", "grid@3"]
    assert [p.label for p in results.base_points()] == ["tiny", "more_classes", "grid"]
    assert list(results.sweeps()) == ["grid"]
    assert all(p.replications == [0, 1, 2, 3] for p in results.points)


def test_batch_tables_equal_a_plain_run(results):
    plain = partysim.run(partysim.load_scenario(TINY), replications=4, seed=5, progress=False, sets=0)
    pd.testing.assert_frame_equal(results.point("tiny").annual, plain.annual, check_exact=True)
    v = verdict_table(results)
    tiny = v[v["label"] == "tiny"].reset_index(drop=True)
    assert tiny["probability"].tolist() == [t["probability"] for t in plain.targets]


def test_paired_differences_are_per_replication(results):
    d = paired_differences(results, "tiny")
    # grid@2 sets classes_per_year to tiny's own 4: same draws, same results, zero difference
    same = d[d["label"] == "grid@2"]
    assert len(same) and (same[["diff", "diff_lo", "diff_hi", "dprob"]].abs().to_numpy() == 0).all()
    # more_classes: mean of the replication-by-replication differences, with a t interval around it
    a, b = target_runs(results.point("more_classes")), target_runs(results.point("tiny"))
    m = a.merge(b, on=["target", "year", "replication"], suffixes=("", "_b"))
    row = d[(d["label"] == "more_classes")].iloc[0]
    g = m[(m["target"] == row["target"]) & (m["year"] == row["year"])]
    diffs = g["value"] - g["value_b"]
    assert row["n"] == 4 and row["diff"] == pytest.approx(diffs.mean())
    assert row["diff_lo"] <= row["diff"] <= row["diff_hi"]
    assert row["dprob"] == pytest.approx((g["met"].astype(float) - g["met_b"].astype(float)).mean())


def test_funnel_comparison_starts_at_everyone_identified(results):
    f = funnel_comparison(results)
    first = f.groupby("label", sort=False).first()
    assert np.allclose(first["reach"], 1.0)
    assert list(f[f["label"] == "tiny"]["stage"]) == list(results.point("tiny").funnel["stage"])
