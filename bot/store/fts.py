"""Turning user text into a safe FTS5 query (pure functions).

User text never reaches FTS5 as syntax: it is cut into word tokens, each token is emitted as a quoted
FTS5 string (so `NEAR(`, `*`, `"`, `OR`, `-` and friends are just words or nothing), and the number
and length of tokens are capped so a 10 KB argument cannot build a pathological query.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from bot.nlp.stems import WORD, stem

MAX_TOKENS = 16
MAX_TOKEN_CHARS = 40
NEAR_DISTANCE = 6



@dataclass(frozen=True)
class FtsQuery:
    """`phrase` matches the words in order (stemmed: "concerns" finds "concern");
    `near` matches them close together in any order; `tokens` are the words themselves."""

    tokens: tuple[str, ...]
    phrase: str
    near: str


def tokenize(text: str) -> list[str]:
    """Word tokens of user text, NFKC-normalised and lower-cased, capped in count and length."""
    normalised = unicodedata.normalize("NFKC", text).casefold()
    tokens = [t[:MAX_TOKEN_CHARS] for t in WORD.findall(normalised)]
    return tokens[:MAX_TOKENS]


def quote_token(token: str) -> str:
    """An FTS5 string literal: wrapped in double quotes, inner quotes doubled."""
    return '"' + token.replace('"', '""') + '"'


def build_query(text: str) -> FtsQuery | None:
    """The FTS5 expressions for a user's search text, or None when it has no words at all."""
    tokens = tokenize(text)
    if not tokens:
        return None
    quoted = " ".join(quote_token(t) for t in tokens)
    phrase = quoted if len(tokens) == 1 else "(" + " + ".join(quote_token(t) for t in tokens) + ")"
    near = quoted if len(tokens) == 1 else f"NEAR({quoted}, {NEAR_DISTANCE})"
    return FtsQuery(tokens=tuple(tokens), phrase=phrase, near=near)


def normalise_for_match(text: str) -> str:
    """Lower-cased words joined by single spaces: used to decide whether a hit is an exact phrase."""
    return " ".join(WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def escape_like(text: str, escape: str = "\\") -> str:
    """Escape `%`, `_` and the escape character for a LIKE pattern used with ESCAPE '\\'."""
    return text.replace(escape, escape * 2).replace("%", escape + "%").replace("_", escape + "_")


# bm25's constants, as FTS5 uses them.
_K1 = 1.2
_B = 0.75


def rank_window(sentences: list[str], tokens: tuple[str, ...] | list[str]) -> list[float]:
    """A bm25-style score for each sentence of a window of matches (lower is better, as FTS5's).

    Why not FTS5's own bm25(): it needs, for every query word, the number of rows in the whole index
    that contain it, and for a common word ("the", "that") that is a walk over a doclist of millions
    of entries — 60–100 ms a query at 100k documents, growing with the corpus, even when only 400
    matches are ranked. Every sentence here matched every word, so the inverse document frequency is
    the same for all of them and changes the order only through term frequency; the words count
    equally instead, and length is normalised against the window's own mean.
    """
    wanted = {stem(t) for t in tokens}
    if not sentences or not wanted:
        return [0.0] * len(sentences)
    counts: list[dict[str, int]] = []
    lengths: list[int] = []
    for sentence in sentences:
        words = WORD.findall(sentence)
        lengths.append(max(1, len(words)))
        tf: dict[str, int] = {}
        for w in words:
            s = stem(w)
            if s in wanted:
                tf[s] = tf.get(s, 0) + 1
        counts.append(tf)
    mean = sum(lengths) / len(lengths)
    scores = []
    for tf, length in zip(counts, lengths):
        norm = _K1 * (1 - _B + _B * length / mean)
        scores.append(-sum(f * (_K1 + 1) / (f + norm) for f in tf.values()))
    return scores
