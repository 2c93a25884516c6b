"""What a planner writes, validated: the scenario file and everything it declares.

Import from here::

    from partysim.scenario import Scenario, ScenarioError, load_scenario
"""

from __future__ import annotations

from partysim.scenario.errors import ScenarioError
from partysim.scenario.schema import Scenario, load_scenario

__all__ = ["Scenario", "ScenarioError", "load_scenario"]
