"""Rate classes of the source pool: who is likely to be identified, and how the pool thins.

Cells identify the likeliest people first (Youth Union members, the schooled, state
staff), so a pool that has been drawn on for years holds fewer of them: identification
falls even when the pool's size does not. The flow model keeps this by following the
pool in a few **rate classes**: people's types (:data:`~partysim.analysis.flow_inputs.N_TYPES`)
grouped by their identification rate (class 0: people who cannot be identified, whose
schooling does not qualify or whose unit has no party organisation that can take them).
Classes are fixed per model (from the base levers); their rates follow the levers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from partysim.analysis.flow_inputs import N_TYPES, POOL_AGE_YEARS, TIERS, FlowInputs
from partysim.analysis.flow_rates import schooled_types, type_factors
from partysim.model import people as P
from partysim.model.population import youth_union_limit
from partysim.scenario.ages import YOUTH_LIMIT_MONTHS
from partysim.scenario.schema import Scenario

N_CLASSES = 8
"""Rate classes of people who can be identified (plus class 0 for those who cannot), in
each tier of cells."""

N_ALL = TIERS * (N_CLASSES + 1)
"""Classes of all tiers: class + (N_CLASSES + 1) x tier."""


@dataclass(frozen=True)
class PoolClasses:
    """The pool's composition by rate class at month 0 (see the module docstring).

    Attributes:
        of_type: Class (of all tiers, see :data:`N_ALL`) of each type of each tier.
        ok: People who can be identified by (segment, age year, class), class 0 empty.
        heads: All people of the pool by (segment, age year).
        fresh: Composition (shares) of workers taken on anew, by (workplace segment, class).
    """

    of_type: np.ndarray
    ok: np.ndarray
    heads: np.ndarray
    fresh: np.ndarray

    def shares(self) -> np.ndarray:
        """Composition of the pool by (segment, age year, class), shares summing to 1."""
        out = self.ok.copy()
        out[..., 0] = np.maximum(self.heads - self.ok.sum(axis=2), 0.0)
        return out / np.maximum(out.sum(axis=2, keepdims=True), 1e-12)


def _by_class(counts: np.ndarray, of_type: np.ndarray) -> np.ndarray:
    """Sum the last (type) axis of ``counts`` into the classes (:data:`N_ALL`), each class's
    types in their order (one weighted count over every leading index at once)."""
    lead = counts.shape[:-1]
    rows = int(np.prod(lead, dtype=np.int64))
    bins = (np.arange(rows)[:, None] * N_ALL + of_type[None, :]).ravel()
    flat = np.bincount(bins, weights=counts.reshape(rows, -1).ravel(), minlength=rows * N_ALL)
    return flat.reshape(*lead, N_ALL)


_NONZERO: dict[int, tuple[np.ndarray, ...]] = {}
"""Nonzero counts of the pools seen, for :func:`ok_by_class`: by the array's id (the entry
keeps the array, so no other array takes its id while the entry lasts; a build's counts
are never changed in place)."""


def _nonzero(counts: np.ndarray) -> tuple[np.ndarray, ...]:
    """(row over the leading axes, index of the second axis, type, count) of the nonzero
    entries of ``counts`` (segment, age year, type), in order."""
    hit = _NONZERO.get(id(counts))
    if hit is None or hit[0] is not counts:
        flat = counts.reshape(-1, counts.shape[-1])
        rows, types = np.nonzero(flat)
        hit = (counts, rows, rows % counts.shape[1], types, flat[rows, types])
        if len(_NONZERO) >= 8:
            _NONZERO.pop(next(iter(_NONZERO)))
        _NONZERO[id(counts)] = hit
    return hit[1:]


def ok_by_class(counts: np.ndarray, of_type: np.ndarray, factor: np.ndarray | None = None) -> np.ndarray:
    """``_by_class(counts * factor[None], of_type)`` for counts by (segment, age year,
    type) and ``factor`` by (age year, type) (None: 1), over the nonzero counts only: the
    same sums in the same order (a pool holds about one in twenty of its cells)."""
    rows, age, types, values = _nonzero(counts)
    weights = values if factor is None else values * factor[age, types]
    n = counts.shape[0] * counts.shape[1]
    flat = np.bincount(rows * N_ALL + of_type[types], weights=weights, minlength=n * N_ALL)
    return flat.reshape(*counts.shape[:2], N_ALL)


def pool_classes(sc: Scenario, inputs: FlowInputs, levers: dict[str, float]) -> PoolClasses:
    """Group the pool's types into rate classes under ``levers`` (log-spaced bins of the
    types' rates, weighted by nobody: the bins span the rates present in the pool)."""
    key = type_factors(sc, levers)[:, 1]
    present = inputs.pool_ok.reshape(*inputs.pool_ok.shape[:2], TIERS, N_TYPES).sum(axis=(0, 1, 2)) > 0
    pos = present & (key > 0)
    base = np.zeros(len(key), dtype=np.int64)
    if pos.any():
        lo, hi = np.log(key[pos].min()), np.log(key[pos].max())
        edges = np.linspace(lo, hi + 1e-9, N_CLASSES + 1)[1:-1]
        base[pos] = 1 + np.searchsorted(edges, np.log(key[pos]), side="right")
    of_type = np.concatenate([base + (N_CLASSES + 1) * k for k in range(TIERS)])
    ok = inputs.pool_ok
    fresh_types = (inputs.pool_types[3:] * schooled_types()[None, None, :]).sum(axis=1)
    tiers = inputs.pool_ok[3:].reshape(2, -1, TIERS, N_TYPES).sum(axis=(1, 3))
    tier_share = tiers / np.maximum(tiers.sum(axis=1, keepdims=True), 1e-12)
    fresh = _by_class(np.concatenate([fresh_types * tier_share[:, k : k + 1] for k in range(TIERS)], axis=1), of_type)
    heads_w = inputs.pool_types[3:].sum(axis=(1, 2))
    fresh[:, 0] = np.maximum(heads_w - fresh.sum(axis=1), 0.0)
    return PoolClasses(
        of_type=of_type,
        ok=ok_by_class(ok, of_type),
        heads=inputs.pool_types.sum(axis=2),
        fresh=fresh / np.maximum(fresh.sum(axis=1, keepdims=True), 1e-12),
    )


