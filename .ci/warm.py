"""Compile partysim's numba kernels once, before the tests' worker processes start.

numba compiles a kernel on its first call and caches the machine code next to the source
(``cache=True``); without this step every pytest-xdist worker would compile the same
kernels at the same time (about 45 s of CPU each). ``partysim warm`` runs a scenario's
preview and flow model once; tiny.yaml (full scale: its people fit the preview's budget)
calls the engine's kernels and the flow model's.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from partysim.cli import main

tiny = Path(__file__).resolve().parents[1] / "tests" / "data" / "tiny.yaml"
result = CliRunner().invoke(main, ["warm", str(tiny), "--lang", "en"])
print(result.output.strip())
if result.exit_code != 0:
    raise SystemExit(result.output)
