"""Fits: the shipped scenarios reproduce the published figures they were tuned to.

These are **fits, not validation**: every figure below is one the scenario files were
tuned (by hand) or calibrated (``partysim calibrate``) to, so a passing test shows the fit
holds, not that the model predicts. Checks on figures the model never saw (held out) belong
to the honest-verdicts issue and are not here yet.

Every figure is typed from the source articles (S1-S5 in ``docs/domain.md``, "Published
figures per case"); none is copied from a model run.

Tolerance: the mean over replications must lie within ±10% of the published figure. For
small counts that are noisy from one replication to the next (Hương Sơn's 15 admissions,
Ninh Bình's 11 owners) the tolerance is the larger of ±10% and two standard errors of the
mean over replications; Hương Sơn's 8 class entries in Q1 2022 get ±25% and Long Biên's
3 owners ±2, as agreed for those tiny counts. Runs are deterministic (seeded streams keyed
by replication), so a test gives the same answer every time.

Speed: replications run in a pool of (at most) two worker processes. Runs are cut at the
last month a figure needs (``end=...`` overrides; the random streams are keyed by month, so
the months that remain are identical to those of the full run). Thanh Hóa (2.2 million
people, ~10 s per replication) is tested on a scaled-down copy with every unit ``count`` and
the number of classes divided by 10, and compared in per-capita terms; set
``PARTYSIM_FULL_THANH_HOA=1`` to also run the full province (2 replications, ~25 s of CPU).
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import partysim
from partysim.analysis.runner import run_replication

pytestmark = pytest.mark.slow

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
WORKERS = max(1, min(2, os.cpu_count() or 1))


# --------------------------------------------------------------------------- running


def _replication(job: tuple[str, tuple[str, ...], int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    file, overrides, rep = job
    tables = run_replication(partysim.load_scenario(SCENARIOS / file, list(overrides)), rep)
    return tables.annual, tables.monthly


class Runs:
    """Annual and monthly tables of ``n`` replications of one scenario file."""

    def __init__(self, scenario: partysim.Scenario, parts: list[tuple[pd.DataFrame, pd.DataFrame]]) -> None:
        self.scenario = scenario
        self.n = len(parts)
        self.annual = pd.concat([a for a, _ in parts], ignore_index=True)
        self.monthly = pd.concat([m for _, m in parts], ignore_index=True)

    def year(self, year: int, column: str) -> pd.Series:
        """``column`` in ``year``, one value per replication."""
        return self.annual.loc[self.annual.year == year].set_index("replication")[column]

    def months(self, column: str, first: tuple[int, int], last: tuple[int, int]) -> pd.Series:
        """Sum of monthly ``column`` from ``first`` to ``last`` (year, month) inclusive, per replication."""
        ym = self.monthly.year * 100 + self.monthly.moy
        sel = (ym >= first[0] * 100 + first[1]) & (ym <= last[0] * 100 + last[1])
        return self.monthly.loc[sel].groupby("replication")[column].sum()


@pytest.fixture(scope="module")
def simulate():
    """``simulate(file, reps, overrides)``: run replications in a small process pool."""
    # fork where available: mesa switches the default to spawn, whose workers re-import everything
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(WORKERS, mp_context=mp.get_context(method)) if WORKERS > 1 else None
    cache: dict = {}

    def _simulate(file: str, reps: int, overrides: tuple[str, ...] = ()) -> Runs:
        key = (file, reps, overrides)
        if key not in cache:
            scenario = partysim.load_scenario(SCENARIOS / file, list(overrides))  # validates the file
            jobs = [(file, overrides, r) for r in range(reps)]
            parts = list(pool.map(_replication, jobs)) if pool else [_replication(j) for j in jobs]
            cache[key] = Runs(scenario, parts)
        return cache[key]

    yield _simulate
    if pool:
        pool.shutdown(cancel_futures=True)


def assert_near(values, published: float, what: str, rel: float = 0.10, se_factor: float = 0.0) -> None:
    """Mean of ``values`` within ``rel`` of ``published`` (or ``se_factor`` standard errors, if wider)."""
    x = np.asarray(values, dtype=float)
    mean = float(x.mean())
    se = float(x.std(ddof=1) / math.sqrt(len(x))) if len(x) > 1 else 0.0
    tol = max(rel * abs(published), se_factor * se)
    assert abs(mean - published) <= tol, (
        f"{what}: model mean {mean:.4g} (standard error {se:.2g}, {len(x)} replications) "
        f"is not within ±{tol:.3g} of the published {published:g}"
    )


# --------------------------------------------------------------------------- Thanh Hóa

# docs/domain.md, Thanh Hóa row [S1]: 2015-2020 more than 29,900 admitted (about 5,980 a year),
# more than 230,000 members, +2.08% on the previous term.
TH_ADMITTED_PER_YEAR = 5_980
TH_MEMBERS = 230_000
TH_TERM_GROWTH = 0.0208

TH_FILE = "thanh_hoa_2021_2025.yaml"
TH_SCALE = 10


def _scaled_down(file: str, factor: int) -> tuple[str, ...]:
    """Overrides dividing every unit ``count`` and the classes per year by ``factor``."""
    sc = partysim.load_scenario(SCENARIOS / file)
    out = [f"territory.units[{i}].count={max(1, round(u.count / factor))}" for i, u in enumerate(sc.territory.units)]
    assert not isinstance(sc.levers.classes_per_year, dict), "scale the class schedule by hand"
    out.append(f"levers.classes_per_year={sc.levers.classes_per_year / factor:g}")
    return tuple(out)


def _check_thanh_hoa(runs: Runs, scale: int) -> None:
    start = runs.year(2021, "members_start")
    end = runs.year(2025, "members_end")
    admissions = runs.annual.loc[runs.annual.year.between(2021, 2025)].groupby("replication").admissions.mean()
    # members at the start: more than 230,000
    assert_near(start * scale, TH_MEMBERS, "Thanh Hóa members at the start of 2021 (x scale)")
    # the 2015-2020 pace continues: ~5,980 a year, i.e. ~2.6 admissions per 100 members
    assert_near(
        admissions / start, TH_ADMITTED_PER_YEAR / TH_MEMBERS, "Thanh Hóa admissions a year per member, 2021-2025"
    )
    # end of the term: +2.08% on 230,000
    assert_near(end * scale, TH_MEMBERS * (1 + TH_TERM_GROWTH), "Thanh Hóa members at the end of 2025 (x scale)")


def test_fit_thanh_hoa_scaled_down(simulate):
    """Thanh Hóa at one tenth of its size (every unit ``count`` and the classes / 10): per
    member, admissions continue the 2015-2020 pace (5,980 a year for 230,000 members), and
    membership starts near 230,000 and ends 2025 near 230,000 x 1.0208 (scaled back up)."""
    runs = simulate(TH_FILE, 6, _scaled_down(TH_FILE, TH_SCALE))
    _check_thanh_hoa(runs, TH_SCALE)


@pytest.mark.skipif(
    not os.environ.get("PARTYSIM_FULL_THANH_HOA"), reason="full province is slow; set PARTYSIM_FULL_THANH_HOA=1"
)
def test_fit_thanh_hoa_full(simulate):
    """The full province, 2 replications (``replications=2``); same figures unscaled."""
    runs = simulate(TH_FILE, 2, ("replications=2",))
    _check_thanh_hoa(runs, 1)
    assert_near(
        runs.annual.loc[runs.annual.year.between(2021, 2025)].groupby("replication").admissions.mean(),
        TH_ADMITTED_PER_YEAR,
        "Thanh Hóa admissions a year, 2021-2025",
    )


# --------------------------------------------------------------------------- Ninh Bình

# docs/domain.md, Ninh Bình row [S5]: 2023: 2,360 admitted = 104.75% of plan; 75,180 members
# (the article gives it as the total after the 2023 admissions); 12 new party organisations;
# 11 business owners admitted; Resolution 21's 3% rule applies from 2023; Kim Sơn about 200
# admissions a year, more than 20 of them religious.
NB_ADMITTED_2023 = 2_360
NB_MEMBERS = 75_180
NB_NEW_PARTY_ORGS_2023 = 12
NB_OWNERS_2023 = 11
NB_RATE_RULE = 0.03


def test_fit_ninh_binh_2023(simulate):
    """2023: 2,360 admitted; ~75,180 members (start and end of 2023 both within ±10%); the
    3% rate met in most replications; 12 new party organisations; 11 owners (tolerance: the
    larger of ±10% and 2 standard errors, a small noisy count). Kim Sơn's religious
    admissions are not fitted: see tests/test_heldout_figures.py."""
    runs = simulate("ninh_binh_2023.yaml", 6, ("end=2023-12",))
    assert_near(runs.year(2023, "admissions"), NB_ADMITTED_2023, "Ninh Bình admissions 2023")
    assert_near(runs.year(2023, "members_start"), NB_MEMBERS, "Ninh Bình members at the start of 2023")
    assert_near(runs.year(2023, "members_end"), NB_MEMBERS, "Ninh Bình members at the end of 2023")
    rate = runs.year(2023, "admission_rate")
    assert (rate >= NB_RATE_RULE).mean() > 0.5, (
        f"3% rule met in only {(rate >= NB_RATE_RULE).mean():.0%} of replications"
    )
    assert (runs.year(2023, "new_party_orgs") == NB_NEW_PARTY_ORGS_2023).all()
    assert_near(runs.year(2023, "adm_owner"), NB_OWNERS_2023, "Ninh Bình business owners admitted 2023", se_factor=2)


# --------------------------------------------------------------------------- Hương Sơn

# docs/domain.md, Hương Sơn row [S3]: before 2020, 3-4 admissions a year; after the 2021
# package, 15 admitted from 2021 to April 2022; 8 sent to classes in Q1 2022.
HS_PER_YEAR_BEFORE = (3, 4)
HS_ADMITTED_2021_APR_2022 = 15
HS_CLASS_Q1_2022 = 8
HS_REPS = 60
HS_CUT = ("end=2022-04",)


@pytest.mark.parametrize("file", ["huong_son_2018_2022.yaml", "calibrated/huong_son_2018_2022_calibrated.yaml"])
def test_fit_huong_son_package(simulate, file):
    """3-4 admissions a year in 2018-2020; 15 from January 2021 to April 2022 (tolerance: the
    larger of ±10% and 2 standard errors); 8 class entries in Q1 2022 (±25%, a tiny count)."""
    runs = simulate(file, HS_REPS, HS_CUT)
    before = runs.annual.loc[runs.annual.year.between(2018, 2020)].groupby("replication").admissions.mean()
    lo, hi = HS_PER_YEAR_BEFORE
    assert lo <= before.mean() <= hi, f"admissions a year 2018-2020: {before.mean():.2f}, published {lo}-{hi}"
    assert_near(
        runs.months("admissions", (2021, 1), (2022, 4)),
        HS_ADMITTED_2021_APR_2022,
        "Hương Sơn admissions January 2021-April 2022",
        se_factor=2,
    )
    assert_near(
        runs.months("class_entries", (2022, 1), (2022, 3)),
        HS_CLASS_Q1_2022,
        "Hương Sơn class entries Q1 2022",
        rel=0.25,
    )


def test_fit_huong_son_without_package_keeps_old_pace(simulate):
    """Without the 2021 package, January 2021-April 2022 stays near the old 3-4 a year
    (16 months: 4-5.3 admissions, ±25%), clearly below the 15 with the package."""
    with_pkg = simulate("huong_son_2018_2022.yaml", HS_REPS, HS_CUT).months("admissions", (2021, 1), (2022, 4))
    without = simulate("huong_son_no_package.yaml", HS_REPS, HS_CUT).months("admissions", (2021, 1), (2022, 4))
    lo, hi = (x * 16 / 12 for x in HS_PER_YEAR_BEFORE)
    assert 0.75 * lo <= without.mean() <= 1.25 * hi, f"no package: {without.mean():.2f} in Jan 2021-Apr 2022"
    # paired (common random numbers): the package adds admissions, well beyond the noise
    diff = with_pkg - without
    se = diff.std(ddof=1) / math.sqrt(len(diff))
    assert diff.mean() > 5 and diff.mean() > 4 * se, f"package effect {diff.mean():.2f} (se {se:.2f})"


# --------------------------------------------------------------------------- Long Biên

# docs/domain.md, Long Biên row [S4]: founded 11/2017 with 38 cells and 413 members; by 5/2021
# 63 cells and 701 members; 64 admitted, 3 of them business owners; 112-122% of the annual
# target three years running. The annual target (~16) is an estimate in the scenario file.
LB_MEMBERS_START = 413
LB_MEMBERS_END = 701
LB_ADMITTED = 64
LB_OWNERS = 3
LB_PARTY_ORGS = (38, 63)
LB_TARGET = 16
LB_TARGET_SHARE = (1.12, 1.22)


@pytest.mark.parametrize(
    "file", ["long_bien_enterprises_2018_2021.yaml", "calibrated/long_bien_enterprises_2018_2021_calibrated.yaml"]
)
def test_fit_long_bien_enterprises(simulate, file):
    """413 -> 701 members, 64 admitted (3 owners, ±2), 38 -> 63 party organisations, and
    2018-2020 at or above the annual target line on average (published 112-122% of it)."""
    runs = simulate(file, 40)
    assert_near(runs.year(2017, "members_start"), LB_MEMBERS_START, "Long Biên members 11/2017")
    assert_near(runs.year(2021, "members_end"), LB_MEMBERS_END, "Long Biên members 5/2021")
    assert_near(runs.annual.groupby("replication").admissions.sum(), LB_ADMITTED, "Long Biên admissions 11/2017-5/2021")
    owners = runs.annual.groupby("replication").adm_owner.sum().mean()
    assert abs(owners - LB_OWNERS) <= 2, f"owners admitted: {owners:.2f}, published {LB_OWNERS}"
    assert_near(
        runs.annual.groupby("replication").new_party_orgs.sum(),
        LB_PARTY_ORGS[1] - LB_PARTY_ORGS[0],
        "Long Biên new party organisations",
    )
    # "112-122% of the annual target three years running": the target line (16 a year) is our
    # estimate, not published, and the bloc grew every year (25 new organisations), so the
    # yearly targets likely grew too. What the figure supports is the three-year pace: on
    # average at least the estimated target, at most 122% of it (+10%).
    pace = runs.annual[runs.annual.year.between(2018, 2020)].groupby("replication").admissions.sum().mean() / 3
    assert LB_TARGET <= pace <= LB_TARGET * LB_TARGET_SHARE[1] * 1.1, f"{pace:.1f} admitted a year, target {LB_TARGET}"


# --------------------------------------------------------------------------- Lâm Đồng

# docs/domain.md, Lâm Đồng row [S2]: 2020: 4 awareness classes certified 233 people; 2021
# target at least 80; first half of 2021: 52 admitted, 11 of them of Youth Union age.
LD_CERTIFIED_2020 = 233
LD_ADMITTED_H1_2021 = 52
LD_YOUTH_H1_2021 = 11
LD_TARGET_2021 = 80


@pytest.mark.parametrize(
    "file", ["lam_dong_agencies_2020_2021.yaml", "calibrated/lam_dong_agencies_2020_2021_calibrated.yaml"]
)
def test_fit_lam_dong_agencies(simulate, file):
    """233 certified in 2020; 52 admitted January-June 2021, ~11/52 of them aged 18-30
    (±10 percentage points); the 2021 target of 80 met with high probability."""
    runs = simulate(file, 40)
    assert_near(runs.year(2020, "certificates"), LD_CERTIFIED_2020, "Lâm Đồng certificates 2020")
    h1 = runs.months("admissions", (2021, 1), (2021, 6))
    assert_near(h1, LD_ADMITTED_H1_2021, "Lâm Đồng admissions January-June 2021")
    youth = runs.months("adm_youth", (2021, 1), (2021, 6)).sum() / h1.sum()
    assert abs(youth - LD_YOUTH_H1_2021 / LD_ADMITTED_H1_2021) <= 0.10, f"youth share {youth:.1%}"
    assert (runs.year(2021, "admissions") >= LD_TARGET_2021).mean() >= 0.9
