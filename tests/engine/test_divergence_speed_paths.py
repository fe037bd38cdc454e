"""The fast paths of divergence give exactly what the plain definitions give.

`best_per_side` skips pairs that share no token and pairs whose best possible score cannot beat the
running best; it must pick the same counterpart with the same score as maximising
`lexical_similarity` over every pair. Token weights are summed with `math.fsum`, so a divergence
does not depend on the process's hash seed (the importer's pool and the bot must agree).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

from bot import lexicon
from bot.divergence_align import AlignItem, best_per_side, idf_weights, lexical_similarity
from bot.divergence_items import _split_commas
from tests.conftest import CORPUS, REPO, needs_shared
from tests.engine.test_divergence_shortcuts import _plain_content_tokens

VOCAB = [f"w{i}" for i in range(40)]


def _brute_force(items: list[AlignItem], sides: list[str], weights: dict[str, float]) -> list[dict[str, tuple[int, float]]]:
    by_side: dict[str, list[int]] = {}
    for i, side in enumerate(sides):
        by_side.setdefault(side, []).append(i)
    out = []
    for i, item in enumerate(items):
        found = {}
        for side, others in by_side.items():
            if side == sides[i]:
                continue
            best, best_score = -1, 0.0
            for j in others:
                score = lexical_similarity(item, items[j], weights)
                if score > best_score:
                    best, best_score = j, score
            found[side] = (best, best_score)
        out.append(found)
    return out


def test_best_per_side_equals_brute_force_on_random_events() -> None:
    rng = random.Random(7)
    for _ in range(200):
        n = rng.randint(1, 30)
        sides = [rng.choice("ABC") for _ in range(n)]
        items = [AlignItem(tuple(rng.sample(VOCAB, rng.randint(0, 8)))) for _ in range(n)]
        weights = idf_weights(items)
        by_side: dict[str, list[int]] = {}
        for i, side in enumerate(sides):
            by_side.setdefault(side, []).append(i)
        assert best_per_side(items, sides, by_side, weights) == _brute_force(items, sides, weights)


def test_best_per_side_equals_brute_force_with_ties() -> None:
    # items repeated on a side, and the same tokens in another order: equal Dice and fuzzy ratios,
    # where the earliest index must win from either end of a pair
    rng = random.Random(13)
    for _ in range(300):
        pool = [tuple(rng.sample(VOCAB[:12], rng.randint(1, 5))) for _ in range(rng.randint(1, 6))]
        n = rng.randint(2, 25)
        sides = [rng.choice("ABCD"[: rng.randint(2, 4)]) for _ in range(n)]
        items = [AlignItem(tuple(rng.sample(t, len(t))) if rng.random() < 0.3 else rng.choice(pool)) for t in
                 (rng.choice(pool) for _ in range(n))]
        weights = idf_weights(items)
        by_side: dict[str, list[int]] = {}
        for i, side in enumerate(sides):
            by_side.setdefault(side, []).append(i)
        assert best_per_side(items, sides, by_side, weights) == _brute_force(items, sides, weights)


def test_split_commas_fast_path_matches_the_character_loop() -> None:
    # the fast path applies when nothing nests; the loop must agree on such text
    for text in ("a, b,, c ,d", ", x", "one", "", "A, B, and C."):
        pieces = [p.strip() for p in text.split(",")]
        assert _split_commas(text) == [p for p in pieces if p]
    assert _split_commas('He said "a, b", then (c, d), e') == ['He said "a, b"', "then (c, d)", "e"]


def test_lexicon_family_filter_finds_what_each_cue_finds() -> None:
    samples = [
        "The ministers expressed serious concern over the incident.",
        "China firmly opposes the move, which is not conducive to regional peace and stability.",
        "The call was held at the request of the US side; talks were candid and constructive.",
        "Выразили серьёзную обеспокоенность.", "深刻な懸念を表明した。", "Nothing to see here.",
        "deeply\x1cconcerned at the\x1frequest of", "Played WITH fire", "At The Request Of", "ſerious concern",
    ]
    if CORPUS.exists():
        samples += _corpus_texts()
    # the cues run in their re.ASCII forms on ASCII text: random text from their words and separators
    import re

    words = [w for cue in lexicon._ALL_CUES for w in re.findall(r"[a-z]+", cue.pattern.pattern)]
    rng = random.Random(23)
    pieces = [" ", "\x1c", "\x1f", "\t", "-", "'s", "The", "US", "He", "_", "1"]
    samples += [" ".join(rng.choice([rng.choice(words), rng.choice(words).title(), rng.choice(pieces)])
                         for _ in range(rng.randint(0, 7))) for _ in range(3000)]
    for text in samples:
        for finder, cues in ((lexicon.strong_wording, lexicon.STRONG_WORDING), (lexicon.initiative, lexicon.INITIATIVE_CUES),
                             (lexicon.tone, lexicon.TONE_CUES), (lexicon.relationship, lexicon.RELATIONSHIP_CUES)):
            low = lexicon.lowered(text)
            expected = []
            for cue in cues:
                match = cue.pattern.search(low if cue.folded else text)
                if match:
                    expected.append((cue, text[match.start(): match.end()]))
            assert list(finder(text)) == expected


_SCRIPT = """
import json, sys
from bot.divergence import EventStatement, compute_divergence
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
out = []
for event in sorted({r["doc_id"].split("-")[0] for r in rows}):
    docs = [r for r in rows if r["doc_id"].startswith(event + "-")]
    from bot.nlp import analyse_document
    from bot.models import DocumentInput
    statements = []
    for n, r in enumerate(docs):
        doc = DocumentInput(text=r["text"], doc_id=r["doc_id"], government=r.get("government"), kind=r.get("kind", "news"),
                            date=r.get("date"), title=r.get("title"))
        for s in analyse_document(doc).statements:
            statements.append(EventStatement(s.government, s.text, n, r["doc_id"], s.sentence_index, s.voice, s.speaker))
    out.append(repr(compute_divergence(statements)))
