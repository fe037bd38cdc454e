"""People a text names, with their titles, and a language-neutral key to match them across texts.

Why patterns around titles and not NER: readouts introduce every person with a title or an
appositive ("Secretary of War Pete Hegseth", "Guo Jiakun, a spokesperson for the Chinese Foreign
Ministry,") and then use the bare surname ("Hegseth said"). Finding the titled forms first and then
resolving bare surnames against them is precise and fast, and works the same way for Russian
("министр обороны России Сергей Шойгу" ... "Шойгу") and Japanese ("小泉防衛相").

`Mention.value` is the person's longest form in the document ("Lloyd J. Austin III"), the same for
every mention of that person; `Mention.detail` is the title written at that mention, or else the
best title the document gives the person, so a later "Li said" still knows Li is a professor.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rapidfuzz import fuzz

from bot.models import Mention, new_mention
from bot.nlp import roles
from bot.nlp.governments import find_governments
from bot.nlp.spans import by_start
from bot.nlp.translit import has_cjk, has_cyrillic, to_ascii
from bot.nlp.trie import trie_pattern

# --- name tokens ---------------------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LATIN_TOKEN = re.compile(
    rf"[A-Z]\.(?=[ \t\xa0]+[A-Z])|[{_UPPER}][^\W\d_]*(?:(?:-|['’](?=[{_UPPER}]))[^\W\d_]+)*"
)
_CYRILLIC_TOKEN = re.compile(r"[А-ЯЁ][а-яё]?\.(?=\s*[А-ЯЁ])|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|I{1,3}V?(?!\w)")
_GAP = re.compile(r"[ \t\xa0]+")
_SUFFIX = re.compile(r"[ \t\xa0]+(?:Jr\.|Sr\.|III|II|IV)(?!\w)")

_NOT_NAMES: frozenset[str] = frozenset(
    """The A An In On At Of And But For To From By With As This That These Those It Its He She They
    We I His Her Their Our My Your Who Whom Whose What When Where Why How Yesterday Today Tomorrow
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June
    July August September October November December Photo Photos Image Credit Video File Reuters AP AFP Xinhua TASS Bloomberg Getty Images
    Contributor Ministry Ministries Department Office House Agency Force Forces Army Navy University
    Academy Institute Commission Committee Council Party Administration Government Command Security
    Affairs Secretariat Conference Dialogue Summit Times News Press Post Daily Network Group Company
    Corporation Bank Fund Union Organization Treaty Alliance Region Islands Island Sea Strait Ocean
    Peninsula Republic Federation Kingdom States State Day Assembly Staff General Defense Defence
    Foreign National Joint Chiefs Air Marine Military Armed Self Minister Ministers President
    Secretary Spokesman Spokeswoman Spokesperson Ambassador Chairman Chair Leader Counterpart
    Premier Chancellor Admiral Commander Envoy Director Senator Governor Mayor King Queen Prince
    Emperor Professor Vice Prime Deputy Chief Senior Former Acting Special Cabinet Centre Center
    Hall Base Fleet Activities Class Global Western Eastern Northern Southern Asian European
    African Pacific Atlantic Indo Asia-Pacific Indo-Pacific Middle East West North South Mr Mrs
    Ms Dr However Also Meanwhile Although Both Despite Even After Before Since During Asked
    According Earlier Later Notably Nonetheless Yet Still Then So Such Many Some All Any No Not
    Lenta Telegram Facebook Twitter X Internet Interfax RIA Novosti""".split()
)
_RU_NOT_NAMES: frozenset[str] = frozenset(
    """В Во На С Со По За Из От До Об О При Для Как Это Этот Эта Он Она Они Мы Я Но И А Об После
    Ранее Кроме Других Других Телефонный Глава Министр Министерства Министерство Минобороны МИД
    Госсекретарь Президент Фото Мир Главы Добро Лента Читайте Оценивайте Получайте Бонусы Как
    Погружайтесь Выражайте Telegram Беседа Понедельник Вторник Среда Четверг Пятница Суббота
    Воскресенье""".split()
)


_MONTH_LIKE = frozenset("May Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
_DIGIT_NEXT = re.compile(r"\.?[ \t\xa0]+\d")


@dataclass
class _Found:
    """One person occurrence before clustering."""

    start: int
    end: int
    tokens: list[str]
    title: str | None
    cluster: int = -1


@dataclass
class _Cluster:
    names: list[tuple[str, list[str], int]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)

    @property
    def canonical(self) -> str:
        """The fullest written form; among equally full ones the first written (a lede's nominative
        "Сергей Шойгу" rather than a later "Сергеем Шойгу")."""
        return max(self.names, key=lambda n: (len(n[1]), -n[2]))[0]

    @property
    def title(self) -> str | None:
        return max(self.titles, key=len) if self.titles else None


# --- matching keys --------------------------------------------------------------------------------

_KEY_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?")
_RUSSIAN_ENDINGS = ("ыми", "ими", "ому", "ему", "ого", "его", "ом", "ем", "ым", "им", "ой")


@lru_cache(maxsize=8192)
def _name_parts(name: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """(given names and initials, surname, all kept tokens) of a written name, titles dropped."""
    tokens = [t for t in _KEY_TOKEN.findall(name) if t.rstrip(".").lower() not in roles.TITLE_WORDS]
    tokens = [t for t in tokens if t not in roles.NAME_SUFFIXES and t.rstrip(".") not in ("Jr", "Sr")]
    words = [t for t in tokens if not (t.endswith(".") and len(t) <= 4)]
    initials = [t for t in tokens if t.endswith(".") and len(t) <= 4]
    if not words:
        return tuple(initials), (tokens[-1].rstrip(".") if tokens else name.strip()), tuple(tokens)
    if len(words) >= 2 and to_ascii(words[0]) in roles.EAST_ASIAN_SURNAMES:
        return tuple(words[1:] + initials), words[0], tuple(tokens)
    return tuple(words[:-1] + initials), words[-1], tuple(tokens)


@lru_cache(maxsize=8192)
def _fold(word: str) -> str:
    """ASCII key of one name word: transliterated, Russian case endings and spelling variants
    ("y"/"i", "kh"/"h", "au"/"o", doubled letters) folded, so "Остином" ~ "Austin"."""
    cyrillic = has_cyrillic(word)
    if cyrillic:
        lowered = word.lower()
        for ending in _RUSSIAN_ENDINGS:
            if lowered.endswith(ending) and len(lowered) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
    key = to_ascii(word)
    key = re.sub(r"[^a-z0-9\u3040-\u30ff\u4e00-\u9fff]", "", key)
    key = key.replace("kh", "h").replace("y", "i").replace("au", "o").replace("ou", "u")
    return re.sub(r"(.)\1+", r"\1", key)


@lru_cache(maxsize=8192)
def person_key(name: str) -> str:
    """Language-neutral key of a person's name: the folded surname.

    "Sergei Shoigu", "Сергей Шойгу", "Шойгу С.К." -> "shoigu"; "Lloyd J. Austin III", "Lloyd
    Austin", "Остином" -> "ostin"; "Xi Jinping" -> "xi" (surname-first names are recognised).
    """
    if not isinstance(name, str) or not name.strip():
        return ""
    _, surname, _ = _name_parts(name)
    return _fold(surname) or to_ascii(name.strip().lower())


@lru_cache(maxsize=8192)
def _given_initial(name: str) -> str:
    given, _, _ = _name_parts(name)
    return _fold(given[0])[:1] if given else ""


def same_person(a: str, b: str) -> bool:
    """Do two written names denote the same person? Surname keys equal or close (rapidfuzz), and
    given names, when both are written, start alike ("Joe Biden" ~ "Joseph R. Biden", but not
    "Hunter Biden")."""
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    key_a, key_b = person_key(a), person_key(b)
    if not key_a or not key_b:
        return False
    if key_a != key_b:
        if min(len(key_a), len(key_b)) < 5 or fuzz.ratio(key_a, key_b) < 80:
            return False
    given_a, given_b = _given_initial(a), _given_initial(b)
    return not (given_a and given_b and given_a != given_b)


# --- finding people -------------------------------------------------------------------------------


@cache
def _english_heads() -> re.Pattern[str]:
    heads = trie_pattern(roles.TITLE_HEADS + roles.PLURAL_HEADS)
    return re.compile(r"(?:" + heads + r")(?![\w]|-\w)")  # left boundary checked by the caller


@cache
def _english_heads_after_boundary(ascii_text: bool = False) -> re.Pattern[str]:
    """A head (group 1) right after a character that may precede one (not `\\w`, not ".").

    Why: `_english_heads` searched on its own stops at every character that can start a head —
    most lower-case letters, in the middle of words too — and each stop tries the trie (profiled:
    ~13% of analysis). Heads start with a letter, so consuming the boundary character first makes
    `re` stop only after spaces and punctuation, and finds the same heads. For ASCII text the
    boundary class is spelled out (the same characters there): `re` tests it with a bitmap instead
    of Unicode category lookups (~25% faster)."""
    boundary = "[^A-Za-z0-9_.]" if ascii_text else r"[^\w.]"
    return re.compile(boundary + _HEAD_INITIALS + "(" + _english_heads().pattern + ")")


# A look-ahead for the characters a head can start with, tried before the heads' trie. Why: the trie's
# first level is an alternation of ~28 letters that `re` tests one by one after every space (and most
# words — "in", "with", "has", "Beijing" — start with none of them).
_HEAD_INITIALS = "(?=[" + "".join(sorted({" ".join(h.replace("’", "'").split())[0]
                                          for h in roles.TITLE_HEADS + roles.PLURAL_HEADS})) + "])"


def _next_head(text: str, position: int, ascii_text: bool = False,
               shape: bytes | None = None) -> tuple[int, int, str] | None:
    """(start, end, text) of the first head at or after `position` whose left neighbour is not a
    word character or "." (or that starts the text): what searching `_english_heads` from
    `position` and skipping heads inside words one character at a time finds. `ascii_text` may be
    true only if `text.isascii()`; `shape`, if given, must be `_boundary_shape(text)`."""
    if position == 0 or not (text[position - 1].isalnum() or text[position - 1] in "_."):
        head = _english_heads().match(text, position)
        if head:
            return head.start(), head.end(), head.group(0)
    if shape is not None:
        return _next_head_in_shape(text, shape, position)
    head = _english_heads_after_boundary(ascii_text).search(text, position)
    return (head.start(1), head.end(1), head.group(1)) if head else None


# An ASCII text with every character that may precede a head (`[^A-Za-z0-9_.]`: blanks, line breaks,
# punctuation, "-") written as a space, the rest as it is.
_BOUNDARY_SHAPE = bytes(byte if chr(byte) in string.ascii_letters + string.digits + "_." else 32
                        for byte in range(256))


def _boundary_shape(text: str) -> bytes:
    """`text` (ASCII) with its possible head boundaries as spaces: see `_heads_in_shape`."""
    return text.encode("ascii").translate(_BOUNDARY_SHAPE)


@cache
def _heads_in_shape() -> re.Pattern[bytes]:
    """A space, then a head as it reads in `_boundary_shape` (its "-", blanks and other boundary
    characters as spaces), then no word character: a match wherever the search of
    `_english_heads_after_boundary` finds a head in the text, and perhaps elsewhere.

    Why: that search opens with a character class, which `re` tests at every character of a text
    (callgrind: a third of the scan, ~0.12 M instructions a readout); this one opens with a literal
    space, which `re` scans for with a tight loop. Exact as a filter: a head's boundary character
    reads as a space in the shape, its letters and "." as themselves, its blanks and "-" as spaces
    (which the head as shaped has there), and what ends it (no `\\w`) as no `\\w`; `_next_head_in_shape`
    checks each place with the text's own pattern, so a place that only the shape allows is skipped."""
    heads = [head.replace("’", "'") for head in roles.TITLE_HEADS + roles.PLURAL_HEADS]
    shaped = [head.encode("ascii").translate(_BOUNDARY_SHAPE).decode("ascii")
              for head in heads if head.isascii()]  # any other cannot occur in ASCII text
    initials = "".join(sorted({head[0] for head in shaped if head[:1].isalpha()}))
    return re.compile((" (?=[" + initials + "])(?:" + trie_pattern(shaped) + ")(?![A-Za-z0-9_])").encode("ascii"))


