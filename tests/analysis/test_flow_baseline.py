"""The flow model's numbers did not move when its month was compiled (issue 10).

``tests/data/flow_baseline/`` holds what the numpy flow model gave before (written by its
``make_baseline.py`` at commit e356729): the path of tiny and of Ninh Bình's preview sample
from stored starting states (so these do not depend on the engine's build), the flow
spin-up of that sample, and the quick verdict over 8 parameter sets of Ninh Bình and Thanh
Hóa (these run the preview, so they also depend on the engine: regenerate them with the
pre-compiled flow model if the engine's numbers change). Equal to 1e-9 relative.
"""

from __future__ import annotations

import gzip
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import partysim
from partysim.analysis.flow_model import FlowModel
from partysim.analysis.flow_spinup import empty_pipeline, spinup_stocks
from partysim.analysis.honest import ParameterUncertainty
from partysim.analysis.preview import plan_sample, run_preview, sample_scenario
from partysim.analysis.quick_uncertainty import judge_quick
from partysim.model.spinup import policy_free

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "tests" / "data" / "flow_baseline"
RTOL = ATOL = 1e-9


def _inputs(name: str):
    with gzip.open(BASE / f"{name}_inputs.pkl.gz", "rb") as f:
        return pickle.load(f)


def _sample(name: str) -> partysim.Scenario:
    if name == "tiny":
        return partysim.load_scenario(ROOT / "tests" / "data" / "tiny.yaml")
    sc = partysim.load_scenario(ROOT / "scenarios" / "ninh_binh_2023.yaml")
    return sample_scenario(sc, plan_sample(sc).fraction)[0]


def assert_same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Same columns and rows; numbers equal to ``RTOL``; the rest as text."""
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    for col in want.columns:
        w = want[col]
        if pd.api.types.is_numeric_dtype(w) and not pd.api.types.is_bool_dtype(w):
            g = got[col].to_numpy(dtype=float)
            assert np.allclose(g, w.to_numpy(dtype=float), rtol=RTOL, atol=ATOL, equal_nan=True), col
        else:
            assert (got[col].fillna("").astype(str).to_numpy() == w.fillna("").astype(str).to_numpy()).all(), col


@pytest.mark.parametrize("name", ["tiny", "ninh_binh"])
def test_flow_path_equals_the_baseline(name):
    res = FlowModel(_sample(name), _inputs(name)).run()
    assert_same(res.monthly, pd.read_csv(BASE / f"{name}_monthly.csv"))
    assert_same(res.annual, pd.read_csv(BASE / f"{name}_annual.csv"))


def test_flow_path_check_fails_when_the_path_moves():
    """The comparison sees a change of one part in a million in one mechanism."""
    sample = _sample("tiny")
    moved = sample.with_values({"pipeline.class_pass": float(sample.pipeline.class_pass) * (1 - 1e-6)})
    res = FlowModel(moved, _inputs("tiny")).run()
    with pytest.raises(AssertionError):
        assert_same(res.monthly, pd.read_csv(BASE / "tiny_monthly.csv"))


def test_flow_spinup_equals_the_baseline():
    sc = partysim.load_scenario(ROOT / "scenarios" / "ninh_binh_2023.yaml")
    spin_sample = sample_scenario(policy_free(sc), plan_sample(sc).fraction)[0]
    got = spinup_stocks(spin_sample, empty_pipeline(_inputs("ninh_binh")), 36)
    want = np.load(BASE / "ninh_binh_spinup.npz")
    assert set(got) == set(want.files)
    for name in want.files:
        assert np.allclose(got[name], want[name], rtol=RTOL, atol=ATOL), name


@pytest.mark.parametrize(
    "name,file", [("ninh_binh", "ninh_binh_2023"), ("thanh_hoa", "thanh_hoa_2021_2025")], ids=["nb", "th"]
)
def test_quick_verdicts_equal_the_baseline(name, file):
    sc = partysim.load_scenario(ROOT / "scenarios" / f"{file}.yaml")
    res = judge_quick(sc, run_preview(sc), ParameterUncertainty(sets=8))
    assert_same(res.verdicts, pd.read_csv(BASE / f"quick_{name}_verdicts.csv"))
