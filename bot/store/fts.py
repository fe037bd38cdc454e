"""Turning user text into a safe FTS5 query (pure functions).

User text never reaches FTS5 as syntax: it is cut into word tokens, each token is emitted as a quoted
FTS5 string (so `NEAR(`, `*`, `"`, `OR`, `-` and friends are just words or nothing), and the number
and length of tokens are capped so a 10 KB argument cannot build a pathological query.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.nlp.stems import MAX_QUERY_WORDS, folded_words, stem

MAX_TOKENS = MAX_QUERY_WORDS
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
    tokens = [t[:MAX_TOKEN_CHARS] for t in folded_words(text)]
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
    return " ".join(folded_words(text))


def escape_like(text: str, escape: str = "\\") -> str:
    """Escape `%`, `_` and the escape character for a LIKE pattern used with ESCAPE '\\'."""
    return text.replace(escape, escape * 2).replace("%", escape + "%").replace("_", escape + "_")


# bm25's constants, as FTS5 uses them.
_K1 = 1.2
_B = 0.75


@dataclass(frozen=True)
class WindowScore:
    """How one match of a window ranks: `rank` bm25-style (lower is better, as FTS5's), `exact`
    when the searched words occur in it in order (`normalise_for_match` of both)."""

    rank: float
    exact: bool


def score_window(sentences: list[str], tokens: tuple[str, ...] | list[str], phrase: str = "") -> list[WindowScore]:
    """Rank and exactness of each sentence of a window of matches, from one tokenisation of each.

    Why not FTS5's own bm25(): it needs, for every query word, the number of rows in the whole index
    that contain it, and for a common word ("the", "that") that is a walk over a doclist of millions
    of entries — 60–100 ms a query at 100k documents, growing with the corpus, even when only 400
    matches are ranked. Every sentence here matched every word, so the inverse document frequency is
    the same for all of them and changes the order only through term frequency; the words count
    equally instead, and length is normalised against the window's own mean.

    Each distinct word of the window is stemmed once, and each sentence is tokenised once for both
    figures (the rank and the exactness test were two tokenisations of every sentence: half of the
    command's own time, profiled).
    """
    word_lists = [folded_words(sentence) for sentence in sentences]
    exact = [bool(phrase) and phrase in " ".join(words) for words in word_lists]
    wanted = {stem(t) for t in tokens}
    if not word_lists or not wanted:
        return [WindowScore(0.0, e) for e in exact]
    stem_of = {w: s for w in set().union(*word_lists) if (s := stem(w)) in wanted}
    lengths = [max(1, len(words)) for words in word_lists]
    mean = sum(lengths) / len(lengths)
    scores = []
    for words, length, is_exact in zip(word_lists, lengths, exact):
        tf: dict[str, int] = {}
        for word in filter(stem_of.__contains__, words):  # only the matched words reach Python
            tf[stem_of[word]] = tf.get(stem_of[word], 0) + 1
        norm = _K1 * (1 - _B + _B * length / mean)
        scores.append(WindowScore(-sum(f * (_K1 + 1) / (f + norm) for f in tf.values()), is_exact))
    return scores
