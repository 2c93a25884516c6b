"""Policy levers: their schedules resolved to one value per simulated month."""

from __future__ import annotations

import numpy as np

from partysim.scenario.levers import Levers
from partysim.scenario.schema import Scenario


def lever_names() -> list[str]:
    """Names of all levers, in declaration order."""
    return list(Levers.model_fields)


class LeverPlan:
    """Month-by-month values of every lever.

    A schedule ``{"2022": 0.5, "2023-07": 1}`` is a step function: each value holds from its
    period on; before the first period the first value applies.

    Args:
        scenario: The validated scenario.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.months = scenario.months
        self.values: dict[str, np.ndarray] = {}
        for name in lever_names():
            spec = getattr(scenario.levers, name)
            arr = np.empty(self.months, dtype=np.float64)
            if isinstance(spec, dict):
                steps = sorted((scenario.month_of(p), float(v)) for p, v in spec.items())
                arr[:] = steps[0][1]
                for start, v in steps:
                    arr[max(start, 0) :] = v
            else:
                arr[:] = float(spec)
            self.values[name] = arr

    def change_from(self, name: str, month: int, value: float) -> None:
        """Set lever ``name`` to ``value`` from month ``month`` (0-based) to the end.

        Used to try a change from today on (see :mod:`partysim.analysis.review`): the months
        before ``month`` keep their values, so a run changed this way is paired with the
        unchanged run on every draw up to ``month``.

        Raises:
            KeyError: No lever of that name.
        """
        self.values[name][max(month, 0) :] = float(value)

    def at(self, name: str, t: int) -> float:
        """Value of lever ``name`` in month ``t`` (0-based)."""
        arr = self.values[name]
        return float(arr[min(max(t, 0), len(arr) - 1)])
