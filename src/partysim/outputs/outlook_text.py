"""The outlook in words: does the simulation agree with what history alone says?"""

from __future__ import annotations

import pandas as pd

from partysim.analysis.outlook import departures
from partysim.analysis.start_check import StartCheck
from partysim.outputs.forecast_chart import model_name
from partysim.outputs.i18n import format_number, label


def _models(text: str, lang: str) -> str:
    """``"naive 40%, drift 60%"`` with the models named in words in ``lang``."""
    parts = [part.rsplit(" ", 1) for part in text.split(", ") if part]
    return ", ".join(f"{model_name(p[0], lang)} {p[1]}" if len(p) == 2 else model_name(p[0], lang) for p in parts)


def outlook_text(bands: pd.DataFrame, annual: pd.DataFrame, lang: str) -> str:
    """A short paragraph: does the simulation agree with history alone?"""
    deps = departures(bands, annual)
    if not deps:
        return label("outlook.agree", lang).format(model=_models(str(bands.attrs.get("model", "")), lang))
    lines = [
        label(f"outlook.{d['direction']}", lang).format(
            year=d["year"],
            sim=format_number(d["simulated"], lang),
            lo=format_number(d["lo80"], lang),
            hi=format_number(d["hi80"], lang),
        )
        for d in deps
    ]
    return " ".join([*lines, label("outlook.why", lang)])


def start_check_text(check: StartCheck, lang: str) -> str:
    """The first-year check in words: agrees or departs, from what, and the likely cause."""
    num = lambda v: format_number(v, lang)  # noqa: E731
    ref = label(f"start.ref.{check.reference}", lang).format(
        value=num(check.ref_value), lo=num(check.ref_lo), hi=num(check.ref_hi)
    )
    text = label(f"start.{check.direction}", lang).format(
        year=check.year, sim=num(check.simulated), slo=num(check.sim_lo), shi=num(check.sim_hi), ref=ref
    )
    if check.departs:
        text += " " + label(f"start.cause.{check.cause}", lang)
    return text
