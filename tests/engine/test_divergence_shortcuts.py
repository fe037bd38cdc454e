"""Shortcuts of the divergence engine give exactly what their plain definitions give.

Each test states the plain definition next to the shortcut and compares the two on generated
input: a shortcut may only make an event's divergence cheaper, never different.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot import lexicon
from bot.divergence_align import AlignItem, _ranked_candidates, idf_weights, total_weight, weighted_dice
from bot.divergence_items import _split_clauses, strip_frame
from bot.divergence_text import proper_names, quantities, words
from bot.nlp.sentences import split_clauses

_TOKENS = [f"t{i}" for i in range(14)]

_events = st.lists(
    st.tuples(st.sampled_from("ABC"), st.lists(st.sampled_from(_TOKENS), max_size=7)),
    max_size=24,
)


def _plain_ranked(sets: list[frozenset[str]], sides: list[str], by_side: dict[str, list[int]],
                  weights: dict[str, float]) -> list[dict[str, list[tuple[float, int]]]]:
    """Every cross-side pair with a non-zero Dice, scored from each end with `weighted_dice`."""
    out = []
    for i, a in enumerate(sets):
        found: dict[str, list[tuple[float, int]]] = {}
        for side, members in by_side.items():
            if side == sides[i]:
                continue
            scored = [(-weighted_dice(a, sets[j], weights), j) for j in members]
            found[side] = sorted(pair for pair in scored if pair[0] != 0.0)
        out.append(found)
    return out


@settings(max_examples=400, deadline=None)
@given(_events)
def test_ranked_candidates_equal_the_pairs_scored_one_by_one(rows: list[tuple[str, list[str]]]) -> None:
    items = [AlignItem(tuple(tokens)) for _, tokens in rows]
    sides = [side for side, _ in rows]
    by_side: dict[str, list[int]] = {}
    for i, side in enumerate(sides):
        by_side.setdefault(side, []).append(i)
    weights = idf_weights(items)
    sets = [item.token_set for item in items]
    totals = [total_weight(s, weights) if s else 0.0 for s in sets]
    fast = _ranked_candidates(sets, sides, by_side, totals, weights)
    got = [{side: sorted(pairs) for side, pairs in found.items()} for found in fast]
    assert got == _plain_ranked(sets, sides, by_side, weights)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=7), st.lists(st.sampled_from(_TOKENS), max_size=7))
def test_align_item_holds_what_the_frozen_dataclass_built(tokens: list[str], others: list[str]) -> None:
    import pickle

    item = AlignItem(tuple(tokens))
    assert (item.tokens, item.token_set, item.joined) == (tuple(tokens), frozenset(tokens), " ".join(tokens))
    assert (item == AlignItem(tuple(others))) == (tokens == others)
    assert pickle.loads(pickle.dumps(item)) == item
    assert repr(item) == f"AlignItem(tokens={tuple(tokens)!r})"


def _pieced(pieces: list[str], max_size: int = 18) -> st.SearchStrategy[str]:
    """Text glued from `pieces` (the words and separators that decide a shortcut) and a little noise."""
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=2)), max_size=max_size).map("".join)


def _plain_split_clauses(text: str) -> list[str]:
    """`_split_clauses` as first written: every piece goes through `split_clauses`."""
    import bot.divergence_items as items

    parts = items._PARALLEL_THAT.split(text)
    head = items._FIRST_THAT.match(parts[0]) if len(parts) > 1 else None
    pieces = [parts[0], *(f"{head.group(1)} … {p}" for p in parts[1:])] if head is not None else [text]
    out: list[str] = []
    for piece in pieces:
        spans = split_clauses(piece)
        out.extend(piece[a:b].strip(" ,") for a, b in spans) if len(spans) > 1 else out.append(piece)
    return [c for c in out if c.strip()]


_CLAUSE_PIECES = [" ", ", ", ",", ";", "; ", " and ", " that ", "That", " but ", " while ", "agreed", "said", "is",
                  "discussed", "the", "They", "stressed", "trade", "\t", "A", "b", "."]


@settings(max_examples=800, deadline=None)
@given(_pieced(_CLAUSE_PIECES))
def test_split_clauses_without_a_joint_character_is_the_plain_split(text: str) -> None:
    assert _split_clauses(text) == _plain_split_clauses(text)


_THAT_PIECES = [" ", "  ", "\t", "\x1c", ",", ", ", "and", "AND", "And", "an", "d", "that", "THAT", "That", "tha", "t",
                "sand", "thats", "x", "é", "K", "\u212a"]


@settings(max_examples=2000, deadline=None)
@given(_pieced(_THAT_PIECES, max_size=14))
@example("agreed that A,\tand\x1cthat\tB")
@example("agreed that A AND  THAT B")
@example("agreed that A, and that\tB")
def test_parallel_that_precheck_passes_wherever_the_split_pattern_matches(text: str) -> None:
    from bot.divergence_items import _PARALLEL_THAT, _may_split_that

    if _PARALLEL_THAT.search(text) is not None:
        assert _may_split_that(text, None)
        assert _may_split_that(text, lexicon.word_tests(text.lower())) or not text.isascii()


def _plain_may_have_cues(text: str) -> bool:
    """Some anchor of some cue occurs in the lower-cased text (a cue without anchors always may)."""
    low = lexicon.lowered(text)
    return any(not cue.anchors or any(a in low for a in cue.anchors) for cue in lexicon._ALL_CUES)


def _plain_find(cues: tuple[lexicon.Cue, ...], text: str) -> list[tuple[lexicon.Cue, str]]:
    """Each cue's own pattern, in order, on the lower-cased text (folded cues) or the text."""
    low = lexicon.lowered(text)
    found = []
    for cue in cues:
        match = cue.pattern.search(low if cue.folded else text)
        if match:
            found.append((cue, text[match.start(): match.end()]))
    return found


