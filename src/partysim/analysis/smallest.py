"""The smallest lever setting that meets a target with a chosen probability.

For one lever, the points of a sweep are grouped by the settings of the *other* swept
levers. Within a group, the answer is the smallest value ``v`` such that the target is
met with at least the chosen probability at ``v`` **and at every larger value tried**
("met from here on"), so that one lucky point below a failing one is not taken for the
answer. When a group holds the other levers at the scenario's own values, that group's
answer is reported; otherwise the group with the smallest answer (its other settings are
reported with it). In a Latin hypercube every group is a single point, and the answer is
the smallest sampled value among points that meet the target (with the other levers as
at that point).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = ["smallest_in_group", "smallest_setting", "smallest_settings"]


def smallest_in_group(values: np.ndarray, probability: np.ndarray, level: float) -> int | None:
    """Index of the smallest value met from there on, or ``None``.

    Args:
        values: Lever values (any order; ties allowed).
        probability: Probability of meeting the target at each value (0-1).
        level: Required probability (0-1).

    Returns:
        Position in ``values`` of the answer, or ``None`` if the largest value fails.
    """
    values = np.asarray(values, dtype=float)
    ok = np.asarray(probability, dtype=float) >= level - 1e-12
    order = np.argsort(values, kind="stable")
    best = None
    for pos in order[::-1]:  # from the largest value down, while every point meets
        # all points at this value must meet (ties: several points at the same value)
        same = values == values[pos]
        if not ok[same].all():
            break
        best = pos
    if best is None:
        return None
    same = np.flatnonzero(values == values[best])
    return int(same[0])


def smallest_setting(
    table: pd.DataFrame,
    lever: str,
    others: list[str],
    base: Mapping[str, float] | None = None,
    level: float = 0.8,
    prob: str = "probability",
) -> dict | None:
    """Smallest value of ``lever`` meeting the target with probability ≥ ``level``.

    Args:
        table: One row per sweep point for one target and year, with a column per swept
            lever and ``prob``.
        lever: The lever (column) to minimise.
        others: The other swept levers (columns).
        base: The scenario's own values of the other levers (preferred group).
        level: Required probability (0-1).
        prob: Column with the probability of meeting the target.

    Returns:
        ``{"value", "probability", "others": {path: value}, "at_base": bool}``, or
        ``None`` when no group meets the target from some value on.
    """
    groups = [((), table)] if not others else list(table.groupby(others, sort=True))
    answers = []
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        pos = smallest_in_group(g[lever].to_numpy(float), g[prob].to_numpy(float), level)
        if pos is None:
            continue
        row = g.iloc[pos]
        other_vals = {o: float(v) for o, v in zip(others, key)}
        at_base = (
            bool(others)
            and base is not None
            and all(o in base and np.isclose(other_vals[o], float(base[o])) for o in others)
        )
        answers.append(
            {
                "value": float(row[lever]),
                "probability": float(row[prob]),
                "others": other_vals,
                "at_base": bool(at_base),
            }
        )
    if not answers:
        return None
    preferred = [a for a in answers if a["at_base"]]
    pool = preferred or answers
    return min(pool, key=lambda a: a["value"])


def smallest_settings(
    probabilities: pd.DataFrame, levers: list[str], base: Mapping[str, float] | None = None, level: float = 0.8
) -> pd.DataFrame:
    """The smallest setting of every swept lever for every target and year.

    Args:
        probabilities: From ``partysim.batch.compare.sweep_probabilities``: columns
            per lever, ``target, year, probability``.
        levers: Swept levers (columns).
        base: The scenario's own values of the levers.
        level: Required probability (0-1).

    Returns:
        Columns ``target, year, lever, value, probability, others, at_base, met``
        (``value`` NaN and ``met`` False when the sweep never reaches ``level``).
    """
    rows = []
    for (target, year), g in probabilities.groupby(["target", "year"], sort=False):
        for lever in levers:
            others = [o for o in levers if o != lever]
            ans = smallest_setting(g, lever, others, base, level)
            rows.append(
                {
                    "target": target,
                    "year": int(year),
                    "lever": lever,
                    "value": ans["value"] if ans else float("nan"),
                    "probability": ans["probability"] if ans else float(g["probability"].max()),
                    "others": ans["others"] if ans else {},
                    "at_base": ans["at_base"] if ans else False,
                    "met": ans is not None,
                }
            )
    return pd.DataFrame(rows)
