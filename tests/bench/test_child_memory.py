"""The runner's memory sampler finds the importing process's children (the pool workers), whichever
thread started them, and records their peaks (Linux only: it reads /proc)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bench.run import ChildMemory

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")

_SLEEPER = [sys.executable, "-c", "import time; time.sleep(30)"]


def test_children_started_by_any_thread_are_found() -> None:
    started: list[subprocess.Popen[bytes]] = [subprocess.Popen(_SLEEPER)]
    spawned, checked = threading.Event(), threading.Event()

    def spawn_and_stay() -> None:  # alive while checked: a dead thread's children move to another
        started.append(subprocess.Popen(_SLEEPER))
        spawned.set()
        checked.wait(30)

    thread = threading.Thread(target=spawn_and_stay)
    thread.start()
    try:
        assert spawned.wait(30)
        found = ChildMemory._children(os.getpid())
        assert {p.pid for p in started} <= set(found)
        assert os.getpid() not in found
    finally:
        checked.set()
        thread.join()
        for p in started:
            p.kill()
            p.wait()


def test_sampler_records_a_live_childs_peak() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import sys, time; b = bytearray(30 << 20); sys.stdout.write('x');"
                              " sys.stdout.flush(); time.sleep(30)"], stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None and child.stdout.read(1) == b"x"  # its 30 MB are allocated
        with ChildMemory(interval=0.01) as memory:
            for _ in range(1000):  # at most ~10 s
                if child.pid in memory.peaks:
                    break
                memory._stop.wait(0.01)
        assert memory.peaks[child.pid] >= 30
        assert memory.together_mb >= memory.peaks[child.pid]
    finally:
        child.kill()
        child.wait()
