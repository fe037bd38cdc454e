"""The optional semantic backend: off or absent means lexical matching; present means paraphrases align."""

from __future__ import annotations

import builtins
import importlib.util

import pytest

from bot import semantic


@pytest.fixture(autouse=True)
def fresh_loader() -> None:
    semantic.load_embedder.cache_clear()
    yield
    semantic.load_embedder.cache_clear()


def test_turned_off_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READOUT_SEMANTIC", "0")
    assert semantic.load_embedder() is None


def test_absent_extra_means_lexical(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_wordllama(name: str, *args: object, **kwargs: object) -> object:
        if name.split(".")[0] == "wordllama":
            raise ImportError("No module named 'wordllama'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setenv("READOUT_SEMANTIC", "1")
    monkeypatch.setattr(builtins, "__import__", no_wordllama)
    assert semantic.load_embedder() is None


def test_a_broken_extra_is_logged_not_raised(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> None:
        raise OSError("weights file truncated")

    monkeypatch.setenv("READOUT_SEMANTIC", "1")
    monkeypatch.setattr(semantic, "WordLlamaEmbedder", broken)
    assert semantic.load_embedder() is None
    assert "weights file truncated" in caplog.text


def test_cosine_maps_onto_the_lexical_scale() -> None:
    assert semantic.alignment_score(semantic.FLOOR) == 0.0
    assert semantic.alignment_score(-0.2) == 0.0
    assert semantic.alignment_score(semantic.CEILING) == 1.0
    assert semantic.alignment_score(1.0) == 1.0
    middle = (semantic.FLOOR + semantic.CEILING) / 2
    assert semantic.alignment_score(middle) == pytest.approx(0.5)


@pytest.mark.skipif(importlib.util.find_spec("wordllama") is None, reason="the semantic extra is not installed")
def test_paraphrases_align_and_unrelated_points_do_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READOUT_SEMANTIC", "1")
    embedder = semantic.load_embedder()
    assert embedder is not None
    left = ["The two leaders agreed to maintain close communication."]
    right = ["The two sides agreed to keep in close touch.", "Iran should never be in a position to destroy Israel."]
    paraphrase, unrelated = semantic.similarity_matrix(embedder, left, right)[0]
    assert paraphrase > 0.4 > unrelated
