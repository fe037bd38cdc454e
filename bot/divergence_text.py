"""Text normalisation for comparing readouts (pure functions).

Two readouts of one call rarely use the same words: "concerns" vs "concern", "Украине" vs "Украины",
"U.S." vs "United States". Alignment therefore compares *stemmed content tokens*: lower-cased word
tokens without stop words, reduced by the Snowball stemmer of their script (English for Latin, Russian
for Cyrillic). CJK runs have no spaces, so they become character bigrams, which is how search engines
index them too. Everything here is cached and cheap: divergence of an event must stay in milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot import lexicon

_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
# _TOKEN on ASCII text. It opens with one character class (the token's first character, letter or
# digit, then the rest of a word or of a number, told apart by looking back at it), so that `re`
# skips the spaces and punctuation between tokens instead of trying a match at each (profiled:
# findall 2.6 -> 2.3 us a statement, the same tokens as "[0-9]+(?:[.,][0-9]+)*|[a-zA-Z]+(?:'[a-zA-Z]+)?").
_TOKEN_ASCII = re.compile(r"[a-zA-Z0-9](?:(?<=[a-zA-Z])[a-zA-Z]*(?:'[a-zA-Z]+)?|(?<=[0-9])[0-9]*(?:[.,][0-9]+)*)")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Function words and the vocabulary every readout shares (reporting verbs, titles, "the two sides"):
# they say nothing about *what* was said, so they must not make two statements look alike.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a an the and or nor but if then than that this these those there here it its it's they them their
    he him his she her we our us you your i me my of in on at to for from by with without about into
    over under between among through during before after above below up down out off again further
    once also too very so such only own same other another any some all both each few more most no not
    is are was were be been being am has have had having do does did doing will would shall should can
    could may might must as while because until which who whom whose what when where why how
    said says say saying told tell added adding noted stated according statement readout release
    press spokesperson spokesman spokeswoman ministry department office side sides two leaders leader
    ministers minister president secretary mr ms dr today yesterday tomorrow also well including
    per via just even still yet however though although whether within across toward towards upon
    и в во не что он она они оно мы вы я на с со как а то все всё так его её ее их к у же вы за бы
    по только мне было вот от меня о из ему теперь когда даже ну ли если уже или ни быть был была
    были было до вас нибудь опять уж вам ведь там потом себя ничего ей может тут где есть надо ней
    для тем чтобы нее кто этот того потому этого какой совсем ним здесь этом один почти мой тем
    также при этом об со этой том эти этих сказано говорится заявлении сообщении заявил заявила
    сообщил отметил стороны сторон министр министра президент глава
    """.split()
)

# Canonical spellings so that "U.S." and "United States", "PRC" and "China" count as one token.
_ALIASES: dict[str, str] = {
    "u.s": "us",
    "u.s.": "us",
    "usa": "us",
    "america": "us",
    "american": "us",
    "americans": "us",
    "prc": "china",
    "chinese": "china",
    "sino": "china",
    "japanese": "japan",
    "russian": "russia",
    "russians": "russia",
    "ukrainian": "ukraine",
    "сша": "us",
    "американск": "us",
    "росс": "russia",
    "российск": "russia",
    "украин": "ukraine",
}


@lru_cache(maxsize=4)
def _stemmer(language: str):  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer(language)


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """The Snowball stem of one lower-case token, in the stemmer of its script; aliases folded."""
    if token in _ALIASES:
        return _ALIASES[token]
    if _CYRILLIC.search(token):
        stemmed = _stemmer("russian").stemWord(token)
    elif token.isascii():
        stemmed = _stemmer("english").stemWord(token)
    else:
        stemmed = token
    return _ALIASES.get(stemmed, stemmed)


def normalise(text: str) -> str:
    """NFKC, unified quotes and dashes, collapsed spaces: the form every matcher works on.

    Remembered by text (`_NORMAL`): a statement's text is normalised to split it into items and
    again, as its item's text, to find its names (profiled: ~80 calls an event, half of them
    repeats, each checking every character with `isprintable`, ~5 k instructions a text)."""
    normal = _NORMAL.get(text)
    if normal is None:
        if len(_NORMAL) >= _NORMAL_SIZE:
            _NORMAL.clear()  # bounded memory; it refills from what is read next
        normal = _NORMAL[text] = _normalise(text)
    return normal


_NORMAL_SIZE = lexicon.TEXT_CACHE_SIZE  # texts
_NORMAL: dict[str, str] = {}


