"""Exit codes of ``partysim batch`` and ``partysim report`` (one meaning each)."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode"]


class ExitCode(IntEnum):
    """What the exit code of a batch command means.

    Attributes:
        OK: Every run finished (``report``: the report was written).
        RUNS_FAILED: Some runs failed (each reported with its scenario); the others finished.
        BAD_INPUT: Bad input or usage: a scenario file that cannot be read, a bad sweep,
            a Dask scheduler that cannot be reached at start, an unknown baseline.
        OUTPUT_UNUSABLE: The output folder cannot be used: not a folder, read-only, no
            permission, disk full, another batch writing there, a damaged run file
            (``report``).
        CLUSTER_LOST: The Dask cluster was lost during the batch (scheduler gone or not
            answering, no worker left).
        INTERRUPTED: Ctrl-C (finished runs are kept).
    """

    OK = 0
    RUNS_FAILED = 1
    BAD_INPUT = 2
    OUTPUT_UNUSABLE = 3
    CLUSTER_LOST = 4
    INTERRUPTED = 130
