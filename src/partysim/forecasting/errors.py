"""The one error type of the forecasting package."""

from __future__ import annotations

__all__ = ["ForecastError"]


class ForecastError(ValueError):
    """A series cannot be forecast (too short, gaps, unreadable file, ...).

    The message is one line meant for a planner, e.g. ``"series 'admissions'
    has 3 points; at least 4 are needed to forecast"``; the command line
    prints it as is and exits with code 2.
    """
