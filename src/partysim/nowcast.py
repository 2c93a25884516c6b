"""``partysim.nowcast``: the year's total from the months or quarters so far.

The public face of :mod:`partysim.forecasting.nowcast`; import from here::

    from partysim.nowcast import nowcast
    nowcast(52, elapsed=2, year=2021).prob_at_least(80)
"""

from __future__ import annotations

from partysim.forecasting.nowcast import *  # noqa: F403 - the public face re-exports the module
from partysim.forecasting.nowcast import __all__  # noqa: F401
