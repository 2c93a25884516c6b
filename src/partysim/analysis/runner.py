"""Run replications of a scenario and collect the results (serial, in this process)."""

from __future__ import annotations

from collections.abc import Callable

from tqdm.auto import tqdm

from partysim.analysis.results import Results
from partysim.analysis.tables import ReplicationTables
from partysim.model.drivers import replication_drivers
from partysim.model.engine import Engine
from partysim.model.spinup import StartSnapshot
from partysim.scenario.schema import Scenario


def run_replication(
    scenario: Scenario, replication: int, seed: int | None = None, start: StartSnapshot | None = None
) -> ReplicationTables:
    """Run one replication to the scenario's end and return its tables.

    Forecast drivers (``scenario.drivers``) are followed along sample path
    ``replication`` (see :mod:`partysim.model.drivers`). ``start`` is the spin-up to start
    from (default: the engine computes it, see :mod:`partysim.model.start_pipeline`)."""
    drivers = replication_drivers(scenario, replication, seed)
    eng = Engine(scenario, replication=replication, seed=seed, drivers=drivers, start=start)
    eng.run()
    return ReplicationTables.of(eng)


def run(
    scenario: Scenario,
    replications: int | None = None,
    seed: int | None = None,
    progress: bool = True,
    on_replication: Callable[[int], None] | None = None,
    start: StartSnapshot | None = None,
) -> Results:
    """Run ``replications`` replications and judge the targets.

    Args:
        scenario: The validated scenario.
        replications: Number of replications (default: ``scenario.replications``).
        seed: Seed (default: ``scenario.seed``).
        progress: Show a progress bar when the run takes more than two seconds.
        on_replication: Called with each finished replication's number.
        start: The spin-up to start every replication from (default: computed).

    Returns:
        :class:`~partysim.analysis.results.Results`, every target judged.
    """
    n = scenario.replications if replications is None else int(replications)
    seed = scenario.seed if seed is None else int(seed)
    tables = []
    for r in tqdm(range(n), desc=scenario.name, unit="rep", delay=2.0, disable=not progress, leave=False):
        tables.append(run_replication(scenario, r, seed, start))
        if on_replication is not None:
            on_replication(r)
    return Results.from_tables(scenario, seed, tables)
