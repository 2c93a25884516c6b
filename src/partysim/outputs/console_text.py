"""What the ``partysim`` command prints, in the language asked for (``--lang``).

The command line (:mod:`partysim.cli`) only echoes these lines: errors, the verdict of
each target and year, what was written, and the list of parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from partysim.outputs.i18n import format_number, label
from partysim.outputs.target_text import value_formatter
from partysim.outputs.uncertainty_text import probability_text
from partysim.scenario.bilingual import text_in
from partysim.scenario.error_text import unit_in
from partysim.scenario.errors import ScenarioError
from partysim.scenario.parameters import ParamInfo
from partysim.scenario.quota_sum import quota_mismatches
from partysim.scenario.schema import Scenario

__all__ = ["error_line", "param_line", "quota_warnings", "scenario_error_line", "verdict_line", "wrote_line"]


def error_line(message: str, lang: str) -> str:
    """``"error: message"`` / ``"lỗi: message"``."""
    return f"{label('cli.error', lang)}: {message}"


def scenario_error_line(err: ScenarioError, lang: str) -> str:
    """A scenario error in ``lang``: file, line, field, what was expected."""
    return error_line(err.render(lang), lang)


def verdict_line(target: Mapping[str, Any], lang: str) -> str:
    """One target in one year: probability of meeting it, mean, P10-P90 (name in ``lang``)."""
    fmt = value_formatter(str(target["kind"]), lang)
    return label("cli.verdict", lang).format(
        name=target["name"],
        year=target["year"],
        p=probability_text(target, lang),
        mean=fmt(float(target["mean"])),
        lo=fmt(float(target["p10"])),
        hi=fmt(float(target["p90"])),
    )


def wrote_line(n: int, folder: Path | str, lang: str) -> str:
    """``"wrote 12 files to out/x"`` (one file: singular)."""
    return label("cli.wrote_one" if n == 1 else "cli.wrote", lang).format(n=format_number(n, lang), dir=folder)


def _value(v: Any, lang: str) -> str:
    """A value as written in a scenario file (decimal point in both languages: it can be
    copied into a file or a ``--set``)."""
    if isinstance(v, Mapping):
        return "{" + ", ".join(f"{k}: {_value(x, lang)}" for k, x in v.items()) + "}"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def param_line(p: ParamInfo, lang: str) -> str:
    """One parameter: value, plausible range, unit, ``[estimate]`` mark, description, in ``lang``."""
    return label("cli.params", lang).format(
        path=p.path,
        value=_value(p.value, lang),
        lo=_value(p.lo, lang),
        hi=_value(p.hi, lang),
        unit=unit_in(p.unit, lang),
        est=label("cli.est", lang) if p.estimate else "",
        text=p.vi if lang == "vi" else p.en,
    )


def quota_warnings(scenario: Scenario, file: str, lang: str) -> list[str]:
    """``warning: ...`` lines for each territory target the grassroots quotas do not add up to
    (:func:`partysim.scenario.quota_sum.quota_mismatches`)."""
    return [
        f"{label('cli.warning', lang)}: "
        + label("alloc.sum_mismatch", lang).format(
            file=file,
            sum=format_number(m.unit_total, lang, 1, trim=True),
            total=format_number(m.threshold, lang, 1, trim=True),
            target=text_in(m.target, lang),
        )
        for m in quota_mismatches(scenario)
    ]
