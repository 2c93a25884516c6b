"""The build's compiled loops give exactly what the numpy expressions they replace gave."""

from __future__ import annotations

import numpy as np
import pytest

from partysim.model.build_kernels import beyond_codes, free_keys, match_keys, start_tenure


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


def test_match_keys_is_the_numpy_expression():
    rng = np.random.default_rng(5)
    unit, band, profile = rng.integers(0, 50, 5_000), rng.integers(0, 13, 5_000), rng.integers(0, 1344, 5_000)
    for by_age, keep in ((True, 1), (False, 12), (True, 0), (False, 0)):
        want = (unit * 16 + (band if by_age else 0)) * 1344 + (profile // keep if keep else 0)
        assert np.array_equal(match_keys(unit, band, profile, by_age, keep, 1344), want)


def test_beyond_codes_is_searchsorted_and_the_cumulative_shares():
    rng = np.random.default_rng(6)
    n = 20_000
    which, unit = rng.integers(0, 4, 30), rng.integers(0, 30, n).astype(np.int32)
    age = rng.integers(180, 740, n).astype(np.int32)
    female, u = rng.random(n) < 0.5, rng.random(n, dtype=np.float32)
    edges = np.array([25, 35, 45, 55, 61]) * 12
    cum = np.sort(rng.random((40, 5)), axis=1)
    u[:4] = cum[0, :4].astype(np.float32)  # ties compared in float64
    band = np.clip(np.searchsorted(edges, age, side="right"), 0, 4)
    code = (which[unit] * 5 + band) * 2 + female.astype(np.int64)
    want = sum((u > cum[code, k]).astype(np.int8) for k in range(4))
    assert np.array_equal(beyond_codes(which, unit, age, female, u, edges, cum), want)


@pytest.mark.parametrize("member", [False, True])
def test_occupations_is_the_numpy_selection(member):
    from partysim.model import people as P
    from partysim.model.build_kernels import occupations
    from partysim.model.units import AGENCY, ENTERPRISE, SCHOOL

    rng = np.random.default_rng(7)
    n, n_units = 20_000, 40
    kind, non_state = rng.integers(0, 5, n_units).astype(np.int8), rng.random(n_units) < 0.5
    share = rng.random(n_units) * 0.5
    unit, age = rng.integers(0, n_units, n).astype(np.int32), rng.integers(192, 732, n).astype(np.int32)
    u_occ, u_student = rng.random(n, dtype=np.float32), rng.random(n, dtype=np.float32)
    w = np.array([0.5, 0.1, 0.1, 0.2, 0.1])
    cum = np.cumsum(w / w.sum())
    codes = np.array([P.FARM, P.STATE_AGENCY, P.STATE_ENTERPRISE, P.NON_STATE, P.OTHER])
    k = kind[unit]
    commune_occ = codes[np.searchsorted(cum, u_occ, side="right").clip(0, 4)]
    student = (age < 276) & (u_student < share[unit]) & (not member)
    occ = np.select(
        [k == ENTERPRISE, k == AGENCY, k == SCHOOL],
        [np.where(non_state[unit], P.NON_STATE, P.STATE_ENTERPRISE), P.STATE_AGENCY, np.where(age < 300, P.STUDENT, 1)],
        default=commune_occ,
    )
    want = np.where(student & (k != ENTERPRISE), P.STUDENT, occ)
    got = occupations(unit, age, (u_occ, u_student), member, (kind, non_state, share), (cum, codes), (276, 300))
    assert np.array_equal(got, want)


def test_ages_in_bands_is_searchsorted_and_uniform_within():
    from partysim.model.build_kernels import ages_in_bands

    rng = np.random.default_rng(8)
    w = np.array([0.2, 0.3, 0.1, 0.25, 0.15])
    cum = np.cumsum(w / w.sum())
    edges = np.array([16, 25, 35, 45, 55, 61])
    r1, r2 = rng.random(20_000), rng.random(20_000)
    r1[:5] = cum  # on the edges
    band = np.minimum(np.searchsorted(cum, r1, side="right"), len(w) - 1)
    want = (edges[:-1][band] * 12 + r2 * (edges[1:][band] * 12 - edges[:-1][band] * 12)).astype(np.int32)
    assert np.array_equal(ages_in_bands(r1, r2, cum, edges * 12), want)


def test_profile_codes_is_the_mixed_radix_code():
    from partysim.model.build_kernels import profile_codes

    rng = np.random.default_rng(9)
    n = 5_000
    f, m, r, yu = (rng.random(n) < 0.5 for _ in range(4))
    school, occ = rng.integers(0, 7, n).astype(np.int8), rng.integers(0, 6, n).astype(np.int8)
    idx = rng.permutation(n)[:3000]
    want = ((((f[idx] * 2 + m[idx]) * 2 + r[idx]) * 7 + school[idx]) * 6 + occ[idx]) * 2 + yu[idx]
    got = profile_codes(idx, (f, m, r, school, occ, yu), 7)
    assert np.array_equal(got, want.astype(np.int64))
