"""Find the shipped scenario files from a notebook, wherever the notebook was copied."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["find_scenario", "scenarios_dir"]


def _candidates() -> list[Path]:
    here = Path.cwd().resolve()
    out = []
    env = os.environ.get("PARTYSIM_SCENARIOS")
    if env:
        out.append(Path(env))
    out += [base / "scenarios" for base in (here, *here.parents)]
    pkg = Path(__file__).resolve().parents[1]
    out += [pkg / "scenarios", pkg.parents[1] / "scenarios"]  # package data, source checkout
    return out


def scenarios_dir() -> Path:
    """The folder of shipped scenarios.

    Looked up in order: ``$PARTYSIM_SCENARIOS``; ``scenarios/`` in the working folder or
    any folder above it; the package's own ``scenarios`` data; the source checkout the
    package is installed from (editable install).

    Raises:
        FileNotFoundError: If none exists.
    """
    for c in _candidates():
        if c.is_dir() and any(c.glob("*.yaml")):
            return c
    raise FileNotFoundError("no scenarios/ folder found; set PARTYSIM_SCENARIOS to the folder of scenario files")


def find_scenario(name: str) -> Path:
    """Path of a shipped scenario by file name, with or without ``.yaml``
    (e.g. ``"ninh_binh_2023"``)."""
    file = name if name.endswith((".yaml", ".yml")) else f"{name}.yaml"
    path = scenarios_dir() / file
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in scenarios_dir().glob("*.yaml")))
        raise FileNotFoundError(f"no scenario {file!r} in {scenarios_dir()}; known: {known}")
    return path
