"""Held-out checks on the tiny territory: intervals, shares, months, nodes, errors, CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from partysim.analysis.holdout import HoldoutError, check_holdout, predicted_values
from partysim.cli import main
from partysim.scenario.validation import HeldOut


def _fig(**kw) -> HeldOut:
    base = {"name": "x", "variable": "admissions", "start": 2022, "end": 2023, "value": 1.0}
    return HeldOut.model_validate({**base, **kw})


def test_sum_over_years_matches_the_annual_table(tiny_results):
    a = tiny_results.annual
    v = predicted_values(_fig(), a)
    assert np.allclose(v.to_numpy(), a.groupby("replication")["admissions"].sum().to_numpy())


def test_months_read_the_monthly_table_and_shares_divide(tiny_results):
    m = tiny_results.monthly
    f = _fig(variable="adm_women", of="admissions", start="2022-01", end="2022-06")
    v = predicted_values(f, tiny_results.annual, m)
    w = m[(m.year == 2022) & (m.moy <= 6)].groupby("replication")[["adm_women", "admissions"]].sum()
    assert np.allclose(v.to_numpy(), (w["adm_women"] / w["admissions"]).fillna(0).to_numpy())


def test_inside_when_the_published_value_is_in_the_interval_and_outside_far_away(tiny, tiny_results):
    a = tiny_results.annual
    median = float(np.median(predicted_values(_fig(), a)))
    res = check_holdout(tiny, a, figures=[_fig(value=median), _fig(name="far", value=median * 10 + 100)])
    assert res.table["inside"].tolist() == [True, False]
    assert "OUTSIDE" in res.summary() and res.inside == 1


def test_a_range_meets_the_interval(tiny, tiny_results):
    a = tiny_results.annual
    lo = float(predicted_values(_fig(), a).max()) + 1
    assert not check_holdout(tiny, a, figures=[_fig(value=None, low=lo)]).table["inside"].iloc[0]
    assert check_holdout(tiny, a, figures=[_fig(value=None, low=0, high=lo)]).table["inside"].iloc[0]


def test_unknown_column_or_node_is_one_clear_error(tiny, tiny_results):
    with pytest.raises(HoldoutError, match="no column 'nonsense'"):
        check_holdout(tiny, tiny_results.annual, figures=[_fig(variable="nonsense")])
    with pytest.raises(HoldoutError, match="no node 'Nowhere'"):
        check_holdout(tiny, tiny_results.annual, by_node=tiny_results.by_node, figures=[_fig(node="Nowhere")])


def test_years_and_months_are_not_mixed():
    with pytest.raises(ValueError, match="both years"):
        _fig(start="2022", end="2023-06")


def test_cli_reports_and_writes(tmp_path, tiny_path):
    sc = tmp_path / "s.yaml"
    sc.write_text(
        f"extends: {tiny_path}\nvalidation:\n  holdout:\n"
        "    - {name: admitted 2022, variable: admissions, start: 2022, end: 2022, value: 20}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["holdout", str(sc), "-n", "2", "--lang", "en", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "admitted 2022: predicted" in r.output and "held-out figures inside" in r.output
    doc = json.loads((out / "holdout.json").read_text(encoding="utf-8"))
    assert doc["checks"][0]["name"] == "admitted 2022"


def test_cli_bad_file_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["holdout", str(bad)])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_cli_over_parameter_sets_widens_the_interval(tmp_path, tiny_path):
    sc = tmp_path / "s.yaml"
    sc.write_text(
        f"extends: {tiny_path}\nvalidation:\n  holdout:\n"
        "    - {name: admitted 2023, variable: admissions, start: 2023, end: 2023, value: 20}\n",
        encoding="utf-8",
    )
    widths = {}
    for k in (0, 6):
        out = tmp_path / f"out{k}"
        r = CliRunner().invoke(main, ["holdout", str(sc), "-n", "3", "-k", str(k), "--lang", "en", "--out", str(out)])
        assert r.exit_code == 0, r.output
        row = json.loads((out / "holdout.json").read_text(encoding="utf-8"))["checks"][0]
        widths[k] = row["p90"] - row["p10"]
        assert ("over parameter sets" in r.output) == (k > 0)
    assert widths[6] > widths[0]


def test_cli_preview_runs_every_set_on_the_sample(tmp_path, tiny_path, monkeypatch):
    """``holdout --preview`` predicts from the preview's weighted sample (here a budget of a
    third of the tiny territory, so the sample is not the whole): with and without parameter
    sets its intervals are those of the preview runs in Python, not of full-scale runs."""
    import partysim.analysis.preview as preview
    from partysim.analysis.holdout import holdout_over_sets
    from partysim.analysis.honest import ParameterUncertainty
    from partysim.scenario.schema import load_scenario

    sc_path = tmp_path / "s.yaml"
    sc_path.write_text(
        f"extends: {tiny_path}\nvalidation:\n  holdout:\n"
        "    - {name: admitted 2023, variable: admissions, start: 2023, end: 2023, value: 20}\n",
        encoding="utf-8",
    )
    sc = load_scenario(sc_path)
    budget = preview.plan_sample(sc, 10**9).people // 3
    assert preview.plan_sample(sc, budget).fraction < 0.5
    monkeypatch.setattr(preview, "PREVIEW_PEOPLE", budget)
    sample = preview.run_preview(sc, budget, replications=3, seed=sc.seed)
    full = check_holdout(sc, run_full(sc, 3).annual).table.iloc[0]
    expected = {0: check_holdout(sc, sample.annual).table.iloc[0]}
    draws, weights, _ = ParameterUncertainty(sets=2).design(sc, sc.seed)
    expected[2] = holdout_over_sets(sc, draws, 3, sc.seed, weights, people_budget=budget).table.iloc[0]
    for k, want in expected.items():
        out = tmp_path / f"out{k}"
        args = ["holdout", str(sc_path), "-n", "3", "-k", str(k), "--preview", "--lang", "en", "--out", str(out)]
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 0, r.output
        row = json.loads((out / "holdout.json").read_text(encoding="utf-8"))["checks"][0]
        assert row["p10"] == pytest.approx(want["p10"]) and row["p90"] == pytest.approx(want["p90"])
    assert (expected[0]["p10"], expected[0]["p90"]) != (full["p10"], full["p90"])


def run_full(sc, n):
    from partysim.analysis.runner import run

    return run(sc, replications=n, seed=sc.seed, progress=False)
