"""parallel.py: a parcel is pickled once for all the tasks that carry it and unpickled once a process."""

from __future__ import annotations

import pickle

from ustojapan_cli import parallel


class Counted:
    """Counts how often it is pickled."""

    pickled = 0

    def __reduce__(self) -> tuple[type[Counted], tuple[()]]:
        Counted.pickled += 1
        return Counted, ()


def test_a_parcel_is_pickled_once_and_unpickled_once_per_process() -> None:
    parcel = parallel.Parcel(Counted())
    sent = [pickle.dumps(parcel) for _ in range(5)]  # five tasks carry it
    assert Counted.pickled == 1
    received = [pickle.loads(b) for b in sent]
    assert all(r is received[0] for r in received) and isinstance(received[0].obj, Counted)
    other = pickle.loads(pickle.dumps(parallel.Parcel(Counted())))
    assert other is not received[0] and Counted.pickled == 2


def test_workers_for_follows_usjp_workers(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("USJP_WORKERS", "3")
    assert parallel.workers_for(0) == 3
    monkeypatch.setenv("USJP_WORKERS", "0")
    assert parallel.workers_for(10 << 30) == 0
    monkeypatch.delenv("USJP_WORKERS")
    assert parallel.workers_for(parallel.SMALL - 1) == 0
