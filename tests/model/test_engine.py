"""The engine: step plan, accounting identity, reproducibility, common random numbers."""

import numpy as np

from partysim.analysis.runner import run_replication
from partysim.model.engine import STEP_PLAN


def test_step_plan_order_follows_design():
    names = [n for n, _ in STEP_PLAN]
    order = ["deaths", "leave", "turnover", "identify", "classes", "vote", "approval", "probation", "member_outflow"]
    assert [names.index(n) for n in order] == sorted(names.index(n) for n in order)


def test_member_accounting_identity_holds_in_every_row(tiny_results):
    a = tiny_results.annual
    rhs = (
        a.members_start
        + a.admissions
        + a.transfers_in
        - a.deaths
        - a.removals
        - a.exits
        - a.transfers_out
        - a.probation_removals
    )
    assert (a.members_end == rhs).all()
    assert (a.admissions > 0).any()
    # members_end of one year is members_start of the next
    for _, g in a.groupby("replication"):
        assert (g.members_start.iloc[1:].to_numpy() == g.members_end.iloc[:-1].to_numpy()).all()


def test_same_seed_same_numbers(tiny):
    a = run_replication(tiny, 0)
    b = run_replication(tiny, 0)
    assert a.annual.equals(b.annual)
    assert a.monthly.equals(b.monthly)
    c = run_replication(tiny, 1)
    assert not a.monthly.equals(c.monthly)


def test_lever_with_no_effect_changes_no_number(tiny):
    """Quota accountability at level 1 with all its effects set to 0 is the baseline."""
    base = tiny.model_copy(deep=True)
    base.effects.quota_accountability = 0.0
    base.effects.quota_revives_inactive = 0.0
    base.effects.quota_speeds_dossier = 0.0
    lever_on = base.model_copy(deep=True)
    lever_on.levers.quota_accountability = 1.0
    a, b = run_replication(base, 0), run_replication(lever_on, 0)
    assert a.monthly.equals(b.monthly)


def _admissions(sc, rep, seed):
    t = run_replication(sc, rep, seed)
    return t.annual.admissions.sum()


def test_common_random_numbers_shrink_the_paired_spread(tiny):
    """Paired differences between two policies have a clearly smaller spread with common
    random numbers (same seed and replication) than with independent seeds."""
    base = tiny.model_copy(deep=True)
    policy = tiny.model_copy(deep=True)
    policy.levers.quota_accountability = 1.0
    n = 30
    paired = [_admissions(policy, r, 7) - _admissions(base, r, 7) for r in range(n)]
    independent = [_admissions(policy, r, 1000 + r) - _admissions(base, r, 7) for r in range(n)]
    sd_p, sd_i = np.std(paired, ddof=1), np.std(independent, ddof=1)
    # F-test: under equal variances, P(F > f) with (n - 1, n - 1) df
    from scipy import stats

    f = sd_i**2 / max(sd_p**2, 1e-9)
    assert stats.f.sf(f, n - 1, n - 1) < 0.05, (sd_p, sd_i)
    assert np.mean(paired) > 0  # the policy raises admissions


def test_prescreen_keeps_exactly_the_reviewed_slots_below_the_limit(tiny):
    """Engine.prescreen (the numpy route for a mechanism's review) against the stream's own
    draws of every reviewed slot, for a small limit and for everyone (2**32)."""
    from partysim.model.engine import Engine

    eng = Engine(tiny, replication=0)
    eng.t = 5
    sl = eng.review_slice()
    everyone = np.arange(sl.start, sl.stop, sl.step)
    draws = eng.streams.bits("deaths", eng.t, everyone)
    for limit in (2**28, 2**32):
        slots, bits = eng.prescreen("deaths", limit)
        keep = draws.astype(np.uint64) < limit
        assert np.array_equal(slots, everyone[keep])
        assert np.array_equal(bits, draws[keep])
