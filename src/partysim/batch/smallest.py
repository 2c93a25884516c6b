"""The smallest lever setting that meets a target, for a sweep's report.

The logic lives in :mod:`partysim.analysis.smallest` (``partysim require`` uses it too);
this module keeps the batch layer's name for it."""

from __future__ import annotations

from partysim.analysis.smallest import smallest_in_group, smallest_setting, smallest_settings

__all__ = ["smallest_in_group", "smallest_setting", "smallest_settings"]