def class_rates(sc: Scenario, inputs: FlowInputs, classes: PoolClasses, levers: dict[str, float]) -> np.ndarray:
    """Annual identification rate of a person by (segment, class, age year), in an active
    cell (before the cell factor): the mean over the class's types present at that age."""
    lo, hi = POOL_AGE_YEARS
    young = (np.arange(lo, hi) * 12 < YOUTH_LIMIT_MONTHS).astype(int)
    by_young = np.tile(type_factors(sc, levers).T, (1, TIERS))  # (aged under 31, types of every tier)
    mass = ok_by_class(inputs.pool_ok, classes.of_type, by_young[young])  # (seg, age, class)
    heads = classes.ok
    all_ages = inputs.pool_ok.sum(axis=1, keepdims=True)  # (seg, 1, types): the class's mix over all ages
    fallback = _by_class(all_ages * by_young[None, :, :], classes.of_type)[:, young, :] / np.maximum(
        heads.sum(axis=1, keepdims=True), 1e-12
    )
    rate = np.where(heads > 0, mass / np.maximum(heads, 1e-12), fallback)
    rate[..., :: N_CLASSES + 1] = 0.0
    return np.transpose(rate, (0, 2, 1))


def _type_after(of_type: np.ndarray, change: str) -> np.ndarray:
    """Type each type becomes when Youth Union membership ends (``"youth_union"``) or
    studies end in a commune (``"student"``: students become farmers)."""
    t = np.arange(len(of_type))
    occ, yu = (t % N_TYPES) // 112, (t // 56) % 2
    if change == "youth_union":
        return t - 56 * yu
    return np.where(occ == P.STUDENT, t - 112 * (P.STUDENT - P.FARM), t)


def life_course(sc: Scenario, inputs: FlowInputs, classes: PoolClasses) -> list[tuple[int, np.ndarray]]:
    """Class changes at the life-course ages (the engine's ``demography.life_course``):
    ``(age in months, matrix (area, class from, class to))`` for the end of Youth Union
    membership and of studies; the matrices mix each class's types at the year before."""
    lo, _ = POOL_AGE_YEARS
    out = []
    for change, age in (("youth_union", youth_union_limit(sc)), ("student", int(sc.pipeline.student_max_age * 12))):
        year = min(max(age // 12 - 1 - lo, 0), inputs.pool_ok.shape[1] - 1)
        w = inputs.pool_ok[:3, year, :]  # (area, type)
        to = classes.of_type[_type_after(classes.of_type, change)]
        mat = np.zeros((3, N_ALL * N_ALL))
        pair = classes.of_type * N_ALL + to
        for area in range(3):
            mat[area] = np.bincount(pair, weights=w[area], minlength=N_ALL * N_ALL)
        mat = mat.reshape(3, N_ALL, N_ALL)
        total = mat.sum(axis=2, keepdims=True)
        eye = np.broadcast_to(np.eye(N_ALL), mat.shape)
        out.append((age, np.where(total > 0, mat / np.maximum(total, 1e-12), eye)))
    return out
