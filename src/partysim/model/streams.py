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

_U32 = np.uint32
_TWO32 = 4294967296.0


def _key(*parts: object) -> int:
    h = hashlib.blake2b(repr(parts).encode(), digest_size=4)
    return int.from_bytes(h.digest(), "little")


MIX_CHUNK = 65536
"""Slots hashed per block (a block and its scratch stay in the processor's cache: about
three times faster than whole-array passes on millions of slots; same numbers)."""


def _mix_block(x: np.ndarray, key: np.uint32, z: np.ndarray, t: np.ndarray) -> None:
    """Hash the block ``x`` into ``z`` (same length; ``t`` is scratch of that length)."""
    np.multiply(x, _U32(0x9E3779B1), out=z, casting="unsafe")  # wraps mod 2**32
    z ^= key
    np.right_shift(z, _U32(16), out=t)
    z ^= t
    z *= _U32(0x7FEB352D)
    np.right_shift(z, _U32(15), out=t)
    z ^= t
    z *= _U32(0x846CA68B)
    np.right_shift(z, _U32(16), out=t)
    z ^= t


def _mix(x: np.ndarray, key: int) -> np.ndarray:
    """lowbias32 hash of ``x * golden ^ key`` (uint32, wraps); ``x`` is not modified."""
    out = np.empty(len(x), dtype=_U32)
    scratch = np.empty(min(len(x), MIX_CHUNK), dtype=_U32)
    for i in range(0, len(x), MIX_CHUNK):
        z = out[i : i + MIX_CHUNK]
        _mix_block(x[i : i + MIX_CHUNK], _U32(key), z, scratch[: len(z)])
    return out


def _mix_below(x: np.ndarray, key: int, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions in ``x`` whose hash is below ``limit`` (< 2**32), and those hashes: the same
    as ``flatnonzero(_mix(x, key) < limit)`` without the whole hash array."""
    z = np.empty(min(len(x), MIX_CHUNK), dtype=_U32)
    scratch = np.empty_like(z)
    where, kept = [np.empty(0, dtype=np.intp)], [np.empty(0, dtype=_U32)]
    for i in range(0, len(x), MIX_CHUNK):
        block = x[i : i + MIX_CHUNK]
        _mix_block(block, _U32(key), z[: len(block)], scratch[: len(block)])
        hit = np.flatnonzero(z[: len(block)] < _U32(limit))
        where.append(hit + i)
        kept.append(z[hit])
    return np.concatenate(where), np.concatenate(kept)


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

    def bits_below(self, name: str, month: int, slots: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """Positions in ``slots`` whose draw (:meth:`bits`) is below ``limit`` (< 2**32),
        and those draws; cheaper than all the draws when few are below."""
        return _mix_below(slots, self.key(name, month), int(limit))

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
