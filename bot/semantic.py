"""Optional semantic matching for divergence alignment: sentence embeddings that ship inside a package.

Why optional: the lexical aligner (`bot.divergence_align`) decides whether two readouts make the same
point by their shared words, which misses paraphrases ("increase its defense spending" / "boost its
defence budget", "maintain close communication" / "keep in close touch"). A small embedding model
catches those. It must not become a requirement: the default install stays light and fully offline,
and every test passes without it.

The backend is WordLlama (`pip install "readout-watch[semantic]"`): static token embeddings averaged
into a sentence vector, 16 MB of weights *inside* the wheel, numpy only — no torch, no model download
at run time (loading is pinned to the package's own files with downloads disabled). It embeds
thousands of sentences a second on one core, so an event's alignment stays within milliseconds.

`READOUT_SEMANTIC=0` turns it off even when installed (to compare, or to reproduce lexical results).
"""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

log = logging.getLogger(__name__)

# Cosine similarity of two sentence vectors -> an alignment score on the lexical scale (0..1, where
# 0.40 means "the other side makes this point too"). Below FLOOR the sentences are unrelated; at
# CEILING they are paraphrases. Calibrated on the development corpus (docs/quality.md).
FLOOR = 0.30
CEILING = 0.75


class Embedder(Protocol):
    """Turns sentences into unit-length vectors (rows of a numpy array)."""

    name: str

    def embed(self, texts: Sequence[str]) -> Any: ...


class WordLlamaEmbedder:
    """WordLlama's bundled 256-dimension model, loaded from the installed package only."""

    name = "wordllama l2_supercat 256"

    def __init__(self) -> None:
        from pathlib import Path

        import wordllama
        from wordllama import WordLlama

        package = Path(wordllama.__file__).parent
        # The wheel carries weights/ and tokenizers/; pointing the cache at the package makes the
        # loader find both there, and disable_download makes a missing file an error, not a fetch.
        self._model = WordLlama.load(cache_dir=package, disable_download=True)

    def embed(self, texts: Sequence[str]) -> Any:
        return self._model.embed(list(texts), norm=True)


def enabled_by_environment() -> bool:
    return os.environ.get("READOUT_SEMANTIC", "1").strip().lower() not in {"0", "false", "no", "off"}


@lru_cache(maxsize=1)
def load_embedder() -> Embedder | None:
    """The embedder when the `semantic` extra is installed and not turned off, else None (lexical)."""
    if not enabled_by_environment():
        return None
    try:
        return WordLlamaEmbedder()
    except ImportError:
        return None
    except Exception as exc:  # noqa: BLE001 - a broken optional extra must never stop the engine
        log.warning("semantic matching unavailable (%s: %s); using lexical matching", type(exc).__name__, exc)
        return None


def alignment_score(cosine: float) -> float:
    """A cosine similarity on the lexical aligner's 0..1 scale."""
    if cosine <= FLOOR:
        return 0.0
    return min(1.0, (cosine - FLOOR) / (CEILING - FLOOR))


# Sentence vectors by text: an event is recompared each time a document joins it, and its old
# statements should not be embedded again.
_CACHE_SIZE = 20_000
_vectors: OrderedDict[tuple[str, str], Any] = OrderedDict()


def _embedded(embedder: Embedder, texts: Sequence[str]) -> list[Any]:
    """Unit vectors of `texts`, from the cache where possible."""
    missing = [t for t in dict.fromkeys(texts) if (embedder.name, t) not in _vectors]
    if missing:
        for text, vector in zip(missing, embedder.embed(missing)):
            _vectors[(embedder.name, text)] = vector
        while len(_vectors) > _CACHE_SIZE:
            _vectors.popitem(last=False)
    for text in texts:
        _vectors.move_to_end((embedder.name, text))
    return [_vectors[(embedder.name, t)] for t in texts]


def _scores(left: list[Any], right: list[Any]) -> list[list[float]]:
    """Cosines of unit vectors mapped by `alignment_score`; numpy when present (it is, with the
    extra), plain Python otherwise (test embedders)."""
    try:
        import numpy as np
    except ImportError:
        return [[alignment_score(sum(x * y for x, y in zip(a, b))) for b in right] for a in left]
    cosines = np.stack(left) @ np.stack(right).T
    return np.clip((cosines - FLOOR) / (CEILING - FLOOR), 0.0, 1.0).tolist()


def similarity_matrix(embedder: Embedder, left: Sequence[str], right: Sequence[str]) -> list[list[float]]:
    """Alignment scores of every left text against every right text (plain lists: the engine is
    numpy-free)."""
    if not left or not right:
        return [[0.0] * len(right) for _ in left]
    vectors = _embedded(embedder, [*left, *right])
    return _scores(vectors[: len(left)], vectors[len(left):])
