"""Which assumption weighs most on a target, and when the target is met, in plain words.

Two views of an ensemble (K parameter sets x R replications), computed in
:mod:`partysim.analysis.importance`:

- **Importance**: a standardized regression of the target's value on the parameters,
  fitted on the K set means (replication noise averaged out), weighted by the sets'
  weights. A coefficient is the change of the value, in standard deviations, per
  standard deviation of the parameter over its prior; for independent draws its square
  is about the share of the value's variance the parameter explains alone. The plain
  correlation is given too (and used alone when there are too few sets for a regression:
  K < parameters + 2). Only parameters whose test passes (5%, Bonferroni) are named.
- **Rule**: a depth-2 decision tree (scikit-learn) of "met" on those parameters over all
  runs, turned into a sentence for its leaf where the target is met most often: "met in
  92% of runs when identification_rate ≥ 0.015 and willingness_youth ≥ 0.5 (18%
  otherwise)". The percentages say how sharp the rule is.

Wording lives in :data:`WORDS` (English and Vietnamese). English names a parameter by the
last part of its path; Vietnamese by its description (``partysim params --lang vi``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from partysim.analysis.importance import Condition, importance, met_rule

__all__ = ["WORDS", "WhatMatters", "explain", "format_number", "format_share"]

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "met_when": "met in {p_in} of runs when {conditions} ({p_out} otherwise)",
        "met_anyway": "met in {p} of runs; no simple rule on the assumptions tells when",
        "met_always": "met in every run, whatever the assumptions within their plausible ranges",
        "met_never": "met in no run, whatever the assumptions within their plausible ranges",
        "and": " and ",
        "weighs_most": "weighs most: {names}",
        "effect": "{name} ({effect})",
        "nothing": "no assumption moves it",
        "unclear": "no assumption stands out from chance with {k} parameter sets",
    },
    "vi": {
        "met_when": "đạt trong {p_in} số lần mô phỏng khi {conditions} ({p_out} trong các trường hợp còn lại)",
        "met_anyway": "đạt trong {p} số lần mô phỏng; không có quy luật đơn giản nào theo các giả định cho biết khi nào đạt",
        "met_always": "đạt trong mọi lần mô phỏng, dù các giả định nhận giá trị nào trong khoảng hợp lý",
        "met_never": "không đạt trong lần mô phỏng nào, dù các giả định nhận giá trị nào trong khoảng hợp lý",
        "and": " và ",
        "weighs_most": "giả định ảnh hưởng nhiều nhất: {names}",
        "effect": "{name} ({effect})",
        "nothing": "không giả định nào làm thay đổi kết quả",
        "unclear": "với {k} bộ tham số, chưa thấy giả định nào nổi bật hơn ngẫu nhiên",
    },
}
"""Sentences of :meth:`WhatMatters.sentence` and :meth:`WhatMatters.weighs_most`."""


def format_number(x: float, lang: str, digits: int = 2) -> str:
    """``x`` to ``digits`` significant digits, never in exponent form; decimal comma in Vietnamese."""
    if not np.isfinite(x):
        return "—"
    text = np.format_float_positional(float(x), precision=digits, unique=False, fractional=False, trim="-")
    text = text.rstrip(".") if "." in text else text
    return text.replace(".", ",") if lang == "vi" else text


def format_share(p: float, lang: str) -> str:
    """A probability as a whole percentage (``>99%``/``<1%`` near the ends, never false certainty)."""
    if not np.isfinite(p):
        return "—"
    text = f"{int(np.floor(100 * p + 0.5)):d}%"  # half away from zero, as the reports round
    if text == "100%" and p < 1:
        return ">99%"
    if text == "0%" and p > 0:
        return "<1%"
    return text


def _label(path: str, lang: str, descriptions: dict[str, dict[str, str]]) -> str:
    if lang == "vi" and path in descriptions and descriptions[path].get("vi"):
        text = descriptions[path]["vi"]
        return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text
    return path.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class WhatMatters:
    """What weighs on one target in one year.

    Attributes:
        target: The target's name.
        year: The year.
        threshold: The target's threshold (its unit).
        probability: P(met) over the ensemble.
        importance: Columns ``parameter, src, correlation, p_value, matters,
            strength``, strongest first (see :func:`partysim.analysis.importance.importance`).
        r2: Share of the variance of the set means the regression explains (NaN if none).
        rule: Conditions of the tree's leaf where the target is met most often (empty:
            no rule).
        met_in_rule: P(met) when the rule holds.
        met_otherwise: P(met) when it does not.
        descriptions: ``{path: {"en": ..., "vi": ...}}`` for the sentences.
        sets: Number of parameter sets (K).
    """

    target: str
    year: int
    threshold: float
    probability: float
    importance: pd.DataFrame
    r2: float
    rule: tuple[Condition, ...]
    met_in_rule: float
    met_otherwise: float
    descriptions: dict[str, dict[str, str]]
    sets: int = 0

    @property
    def top(self) -> str | None:
        """The parameter that weighs most (None when none stands out from chance)."""
        rows = self.importance[self.importance["matters"]]
        return None if rows.empty else str(rows["parameter"].iloc[0])

    def sentence(self, lang: str = "en") -> str:
        """When the target is met, in words (``lang``: ``"en"`` or ``"vi"``)."""
        w = WORDS[lang]
        if not self.rule:
            if self.probability >= 1 - 1e-9 or self.probability <= 1e-9:
                return w["met_always" if self.probability > 0.5 else "met_never"]
            return w["met_anyway"].format(p=format_share(self.probability, lang))
        parts = [
            f"{_label(c.path, lang, self.descriptions)} {'≥' if c.above else '<'} {format_number(c.value, lang)}"
            for c in self.rule
        ]
        return w["met_when"].format(
            p_in=format_share(self.met_in_rule, lang),
            conditions=w["and"].join(parts),
            p_out=format_share(self.met_otherwise, lang),
        )

    def weighs_most(self, lang: str = "en", n: int = 3) -> str:
        """Up to ``n`` parameters that weigh most (those that stand out from chance), with
        their standardized effects."""
        w = WORDS[lang]
        rows = self.importance[self.importance["matters"]].head(n)
        if rows.empty:
            moves = bool((self.importance["strength"] > 0).any())
            return w["weighs_most"].format(names=w["unclear"].format(k=self.sets) if moves else w["nothing"])
        names = [
            w["effect"].format(
                name=_label(r.parameter, lang, self.descriptions),
                effect=format_number(r.src if np.isfinite(r.src) else r.correlation, lang),
            )
            for r in rows.itertuples()
        ]
        return w["weighs_most"].format(names=", ".join(names))

    def as_dict(self, lang: str = "en") -> dict:
        """JSON-friendly content, sentences in ``lang``."""
        return {
            "target": self.target,
            "year": self.year,
            "threshold": self.threshold,
            "probability": self.probability,
            "r2": None if not np.isfinite(self.r2) else self.r2,
            "importance": [
                {k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in row.items()}
                for row in self.importance.drop(columns="strength").astype(object).to_dict("records")
            ],
            "rule": [{"parameter": c.path, "op": ">=" if c.above else "<", "value": c.value} for c in self.rule],
            "met_in_rule": self.met_in_rule,
            "met_otherwise": self.met_otherwise,
            "sentence": self.sentence(lang),
            "weighs_most": self.weighs_most(lang),
        }


def explain(
    target: str,
    year: int,
    threshold: float,
    x: pd.DataFrame,
    values: np.ndarray,
    weights: np.ndarray,
    sets: np.ndarray,
    descriptions: dict[str, dict[str, str]],
) -> WhatMatters:
    """:class:`WhatMatters` for one target and year of an ensemble.

    Args:
        target: The target's name.
        year: The year.
        threshold: The target's threshold (its unit).
        x: Parameters of each run (one row per run, one column per parameter).
        values: The target's value in each run (its unit).
        weights: Each run's weight.
        sets: Each run's parameter set.
        descriptions: ``{path: {"en": ..., "vi": ...}}``.
    """
    values, weights, sets = np.asarray(values, float), np.asarray(weights, float), np.asarray(sets)
    met = values >= threshold - 1e-12
    frame = x.assign(_set=sets, _y=values * weights, _w=weights).groupby("_set", sort=True)
    per_set = frame.agg({**{c: "first" for c in x.columns}, "_y": "sum", "_w": "sum"})
    table, r2 = importance(
        per_set[list(x.columns)], (per_set["_y"] / per_set["_w"]).to_numpy(), per_set["_w"].to_numpy()
    )
    mattering = [str(p) for p in table.loc[table["matters"], "parameter"]]
    rule, p_in, p_out = met_rule(x[mattering], met, weights, sets)
    return WhatMatters(
        target,
        int(year),
        float(threshold),
        float(np.sum(weights * met) / np.sum(weights)),
        table,
        r2,
        rule,
        p_in,
        p_out,
        descriptions,
        len(per_set),
    )
