"""The pipeline in equilibrium: an expected-value (mean-field) flow model of the engine.

The same pipeline as :mod:`partysim.model.engine`, month by month, with expected stocks
instead of people: the source pool by segment and age, identification at the rates the
engine applies (occupation, Youth Union, age, cell activity, group factors, levers),
source-list drop-out, class seats (whole classes a month, as the engine holds them),
class, dossier start, introducers and family, vetting times (the engine's lognormals;
papers gone stale are redone), the vote (the cells' quorum and chance), approval,
probation and recognition; losses to death, migration and job turnover; members'
outflow, migration and transfers. Its starting state is the engine's own build
(:mod:`partysim.analysis.flow_inputs`). One run takes milliseconds; see
:mod:`partysim.analysis.flow_results` for what it reports and
:mod:`partysim.analysis.equilibrium` for the steady state.

Example::

    sc = partysim.load_scenario("scenarios/ninh_binh_2023.yaml")
    res = run_flow(sc)
    res.annual[["admissions", "members_end"]]
"""

from __future__ import annotations

import math

import numpy as np

from partysim.analysis.flow_classes import N_ALL, class_rates, life_course, pool_classes
from partysim.analysis.flow_inputs import N_SEG, QUEUE_MONTHS, TIERS, FlowInputs, flow_inputs, vote_chance_at
from partysim.analysis.flow_month import MONTH, PARAMS, TABLES, rate_pack
from partysim.analysis.flow_pool import POOL_MONTHS, PoolTables, monthly_rates
from partysim.analysis.flow_rates import (
    death_per_month,
    dossier_start,
    leave_per_month,
    lever_months,
    member_rates,
    source_dropout,
    turnover_per_month,
    vetting_pmf,
)
from partysim.analysis.flow_results import FlowResult
from partysim.analysis.flow_state import FlowState
from partysim.analysis.flow_steps import COLUMNS, step_row
from partysim.model.drivers import driver_paths
from partysim.scenario.ages import ADULT_AGE_MONTHS, ENTRY_AGE_MONTHS, LOCAL_HIRE_LIMIT_MONTHS
from partysim.scenario.schema import Scenario

MECHANISMS = (
    "migration",
    "turnover",
    "death",
    "source_dropout",
    "quorum",
    "stale_papers",
    "member_outflow",
    "introducers",
)
"""Mechanisms that :class:`FlowModel` can leave out (``without=``) to see what each does."""


