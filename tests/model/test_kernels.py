"""The compiled kernels give exactly what the plain numpy expressions they replace give."""

from __future__ import annotations

import numpy as np
import pytest

from partysim.model import kernels as K


def lowbias32(x: np.ndarray, key: int) -> np.ndarray:
    """The stream hash written out in numpy uint32 arithmetic (wraps modulo 2**32)."""
    z = (x.astype(np.uint64) * np.uint64(0x9E3779B1) % np.uint64(2**32)).astype(np.uint32)
    z ^= np.uint32(key)
    z ^= z >> np.uint32(16)
    z *= np.uint32(0x7FEB352D)
    z ^= z >> np.uint32(15)
    z *= np.uint32(0x846CA68B)
    z ^= z >> np.uint32(16)
    return z


def test_mix_is_lowbias32_for_every_slot_type():
    x = np.array([0, 1, 2, 3, 1000, 2**31 - 1, 2**32 - 1, 123_456_789], dtype=np.int64)
    for key in (0, 1, 0xDEADBEEF, 2**32 - 1):
        want = lowbias32(x, key)
        assert np.array_equal(K.mix(x, key), want)
        assert np.array_equal(K.mix(x.astype(np.uint32), key), want)
    # a known value, so the reference itself cannot drift: lowbias32(0 ^ 0) = 0
    assert K.mix(np.array([0]), 0)[0] == 0


@pytest.mark.parametrize("start,step", [(0, 1), (1, 3), (2, 3), (4, 6)])
@pytest.mark.parametrize("limit", [0, 1, 2**20, 2**31, 2**32 - 1])
def test_mix_below_strided_is_flatnonzero_of_the_hash(start, step, limit):
    stop = 5_000 + 3  # not a multiple of the block or the step
    slots = np.arange(start, stop, step)
    h = lowbias32(slots, 0x5EED)
    keep = h < limit
    got_slots, got_bits = K.mix_below_strided(start, stop, step, 0x5EED, limit)
    assert np.array_equal(got_slots, slots[keep])
    assert np.array_equal(got_bits, h[keep])
    assert got_slots.dtype == np.int64 and got_bits.dtype == np.uint32


def test_mix_below_strided_empty_range():
    s, b = K.mix_below_strided(7, 7, 3, 1, 2**31)
    assert len(s) == 0 and len(b) == 0


def test_count_where_is_bincount_of_the_selected():
    rng = np.random.default_rng(0)
    values = np.sort(rng.integers(0, 50, 10_000)).astype(np.int32)  # runs, as people by unit
    values[::7] = rng.integers(0, 50, len(values[::7]))  # and interruptions
    where = rng.random(10_000) < 0.8
    assert np.array_equal(K.count_where(values, where, 60), np.bincount(values[where], minlength=60))
    assert np.array_equal(K.count_where(values, np.zeros(10_000, bool), 60), np.zeros(60, np.int64))


def test_in_pipeline_matches_flatnonzero():
    stage = np.random.default_rng(1).integers(0, 9, 10_000).astype(np.int8)
    stage[:3000] = 0
    pipe, active = K.in_pipeline(stage, 0, 8)
    assert np.array_equal(pipe, np.flatnonzero(stage != 0))
    assert np.array_equal(active, np.flatnonzero((stage != 0) & (stage != 8)))


def test_life_course_scan_matches_masks():
    rng = np.random.default_rng(2)
    n, t = 9_000, 40
    alive = rng.random(n) < 0.95
    birth = rng.integers(-700, 0, n).astype(np.int16)
    yu = rng.random(n) < 0.4
    occ = rng.integers(0, 6, n).astype(np.int8)
    for start, step in ((0, 1), (2, 3)):
        sl = slice(start, n, step)
        age = t - birth[sl].astype(np.int32)
        want_yu = yu.copy()
        want_yu[sl][alive[sl] & yu[sl] & (age >= 372)] = False
        want_done = start + np.flatnonzero(alive[sl] & (occ[sl] == 4) & (age >= 300)) * step
        got_yu = yu.copy()
        done = K.life_course_scan(start, n, step, t, alive, birth, got_yu, occ, 372, 4, 300)
        assert np.array_equal(done, want_done)
        assert np.array_equal(got_yu, want_yu)


def test_pipeline_tally_and_full_member_cells_match_bincount():
    rng = np.random.default_rng(3)
    n, cells, t = 8_000, 40, 100
    stage = rng.integers(0, 9, n).astype(np.int8)
    away = rng.random(n) < 0.2
    birth = rng.integers(-800, 0, n).astype(np.int16)
    cell = rng.integers(0, cells, n).astype(np.int32)
    pipe = np.concatenate([np.flatnonzero(stage != 0), [5, 17]])  # a superset, out of order at the end
    pipe = np.concatenate([pipe, [np.flatnonzero(stage == 0)[0]]])  # one who left the pipeline
    counts, members, n_away, kept, active = K.pipeline_tally(pipe, stage, away, (9, 7, 0, 8))
    assert np.array_equal(counts, np.bincount(stage[pipe], minlength=9))
    assert np.array_equal(members, pipe[stage[pipe] >= 7])
    assert n_away == np.count_nonzero(away[members])
    assert np.array_equal(kept, pipe[stage[pipe] != 0])
    assert np.array_equal(active, pipe[(stage[pipe] != 0) & (stage[pipe] != 8)])
    present, gone, exempt = K.full_member_cells(pipe, (stage, birth, away, cell), t, 8, 65 * 12.0, cells)
    full = pipe[stage[pipe] == 8]
    ex = t - birth[full].astype(np.int32) >= 65 * 12.0
    aw = away[full] & ~ex
    assert np.array_equal(exempt, np.bincount(cell[full[ex]], minlength=cells))
    assert np.array_equal(gone, np.bincount(cell[full[aw]], minlength=cells))
    assert np.array_equal(present, np.bincount(cell[full[~aw & ~ex]], minlength=cells))


def test_unit_counts_by_row_is_bincount_per_row():
    rng = np.random.default_rng(4)
    masks = rng.random((5, 3000)) < 0.3
    unit = rng.integers(0, 25, 3000).astype(np.int32)
    want = np.stack([np.bincount(unit[m], minlength=30) for m in masks])
    assert np.array_equal(K.unit_counts_by_row(masks, unit, 30), want)


def test_due_now_matches_masks():
    rng = np.random.default_rng(5)
    stage = rng.integers(0, 9, 4000).astype(np.int8)
    due = rng.integers(-5, 30, 4000).astype(np.int16)
    pipe = rng.permutation(4000)[:2500]
    for at, t in ((3, 10), (4, -5), (7, 29)):
        want = pipe[(stage[pipe] == at) & (due[pipe] <= t)]
        assert np.array_equal(K.due_now(pipe, stage, due, at, t), want)


@pytest.mark.parametrize("step", [1, 2, 3, 5, 6])
def test_mix_below_among_is_the_strided_prescreen_restricted(step):
    rng = np.random.default_rng(6)
    idx = np.concatenate([np.sort(rng.choice(2**31 - 1, 3000, replace=False)), np.arange(5000), [2**31 - 2]])
    for phase in range(step):
        for limit in (0, 2**30, 2**32):
            s, b = K.mix_below_among(idx, phase, step, 0xABCDEF, limit)
            sel = idx[idx % step == phase]
            h = lowbias32(sel, 0xABCDEF)
            assert np.array_equal(s, sel[h < limit])
            assert np.array_equal(b, h[h < limit])
