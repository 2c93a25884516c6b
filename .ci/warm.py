"""Compile partysim's numba kernels once, before the tests' worker processes start.

numba compiles a kernel on its first call and caches the machine code next to the source
(``cache=True``); without this step every pytest-xdist worker would compile the same
kernels at the same time (about 45 s of CPU each). A tiny run calls the engine's kernels,
the flow model's run and spin-up call the flow model's.
"""

from __future__ import annotations

import time
from pathlib import Path

import partysim
from partysim.analysis.flow_inputs import flow_inputs
from partysim.analysis.flow_model import FlowModel

t0 = time.perf_counter()
scenario = partysim.load_scenario(Path(__file__).resolve().parents[1] / "tests" / "data" / "tiny.yaml")
partysim.run(scenario, replications=1, progress=False)
FlowModel(scenario, flow_inputs(scenario, scenario.seed)).run()
print(f"numba kernels compiled and cached in {time.perf_counter() - t0:.0f} s")
