"""Locale-aware number formatting: ``2,360`` / ``1,234.5`` in English, ``2.360`` / ``1.234,5`` in Vietnamese.

* English (``"en"``): comma thousands, dot decimal.
* Vietnamese (``"vi"``): dot thousands, comma decimal, as in Vietnamese administrative
  documents.

Rounding is "round half away from zero" on the shortest decimal
representation of the value (so ``1.005`` with 2 decimals is ``1.01`` and
``2.5`` with 0 decimals is ``3``), which is what readers of a planning
document expect, unlike Python's binary round-half-even.
"""

from __future__ import annotations

import math
import numbers
from decimal import ROUND_HALF_UP, Decimal

from partysim.outputs.i18n.languages import check_lang

__all__ = ["MISSING", "format_number", "format_percent", "format_probability"]

#: Text shown for a missing value (NaN / None).
MISSING = "—"

_SEPARATORS: dict[str, tuple[str, str]] = {
    # lang: (thousands separator, decimal separator)
    "en": (",", "."),
    "vi": (".", ","),
}


def _to_decimal(x: float | int) -> Decimal | None:
    """Convert a number to :class:`~decimal.Decimal` exactly as it prints.

    Integers are converted exactly; floats through their shortest ``repr`` so
    that ``0.1`` is ``Decimal("0.1")`` and not its binary expansion.

    Returns:
        The decimal value, or ``None`` for NaN / None.

    Raises:
        TypeError: If ``x`` is not a real number.
    """
    if x is None:
        return None
    if isinstance(x, bool):
        raise TypeError("format_number expects a number, not a bool")
    if isinstance(x, numbers.Integral):
        return Decimal(int(x))
    if not isinstance(x, numbers.Real):
        raise TypeError(f"format_number expects a real number, got {type(x).__name__}")
    xf = float(x)
    if math.isnan(xf):
        return None
    if math.isinf(xf):
        return Decimal("Infinity") if xf > 0 else Decimal("-Infinity")
    return Decimal(repr(xf))


def _format_decimal(value: Decimal, lang: str, decimals: int, trim: bool) -> str:
    """Format a finite or infinite decimal with the separators of ``lang``."""
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    if value.is_infinite():
        return "∞" if value > 0 else "-∞"
    thousands, point = _SEPARATORS[lang]
    quantum = Decimal(1).scaleb(-decimals)
    q = value.quantize(quantum, rounding=ROUND_HALF_UP)
    negative = q < 0  # -0.00 compares equal to 0, so no "-0" is produced
    text = f"{abs(q):f}"
    int_part, _, frac_part = text.partition(".")
    if trim:
        frac_part = frac_part.rstrip("0")
    groups: list[str] = []
    while len(int_part) > 3:
        groups.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    groups.insert(0, int_part)
    out = thousands.join(groups)
    if frac_part:
        out += point + frac_part
    return ("-" if negative else "") + out


def format_number(x: float, lang: str, decimals: int = 0, *, trim: bool = False) -> str:
    """Format a number with the thousands and decimal separators of ``lang``.

    Args:
        x: The number (any unit). ``NaN``/``None`` give ``"—"``.
        lang: ``"en"`` (``1,234.5``) or ``"vi"`` (``1.234,5``).
        decimals: Digits after the decimal separator (>= 0). Rounds half away
            from zero.
        trim: If true, drop trailing zeros after the decimal separator
            (``3.50`` -> ``3.5``, ``3.00`` -> ``3``).

    Returns:
        The formatted number, e.g. ``format_number(2360, "vi") == "2.360"``.
        Negative numbers use an ASCII hyphen-minus, and values that round to
        zero never show a sign.

    Raises:
        ValueError: If ``lang`` is unsupported or ``decimals`` is negative.
    """
    check_lang(lang)
    value = _to_decimal(x)
    if value is None:
        return MISSING
    return _format_decimal(value, lang, decimals, trim)


def format_percent(fraction: float, lang: str, decimals: int = 2, *, trim: bool = False) -> str:
    """Format a fraction as a percentage.

    Args:
        fraction: The value as a fraction (``1.0475`` means 104.75%).
        lang: ``"en"`` (``104.75%``) or ``"vi"`` (``104,75%``).
        decimals: Digits after the decimal separator of the percentage.
        trim: If true, drop trailing zeros (``0.03`` -> ``3%`` instead of
            ``3.00%``).

    Returns:
        The formatted percentage with a ``%`` sign and no space, or ``"—"``
        for NaN.

    Raises:
        ValueError: If ``lang`` is unsupported or ``decimals`` is negative.
    """
    check_lang(lang)
    value = _to_decimal(fraction)
    if value is None:
        return MISSING
    if value.is_finite():
        value = value * 100
    return _format_decimal(value, lang, decimals, trim) + "%"


def format_probability(p: float, lang: str) -> str:
    """Format a probability as a whole percentage without false certainty.

    A probability that is not exactly 1 never prints as ``100%`` (it prints
    ``>99%``) and one that is not exactly 0 never prints as ``0%`` (``<1%``):
    a planner reads "100%" as "certain", which a simulation cannot show.

    Args:
        p: Probability in [0, 1].
        lang: ``"en"`` or ``"vi"``.

    Returns:
        E.g. ``"97%"``, ``">99%"``, ``"<1%"``, or ``"—"`` for NaN.
    """
    text = format_percent(p, lang, 0)
    if text == MISSING:
        return text
    if text == "100%" and p < 1:
        return ">99%"
    if text == "0%" and p > 0:
        return "<1%"
    return text
