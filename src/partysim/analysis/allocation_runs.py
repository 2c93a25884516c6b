"""Simulated outcomes of every grassroots organisation in one year, for splitting a quota.

The engine counts admissions per grassroots organisation (GO) and per cell, but the
run's tables keep only sums per hierarchy node (``by_node``). Splitting a quota needs
the spread of one GO's admissions, so this module runs the engine itself, month by
month, to the end of the chosen year and keeps, for that year only:

* each GO's admissions in the year and in each quarter (read from the engine's
  year-to-date counter at the end of March, June, September and December);
* each cell's admissions in the year;
* each GO's candidates on the source list (people at stage ``source``), averaged over
  the year's twelve month ends.

The units of a template are identical copies in the scenario file, so the GOs of one
template are exchangeable: their outcomes are pooled (over GOs, replications and
parameter sets) into one distribution per template. Only GOs that exist at the start of
the run (residential units, and workplaces with a party organisation) are kept; party
organisations founded during the run get no quota.

With ``sets`` the parameters are drawn from the priors of the scenario's estimates
(:func:`partysim.analysis.priors.parameter_sets`) and every set runs the same
replications (common random numbers), so the pooled distribution integrates over
parameter uncertainty as well as chance. With ``preview`` the runs are on the preview's
weighted sample of the territory (:mod:`partysim.analysis.preview`): fewer copies of each
template, same people per unit (members raked), so the per-GO distributions carry over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from partysim.analysis.honest import ParameterUncertainty, systematic_picks
from partysim.analysis.preview import PREVIEW_PEOPLE, plan_sample, sample_scenario, sample_start
from partysim.analysis.priors import parameter_sets
from partysim.analysis.shared_sets import share_sets
from partysim.model import people as P
from partysim.model.drivers import replication_drivers
from partysim.model.engine import Engine
from partysim.model.spinup import StartSnapshot
from partysim.scenario.quota_sum import declared_grassroots
from partysim.scenario.schema import Scenario

__all__ = [
    "QUARTER_ENDS",
    "UnitOutcomes",
    "full_years",
    "meet_probability",
    "outcomes_frame",
    "simulate_units",
    "survival",
]

QUARTER_ENDS = (3, 6, 9, 12)
"""Months (1-12) that end a quarter."""


def survival(admissions: np.ndarray) -> np.ndarray:
    """``S[k] = P(admissions >= k)`` for ``k = 0 .. max + 1`` (the last is 0).

    Args:
        admissions: Simulated admissions of one GO (people), one entry per run and GO.
    """
    a = np.asarray(admissions, dtype=np.int64)
    if len(a) == 0:
        return np.array([1.0, 0.0])
    counts = np.bincount(a, minlength=int(a.max()) + 2).astype(float)
    tail = np.cumsum(counts[::-1])[::-1]
    return tail / len(a)


def meet_probability(s: np.ndarray, quota: int) -> float:
    """``P(admissions >= quota)`` from the survival curve ``s`` (0 beyond its end)."""
    return float(s[quota]) if 0 <= quota < len(s) else (1.0 if quota < 0 else 0.0)


@dataclass
class UnitOutcomes:
    """Per template, the pooled outcomes of one GO (or one cell) in ``year``.

    Attributes:
        year: The calendar year.
        names: Template names, in the scenario's order.
        parents: Each template's parent node ('' at the top).
        go_count: GOs of each template in the full territory (residential units, or
            workplaces with a party organisation, times ``grassroots``).
        cells_per_go: Cells of each GO of the template.
        admissions: Per template, one GO's admissions in the year (people), one entry
            per (run, GO).
        run_of: Per template, the run number (``set * replications + replication``) of
            each entry of ``admissions``.
        cell_admissions: Per template, one cell's admissions in the year, one entry per
            (run, cell).
        quarters: Template x 4: admissions of the template's GOs in each quarter, summed
            over runs (people).
        source: Per template, mean candidates on the source list per GO over the
            year's month ends and all runs (people).
        replications: Replications per parameter set.
        sets: Parameter sets (0: the scenario's own values only).
        preview: Whether the runs were on the preview's weighted sample.
        seed: Seed of the runs (the first, with several seeds).
        seeds: Seeds pooled (``seed``, ``seed + 1``, ...), each with its own spin-up.
        parameter_source: Where the sets came from: ``"priors"``, ``"posterior"`` (a
            calibration's weighted sets, drawn by weight) or ``""`` (no sets).
        shared: The ``sets`` were shared out among the replications (each replication
            under one set), not each run for every replication.
    """

    year: int
    names: list[str]
    parents: list[str]
    go_count: np.ndarray
    cells_per_go: np.ndarray
    admissions: list[np.ndarray]
    run_of: list[np.ndarray]
    cell_admissions: list[np.ndarray]
    quarters: np.ndarray
    source: np.ndarray
    replications: int
    sets: int
    preview: bool
    seed: int
    seeds: int = 1
    parameter_source: str = ""
    shared: bool = False

    @property
    def runs(self) -> int:
        """Runs pooled: replications times seeds, times the parameter sets unless they were
        shared out among the replications."""
        return self.replications * (1 if self.shared else max(self.sets, 1)) * self.seeds


def full_years(scenario: Scenario) -> list[int]:
    """Calendar years the run covers from January to December."""
    y0, m0 = scenario.start_ym
    first = y0 if m0 == 1 else y0 + 1
    end_abs = (m0 - 1) + scenario.months - 1  # last month, counted from January of y0
    last = y0 + end_abs // 12 if end_abs % 12 == 11 else y0 + end_abs // 12 - 1
    return list(range(first, last + 1))


def _declared_gos(scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """GOs per template in the full territory and cells per GO, as the file declares them."""
    units = scenario.territory.units
    gos = [declared_grassroots(t) for t in units]
    return np.asarray(gos, dtype=np.int64), np.asarray([t.cells for t in units], dtype=np.int64)


@dataclass
class _Year:
    """One replication's outcomes in the year."""

    admissions: np.ndarray  # per GO
    quarters: np.ndarray  # 4 x GO
    cells: np.ndarray  # per cell
    source: np.ndarray  # per GO, mean over month ends


def _one_run(
    scenario: Scenario, replication: int, seed: int, year: int, start: StartSnapshot | None = None
) -> tuple[Engine, np.ndarray, _Year]:
    """Run one replication to the December of ``year``; (engine, GOs kept, outcomes).
    ``start``: the spin-up to start from (default: the engine's own)."""
    drivers = replication_drivers(scenario, replication, seed)
    eng = Engine(scenario, replication=replication, seed=seed, drivers=drivers, start=start)
    u = eng.units
    kept = u.has_party[u.go_unit] | eng.unit_residential[u.go_unit]
    y0, m0 = scenario.start_ym
    months = (year - y0) * 12 + 12 - (m0 - 1)
    cumulative, source = [], np.zeros(u.n_go)
    for _ in range(months):
        eng.step()
        rec = eng.records[-1]
        if rec["year"] != year:
            continue
        pipe = eng.pipeline_idx()
        on_list = pipe[eng.people.stage[pipe] == P.SOURCE]
        source += np.bincount(u.cell_go[eng.people.cell[on_list]], minlength=u.n_go)
        if rec["moy"] in QUARTER_ENDS[:-1]:
            cumulative.append(eng.counters.go_admissions.astype(np.int64))
    annual = eng.go_years[-1][1].astype(np.int64)
    cumulative.append(annual)
    quarters = np.diff(np.vstack([np.zeros(u.n_go, dtype=np.int64), *cumulative]), axis=0)
    return eng, kept, _Year(annual, quarters, eng.cell_years[-1][1].astype(np.int64), source / 12.0)


def _scenarios(
    scenario: Scenario,
    sets: int,
    seed: int,
    preview: bool,
    replications: int,
    uncertainty: ParameterUncertainty | None = None,
    shared: bool = False,
) -> tuple[list[tuple[Scenario, Scenario, float, int, np.ndarray]], int, str]:
    """The scenario to run under each parameter set (one, unchanged, without sets), each
    with its full-scale scenario, the preview's fraction (1: no preview), how many of the
    draws it stands for (a weighted set drawn twice is run once and pooled twice) and the
    replications it runs; and the number of distinct sets (0 without sets) and where the
    sets come from. ``shared``: the sets are shared out among the replications
    (:func:`~partysim.analysis.shared_sets.share_sets`), each replication run once under
    its own. A preview starts from :func:`~partysim.analysis.preview.sample_start` of the
    full-scale one."""
    fraction = plan_sample(scenario, PREVIEW_PEOPLE).fraction if preview else 1.0
    base = sample_scenario(scenario, fraction)[0] if preview else scenario
    every = np.arange(replications)
    if shared and uncertainty is not None and uncertainty.active:
        picked = share_sets(scenario, uncertainty, replications, seed)
        assert picked is not None
        runs = [
            (base.with_values(v), scenario.with_values(v), fraction, 1, picked.replications_of(k))
            for k, v in enumerate(picked.values)
        ]
        return runs, picked.distinct, picked.source
    if uncertainty is not None and uncertainty.active:
        table, weights, source = uncertainty.design(scenario, seed)
        draws = max(int(uncertainty.sets), 1)
        picks = np.arange(len(table)) if weights is None else systematic_picks(weights, draws, seed)
        chosen, counts = np.unique(picks, return_counts=True)
        table = table.iloc[chosen]
    elif sets > 0:
        table, source = parameter_sets(scenario, sets, seed), "priors"
        counts = np.ones(len(table), dtype=int)
    else:
        return [(base, scenario, fraction, 1, every)], 0, ""
    rows = [dict(zip(table.columns, map(float, row))) for row in table.itertuples(index=False)]
    runs = [(base.with_values(v), scenario.with_values(v), fraction, int(c), every) for v, c in zip(rows, counts)]
    return runs, int(counts.sum()), source


class _Pool:
    """Each template's per-GO outcomes, gathered run by run."""

    def __init__(self, n_templates: int) -> None:
        self.adm: list[list[np.ndarray]] = [[] for _ in range(n_templates)]
        self.run_of: list[list[np.ndarray]] = [[] for _ in range(n_templates)]
        self.cells: list[list[np.ndarray]] = [[] for _ in range(n_templates)]
        self.quarters = np.zeros((n_templates, 4))
        self.source = np.zeros(n_templates)
        self.source_n = np.zeros(n_templates)

    def add(self, eng: Engine, kept: np.ndarray, out: _Year, run: int) -> None:
        """Add one run's outcomes of the GOs ``kept`` (and their cells)."""
        u = eng.units
        tpl_go = u.template[u.go_unit]
        cell_kept = kept[u.cell_go]
        for t in range(len(self.adm)):
            m = kept & (tpl_go == t)
            self.adm[t].append(out.admissions[m])
            self.run_of[t].append(np.full(int(m.sum()), run))
            self.cells[t].append(out.cells[cell_kept & (u.template[u.cell_unit] == t)])
            self.quarters[t] += out.quarters[:, m].sum(axis=1)
            self.source[t] += out.source[m].sum()
            self.source_n[t] += m.sum()

    def outcomes(
        self, scenario: Scenario, year: int, replications: int, sets: int, preview: bool, seeds: range
    ) -> UnitOutcomes:
        """The pooled :class:`UnitOutcomes` (GO counts of the full territory ``scenario``)."""
        go_count, cells_per_go = _declared_gos(scenario)
        return UnitOutcomes(
            year=year,
            names=[t.name for t in scenario.territory.units],
            parents=[t.parent or "" for t in scenario.territory.units],
            go_count=go_count,
            cells_per_go=cells_per_go,
            admissions=[np.concatenate(a) for a in self.adm],
            run_of=[np.concatenate(a) for a in self.run_of],
            cell_admissions=[np.concatenate(c) for c in self.cells],
            quarters=self.quarters,
            source=np.divide(self.source, self.source_n, out=np.zeros(len(self.adm)), where=self.source_n > 0),
            replications=replications,
            sets=sets,
            preview=preview,
            seed=seeds.start,
            seeds=len(seeds),
        )


def simulate_units(
    scenario: Scenario,
    year: int,
    replications: int,
    seed: int | None = None,
    sets: int = 0,
    preview: bool = False,
    progress: Callable[[int, int], None] | None = None,
    seeds: int = 1,
    uncertainty: ParameterUncertainty | None = None,
    shared: bool = False,
) -> UnitOutcomes:
    """Run the scenario and pool each template's per-GO outcomes in ``year``.

    Args:
        scenario: The validated scenario.
        year: A calendar year the run covers in full (:func:`full_years`).
        replications: Replications per parameter set (>= 1).
        seed: Seed (default: the scenario's); also seeds the parameter design.
        sets: Parameter sets drawn from the priors (0: the scenario's values only).
        preview: Run on the preview's weighted sample of the territory.
        progress: Called with (runs done, runs in all) after each run.
        seeds: Seeds to pool, ``seed`` to ``seed + seeds - 1``. The replications of one
            seed share its spin-up (:func:`partysim.model.spinup.start_snapshot`); several
            seeds bring the spin-up's luck into the distribution.
        uncertainty: Parameter sets instead of ``sets`` prior draws: its ``design`` (a
            calibration's posterior resampled by weight to its ``sets`` draws, or prior
            draws less the pinned paths).
        shared: Share ``uncertainty``'s sets out among the replications (each replication
            runs once, under one set: :mod:`partysim.analysis.shared_sets`) instead of
            running every set for every replication.

    Raises:
        ValueError: ``year`` is not a full year of the run, or ``replications`` or
            ``seeds`` < 1.
    """
    years = full_years(scenario)
    if year not in years:
        raise ValueError(f"year {year} is not a full calendar year of the run (full years: {years})")
    if replications < 1 or seeds < 1:
        raise ValueError(f"replications and seeds must be at least 1, got {replications} and {seeds}")
    first = scenario.seed if seed is None else int(seed)
    pool = _Pool(len(scenario.territory.units))
    scenarios, drawn, source = _scenarios(scenario, sets, first, preview, replications, uncertainty, shared)
    total, done, run = sum(len(reps) for *_, reps in scenarios) * seeds, 0, 0
    for s in range(first, first + seeds):
        for sc, full, fraction, count, reps in scenarios:
            start = sample_start(full, fraction, s) if fraction < 1 else None
            for r in map(int, reps):
                eng, kept, out = _one_run(sc, r, s, year, start)
                for _ in range(count):  # a set drawn ``count`` times weighs ``count`` runs
                    pool.add(eng, kept, out, run)
                    run += 1
                done += 1
                if progress is not None:
                    progress(done, total)
    out = pool.outcomes(scenario, year, replications, drawn, preview, range(first, first + seeds))
    out.parameter_source, out.shared = source, bool(shared and drawn > 0)
    return out


def outcomes_frame(outcomes: UnitOutcomes) -> pd.DataFrame:
    """One row per template: GOs, mean admissions per GO, mean on the source list per GO."""
    return pd.DataFrame(
        {
            "unit": outcomes.names,
            "grassroots": outcomes.go_count,
            "mean_admissions": [float(a.mean()) if len(a) else 0.0 for a in outcomes.admissions],
            "mean_source": outcomes.source,
        }
    )
