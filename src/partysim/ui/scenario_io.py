"""Write the dashboard's current settings as a scenario YAML file.

The file holds every value that differs from the model's defaults (so it stays short
and readable) and loads back with :func:`partysim.load_scenario` to the same validated
scenario.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from partysim.outputs.atomic import write_text
from partysim.scenario.schema import Scenario

__all__ = ["save_scenario", "scenario_yaml"]


def scenario_yaml(scenario: Scenario, comment: str = "") -> str:
    """YAML text of ``scenario`` (non-default values only), with an optional comment header.

    Args:
        scenario: The validated scenario.
        comment: Lines to put at the top as ``#`` comments.

    Returns:
        The YAML text (UTF-8, Vietnamese letters kept as they are).
    """
    data = scenario.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    # Required fields first, in the order of the scenario files in scenarios/.
    order = ["name", "title", "description", "start", "end", "seed", "replications", "review_months"]
    data = {**{k: data[k] for k in order if k in data}, **{k: v for k, v in data.items() if k not in order}}
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    head = "".join(f"# {line}\n" for line in comment.splitlines()) if comment else ""
    return head + body


def save_scenario(scenario: Scenario, path: str | Path, source: str = "") -> Path:
    """Write ``scenario`` to ``path`` as YAML, atomically (:mod:`partysim.outputs.atomic`).

    Args:
        scenario: The settings to save.
        path: Destination file; parent folders are created.
        source: Where the settings came from, recorded in the comment header.

    Returns:
        The written path.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    comment = f"Saved from the partysim dashboard on {dt.date.today().isoformat()}"
    if source:
        comment += f"\nStarting from: {source}"
    return write_text(path, scenario_yaml(scenario, comment))