def _next_head_in_shape(text: str, shape: bytes, position: int) -> tuple[int, int, str] | None:
    """What `_english_heads_after_boundary(True).search(text, position)` finds (its group 1), read
    from the places `_heads_in_shape` finds in `shape` (see there)."""
    heads = _english_heads()
    found = _heads_in_shape().search(shape, position)
    while found is not None:
        head = heads.match(text, found.start() + 1)
        if head:
            return head.start(), head.end(), head.group(0)
        found = _heads_in_shape().search(shape, found.start() + 1)
    return None


@cache
def _russian_heads() -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + roles.RUSSIAN_TITLE_HEADS + r")(?!\w)")


@cache
def _japanese_titles() -> re.Pattern[str]:
    return re.compile(r"(?P<name>[一-龯々]{1,4}|[ァ-ヴー・]{2,12})(?P<title>" + roles.JAPANESE_TITLES + ")")


_APPOSITIVE = re.compile(
    r",[ \t\xa0]+(?P<role>(?:(?:a|an|the)[ \t\xa0]+|[A-Z][\w.]*['’]s?[ \t\xa0]+)"
    r"[^,.;:()\"“”\n]{2,120}?)(?=,|\.(?:\s|$)|;|\n|$)"
)
_SPEECH_AFTER_NAME = re.compile(
    r"[ \t\xa0]+(?:also[ \t\xa0]+)?(?:said|says|told|added|noted|asked|stressed|wrote|warned|"
    r"argued|explained|emphasized|emphasised|insisted|replied|remarked|declared|stated)\b"
)
_AFTER_NAME = re.compile(r",[ \t\xa0]|[ \t\xa0]+(?:also[ \t\xa0]+)?[a-z]{3,}ed\b|[ \t\xa0]+(?:also[ \t\xa0]+)?(?:said|says|told|asked|wrote)\b")
# Runs of two or three capitalised words (`[{_UPPER}][^\W\d_]+(?:[ \t\xa0]+[{_UPPER}][^\W\d_]+){1,2}`,
# the greedy form tests/nlp/test_speed_paths.py compares with), with possessive repeats: each repeat
# is followed by a class it cannot match (letters by blanks, blanks by a capital) or ends the pattern,
# so giving back characters never helps, and `re` no longer tries it after every capital that starts
# a lone word (profiled: ~15% of the scan).
_CAPITALISED_RUN_POSSESSIVE = re.compile(rf"[{_UPPER}][^\W\d_]++(?:[ \t\xa0]++[{_UPPER}][^\W\d_]++){{1,2}}")
# The same runs in ASCII text, where the capitals are A-Z, the letters A-Z and a-z, and the blanks a
# space or a tab. Why: `_UPPER` reaches beyond Latin-1, so `re` scanned for a capital with a two-level
# table test at every character, and `[^\W\d_]` asked Unicode's category of every letter of a run
# (callgrind: the scan of a readout 0.24 -> 0.17 M instructions).
_CAPITALISED_RUN_ASCII = re.compile(r"[A-Z][A-Za-z]++(?:[ \t]++[A-Z][A-Za-z]++){1,2}")


