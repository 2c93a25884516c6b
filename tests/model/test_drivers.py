"""Drivers: forecast paths feed the simulation, one path per replication."""

import numpy as np

from partysim.analysis.runner import run_replication
from partysim.model.drivers import driver_paths, replication_drivers
from partysim.scenario.study import Driver, Drivers


def _with_migration_driver(tiny, history, mode="forecast"):
    sc = tiny.model_copy(deep=True)
    sc.drivers = Drivers(out_migration=Driver(history=history, mode=mode))
    return sc


def test_paths_are_relative_to_the_year_before_the_start(tiny):
    sc = _with_migration_driver(tiny, {2017: 100, 2018: 110, 2019: 120, 2020: 130, 2021: 140})
    paths = driver_paths(sc)["out_migration"]
    assert paths.shape == (1000, 2)  # 2022 and 2023
    # the history rises by 10 a year; the median path keeps rising from 140
    med = np.median(paths, axis=0)
    assert 1.0 < med[0] < med[1] < 1.3
    assert (paths >= 0).all()
    # spread grows with the horizon (uncertainty about the driver)
    assert np.std(paths[:, 1]) > np.std(paths[:, 0])


def test_fixed_driver_changes_nothing(tiny):
    sc = _with_migration_driver(tiny, {2018: 1, 2019: 2, 2020: 3, 2021: 4}, mode="fixed")
    assert np.all(replication_drivers(sc, 0)["out_migration"] == 1.0)
    assert run_replication(sc, 0).monthly.equals(run_replication(tiny, 0).monthly)


def test_observed_years_are_used_as_observed(tiny):
    sc = _with_migration_driver(tiny, {2019: 100, 2020: 100, 2021: 100, 2022: 150, 2023: 50})
    m = replication_drivers(sc, 3)["out_migration"]
    assert np.allclose(m, [1.5, 0.5])


def test_more_out_migration_means_more_emigrants(tiny):
    up = _with_migration_driver(tiny, {2019: 100, 2020: 100, 2021: 100, 2022: 300, 2023: 300})
    a = run_replication(tiny, 0).annual.emigrants.sum()
    b = run_replication(up, 0).annual.emigrants.sum()
    assert b > 1.5 * a


def test_each_replication_follows_its_own_path(tiny):
    sc = _with_migration_driver(tiny, {2017: 100, 2018: 130, 2019: 90, 2020: 140, 2021: 100})
    r0, r1 = replication_drivers(sc, 0)["out_migration"], replication_drivers(sc, 1)["out_migration"]
    assert not np.allclose(r0, r1)
    assert np.allclose(r0, replication_drivers(sc, 0)["out_migration"])
