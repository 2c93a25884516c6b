"""People as arrays: typed attributes, growth keeps what was there."""

import numpy as np

from partysim.model.people import FIELDS, People


def test_every_field_is_a_typed_attribute():
    hints = People.__annotations__
    assert set(FIELDS) <= set(hints)
    p = People(4)
    for name, (dtype, _fill) in FIELDS.items():
        arr = getattr(p, name)
        assert arr.dtype == np.dtype(dtype) and len(arr) == p.capacity


def test_growth_keeps_existing_people():
    p = People(16)
    a = p.add(10)
    p.birth[a] = np.arange(10)
    b = p.add(30)  # beyond capacity: arrays double
    assert p.n == 40 and p.capacity >= 40
    assert (p.birth[:10] == np.arange(10)).all()
    assert p.alive[b].all() and (p.stage[b] == 0).all()