def _capitalised_runs(text: str) -> list[re.Match[str]] | list[re.Match[bytes]]:
    """The runs `_CAPITALISED_RUN_POSSESSIVE.finditer(text)` finds (use their spans: on ASCII text
    they are matches in `text`'s case shape)."""
    if text.isascii():
        return list(_CAPITALISED_RUN_SHAPE.finditer(text.encode("ascii").translate(_CASE_SHAPE)))
    return list(_CAPITALISED_RUN_POSSESSIVE.finditer(text))


# ASCII text in its case shape: capitals as "A", small letters as "a", the rest as it is; and
# `_CAPITALISED_RUN_ASCII` over that shape ("A" for `[A-Z]`, "[Aa]" for `[A-Za-z]`, the blanks as they
# are), which matches the same spans. Why: `_CAPITALISED_RUN_ASCII` opens with a class, which `re`
# tests at every character of a text, while this pattern opens with a literal, scanned for with a
# tight loop; the translation is one C pass (callgrind, 300 benchmark documents: the runs 50.3 -> 30.9
# M instructions, ~65k a document).
_CASE_SHAPE = bytes.maketrans(string.ascii_uppercase.encode("ascii") + string.ascii_lowercase.encode("ascii"),
                              b"A" * 26 + b"a" * 26)
