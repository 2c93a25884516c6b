"""Common random numbers: one counter-based stream per decision.

A draw depends only on (seed, replication, decision name, month, person slot), never on
who else was drawn that month. Switching a lever therefore leaves every unrelated draw
untouched, and the paired difference between two policies carries far less noise than
two independent runs.

The generator is a 32-bit integer hash (the "lowbias32" finaliser) of the person slot
mixed with a 32-bit key derived by BLAKE2 from the other coordinates. A probability ``p``
becomes the integer threshold ``p * 2**32``, so a Bernoulli draw is one integer compare.
"""

from __future__ import annotations

import hashlib

import numpy as np

from partysim.model import kernels

_U32 = np.uint32
_TWO32 = 4294967296.0


def _key(*parts: object) -> int:
    h = hashlib.blake2b(repr(parts).encode(), digest_size=4)
    return int.from_bytes(h.digest(), "little")


def _mix(x: np.ndarray, key: int) -> np.ndarray:
    """lowbias32 hash of ``x * golden ^ key`` (uint32, wraps); ``x`` is not modified."""
    return kernels.mix(x, key)


def thresholds(p: np.ndarray | float) -> np.ndarray:
    """Probabilities (0..1) as integer thresholds: ``bits < thresholds(p)`` is true with
    probability ``p`` (uint64, so that ``p = 1`` maps to 2**32)."""
    return np.floor(np.clip(np.asarray(p, dtype=np.float64), 0.0, 1.0) * _TWO32).astype(np.uint64)


class Streams:
    """Random numbers for one replication, keyed by decision name and month.

    Args:
        seed: The scenario seed.
        replication: Replication number (0-based).
    """

    def __init__(self, seed: int, replication: int) -> None:
        self.seed = int(seed)
        self.replication = int(replication)
        self._cache: dict[tuple[str, int], int] = {}

    def key(self, name: str, month: int) -> int:
        """32-bit key of (seed, replication, name, month)."""
        k = (name, month)
        v = self._cache.get(k)
        if v is None:
            v = _key(self.seed, self.replication, name, month)
            self._cache[k] = v
        return v

    def bits(self, name: str, month: int, slots: np.ndarray) -> np.ndarray:
        """Uniform uint32 draws, one per person slot."""
        return _mix(slots, self.key(name, month))

    def uniform(self, name: str, month: int, slots: np.ndarray) -> np.ndarray:
        """Uniform draws in (0, 1), float64, one per person slot."""
        return (self.bits(name, month, slots).astype(np.float64) + 0.5) / _TWO32

    def bernoulli(self, name: str, month: int, slots: np.ndarray, p: np.ndarray | float) -> np.ndarray:
        """True with probability ``p`` (scalar or one per slot)."""
        if np.isscalar(p):
            pf = float(p)  # type: ignore[arg-type]
            if pf <= 0:
                return np.zeros(len(slots), dtype=bool)
            if pf >= 1:
                return np.ones(len(slots), dtype=bool)
            return self.bits(name, month, slots) < _U32(int(pf * _TWO32))
        return self.bits(name, month, slots) < thresholds(p)

    def generator(self, name: str, month: int = 0) -> np.random.Generator:
        """A numpy Generator for draws that are not per person (e.g. unit attributes)."""
        return np.random.default_rng([self.seed, self.replication, _key(name, month)])


def period_probability(annual: np.ndarray | float, months: float) -> np.ndarray | float:
    """Probability of an event within ``months`` from an annual probability:
    ``1 - (1 - p) ** (months / 12)``."""
    r = np.clip(np.asarray(annual, dtype=np.float64), 0.0, 1.0)
    out = 1.0 - np.power(1.0 - r, months / 12.0)
    return float(out) if out.ndim == 0 else out


def monthly(rate_per_year: np.ndarray | float) -> np.ndarray | float:
    """Monthly probability from an annual *probability*: ``1 - (1 - p) ** (1/12)``."""
    return period_probability(rate_per_year, 1)