# The anchors, their keys cut short or run into other letters, and what separates words.
_ANCHORS = sorted({a for cue in lexicon._ALL_CUES for a in cue.anchors if a.isascii()})
_CUE_PIECES = _ANCHORS + [a[:-1] for a in _ANCHORS] + [a.upper() for a in _ANCHORS[::5]] + [
    " ", " ", "-", "un", "s", "ed", "ing", "ly", "at the ", " of", "the ", "he ", "US ", "'s ", "\x1c", "ſ", "é", "1"]


@settings(max_examples=1500, deadline=None)
@given(_pieced(_CUE_PIECES, max_size=12))
def test_cue_finders_give_what_each_cue_pattern_finds(text: str) -> None:
    assert lexicon.may_have_cues(text) == _plain_may_have_cues(text)
    for finder, cues in ((lexicon.strong_wording, lexicon.STRONG_WORDING), (lexicon.initiative, lexicon.INITIATIVE_CUES),
                         (lexicon.tone, lexicon.TONE_CUES), (lexicon.relationship, lexicon.RELATIONSHIP_CUES)):
        assert list(finder.__wrapped__(text)) == _plain_find(cues, text), finder.__name__


def _plain_strong_wording_count(text: str) -> int:
    """Every strong-wording cue's `findall`, on the lower-cased text (folded cues) or the text."""
    low = lexicon.lowered(text)
    return sum(len(cue.pattern.findall(low if cue.folded else text)) for cue in lexicon.STRONG_WORDING)


@settings(max_examples=1500, deadline=None)
@given(_pieced(_CUE_PIECES + ["serious concern", "deeply concerned", "firmly opposes", "red line", "warned that",
                              "play with fire", "warns of ", "серьёзная обеспокоенность", "断固反対"], max_size=12))
@example("Serious concern, grave concerns and deep concern over the red lines; it warned that provocations")
@example("a provocation and a provocative red line, warned of ")
def test_strong_wording_count_scans_only_the_candidate_cues(text: str) -> None:
    assert lexicon.strong_wording_count(text) == _plain_strong_wording_count(text)


