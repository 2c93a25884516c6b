"""Which levers matter, on synthetic sweeps with a known answer."""

from __future__ import annotations

import numpy as np
import pandas as pd

from partysim.batch.sensitivity import first_order_indices, logistic_levers


def _runs(seed: int = 0, points: int = 40, reps: int = 5) -> pd.DataFrame:
    """A Latin-hypercube sweep of levers a (0-1) and b (0-10); only a matters."""
    from scipy.stats import qmc

    rng = np.random.default_rng(seed)
    u = qmc.LatinHypercube(d=2, rng=np.random.default_rng(seed)).random(points)
    a, b = u[:, 0], 10 * u[:, 1]
    rows = []
    for i in range(points):
        for r in range(reps):
            for year in (2024, 2025):
                value = 10 * a[i] + rng.normal(0, 1.5)
                rows.append(
                    {
                        "label": f"p{i}",
                        "a": a[i],
                        "b": b[i],
                        "replication": r,
                        "target": "T",
                        "year": year,
                        "value": value,
                        "met": value >= 5,
                    }
                )
                rows.append(
                    {
                        "label": f"p{i}",
                        "a": a[i],
                        "b": b[i],
                        "replication": r,
                        "target": "always",
                        "year": year,
                        "value": 1.0,
                        "met": True,
                    }
                )
    return pd.DataFrame(rows)


def test_first_order_index_finds_the_lever_that_matters():
    s1 = first_order_indices(_runs(), ["a", "b"], seed=1)
    t = s1[s1["target"] == "T"].set_index("lever")
    # true first-order index of a: 8.33 / (8.33 + 1.5**2) = 0.79; of b: 0
    assert 0.6 < t.loc["a", "S1"] < 0.95 and t.loc["b", "S1"] < 0.2
    assert t.loc["a", "n"] == 200
    const = s1[s1["target"] == "always"]
    assert const["S1"].isna().all()  # no variance: nothing to explain
    assert s1.equals(first_order_indices(_runs(), ["a", "b"], seed=1))  # deterministic


def test_logistic_regression_signs_and_notes():
    table, notes = logistic_levers(_runs(), ["a", "b"])
    t = table.set_index("lever")
    assert t.loc["a", "coef"] > 1 and t.loc["a", "p"] < 1e-6 and t.loc["a", "odds_ratio"] > 1
    assert abs(t.loc["b", "coef"]) < 0.5 and t.loc["b", "p"] > 0.01
    assert t.loc["a", "coef_per_unit"] == np.float64(t.loc["a", "coef"] / t.loc["a", "sd"])
    assert notes == {"always": "always met"}


def test_perfect_separation_is_a_note_not_a_number():
    runs = _runs()
    runs["met"] = runs["a"] > 0.5
    table, notes = logistic_levers(runs[runs["target"] == "T"], ["a", "b"])
    assert table.empty and "separation" in notes["T"]
