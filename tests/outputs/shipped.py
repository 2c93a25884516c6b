"""Short runs of every shipped scenario, shared by the chart-layout and one-language tests.

Two replications each; Thanh Hóa at one tenth of its size (as in the behaviour baseline).
The scaled copy is validated afresh, so it carries no record of the scaling: its outputs
read like the file's own.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import partysim
from partysim.analysis.runner import run
from partysim.scenario.schema import Scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
FILES = sorted(p.relative_to(SCENARIOS).as_posix() for p in SCENARIOS.rglob("*.yaml"))
REPLICATIONS = 2


def _baseline_module():
    spec = importlib.util.spec_from_file_location("make_baseline", ROOT / "tests" / "baseline" / "make_baseline.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def shipped(file: str) -> tuple[Scenario, partysim.Results]:
    """The scenario (scaled where large, without recorded overrides) and its short run."""
    scaled = _baseline_module().load(file)
    sc = Scenario.model_validate(scaled.model_dump())
    return sc, run(sc, replications=REPLICATIONS, progress=False)


def proper_names(sc: Scenario) -> set[str]:
    """Words of the territory's own names (places, units): allowed in any language."""
    names = [sc.territory.name, *(n.name for n in sc.territory.nodes), *(u.name for u in sc.territory.units)]
    return {w for name in names for w in name.replace(",", " ").split()}
