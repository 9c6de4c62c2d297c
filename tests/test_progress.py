"""The progress bar (only on a terminal, only after a moment) and the paused collector."""

from __future__ import annotations

import gc
import io

from ustojapan_cli.progress import Progress, bulk


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_into_a_pipe() -> None:
    out = io.StringIO()
    with Progress(10, stream=out, delay=0) as bar:
        bar.advance(5)
    assert out.getvalue() == ""


def test_no_bar_for_quick_work() -> None:
    out = Terminal()
    with Progress(10, stream=out, delay=60) as bar:
        bar.advance(10)
    assert out.getvalue() == ""


def test_a_bar_on_a_terminal_then_erased() -> None:
    out = Terminal()
    bar = Progress(2_000_000, "reading", stream=out, delay=0, unit="B")
    bar.advance(1_000_000)
    assert "reading [###############...............]  50% 1.0/2.0 MB" in out.getvalue()
    bar.close()
    assert out.getvalue().endswith("\r") and out.getvalue().splitlines()[-1].strip() == ""


def test_bulk_pauses_the_collector_and_restores_it() -> None:
    assert gc.isenabled()
    with bulk():
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        with bulk():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_the_bar_runs_on_while_nothing_advances() -> None:
    import time

    out = Terminal()
    with Progress(100, "reading", stream=out, delay=0):  # one big file: no advance, the time still shows
        for _ in range(200):
            if "reading [" in out.getvalue():
                break
            time.sleep(0.05)
    assert "reading [" in out.getvalue() and out.getvalue().endswith("\r")
