"""Governments a text mentions, as ISO 3166 alpha-2 codes, with exact character offsets.

Why a gazetteer and not NER: readouts name states in a small, stable vocabulary (names, demonyms,
capitals, "the Kremlin"), and a lookup is offline, fast and predictable. The hard part is what
*not* to count: "South China Sea" is water, "Michael Jordan" a person, "Atlanta, Georgia" a US
state. Those are consumed by the matcher and dropped (see `gazetteer.NOT_GOVERNMENT`).

`Mention.detail` says which kind of word it was: "country", "demonym", "capital" or
"institution" — attribution treats "the Japanese side" differently from "Japan".
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from bot.models import Mention, new_mention
from bot.nlp import gazetteer as gz
from bot.nlp.translit import has_cjk, has_cyrillic
from bot.nlp.trie import phrase_key, trie_pattern

# Words that may precede an ambiguous name at the start of a sentence without making it a person.
_FUNCTION_WORDS = frozenset(
    "In On At From To With And For By The Of Into Over Against Between Both About As Like Near "
    "Across Toward Towards Via Than Unlike Including Neighbouring Neighboring".split()
)


@cache
def _english() -> tuple[re.Pattern[str], dict[str, tuple[str | None, str]]]:
    """The English matcher and its table (built once; pycountry is imported only here)."""
    import pycountry

    table: dict[str, tuple[str | None, str]] = {}

    def add(surface: str, code: str | None, detail: str) -> None:
        table.setdefault(phrase_key(surface), (code, detail))

    for group, detail in ((gz.INSTITUTIONS, "institution"), (gz.ALIASES, "country"),
                          (gz.DEMONYMS, "demonym"), (gz.CAPITALS, "capital")):
        for surface, code in group.items():
            add(surface, code, detail)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name and name not in gz.SKIPPED_PYCOUNTRY_NAMES:
                add(name, country.alpha_2, "country")
    for phrase in gz.NOT_GOVERNMENT:
        table[phrase_key(phrase)] = (None, "not_government")
    # Headlines and datelines in capitals ("CHINA / DIPLOMACY", "WASHINGTON, July 28").
    for key, value in list(table.items()):
        if len(key) >= 4 and key not in gz.AMBIGUOUS_NAMES and value[0]:
            table.setdefault(key.upper(), value)
    # No look-behind at the start: a pattern that begins with the trie's literal branches lets `re`
    # skip impossible positions in C (5x faster); the left boundary is checked in `_find_english`.
    pattern = re.compile(r"(?:" + trie_pattern(table) + r")(?![\w]|-[a-z])")
    return pattern, table


@cache
def _english_upper() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The English matcher without its phrases that start with a lower-case letter ("mainland China",
    "the State of Palestine"), and a word of each of those that any match of it contains.

    Why: those few phrases made `re` try the trie at every "m" and "t" of a text (profiled: ~40% of
    the scan, ~1% of analysis). A text that contains none of the words cannot match them, and then
    the other phrases match exactly as in the whole pattern: at a position only the branch of its
    first character can match."""
    _, table = _english()
    lower_initial = [key for key in table if key[:1].islower()]
    needles = tuple(max(re.split(r"[ ']", key), key=len) for key in lower_initial)
    rest = [key for key in table if not key[:1].islower()]
    return re.compile(r"(?:" + trie_pattern(rest) + r")(?![\w]|-[a-z])"), needles


def _english_matches(text: str) -> list[re.Match[str]]:
    """What `_english()[0].finditer(text)` finds."""
    upper, needles = _english_upper()
    for needle in needles:
        if needle in text:
            return list(_english()[0].finditer(text))
    return list(upper.finditer(text))


@cache
def _prefixes() -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(" + "|".join(gz.PREFIX_FORMS) + r")-(?=[A-Z])")


@cache
def _prefixes_unbounded() -> re.Pattern[str]:
    """`_prefixes` without its look-behind (checked by `_find_prefixes`), so that `re` jumps to the
    capitals the forms start with instead of trying every position (profiled: ~3% of analysis)."""
    return re.compile(r"(" + "|".join(gz.PREFIX_FORMS) + r")-(?=[A-Z])")


