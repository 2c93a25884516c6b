"""The quarterly review: conditioning on the actuals so far, units at risk, paired actions.

The known-outcome tests build their truth: a run of the same scenario with another seed
plays the year that happened; its admissions by the as-of quarter (and its pipeline then)
are the actuals, and the review, run with other seeds, must place the truth's year total
inside its 80% interval as often as an 80% interval should.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import partysim
from partysim.analysis.review import Action, condition, default_actions, parse_action, review
from partysim.analysis.review_runs import STAGE_CODES, as_of_month, run_review_replications
from partysim.scenario.sheets.actuals import Actuals, UnitActuals

AS_OF = "2023-Q2"
TRUTHS = 40
POOL = 40


@pytest.fixture(scope="module")
def truth(tiny):
    return run_review_replications(tiny, AS_OF, TRUTHS, seed=101)


@pytest.fixture(scope="module")
def pool(tiny):
    return run_review_replications(tiny, AS_OF, POOL, seed=202)


def _no_pipeline(runs):
    return np.full(runs.pipeline.shape[1:], np.nan)


def _coverage(truth, pool, with_pipeline: bool) -> tuple[float, float]:
    """Share of truths inside the review's 80% interval of the territory's year, and the
    mean width of that interval."""
    inside, widths = 0, []
    for k in range(TRUTHS):
        pipe = truth.pipeline[k] if with_pipeline else _no_pipeline(truth)
        year, _ = condition(pool, truth.before[k], pipe)
        lo, hi = np.percentile(year[:, 0].sum(axis=1), [10, 90])
        outcome = truth.before[k].sum() + truth.after[k, 0].sum()
        inside += lo <= outcome <= hi
        widths.append(hi - lo)
    return inside / TRUTHS, float(np.mean(widths))


def _coverage_band() -> tuple[float, float]:
    """Expected coverage of an empirical 10-90% interval of POOL draws for a new draw, and
    3 standard deviations of the observed share over TRUTHS truths sharing one pool (the
    truths' binomial spread plus the pool's own, a beta with the same mean)."""
    expected = 0.8 * (POOL - 1) / (POOL + 1)
    var = expected * (1 - expected) * (1 / TRUTHS + 1 / (POOL + 2))
    return expected, 3 * math.sqrt(var)


@pytest.mark.parametrize("with_pipeline", [False, True])
def test_known_outcome_lies_in_the_interval_as_often_as_it_should(truth, pool, with_pipeline):
    share, _ = _coverage(truth, pool, with_pipeline)
    expected, tol = _coverage_band()
    assert abs(share - expected) <= tol, (share, expected, tol)


def test_the_actuals_narrow_the_interval_and_the_pipeline_narrows_it_further(truth, pool):
    plain = pool.before.sum(axis=1) + pool.after[:, 0].sum(axis=1)
    plain_width = np.subtract(*np.percentile(plain, [90, 10]))
    _, without = _coverage(truth, pool, with_pipeline=False)
    _, with_pipe = _coverage(truth, pool, with_pipeline=True)
    assert without < 0.85 * plain_width
    assert with_pipe < 0.85 * without


def test_a_thin_pipeline_lowers_the_forecast_towards_a_slower_truth(tiny, pool):
    """Truths from a slower world (half the identification rate): with their pipeline the
    review lands closer to their year than with their admissions alone."""
    slow = tiny.with_values({"pipeline.identification_rate": 0.005})
    truths = run_review_replications(slow, AS_OF, 12, seed=303)
    errors = {True: [], False: []}
    for k in range(12):
        outcome = truths.before[k].sum() + truths.after[k, 0].sum()
        for with_pipeline in errors:
            pipe = truths.pipeline[k] if with_pipeline else _no_pipeline(truths)
            year, _ = condition(pool, truths.before[k], pipe)
            errors[with_pipeline].append(abs(year[:, 0].sum(axis=1).mean() - outcome))
    assert np.mean(errors[True]) < np.mean(errors[False])


def _actuals(**units) -> Actuals:
    return Actuals("test", {name: UnitActuals(name, adm, pipe) for name, (adm, pipe) in units.items()})


EMPTY = dict.fromkeys(("class", "certified", "vetting", "vote"), 0)


@pytest.fixture(scope="module")
def behind_and_ahead(tiny):
    """Village communes far behind with an empty pipeline, the mountain commune far ahead
    (its quota already met), the factories far behind without pipeline counts."""
    actuals = _actuals(**{"Village communes": (0, EMPTY), "Mountain commune": (9, {}), "Factories": (0, {})})
    return review(tiny, actuals, "2023-Q3", replications=20, seed=11, actions=[])


def test_units_far_behind_are_at_risk_and_far_ahead_are_not(behind_and_ahead):
    units = behind_and_ahead.units.set_index("unit")
    assert units.loc["Village communes", "at_risk"]
    assert units.loc["Village communes", "probability"] < 0.2
    assert not units.loc["Mountain commune", "at_risk"]
    assert units.loc["Mountain commune", "probability"] == 1.0
    assert "Village communes" in set(behind_and_ahead.at_risk["unit"])


def test_the_nowcast_flags_a_unit_behind_without_pipeline_counts(behind_and_ahead):
    units = behind_and_ahead.units.set_index("unit")
    assert units.loc["Factories", "nowcast_at_risk"]
    assert not units.loc["Mountain commune", "nowcast_at_risk"]


@pytest.fixture(scope="module")
def few_classes():
    return partysim.load_scenario("tests/data/tiny.yaml", ["levers.classes_per_year=1", "levers.seats_per_class=10"])


def test_more_classes_raise_the_probability_paired(few_classes):
    more = Action("more_classes", {"classes_per_year": 1 + 36 / 9})
    actuals = _actuals(**{"Village communes": (1, {})})
    res = review(few_classes, actuals, "2023-Q1", replications=40, seed=5, actions=[more], risk_level=1.0)
    rows = res.actions.set_index("unit")
    village = rows.loc["Village communes"]
    assert village["gain"] > 0
    assert village["admissions_gain"] > 3 * village["admissions_gain_se"]
    assert rows.loc["*", "admissions_gain"] > 3 * rows.loc["*", "admissions_gain_se"]


def test_an_action_that_changes_nothing_gives_the_same_runs(few_classes):
    same = Action("same", {"classes_per_year": 1.0})
    runs = run_review_replications(few_classes, "2023-Q1", 3, seed=5, actions=[same])
    np.testing.assert_array_equal(runs.after[:, 0], runs.after[:, 1])


def test_without_actuals_the_year_is_the_plain_simulation(pool):
    nothing = np.full(pool.before.shape[1], np.nan)
    year, factor = condition(pool, nothing, _no_pipeline(pool))
    np.testing.assert_array_equal(year[:, 0], pool.before + pool.after[:, 0])
    assert (factor == 1).all()


def test_the_source_list_does_not_scale(pool):
    pipe = np.full(pool.pipeline.shape[1:], np.nan)
    pipe[:, list(STAGE_CODES).index("source")] = 1000
    with_source, _ = condition(pool, pool.before[0], pipe)
    without, _ = condition(pool, pool.before[0], _no_pipeline(pool))
    np.testing.assert_array_equal(with_source, without)


def test_the_simulated_pipeline_itself_leaves_the_year_about_unchanged(pool):
    """Giving each replication's own simulated pipeline as the actuals draws its people's
    admissions afresh with that replication's chances: the same expected year."""
    mean_pipeline = np.round(pool.pipeline.mean(axis=0))
    year, factor = condition(pool, pool.before.mean(axis=0), mean_pipeline)
    plain, _ = condition(pool, pool.before.mean(axis=0), _no_pipeline(pool))
    se = plain[:, 0].sum(axis=1).std(ddof=1) / np.sqrt(len(plain))
    assert abs(year[:, 0].sum(axis=1).mean() - plain[:, 0].sum(axis=1).mean()) < 4 * se
    assert factor[0] == pytest.approx(1, abs=0.1)  # the village communes: a pipeline of dozens


