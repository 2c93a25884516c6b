"""Sweep designs: the points of a ``sweep:`` block, as settings ``{dotted path: value}``.

A grid is every combination of the listed values, in the order the parameters are
written (the last parameter varies fastest). A Latin hypercube draws ``samples`` points,
one in each of ``samples`` equal slices of every parameter's range, from a scrambled
design seeded by ``sweep.seed`` (so the same block always gives the same points). A
range left open (``{}`` or a missing ``low``/``high``) is the parameter's declared
plausible range (:func:`partysim.scenario.parameters.iter_params`); a list inside a Latin
hypercube is a set of choices, each drawn in equal shares.

Values keep the unit of the parameter they set (see ``partysim params``). Latin-hypercube
values are rounded to 6 significant digits (integers for integer fields) so that they
read well in labels and give the same override text every time.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel

from partysim.scenario.errors import ScenarioError
from partysim.scenario.overrides import path_tokens
from partysim.scenario.parameters import iter_params
from partysim.scenario.schema import Scenario
from partysim.scenario.study import Sweep, SweepRange

__all__ = ["Axis", "SweepDesignError", "axes", "sweep_points", "value_at"]


class SweepDesignError(ValueError):
    """A sweep block that cannot be turned into points (one-line message)."""


@dataclass(frozen=True)
class Axis:
    """One swept parameter.

    Attributes:
        path: Dotted path, as for ``--set`` (e.g. ``levers.classes_per_year``).
        values: The listed values (grid, or choices in a Latin hypercube), else ``None``.
        low: Lower end of the sampled range (parameter's unit), for a Latin hypercube.
        high: Upper end of the sampled range (parameter's unit), for a Latin hypercube.
        integer: True when the field holds whole numbers.
    """

    path: str
    values: tuple[float, ...] | None
    low: float | None
    high: float | None
    integer: bool


def _tokens(path: str) -> list[str | int]:
    """The parts of a ``--set`` path; none for a malformed one (an unknown path)."""
    try:
        return path_tokens(path)
    except ScenarioError:
        return []


def _is_integer_field(scenario: Scenario, path: str) -> bool:
    """Whether the field at ``path`` is annotated ``int`` (unknown paths: False)."""
    node: object = scenario
    annotation: object = None
    for tok in _tokens(path):
        if isinstance(tok, int):
            if not isinstance(node, list) or tok >= len(node):
                return False
            node, annotation = node[tok], None
            continue
        if not isinstance(node, BaseModel) or tok not in type(node).model_fields:
            return False
        annotation = type(node).model_fields[tok].annotation
        node = getattr(node, tok)
    return annotation is int


def value_at(scenario: Scenario, path: str) -> float | None:
    """The scenario's number at a dotted path, or ``None`` (unknown path, schedule, text)."""
    node: object = scenario
    for tok in _tokens(path):
        if isinstance(tok, int):
            if not isinstance(node, list) or tok >= len(node):
                return None
            node = node[tok]
        elif isinstance(node, BaseModel) and tok in type(node).model_fields:
            node = getattr(node, tok)
        else:
            return None
    return float(node) if isinstance(node, (int, float)) and not isinstance(node, bool) else None


def axes(scenario: Scenario, sweep: Sweep) -> list[Axis]:
    """The swept parameters with their values or ranges resolved.

    Args:
        scenario: The scenario the sweep belongs to (supplies declared ranges).
        sweep: Its ``sweep:`` block.

    Returns:
        One :class:`Axis` per parameter, in the order written.

    Raises:
        SweepDesignError: A Latin-hypercube range that is open and not a declared
            parameter, or whose low is above its high.
    """
    declared = {p.path: (float(p.lo), float(p.hi)) for p in iter_params(scenario)}
    out = []
    for path, spec in sweep.parameters.items():
        integer = _is_integer_field(scenario, path)
        if isinstance(spec, list):
            out.append(Axis(path, tuple(float(v) for v in spec), None, None, integer))
            continue
        assert isinstance(spec, SweepRange)
        lo, hi = spec.low, spec.high
        if lo is None or hi is None:
            if path not in declared:
                raise SweepDesignError(f"sweep parameter {path!r} has no declared range; give both low and high")
            lo = declared[path][0] if lo is None else lo
            hi = declared[path][1] if hi is None else hi
        if lo > hi:
            raise SweepDesignError(f"sweep parameter {path!r}: low {lo} is above high {hi}")
        out.append(Axis(path, None, float(lo), float(hi), integer))
    return out


def _round(value: float, integer: bool) -> float:
    return float(round(value)) if integer else float(f"{value:.6g}")


def sweep_points(scenario: Scenario, sweep: Sweep) -> list[dict[str, float]]:
    """The points of a sweep, deterministic for a given block.

    Args:
        scenario: The scenario the sweep belongs to.
        sweep: Its ``sweep:`` block (``method`` grid or lhs).

    Returns:
        One dict per point mapping each swept path to its value (the parameter's unit).

    Raises:
        SweepDesignError: See :func:`axes`.
    """
    ax = axes(scenario, sweep)
    if sweep.method == "grid":
        combos = itertools.product(*[a.values for a in ax])  # type: ignore[misc]
        return [
            {a.path: _round(v, a.integer) if a.integer else float(v) for a, v in zip(ax, combo)} for combo in combos
        ]
    from scipy.stats import qmc  # imported here: scipy.stats is slow to import

    u = qmc.LatinHypercube(d=len(ax), rng=np.random.default_rng(sweep.seed)).random(sweep.samples)
    points = []
    for row in u:
        point = {}
        for a, x in zip(ax, row):
            if a.values is not None:
                point[a.path] = float(a.values[min(int(x * len(a.values)), len(a.values) - 1)])
            else:
                assert a.low is not None and a.high is not None
                point[a.path] = min(max(_round(a.low + x * (a.high - a.low), a.integer), a.low), a.high)
        points.append(point)
    return points