print(json.dumps(out))
"""


@needs_shared(CORPUS)
def test_divergence_does_not_depend_on_the_hash_seed() -> None:
    outputs = []
    for seed in ("1", "2"):
        proc = subprocess.run([sys.executable, "-c", _SCRIPT, str(CORPUS)], capture_output=True, text=True, check=True,
                              cwd=str(REPO), env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"})
        outputs.append(json.loads(proc.stdout))
    assert outputs[0] == outputs[1]


def test_quantities_prefilter_agrees_with_the_pattern() -> None:
    from bot.divergence_text import _QUANTITY, normalise, quantities

    for text in ("a 30-day ceasefire", "Thirty Days of talks", "five per cent", "12 %", "20 DRONES and 3 missiles",
                 "no units here, two sides", "перемирие на 30 дней", "the Year of the dragon: 2024 years", ""):
        expected = {m.group(1).lower() for m in _QUANTITY.finditer(normalise(text))}
        assert bool(quantities(text)) == bool(expected), text


def test_anchor_trie_occurs_exactly_when_a_word_does() -> None:
    rng = random.Random(11)
    alphabet = "abcо懸 "
    for _ in range(300):
        words = tuple({"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 8))})
        pattern = lexicon._any_of(words)
        for _ in range(20):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
            assert (pattern.search(text) is not None) == any(w in text for w in words), (words, text)
    assert lexicon._any_of(()).search("anything") is None


@needs_shared(CORPUS)
def test_ascii_forms_of_the_vocabularies_find_the_same_matches() -> None:
    import re

    from bot import divergence

    patterns = (lexicon.INCIDENT, lexicon.AGREEMENT, lexicon.CONDITION, lexicon.GESTURE, lexicon.POLICY,
                lexicon.EMPHASIS, lexicon.NEGATION, divergence._META, divergence._DATE)
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += ["Agreed on a 30-day truce on Mar. 3rd; they didn't insist.", "no drills since 12 of October", ""]
    # the ASCII forms (re.ASCII) spell \s out: Unicode counts \x1c-\x1f as space, re.ASCII does not
    words = [w for p in patterns for w in re.findall(r"[a-z]+", lexicon.for_text(p, "").pattern)]
    rng = random.Random(21)
    pieces = [" ", "\x1c", "\x1d", "\x1e", "\x1f", "\t", "\x0b", "\n", "\x85", "_", "1", "12", "-", "'"]
    texts += ["shot\x1cdown", "video\x1f\x1ccall on mar\x1d 3", "we\x1enever\tinsist", "made\x0bclear"]
    texts += ["".join(rng.choice([rng.choice(words), rng.choice(pieces)]) for _ in range(rng.randint(0, 8))) for _ in range(3000)]
    for text in texts:
        low = lexicon.lowered(text)
        for pattern in patterns:
            form = lexicon.for_text(pattern, low)
            assert (form is not pattern) == low.isascii()
            assert [m.span() for m in form.finditer(low)] == [m.span() for m in pattern.finditer(low)]


def test_proper_names_pattern_keeps_its_matches() -> None:
    import re

    from bot.divergence_text import _NAME

    plain = re.compile(r"(?<![.!?\"]\s)(?<!^)\b([A-Z][a-z]+(?:[- ][A-Z][a-z]+)*|[A-Z]{2,5})\b")
    texts = ["Biden and Xi spoke. The Senkaku Islands, the PRC and US-Japan ties", '"Taiwan" said. Hong Kong',
             "A B CD EFGHIJ New-York x Y", "Москва и Kyiv", "", "_Abc éAbc 1Abc ?\nAbc !\tAb", "X"]
    if CORPUS.exists():
        texts += _corpus_texts()
    rng = random.Random(9)
    alphabet = ["A", "B", "Ab", "ab", "ABCDEF", " ", "-", ".", "!", '"', "_", "1", "é", "Ж", "\n", "\t"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10))) for _ in range(5000)]
    for text in texts:
        assert [m.span(1) for m in _NAME.finditer(text)] == [m.span(1) for m in plain.finditer(text)], text


@needs_shared(CORPUS)
def test_ascii_token_pattern_and_the_cue_precheck_agree_with_the_plain_ones() -> None:
    import re

    from bot.divergence_text import _TOKEN, _TOKEN_ASCII

    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [sentence for text in texts for sentence in text.split(". ")]  # most sentences carry no cue
    texts += ["it's 3.5 or 1,000 U.S. troops_2x", "Nothing to see here.", ""]
    rng = random.Random(29)
    pieces = ["a", "Bc", "it", "'", "'s", "3", "12", ".", ",", " ", "_", "-", "x2", "2x", "\x1c", "é"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(5000)]
    plain_ascii = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[a-zA-Z]+(?:'[a-zA-Z]+)?")  # as first written
    for text in texts:
        low = text.casefold()
        if low.isascii():
            assert _TOKEN_ASCII.findall(low) == _TOKEN.findall(low) == plain_ascii.findall(low), text
            assert _TOKEN_ASCII.findall(text) == plain_ascii.findall(text), text
        if not lexicon.may_have_cues(text):
            assert not (lexicon.strong_wording(text) or lexicon.initiative(text) or lexicon.tone(text)
                        or lexicon.relationship(text)), text


@needs_shared(CORPUS)
def test_salience_word_scan_gives_the_plain_answers() -> None:
    import re

    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [part for text in texts for part in re.split(r"[,;.] ", text)]
    words = [w for p in lexicon._SALIENCE_ASCII for w in re.findall(r"[a-z]+", p.pattern)]
    rng = random.Random(5)
    pieces = [" ", "-", "s", "_", "1", "ed", "\n", "é"]
    for _ in range(3000):
        texts.append("".join(rng.choice([rng.choice(words), rng.choice(words)[1:], *pieces]) for _ in range(rng.randint(0, 6))))
    texts += ["They said aid was agreed; insisted on a cease-fire.", "deals", "said", ""]
    for text in texts:
        low = lexicon.lowered(text)
        plain = tuple(lexicon.for_text(p, low).search(low) is not None for p in lexicon._SALIENCE)
        assert lexicon.salience_features.__wrapped__(text) == plain, text


def test_semicolon_and_that_fast_paths_split_as_the_patterns_do() -> None:
    import re

    from bot.divergence_items import _PARALLEL_THAT, _THAT, _split_semicolons

    for text in ("A; B", "  A  ", "", "   ", "A;B; ", "They agreed that X, and that Y", "THAT, AND THAT z", "Kelvin ТHAT"):
        assert _split_semicolons(text) == ([p.strip() for p in re.split(r";\s+", text) if p.strip()] or [text])
        if _THAT.search(text) is None:
            assert _PARALLEL_THAT.split(text) == [text]


def _corpus_texts() -> list[str]:
    """The shared corpus's documents and their sentences (most statements are one sentence)."""
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts + [sentence for text in texts for sentence in text.split(". ")]