def test_people_in_vetting_are_admitted_and_an_empty_list_admits_nobody_from_it(pool):
    k = list(STAGE_CODES).index("vetting")
    counts = {}
    for n in (0, 200):
        pipe = np.full(pool.pipeline.shape[1:], np.nan)
        pipe[0, k] = n
        year, _ = condition(pool, pool.before[0], pipe)
        counts[n] = year[:, 0, 0].mean()
    from_vetting = pool.from_stage[:, 0, 0, k].sum() / pool.pipeline[:, 0, k].sum()
    assert counts[200] - counts[0] == pytest.approx(200 * from_vetting, rel=0.1)
    assert from_vetting > 0.2  # six months is long enough for most of vetting


def test_as_of_periods(tiny):
    assert as_of_month(tiny, "2023-Q2") == (2023, 6, 17)
    assert as_of_month(tiny, "2023-05") == (2023, 5, 16)
    for bad in ("2023-Q4", "2023-12", "2021-Q2", "2024-Q1", "2023Q2", "2023-Q5", "2023-13"):
        with pytest.raises(ValueError):
            as_of_month(tiny, bad)


def test_default_actions_add_classes_for_the_months_left(tiny):
    actions = {a.key: a for a in default_actions(tiny, "2023-Q3")}
    # 3 months left: one more class is 4 more a year for those months
    assert actions["one_more_class"].changes["classes_per_year"] == pytest.approx(4 + 4)
    assert actions["faster_vetting"].changes == {"faster_vetting": 1.0}