_CAPITALISED_RUN_SHAPE = re.compile(rb"A[Aa]++(?:[ \t]++A[Aa]++){1,2}")


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does [start, end) overlap any of `spans` (sorted, non-overlapping)?"""
    index = bisect_right(spans, (start, _BIG))
    if index and spans[index - 1][1] > start:
        return True
    return index < len(spans) and spans[index][0] < end


_BIG = 1 << 62


def _has_lower(token: str) -> bool:
    """`any(c.islower() for c in token)`; on ASCII, where only a-z are lower case, without a
    generator per name token (profiled: ~0.3 µs of each of ~35 tokens a document)."""
    if token.isascii():
        return token != token.upper()
    return any(c.islower() for c in token)


def _read_name(text: str, pos: int, government_spans: list[tuple[int, int]],
               cyrillic: bool = False) -> tuple[int, int, list[str]] | None:
    """The name starting at `pos` (after optional spaces): up to four name tokens plus a suffix."""
    token_re = _CYRILLIC_TOKEN if cyrillic else _LATIN_TOKEN
    not_names = _RU_NOT_NAMES if cyrillic else _NOT_NAMES
    gap = _GAP.match(text, pos)
    cursor = gap.end() if gap else pos
    start = cursor
    tokens: list[str] = []
    end = cursor
    while len(tokens) < 4:
        match = token_re.match(text, cursor)
        if not match:
            break
        token = match.group(0)
        dotted = token.endswith(".")
        if token in not_names or (dotted and token.rstrip(".") in not_names):
            break
        if token in _MONTH_LIKE and _DIGIT_NEXT.match(text, match.end()):
            break  # "May 5", "Jun 3": a date, not a name
        if not dotted and not _has_lower(token) and not (cyrillic and tokens):
            break  # acronyms ("US", "NATO") are not names
        if _covered(government_spans, match.start(), match.end()):
            break
        tokens.append(token)
        end = match.end()
        gap = _GAP.match(text, end)
        if not gap:
            break
        cursor = gap.end()
    while tokens and tokens[-1].endswith("."):
        tokens.pop()  # a dangling initial belongs to the next sentence
        end = text.rfind(tokens[-1], start, end) + len(tokens[-1]) if tokens else start
    if not tokens:
        return None
    suffix = _SUFFIX.match(text, end)
    if suffix and not cyrillic:
        tokens.append(suffix.group(0).strip())
        end = suffix.end()
    return start, end, tokens


# The word before trailing blanks, matched on the reversed text (where it is a prefix). Profiled: the
# `$`-anchored search `(?<!\w)(\w[\w.\-’']*)[ \t\xa0]+$` tried every start position.
_LEFT_WORD_REVERSED = re.compile(r"[ \t\xa0]+([\w.\-’']*\w)(?!\w)")


def _left_word(before: str) -> tuple[int, str] | None:
    """(offset, word) of the word that `before` ends with, followed by blanks ("Defense " -> (0,
    "Defense")); what the search `(?<!\\w)(\\w[\\w.\\-’']*)[ \\t\\xa0]+$` finds."""
    before = before.removesuffix("\n")  # `$` also matches before a final newline
    match = _LEFT_WORD_REVERSED.match(before[::-1])
    if not match:
        return None
    return len(before) - match.end(1), match.group(1)[::-1]


# Compiled once (profiled: looked up in `re`'s cache per call, ~0.4 µs each, for every title word).
_POSSESSIVE_END = re.compile(r"['’]s?$")
_ROLE_WORD = re.compile(r"[\w-]+")
_LEADING_ARTICLE = re.compile(r"^(?:a|an|the)\s+")


def _title_left(text: str, head_start: int, government_spans: list[tuple[int, int]]) -> int:
    """Extend a title leftwards over qualifiers ("Japanese Defense" before "Minister")."""
    start = head_start
    while True:
        before = text[max(0, start - 60):start]
        left = _left_word(before)
        if not left:
            return start
        offset, word = left
        word_start = start - len(before) + offset
        bare = _POSSESSIVE_END.sub("", word)
        is_government = _covered(government_spans, word_start, word_start + len(bare))
        if word in roles.QUALIFIERS or bare in roles.QUALIFIERS or is_government:
            start = word_start
            continue
        if word == "and":  # "Russian and Chinese foreign ministers"
            previous = _left_word(text[max(0, word_start - 60):word_start])
            if previous:
                previous_start = word_start - len(text[max(0, word_start - 60):word_start]) + previous[0]
                if _covered(government_spans, previous_start, previous_start + 1):
                    start = previous_start
                    continue
        return start


_NAME_AHEAD = re.compile(rf",?[ \t\xa0]+[{_UPPER}]")
_LIST_JOINER = re.compile(r",[ \t\xa0]+(?:and[ \t\xa0]+)?|[ \t\xa0]+and[ \t\xa0]+")
_RU_LIST_JOINER = re.compile(r",\s+|\s+и\s+")
_RU_NEXT_WORD = re.compile(r"\s+([\w\-]+)")
_PLURAL_SINGULARS = frozenset({"minister", "president", "leader", "counterpart"})


def _english_titled(text: str, government_spans: list[tuple[int, int]]) -> list[_Found]:
    """"Japanese Defense Minister Shinjiro Koizumi", "foreign ministers, Sergey Lavrov and Wang Yi"."""
    found: list[_Found] = []
    heads = _english_heads()
    ascii_text = text.isascii()
    shape = _boundary_shape(text) if ascii_text else None
    position = 0
    while True:
        head = _next_head(text, position, ascii_text, shape)
        if not head:
            break
        head_start, head_end, word = head
        position = head_end
        if not _NAME_AHEAD.match(text, head_end):
            continue  # most heads ("official", "president") are not followed by a name
        gap = _GAP.match(text, head_end)
        chained = heads.match(text, gap.end()) if gap else None
        while chained:  # "Minister of National Defense Admiral Dong Jun"
            head_end = chained.end()
            gap = _GAP.match(text, head_end)
            chained = heads.match(text, gap.end()) if gap else None
        position = head_end
        plural = word in roles.PLURAL_HEADS or (word.endswith("s") and word.lower()[:-1] in _PLURAL_SINGULARS)
        cursor = head_end + 1 if plural and text.startswith(",", head_end) else head_end
        name = _read_name(text, cursor, government_spans)
        if not name:
            continue
        title_start = _title_left(text, head_start, government_spans)
        title = " ".join(text[title_start:head_end].split())
        while name:
            start, end, tokens = name
            found.append(_Found(start, end, tokens, title))
            position = end
            if not plural:
                break
            joiner = _LIST_JOINER.match(text, end)
            name = _read_name(text, joiner.end(), government_spans) if joiner else None
    return found


def _english_untitled(text: str, government_spans: list[tuple[int, int]],
                      taken: list[tuple[int, int]]) -> list[_Found]:
    """Full names introduced by an appositive role or directly followed by a speech verb."""
    found = []
    for run in _capitalised_runs(text):
        if not _AFTER_NAME.match(text, run.end()) or _covered(taken, run.start(), run.end()):
            continue
        name = _read_name(text, run.start(), government_spans)
        if not name or len(name[2]) < 2 or name[0] != run.start():
            continue
        start, end, tokens = name
        role = _APPOSITIVE.match(text, end)
        if role and any(w.lower() in roles.ROLE_NOUNS for w in _ROLE_WORD.findall(role.group("role"))[:8]):
            title = _LEADING_ARTICLE.sub("", " ".join(role.group("role").split()))
            found.append(_Found(start, end, tokens, title))
        elif _SPEECH_AFTER_NAME.match(text, end):
            found.append(_Found(start, end, tokens, None))
    return found


def _russian_titled(text: str, government_spans: list[tuple[int, int]]) -> list[_Found]:
    found = []
    for head in _russian_heads().finditer(text):
        cursor = head.end()
        plural = head.group(0).lower().endswith(("ы", "и"))
        while True:  # skip modifiers: "министр обороны России", "глава Минобороны"
            match = _RU_NEXT_WORD.match(text, cursor)
            if not match:
                break
            word = match.group(1)
            if word.lower() in roles.RUSSIAN_MODIFIERS or word.isupper() or \
                    _covered(government_spans, match.start(1), match.end(1)):
                cursor = match.end()
                continue
            break
        title = " ".join(text[head.start():cursor].split())
        name = _read_name(text, cursor, government_spans, cyrillic=True)
        while name:
            start, end, tokens = name
            found.append(_Found(start, end, tokens, title))
            if not plural:
                break
            joiner = _RU_LIST_JOINER.match(text, end)
            name = _read_name(text, joiner.end(), government_spans, cyrillic=True) if joiner else None
    return found


def _japanese_titled(text: str, governments: list[Mention]) -> list[_Found]:
    """"小泉防衛相", "アメリカのヘグセス国防長官" (the country before の joins the title)."""
    words = {m.surface for m in governments}
    ends = {m.end: m.surface for m in governments}
    found = []
    for match in _japanese_titles().finditer(text):
        name = match.group("name")
        if name in words or any(name.endswith(w) for w in words):
            continue
        title = match.group("title")
        start = match.start("name")
        if text[start - 1:start] == "の" and (start - 1) in ends:
            title = ends[start - 1] + "の" + title
        found.append(_Found(start, match.end("name"), [name], title))
    return found


def _cluster(found: list[_Found]) -> list[_Cluster]:
    """Group occurrences of one person: full names first, then single surnames against them."""
    clusters: list[_Cluster] = []
    known: dict[str, int] = {}  # written name -> cluster, so repeated names cost one lookup
    ordered = sorted(found, key=lambda f: (-len(f.tokens), f.start))
    for item in ordered:
        written = " ".join(item.tokens)
        match = known.get(written, -1)
        if match < 0:
            for index, cluster in enumerate(clusters):
                if any(same_person(written, name) for name, _, _ in cluster.names):
                    match = index
                    break
            if match < 0:
                clusters.append(_Cluster())
                match = len(clusters) - 1
            clusters[match].names.append((written, item.tokens, item.start))
            known[written] = match
        if item.title and item.title not in clusters[match].titles:
            clusters[match].titles.append(item.title)
        item.cluster = match
    return clusters


def _surname_index(clusters: list[_Cluster]) -> tuple[dict[str, int], tuple[str, ...]]:
    """Surname key -> cluster (keys two different people share are dropped), and the surnames as
    written, to search for."""
    index: dict[str, int] = {}
    shared: set[str] = set()
    written_surnames: set[str] = set()
    for number, cluster in enumerate(clusters):
        for written, _, _ in cluster.names:
            key = person_key(written)
            if not key:
                continue
            if key in index and index[key] != number:
                shared.add(key)
            index.setdefault(key, number)
            written_surnames.add(_name_parts(written)[1])
    return {k: v for k, v in index.items() if k not in shared}, tuple(sorted(written_surnames))


_CYRILLIC_ENDING = "[а-яё]{0,3}"  # up to three case-ending letters after a Cyrillic stem


@lru_cache(maxsize=1024)
def _surname_forms(surnames: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """Bare surnames as written, each with "is a Cyrillic stem" (so case forms match: "Остин" ->
    "Остином"), in the order they are tried at one position: the longest first, as the regex
    alternation `form|form[а-яё]{0,3}|...` sorted by the length of its alternatives was."""
    forms: list[tuple[str, bool]] = []
    for surname in surnames:
        if len(surname) < 2 or surname.endswith("."):
            continue
        if has_cyrillic(surname):
            stem = surname[:-1] if len(surname) > 4 and surname[-1] in "аяуюеоийы" else surname
            forms.append((stem, True))
        else:
            forms.append((surname, False))
    forms.sort(key=lambda f: len(re.escape(f[0])) + (len(_CYRILLIC_ENDING) if f[1] else 0), reverse=True)
    return tuple(forms)


def _is_cyrillic_lower(char: str) -> bool:
    return "а" <= char <= "я" or char == "ё"


def _occurrences(text: str, word: str) -> list[int]:
    """Every start of `word` in `text`, overlapping ones included."""
    found = []
    at = text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def _surname_spans(text: str, forms: tuple[tuple[str, bool], ...]) -> list[tuple[int, int]]:
    """Where the surname forms stand as whole words, left to right without overlaps; exactly what
    `(?<![\\w\\-])(?:form|stem[а-яё]{0,3}|...)(?![\\w])` finds. Why not that regex: it differs in
    nearly every document, compiling it took ~0.5 ms, and its leading look-behind made `re` try every
    position (profiled: ~12% of analysis); it can only match where a form occurs (`str.find`)."""
    spans: list[tuple[int, int]] = []
    last_end = 0
    length = len(text)
    for start in sorted({at for form, _ in forms for at in _occurrences(text, form)}):
        if start < last_end:
            continue
        if start:
            before = text[start - 1]
            if before.isalnum() or before == "_" or before == "-":  # `spans.is_word_char` inlined: ~15 a text
                continue
        for form, cyrillic in forms:
            if not text.startswith(form, start):
                continue
            end = start + len(form)
            if cyrillic:  # greedy: any shorter ending leaves a letter next, which fails `(?![\\w])`
                limit = min(end + 3, length)
                while end < limit and _is_cyrillic_lower(text[end]):
                    end += 1
            if end < length and (text[end].isalnum() or text[end] == "_"):
                continue
            spans.append((start, end))
            last_end = end
            break
    return spans


_PREVIOUS_NAME_WORD = re.compile(rf"(?<![\w.])([{_UPPER}А-ЯЁ][^\W\d_]+)[ \t\xa0]+$")
# The letters before trailing blanks, matched on the reversed text (where they are a prefix), and
# the capital a name word starts with.
_LETTERS_REVERSED = re.compile(r"[ \t\xa0]+([^\W\d_]+)")
_NAME_INITIAL = re.compile(rf"[{_UPPER}А-ЯЁ]")


_ASCII_LETTERS = string.ascii_letters


def _ascii_letters_before_blanks(before: str) -> tuple[int, int]:
    """(end, length) of the letters that ASCII `before` ends with before its trailing blanks, (0, 0)
    without blanks: what `_LETTERS_REVERSED` matches on the reversed text, where the blanks are " "
    and "\t" and the letters A-Z and a-z. Why: two `rstrip`s instead of reversing the window and
    matching it (~7 calls a readout)."""
    letters_end = len(before.rstrip(" \t"))
    if letters_end == len(before):
        return 0, 0
    return letters_end, letters_end - len(before[:letters_end].rstrip(_ASCII_LETTERS))


def _previous_name_word(text: str, start: int) -> tuple[int, str] | None:
    """(offset, word) of the capitalised word just before `start` and the blanks before it ("Hunter"
    in "Hunter Biden"): what `_PREVIOUS_NAME_WORD.search(text, max(0, start - 40), start)` finds.

    Why not that search: its leading look-behind made `re` try every position of the window
    (profiled: ~30 µs a call, ~5% of analysis). The only candidate is the whole run of letters
    before the blanks: starting later, a letter precedes it, which the look-behind refuses."""
    window_start = max(0, start - 40)
    before = text[window_start:start].removesuffix("\n")  # `$` also matches before a final newline
    if before.isascii():
        letters_end, length = _ascii_letters_before_blanks(before)
    else:
        match = _LETTERS_REVERSED.match(before[::-1])
        letters_end, length = (len(before) - match.start(1), match.end(1) - match.start(1)) if match else (0, 0)
    if length < 2:
        return None
    word_start = window_start + letters_end - length
    word = text[word_start:word_start + length]
    if not _NAME_INITIAL.match(word):
        return None
    if word_start and (text[word_start - 1].isalnum() or text[word_start - 1] in "_."):
        return None  # the look-behind sees before the window too
    return word_start, word


def _bare_surnames(text: str, clusters: list[_Cluster], taken: list[tuple[int, int]],
                   government_spans: list[tuple[int, int]]) -> list[_Found]:
    """Later (and earlier) surname-only mentions of people the text introduced with a full name."""
    index, surnames = _surname_index(clusters)
    found = []
    for start, end in _surname_spans(text, _surname_forms(surnames)):
        token = text[start:end]
        if _covered(taken, start, end) or _covered(government_spans, start, end):
            continue
        previous = _previous_name_word(text, start)
        if previous and previous[1] not in _NOT_NAMES and previous[1] not in _RU_NOT_NAMES \
                and previous[1] not in roles.QUALIFIERS \
                and not _covered(government_spans, previous[0], previous[0] + len(previous[1])):
            continue  # "Hunter Biden" is not "Joe Biden"'s surname mention
        key = _fold(token)
        cluster = index.get(key)
        if cluster is None and len(key) >= 5:
            cluster = next((c for k, c in index.items() if len(k) >= 5 and fuzz.ratio(k, key) >= 85), None)
        if cluster is None:
            continue
        found.append(_Found(start, end, [token], None, cluster))
    return found


def find_people(text: str) -> list[Mention]:
    """Person mentions (kind "person"), sorted by offset; the span is the name without its title."""
    if not isinstance(text, str) or not text:
        return []
    governments = find_governments(text)
    government_spans = [(m.start, m.end) for m in governments]
    found = _english_titled(text, government_spans)
    if has_cyrillic(text):
        found.extend(_russian_titled(text, government_spans))
    if has_cjk(text):
        found.extend(_japanese_titled(text, governments))
    found = _without_overlaps(found)
    taken = sorted((f.start, f.end) for f in found)
    found.extend(_english_untitled(text, government_spans, taken))  # runs never overlap each other
    taken = sorted((f.start, f.end) for f in found)
    clusters = _cluster(found)
    found.extend(_bare_surnames(text, clusters, taken, government_spans))
    canonical = [(cluster.canonical, cluster.title) for cluster in clusters]
    mentions = []
    for item in sorted(found, key=by_start):
        value, title = canonical[item.cluster]
        mentions.append(new_mention("person", value, text[item.start:item.end],
                                    item.start, item.end, item.title or title))
    return mentions


def _without_overlaps(found: list[_Found]) -> list[_Found]:
    kept: list[_Found] = []
    for item in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept
