"""Calibration recovers a known parameter and flags ones the data cannot pin down."""

import pytest
import yaml

from partysim.analysis.calibration import CalibrationError, calibrate, simulate_moments
from partysim.outputs.calibration_files import write_calibration
from partysim.scenario.study import Calibration, Moment


def _small(tiny):
    sc = tiny.model_copy(deep=True)
    sc.end = "2022-12"
    sc.territory.units = sc.territory.units[:1]
    return sc


def test_recovers_a_known_identification_rate(tiny, tmp_path):
    truth = _small(tiny)
    truth.pipeline.identification_rate = 0.05
    moment = Moment(name="adm", variable="identified", start="2022-01", end="2022-12", value=0.0)
    observed = simulate_moments(truth, [moment], 3)[0]
    assert observed > 20
    sc = _small(tiny)
    sc.pipeline.identification_rate = 0.03  # start away from the truth
    sc.calibration = Calibration(
        parameters=["pipeline.identification_rate", "employment.new_party_org_size_min"],
        moments=[moment.model_copy(update={"value": observed})],
        replications=3,
        max_evaluations=25,
    )
    res = calibrate(sc)
    # same seeds as the truth: the fitted rate reproduces the observed count closely
    assert abs(res.values["pipeline.identification_rate"] - 0.05) / 0.05 < 0.15
    assert res.objective < res.objective_start
    assert abs(res.fit.rel_error.iloc[0]) < 0.05
    # new party organisations are not part of this scenario: the data cannot pin that down
    assert res.flat == ["employment.new_party_org_size_min"]
    files = write_calibration(tmp_path / "src.yaml", sc, res, tmp_path / "out")
    doc = yaml.safe_load(files[0].read_text(encoding="utf-8"))
    assert doc["pipeline"]["identification_rate"] == pytest.approx(res.values["pipeline.identification_rate"], rel=1e-5)
    assert "cannot pin down" in files[1].read_text(encoding="utf-8")
    # a parameter the data cannot pin down keeps its starting value
    assert res.values["employment.new_party_org_size_min"] == sc.employment.new_party_org_size_min


def test_refuses_parameters_that_are_not_estimates(tiny):
    sc = _small(tiny)
    sc.calibration = Calibration(
        parameters=["pipeline.probation_months"],
        moments=[Moment(variable="admissions", start="2022-01", end="2022-12", value=5)],
    )
    with pytest.raises(CalibrationError, match="not an estimate"):
        calibrate(sc)


def test_moment_outside_the_run_is_an_error(tiny):
    sc = _small(tiny)
    sc.calibration = Calibration(
        parameters=["pipeline.identification_rate"],
        moments=[Moment(variable="admissions", start="2019-01", end="2019-12", value=5)],
    )
    with pytest.raises(CalibrationError, match="outside"):
        calibrate(sc)
