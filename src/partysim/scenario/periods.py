"""Periods: a year ``YYYY`` or a month ``YYYY-MM``, as written in scenario files."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["parse_period", "period_text"]

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")


def parse_period(value: Any) -> tuple[int, int]:
    """Parse ``2021``, ``"2021"`` or ``"2021-07"`` into (year, month).

    A year alone means its January.

    Raises:
        ValueError: Not a period, or a month outside 1-12.
    """
    m = _PERIOD.match(str(value).strip())
    if not m:
        raise ValueError(f"expected a period 'YYYY' or 'YYYY-MM', got {value!r}")
    year, month = int(m.group(1)), int(m.group(2) or 1)
    if not 1 <= month <= 12:
        raise ValueError(f"expected a month 1-12 in {value!r}")
    return year, month


def period_text(value: Any) -> str:
    """A period in its normal form ``"YYYY-MM"`` (``2021`` -> ``"2021-01"``).

    Raises:
        ValueError: See :func:`parse_period`.
    """
    y, m = parse_period(value)
    return f"{y:04d}-{m:02d}"