@needs_shared(CORPUS)
def test_content_tokens_equal_the_plain_loop() -> None:
    from bot.divergence_text import content_tokens

    rng = random.Random(3)
    pieces = ["the", "a", "I", "5", "x", "U.S.", "said", "talks", "Talks", "it's", "США", "и", "переговоры", "会談", "の",
              "3.5", "1,000", " ", ", ", "-", "americans", "Сша"]
    texts = _corpus_texts() + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(2000)]
    for text in texts:
        assert content_tokens.__wrapped__(text) == _plain_content_tokens(text), text


def _plain_strip_trailing_frame(text: str) -> str:
    """`_strip_trailing_frame` as first written: every boundary of the window, every frame."""
    from bot.divergence_items import _FRAME_BOUNDARY, _FRAME_WINDOW, _TRAIL_FRAMES

    for boundary in _FRAME_BOUNDARY.finditer(text, max(0, len(text) - _FRAME_WINDOW)):
        rest = text[boundary.start():]
        if any(pattern.fullmatch(rest) for pattern in _TRAIL_FRAMES):
            return text[: boundary.start()].rstrip(" \"'")
    return text


def _framed_texts() -> list[str]:
    """Corpus sentences and random sentences built from frame words, boundaries and filler."""
    from bot.divergence_items import normalise

    texts = _corpus_texts() if CORPUS.exists() else []
    rng = random.Random(17)
    pieces = ["The ministry", "In a statement, ", "in its readout ", " said", " says", " SAID", " Said that", " that", " noted", " told reporters", " according to",
              " Xinhua", " on Monday", " in Beijing", " the statement", " read the statement", " quoted him as saying",
              " was quoted as saying", ",", ", ", '"', "'", " -", " — ", ".", " it", " talks", " were held", " сказано",
              " в сообщении", " заявил", " (ANI)", " the two sides agreed", " A", " Ukraine", " ſaid", "\x1c"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(6000)]
    return [normalise(t) for t in texts]