def _plain_words(text: str) -> list[str]:
    """`words` as first written: normalised, case-folded, "U.S." folded, then the token pattern."""
    from bot.divergence_text import _TOKEN, _TOKEN_ASCII, normalise

    text = normalise(text).casefold().replace("u.s.", "us ").replace("u.s", "us")
    return (_TOKEN_ASCII if text.isascii() else _TOKEN).findall(text)


_WORD_PIECES = ["a", "Bc", "it", "'", "'s", "3", "12", ".", ",", " ", "  ", "\t", "\x1c", "\x00", "_", "-", "x2", "U.S.",
                "u.s", "U.S", "é", "’", "\u00a0", "talks", "China"]


@settings(max_examples=1500, deadline=None)
@given(_pieced(_WORD_PIECES))
def test_words_of_letters_only_text_are_its_letter_runs(text: str) -> None:
    assert words(text) == _plain_words(text)


def _plain_proper_names(text: str) -> frozenset[str]:
    """`proper_names` as first written: each match's words stemmed in a loop."""
    from bot.divergence_text import _NAME, STOP_WORDS, normalise, stem

    names: set[str] = set()
    for match in _NAME.finditer(normalise(text)):
        for part in match.group(1).replace("-", " ").split(" "):
            token = part.casefold()
            if len(token) > 2 and token not in STOP_WORDS:
                names.add(stem(token))
    return frozenset(names)


_NAME_PIECES = [" ", ". ", "-", "Xi", "Jinping", "The", "China", "US", "NATO", "South", "Korea", "said", "and", "Al-Sisi",
                '" ', "a", "Ab", "ABCDE", "é", "1"]


@settings(max_examples=1000, deadline=None)
@given(_pieced(_NAME_PIECES))
def test_proper_names_from_remembered_name_stems_are_the_plain_ones(text: str) -> None:
    assert proper_names.__wrapped__(text) == _plain_proper_names(text)


def _plain_quantities(text: str) -> frozenset[tuple[float, str]]:
    """`quantities` without its unit-word pre-check: every match of the pattern on the normalised text."""
    from bot.divergence_text import _NUMBER_WORDS, _QUANTITY, _unit, normalise

    found = set()
    for match in _QUANTITY.finditer(normalise(text)):
        raw, unit = match.group(1).lower(), match.group(2).lower()
        value = float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else float(raw.replace(",", "."))
        found.add((value, _unit(unit)))
    return frozenset(found)


_QUANTITY_PIECES = ["30", "1,5", "2.5", "five", "Thirty", " ", "  ", "\t", "\x1c", "-", "day", "Days", "week", "years", "per",
                    "cent", "CENT", "percent", "%", "troops", "Drones", "missile", "prisoners", "million", "hours", "дней",
                    "a", ".", "é"]


@settings(max_examples=1500, deadline=None)
@given(_pieced(_QUANTITY_PIECES))
@example("a 5 per  cent rise")  # "per cent" only once its spaces are collapsed
@example("Five\tper\x1ccent")
def test_quantities_unit_precheck_before_normalising_finds_every_quantity(text: str) -> None:
    assert quantities.__wrapped__(text) == _plain_quantities(text)


def _plain_strip_frame(text: str) -> str:
    """`strip_frame` without the word checks: every lead frame tried, every trailing boundary tried."""
    import bot.divergence_items as items
    from bot.divergence_text import normalise

    def strip_trailing(text: str) -> str:
        floor = max(0, len(text) - items._FRAME_WINDOW)
        for boundary in items._FRAME_BOUNDARY.finditer(text, floor):
            if any(pattern.fullmatch(text[boundary.start():]) for pattern in items._TRAIL_FRAMES):
                return text[: boundary.start()].rstrip(" \"'")
        return text

    text = normalise(text)
    if text.endswith(")"):
        text = items._TRAILING_CREDIT.sub("", text)
    original = text
    for _ in range(2):
        stripped = strip_trailing(text)
        if stripped == text or len(stripped.split()) < 4:
            break
        text = stripped
    for pattern, ascii_pattern in zip(items._LEAD_FRAMES, items._LEAD_FRAMES_ASCII):
        head = text[: items._FRAME_WINDOW]
        match = (ascii_pattern if head.isascii() else pattern).match(head)
        if match is None:
            continue
        stripped = head[match.end():] + text[items._FRAME_WINDOW:]
        if stripped != text and len(stripped.split()) >= 4:
            text = stripped
    text = text.strip(" \"'-,")
    if text.count('"') % 2:
        text = text.replace('"', "")
    return text or original