def test_parse_action():
    assert parse_action("faster_vetting=1,seats_per_class=40").changes == {
        "faster_vetting": 1.0,
        "seats_per_class": 40.0,
    }
    for bad in ("nope=1", "faster_vetting", "faster_vetting=x"):
        with pytest.raises(ValueError):
            parse_action(bad)


def test_summary_and_frames(behind_and_ahead):
    text = behind_and_ahead.summary()
    assert "as of 2023-Q3" in text and "Village communes" in text
    assert list(behind_and_ahead.to_frame()["unit"])[-1] == "*"


def test_the_brief_names_the_most_effective_action_or_says_none_closes_the_gap(tiny, few_classes):
    from partysim.outputs.document import to_markdown
    from partysim.outputs.review_text import review_blocks

    nothing = Action("nothing", {"classes_per_year": 4.0})
    behind = _actuals(**{"Village communes": (0, EMPTY)})
    res = review(tiny, behind, "2023-Q3", replications=6, seed=3, actions=[nothing])
    assert "No action tried brings the units at risk" in to_markdown(review_blocks(res, "en"))
    more = Action("more", {"classes_per_year": 1 + 36 / 9, "faster_vetting": 1.0})
    res = review(few_classes, _actuals(**{"Village communes": (1, {})}), "2023-Q1", 20, 5, [more], risk_level=0.6)
    lifted = res.actions[(res.actions["probability"] < 0.6) & (res.actions["probability_action"] >= 0.6)]
    text = to_markdown(review_blocks(res, "vi"))
    assert not lifted.empty  # more classes and faster vetting lift a unit to 60%
    names = ", ".join("toàn đảng bộ" if u == "*" else u for u in lifted["unit"])
    assert f"Hiệu quả nhất: more, đưa xác suất đạt chỉ tiêu của {names} lên ít nhất 60%" in text


def test_same_seed_same_numbers(tiny):
    actuals = _actuals(**{"Village communes": (3, {"vetting": 4, "vote": 2})})
    one, two = (review(tiny, actuals, "2023-Q2", replications=3, seed=9) for _ in range(2))
    assert one.units.equals(two.units) and one.actions.equals(two.actions)


def test_each_replication_runs_under_its_parameter_set(tiny):
    """With a posterior whose weight is all on one set, the review is the review of the
    scenario at that set's values (same seed and replications): the sets reach the runs."""
    import pandas as pd

    from partysim.analysis.honest import ParameterUncertainty

    sets = pd.DataFrame({"pipeline.identification_rate": [0.03, 0.012]})
    u = ParameterUncertainty(sets=2, posterior=(sets, np.array([0.0, 1.0])))
    actuals = _actuals(**{"Village communes": (3, {"vetting": 4})})
    with_sets = review(tiny, actuals, AS_OF, replications=3, seed=9, actions=[], uncertainty=u)
    at_set = review(tiny.with_values({"pipeline.identification_rate": 0.012}), actuals, AS_OF, 3, 9, [])
    plain = review(tiny, actuals, AS_OF, replications=3, seed=9, actions=[])
    assert with_sets.sets == 1 and with_sets.parameter_source == "posterior"
    assert with_sets.units.equals(at_set.units)
    assert not with_sets.units.equals(plain.units)  # the set's lower rate changes the year
    assert "1 parameter sets (posterior)" in with_sets.summary()


def test_more_parameter_sets_than_replications_are_refused(tiny):
    from partysim.analysis.honest import ParameterUncertainty

    with pytest.raises(ValueError, match="at most one set per replication"):
        review(tiny, _actuals(), AS_OF, replications=2, seed=9, actions=[], uncertainty=ParameterUncertainty(sets=3))


@pytest.mark.parametrize("weights", [[1, 1, 1], [0.75, 0.25], [0.5, 0.0, 0.3, 0.2], [0.01, 0.99]])
def test_replications_are_shared_among_sets_by_weight(weights):
    from partysim.analysis.honest import systematic_picks

    w = np.asarray(weights, float)
    for n in (4, 7, 40):
        counts = np.bincount(systematic_picks(w, n, seed=3), minlength=len(w))
        assert counts.sum() == n and np.all(np.abs(counts - n * w / w.sum()) < 1)
