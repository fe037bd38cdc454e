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


def test_a_child_is_counted_only_once_it_has_execd() -> None:
    """Between fork and exec a child is a copy of this process and reports this process's VmHWM as
    its own; the sampler must not take that for a worker's peak."""
    ballast = bytearray(80 << 20)  # this process is now well above what the exec'd child will use
    ballast[::4096] = b"x" * len(ballast[::4096])
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: stays a copy (no exec) until told, then becomes a small program
        os.close(write)
        os.read(read, 1)
        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(30)"])
    os.close(read)
    try:
        with ChildMemory(interval=0.01) as memory:
            memory._stop.wait(0.3)  # ~30 samples of the forked, not exec'd, child
            assert pid not in memory.peaks
            os.write(write, b"g")
            for _ in range(1000):  # at most ~10 s
                if pid in memory.peaks:
                    break
                memory._stop.wait(0.01)
        assert pid in memory.peaks
        assert memory.peaks[pid] < 60, memory.peaks[pid]  # the interpreter's own, not this process's 80 MB+
    finally:
        os.close(write)
        os.kill(pid, 9)
        os.waitpid(pid, 0)
