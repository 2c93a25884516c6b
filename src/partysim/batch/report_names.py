"""How the batch report names what it compares, in the report's language.

Points are named by their scenario's title in the language (a sweep point adds its
number), targets by their name in the language, and swept levers by their one-line
description (:func:`partysim.outputs.variant_text.parameter_name`), never by file names or
dotted paths inside a Vietnamese or English chart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from partysim.batch.compare import BatchResults, PointResults
from partysim.outputs.variant_text import parameter_name, scenario_title
from partysim.scenario.bilingual import text_in

__all__ = ["Names"]


class Names:
    """Names of the points, targets and levers of one batch, in ``lang``."""

    def __init__(self, results: BatchResults, lang: str) -> None:
        self.lang = lang
        self.results = results
        titles = [scenario_title(p.scenario, lang) for p in results.base_points()]
        self._unique = len(set(titles)) == len(titles)
        self._targets: dict[str, str] = {}
        for p in results.points:
            for t in p.scenario.targets:
                self._targets.setdefault(str(t.name), text_in(t.name, lang))

    def point(self, p: PointResults) -> str:
        """A point's name: its scenario's title (``"... #3"`` for sweep point 3)."""
        title = scenario_title(p.scenario, self.lang)
        if not self._unique:
            title = f"{title} ({p.scenario_name})"
        return title if p.index == 0 else f"{title} #{p.index}"

    def label(self, label: str) -> str:
        """The name of the point called ``label`` (the label itself if unknown)."""
        try:
            return self.point(self.results.point(label))
        except KeyError:
            return label

    def target(self, name: str) -> str:
        """A target's name in the language."""
        return self._targets.get(str(name), str(name))

    def lever(self, path: str, p: PointResults) -> str:
        """A swept lever's name in words."""
        return parameter_name(path, self.lang, p.scenario)

    def frame(self, df: pd.DataFrame, columns: Mapping[str, Callable[[str], str]]) -> pd.DataFrame:
        """``df`` with the named columns' values renamed (``{"label": names.label}``)."""
        return df.assign(**{c: df[c].map(f) for c, f in columns.items() if c in df.columns})
