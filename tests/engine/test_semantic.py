"""The optional semantic backend: off or absent means lexical matching; present means paraphrases align."""

from __future__ import annotations

import builtins
import importlib.util

import pytest

from bot import semantic


@pytest.fixture(autouse=True)
def fresh_loader() -> None:
    semantic.load_embedder.cache_clear()
    semantic._vectors.clear()  # test embedders share a name; their vectors must not leak between tests
    yield
    semantic.load_embedder.cache_clear()
    semantic._vectors.clear()


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


class TableEmbedder:
    """A stand-in model: texts in one group get one unit vector, every other text its own."""

    name = "table"

    # Other texts get slots in order of first appearance. (They were `hash(text) % 64`: with some
    # PYTHONHASHSEED values two unrelated statements shared a slot, and the test failed in CI.)
    SLOTS = 256

    def __init__(self, *groups: set[str]) -> None:
        self.groups = groups
        self.embedded: list[str] = []
        self.others: dict[str, int] = {}

    def embed(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        size = len(self.groups) + self.SLOTS
        out = []
        for text in texts:
            slot = next((i for i, g in enumerate(self.groups) if any(text.startswith(x) or x in text for x in g)), None)
            if slot is None:
                slot = len(self.groups) + self.others.setdefault(text, len(self.others)) % self.SLOTS
            out.append([1.0 if k == slot else 0.0 for k in range(size)])
        return out


def _statements() -> list:  # type: ignore[type-arg]
    from bot.divergence import EventStatement

    return [
        EventStatement("JP", "The ministers expressed serious concern over actions that raise regional tensions.", 1, "jp"),
        EventStatement("JP", "Minister Koizumi explained that Japan will boost its defence budget.", 1, "jp"),
        EventStatement("US", "The two leaders discussed Japan's efforts to increase its defense spending.", 2, "us"),
        EventStatement("US", "The two leaders agreed to hold a meeting in Washington next month.", 2, "us"),
    ]


def test_a_paraphrase_is_no_omission_with_semantic_matching() -> None:
    """Lexically "boost its defence budget" and "increase its defense spending" share nothing but
    Japan; an embedder that puts them together makes them one shared point."""
    from bot.divergence import compute_divergence

    paraphrase = {"boost its defence budget", "increase its defense spending"}
    lexical = compute_divergence(_statements(), semantic=None)
    semantic = compute_divergence(_statements(), semantic=TableEmbedder(paraphrase))
    omitted = lambda result: {f.text for f in result.findings if f.type == "omission"}  # noqa: E731
    assert any("defense spending" in t for t in omitted(lexical))
    assert not any("defense spending" in t or "defence budget" in t for t in omitted(semantic))
    assert any("meeting in Washington" in t for t in omitted(semantic))  # a point only one side makes stays
    assert any("serious concern" in f.text for f in semantic.findings if f.type == "unechoed_wording")


def test_semantic_matching_never_makes_a_contradiction() -> None:
    """Two sentences on one topic with different numbers are not one claim: contradictions stay lexical."""
    from bot.divergence import EventStatement, compute_divergence

    statements = [
        EventStatement("RU", "The call lasted 90 minutes and covered energy strikes.", 1, "ru"),
        EventStatement("US", "Officials later said a separate 30 day pause was considered for ports.", 2, "us"),
    ]
    same_topic = TableEmbedder({"lasted 90 minutes", "30 day pause"})
    result = compute_divergence(statements, semantic=same_topic)
    assert not [f for f in result.findings if f.type == "contradiction"]


def test_vectors_are_cached_per_text() -> None:
    from bot.divergence import compute_divergence

    embedder = TableEmbedder()
    compute_divergence(_statements(), semantic=embedder)
    first = len(embedder.embedded)
    compute_divergence(_statements(), semantic=embedder)
    assert first > 0 and len(embedder.embedded) == first