_FRAME_PIECES = [" ", " ", ", ", ",", '"', "'", "-", ".", "the ministry", "It", "He", "officials", "said", "Said", "says",
                 "saying", "noted", "told", "reporters", "read the statement", "according to", "ACCORDING", "Xinhua",
                 "that", "THAT", "thats", "claimed", "quoted", "was quoted as saying", "In a statement", "on Monday",
                 "in", "talks", "trade", "unsaid", "2said", "_told", "\t", "сказано в сообщении", "é", "In its readout",
                 "in their PRESS RELEASE", "In a release,", "According to Xinhua,"]


@settings(max_examples=2000, deadline=None)
@given(_pieced(_FRAME_PIECES, max_size=16))
@example('The two sides discussed trade, the ministry said.')
@example('The talks on trade went well, officials told reporters on Monday.')
@example('He said that the talks, which were candid, went well, officials told reporters on Monday.')
@example('In a statement, the ministry claimed that "the drills are legal," it added.')
@example('The minister told Reuters, "the talks on trade went well and will go on."')  # frame 4: "told" alone
@example('Wang was quoted as saying "the talks on trade went well and will go on."')
def test_frame_word_checks_strip_what_the_plain_patterns_strip(text: str) -> None:
    assert strip_frame(text) == _plain_strip_frame(text)


_SALIENCE_WORDS = sorted({w for p in lexicon._SALIENCE_ASCII for w in __import__("re").findall(r"[a-z]+", p.pattern)})
_SALIENCE_PIECES = _SALIENCE_WORDS + [w[1:] for w in _SALIENCE_WORDS[::3]] + [" ", " ", "-", "s", "_", "1", "ed", "\n", ",",
                                                                                 "é", "X"]


@settings(max_examples=1500, deadline=None)
@given(_pieced(_SALIENCE_PIECES, max_size=10))
@example("insisted on a cease-fire")
@example("aid")
def test_salience_scan_and_searches_give_the_plain_answers(text: str) -> None:
    low = lexicon.lowered(text)
    plain = tuple(lexicon.for_text(p, low).search(low) is not None for p in lexicon._SALIENCE)
    assert lexicon.salience_features.__wrapped__(text) == plain


def _plain_focus(text: str, limit: int = 80) -> str:
    """`_focus` as first written: every pattern searched in turn until one matches."""
    from bot.divergence import _FOCUS, _snippet

    text = text.strip().rstrip(".")
    if len(text) <= limit:
        return text
    low = lexicon.lowered(text)
    for pattern in _FOCUS:
        match = lexicon.for_text(pattern, low).search(low)
        if match and match.end() > limit - 10:
            start = text.rfind(" ", 0, max(0, match.start() - 25)) + 1
            return "…" + _snippet(text[start:], limit)
        if match:
            break
    return _snippet(text, limit)


def test_focus_features_are_the_salience_vocabularies() -> None:
    from bot.divergence import _DATE, _FOCUS, _FOCUS_FEATURE

    for pattern, feature in zip(_FOCUS, _FOCUS_FEATURE, strict=True):
        assert (pattern is _DATE) if feature is None else lexicon._SALIENCE[feature] is pattern


_FOCUS_PIECES = _SALIENCE_WORDS[::2] + ["the two sides discussed trade and the economy at length", " ", " ", ", ", ".", "5",
                                         "May 5", "12 March", "on Jan. 3rd", "-", "Наводнение", "санкции", "é"]


