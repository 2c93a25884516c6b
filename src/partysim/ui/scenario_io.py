"""Write the dashboard's current settings as a scenario YAML file.

The file holds every value that differs from the model's defaults (so it stays short
and readable) and loads back with :func:`partysim.load_scenario` to the same validated
scenario, except its name and title: they carry what was changed
(``huong_son_2018_2022__classes_per_year-8``, ``"Xã Hương Sơn 2018-2022 (số lớp ... = 8)"``
in Vietnamese and English), so a chart of the saved settings never reads as the original.
The comment at the top lists the changes with the values they replaced.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from partysim.outputs.atomic import write_text
from partysim.outputs.variant_text import changes_text, variant_title
from partysim.scenario.bilingual import BilingualText
from partysim.scenario.schema import Scenario

__all__ = ["save_scenario", "scenario_yaml", "variant_scenario"]

_HEADER = {
    "en": ("Saved from the partysim dashboard on {date}", "Starting from: {source}", "Changed: {changes}"),
    "vi": ("Lưu từ bảng điều khiển partysim ngày {date}", "Kịch bản gốc: {source}", "Đã thay đổi: {changes}"),
}


def variant_scenario(scenario: Scenario) -> Scenario:
    """``scenario`` named after its changes: ``name__path-value`` and the title with the
    changes in both languages (the scenario itself if nothing was changed)."""
    if not scenario.overrides:
        return scenario
    title = BilingualText(variant_title(scenario, "vi"), variant_title(scenario, "en"))
    return scenario.model_copy(update={"name": scenario.variant_name, "title": title})


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


def save_scenario(scenario: Scenario, path: str | Path, source: str = "", lang: str = "en") -> Path:
    """Write ``scenario`` to ``path`` as YAML, atomically (:mod:`partysim.outputs.atomic`),
    named after its changes (:func:`variant_scenario`).

    Args:
        scenario: The settings to save.
        path: Destination file; parent folders are created.
        source: Where the settings came from, recorded in the comment header.
        lang: Language of the comment header.

    Returns:
        The written path.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    saved, source_line, changed = _HEADER["vi" if lang == "vi" else "en"]
    lines = [saved.format(date=dt.date.today().isoformat())]
    if source:
        lines.append(source_line.format(source=source))
    if scenario.overrides:
        lines.append(changed.format(changes=changes_text(scenario, "vi" if lang == "vi" else "en")))
    return write_text(path, scenario_yaml(variant_scenario(scenario), "\n".join(lines)))
