"""Numbers as planners write them, in Vietnamese or English convention.

Vietnamese convention (``"vi"``): a dot groups thousands and a comma marks decimals:
``2.360`` is 2360, ``1.234,5`` is 1234.5, ``12,5`` is 12.5, ``104,75%`` is 1.0475.
English convention (``"en"``): ``2,360`` is 2360 and ``1,234.5`` is 1234.5. Spaces may
group thousands in both (``2 360``).

Some texts read the same in both conventions (``2360``, ``2 360``), some in only one
(``12,5``, ``2.36``, ``1.234.567``) and some differently in each (``2.360``: 2360 or
2.36; ``2,360``: 2360 or 2.36). :func:`readings` gives every valid reading of a text;
the caller decides the convention from evidence (:func:`evidence`) and refuses a text
whose readings differ when there is none (:func:`pick`). Nothing is ever guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Literal

from partysim.scenario.sheets.errors import Said, say

__all__ = [
    "CONVENTION_NAMES",
    "NumberStyle",
    "ambiguous",
    "evidence",
    "example_number",
    "misread_whole",
    "pick",
    "readings",
]

NumberStyle = Literal["vi", "en"]
"""``"vi"``: ``1.234,5``; ``"en"``: ``1,234.5``."""

#: How each convention is described in messages (English, with a Vietnamese form).
CONVENTION_NAMES: dict[str, Said] = {
    "vi": say(
        "Vietnamese convention: dot = thousands, comma = decimals",
        "cách viết Việt Nam: dấu chấm ngăn hàng nghìn, dấu phẩy ngăn phần thập phân",
    ),
    "en": say(
        "English convention: comma = thousands, dot = decimals",
        "cách viết tiếng Anh: dấu phẩy ngăn hàng nghìn, dấu chấm ngăn phần thập phân",
    ),
}

_SEPARATORS: dict[str, tuple[str, str]] = {"vi": (".", ","), "en": (",", ".")}
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_SPACE_GROUPED = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?")
_MINUS = "-−–"


def _style_pattern(thousands: str, decimal: str) -> re.Pattern[str]:
    t, d = re.escape(thousands), re.escape(decimal)
    return re.compile(rf"(?:(?P<grouped>[1-9]\d{{0,2}}(?:{t}\d{{3}})+)|(?P<plain>\d+))?(?:{d}(?P<frac>\d+))?")


_PATTERNS = {style: _style_pattern(*seps) for style, seps in _SEPARATORS.items()}


def _split_sign_percent(text: str) -> tuple[int, str, bool]:
    body = text.strip()
    percent = body.endswith("%")
    if percent:
        body = body[:-1].rstrip()
    sign = 1
    if body[:1] and body[0] in _MINUS:
        sign, body = -1, body[1:].lstrip()
    elif body[:1] == "+":
        body = body[1:].lstrip()
    return sign, body, percent


def _read_style(body: str, style: str) -> Decimal | None:
    match = _PATTERNS[style].fullmatch(body)
    if match is None or not (match["grouped"] or match["plain"] or match["frac"]):
        return None
    whole = (match["grouped"] or match["plain"] or "0").replace(_SEPARATORS[style][0], "")
    try:
        return Decimal(f"{whole}.{match['frac'] or '0'}")
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        return None


def readings(text: str) -> dict[str, float]:
    """Every valid reading of a number written as text.

    Args:
        text: The cell's text, e.g. ``"2.360"``, ``"1.234,5"``, ``"-12,5"``, ``"104,75%"``
            (a percentage is returned as a fraction: 1.0475).

    Returns:
        The value by convention (``"vi"``, ``"en"``): both keys when both conventions
        accept the text (with equal values when there is no separator), one key when
        only one does.

    Raises:
        ValueError: The text is not a number in either convention.
    """
    sign, body, percent = _split_sign_percent(text)
    if _SPACE_GROUPED.fullmatch(body):
        body = body.replace(" ", "")
    elif _SPACES.search(body):
        raise ValueError(f"not a number: {text!r}")
    found: dict[str, float] = {}
    for style in _SEPARATORS:
        value = _read_style(body, style)
        if value is not None:
            found[style] = float(sign * value / (100 if percent else 1))
    if not found:
        raise ValueError(f"not a number: {text!r}")
    return found


def ambiguous(found: dict[str, float]) -> bool:
    """Whether the two conventions read the text as different numbers."""
    return len(found) == 2 and found["vi"] != found["en"]


def evidence(found: dict[str, float]) -> str | None:
    """The convention a text proves (the only one that accepts it), or None."""
    return next(iter(found)) if len(found) == 1 else None


def pick(found: dict[str, float], style: str | None) -> float:
    """The value of a text under a convention.

    Args:
        found: From :func:`readings`.
        style: The convention that applies, or None when nothing says which.

    Returns:
        The value.

    Raises:
        ValueError: The text is not valid in ``style`` (message names the convention),
            or ``style`` is None and the conventions disagree.
    """
    if style is None:
        if ambiguous(found):
            raise ValueError("ambiguous")
        return next(iter(found.values()))
    if style not in found:
        name = CONVENTION_NAMES[style]
        raise ValueError(say(f"not valid in the {name}", f"không đúng {name.vi}"))
    return found[style]


_EXAMPLES: dict[tuple[str | None, bool], tuple[str, str]] = {
    ("vi", True): ("a whole number such as 2360 or 2.360", "một số nguyên, ví dụ 2360 hoặc 2.360"),
    ("en", True): ("a whole number such as 2360 or 2,360", "một số nguyên, ví dụ 2360 hoặc 2,360"),
    (None, True): ("a whole number such as 2360", "một số nguyên, ví dụ 2360"),
    ("vi", False): ("a number such as 2.360 or 12,5", "một số, ví dụ 2.360 hoặc 12,5"),
    ("en", False): ("a number such as 2,360 or 12.5", "một số, ví dụ 2,360 hoặc 12.5"),
    (None, False): ("a number such as 2360 or 12,5", "một số, ví dụ 2360 hoặc 12,5"),
}


def example_number(style: str | None, whole: bool = False) -> Said:
    """How to write a number under a convention, for messages: a whole number (2360,
    2.360) for a column of counts, a number with decimals (2.360, 12,5) otherwise."""
    return say(*_EXAMPLES[(style if style in ("vi", "en") else None, whole)])


def misread_whole(found: dict[str, float], style: str) -> float | None:
    """The whole number a text means in the other convention, when ``style`` reads it as a
    fraction (``5,200`` is 5.2 in Vietnamese writing but 5200 in English), else None."""
    other = "en" if style == "vi" else "vi"
    value = found.get(other)
    if style in found and not float(found[style]).is_integer() and value is not None and float(value).is_integer():
        return value
    return None
