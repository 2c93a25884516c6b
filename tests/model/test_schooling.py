"""Schooling of the people built at the start (``scenario.schooling``) and the starting
pipeline keeping the spin-up's composition."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import partysim
from partysim.model import people as P
from partysim.model.engine import Engine
from partysim.model.groups import PROFILE_GROUP_DIVISOR, profile_code
from partysim.model.spinup import start_snapshot
from partysim.model.units import COMMUNE, RURAL
from partysim.scenario.groups import SCHOOL_LEVELS
from partysim.scenario.rates.composition import NEUTRAL

PROVINCE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "default_province.yaml"


@pytest.fixture(scope="module")
def province() -> partysim.Scenario:
    return partysim.load_scenario(PROVINCE)


def test_rural_adults_have_the_weights_of_their_age_band(province):
    """Non-members aged 25-34 in rural communes who hold the diploma: the level shares are
    ``schooling.rural`` with the odds beyond lower secondary times ``age_factors[2]``
    (within 4 binomial standard errors each)."""
    eng = Engine(province, start=None)
    p, u = eng.people, eng.units
    idx = np.flatnonzero(p.view("alive") & (p.view("stage") == P.NONE))
    age = -p.birth[idx].astype(int)
    rural = (u.kind[p.unit[idx]] == COMMUNE) & (u.area[p.unit[idx]] == RURAL)
    pick = idx[rural & (age >= 25 * 12) & (age < 35 * 12) & (p.school[idx] >= P.LOWER_SECONDARY)]
    w = np.asarray(province.schooling.rural, dtype=float)
    w[1:] *= province.schooling.age_factors[2]
    expected = w / w.sum()
    counts = np.bincount(p.school[pick] - P.LOWER_SECONDARY, minlength=5)
    n = counts.sum()
    se = np.sqrt(expected * (1 - expected) / n)
    assert n > 5000
    assert np.all(np.abs(counts / n - expected) < 4 * se), (counts / n, expected)


def test_members_draw_the_members_weights(province):
    eng = Engine(province, start=None)
    p = eng.people
    m = np.flatnonzero(p.view("stage") == P.FULL)
    held = m[p.school[m] >= P.LOWER_SECONDARY]
    w = np.asarray(province.schooling.members, dtype=float)
    expected = w / w.sum()
    share = np.bincount(p.school[held] - P.LOWER_SECONDARY, minlength=5) / len(held)
    se = np.sqrt(expected * (1 - expected) / len(held))
    assert np.all(np.abs(share - expected) < 4 * se)


def test_a_different_weight_moves_the_levels(province):
    """Mutation check for the test above: all of rural communes' weight on university."""
    sc = province.with_values({"schooling.rural": [0, 0, 0, 1, 0]})
    eng = Engine(sc, start=None)
    p, u = eng.people, eng.units
    idx = np.flatnonzero(p.view("alive") & (p.view("stage") == P.NONE) & (p.view("school") >= P.LOWER_SECONDARY))
    rural = (u.kind[p.unit[idx]] == COMMUNE) & (u.area[p.unit[idx]] == RURAL)
    assert (p.school[idx[rural]] == P.UNIVERSITY).all()


def test_starting_pipeline_has_the_spinups_composition(province):
    """People placed on the source list on the first day are matched to the spin-up's by
    profile: the share of believers (a rare profile) is the spin-up's, not the commonest
    profile's (within 4 binomial standard errors)."""
    sc = province.with_values({**NEUTRAL, "composition.religious_identification": 0.3})
    snap = start_snapshot(sc, sc.seed, Engine)
    assert snap is not None
    religious = _religious_bit(snap.profile) == 1
    want = float(religious[snap.stage == 0].mean())
    eng = Engine(sc, start=snap)
    p = eng.people
    src = np.flatnonzero(p.view("stage") == P.SOURCE)
    got = float(p.religious[src].mean())
    se = np.sqrt(max(want * (1 - want), 1e-4) / len(src))
    assert abs(got - want) < 4 * se, (got, want)
    # and the profile codes are the people's own
    assert (profile_code(p, src) >= 0).all()


def _religious_bit(profile: np.ndarray) -> np.ndarray:
    """The religion bit of :func:`profile_code` (sex, minority, religion, then schooling,
    occupation and Youth Union)."""
    return (profile // (len(SCHOOL_LEVELS) * PROFILE_GROUP_DIVISOR)) % 2
