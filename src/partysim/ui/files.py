"""The dashboard's files: save the current settings as a scenario file, export a chart.

A mixin of :class:`partysim.ui.dashboard.Dashboard`: it uses the dashboard's widgets
(``save_path``, ``export_dir``, ``chart_choice``, ``export_label``), its scenarios and its
error display.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from partysim.ui import render
from partysim.ui.scenario_io import save_scenario
from partysim.ui.texts import text


class DashboardFiles:
    """Saving and exporting (mixed into the dashboard)."""

    lang: str
    source: Any
    save_dir: Path
    save_path: Any
    export_dir: Any
    export_label: Any
    chart_choice: Any
    baseline: Any
    policy_scenario: Any

    def current_scenario(self) -> Any:  # provided by the dashboard
        raise NotImplementedError

    def figure(self, chart: str = "fan") -> Any:  # provided by the dashboard
        raise NotImplementedError

    def _show_error(self, key: str, exc: BaseException) -> None:  # provided by the dashboard
        raise NotImplementedError

    def save(self, path: str | Path | None = None) -> Path | None:
        """Write the current settings as a scenario YAML file (see
        :func:`partysim.ui.scenario_io.save_scenario`); returns its path, or None after
        an error (shown in the dashboard)."""
        try:
            current = self.current_scenario()
            target = Path(path or self.save_path.value or self.save_dir / f"{current.variant_name}.yaml")
            out = save_scenario(current, target, source=self.source, lang=self.lang)
        except Exception as exc:
            self._show_error("error.save", exc)
            return None
        self.export_label.value = html.escape(text("saved", self.lang).format(path=out.resolve()))
        return out

    def export(self, chart: str | None = None, fmt: str = "png", directory: str | Path | None = None) -> Path | None:
        """Export a chart of the results shown: PNG (300 dpi), SVG or PDF, with the
        provenance footer. Returns the path, or None after an error (shown)."""
        chart = chart or self.chart_choice.value
        try:
            fig = self.figure(chart)
            name = self.baseline.name if chart == "baseline_fan" else self.policy_scenario.variant_name
            stem = Path(directory or self.export_dir.value) / f"{name}_{chart}_{self.lang}"
            out = render.export_figure(fig, stem, fmt)
        except Exception as exc:
            self._show_error("error.export", exc)
            return None
        self.export_label.value = html.escape(text("exported", self.lang).format(path=out.resolve()))
        return out
