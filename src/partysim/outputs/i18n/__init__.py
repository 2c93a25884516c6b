"""Labels in English and Vietnamese, and locale-aware number formatting.

Every number and every piece of text that reaches a chart or a report goes through this
package so that both languages stay consistent:

* :mod:`~partysim.outputs.i18n.languages`: the supported languages (:func:`check_lang`).
* :mod:`~partysim.outputs.i18n.numbers`: ``2,360`` and ``104.75%`` in English, ``2.360``
  and ``104,75%`` in Vietnamese (:func:`format_number`, :func:`format_percent`,
  :func:`format_probability`).
* :mod:`~partysim.outputs.i18n.labels`: every label, by language and dotted key
  (:func:`label`, :func:`label_or`).
"""

from __future__ import annotations

from partysim.outputs.i18n.labels import LABELS, label, label_or
from partysim.outputs.i18n.languages import LANGS, check_lang
from partysim.outputs.i18n.numbers import MISSING, format_number, format_percent, format_probability

__all__ = [
    "LABELS",
    "LANGS",
    "MISSING",
    "check_lang",
    "format_number",
    "format_percent",
    "format_probability",
    "label",
    "label_or",
]
