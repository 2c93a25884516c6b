"""The outlook in words: does the simulation agree with what history alone says?"""

from __future__ import annotations

import pandas as pd

from partysim.analysis.outlook import departures
from partysim.outputs.i18n import format_number, label


def outlook_text(bands: pd.DataFrame, annual: pd.DataFrame, lang: str) -> str:
    """A short paragraph: does the simulation agree with history alone?"""
    deps = departures(bands, annual)
    if not deps:
        return label("outlook.agree", lang).format(model=bands.attrs.get("model", ""))
    lines = [label(f"outlook.{d['direction']}", lang).format(
        year=d["year"], sim=format_number(d["simulated"], lang), lo=format_number(d["lo80"], lang),
        hi=format_number(d["hi80"], lang)) for d in deps]
    return " ".join([*lines, label("outlook.why", lang)])
