"""The starting state: stated stocks are exact, register counts are placed exactly, a
spin-up fills what is not given, and hand-set shares still work."""

import numpy as np
import pytest

import partysim
from partysim.model import people as P
from partysim.model.engine import Engine
from partysim.model.spinup import EMPTY, STAGE_CODES, needs_spinup
from partysim.model.start_pipeline import stage_counts
from partysim.model.units import allocate
from partysim.scenario.start import START_STAGES

LONG_BIEN = "scenarios/long_bien_enterprises_2018_2021.yaml"


def _stage_totals(eng: Engine) -> dict[str, int]:
    st = eng.people.view("stage")
    out = {name: int(np.count_nonzero(st == code)) for name, code in zip(START_STAGES, STAGE_CODES)}
    out["vote"] += int(np.count_nonzero(st == P.APPROVAL))
    return out


@pytest.mark.parametrize("replication", [0, 1, 2])
def test_stated_stocks_are_exact(replication):
    """Long Biên's published start: 38 party organisations (one cell each), 413 members."""
    sc = partysim.load_scenario(LONG_BIEN)
    eng = Engine(sc, replication=replication)
    assert int(eng.units.has_party.sum()) == 38
    assert int(eng.units.n_cells[eng.units.has_party].sum()) == 38
    assert eng.members_at_start == 413


def test_register_counts_are_placed_exactly(tiny):
    counts = {"source": 7, "class": 3, "certified": 5, "vetting": 4, "vote": 2, "probation": 6}
    sc = tiny.with_values(
        {"pipeline_start.method": "counts", "pipeline_start.shares": {}, "pipeline_start.counts": counts}
    )
    assert not needs_spinup(sc)  # every stage given
    for rep in range(3):
        assert _stage_totals(Engine(sc, replication=rep)) == counts


def test_unit_counts_win_for_their_units(tiny):
    sc = tiny.with_values(
        {
            "pipeline_start.method": "counts",
            "pipeline_start.shares": {},
            "pipeline_start.spinup": False,
            "pipeline_start.counts": {"source": 10},
            "territory.units[1].pipeline": {"source": 4, "vetting": 2},
        }
    )
    eng = Engine(sc)
    wanted = stage_counts(sc, eng.units, None)
    mountain = eng.units.template == 1
    assert wanted[mountain, 0].sum() == 4 and wanted[mountain, 3].sum() == 2
    assert wanted[:, 0].sum() == 10  # the territory total holds, the rest shared elsewhere
    assert wanted[~mountain, 3].sum() == 0  # vetting given only for the mountain commune


def test_spinup_fills_the_pipeline_and_an_empty_start_does_not(tiny):
    spun = tiny.with_values({"pipeline_start.method": "spinup"})
    assert needs_spinup(spun)
    totals = _stage_totals(Engine(spun))
    assert totals["probation"] > 0 and totals["source"] + totals["certified"] + totals["vetting"] > 0
    empty = _stage_totals(Engine(spun, start=EMPTY))
    assert sum(empty.values()) == 0


def test_spinup_start_has_no_first_year_dip(tiny):
    """Admissions in the first year are about those of the second under a spin-up, and far
    below them from an empty pipeline (the artefact the spin-up removes)."""
    spun = tiny.with_values({"pipeline_start.method": "spinup", "end": "2024-12"})
    empty = tiny.with_values(
        {
            "pipeline_start.method": "counts",
            "pipeline_start.shares": {},
            "pipeline_start.spinup": False,
            "end": "2024-12",
        }
    )
    runs = {
        name: partysim.run(sc, replications=6, progress=False, sets=0).annual
        for name, sc in (("spun", spun), ("empty", empty))
    }
    first = {k: a.loc[a.year == 2022, "admissions"].mean() for k, a in runs.items()}
    later = {k: a.loc[a.year == 2024, "admissions"].mean() for k, a in runs.items()}
    assert first["empty"] < 0.5 * later["empty"]
    assert abs(first["spun"] - later["spun"]) < 0.35 * later["spun"]


def test_shares_are_still_read(tiny):
    assert tiny.pipeline_start.method == "shares"
    eng = Engine(tiny)
    totals = _stage_totals(eng)
    members = int(eng.units.members.sum())
    for name, share in tiny.pipeline_start.shares.items():
        assert totals[name] == round(share * members)


def test_allocate_is_exact_and_proportional():
    out = allocate(10, np.array([1.0, 1.0, 2.0, 0.0]))
    assert out.sum() == 10 and out[3] == 0 and out[2] >= out[0]
    assert allocate(0, np.ones(3)).sum() == 0


def test_a_policy_change_does_not_change_the_past(tiny):
    """A lever changed with --set (or a slider) is undone for the spin-up: the policy
    variant starts from the same pipeline as the file. A rate change is not undone."""
    spun = tiny.with_values({"pipeline_start.method": "spinup", "pipeline_start.shares": {}})
    policy = spun.with_values({"levers.classes_per_year": 12})
    rate = spun.with_values({"pipeline.identification_rate": 0.08})
    wanted = {
        name: Engine(sc).start_report["wanted"] for name, sc in (("base", spun), ("policy", policy), ("rate", rate))
    }
    assert (wanted["base"] == wanted["policy"]).all()
    assert not (wanted["base"] == wanted["rate"]).all()


@pytest.mark.parametrize("replication", [0, 1])
def test_spun_up_candidates_stand_where_a_party_organisation_can_take_them(replication):
    """Which enterprises have a party organisation is drawn per replication; the spin-up's
    candidates are placed in enterprises of the same kind (with one), never in the others."""
    from partysim.model.mechanisms.employment import party_ok

    eng = Engine(partysim.load_scenario(LONG_BIEN), replication=replication)
    st = eng.people.view("stage")
    cand = np.flatnonzero((st >= P.SOURCE) & (st <= P.APPROVAL))
    assert len(cand) > 10
    unit = eng.people.unit[cand]
    assert eng.units.has_party[unit].all()
    assert party_ok(eng)[unit].mean() > 0.9  # owners' cooperation is drawn too: nearly all