class FlowModel:
    """The flow model of one scenario (see the module docstring).

    Args:
        scenario: The validated scenario.
        inputs: Its month-0 state (default: :func:`~partysim.analysis.flow_inputs.flow_inputs`,
            cached per scenario and seed).
        without: Mechanisms (of :data:`MECHANISMS`) to leave out, for checks.
    """

    def __init__(self, scenario: Scenario, inputs: FlowInputs | None = None, without: tuple[str, ...] = ()) -> None:
        unknown = set(without) - set(MECHANISMS)
        if unknown:
            raise ValueError(f"unknown mechanisms {sorted(unknown)}; expected some of {MECHANISMS}")
        self.sc = scenario
        self.start_ym = scenario.start_ym
        """(year, month) of the first month (the scenario's, parsed once)."""
        self.inp = inputs if inputs is not None else flow_inputs(scenario)
        self.on = {m: m not in without for m in MECHANISMS}
        self.r = self.inp.review_months
        self.levers = lever_months(scenario)
        self.drivers = {k: v.mean(axis=0) for k, v in driver_paths(scenario).items()}
        self.death = death_per_month(scenario, self.r) * self.on["death"]
        self._cache: dict[tuple, dict] = {}
        self._by_month: dict[int, dict] = {}
        self._month_base: dict[int, np.ndarray] = {}
        self._ok_party: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self.ages = np.arange(self.death.shape[0])
        self.classes = pool_classes(scenario, self.inp, self.levers[0])
        self.tables = PoolTables.of(self.inp, self.classes)
        start = self.tables.start_pool(self.inp)
        self._class_rates: dict[tuple, np.ndarray] = {}
        ones = np.ones((N_SEG, N_ALL))
        q0 = monthly_rates(
            scenario, self.inp, self.classes, self.tables, self.levers[0], ones, self.class_rates(self.levers[0])
        )[0]
        flow_age = (start * q0).sum(axis=1)
        self.mix = flow_age / np.maximum(flow_age.sum(axis=1, keepdims=True), 1e-12)
        """Age mix of those identified at home at the start, per area (losses of candidates)."""
        self.life_course = [(a, m) for a, m in life_course(scenario, self.inp, self.classes) if a < POOL_MONTHS]
        self.vote_chance = _vote_chance(self.inp, float(scenario.pipeline.vote_pass))
        """Per segment, the chance a case is carried where the cell can vote (this set's ``vote_pass``)."""
        self.source_dropout = source_dropout(scenario)
        self.tables_pack = self._tables_pack()
        """The fixed tables the compiled month takes (:mod:`partysim.analysis.flow_month`)."""
        self.params = self._params()
        """The scenario's numbers the compiled month takes, one vector."""

    def _tables_pack(self) -> tuple[np.ndarray, ...]:
        inp, n = self.inp, N_ALL
        ages = np.array([a for a, _ in self.life_course], dtype=np.int64)
        mats = np.array([mat for _, mat in self.life_course], dtype=float).reshape(len(ages), 3, n, n)
        tables = (self.death, self.tables.share, self.tables.work_age, self.tables.fresh, ages, mats)
        tables += (inp.residential_units, inp.workplace_size, inp.probation_age, inp.transfer_seg, inp.transfer_age)
        chance, blocked = self.quorum()
        arrays = (*tables, chance, blocked)
        assert len(arrays) == len(TABLES)
        return tuple(np.ascontiguousarray(a, dtype=np.int64 if a is ages else np.float64) for a in arrays)

    def _params(self) -> np.ndarray:
        sc, on = self.sc, self.on
        pl, emp = sc.pipeline, sc.employment
        old = min(math.ceil((sc.demography.eligibility_max_age + 1) * 12), POOL_MONTHS)
        hire = (ADULT_AGE_MONTHS, min(LOCAL_HIRE_LIMIT_MONTHS, POOL_MONTHS))
        shares = (sc.migration.permanent_share, on["migration"], on["introducers"], emp.rehire_share)
        shares += (emp.leave_territory_share, emp.local_hire_share, pl.class_pass, pl.recognition)
        months = (pl.class_months, pl.approval_months_max, pl.probation_months, old, ENTRY_AGE_MONTHS, *hire)
        flags = (self.inp.residential_units.sum() > 0, on["member_outflow"])
        adult = [
            min(max(math.ceil(y * 12), 0), POOL_MONTHS) for y in (pl.source_min_age, sc.demography.eligibility_max_age)
        ]
        out = np.array([*shares, *(int(v) for v in months), *flags, *adult, N_ALL // TIERS], dtype=np.float64)
        assert len(out) == len(PARAMS)
        return out

    def driver(self, name: str, t: int) -> float:
        """Mean multiplier of driver ``name`` in month ``t`` (1 if not driven)."""
        path = self.drivers.get(name)
        if path is None:
            return 1.0
        year = (self.start_ym[1] - 1 + t) // 12
        return float(path[min(year, len(path) - 1)])

    def rates(self, t: int) -> dict:
        """Rates in force in month ``t`` (cached by month, and by the levers' and drivers' values)."""
        rt = self._by_month.get(t)
        if rt is None:
            rt = self._by_month[t] = self._rates_at(t)
        return rt

    def _rates_at(self, t: int) -> dict:
        lv = self.levers[t]
        drv = (self.driver("out_migration", t),)
        key = (tuple(sorted(lv.items())), drv)
        if key not in self._cache:
            rt = self._rates(lv, drv[0])
            rt["pack"] = rate_pack(rt)
            self._cache[key] = rt
        return self._cache[key]

    def _rates(self, lv: dict[str, float], out_migration: float) -> dict:
        sc, r, inp = self.sc, self.r, self.inp
        pl, eff = sc.pipeline, sc.effects
        mix = self.mix
        mig = self.on["migration"]
        leave = leave_per_month(sc, r, False, lv, out_migration) * mig
        lose = (mix * (self.death[None, :POOL_MONTHS] + leave[:, :POOL_MONTHS])).sum(axis=1)
        emp = sc.employment
        turn = turnover_per_month(sc, r, False) * self.on["turnover"]
        ok_share = inp.ok_size.sum() / max(inp.workplace_size.sum(), 1.0)
        work_mix = inp.pool_age_months[3:] / np.maximum(inp.pool_age_months[3:].sum(axis=1, keepdims=True), 1)
        work_death = (work_mix * self.death[None, :]).sum(axis=1)
        lose_work = work_death + turn * (emp.rehire_share * (1 - ok_share) + 1 - emp.rehire_share)
        cell = self.cell_factors(lv)
        fam = pl.family_block * self._family_share()
        median = 1 - eff.faster_vetting * lv["faster_vetting"]
        pmf = vetting_pmf(sc, median, self._vetting_shares(fam), QUEUE_MONTHS)
        stale_from = int(pl.papers_valid_months) if self.on["stale_papers"] else QUEUE_MONTHS
        q, q_work = monthly_rates(sc, inp, self.classes, self.tables, lv, cell, self.class_rates(lv))
        members = member_rates(sc, r, lv, out_migration)
        prob_age = inp.probation_age
        return {
            "q": q,
            "q_work": q_work,
            "mix": mix,
            "lose": np.concatenate([lose, lose_work]),
            "stays": (1 - self.death[:POOL_MONTHS]) * (1 - leave[:, :POOL_MONTHS]),
            "dies_leaves": (1 - self.death[:POOL_MONTHS]) * leave[:, :POOL_MONTHS],
            "members": members,
            "survive": 1 - self.death,
            "probation_death": float((prob_age * self.death).sum()),
            "probation_leave": (members.leave_home * prob_age[None, :]).sum(axis=1) * self.on["migration"],
            "member_turnover": turnover_per_month(sc, r, True) * self.on["turnover"],
            "worker_turnover": turn,
            "worker_death": work_death,
            "dossier": dossier_start(sc, lv),
            "rehired_ok": turn * emp.rehire_share * ok_share,
            "tenure_new": self._tenure_new(turn),
            "refused": pl.introducer_failure + (1 - pl.introducer_failure) * fam,
            "fresh": np.where(np.arange(QUEUE_MONTHS) < stale_from, pmf, 0.0),
            "stale": np.where(np.arange(QUEUE_MONTHS) >= stale_from, pmf, 0.0),
        }

    def class_rates(self, lv: dict[str, float]) -> np.ndarray:
        """:func:`~partysim.analysis.flow_classes.class_rates` under the levers ``lv``
        (cached by their values: the start's mix and month 0's rates share them)."""
        key = tuple(sorted(lv.items()))
        if key not in self._class_rates:
            self._class_rates[key] = class_rates(self.sc, self.inp, self.classes, lv)
        return self._class_rates[key]

    def cell_factors(self, lv: dict[str, float]) -> np.ndarray:
        """Identification factor of the cells by (segment, class of every tier): cells of
        tier 0 are active; of tier 1's people, those whose cell's draw is at least this
        month's inactive share are in active cells."""
        pl, eff, inp = self.sc.pipeline, self.sc.effects, self.inp
        inactive = pl.inactive_cell_share * (1 - eff.quota_revives_inactive * lv["quota_accountability"])
        active = 1 + eff.quota_accountability * lv["quota_accountability"]
        n_tier = np.array([np.searchsorted(d, inp.tier_draw) for d in inp.cell_draw], dtype=float)
        n_inactive = np.array([np.searchsorted(d, inactive) for d in inp.cell_draw], dtype=float)
        share_in = np.where(n_tier > 0, np.minimum(n_inactive / np.maximum(n_tier, 1.0), 1.0), 1.0)
        tier1 = (1 - share_in) * active + share_in * pl.inactive_cell_factor
        out = np.full((N_SEG, N_ALL), active)
        out[:, N_ALL // TIERS :] = tier1[:, None]
        return out

    def _tenure_new(self, turn: np.ndarray) -> np.ndarray:
        """Share of workers identified whose introducers have worked with them for fewer
        than ``introducer_months`` months, by (workplace segment, months until they have
        - 1): workers leave their unit at the monthly rate ``turn`` and are replaced by new
        hires, so months in the unit are geometric."""
        k = int(self.sc.pipeline.introducer_months)
        months_in = np.arange(k)[::-1]  # index j: k - 1 - j months in the unit
        return turn[:, None] * (1 - turn[:, None]) ** months_in[None, :] * self.on["introducers"]

    def _weighted_share(self, code_mask: np.ndarray) -> float:
        """Share of the pool's identification (base rates) among types in ``code_mask``."""
        w = _type_weights(self.inp.pool_ok)
        return float(w[code_mask].sum() / max(w.sum(), 1e-12))

    def _family_share(self) -> float:
        """Share of candidates whose family resists (religious believers, a share of them)."""
        religious = np.arange(self.inp.pool_ok.shape[2]) % 2 == 1
        return self._weighted_share(religious) * self.sc.population.family_resists_share

    def _vetting_shares(self, blocked: float) -> dict[str, float]:
        fam = self._family_share()
        minority = (np.arange(self.inp.pool_ok.shape[2]) // 2) % 2 == 1
        return {
            "relatives": self.sc.population.relatives_elsewhere_share,
            "family": fam * (1 - self.sc.pipeline.family_block) / max(1 - blocked, 1e-12),
            "minority": self._weighted_share(minority),
        }

    def run(self) -> FlowResult:
        """Run from the start to the scenario's end; return the monthly path."""
        rows, state = self.path()
        return FlowResult.of(self.sc, rows, float(self.inp.members_start), self, state)

    def path(self) -> tuple[np.ndarray, FlowState]:
        """Run from the start to the scenario's end: the months' records (one row a month,
        columns of :data:`~partysim.analysis.flow_steps.COLUMNS`) and the state after the
        last month (:meth:`run` without the tables)."""
        state = FlowState.start(self.inp, int(self.sc.pipeline.class_months), self.tables)
        rows = np.empty((self.sc.months, len(COLUMNS)))
        members_before = float(self.inp.members_start)
        at = COLUMNS.index("members")
        for t in range(self.sc.months):
            rows[t] = step_row(self, state, t, members_before)
            members_before = float(rows[t, at])
        return rows, state

    def ok_party(self, state: FlowState, t: int) -> tuple[np.ndarray, np.ndarray]:
        """Workers in units that can take candidates now and in units with a party
        organisation, per workplace segment. Units without a party organisation keep
        their size (no members, no candidates); the rest of the workers are in units with
        one, the cooperating among them in proportion to their size (the compiled month's
        share of the workers outside the pipeline who can be identified)."""
        inp, u = self.inp, self.inp.unit_arrays
        key = (self.levers[t]["owner_outreach"], state.has_party.tobytes())
        if key in self._ok_party:
            return self._ok_party[key]
        ok, party = inp.ok_size.astype(float), inp.party_size.astype(float)
        if len(u["size"]):
            coop = (
                u["coop_share"]
                + (1 - u["coop_share"]) * self.sc.effects.owner_outreach * self.levers[t]["owner_outreach"]
            )
            ok[1] = float(u["size"][state.has_party & (u["coop_draw"] < coop)].sum())
            party[1] = float(u["size"][state.has_party].sum())
        self._ok_party[key] = (ok, party)
        return ok, party

    def month_base(self, t: int) -> np.ndarray:
        """The numbers of month ``t`` that do not depend on the state (see
        :data:`~partysim.analysis.flow_month.MONTH`; the rest zero), cached by month."""
        x = self._month_base.get(t)
        if x is None:
            x = np.zeros(len(MONTH))
            x[0] = t % 12 == 0
            x[1:4] = self.cohort(t)
            x[4] = t % self.r == 0
            x[5] = self.driver("enterprise_employment", t) if t % self.r == 0 else 1.0
            self._month_base[t] = x
        return x

    def cohort(self, t: int) -> np.ndarray:
        """Youths turning 16 this month, per area (expected)."""
        rate = self.sc.population.cohort_rate * self.driver("youth_population", t) / 12.0
        return self.inp.residential_size * rate

    def quorum(self) -> tuple[np.ndarray, np.ndarray]:
        """(chance a case is carried where the cell can vote, share of cells that cannot)."""
        chance = self.vote_chance
        if not self.on["quorum"]:
            return np.where(chance > 0, chance, self.sc.pipeline.vote_pass), np.zeros(N_SEG)
        return chance, self.inp.vote_blocked


_TYPE_WEIGHTS: list[tuple[np.ndarray, np.ndarray]] = []
"""The pool's people by type of the last pools seen (kept with them): every model of a
verdict shares the build's pool."""


def _type_weights(pool_ok: np.ndarray) -> np.ndarray:
    """``pool_ok`` summed over segments and ages (people by type), kept for the next model."""
    for pool, w in _TYPE_WEIGHTS:
        if pool is pool_ok:
            return w
    w = pool_ok.sum(axis=(0, 1))
    w.flags.writeable = False
    _TYPE_WEIGHTS.insert(0, (pool_ok, w))
    del _TYPE_WEIGHTS[4:]
    return w


_VOTE_CHANCE: dict[tuple[int, float, int], tuple[tuple[np.ndarray, ...], np.ndarray]] = {}
"""Recent :func:`vote_chance_at` results by the inputs' cells (kept with them), ``vote_pass``
and builds: a parameter set's spin-up and its run share the build's cells."""


def _vote_chance(inputs: FlowInputs, vote_pass: float) -> np.ndarray:
    """:func:`vote_chance_at` (a copy), kept for the next model on the same cells."""
    if vote_pass == inputs.vote_pass:
        return vote_chance_at(inputs, vote_pass)
    key = (id(inputs.vote_cells), vote_pass, int(inputs.builds))
    hit = _VOTE_CHANCE.get(key)
    if hit is None or hit[0] is not inputs.vote_cells:
        if len(_VOTE_CHANCE) >= 64:
            _VOTE_CHANCE.pop(next(iter(_VOTE_CHANCE)))
        hit = _VOTE_CHANCE[key] = (inputs.vote_cells, vote_chance_at(inputs, vote_pass))
    return hit[1].copy()


def run_flow(scenario: Scenario, inputs: FlowInputs | None = None, without: tuple[str, ...] = ()) -> FlowResult:
    """Run the flow model of ``scenario`` (see :class:`FlowModel`)."""
    return FlowModel(scenario, inputs, without).run()


__all__ = ["MECHANISMS", "FlowModel", "run_flow"]
