"""parallel.py: a parcel is pickled once for all the tasks that carry it and unpickled once a process."""

from __future__ import annotations

import os
import pickle
import sys
import time
from pathlib import Path

import pytest

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


def big_result(n: int) -> bytes:
    return bytes(4 << 20)  # a result that stays in the pipe until the main process reads it


def busy(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def thread_cpu(native_id: int) -> float:
    """Seconds of CPU a thread of this process has used (Linux)."""
    fields = Path(f"/proc/self/task/{native_id}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_the_pool_does_not_spin_while_results_wait_to_be_read() -> None:
    with parallel.spread(2) as pool:
        assert isinstance(pool, parallel.Pool)
        keeper = pool.pool._worker_handler  # the thread that keeps the workers
        before = thread_cpu(keeper.native_id)
        for _ in pool.imap(big_result, range(24)):
            busy(0.1)  # holding the interpreter lock, as writing the store does: results wait in the pipe
        used = thread_cpu(keeper.native_id) - before
    assert used < 0.05  # CPython's own Pool loops meanwhile: 0.19-0.21 s of CPU here
