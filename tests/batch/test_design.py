"""Sweep designs: grid order and Latin hypercubes within ranges, deterministic."""

from __future__ import annotations

import numpy as np
import pytest

import partysim
from partysim.batch.design import SweepDesignError, sweep_points, value_at
from partysim.scenario.study import Sweep

from .conftest import TINY


@pytest.fixture(scope="module")
def tiny() -> partysim.Scenario:
    return partysim.load_scenario(TINY)


def test_grid_is_every_combination_last_parameter_fastest(tiny):
    sweep = Sweep(method="grid", parameters={"levers.classes_per_year": [2, 4], "pipeline.vote_pass": [0.8, 0.9, 1.0]})
    pts = sweep_points(tiny, sweep)
    assert len(pts) == 6
    assert pts[0] == {"levers.classes_per_year": 2.0, "pipeline.vote_pass": 0.8}
    assert pts[1] == {"levers.classes_per_year": 2.0, "pipeline.vote_pass": 0.9}
    assert pts[-1] == {"levers.classes_per_year": 4.0, "pipeline.vote_pass": 1.0}


def test_lhs_is_stratified_within_ranges_and_deterministic(tiny):
    sweep = Sweep(
        method="lhs",
        samples=20,
        seed=4,
        parameters={"levers.classes_per_year": {"low": 2, "high": 12}, "pipeline.identification_rate": {}},
    )
    pts = sweep_points(tiny, sweep)
    assert pts == sweep_points(tiny, sweep)  # same block, same points
    assert pts != sweep_points(tiny, sweep.model_copy(update={"seed": 5}))
    x = np.array([p["levers.classes_per_year"] for p in pts])
    lo, hi = next((p.lo, p.hi) for p in partysim.iter_params(tiny) if p.path == "pipeline.identification_rate")
    y = np.array([p["pipeline.identification_rate"] for p in pts])
    assert x.min() >= 2 and x.max() <= 12
    assert y.min() >= lo and y.max() <= hi  # open range = the declared plausible range
    # one point in each of the 20 equal slices of each range (Latin hypercube)
    assert sorted(np.minimum(((x - 2) / 10 * 20).astype(int), 19)) == list(range(20))
    assert sorted(np.minimum(((y - lo) / (hi - lo) * 20).astype(int), 19)) == list(range(20))


def test_lhs_choices_and_integer_fields(tiny):
    sweep = Sweep(
        method="lhs",
        samples=6,
        seed=1,
        parameters={"levers.seats_per_class": [20, 40, 60], "territory.units[0].count": {"low": 1, "high": 5}},
    )
    pts = sweep_points(tiny, sweep)
    assert sorted(p["levers.seats_per_class"] for p in pts) == [20, 20, 40, 40, 60, 60]
    counts = [p["territory.units[0].count"] for p in pts]
    assert all(float(c).is_integer() and 1 <= c <= 5 for c in counts)


def test_open_range_of_an_undeclared_path_is_an_error(tiny):
    sweep = Sweep(method="lhs", samples=4, parameters={"territory.units[0].count": {"low": 1}})
    with pytest.raises(SweepDesignError, match="give both low and high"):
        sweep_points(tiny, sweep)


def test_value_at_reads_numbers_only(tiny):
    assert value_at(tiny, "levers.classes_per_year") == 4.0
    assert value_at(tiny, "territory.units[1].count") == 1.0
    assert value_at(tiny, "territory.name") is None
    assert value_at(tiny, "no.such.path") is None