def _find_prefixes(text: str) -> list[re.Match[str]]:
    """What `_prefixes().finditer(text)` finds. Dropping a match that follows a word character
    skips no other: a form is one capitalised word and a hyphen, so no match starts inside another.
    Every form ends with "o", so a text without "o-" has none (three texts in four)."""
    if not all(form[0].isupper() and form[1:].islower() and form.endswith("o") for form in gz.PREFIX_FORMS):
        return list(_prefixes().finditer(text))  # the shortcut's reasoning no longer holds
    if "o-" not in text:
        return []
    return [m for m in _prefixes_unbounded().finditer(text)
            if not m.start() or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_")]


@cache
def _russian() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One regex with a capturing group per pattern; `m.lastindex` says which one matched."""
    groups = "|".join(f"({pattern})" for pattern, _ in gz.RUSSIAN_PATTERNS)
    codes = tuple(code for _, code in gz.RUSSIAN_PATTERNS)
    return re.compile(r"(?<!\w)(?:" + groups + r")(?!\w)"), codes


@cache
def _japanese() -> re.Pattern[str]:
    words = trie_pattern(sorted(gz.JAPANESE_WORDS, key=len, reverse=True))
    abbreviations = "".join(gz.JAPANESE_ABBREVIATIONS)
    return re.compile(
        f"(?P<word>{words})"
        f"|(?P<run>[{abbreviations}]{{2,3}})"
        f"|(?<=[訪対駐])(?P<after>[{abbreviations}])"
        r"|(?P<before>[米露韓豪])(?=[軍側]|政府|大統領|国防|国務)"
    )


def _looks_like_person(text: str, start: int, end: int) -> bool:
    """Is this "Jordan"/"Chad"/"Israel"/"Georgia" part of a person's name or a US address?"""
    _, table = _english()
    after = text[end:end + 40]
    following = re.match(r"[ \t]+([A-Z][\w'’.-]*)", after)
    if following and table.get(following.group(1).rstrip(".")) is None:
        return True  # "Jordan Peterson", "Chad Wolf"
    before = text[max(0, start - 40):start]
    previous = re.search(r"([A-Z][\w'’.-]*),?[ \t]+$", before)
    if previous:
        word = previous.group(1)
        if word in _FUNCTION_WORDS or table.get(word, (None,))[0]:
            return False  # "In Jordan", "Russia, Georgia and Ukraine"
        return True  # "Michael Jordan", "Atlanta, Georgia"
    return False


def _find_english(text: str) -> list[Mention]:
    _, table = _english()
    found: list[Mention] = []
    for match in _english_matches(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "_."):
            continue  # inside a word: "BUS", "xJapan"
        surface = match.group(0)
        entry = table.get(surface) or table.get(phrase_key(surface))
        code, detail = entry if entry else (None, "")
        if code is None:
            continue
        if surface in gz.AMBIGUOUS_NAMES and _looks_like_person(text, match.start(), match.end()):
            continue
        found.append(new_mention("government", code, surface, match.start(), match.end(), detail))
    for match in _find_prefixes(text):
        code = gz.PREFIX_FORMS[match.group(1)]
        found.append(new_mention("government", code, match.group(1), match.start(1), match.end(1), "demonym"))
    return found


def _find_russian(text: str) -> list[Mention]:
    pattern, codes = _russian()
    found = []
    for match in pattern.finditer(text):
        code = codes[(match.lastindex or 1) - 1]
        if not code:
            continue
        surface = match.group(0)
        detail = "demonym" if surface[:1].islower() else "country"
        found.append(new_mention("government", code, surface, match.start(), match.end(), detail))
    return found


def _find_japanese(text: str) -> list[Mention]:
    found = []
    for match in _japanese().finditer(text):
        kind = match.lastgroup
        if kind == "word":
            surface = match.group(0)
            found.append(new_mention("government", gz.JAPANESE_WORDS[surface], surface,
                                     match.start(), match.end(), "country"))
            continue
        run = match.group(0)
        if kind == "run" and not any(ch in "米露韓豪英仏独" for ch in run):
            following = text[match.end():match.end() + 2]
            if following not in ("関係", "首脳", "両国", "外相", "対話", "会談", "国交") and \
                    following[:1] != "間":
                continue  # "日中" alone also means "daytime"
        for offset, char in enumerate(run):
            position = match.start() + offset
            found.append(new_mention("government", gz.JAPANESE_ABBREVIATIONS[char], char,
                                     position, position + 1, "country"))
    return found


def find_governments(text: str) -> list[Mention]:
    """Every mention of a government in `text`, sorted by offset; `text[m.start:m.end] == m.surface`."""
    if not isinstance(text, str) or not text:
        return []
    return list(_governments(text))


@lru_cache(maxsize=8)
def _governments(text: str) -> tuple[Mention, ...]:
    """Cached: `people` and `analyse` both need the government spans of the same text."""
    found = _find_english(text)
    if has_cyrillic(text):
        found.extend(_find_russian(text))
    if has_cjk(text):
        found.extend(_find_japanese(text))
    found.sort(key=lambda m: (m.start, -m.end))
    deduped: list[Mention] = []
    last_end = -1
    for mention in found:
        if mention.start >= last_end:
            deduped.append(mention)
            last_end = mention.end
    return tuple(deduped)


@cache
def _folded_table() -> dict[str, str]:
    _, table = _english()
    folded: dict[str, str] = {}
    for key, (code, _) in table.items():
        if code:
            folded.setdefault(key.casefold(), code)
    return folded


@cache
def _iso_codes() -> tuple[frozenset[str], dict[str, str]]:
    import pycountry

    alpha2 = frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"}
    alpha3 = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    return alpha2, alpha3


def normalise_government(name: str) -> str | None:
    """"japan", "JP", "jpn", "Japanese", "Tokyo", "США", "日本" -> "JP"; None when unknown or ambiguous.

    Used for user-typed `government:` arguments, so it is lenient about case and spacing but never
    guesses between two governments.
    """
    if not isinstance(name, str):
        return None
    cleaned = " ".join(name.strip().strip("\"'«»“”").split())
    if not cleaned or len(cleaned) > 200:
        return None
    folded = phrase_key(cleaned).casefold()
    table = _folded_table()
    if folded in table:
        return table[folded]
    alpha2, alpha3 = _iso_codes()
    if len(cleaned) == 2 and cleaned.upper() in alpha2:
        return cleaned.upper()
    if len(cleaned) == 3 and cleaned.upper() in alpha3:
        return alpha3[cleaned.upper()]
    folded_plain = folded.removeprefix("the ")
    if folded_plain in table:
        return table[folded_plain]
    for candidate in (cleaned, cleaned.title()):
        codes = {m.value for m in find_governments(candidate)}
        if len(codes) == 1:
            return codes.pop()
        if codes:
            return None
    return None
