"""The life-course queue finds, month by month, exactly the people the full pass over
everyone reviewed (``kernels.life_course_scan``) finds, as people arrive and die."""

from __future__ import annotations

import numpy as np
import pytest

from partysim.model.kernels import life_course_scan
from partysim.model.life_course_queue import LifeCourseQueue

STUDENT, YOUTH, STUDIES = 4, 372, 300


@pytest.mark.parametrize("step", [1, 3, 4])
def test_queue_finds_what_the_full_pass_finds(step):
    rng = np.random.default_rng(step)
    cap = 40_000
    birth = np.zeros(cap, np.int16)
    alive = np.zeros(cap, bool)
    yu = np.zeros(cap, bool)
    occ = np.zeros(cap, np.int8)
    n = 0

    def arrive(k: int, t: int) -> None:
        nonlocal n
        sl = slice(n, n + k)
        birth[sl] = t - rng.integers(192, 720, k)  # aged 16-60 on arrival
        alive[sl] = True
        yu[sl] = rng.random(k) < 0.4
        occ[sl] = np.where(rng.random(k) < 0.3, STUDENT, rng.integers(0, 4, k))
        n += k

    queue = LifeCourseQueue(step, (YOUTH, STUDIES), STUDENT)
    yu_full = yu.copy()
    arrive(20_000, 0)
    yu_full[:n] = yu[:n]
    found = 0
    for t in range(48):
        n0 = n
        arrive(int(rng.integers(0, 300)), t)  # before the check this month
        yu_full[n0:n] = yu[n0:n]
        alive[rng.integers(0, n, 50)] = False  # deaths
        want = life_course_scan(t % step, n, step, t, alive, birth, yu_full, occ, YOUTH, STUDENT, STUDIES)
        queue.file_new(t, n, yu, occ, birth)
        idx = queue.pop(t)
        idx = idx[alive[idx]]
        age = t - birth[idx].astype(np.int32)
        yu[idx[yu[idx] & (age >= YOUTH)]] = False
        got = idx[(occ[idx] == STUDENT) & (age >= STUDIES)]
        assert np.array_equal(np.sort(got), want)
        assert np.array_equal(yu[:n], yu_full[:n])
        occ[got] = 0  # they finish their studies
        found += len(got)
    assert found > 100 and not yu_full[:n].all()  # the months checked something
