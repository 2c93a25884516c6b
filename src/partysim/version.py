"""The installed version of partysim, read once from the package metadata.

Every output that says what produced it (provenance footers, ``summary.json``, batch run
keys) imports :data:`__version__` from here, never from the package root.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("partysim")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