def _normalise(text: str) -> str:
    """`normalise`, computed."""
    if text.isascii():
        # NFKC and the quote/dash map leave ASCII as it is (the translate alone was most of this
        # function's cost, and it runs several times on every statement, profiled)
        if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
            # its only whitespace is single spaces between words (every other ASCII whitespace
            # character is unprintable): already normal, and checking is cheaper than splitting
            # and joining (measured: most statements)
            return text
        return " ".join(text.split())
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_PUNCT_MAP)
    return " ".join(text.split())


_PUNCT_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u201e": '"',
        "\u300c": '"',
        "\u300d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)


# `words` on ASCII text: letters stay, the characters that can make a token more than a run of
# letters (digits, the apostrophe) become "\0", every other character a space. A bytes table, for
# `bytes.translate` on the encoded text: `str.translate` looks each distinct character up in a dict
# of ints on every call (measured: `words` 766 -> 661 k instructions an event on the harness's texts).
# (`bytes.translate` wants 256 entries: the upper half, which ASCII never reaches, maps to itself.)
_LETTER_RUNS_ASCII = bytes(c if chr(c).isalpha() else 0 if chr(c) in "0123456789'" else 32 for c in range(128)) + bytes(
    range(128, 256))


def words(text: str) -> list[str]:
    """Lower-case word and number tokens of Latin/Cyrillic text (CJK handled by `content_tokens`)."""
    if text.isascii():
        # `normalise` leaves ASCII text as it is but for runs of spaces, which no token holds
        # (`lower` is `casefold` on ASCII text, and has a fast path for it)
        low = lexicon.lower(text).replace("u.s.", "us ").replace("u.s", "us")
        spaced = low.encode("ascii").translate(_LETTER_RUNS_ASCII)
        if b"\0" not in spaced:
            # no digit, no apostrophe: the tokens are the runs of letters, which `split` finds
            # without `re`'s per-token matching (profiled: most statements; findall was half of
            # `content_tokens`)
            return spaced.decode("ascii").split()
        return _TOKEN_ASCII.findall(low)
    text = normalise(text).casefold().replace("u.s.", "us ").replace("u.s", "us")
    # on ASCII text the letters are [a-z], and an ASCII class is much cheaper for `re` than the
    # Unicode `[^\W\d_]` (profiled: 4.8 -> 2.8 us a statement, the same tokens)
    return (_TOKEN_ASCII if text.isascii() else _TOKEN).findall(text)


@lru_cache(maxsize=lexicon.TEXT_CACHE_SIZE)
def content_tokens(text: str) -> tuple[str, ...]:
    """Stemmed content tokens in order (stop words dropped; CJK runs as character bigrams)."""
    out, text = cjk_bigrams(text)
    out.extend(filter(None, map(_CONTENT_STEMS.__getitem__, words(text))))
    return tuple(out)


def cjk_bigrams(text: str) -> tuple[list[str], str]:
    """The character bigrams of the text's CJK runs (a one-character run as itself), in order, and
    the text with those runs blanked: CJK has no spaces between words, so bigrams stand in for them."""
    out: list[str] = []
    if text.isascii():
        return out, text
    cjk_spans = [(m.start(), m.end()) for m in _CJK_RUN.finditer(text)]
    if cjk_spans:
        for start, end in cjk_spans:
            run = text[start:end]
            if len(run) == 1:
                out.append(run)
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
        text = _CJK_RUN.sub(" ", text)
    return out, text


def _content_stem(token: str) -> str:
    """What one word token contributes to `content_tokens`: its stem, or "" for a stop word or a
    one-letter token. One remembered lookup per token (`_CONTENT_STEMS`) instead of two set tests
    and a cached `stem` call in the loop (profiled: the per-token loop was most of
    `content_tokens`, a tenth of an event's divergence)."""
    if token in STOP_WORDS or (len(token) < 2 and not token.isdigit()):
        return ""
    stemmed = stem(token)
    return stemmed if stemmed and stemmed not in STOP_WORDS else ""


_CONTENT_STEMS_SIZE = 65536  # words (a corpus's vocabulary is a few thousand; was the lru_cache's size)


class _ContentStems(dict[str, str]):
    """Token -> `_content_stem(token)`, filled on first sight: a plain dict lookup per token where
    an `lru_cache` hit kept its recency list in order (measured: `content_tokens` 1,320 -> 1,209 k
    instructions an event on the harness's texts). Emptied when full (bounded memory; it refills
    from what is read next)."""

    def __missing__(self, token: str) -> str:
        if len(self) >= _CONTENT_STEMS_SIZE:
            self.clear()
        value = self[token] = _content_stem(token)
        return value


