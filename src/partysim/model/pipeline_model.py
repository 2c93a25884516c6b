"""``PipelineModel``: the engine behind Mesa's ``Model`` interface.

``step()`` advances one month. A ``mesa.DataCollector`` records model-level reporters that
read the engine's vectorised counters (never a Python loop over people). Works with
``mesa.batch_run``: pass ``scenario`` (and optionally ``replication``, ``rng``) as
parameters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mesa
import numpy as np

from partysim.model.drivers import replication_drivers
from partysim.model.engine import Engine
from partysim.scenario.schema import Scenario, load_scenario

REPORTERS = (
    "members",
    "admissions",
    "identified",
    "source",
    "class",
    "certified",
    "vetting",
    "vote",
    "approval",
    "probation",
    "full",
    "away",
    "population",
)


class PipelineModel(mesa.Model):
    """The admission pipeline of one territory, one month per step.

    Args:
        scenario: A validated :class:`~partysim.scenario.schema.Scenario`, or the path of a
            scenario file (handy in ``mesa.batch_run`` parameters).
        replication: Replication number (keys the random streams with the seed).
        rng: Seed for this model. An ``int`` replaces ``scenario.seed``; a numpy
            ``Generator`` gives a seed drawn from it; ``None`` keeps ``scenario.seed``.
        **kwargs: Passed to ``mesa.Model``.
    """

    def __init__(self, scenario: Scenario | str | Path, replication: int = 0, rng: Any = None, **kwargs: Any) -> None:
        if not isinstance(scenario, Scenario):
            scenario = load_scenario(scenario)
        if rng is None:
            seed = scenario.seed
        elif isinstance(rng, (int, np.integer)):
            seed = int(rng)
        else:
            seed = int(np.random.default_rng(rng).integers(2**31 - 1))
        super().__init__(rng=seed, **kwargs)
        # not ``self.scenario``: Mesa 3.5 reserves that name for its own Scenario objects
        self.spec = scenario
        self.replication = int(replication)
        drivers = replication_drivers(scenario, self.replication, seed)
        self.engine = Engine(scenario, replication=self.replication, seed=seed, drivers=drivers)
        self.datacollector = mesa.DataCollector(model_reporters={name: _reporter(name) for name in REPORTERS})
        self.running = True

    @property
    def month(self) -> int:
        """Months simulated so far."""
        return self.engine.t

    def step(self) -> None:
        """Advance one month and collect the reporters; stop at the scenario's end."""
        self.engine.step()
        self.datacollector.collect(self)
        if self.engine.t >= self.spec.months:
            self.running = False


def _reporter(name: str):
    def read(model: PipelineModel) -> int:
        return model.engine.records[-1][name]

    read.__name__ = f"report_{name}"
    return read
