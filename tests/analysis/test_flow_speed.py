"""The quick route's faster arithmetic (issue 10) equals the arithmetic it replaced.

Each replaced piece is kept here as the reference, written as it was: the class sums
(:mod:`partysim.analysis.flow_classes`), the pool's stay-and-return pass (now compiled,
:func:`partysim.analysis.flow_passes.stay_and_return`: compared directly) and the combined
runs (:func:`partysim.analysis.honest.shifted_runs`). The flow model's path, its spin-up and
the quick verdict table with the references patched in equal the same with the fast
pieces, to 1e-9 (the fast pieces sum in another order: differences of rounding only). The
compiled month as a whole is compared with the numpy month's numbers in
``test_flow_baseline.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from partysim.analysis import flow_classes, flow_passes, honest
from partysim.analysis.flow_classes import N_ALL
from partysim.analysis.flow_model import run_flow
from partysim.analysis.flow_spinup import empty_pipeline, spinup_stocks
from partysim.analysis.honest import PARTS, SHARES, ParameterUncertainty
from partysim.analysis.preview import plan_sample, run_preview, sample_scenario
from partysim.analysis.quick_uncertainty import judge_quick, quick_inputs
from partysim.scenario.schema import load_scenario

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.yaml"


def by_class_reference(counts: np.ndarray, of_type: np.ndarray) -> np.ndarray:
    """The class sums as they were: types sorted by class, summed by ``reduceat``."""
    order = np.argsort(of_type, kind="stable")
    cls = of_type[order]
    starts = np.flatnonzero(np.r_[True, cls[1:] != cls[:-1]])
    out = np.zeros((*counts.shape[:-1], N_ALL))
    out[..., cls[starts]] = np.add.reduceat(counts[..., order], starts, axis=-1)
    return out


def ok_by_class_reference(counts: np.ndarray, of_type: np.ndarray, factor: np.ndarray | None = None) -> np.ndarray:
    """The class sums of the pool as they were: over every count, zeros too."""
    return by_class_reference(counts if factor is None else counts * factor[None, :, :], of_type)


def stay_and_return_reference(m, s, heads, stays, back) -> None:
    """The pool's stay and return as they were: stay, then the returning at the mix of
    those at home (the tables' where nobody is), in several passes."""
    s.pool *= stays[:, None, :]
    at_home = s.pool.sum(axis=1, keepdims=True)
    mix = np.where(at_home > 0, s.pool / np.maximum(at_home, 1e-300), m.tables.share)
    s.pool += back[:, None, :] * mix


def shifted_runs_reference(full: pd.DataFrame, effects: pd.DataFrame) -> pd.DataFrame:
    """The combined runs as they were: one frame per set, concatenated."""
    figures = [c for c in full.columns if c not in honest.KEYS and c in effects.columns]
    out = []
    for k in effects.index.get_level_values("set").unique():
        effect = effects.xs(k, level="set").reindex(full["year"].to_numpy())[figures]
        rows = full.copy()
        values = rows[figures].astype(float).to_numpy()
        moved = values * effect.fillna(1.0).to_numpy()
        if "net_growth" in figures:
            g = figures.index("net_growth")
            moved[:, g] = values[:, g] + effect["net_growth"].fillna(0.0).to_numpy()
        rows[figures] = moved
        out.append(rows.assign(set=int(k)))
    table = pd.concat(out, ignore_index=True)
    shares = [c for c in SHARES if c in figures]
    table[shares] = table[shares].clip(lower=0.0, upper=1.0)
    for part, whole in PARTS.items():
        for col in [c for c in figures if c.startswith(part)]:
            table[col] = np.minimum(table[col], table[whole])
    return table[["set", *[c for c in table.columns if c != "set"]]]


@pytest.fixture
def reference(monkeypatch):
    """Patch the reference pieces in (the flow model's and the combined runs')."""

    def patch() -> None:
        monkeypatch.setattr(flow_classes, "_by_class", by_class_reference)
        monkeypatch.setattr(flow_classes, "ok_by_class", ok_by_class_reference)
        monkeypatch.setattr(honest, "shifted_runs", shifted_runs_reference)

    return patch


def _spun_up(tmp_path: Path) -> Path:
    """tiny (three unit templates: rural and mountain communes, non-state factories) with
    its starting pipeline filled by a 3-year spin-up."""
    text = TINY.read_text(encoding="utf-8")
    text = re.sub(r"^pipeline_start:.*$", "pipeline_start: {method: spinup, spinup_years: 3}", text, flags=re.M)
    path = tmp_path / "tiny_spinup.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_class_sums_equal_the_reference_with_absent_classes():
    rng = np.random.default_rng(3)
    of_type = rng.integers(0, N_ALL, 1344)
    of_type[of_type == 4] = 5  # class 4 absent: its sum is 0
    for shape in [(5, 46, 1344), (5, 1, 1344), (2, 1344)]:
        counts = rng.random(shape) * rng.integers(0, 1000, shape)
        got, want = flow_classes._by_class(counts, of_type), by_class_reference(counts, of_type)
        assert got.shape == want.shape
        assert np.allclose(got, want, rtol=1e-12, atol=0.0)
        assert np.all(got[..., 4] == 0.0)


def test_class_sums_of_the_nonzero_counts_equal_the_reference():
    rng = np.random.default_rng(4)
    counts = rng.random((5, 46, 1344)) * (rng.random((5, 46, 1344)) < 0.05)  # a pool: one cell in twenty
    of_type = rng.integers(0, N_ALL, 1344)
    factor = rng.random((46, 1344))
    for f in (None, factor):
        want = ok_by_class_reference(counts, of_type, f)
        assert np.allclose(flow_classes.ok_by_class(counts, of_type, f), want, rtol=1e-12, atol=0.0)
    counts[0, 0, 0] = 7.0  # another pool (a copy): its own nonzero counts, not the cached ones
    other = counts.copy()
    assert np.allclose(flow_classes.ok_by_class(other, of_type), ok_by_class_reference(other, of_type), rtol=1e-12)


def test_stay_and_return_equals_the_reference_where_an_age_is_empty(tiny):
    flow = run_flow(tiny)
    m, s = flow.model, flow.state
    rng = np.random.default_rng(5)
    area, age = np.argwhere(m.tables.share.sum(axis=1) > 0)[-1]
    s.pool[area, :, age] = 0.0  # nobody of this area at this age: the returning take the tables' mix
    heads = s.pool.sum(axis=1)
    stays = 1 - 0.01 * rng.random(heads.shape)
    back = 0.3 * rng.random(heads.shape)
    want = s.pool.copy()
    ref = type("S", (), {"pool": want})()
    stay_and_return_reference(m, ref, heads, stays, back)
    flow_passes.stay_and_return(s.pool, m.tables_pack[1], heads, stays, back, np.zeros_like(back))
    assert np.allclose(s.pool, want, rtol=1e-12, atol=1e-12)
    assert s.pool[area, :, age].sum() == pytest.approx(back[area, age])


@pytest.mark.parametrize("spun", [False, True], ids=["tiny", "tiny_spinup"])
def test_flow_run_and_spinup_equal_the_reference(tmp_path, reference, spun):
    sc = load_scenario(_spun_up(tmp_path) if spun else TINY)
    plan = plan_sample(sc)
    sample, _ = sample_scenario(sc, plan.fraction)
    inputs = quick_inputs(sc, plan, sc.seed)
    fast = run_flow(sample, inputs).monthly
    fast_spin = spinup_stocks(sample, empty_pipeline(inputs), 36)
    reference()
    ref = run_flow(sample, inputs).monthly
    ref_spin = spinup_stocks(sample, empty_pipeline(inputs), 36)
    pd.testing.assert_frame_equal(fast, ref, check_exact=False, rtol=1e-9, atol=1e-9)
    for name, stock in ref_spin.items():
        assert np.allclose(fast_spin[name], stock, rtol=1e-9, atol=1e-9), name


def test_quick_verdicts_equal_the_reference(tmp_path, reference):
    sc = load_scenario(_spun_up(tmp_path))
    res = run_preview(sc, replications=4)
    u = ParameterUncertainty(sets=4)
    fast = judge_quick(sc, res, u)
    reference()
    ref = judge_quick(sc, res, u)
    pd.testing.assert_frame_equal(fast.verdicts, ref.verdicts, check_exact=False, rtol=1e-9, atol=1e-12)
    pd.testing.assert_frame_equal(fast.ensemble.annual, ref.ensemble.annual, check_exact=False, rtol=1e-9)


def test_shifted_runs_equal_the_reference_frame():
    """Shares pushed past 1, a group pushed past its total, a year without an effect (NaN),
    a negative net growth: the same frame, value for value and dtype for dtype."""
    full = pd.DataFrame(
        {
            "replication": np.repeat([0, 1, 2], 3),
            "year": np.tile([2021, 2022, 2023], 3),
            "months": 12,
            "admissions": np.arange(9, dtype=float) + 10,
            "adm_youth": np.arange(9, dtype=float) + 8,
            "admission_rate": np.linspace(0.5, 0.9, 9),
            "net_growth": np.linspace(-5, 5, 9),
            "identified": np.arange(9) * 3,  # an integer figure
        }
    )
    idx = pd.MultiIndex.from_product([[0, 1], [2021, 2022]], names=["set", "year"])
    effects = pd.DataFrame(
        {
            "admissions": [0.5, 1.0, 1.2, 0.9],
            "adm_youth": [0.5, 1.5, 2.0, 0.9],
            "admission_rate": [1.0, 1.5, 2.0, 0.1],
            "net_growth": [-3.0, 0.0, 2.5, 1.0],
            "identified": [1.1, 0.9, 1.0, 1.3],
        },
        index=idx,
    )
    got = honest.shifted_runs(full, effects)
    want = shifted_runs_reference(full, effects)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert (got["admission_rate"] <= 1.0).all() and (got["adm_youth"] <= got["admissions"]).all()
