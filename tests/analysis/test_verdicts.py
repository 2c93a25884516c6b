"""Verdicts computed from a known annual table."""

import numpy as np
import pandas as pd

from partysim.analysis.verdicts import evaluate
from partysim.scenario.targets import Target


class _Sc:
    def __init__(self, targets):
        self.targets = targets


def _annual(adm, members=1000):
    n = len(adm)
    return pd.DataFrame(
        {
            "replication": np.arange(n),
            "year": 2024,
            "months": 12,
            "admissions": adm,
            "members_start": members,
            "admission_rate": np.asarray(adm) / members,
            "net_growth": np.asarray(adm) - 25,
            "adm_youth": np.asarray(adm) // 2,
            "go_quota_met_share": 0.5,
        }
    )


def test_probability_mean_and_shortfall():
    adm = np.arange(1, 101)  # 1..100
    res = evaluate(_Sc([Target(name="n", kind="admissions", threshold=91)]), _annual(adm))
    (r,) = res
    assert r["probability"] == 0.10  # 91..100
    assert r["mean"] == 50.5
    assert r["p50"] == 50.5
    # expected shortfall = mean of max(91 - x, 0) over 1..100 = sum_{k=1}^{90} k / 100
    assert abs(r["expected_shortfall"] - sum(range(1, 91)) / 100) < 1e-12


def test_rate_and_composition_targets():
    adm = np.array([20, 30, 40, 50])
    sc = _Sc(
        [
            Target(name="3%", kind="admission_rate", threshold=0.03),
            Target(name="youth", kind="composition", group="youth", threshold=0.5),
            Target(name="growth", kind="net_growth", threshold=0),
        ]
    )
    res = {r["name"]: r for r in evaluate(sc, _annual(adm))}
    assert res["3%"]["probability"] == 0.75
    assert res["youth"]["probability"] == 1.0
    assert res["growth"]["probability"] == 0.75  # net growth -5, 5, 15, 25
