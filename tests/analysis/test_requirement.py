"""What it takes: the smallest lever setting meeting a target with a probability, checked
independently (other seed, more replications, binomial tolerance); a target out of reach;
the cheapest of two levers with costs in a case whose answer follows by reasoning; bad
input; and the monotone search itself on known functions."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from partysim.analysis.ensemble import run_ensemble
from partysim.analysis.lever_search import Axis, cheapest_on_line, smallest_passing
from partysim.analysis.requirement import RequirementError, require
from partysim.scenario.schema import load_scenario

SEATS = "seats_per_class"
CLASSES = "classes_per_year"
TARGET = "twenty in 2023"
# Two classes a year, so seats per class bind: in tiny.yaml admissions in 2023 rise from
# about 9 (5 seats) to about 26 (17 seats); the target is crossed in between.
SEATED = [f"targets=[{{name: {TARGET}, kind: admissions, threshold: 20, years: [2023]}}]", f"levers.{CLASSES}=2"]
# Two parameter sets around the scenario's identification rate (the driver of sources).
SETS = pd.DataFrame({"pipeline.identification_rate": [0.018, 0.022]})
P = 0.5  # required probability; at 0.5 the binomial spread is widest, so the tolerance is honest
R_SEARCH, R_CHECK, Z = 30, 60, 2.5


@pytest.fixture(scope="module")
def seated(tiny_path):
    return load_scenario(tiny_path, SEATED)


@pytest.fixture(scope="module")
def seats_needed(seated):
    return require(seated, TARGET, P, [SEATS], parameter_sets=SETS, replications=R_SEARCH, seed=11)


def _check(scenario, seats: float) -> tuple[float, int]:
    """Pooled P(met) at ``seats`` from an independent ensemble: other seed, more replications."""
    ens = run_ensemble(scenario.with_values({f"levers.{SEATS}": seats}), SETS, R_CHECK, seed=977)
    return ens.prob_met(TARGET, 2023), len(SETS) * R_CHECK


def test_required_setting_meets_target_in_an_independent_check(seated, seats_needed):
    res = seats_needed
    assert res.met and res.years == [2023]
    v = res.setting[SEATS]
    assert float(v).is_integer() and 5 <= v <= 300
    p_at, n_check = _check(seated, v)
    p_below, _ = _check(seated, v - 1)
    # the search's own estimate (N1 runs) and the check's (N2 runs) each carry binomial noise;
    # the answer was chosen because its estimate reached P, so allow for both.
    n_search = len(SETS) * R_SEARCH
    tol = Z * math.sqrt(P * (1 - P) * (1 / n_search + 1 / n_check))
    assert p_at >= P - tol, (v, p_at, tol)
    assert p_below < P + tol, (v - 1, p_below, tol)
    assert p_at > p_below  # more seats, more admissions: the step matters


def test_answer_is_reported_with_the_step_below_and_the_interval(seats_needed):
    res = seats_needed
    v = res.setting[SEATS]
    assert res.reached[2023] >= P and res.shortfall == 0
    assert res.below is not None and res.below[0] == v - 1 and res.below[1] < P
    # every setting tried: passing ones lie at or above the answer
    tried = res.to_frame()
    assert set(tried["year"]) == {2023}
    assert (tried.loc[tried["probability"] >= P, SEATS] >= v).all()
    assert len(tried) <= 12  # galloping and bisection on 5-300, not a grid of 296 values
    # each set's own answer brackets the pooled one; the lower identification rate needs more seats
    per_set = res.per_set.set_index("set")[SEATS]
    assert per_set[0] >= per_set[1]
    lo, hi = res.interval
    assert lo <= v <= hi and lo == per_set.min() and hi == per_set.max()
    assert "answer: seats_per_class = " in res.summary() and "10th-90th" in res.summary()
    assert res.as_dict()["interval"]["p10"] == lo


def test_paired_runs_make_the_answer_reproducible(seated, seats_needed):
    again = require(seated, TARGET, P, [SEATS], parameter_sets=SETS.iloc[[0]], replications=4, seed=11)
    same = require(seated, TARGET, P, [SEATS], parameter_sets=SETS.iloc[[0]], replications=4, seed=11)
    assert again.setting == same.setting and again.to_frame().equals(same.to_frame())


def test_target_out_of_reach_says_how_close_the_top_gets(tiny_path):
    sc = load_scenario(tiny_path, ["targets=[{name: far, kind: admissions, threshold: 45, years: [2023]}]"])
    res = require(sc, "far", 0.8, [SEATS], parameter_sets=SETS.iloc[[1]], replications=4, seed=5)
    assert not res.met and res.setting == {SEATS: 300.0} and res.cost is None
    # independently: at the top of the range, with another seed, the target is rarely met
    top = run_ensemble(sc.with_values({f"levers.{SEATS}": 300}), SETS.iloc[[1]], 20, seed=41)
    assert top.prob_met("far", 2023) < 0.8
    assert res.shortfall == pytest.approx(0.8 - res.reached[2023]) and res.shortfall > 0
    assert (res.to_frame()["probability"] < 0.8).all()
    assert res.summary().splitlines()[-1].startswith("not reachable within the range: at seats_per_class = 300")


def test_two_levers_with_costs_pick_the_cheaper_combination(tiny_path):
    """Classes nearly free (0.0001 a class), seats dear (1 a seat). Any extra seat costs
    more than every class the range allows (2000 x 0.0001 = 0.2), so the cheapest
    combination has the fewest seats at which some number of classes passes, which by
    monotonicity is the fewest seats passing with classes at the top, S; and then the
    fewest classes passing with S seats."""
    costs = "lever_costs={unit: million VND, per_unit: {classes_per_year: 0.0001, seats_per_class: 1}}"
    sc = load_scenario(tiny_path, [*SEATED, costs])
    kw = {"parameter_sets": SETS.iloc[[0]], "replications": 4, "seed": 3}
    res = require(sc, TARGET, 0.75, [CLASSES, SEATS], **kw)
    # the answer by reasoning, from two single-lever searches
    s = require(sc.with_values({f"levers.{CLASSES}": 2000}), TARGET, 0.75, [SEATS], **kw).setting[SEATS]
    a = require(sc.with_values({f"levers.{SEATS}": s}), TARGET, 0.75, [CLASSES], **kw).setting[CLASSES]
    assert res.met and res.setting == {CLASSES: a, SEATS: s}
    assert res.cost == pytest.approx(0.0001 * a + s) and res.cost_unit == "million VND"
    # the scenario's own two classes of 30 seats cost more
    assert res.cost < 0.0001 * 2 + 30


def test_several_levers_need_costs(tiny):
    with pytest.raises(RequirementError, match=r"lever_costs.per_unit: .*none for classes_per_year, seats_per_class"):
        require(tiny, "3% rule", 0.8, [CLASSES, SEATS])


@pytest.mark.parametrize(
    ("target", "probability", "levers", "message"),
    [
        ("3% rule", 0.8, ["no_such_lever"], "--lever: unknown lever 'no_such_lever'"),
        ("3% rule", 0.8, [CLASSES, CLASSES], "--lever: classes_per_year given twice"),
        ("3% rule", 0.8, [], "--lever: expected at least one lever"),
        ("no such target", 0.8, [CLASSES], "--target: no target named 'no such target'"),
        ("3% rule", 1.0, [CLASSES], "--probability: expected a probability strictly between 0 and 1"),
        ("3% rule", 0.0, [CLASSES], "--probability: expected a probability strictly between 0 and 1"),
    ],
)
def test_bad_input_is_refused_before_any_run(tiny, target, probability, levers, message):
    with pytest.raises(RequirementError, match=message.replace("(", r"\(")):
        require(tiny, target, probability, levers)


# -- the search itself, on functions whose answer is known ------------------------------
@pytest.mark.parametrize("answer", [0, 1, 7, 29, 30, 31, 737, 1999, 2000])
@pytest.mark.parametrize("start", [0, 30, 2000])
def test_smallest_passing_on_whole_numbers(answer, start):
    calls = []

    def passes(v):
        calls.append(v)
        return v >= answer

    assert smallest_passing(passes, Axis(0, 2000, True, 1.0), start) == answer
    assert all(float(v).is_integer() for v in calls)
    assert len(calls) <= 2 * math.log2(2000) + 2  # logarithmic, not a sweep


def test_smallest_passing_continuous_and_unreachable():
    axis = Axis(0.0, 1.0, False, 0.01)
    found = smallest_passing(lambda v: v >= 0.437, axis, 0.0)
    assert 0.437 <= found <= 0.437 + 0.01
    assert smallest_passing(lambda v: False, axis, 0.5) is None
    assert smallest_passing(lambda v: True, axis, 0.5) == 0.0


def test_cheapest_on_line_finds_the_valley():
    axis = Axis(0, 100, True, 1.0)
    assert cheapest_on_line(lambda a: (a - 63) ** 2 + 5, axis) == (63, 5)
    assert cheapest_on_line(lambda a: math.inf if a < 40 else a, axis) == (40, 40)
    assert cheapest_on_line(lambda a: -a, axis)[0] == 100
    rng = np.random.default_rng(0)
    for m in rng.uniform(0, 1, 5):
        v, _ = cheapest_on_line(lambda a, m=m: abs(a - m), Axis(0.0, 1.0, False, 0.01))
        assert abs(v - m) <= 0.01