_CONTENT_STEMS = _ContentStems()


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100,
}
_QUANTITY = re.compile(
    r"\b(\d+(?:[.,]\d+)?|" + "|".join(_NUMBER_WORDS) + r")[\s-]*"
    r"(days?|weeks?|months?|years?|hours?|minutes?|percent|%|per cent|billion|million|troops|soldiers|"
    r"drones?|missiles?|prisoners?|дн(?:ей|я)|сут(?:ок|ки)|недел\w*|месяц\w*|час\w*|процент\w*)",
    re.IGNORECASE,
)


# The ASCII unit words of _QUANTITY (each of its English alternatives contains one of these; "cent"
# for "per cent", whose space may be a run of spaces before `normalise`).
_UNIT_WORDS_ASCII = ("day", "week", "month", "year", "hour", "minute", "percent", "%", "cent", "billion", "million",
                     "troops", "soldiers", "drone", "missile", "prisoner")
# ... as a `lexicon.word_test`: for an item's text, usually its statement's, a cached lookup where the
# sixteen `in` tests scanned the text sixteen times
_UNIT_TEST = lexicon.word_test(_UNIT_WORDS_ASCII)


@lru_cache(maxsize=lexicon.TEXT_CACHE_SIZE)
def quantities(text: str) -> frozenset[tuple[float, str]]:
    """Numbers with their unit ("30 days" -> (30.0, "day")): what a contradiction on numbers compares.

    Bare numbers are ignored on purpose: years, ages and list counters are not claims."""
    found: set[tuple[float, str]] = set()
    # a quantity needs a unit word right after its number; ASCII text without any unit word has
    # none (most statements: profiled at a tenth of an event's divergence time). Tested before
    # `normalise`, which changes only runs of spaces in ASCII text
    if text.isascii() and _UNIT_TEST not in lexicon.word_tests(lexicon.lower(text)):
        return frozenset()
    text = normalise(text)
    for match in _QUANTITY.finditer(text):
        raw, unit = match.group(1).lower(), match.group(2).lower()
        value = float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else float(raw.replace(",", "."))
        found.add((value, _unit(unit)))
    return frozenset(found)


def _unit(unit: str) -> str:
    for prefix, name in (
        ("day", "day"), ("дн", "day"), ("сут", "day"), ("week", "week"), ("недел", "week"),
        ("month", "month"), ("месяц", "month"), ("year", "year"), ("hour", "hour"), ("час", "hour"),
        ("minute", "minute"), ("percent", "percent"), ("per cent", "percent"), ("%", "percent"),
        ("процент", "percent"),
    ):
        if unit.startswith(prefix):
            return name
    return unit.rstrip("s")


# A name: a capital that is not the text's first character, follows a non-word character (the
# `\b(?<!^)` of a plain writing) and does not follow [.!?"] and a space (a sentence start), then the
# rest of the name. The capital is the pattern's first character and the two conditions look back
# from after it, so that `re` skips from capital to capital (a pattern opening with an assertion
# is tried at every position; profiled: 3.0 -> 2.0 us a statement, the same matches).
_NAME = re.compile(r"([A-Z](?<=\W[A-Z])(?<![.!?\"]\s[A-Z])(?:[a-z]+(?:[- ][A-Z][a-z]+)*|[A-Z]{1,4}))\b")


@lru_cache(maxsize=lexicon.TEXT_CACHE_SIZE)
def proper_names(text: str) -> frozenset[str]:
    """Capitalised words that are not sentence-initial: names of places, incidents, bodies.

    Crude on purpose (no NER model): it only feeds salience ("mentions something by name that the
    other readout never names"), never a finding by itself."""
    return frozenset().union(*map(_name_stems, _NAME.findall(normalise(text))))


@lru_cache(maxsize=4096)  # a corpus names a few thousand people and places
def _name_stems(name: str) -> frozenset[str]:
    """The stems `proper_names` takes from one matched name: the same names recur from statement
    to statement ("China", "Xi Jinping"), and splitting and stemming each match again was most of
    `proper_names` (profiled)."""
    names: set[str] = set()
    for part in name.replace("-", " ").split(" "):  # the name's words
        token = part.casefold()
        if len(token) > 2 and token not in STOP_WORDS:
            names.add(stem(token))
    return frozenset(names)
