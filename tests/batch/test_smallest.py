"""The smallest lever setting that meets a target, on synthetic tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from partysim.batch.smallest import smallest_in_group, smallest_setting, smallest_settings


def test_met_from_there_on_ignores_a_lucky_point_below_a_failing_one():
    values = np.array([1, 2, 3, 4, 5, 6], float)
    probs = np.array([0.1, 0.5, 0.85, 0.7, 0.9, 0.95])
    assert values[smallest_in_group(values, probs, 0.8)] == 5
    assert smallest_in_group(values, np.full(6, 0.9), 0.8) == 0
    assert smallest_in_group(values, np.array([0.9, 0.9, 0.9, 0.9, 0.9, 0.5]), 0.8) is None
    shuffled = np.array([4, 6, 1, 5, 3, 2], float)
    p = dict(zip(values, probs))
    assert shuffled[smallest_in_group(shuffled, np.array([p[v] for v in shuffled]), 0.8)] == 5


def test_the_level_is_inclusive_and_ties_must_all_meet():
    assert smallest_in_group(np.array([1.0, 2.0]), np.array([0.8, 0.8]), 0.8) == 0
    values = np.array([1, 2, 2, 3], float)
    assert values[smallest_in_group(values, np.array([0.9, 0.9, 0.5, 0.9]), 0.8)] == 3


def _grid() -> pd.DataFrame:
    rows = []
    for b, probs in ((0.0, [0.2, 0.6, 0.9]), (1.0, [0.85, 0.9, 0.95])):
        for a, p in zip([1.0, 2.0, 3.0], probs):
            rows.append({"a": a, "b": b, "probability": p})
    return pd.DataFrame(rows)


def test_other_levers_at_the_scenario_s_values_are_preferred():
    t = _grid()
    at_base = smallest_setting(t, "a", ["b"], base={"b": 0.0})
    assert at_base == {"value": 3.0, "probability": 0.9, "others": {"b": 0.0}, "at_base": True}
    anywhere = smallest_setting(t, "a", ["b"], base={"b": 0.5})
    assert anywhere["value"] == 1.0 and anywhere["others"] == {"b": 1.0} and not anywhere["at_base"]
    assert smallest_setting(t, "a", ["b"], level=0.99) is None


def test_every_target_year_and_lever():
    t = pd.concat([_grid().assign(target="T", year=2024), _grid().assign(target="T", year=2025, probability=0.1)])
    out = smallest_settings(t, ["a", "b"], base={"a": 1.0, "b": 0.0}, level=0.8)
    assert len(out) == 4
    row = out[(out["year"] == 2024) & (out["lever"] == "a")].iloc[0]
    assert row["met"] and row["value"] == 3.0
    row_b = out[(out["year"] == 2024) & (out["lever"] == "b")].iloc[0]
    assert row_b["value"] == 1.0 and row_b["others"] == {"a": 1.0}
    missed = out[out["year"] == 2025]
    assert not missed["met"].any() and missed["value"].isna().all() and (missed["probability"] == 0.1).all()
