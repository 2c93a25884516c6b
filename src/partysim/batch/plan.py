"""The plan of a batch: scenario files and their sweep points, expanded into run specs.

Every scenario file is one *point* (the scenario as written) plus one point per entry of
its ``sweep:`` block. Every point is run with the same seed and the same replication
numbers ``0..N-1`` (common random numbers), so that the difference between two points in
replication ``r`` is a paired difference.

A run is identified by its *run key*: a hash of (scenario content hash after overrides,
seed, replication, partysim version). The content hash is taken with the ``sweep:``
block removed, since that block does not change a single run: the scenario as written
and the same file without its sweep share their runs. Two files, or two sweep points,
with the same content share their runs too. Results of an unchanged scenario and seed
are therefore found again and reused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from partysim.batch.design import SweepDesignError, sweep_points
from partysim.scenario.loader import ScenarioError
from partysim.scenario.schema import Scenario, load_scenario
from partysim.version import __version__

__all__ = ["InputError", "Plan", "Point", "RunSpec", "format_value", "plan_batch", "run_key"]


def run_key(sha256: str, seed: int, replication: int, version: str) -> str:
    """Stable key of one run (32 hex characters).

    Args:
        sha256: Content hash of the scenario after overrides, without its sweep block.
        seed: Root seed.
        replication: Replication number (0-based).
        version: partysim version that runs it.
    """
    blob = json.dumps(
        {"scenario": sha256, "seed": int(seed), "replication": int(replication), "version": version}, sort_keys=True
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def format_value(value: float) -> str:
    """A value as override text: whole numbers without ``.0``, others in shortest form."""
    v = float(value)
    return str(int(v)) if v.is_integer() and abs(v) < 2**53 else repr(v)


@dataclass(frozen=True)
class Point:
    """One scenario to run: a file as written, or one point of its sweep.

    Attributes:
        label: Unique name in the batch: the scenario name, ``name@03`` for sweep point 3.
        scenario_name: ``name:`` of the scenario.
        scenario_file: The file, as given on the command line.
        index: 0 for the scenario as written, 1.. for its sweep points.
        sweep: Label of the scenario whose sweep this point belongs to, else ``None``.
        settings: The swept settings ``((path, value), ...)`` of this point (empty at index 0).
        overrides: All overrides applied (``--set`` ones, then the sweep settings).
        sha256: Content hash of the point's scenario (sweep block removed).
        scenario_json: The validated scenario as JSON (shipped to workers, kept for reports).
        method: Sweep design (``grid`` or ``lhs``) for sweep points, else ``None``.
    """

    label: str
    scenario_name: str
    scenario_file: str
    index: int
    sweep: str | None
    settings: tuple[tuple[str, float], ...]
    overrides: tuple[str, ...]
    sha256: str
    scenario_json: str = field(repr=False)
    method: str | None = None

    def to_record(self) -> dict:
        """Plain dict for ``plan.json`` (without the scenario JSON)."""
        return {
            "label": self.label,
            "scenario": self.scenario_name,
            "file": self.scenario_file,
            "index": self.index,
            "sweep": self.sweep,
            "settings": [[p, v] for p, v in self.settings],
            "overrides": list(self.overrides),
            "sha256": self.sha256,
            "method": self.method,
        }


@dataclass(frozen=True)
class RunSpec:
    """One replication of one point: everything a worker needs, nothing it must look up.

    Attributes:
        key: Run key (see :func:`run_key`).
        label: Label of the point.
        scenario_name: ``name:`` of the scenario.
        scenario_file: The file it came from.
        sha256: Content hash of the point's scenario.
        overrides: Overrides applied to the file.
        seed: Root seed (same for the whole batch).
        replication: Replication number (0-based, same numbers for every point).
        version: partysim version the key was made with; workers refuse another version.
        scenario_json: The validated scenario as JSON.
        monthly: Also return the monthly table.
    """

    key: str
    label: str
    scenario_name: str
    scenario_file: str
    sha256: str
    overrides: tuple[str, ...]
    seed: int
    replication: int
    version: str
    scenario_json: str = field(repr=False)
    monthly: bool = False

    def describe(self) -> str:
        """``label replication r`` for messages."""
        return f"{self.label} replication {self.replication}"


@dataclass(frozen=True)
class InputError:
    """A scenario file that could not be planned (the rest of the batch goes on).

    Attributes:
        file: The file as given.
        message: One line naming the file, line, field and what was expected.
    """

    file: str
    message: str


@dataclass
class Plan:
    """Points and run specs of a batch.

    Attributes:
        points: Every point, in the order of the files and their sweeps.
        specs: Every run (one per point and replication), keys possibly repeated when
            two points have the same content.
        errors: Files that could not be planned.
        seed: Root seed of every run.
        replications: Replications per point.
        version: partysim version.
    """

    points: list[Point]
    specs: list[RunSpec]
    errors: list[InputError]
    seed: int
    replications: int
    version: str = __version__

    def unique_specs(self) -> list[RunSpec]:
        """Specs with distinct keys, first occurrence kept, in plan order."""
        seen: set[str] = set()
        out = []
        for s in self.specs:
            if s.key not in seen:
                seen.add(s.key)
                out.append(s)
        return out


def _point_scenario(file: str, overrides: Sequence[str]) -> Scenario:
    return load_scenario(file, [*overrides, "sweep=null"])


def _unique_label(name: str, file: str, used: set[str]) -> str:
    label = name
    if label in used:
        label = f"{name} ({Path(file).stem})"
    n = 2
    base = label
    while label in used:
        label, n = f"{base} #{n}", n + 1
    return label


def _file_points(file: str, overrides: Sequence[str], used: set[str]) -> list[Point]:
    """Points of one file (raises ScenarioError or SweepDesignError)."""
    base = load_scenario(file, overrides)
    label = _unique_label(base.name, file, used)
    plain = _point_scenario(file, overrides)
    points = [Point(label, base.name, file, 0, None, (), tuple(overrides), plain.sha256(), plain.model_dump_json())]
    if base.sweep is not None:
        settings_list = sweep_points(base, base.sweep)
        width = len(str(len(settings_list)))
        for i, settings in enumerate(settings_list, start=1):
            sets = tuple(f"{p}={format_value(v)}" for p, v in settings.items())
            try:
                sc = _point_scenario(file, [*overrides, *sets])
            except ScenarioError as err:
                raise SweepDesignError(f"{file}: sweep point {i} ({', '.join(sets)}): {err}") from None
            points.append(
                Point(
                    f"{label}@{i:0{width}d}",
                    base.name,
                    file,
                    i,
                    label,
                    tuple(settings.items()),
                    (*overrides, *sets),
                    sc.sha256(),
                    sc.model_dump_json(),
                    base.sweep.method,
                )
            )
    return points


def plan_batch(
    files: Sequence[str | Path],
    replications: int | None = None,
    seed: int | None = None,
    overrides: Sequence[str] = (),
    monthly: bool = False,
) -> Plan:
    """Expand scenario files and their sweeps into points and run specs.

    Args:
        files: Scenario YAML files.
        replications: Replications per point (default: the first valid file's
            ``replications``).
        seed: Root seed for every run (default: the first valid file's ``seed``).
        overrides: ``--set`` overrides applied to every file before its sweep settings.
        monthly: Ask workers for the monthly table too.

    Returns:
        The :class:`Plan`; files that fail to load or expand are in ``errors`` and the
        rest are planned.
    """
    points: list[Point] = []
    errors: list[InputError] = []
    used: set[str] = set()
    first: Scenario | None = None
    for f in files:
        file = str(f)
        try:
            pts = _file_points(file, overrides, used)
        except ScenarioError as err:
            errors.append(InputError(file, str(err)))
            continue
        except SweepDesignError as err:
            msg = str(err)
            errors.append(InputError(file, msg if msg.startswith(file) else f"{file}: {msg}"))
            continue
        if first is None:
            first = Scenario.model_validate_json(pts[0].scenario_json)
        used.update(p.label for p in pts)
        points.extend(pts)
    n = int(replications) if replications is not None else (first.replications if first else 1)
    s = int(seed) if seed is not None else (first.seed if first else 1)
    specs = [
        RunSpec(
            key=run_key(p.sha256, s, r, __version__),
            label=p.label,
            scenario_name=p.scenario_name,
            scenario_file=p.scenario_file,
            sha256=p.sha256,
            overrides=p.overrides,
            seed=s,
            replication=r,
            version=__version__,
            scenario_json=p.scenario_json,
            monthly=monthly,
        )
        for p in points
        for r in range(n)
    ]
    return Plan(points, specs, errors, s, n)
