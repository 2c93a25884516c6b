"""Defaults a demographer would accept: total member outflow, members' ages by unit kind."""

import numpy as np
import pandas as pd

import partysim
from partysim.analysis.runner import run_replication
from partysim.model import people as P
from partysim.model.engine import Engine

EXAMPLE = "docs/examples/my_commune.yaml"
OUTFLOW_RANGE = (0.013, 0.022)
"""Total member outflow of all kinds, share of members a year (national, an estimate)."""


def test_default_member_outflow_is_in_the_national_range():
    sc = partysim.load_scenario(EXAMPLE).with_values({"territory.units[0].count": 40})
    annual = pd.concat([run_replication(sc, r).annual for r in range(4)], ignore_index=True)
    out = annual.deaths + annual.removals + annual.exits + annual.transfers_out + annual.probation_removals
    share = (out / annual.members_start).to_numpy()
    mean, se = share.mean(), share.std(ddof=1) / np.sqrt(len(share))
    assert OUTFLOW_RANGE[0] - 2 * se <= mean <= OUTFLOW_RANGE[1] + 2 * se, (mean, se)


def test_members_of_workplaces_are_of_working_age():
    sc = partysim.load_scenario("scenarios/lam_dong_agencies_2020_2021.yaml")
    eng = Engine(sc)
    p = eng.people
    members = np.flatnonzero(p.view("stage") >= P.PROBATION)
    age = eng.age(members)
    assert (age < 60 * 12).all() and (age >= 18 * 12).all()
    commune = partysim.load_scenario(EXAMPLE)
    ce = Engine(commune)
    cm = np.flatnonzero(ce.people.view("stage") >= P.PROBATION)
    assert (ce.age(cm) >= 60 * 12).mean() > 0.2  # communes keep their retired members