@settings(max_examples=1000, deadline=None)
@given(_pieced(_FOCUS_PIECES, max_size=14))
@example("The leaders spoke at length about the economy and about the weather and then the attack on May 5 came up.")
@example("The two sides spoke at length about the economy and the weather and many other matters, then an ultimatum.")
@example("The two sides spoke at length about the economy and the weather and many other matters, and then signed.")
def test_focus_searches_only_what_can_occur_and_labels_as_the_plain_loop(text: str) -> None:
    from bot.divergence import _focus

    assert _focus(text) == _plain_focus(text)


_CALL_PIECES = ["spoke", "Speak", "talked", "call", "called", "calls", "phone", "telephone", "conversation", "video",
                "video call", "VIDEO  link", "held", "held talks", "held\ttalks", "lasted", "minutes", "talks", "link",
                " ", " ", "-", ".", "re", "s", "разговор", "電話会談", "é"]


@settings(max_examples=1500, deadline=None)
@given(_pieced(_CALL_PIECES, max_size=10))
@example("They held  talks")
def test_call_wording_precheck_finds_what_the_pattern_finds(text: str) -> None:
    from bot.divergence import _META, _mentions_call

    assert _mentions_call(text) == lexicon.occurs(_META, lexicon.lowered(text))


_SPACE_PIECES = ["a", "Bc", " ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x00", "\x7f", "\u00a0", "é", ".",
                 "“", "—"]


@settings(max_examples=2000, deadline=None)
@given(_pieced(_SPACE_PIECES))
@example(" a")
@example("a ")
@example("a\x1cb")
def test_normalise_returns_already_normal_ascii_text_as_the_join_would(text: str) -> None:
    import unicodedata

    from bot.divergence_text import _PUNCT_MAP, normalise

    plain = " ".join(text.split()) if text.isascii() else " ".join(
        unicodedata.normalize("NFKC", text).translate(_PUNCT_MAP).split())
    assert normalise(text) == plain


_LOWER_PIECES = ["A", "b", " ", "İ", "ß", "Σ", "ς", "ǅ", "ﬁ", "К", "\u212a", "Talks", "U.S."]


@settings(max_examples=1000, deadline=None)
@given(st.lists(_pieced(_LOWER_PIECES, max_size=6), max_size=8))
def test_remembered_lower_is_str_lower(texts: list[str]) -> None:
    for text in texts + texts:  # each text twice: remembered, then looked up
        plain = text.lower()
        assert lexicon.lower(text) == plain
        assert lexicon.lowered(text) == (plain if len(plain) == len(text) else text)


