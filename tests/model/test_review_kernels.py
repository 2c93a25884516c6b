"""The fused review passes give exactly what the prescreen followed by numpy masks gave."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from partysim.model import review_kernels as R
from tests.model.test_kernels import lowbias32

N = 7_003  # not a multiple of the block or the step
KEY = 0x5EED


def reviewed(start: int, step: int, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """The prescreen written out: reviewed slots whose hash is below ``limit``, and their hashes."""
    slots = np.arange(start, N, step)
    h = lowbias32(slots, KEY).astype(np.uint64)
    keep = h < limit
    return slots[keep], h[keep]


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(7)


CASES = [(0, 1, 2**31), (1, 3, 2**30), (2, 3, 2**32), (4, 6, 0)]


@pytest.mark.parametrize("start,step,limit", CASES)
def test_death_scan(rng, start, step, limit):
    alive = rng.random(N) < 0.9
    birth = rng.integers(-800, 10, N).astype(np.int16)
    thr = np.floor(rng.random(721) * 2**31).astype(np.uint64)
    t = 12
    idx, bits = reviewed(start, step, limit)
    idx, bits = idx[alive[idx]], bits[alive[idx]]
    want = idx[bits < thr[np.minimum(t - birth[idx].astype(np.int32), 720)]]
    got = R.death_scan((start, N, step, KEY, limit), alive, birth, t, thr)
    assert np.array_equal(got, want)
    assert limit == 0 or len(want) > 0  # the case checks something


@pytest.mark.parametrize("start,step,limit", CASES)
def test_return_scan(rng, start, step, limit):
    away = rng.random(N) < 0.3
    idx, _ = reviewed(start, step, limit)
    assert np.array_equal(R.return_scan((start, N, step, KEY, limit), away), idx[away[idx]])


@pytest.mark.parametrize("start,step,limit", CASES)
def test_leave_scan(rng, start, step, limit):
    alive, away = rng.random(N) < 0.9, rng.random(N) < 0.2
    unit = rng.integers(0, 40, N).astype(np.int32)
    birth = rng.integers(-800, 10, N).astype(np.int16)
    stage = rng.integers(0, 9, N).astype(np.int8)
    residential, area = rng.random(40) < 0.6, rng.integers(0, 3, 40).astype(np.int8)
    band = np.minimum(np.arange(721) // 120, 5)
    thr = np.floor(rng.random(6 * 3 * 2) * 2**32).astype(np.uint64)
    t = 5
    idx, bits = reviewed(start, step, limit)
    ok = alive[idx] & ~away[idx] & residential[unit[idx]]
    idx, bits = idx[ok], bits[ok]
    age = np.minimum(t - birth[idx].astype(np.int32), 720)
    code = (band[age] * 3 + area[unit[idx]]) * 2 + (stage[idx] >= 7)
    want = idx[bits < thr[code]]
    got = R.leave_scan(
        (start, N, step, KEY, limit), (alive, away, unit, birth, stage), (residential, area), band, t, 7, thr
    )
    assert np.array_equal(got, want)


@pytest.mark.parametrize("start,step,limit", CASES)
def test_turnover_scan(rng, start, step, limit):
    alive = rng.random(N) < 0.9
    unit = rng.integers(0, 40, N).astype(np.int32)
    stage = rng.integers(0, 9, N).astype(np.int8)
    workplace, non_state = rng.random(40) < 0.5, rng.random(40) < 0.5
    thr = np.floor(rng.random(4) * 2**32).astype(np.uint64)
    idx, bits = reviewed(start, step, limit)
    ok = alive[idx] & workplace[unit[idx]]
    idx, bits = idx[ok], bits[ok]
    want = idx[bits < thr[non_state[unit[idx]].astype(np.int8) + 2 * (stage[idx] >= 7)]]
    got = R.turnover_scan((start, N, step, KEY, limit), (alive, unit, stage), (workplace, non_state), 7, thr)
    assert np.array_equal(got, want)


@pytest.mark.parametrize("start,step,limit", CASES)
def test_identify_scan(rng, start, step, limit):
    from partysim.model.kernels import eligible_mask

    birth = rng.integers(-800, 10, N).astype(np.int16)
    stage = np.where(rng.random(N) < 0.7, 0, rng.integers(1, 9, N)).astype(np.int8)
    alive, away, never = rng.random(N) < 0.9, rng.random(N) < 0.2, rng.random(N) < 0.1
    barred = np.where(rng.random(N) < 0.1, 20, -32000).astype(np.int16)
    school, unit = rng.integers(0, 7, N).astype(np.int8), rng.integers(0, 40, N).astype(np.int32)
    cell = rng.integers(0, 90, N).astype(np.int32)
    occ, yu = rng.integers(0, 6, N).astype(np.int8), rng.random(N) < 0.3
    female, minority, religious = rng.random(N) < 0.5, rng.random(N) < 0.2, rng.random(N) < 0.1
    need, active = rng.integers(1, 4, 40).astype(np.int8), rng.random(90) < 0.8
    thr = np.floor(rng.random((48, 56)) * 2**32).astype(np.uint64)
    t, lo, hi, young = 10, 10 - 720, 10 - 204, 372
    idx, bits = reviewed(start, step, limit)
    arrays = (birth, stage, alive, away, never, barred, school, unit)
    ok = eligible_mask(idx, arrays, (lo, hi, t), 0, need)
    idx, bits = idx[ok], bits[ok]
    c1 = ((occ[idx].astype(np.int32) * 2 + yu[idx]) * 2 + (t - birth[idx].astype(np.int32) < young)) * 2
    c1 = c1 + active[cell[idx]]
    c2 = ((school[idx].astype(np.int32) * 2 + female[idx]) * 2 + minority[idx]) * 2 + religious[idx]
    want = idx[bits < thr[c1, c2]]
    got = R.identify_scan(
        (start, N, step, KEY, limit),
        (*arrays, cell),
        (occ, yu, female, minority, religious),
        (lo, hi, t, young),
        need,
        active,
        thr,
    )
    assert np.array_equal(got, want)
    assert limit == 0 or len(want) > 0


def test_group_counts_by_code_are_the_masks_counted():
    """group_counts (codes counted, then codes by group) equals the masks of group_masks
    counted, for people of every kind (the starting population of the tiny territory)."""
    import partysim
    from partysim.model.engine import Engine
    from partysim.model.groups import group_counts, group_masks
    from partysim.model.spinup import EMPTY

    sc = partysim.load_scenario(Path(__file__).resolve().parents[1] / "data" / "tiny.yaml")
    eng = Engine(sc, start=EMPTY)
    eng.t = 30  # some people age into and out of youth
    idx = np.arange(eng.people.n)[::2]
    want = np.count_nonzero(group_masks(eng, idx), axis=1)
    got = group_counts(eng, idx)
    assert np.array_equal(got, want) and got.dtype == np.int64
    assert (want > 0).sum() >= 6  # several groups are present


def test_old_scan_is_flatnonzero_of_the_masks(rng):
    birth = rng.integers(-900, 10, N).astype(np.int16)
    alive, stage = rng.random(N) < 0.9, rng.integers(0, 9, N).astype(np.int8)
    want = np.flatnonzero((birth[: N - 3] <= -700) & alive[: N - 3] & (stage[: N - 3] < 7))
    assert np.array_equal(R.old_scan(N - 3, birth, alive, stage, -700, 7), want) and len(want) > 0
