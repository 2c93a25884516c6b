"""One slider row per :class:`~partysim.ui.specs.ControlSpec`: label, slider, value.

The slider's own readout is off: the value is shown by a label formatted with
:mod:`partysim.outputs.i18n` (``2.360`` and ``12,5%`` in Vietnamese), so that number formats follow
the language switch. Sliders report a change only when released
(``continuous_update=False``), which debounces dragging.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as W

from partysim.outputs.i18n import format_number, format_percent
from partysim.ui.specs import ControlSpec
from partysim.ui.texts import text, unit_text

__all__ = ["ParamControl", "format_value"]


def _decimals(x: float, at_least: int, at_most: int = 4) -> int:
    """Decimals needed to show ``x`` exactly (up to ``at_most``), at least ``at_least``."""
    for d in range(at_least, at_most + 1):
        if abs(round(x, d) - x) < 1e-9 * max(1.0, abs(x)):
            return d
    return at_most


def format_value(spec: ControlSpec, value: float, lang: str) -> str:
    """The value of a control as a planner reads it, e.g. ``"45"``, ``"1,04%"``
    (as many decimals as the value has, up to four, at least as many as the step)."""
    if spec.display == "percent":
        return format_percent(value, lang, _decimals(value * 100, spec.decimals), trim=True)
    if spec.display == "integer":
        return format_number(value, lang, _decimals(value, 0, 2), trim=True)
    return format_number(value, lang, _decimals(value, spec.decimals), trim=True)


class ParamControl:
    """Label, slider and formatted value for one lever or parameter.

    The exact value (``value``) is kept here, not read back from the slider: a slider
    only holds multiples of its step, and a value from the scenario file (e.g. 0.0104)
    must survive untouched until the planner moves the slider.

    Args:
        spec: What the control sets.
        lang: ``"vi"`` or ``"en"``.
        on_change: Called with ``(path, value)`` when the planner moves the slider.
    """

    def __init__(self, spec: ControlSpec, lang: str, on_change: Callable[[str, float], None]) -> None:
        self.spec = spec
        self.value = spec.value
        self._on_change = on_change
        self._quiet = False
        self.slider = W.FloatSlider(
            value=min(max(spec.value, spec.lo), spec.hi),
            min=spec.lo,
            max=spec.hi,
            step=spec.step,
            readout=False,
            continuous_update=False,
            layout=W.Layout(width="40%", min_width="120px"),
        )
        self.slider.add_class("partysim-slider")
        self.slider.add_class("partysim-" + spec.path.replace(".", "-").replace("_", "-"))
        self.label = W.HTML(layout=W.Layout(width="48%"))
        self.readout = W.HTML(layout=W.Layout(width="12%"))
        self.widget = W.HBox(
            [self.label, self.slider, self.readout], layout=W.Layout(width="100%", align_items="center")
        )
        self.slider.observe(self._moved, names="value")
        self.set_lang(lang)

    def set_lang(self, lang: str) -> None:
        """Relabel in ``lang``."""
        self.lang = lang
        s = self.spec
        name = s.vi if lang == "vi" else s.en
        unit = unit_text(s.unit, lang)
        when = f", {text('from_period', lang).format(period=s.period)}" if s.period else ""
        self.label.value = f'<span title="{s.path}" style="font-size:0.92em">{name} <span style="color:#666">({unit}{when})</span></span>'
        self.readout.value = f"<b>{format_value(s, self.value, lang)}</b>"

    def set_value(self, value: float, notify: bool = True) -> None:
        """Set the exact value (and the slider); call ``on_change`` if ``notify``."""
        self.value = float(value)
        self._quiet = True
        try:
            self.slider.value = min(max(self.value, self.spec.lo), self.spec.hi)
        finally:
            self._quiet = False
        self.readout.value = f"<b>{format_value(self.spec, self.value, self.lang)}</b>"
        if notify:
            self._on_change(self.spec.path, self.value)

    def _moved(self, change: dict) -> None:
        if self._quiet:
            return
        new = float(change["new"])
        if abs(new - self.value) < self.spec.step / 2:
            return  # the slider snapped the exact value to its step: not a change
        self.value = new
        self.readout.value = f"<b>{format_value(self.spec, self.value, self.lang)}</b>"
        self._on_change(self.spec.path, self.value)

    @property
    def changed(self) -> bool:
        """True if the value differs from the scenario as loaded."""
        return self.value != self.spec.value