def test_remembered_lower_refills_after_being_emptied(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(lexicon, "_LOWER_SIZE", 3)
    lexicon._LOWER.clear()
    texts = [f"Talks {i} ON Straße" for i in range(5)] + [f"İ {i}" for i in range(5)]
    try:
        for _ in range(2):
            for text in texts:
                assert lexicon.lowered(text) == (text.lower() if len(text.lower()) == len(text) else text)
                assert lexicon.lower(text) == text.lower()
                assert len(lexicon._LOWER) <= 3
    finally:
        lexicon._LOWER.clear()


def _plain_content_tokens(text: str) -> tuple[str, ...]:
    """`content_tokens` as first written: the plain `words`, stop words and one-letter words tested
    in the loop, each kept word stemmed by `stem`."""
    from bot.divergence_text import STOP_WORDS, cjk_bigrams, stem

    out, text = cjk_bigrams(text)
    for token in _plain_words(text):
        if token in STOP_WORDS or (len(token) < 2 and not token.isdigit()):
            continue
        stemmed = stem(token)
        if stemmed and stemmed not in STOP_WORDS:
            out.append(stemmed)
    return tuple(out)


_CONTENT_PIECES = _WORD_PIECES + ["the", "I", "x", "said", "Talks", "it's", "americans", "США", "и", "переговоры", "会談",
                                  "の", "3.5", "1,000", "\x7f", "~", "ZZ", "Z"]


@settings(max_examples=1500, deadline=None)
@given(_pieced(_CONTENT_PIECES))
@example("U.S. and China's 2 talks")
@example("a\x00b")
def test_content_tokens_from_the_remembered_stems_are_the_plain_loop(text: str) -> None:
    from bot.divergence_text import content_tokens

    assert content_tokens.__wrapped__(text) == _plain_content_tokens(text)


def test_content_stems_refill_after_being_emptied(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import bot.divergence_text as dt

    monkeypatch.setattr(dt, "_CONTENT_STEMS_SIZE", 3)
    monkeypatch.setattr(dt, "_CONTENT_STEMS", dt._ContentStems())
    text = "The talks on trade and the drills of the navies, the ministers said, were candid"
    for _ in range(3):
        assert dt.content_tokens.__wrapped__(text) == _plain_content_tokens(text)
    assert len(dt._CONTENT_STEMS) <= 3


def _plain_trailing_frame(text: str) -> str:
    """`_strip_trailing_frame` as first written: each frame's own pattern (IGNORECASE, Unicode)
    fullmatched on the rest of the text from every boundary of the window."""
    import bot.divergence_items as items

    for boundary in items._FRAME_BOUNDARY.finditer(text, max(0, len(text) - items._FRAME_WINDOW)):
        if any(pattern.fullmatch(text[boundary.start():]) for pattern in items._TRAIL_FRAMES):
            return text[: boundary.start()].rstrip(" \"'")
    return text


# The frames' words in every case, the characters their classes and boundaries test, and the
# non-ASCII characters that IGNORECASE folds onto ASCII letters ("ſ" ~ "s", "K" (Kelvin) ~ "k").
_TRAIL_PIECES = _FRAME_PIECES + ["SAID", "Told", "TOLD", "Reporters", "READ THE STATEMENT", "Read the Statement", "During",
                                 " ON ", " At", "WROTE", "Added", "According To", "ſaid", "\u212a", "O'Neil", "St.", "x-y",
                                 "a" * 30, "\x1c", "\x1f", "\r"]


@settings(max_examples=2500, deadline=None)
@given(_pieced(_TRAIL_PIECES, max_size=16))
@example("Trade was discussed, THE MINISTRY SAID ON MONDAY.")
@example("Trade was discussed, officials Told Reporters.")
@example("Trade was discussed\x1c, it said")
@example("Trade was discussed - According to Xinhua.")
def test_trailing_frames_folded_strip_what_the_plain_patterns_strip(text: str) -> None:
    from bot.divergence_items import _strip_trailing_frame

    assert _strip_trailing_frame(text) == _plain_trailing_frame(text)


_SUBJECT_PIECES = [" ", " ", "  ", "\t", ",", '"', "'", "-", ".", "the", "a", "an", "he", "they", "them", "then", "u.s.",
                   "officials", "ministry's", "x-1", "_", "said", "says", "told", "reporters", "read the statement",
                   "on", "monday", "during", "according to", "1"]


@settings(max_examples=2500, deadline=None)
@given(_pieced(_SUBJECT_PIECES, max_size=16))
@example(", the u.s. ministry's x-1 officials said on monday.")
@example(", the the the the the the the the the said")  # nine words before the verb: the most there may be
@example(", a the the the the the the the the the said")
@example(", they said")
def test_possessive_subject_frame_fullmatches_where_the_folded_frame_does(low: str) -> None:
    from bot.divergence_items import _TRAIL_FRAME_FAST, _TRAIL_FRAMES_FOLDED

    for start in range(len(low) + 1):
        fast = _TRAIL_FRAME_FAST.fullmatch(low, start) is not None
        assert fast == (_TRAIL_FRAMES_FOLDED[0].fullmatch(low, start) is not None), (low, start)


_TEST_PIECES = [" ", "  ", "\t", "\x1c", ",", "-", "'", '"', "That", "THAT", "tha", "t", "said", "SAID", "Told", "quoted",
                "according", "read", "unsaid", "thats", "claimed", "wrote", "é", "ſaid", "x", "%", "5%", "Today", "days",
                "per cent", "PERCENT", "recent", "Phone", "calls", "held", "minutes", "Conversation", "spoke"]


@settings(max_examples=1500, deadline=None)
@given(_pieced(_TEST_PIECES, max_size=14))
@example("tha\tt")
@example("sai d")
def test_word_tests_pass_exactly_when_a_word_occurs_in_the_text(text: str) -> None:
    low = text.lower()
    if not low.isascii():
        return
    passed = lexicon.word_tests(low)
    for test in range(len(lexicon._ALL_CUES), len(lexicon._KEYS)):
        assert (test in passed) == any(word in low for word in lexicon._KEYS[test]), (test, text)


def _plain_split_items(text: str) -> list[tuple[str, str]]:
    """`split_items` with no word tests: every frame and clause check made on the text itself."""
    import bot.divergence_items as items

    body = items._strip_normal(items.normalise(text), None)
    out = []
    for part in items._split_semicolons(body):
        for clause in items._split_clauses(part, None):
            out.extend(items._expand_list(clause))
    kept = [i for i in out if len(items.content_tokens(i.core)) >= 2] or [items.ItemText(body, body)]
    return [(i.text, i.core) for i in kept]


_SPLIT_PIECES = _FRAME_PIECES + _CLAUSE_PIECES + ['"', '"', "tha", "t", " and that ", "discussed", "trade, ", "drills, ",
                                                  "and security", "THAT"]


@settings(max_examples=2000, deadline=None)
@given(_pieced(_SPLIT_PIECES, max_size=18))
@example('He agreed tha"t trade grows, and tha"t drills "end.')  # no "that" until its quotes are removed
@example("The ministry said that the sides discussed trade, and that they agreed to meet, it added.")
@example("The ministry affirmed that trade grew and that the drills will end soon.")  # no ',': "that" splits
@example(" Talks on trade ")
def test_split_items_with_word_tests_is_the_split_without(text: str) -> None:
    from bot.divergence_items import split_items

    assert [(i.text, i.core) for i in split_items(text)] == _plain_split_items(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_lower_is_casefold_on_ascii_text(text: str) -> None:
    """`_build_items` keys ASCII items by `lower` (which has an ASCII fast path), others by `casefold`."""
    assert text.lower() == text.casefold()



def _plain_disagreement(a: str, b: str) -> str | None:
    """`_disagreement` as first written: the units' set comprehensions for every pair of texts."""
    from bot.divergence import _dates, _fmt

    qa, qb = quantities(a), quantities(b)
    units = {u for _, u in qa} & {u for _, u in qb}
    for unit in sorted(units):
        va = {v for v, u in qa if u == unit}
        vb = {v for v, u in qb if u == unit}
        if va and vb and not (va & vb):
            return f"{_fmt(va)} {unit}s vs {_fmt(vb)} {unit}s"
    da, db = _dates(a), _dates(b)
    if da and db and not (da & db):
        return f"dates differ: {', '.join(sorted(da))} vs {', '.join(sorted(db))}"
    if lexicon.is_negated(a) != lexicon.is_negated(b):
        return "opposite polarity: one account negates what the other affirms"
    return None


_DISAGREEMENT_PIECES = ["30 days", "40 days", "five years", "5%", " ", "not ", "May 5", "6 May", "talks", "troops", "two"]


@settings(max_examples=800, deadline=None)
@given(_pieced(_DISAGREEMENT_PIECES, max_size=6), _pieced(_DISAGREEMENT_PIECES, max_size=6))
@example("a 30 days truce", "a 40 days truce")
@example("a truce", "a 40 days truce")
def test_disagreement_without_quantities_skips_the_units_as_the_plain_one(a: str, b: str) -> None:
    from bot.divergence import _disagreement

    assert _disagreement(a, b) == _plain_disagreement(a, b)
