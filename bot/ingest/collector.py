"""Garbage-collector settings for a bulk import: fewer, cheaper collections while it runs.

An import allocates hundreds of thousands of short-lived, acyclic objects (each document's
sentences, mentions, statements and profiles), which reference counting frees; the cyclic collector
finds nothing among them but still runs every 700 allocations and, every so often, walks the whole
heap. Profiled on a 5,000-document import: a sixth of the importing process's CPU was collections,
most of it full collections walking objects that live as long as the process (modules, compiled
patterns, lexicons, caches). Two standard remedies, both undone when the last import ends:

- `gc.freeze()` moves what exists when the import starts to the permanent generation, so full
  collections skip it (CPython's documented use of freeze, for long-lived state);
- a higher first-generation threshold: young collections run every 20,000 allocations, not 700.

Nesting is counted (the bot's watcher may run imports while another runs), so the settings are
restored only when the last one finishes.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations between two young collections while an import runs (CPython's default is 700).
BULK_THRESHOLD = 20_000

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def bulk_collection() -> Iterator[None]:
    """Within the block: the current heap frozen and young collections 20,000 allocations apart."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(max(BULK_THRESHOLD, _saved[0]), _saved[1], _saved[2])
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                # what was frozen is collectable again (anything of it that became garbage since)
                gc.unfreeze()
                _saved = None


def tune_worker() -> None:
    """For a process that only runs import work (the importer's pool): freeze what its imports
    created and keep the higher threshold for the process's life."""
    gc.freeze()
    first, second, third = gc.get_threshold()
    gc.set_threshold(max(BULK_THRESHOLD, first), second, third)