def test_trailing_frame_fast_paths_strip_as_the_plain_loop() -> None:
    from bot.divergence_items import _strip_trailing_frame

    for text in _framed_texts():
        assert _strip_trailing_frame(text) == _plain_strip_trailing_frame(text), text


def test_lead_frames_need_their_words_and_match_as_ascii_forms() -> None:
    from bot.divergence_items import (
        _FRAME_WINDOW,
        _LEAD_FRAMES,
        _LEAD_FRAMES_ASCII,
        _LEAD_NEEDS,
        _LEAD_VERBS,
        _may_contain,
    )

    for text in _framed_texts():
        head = text[:_FRAME_WINDOW]
        for pattern, ascii_pattern, needs, verbs in zip(_LEAD_FRAMES, _LEAD_FRAMES_ASCII, _LEAD_NEEDS, _LEAD_VERBS):
            match = pattern.match(head)
            if match is not None:
                assert needs is None or _may_contain(head, needs), (text, pattern.pattern)
                assert verbs is None or _may_contain(head, verbs), (text, pattern.pattern)
            if head.isascii():
                fast = ascii_pattern.match(head)
                assert (fast and fast.end()) == (match and match.end()), text


def test_word_start_forms_occur_exactly_where_the_patterns_do() -> None:
    import re

    from bot import divergence

    patterns = (lexicon.NEGATION, divergence._META, lexicon.INCIDENT, lexicon.POLICY, divergence._DATE)
    assert lexicon._word_start_form(lexicon.NEGATION) is not None and lexicon._word_start_form(divergence._META) is not None
    words = [w for p in patterns for w in re.findall(r"[a-z']+", p.pattern)]
    rng = random.Random(31)
    pieces = [" ", "-", "_", "1", "'", "n't", "don", "x", "\x1c", "\t", ".", "é"]
    texts = (_corpus_texts() if CORPUS.exists() else []) + ["not", " no", "_not", "cannot", "isn't", "held\x1ctalks", ""]
    texts += ["".join(rng.choice([rng.choice(words), rng.choice(pieces)]) for _ in range(rng.randint(0, 6))) for _ in range(5000)]
    for text in texts:
        low = lexicon.lowered(text)
        for pattern in patterns:
            assert lexicon.occurs(pattern, low) == (pattern.search(low) is not None), (pattern.pattern[:30], text)
