"""Random streams: uniform, independent across decisions, attached to the person."""

import numpy as np
from scipy import stats

from partysim.model.streams import Streams, monthly, thresholds


def test_uniform_passes_chi_square():
    s = Streams(1, 0)
    u = s.uniform("x", 3, np.arange(200_000))
    counts, _ = np.histogram(u, bins=50, range=(0, 1))
    assert stats.chisquare(counts).pvalue > 1e-3
    assert u.min() > 0 and u.max() < 1


def test_streams_are_uncorrelated():
    s = Streams(1, 0)
    slots = np.arange(100_000)
    a, b = s.uniform("death", 5, slots), s.uniform("leave", 5, slots)
    c = s.uniform("death", 6, slots)
    # |r| of independent uniforms has SD 1/sqrt(n) = 0.003
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.015
    assert abs(np.corrcoef(a, c)[0, 1]) < 0.015


def test_draw_depends_on_person_not_on_who_else_is_drawn():
    s = Streams(9, 2)
    all_slots = np.arange(1000)
    some = np.array([3, 500, 999])
    assert np.array_equal(s.bits("id", 4, all_slots)[some], s.bits("id", 4, some))


def test_seed_and_replication_change_the_draws():
    slots = np.arange(1000)
    a = Streams(1, 0).bits("x", 0, slots)
    assert not np.array_equal(a, Streams(2, 0).bits("x", 0, slots))
    assert not np.array_equal(a, Streams(1, 1).bits("x", 0, slots))
    assert np.array_equal(a, Streams(1, 0).bits("x", 0, slots))


def test_bernoulli_rate_and_edges():
    s = Streams(3, 0)
    slots = np.arange(400_000)
    hits = s.bernoulli("b", 0, slots, 0.1).mean()
    assert abs(hits - 0.1) < 5 * np.sqrt(0.1 * 0.9 / len(slots))
    assert not s.bernoulli("b", 0, slots, 0.0).any()
    assert s.bernoulli("b", 0, slots, 1.0).all()
    p = np.where(slots % 2 == 0, 1.0, 0.0)
    assert np.array_equal(s.bernoulli("b", 0, slots, p), slots % 2 == 0)
    assert thresholds(1.0) == 2**32


def test_monthly_probability_compounds_to_annual():
    p = 0.3
    assert abs(1 - (1 - monthly(p)) ** 12 - p) < 1e-12
