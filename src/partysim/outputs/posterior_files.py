"""The files a calibration with uncertainty writes, and reading its parameter sets back.

``posterior_sets.csv`` (one row per set: ``set, weight, implausibility``, then one column
per parameter path, values in the parameter's unit), ``posterior.json`` (the figures,
parameters, settings and the posterior verdicts), ``posterior.md`` (the report) and
``posterior_runs.csv`` (the annual table of every run of the sets with weight, in the
layout of ``partysim verdict``'s ``ensemble.csv``), each written atomically.
:func:`read_posterior_sets` reads the sets (or the folder holding them) and
:func:`read_posterior_runs` the runs for ``partysim verdict --posterior``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from partysim.analysis.posterior_results import Posterior, plain
from partysim.outputs.atomic import atomic_write, write_text
from partysim.scenario.schema import Scenario

__all__ = [
    "RUNS_FILE",
    "SETS_FILE",
    "PosteriorFileError",
    "declared_posterior_path",
    "read_posterior_runs",
    "read_posterior_sets",
    "write_posterior",
]

SETS_FILE = "posterior_sets.csv"
"""Name of the parameter sets file in a calibration's output folder."""

RUNS_FILE = "posterior_runs.csv"
"""Name of the file of the runs of the sets with weight in a calibration's output folder."""

NOT_PARAMETERS = ("set", "weight", "implausibility")
"""Columns of :data:`SETS_FILE` that are not parameter paths."""


class PosteriorFileError(ValueError):
    """A parameter sets file that cannot be used (one-line message)."""


def write_posterior(
    post: Posterior, out: Path, verdicts: pd.DataFrame | None = None, runs: pd.DataFrame | None = None
) -> list[Path]:
    """Write ``posterior_sets.csv``, ``posterior.json``, ``posterior.md`` and, when
    ``runs`` is given, ``posterior_runs.csv`` into ``out``.

    Args:
        post: The calibration's result.
        out: Output folder (created if missing).
        verdicts: Verdicts over the posterior to include in the JSON (optional).
        runs: Every run of the sets with weight (``EnsembleResults.table()`` of
            ``post.ensemble()``; floats written in full so they read back exactly).

    Returns:
        The paths written.
    """
    out.mkdir(parents=True, exist_ok=True)
    doc: dict[str, Any] = post.as_dict()
    if verdicts is not None:
        doc["verdicts"] = plain(verdicts.astype(object).to_dict("records"))
    sets = atomic_write(out / SETS_FILE, lambda p: post.to_frame().to_csv(p, index=False, float_format="%.10g"))
    written = [sets]
    if runs is not None:
        written.append(atomic_write(out / RUNS_FILE, lambda p: runs.to_csv(p, index=False)))
    js = write_text(out / "posterior.json", json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    md = write_text(out / "posterior.md", post.summary())
    return [*written, js, md]


def read_posterior_runs(path: Path | str) -> pd.DataFrame | None:
    """The runs a calibration stored next to its sets (:data:`RUNS_FILE`), or ``None``
    when there is no such file.

    Args:
        path: ``posterior_sets.csv`` or the folder a calibration wrote it into.

    Raises:
        PosteriorFileError: The file exists but cannot be read.
    """
    path = Path(path)
    runs = (path if path.is_dir() else path.parent) / RUNS_FILE
    if not runs.is_file():
        return None
    try:
        return pd.read_csv(runs, float_precision="round_trip")
    except (OSError, ValueError, pd.errors.ParserError) as err:
        raise PosteriorFileError(f"{runs}: cannot read ({err})") from None


def declared_posterior_path(scenario: Scenario, scenario_path: Path | str) -> Path | None:
    """The file's own ``calibration.posterior``, resolved next to the scenario file (None
    when it declares none).

    Args:
        scenario: The loaded scenario.
        scenario_path: The YAML file it was loaded from.
    """
    if scenario.calibration is None or not scenario.calibration.posterior:
        return None
    return Path(scenario_path).parent / scenario.calibration.posterior


def read_posterior_sets(path: Path | str) -> tuple[pd.DataFrame, np.ndarray]:
    """The parameter sets with positive weight and their weights, from a CSV or its folder.

    Args:
        path: ``posterior_sets.csv`` or the folder a calibration wrote it into.

    Returns:
        ``(sets, weights)``: one row per set with positive weight (renumbered from 0),
        one column per parameter path; weights summing to 1.

    Raises:
        PosteriorFileError: Missing file, no weight column, no parameter, bad values.
    """
    path = Path(path)
    if path.is_dir():
        path = path / SETS_FILE
    if not path.is_file():
        raise PosteriorFileError(f"{path}: no such file (expected {SETS_FILE} or the folder holding it)")
    try:
        table = pd.read_csv(path)
    except (OSError, ValueError, pd.errors.ParserError) as err:
        raise PosteriorFileError(f"{path}: cannot read ({err})") from None
    if "weight" not in table.columns:
        raise PosteriorFileError(f"{path}: no 'weight' column")
    paths = [c for c in table.columns if c not in NOT_PARAMETERS]
    if not paths:
        raise PosteriorFileError(f"{path}: no parameter column")
    try:
        values = table[[*paths, "weight"]].astype(float)
    except ValueError:
        raise PosteriorFileError(f"{path}: a value is not a number") from None
    if not np.all(np.isfinite(values.to_numpy())) or (values["weight"] < 0).any():
        raise PosteriorFileError(f"{path}: missing, infinite or negative values")
    values = values[values["weight"] > 0].reset_index(drop=True)
    if values.empty:
        raise PosteriorFileError(f"{path}: no set has a positive weight")
    w = values.pop("weight").to_numpy()
    values.index.name = "set"
    return values, w / w.sum()
