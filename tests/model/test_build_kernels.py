"""The build's compiled loops give exactly what the numpy expressions they replace gave."""

from __future__ import annotations

import numpy as np

from partysim.model.build_kernels import free_keys, start_tenure


def test_start_tenure_is_the_numpy_expression():
    rng = np.random.default_rng(3)
    n = 20_000
    birth = -rng.integers(0, 730, n).astype(np.int16)
    unit = rng.integers(0, 30, n).astype(np.int32)
    residential = rng.random(30) < 0.5
    tenure = rng.exponential(60.0, n)
    tenure[:10] = [0.5, 1.5, 2.5, 100.5, 1e6, 0.0, 215.5, 216.5, 3.49999, 7.5]  # ties round to even
    age = -birth.astype(np.float64)
    months = np.where(residential[unit], np.maximum(age - 192, 0), np.minimum(tenure, np.maximum(age - 216, 0)))
    want = -np.minimum(np.round(months), 30_000).astype(np.int16)
    got = start_tenure(birth, unit, residential, tenure, (192, 216), 30_000)
    assert got.dtype == np.int16 and np.array_equal(got, want)


def test_free_keys_is_flatnonzero_filtered_by_unit():
    rng = np.random.default_rng(4)
    pkey = rng.integers(0, 50 * 100, 10_000)
    taken = rng.random(10_000) < 0.3
    asked = rng.random(50) < 0.6
    free = np.flatnonzero(~taken)
    free = free[asked[pkey[free] // 100]]
    pos, keys = free_keys(pkey, taken, asked, 100)
    assert np.array_equal(pos, free) and np.array_equal(keys, pkey[free])
