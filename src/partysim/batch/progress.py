"""The batch progress bar: runs done, failed, and time left."""

from __future__ import annotations

import sys

from tqdm.auto import tqdm

__all__ = ["Progress"]


class Progress:
    """A tqdm bar over the runs still to do (reused runs are not counted).

    Shows, e.g., ``batch  40%|████      | 12/30 runs, 1 failed [00:24<00:36, 2.0 s/run]``:
    runs done, runs failed, elapsed time and time left.

    Args:
        total: Runs to execute in this command.
        reused: Runs found finished (shown in the description).
        enabled: False for no bar (``--quiet``, tests).
    """

    def __init__(self, total: int, reused: int = 0, enabled: bool = True) -> None:
        self.failed = 0
        desc = f"batch ({reused} reused)" if reused else "batch"
        self._bar = tqdm(
            total=total,
            desc=desc,
            unit="run",
            disable=not enabled,
            dynamic_ncols=True,
            smoothing=0.1,
            bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} runs done{postfix} [{elapsed}<{remaining} left]",
            postfix="0 failed",
        )

    def advance(self, ok: bool) -> None:
        """One run finished (``ok``) or failed."""
        if not ok:
            self.failed += 1
            self._bar.set_postfix_str(f"{self.failed} failed", refresh=False)
        self._bar.update(1)

    def write(self, text: str) -> None:
        """Print a line on stderr above the bar (nothing without a bar)."""
        if not self._bar.disable:
            self._bar.write(text, file=sys.stderr)

    def close(self) -> None:
        """Remove the bar."""
        self._bar.close()
