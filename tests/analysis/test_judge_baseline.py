"""The judge's numbers did not move when it was made faster (issue 10: the preview's
verdict over parameter uncertainty in under a second).

``tests/data/judge_baseline/`` holds what the code gave before (its ``make_baseline.py``,
run at commit 9faaa30): the quick verdict of tiny and Ninh Bình over 5 parameter sets,
tiny with a forecast driver (``driven.yaml``: the spread's drivers part), the honest
route's verdict on tiny (an ensemble of full-scale runs), and that ensemble's
``per_set`` and ``decompose`` tables. The test computes the same tables with the code
under test (the same ``tables()``) and asks for equal columns, equal dtypes and numbers
equal to 1e-12 relative (to each column's largest value, so a share that is 1e-16 by
cancellation may move by rounding).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from partysim.analysis.ensemble_results import EnsembleResults

BASE = Path(__file__).resolve().parents[1] / "data" / "judge_baseline"
RTOL = 1e-12


def _maker():
    spec = importlib.util.spec_from_file_location("judge_make_baseline", BASE / "make_baseline.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return _maker().tables()


def assert_same(got: pd.DataFrame, want: pd.DataFrame, dtypes: dict[str, str]) -> None:
    """Same columns, dtypes and rows; numbers equal to ``RTOL``; the rest as text."""
    assert list(got.columns) == list(want.columns)
    assert {c: str(t) for c, t in got.dtypes.items()} == dtypes
    assert len(got) == len(want)
    for col in want.columns:
        w = want[col]
        if pd.api.types.is_numeric_dtype(w) and not pd.api.types.is_bool_dtype(w):
            g, wv = got[col].to_numpy(dtype=float), w.to_numpy(dtype=float)
            scale = float(np.nanmax(np.abs(wv))) if np.isfinite(wv).any() else 0.0
            assert np.allclose(g, wv, rtol=RTOL, atol=RTOL * scale, equal_nan=True), col
        else:
            assert (got[col].fillna("").astype(str).to_numpy() == w.fillna("").astype(str).to_numpy()).all(), col


STEMS = ["quick_tiny", "quick_ninh_binh", "quick_driven", "honest_tiny", "per_set_tiny", "decompose_tiny"]


@pytest.mark.parametrize("stem", STEMS)
def test_judge_tables_equal_the_baseline(tables, stem):
    dtypes = json.loads((BASE / "dtypes.json").read_text(encoding="utf-8"))
    assert_same(tables[stem], pd.read_csv(BASE / f"{stem}.csv"), dtypes[stem])


def test_the_check_fails_when_a_number_moves(tables):
    """A move of one part in 1e10 in one mean is seen."""
    dtypes = json.loads((BASE / "dtypes.json").read_text(encoding="utf-8"))
    want = pd.read_csv(BASE / "quick_tiny.csv")
    moved = tables["quick_tiny"].copy()
    moved.loc[1, "mean"] *= 1 + 1e-10
    with pytest.raises(AssertionError):
        assert_same(moved, want, dtypes["quick_tiny"])


def _ensemble(admissions: list[float]) -> EnsembleResults:
    """Two sets x two replications, one full year, no targets."""
    annual = pd.DataFrame(
        {"set": [0, 0, 1, 1], "replication": [0, 1, 0, 1], "year": 2024, "months": 12, "admissions": admissions}
    )
    params = pd.DataFrame({"pipeline.vote_pass": [0.8, 0.9]}, index=pd.Index([0, 1], name="set"))
    return EnsembleResults("t", "0" * 64, 1, 2, False, params, np.ones(2), annual, [])


def test_the_kept_arrays_follow_a_replaced_table_or_weights():
    """The judge keeps each figure's runs as arrays: replacing ``annual`` or ``weights``
    must not leave the old ones in use, and nobody may change the kept arrays."""
    ens = _ensemble([1.0, 2.0, 3.0, 4.0])
    assert ens.values("admissions", 2024)["value"].tolist() == [1.0, 2.0, 3.0, 4.0]
    ens.annual = ens.annual.assign(admissions=[5.0, 6.0, 7.0, 8.0])
    assert ens.values("admissions", 2024)["value"].tolist() == [5.0, 6.0, 7.0, 8.0]
    ens.weights = np.array([0.75, 0.25])
    assert ens.values("admissions", 2024)["weight"].tolist() == [0.375, 0.375, 0.125, 0.125]
    with pytest.raises(ValueError):
        ens.runs("admissions", 2024).value[0] = 0.0
    frame = ens.values("admissions", 2024)
    frame.loc[0, "value"] = -1.0  # the frame is the caller's copy
    assert ens.runs("admissions", 2024).value[0] == 5.0
