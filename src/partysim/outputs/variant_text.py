"""What a scenario is called in an output, and what was changed, in the output's language.

Every output of a run names its scenario by the title in the output's language
(:class:`~partysim.scenario.bilingual.BilingualText`) and, for a variant (``--set``, the
dashboard, a sweep point), the changes: the chart subtitle and the brief's title carry
``"Xã Hương Sơn 2018-2022 (số lớp bồi dưỡng nhận thức về Đảng mỗi năm = 8)"``, the footer and
the brief add the value in the file, ``summary.json`` lists them (:func:`overrides_data`).
Parameters are named by their own one-line description (``partysim params``); values are
shown in their unit (shares as percentages).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from partysim.outputs.i18n import format_number, format_percent, label, label_or
from partysim.scenario.bilingual import text_in
from partysim.scenario.overrides import path_tokens
from partysim.scenario.parameters import ParamInfo, iter_params
from partysim.scenario.schema import Scenario
from partysim.scenario.variant import Override

__all__ = [
    "change_text",
    "changes_text",
    "localized_targets",
    "overrides_data",
    "parameter_name",
    "scenario_title",
    "target_name",
    "value_text",
    "variant_title",
]

_PERCENT_UNITS = {"share 0-1", "level 0-1"}


def _params(scenario: Scenario) -> dict[str, ParamInfo]:
    return {p.path: p for p in iter_params(scenario)}


def _split(path: str, params: Mapping[str, ParamInfo]) -> tuple[ParamInfo | None, str | None]:
    """The parameter a path sets and, for a schedule step, the step's period."""
    if path in params:
        return params[path], None
    head, _, last = path.rpartition(".")
    if head in params:
        return params[head], last
    return None, None


def _lower_first(text: str) -> str:
    """``"Awareness classes"`` -> ``"awareness classes"`` (not ``"COVID"``, not ``"Đảng"`` alone)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def parameter_name(path: str, lang: str, scenario: Scenario, params: Mapping[str, ParamInfo] | None = None) -> str:
    """A parameter in words: its one-line description (``"số lớp bồi dưỡng ... mỗi năm"``),
    ``"... từ 2021"`` for a schedule step; other fields by a label or their path."""
    info, period = _split(path, params if params is not None else _params(scenario))
    if info is None:
        tokens = [str(t) for t in path_tokens(path)]
        if len(tokens) == 4 and tokens[:2] == ["territory", "units"] and tokens[2].isdigit():
            unit = (
                scenario.territory.units[int(tokens[2])].name if int(tokens[2]) < len(scenario.territory.units) else ""
            )
            return label_or(f"unit_field.{tokens[3]}", lang, path).format(unit=unit)
        return label_or(f"field.{tokens[0]}", lang, path) if len(tokens) == 1 else path
    name = _lower_first(info.vi if lang == "vi" else info.en)
    return label("variant.from", lang).format(name=name, period=period) if period else name


def value_text(
    path: str, value: Any, lang: str, scenario: Scenario, params: Mapping[str, ParamInfo] | None = None
) -> str:
    """A value in its unit: shares as percentages, numbers with the separators of ``lang``."""
    if value is None:
        return label("variant.none", lang)
    info, _ = _split(path, params if params is not None else _params(scenario))
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {value_text(path, v, lang, scenario, params)}" for k, v in value.items())
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if info is not None and info.unit in _PERCENT_UNITS:
        return format_percent(value, lang, 2, trim=True)
    return format_number(value, lang, 6, trim=True)


def change_text(
    o: Override, lang: str, scenario: Scenario, *, original: bool = False, params: Mapping[str, ParamInfo] | None = None
) -> str:
    """``"số lớp ... mỗi năm = 8"``, with ``original``: ``"... = 8 (trong tệp: 4)"``."""
    params = params if params is not None else _params(scenario)
    text = f"{parameter_name(o.path, lang, scenario, params)} = {value_text(o.path, o.value, lang, scenario, params)}"
    if original:
        text += " " + label("variant.original", lang).format(
            value=value_text(o.path, o.original, lang, scenario, params)
        )
    return text


def changes_text(
    scenario: Scenario, lang: str, *, original: bool = True, overrides: Sequence[Override] | None = None
) -> str:
    """Every change of a variant, joined with ``"; "`` (empty for the file as written)."""
    items = scenario.overrides if overrides is None else overrides
    params = _params(scenario) if items else {}
    return "; ".join(change_text(o, lang, scenario, original=original, params=params) for o in items)


def scenario_title(scenario: Scenario, lang: str) -> str:
    """The scenario's title in ``lang`` (its name if it has none)."""
    return text_in(scenario.title, lang) or scenario.name


def variant_title(scenario: Scenario, lang: str, overrides: Sequence[Override] | None = None) -> str:
    """The title in ``lang`` followed by the changes: ``"Title (classes per year = 8)"``."""
    changes = changes_text(scenario, lang, original=False, overrides=overrides)
    title = scenario_title(scenario, lang)
    return f"{title} ({changes})" if changes else title


def overrides_data(scenario: Scenario) -> list[dict[str, Any]]:
    """The changes as plain data for ``summary.json``: ``[{path, value, original}]``."""
    return [o.to_dict() for o in scenario.overrides]


def target_name(name: Any, lang: str, scenario: Scenario | None = None) -> str:
    """A target's name in ``lang``: from the scenario's targets (by their Vietnamese name)."""
    if scenario is not None and not hasattr(name, "get"):
        for t in scenario.targets:
            if str(t.name) == str(name):
                return text_in(t.name, lang)
    return text_in(name, lang)


def localized_targets(targets: Iterable[Mapping[str, Any]], lang: str, scenario: Scenario | None = None) -> list[dict]:
    """Verdict rows with each target's ``name`` in ``lang`` (other fields unchanged)."""
    return [{**t, "name": target_name(t.get("name", ""), lang, scenario)} for t in targets]
