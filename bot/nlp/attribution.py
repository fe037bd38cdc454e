"""Attribution: whose voice each sentence of a document is (pure).

Divergence compares *governments' accounts*, so what matters is not which document a sentence is in
but who is speaking:

- An official readout or statement speaks for its issuer, sentence by sentence (what it reports the
  other side saying is still the issuer's account of the call).
- A news article speaks for nobody, except where it quotes or paraphrases a government: "the US
  readout said ...", "In a statement, the Japanese Ministry of Defense claimed that ...", "according
  to the Kremlin", "Xi told Biden ...", "Xinhua reported". The sentences that carry on such a report
  ("it asserted", "the statement added", the rest of a multi-sentence quotation) inherit its voice.
- A news article's `government` field (kind `quoted_in_news`) names the government it mainly
  quotes. It is a prior, not gospel: a sentence without any cue counts as that government's account
  only when it reports what the principals of the contact did ("Koizumi and Hegseth agreed ...",
  "They expressed ..."), the way wire reports written from one side's briefing read.
- Never a voice: the journalist's background, outside experts ("a professor at ...", "analysts"),
  and reports of what a readout did *not* say ("the US readout did not mention any incident").

A sentence carrying two governments' reports is split into clauses, each with its own voice.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from bot.models import (
    DocumentInput,
    Mention,
    Quotation,
    Sentence,
    Statement,
    new_statement,
)
from bot.nlp.boundary import free_alternatives, word_start_scan
from bot.nlp.spans import SpanIndex, is_word_char

OFFICIAL_KINDS = frozenset({"official_readout", "statement"})
QUOTED = "quoted_in_news"
T = TypeVar("T")


class _Caseless:
    """A case-insensitive pattern that searches ASCII text without `re.IGNORECASE`.

    Why: the cue patterns below are searched in every sentence of every news article (profiled:
    ~20% of analysis), and IGNORECASE folds each character it compares by Unicode rules, 2-4x slower
    than a case-sensitive search. On ASCII text, lower-casing moves no offset and changes no `\\w`,
    `\\s` or `\\b`, so the lower-cased pattern over the lower-cased text matches the same spans; any
    other text takes the IGNORECASE pattern. A match may be over the lower-cased text: use its span,
    not its group text.

    `needles`, if given, are lower-case strings one of which every match of the pattern contains
    (each alternative of the pattern has one as a mandatory literal; test_speed_paths checks this
    on the parsed pattern): ASCII text containing none of them is rejected before the search. A few
    `in` tests cost ~1 µs, a search of a pattern whose alternatives all start with `\\b` ~15 µs.

    `boundary_scan`: search ASCII text from the places where a word starts (`bot.nlp.boundary`);
    the match is then made at its start, so its `pos` may differ from a plain search's (`start()`,
    `end()` and `span()` are the same)."""

    def __init__(self, source: str, needles: tuple[str, ...] = (), boundary_scan: bool = False) -> None:
        if re.search(r"\\[A-Z]", source):
            raise ValueError("an upper-case escape (\\W, \\S, \\B...) would change meaning when lower-cased")
        self.pattern = source
        self.needles = needles
        self.ignorecase = re.compile(source, re.I)
        self._lowered = re.compile(source.lower())
        self._after_boundary = word_start_scan(source.lower(), free=True) if boundary_scan else None
        self._free = free_alternatives(source.lower()) if boundary_scan else None

    def search(self, text: str) -> re.Match[str] | None:
        return self._run("search", text)

    def match(self, text: str) -> re.Match[str] | None:
        return self._run("match", text)

    def _run(self, how: str, text: str) -> re.Match[str] | None:
        if text.isascii():
            lowered = text.lower()
            if self.needles:
                for needle in self.needles:  # a loop, not any(...): no generator per call (~0.4 µs)
                    if needle in lowered:
                        break
                else:
                    return None
            if self._after_boundary is not None and how == "search":
                return self._search_after_boundary(lowered)
            return getattr(self._lowered, how)(lowered)
        return getattr(self.ignorecase, how)(text)

    def _search_after_boundary(self, lowered: str) -> re.Match[str] | None:
        """`self._lowered.search(lowered)` for lower-cased ASCII text, scanning with `_after_boundary`.

        Every match that ASCII text can have opens with `\\b` and then a letter, so it starts at 0 or
        right after a character that is not `[a-z0-9_]` (the `\\w` of lower-cased ASCII). The first
        position where one starts is found by `_after_boundary` (`bot.nlp.boundary.word_start_scan`),
        and the match itself made there by the whole pattern (`\\b` and look-behinds see the
        characters before `pos`): the same span. Callgrind, 300 benchmark documents: analysis
        5.847 -> 5.522 M instructions a document."""
        found = self._lowered.match(lowered)
        if found is None:
            start = self._after_boundary.search(lowered)  # type: ignore[union-attr]
            first = start.start() + 1 if start is not None else -1
            if self._free is not None:
                # alternatives without `\\b` ("earlier this year"): the first of theirs, if earlier
                free = self._free.search(lowered)
                if free is not None and (first < 0 or free.start() < first):
                    first = free.start()
            if first >= 0:
                found = self._lowered.match(lowered, first)
        return found



# The kinds of source a government speaks through ("the Japanese Ministry of Defense", "the US readout").
_SOURCE_NOUN = _Caseless(
    r"\b(?:readouts?|statements?|press\s+releases?|releases?|communiqu[ée]s?|summary|ministry|ministries|"
    r"department|spokes(?:person|man|woman|people)|government|embassy|office|mission|side|officials?|"
    r"cabinet|presidency|administration|"
    r"joint\s+chiefs|joint\s+staff|press\s+secretary|state\s+media|news\s+agency|account)\b|"
    r"министерств\w*|минобороны|мид\b|ведомств\w*|пресс-служб\w*|правительств\w*|администраци\w*|"
    r"заявлени\w*|сообщени\w*|пресс-релиз\w*|представител\w*|сторон\w*|"
    r"省|政府|報道官|発表"
)
# Verbs and frames that report speech.
_REPORT = _Caseless(
    r"\b(?:said|says|say|stated|states|added|adds|claimed|claims|asserted|asserts|announced|announces|"
    r"reported|reports|noted|notes|wrote|writes|told|tells|according\s+to|citing|quoted|quoting|"
    r"in\s+(?:a|its|the)\s+(?:statement|readout|press\s+release|release)|read(?:s)?\s+the\s+statement|"
    r"(?:issued|released|published)\s+(?:a|the|its)\s+(?:statement|readout|release)|"
    r"stressed|stresses|emphasi[sz]ed|underscored|reiterated|warned|urged|demanded|called\s+for|"
    r"insisted|accused|confirmed|highlighted|made\s+clear|relayed|expressed|agreed|described|"
    r"the\s+(?:statement|readout|release)\s+(?:said|added|read|noted))\b|"
    r"сказано|говорится|сообщ\w+|заяв\w+|отмеча\w+|отметил\w*|подчеркн\w+|по\s+данным|по\s+словам|"
    r"передает|передаёт|цитир\w+|"
    r"によると|によれば|発表|述べ|明らかにし|表明",
    boundary_scan=True,
)
# "did not mention", "made no mention", "nor did it echo", "notably absent": a report of silence.
_NEGATED_REPORT = _Caseless(
    r"\b(?:did\s+not|didn't|does\s+not|doesn't|do\s+not|made\s+no|makes\s+no|nor\s+did\s+(?:it|they|he|she)|"
    r"never|without)\s+(?:\w+\s+){0,2}?(?:mention\w*|say|said|use|used|echo\w*|name|named|refer\w*|"
    r"include\w*|specify|note|raise|address|cite)\b|\bno\s+mention\b|\b(?:was|were)\s+(?:notably\s+)?absent\b|"
    r"\bnotably\s+absent\b|\bomitted\b|\bsilent\s+on\b|"
    r"\bне\s+(?:упомина\w*|упомянул\w*|упомянут\w*|сказано|говорится|приводится|сообща\w*)|ничего\s+не\s+сказано|"
    r"触れなかった|言及しなかった|言及はなかった",
    needles=("not", "n't", "made", "makes", "nor", "never", "without", "mention", "absent", "omitted", "silent"),
    boundary_scan=True,
)
# Outside voices: never a government's readout.
_EXPERT = _Caseless(
    r"\b(?:professor|prof\.|analysts?|experts?|research\s+fellow|fellow\s+at|scholars?|researchers?|"
    r"observers?|commentators?|think[\s-]tank|academ(?:y|ic)\s+of|university|institute|pundits?|"
    r"columnists?|editorial|op-ed|senior\s+fellow|director\s+of\s+the\s+\w+\s+(?:center|centre|program))\b|"
    r"эксперт\w*|аналитик\w*|политолог\w*|профессор\w*|научн\w+\s+сотрудник\w*|"
    r"専門家|教授|研究員|アナリスト",
    needles=("analyst", "expert", "research", "fellow", "prof", "university", "institute", "director", "observer",
             "scholar", "think", "academ", "commentator", "pundit", "columnist", "editorial", "op-ed"),
    boundary_scan=True,
)
# "it asserted", "the statement added", "the readout said", "— сказано в сообщении": a report that
# names no government carries on the previous one (or the document's prior).
_CONTINUATION = _Caseless(
    r"\b(?:it|the\s+(?:statement|readout|release|press\s+release|department|ministry|communiqu[ée]|"
    r"summary|account))\s+(?:also\s+)?(?:said|says|added|adds|asserted|asserts|stated|noted|read|reads|"
    r"continued|claimed|emphasi[sz]ed|stressed)\b|"
    r"\b(?:the|this|that)\s+(?:statement|readout|release)\s+(?:also\s+)?(?:said|says|added|noted|read)\b|"
    r"\bread\s+the\s+(?:statement|readout|release)\b|\baccording\s+to\s+the\s+(?:statement|readout|release)\b|"
    r"\bthe\s+(?:statement|readout)\s+added\b|"
    r"(?:сказано|говорится|отмечается|подчеркивается|подчёркивается)\s+в\s+(?:сообщении|заявлении|релизе)|"
    r"в\s+(?:сообщении|заявлении)\s+(?:также\s+)?(?:сказано|говорится|отмечается)",
    # every English alternative has its verb or "according" (three news sentences in ten have one)
    needles=("said", "says", "add", "assert", "stated", "noted", "read", "continued", "claimed", "emphasi", "stressed",
             "according"),
    boundary_scan=True,
)
# State news agencies: the channel through which some governments publish their readouts.
_STATE_MEDIA: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bXinhua\b|Синьхуа|新華社|新华社"), "CN"),
    (re.compile(r"\bCCTV\b|\bCGTN\b|\bPeople's\s+Daily\b"), "CN"),
    (re.compile(r"\bTASS\b|ТАСС|\bRIA\s+Novosti\b|РИА\s+Новости"), "RU"),
    (re.compile(r"\bKCNA\b"), "KP"),
    (re.compile(r"\bIRNA\b"), "IR"),
)
# Every state-media pattern above contains one of these words verbatim. Profiled: the five scans cost
# ~15 µs a sentence, while fewer than 2% of news sentences name any of these words.
_STATE_MEDIA_WORD = re.compile("Xinhua|Синьхуа|新華社|新华社|CCTV|CGTN|People's|TASS|ТАСС|RIA|РИА|KCNA|IRNA")
# The principals acting together: a wire report written from one side's briefing.
_ROLES = (r"(?:leaders|ministers|presidents|sides|men|defen[cs]e\s+(?:chiefs|ministers|secretaries)|counterparts|"
          r"heads\s+of\s+state|secretaries|foreign\s+ministers|prime\s+ministers|delegations)")
_GROUP_SUBJECT = _Caseless(
    r"^(?:[\w,'’ -]{0,40}?\s)?(?:they|the\s+two\s+" + _ROLES + r"|the\s+two(?=\s+(?:also\s+)?(?:agreed|discussed|"
    r"exchanged|expressed|affirmed|reaffirmed|confirmed|shared|concurred|stressed|underscored|noted))|"
    r"both\s+(?:sides|leaders|ministers|men|presidents)|the\s+" + _ROLES + r"|стороны|министры|лидеры|главы\s+\w+|"
    r"両氏|両者|両首脳|両大臣|日米)\b"
)
# "Hegseth warned ... in June", "he said during the ... Dialogue": the article has moved on to another
# occasion, and what is said there is not this contact's readout.
_WHEN_ELSE = (r"(?:in|last|earlier\s+in|since)\s+(?:January|February|March|April|May|June|July|August|September|"
              r"October|November|December|spring|summer|autumn|fall|winter|year|month|week)\b|"
              r"earlier\s+this\s+(?:year|month)\b|during\s+(?:the|a|his|her)\s+[\w\s-]{0,40}?"
              r"(?:Dialogue|Summit|Forum|Conference|speech|visit|interview|hearing)\b")
_SPOKE = r"(?:said|says|told|warned|spoke|met|noted|stated|remarked|declared|speech|remarks|address)"
_OTHER_OCCASION = _Caseless(
    rf"\b{_SPOKE}\b[^.;]{{0,50}}?\b{_WHEN_ELSE}|\b{_WHEN_ELSE}[^.;]{{0,30}}?\b{_SPOKE}\b|"
    r"\bв\s+прошлый\s+раз\b|\bранее\b[^.]{0,40}(?:заявлял|говорил|сообщал)",
    # every English alternative names the time (a month, season, year, week) or says "during"
    needles=("year", "january", "february", "march", "april", "may", "month", "june", "july", "august",
             "september", "october", "november", "december", "week", "spring", "summer", "autumn", "fall",
             "winter", "during"),
    boundary_scan=True,  # its "earlier this ..." and "during ..." alternatives are searched on their own
)
# Words that tie a sentence to the contact (or to a readout of it).
_ABOUT_CONTACT = _Caseless(
    r"\b(?:call|phone|telephone|talks|conversation|meeting|readout|statement|discuss\w*|agreed|exchanged\s+views|"
    r"video\s+(?:call|link|conference))\b|разговор\w*|переговор\w*|беседа\w*|встреч\w*|обсуди\w*|заявлени\w*|"
    r"会談|電話|協議",
    boundary_scan=True,
)
# "..., the two affirmed a plan", "During the call, ...", "電話会談では": the contact's own content.
_GROUP_ACTS = _Caseless(
    r"\b(?:the\s+two|they|both\s+sides|the\s+" + _ROLES + r")\s+(?:also\s+)?(?:affirmed|agreed|discussed|exchanged|"
    r"expressed|reaffirmed|confirmed|concurred|shared|stressed|underscored|pledged|decided)\b",
    boundary_scan=True,
)
_CONTACT_FRAME = _Caseless(
    r"^(?:during|in|at|on)\s+the\s+(?:call|talks|meeting|conversation|phone\s+call|video\s+call)\b|"
    r"^(?:в\s+ходе\s+(?:разговора|беседы|переговоров|встречи))|^(?:電話)?会談(?:で|では|において)"
)
_CONTENT_VERB = _Caseless(
    r"\b(?:agreed|agree|agreeing|discussed|discuss|exchanged|expressed|affirmed|reaffirmed|confirmed|"
    r"reconfirmed|shared|stressed|emphasi[sz]ed|underscored|concurred|pledged|vowed|welcomed|praised|"
    r"raised|briefed|explained|told|warned|urged|called\s+for|condemned|voiced|noted|reiterated|"
    r"committed|decided|promised|asked|proposed|accused|rejected|thanked|congratulated|invited|"
    r"(?:were|was)\s+(?:also\s+)?on\s+the\s+agenda)\b|"
    r"обсудил\w*|договорил\w*|подчеркнул\w*|выразил\w*|заявил\w*|подтвердил\w*|согласил\w*|отметил\w*|"
    r"一致|確認|表明|説明|意見交換|伝え",
    boundary_scan=True,
)
_QUOTE_PAIR = re.compile(r"[\"“”«»「」]")
_OPENERS = "\"“«「"
_CLOSERS = "\"”»」"
_PERSON_WINDOW = 45


@dataclass(frozen=True)
class _Cue:
    government: str
    speaker: str | None
    position: int  # where the cue sits in the sentence (for splitting clauses)


def attribute_statements(
    doc: DocumentInput,
    sentences: Sequence[Sentence],
    quotations: Sequence[Quotation],
    mentions: Sequence[Mention],
) -> tuple[Statement, ...]:
    """The statements of governments in `doc` (see the module docstring for the rules)."""
    if not sentences:
        return ()
    government = (doc.government or "").upper() or None
    if government and str(doc.kind) in OFFICIAL_KINDS:
        return _official(doc, government, sentences)
    return _NewsAttribution(doc, government, sentences, quotations, mentions).run()


def _official(doc: DocumentInput, government: str, sentences: Sequence[Sentence]) -> tuple[Statement, ...]:
    """Every sentence of a readout is its issuer's voice; fragments ("in Japanese", a date line) are not
    statements of anything."""
    out: list[Statement] = []
    issuer = doc.issuer
    # `_fewer_words_than(text, 4)` with its patterns looked up once, not per sentence
    ascii_runs, runs = _word_runs(4, True), _word_runs(4)
    for s in sentences:
        text = s.text
        if (ascii_runs if text.isascii() else runs).search(text) is None and not _CJK_RUN.search(text):
            continue
        out.append(new_statement(s.index, text, government, issuer, "official"))
    return tuple(out)


_CJK_RUN = re.compile(r"[\u3040-\u9fff]{6,}")


def _fewer_words_than(text: str, count: int) -> bool:
    """`len(re.findall(r"\\w+", text)) < count`, reading no further than the count-th word (profiled:
    listing every word of every readout sentence was ~4% of analysis). One search for `count` word
    runs with non-word runs between them (~0.45 µs) instead of counting a finditer's first words (~1.5)."""
    return _word_runs(count, text.isascii()).search(text) is None


@cache
def _word_runs(count: int, ascii_text: bool = False) -> re.Pattern[str]:
    """`count` runs of `\\w` with runs of `\\W` between them. With `ascii_text` (for ASCII text only)
    the classes are spelled out, the same characters there: `re` tests them with a bitmap instead of
    Unicode's categories (callgrind, readout sentences: ~4.8k -> ~3.5k instructions a search)."""
    word, gap = (r"[A-Za-z0-9_]+", r"[^A-Za-z0-9_]+") if ascii_text else (r"\w+", r"\W+")
    return re.compile(word + (gap + word) * (count - 1))


class _NewsAttribution:
    """One pass over a news document's sentences, carrying the voice of the report in progress.

    Per sentence, in order of trust: an outside expert speaking -> nobody; a report of silence ->
    nobody (for that government); a government *source* as the subject or object of a reporting verb
    ("the Pentagon said", "according to the Kremlin", "In a statement, the Japanese Ministry of
    Defense claimed") -> that government; a continuation ("it asserted", the rest of a quotation)
    -> the report in progress; an official named as the speaker ("Xi told Biden", "Dong said") ->
    the official's government; the document's prior for sentences that say what the principals did.
    """

    def __init__(
        self,
        doc: DocumentInput,
        prior: str | None,
        sentences: Sequence[Sentence],
        quotations: Sequence[Quotation],
        mentions: Sequence[Mention],
    ) -> None:
        self.doc = doc
        self.prior = prior if str(doc.kind) == QUOTED else None
        self.sentences = list(sentences)
        self.quotations = SpanIndex(quotations)
        self.governments = SpanIndex(m for m in mentions if m.kind == "government")
        self.people = SpanIndex(m for m in mentions if m.kind == "person")
        self.person_government = person_governments(doc.text, self.people.items, self.governments.items)
        self.experts = expert_names(doc.text, self.people.items)
        self.principals = _principals(self.sentences, self.people.items, self.experts)
        self.quote_spans = SpanIndex(_quote_spans(doc.text), start=lambda s: s[0], end=lambda s: s[1])

    def run(self) -> tuple[Statement, ...]:
        out: list[Statement] = []
        current: _Cue | None = None  # the report in progress
        self.elsewhere = False  # the story has moved on to another occasion (a speech in June)
        for sentence in self.sentences:
            statements, current = self._sentence(sentence, current)
            out.extend(statements)
        return tuple(out)

    # -- one sentence ------------------------------------------------------------------------------

    def _sentence(self, sentence: Sentence, current: _Cue | None) -> tuple[list[Statement], _Cue | None]:
        text = sentence.text
        quote = self._enclosing_quote(sentence)
        if self._is_expert(sentence, quote):
            return [], None
        inside = self._quoted_speaker(sentence)
        if inside is not None:
            # the whole sentence is someone's quotation: the cues inside it are what *they* report
            if inside.government and self._relevant(sentence, current, inside.government):
                voice = _Cue(inside.government, inside.speaker, 0)
                return [self._statement(sentence.index, text, voice)], voice
            return [], None
        cues = [c for c in self._source_cues(sentence) if self._relevant(sentence, current, c.government)]
        negated = _NEGATED_REPORT.search(text)
        if negated:
            # The government whose readout is reported silent gets nothing from this sentence; a
            # different government's positive report before it still counts ("X claimed ...,
            # although the Y readout did not use such wording").
            silent = self._government_before(sentence, negated.start())
            cues = [c for c in cues if c.government != silent and c.position < negated.start()]
            if not cues:
                return [], None
        if cues:
            self.elsewhere = False
            if negated:
                return self._emit_before(sentence, cues, negated.start()), cues[-1]
            return self._emit(sentence, cues), cues[-1]
        if _OTHER_OCCASION.search(text):
            self.elsewhere = True
        if self.elsewhere:
            return [], None  # what someone said in June is not this contact's readout
        if _CONTINUATION.search(text):
            voice = current or (_Cue(self.prior, None, 0) if self.prior else None)
            if voice:
                return [self._statement(sentence.index, text, voice)], voice
        if quote is not None and _spans_beyond(quote, sentence):
            voice = current or self._quote_frame_cue(quote)
            if voice:
                return [self._statement(sentence.index, text, voice)], voice
        person = [c for c in self._person_cues(sentence) if self._relevant(sentence, current, c.government, c.speaker)]
        if person:
            return self._emit(sentence, person), person[-1]
        if self.prior and self._reports_principals(sentence):
            voice = _Cue(self.prior, None, 0)
            return [self._statement(sentence.index, text, voice)], voice
        if current is not None and _CONTENT_VERB.search(text) and re.search(r"\b(?:also|further)\b|^また|также", text):
            # "The need to stop ... was also discussed." right after a report carries it on
            return [self._statement(sentence.index, text, current)], current
        return [], None

    def _emit(self, sentence: Sentence, cues: list[_Cue]) -> list[Statement]:
        distinct = {c.government for c in cues}
        if len(distinct) == 1:
            return [self._statement(sentence.index, sentence.text, cues[0])]
        # Two governments reported in one sentence: give each clause the voice of the cue in it, or
        # of the nearest cue before it.
        out: list[Statement] = []
        for start, end in _clauses(sentence.text):
            inside = [c for c in cues if start <= c.position < end]
            before = [c for c in cues if c.position < start]
            cue = inside[0] if inside else (before[-1] if before else cues[0])
            out.append(self._statement(sentence.index, sentence.text[start:end], cue))
        return out

    def _emit_before(self, sentence: Sentence, cues: list[_Cue], position: int) -> list[Statement]:
        """The sentence up to the clause that reports the other readout's silence ("..., although the
        US readout did not use such wording"): that clause is the journalist's, not a voice."""
        joints = list(re.finditer(r",?\s+(?:although|though|while|whereas|but|however|yet|whereas)\b|;\s", sentence.text[:position]))
        cut = joints[-1].start() if joints else position
        if not joints:
            for start, end in _clauses(sentence.text):
                if start <= position < end:
                    cut = start
                    break
        text = sentence.text[:cut].rstrip(" ,;:-—")
        if len(text.split()) < 4:
            return []
        return [self._statement(sentence.index, text, cues[0])]

    def _statement(self, index: int, text: str, cue: _Cue) -> Statement:
        return new_statement(index, text, cue.government, cue.speaker, QUOTED)

    # -- cues --------------------------------------------------------------------------------------

    def _source_cues(self, sentence: Sentence) -> list[_Cue]:
        """Government sources (a ministry, a readout, the Kremlin, state media) tied to a reporting verb."""
        text = sentence.text
        if not _REPORT.search(text):
            return []
        found: list[_Cue] = []
        for m in self._in(self.governments, sentence):
            start, end = m.start - sentence.start, m.end - sentence.start
            if not _is_source(text, start, end, m):
                continue
            phrase_end = _source_phrase_end(text, end)
            if _reported(text, start, phrase_end):
                found.append(_Cue(m.value, m.surface, start))
        for pattern, code in _STATE_MEDIA if _STATE_MEDIA_WORD.search(text) else ():
            for match in pattern.finditer(text):
                if _reported(text, match.start(), match.end()):
                    found.append(_Cue(code, match.group(0), match.start()))
        found.sort(key=lambda c: c.position)
        return found

    def _person_cues(self, sentence: Sentence) -> list[_Cue]:
        """Officials named as the speaker: "Xi told Biden", "Dong said", '..., Hegseth said.'"""
        text = sentence.text
        found: list[_Cue] = []
        for person in self._in(self.people, sentence):
            code = self.person_government.get(person.value)
            if not code or person.value in self.experts:
                continue
            start, end = person.start - sentence.start, person.end - sentence.start
            after = text[end: end + _PERSON_WINDOW]
            before = text[max(0, start - 30): start]
            if _SPEECH_AFTER.match(after) or _SPEECH_BEFORE.search(before):
                found.append(_Cue(code, person.value, start))
        for q in self._in(self.quotations, sentence):
            if q.government and (q.speaker or "") not in self.experts:
                if not (q.speaker_title and _EXPERT.search(q.speaker_title)):
                    found.append(_Cue(q.government, q.speaker, q.start - sentence.start))
        found.sort(key=lambda c: c.position)
        return found

    def _quote_frame_cue(self, quote: tuple[int, int]) -> _Cue | None:
        """A quotation that runs over several sentences takes the voice named in its frame."""
        q_start, q_end = quote
        text = self.doc.text
        line_start = text.rfind("\n", 0, q_start) + 1
        line_end = text.find("\n", q_end)
        line_end = len(text) if line_end < 0 else line_end
        frame_spans = [(line_start, q_start), (q_end, min(line_end, q_end + 160))]
        for fs, fe in frame_spans:  # the spans are disjoint and in text order, like the mentions
            local = text[fs:fe]
            for m in self.governments.starting_in(fs, fe):
                if _is_source(local, m.start - fs, m.end - fs, m) and _REPORT.search(local):
                    return _Cue(m.value, m.surface, 0)
        frame = " ".join(text[fs:fe] for fs, fe in frame_spans)
        for pattern, code in _STATE_MEDIA:
            if pattern.search(frame) and _REPORT.search(frame):
                return _Cue(code, None, 0)
        for p in (p for fs, fe in frame_spans for p in self.people.starting_in(fs, fe)):
            if p.value not in self.experts:
                code = self.person_government.get(p.value)
                if code and _REPORT.search(frame):
                    return _Cue(code, p.value, 0)
        if _CONTINUATION.search(frame) and self.prior:
            return _Cue(self.prior, None, 0)
        return None

    def _is_expert(self, sentence: Sentence, quote: tuple[int, int] | None) -> bool:
        text = sentence.text
        if _EXPERT.search(text) and not _OFFICIAL_SOURCE.search(text):
            return True
        for name in self.experts:
            for part in (p for p in name.split() if len(p) >= 2):
                if part in text and _speaks_in(text, part):
                    return True
        if quote is not None:
            frame = self.doc.text[quote[1]: quote[1] + 80]
            for name in self.experts:
                if any(p in frame and _opens_with(frame, p) for p in name.split() if len(p) >= 2):
                    return True
        return False

    def _relevant(self, sentence: Sentence, current: _Cue | None, government: str, speaker: str | None = None) -> bool:
        """Is this report about the contact? A government source or official quoted in a news story
        may be talking about something else entirely ("The White House said on Thursday that the
        president can maintain a good working relationship with China"). It is, when a principal
        speaks or is named, when the sentence talks about the contact or a readout, or when it
        carries on a report of the same government."""
        if current is not None and current.government == government:
            return True
        if speaker and speaker in self.principals:
            return True
        text = sentence.text
        if any(p.value in self.principals for p in self._in(self.people, sentence)):
            return True
        return bool(_ABOUT_CONTACT.search(text) or _GROUP_SUBJECT.search(text[:90]) or _GROUP_ACTS.search(text))

    def _quoted_speaker(self, sentence: Sentence) -> Quotation | None:
        """The quotation (with a known speaker) that this whole sentence sits inside, if any."""
        # quotations that start at most 2 characters after the sentence and end at most 3 before its end
        for q in self.quotations.overlapping(sentence.end - 4, sentence.start + 3):
            if q.speaker and (q.end - q.start) > 20:
                if q.speaker in self.experts or (q.speaker_title and _EXPERT.search(q.speaker_title)):
                    continue
                return q
        return None

    def _reports_principals(self, sentence: Sentence) -> bool:
        """Does the sentence say what the contact's principals did ("X and Y agreed ...")?"""
        text = sentence.text
        head = text[:90]
        if _GROUP_SUBJECT.search(head) and _CONTENT_VERB.search(text):
            return True
        if _GROUP_ACTS.search(text) or _CONTACT_FRAME.match(text):
            return True
        principals_here = [p for p in self._in(self.people, sentence) if p.value in self.principals]
        if not principals_here:
            return False
        first = min(p.start for p in principals_here) - sentence.start
        return first < 80 and _CONTENT_VERB.search(text[first:]) is not None

    def _government_before(self, sentence: Sentence, position: int) -> str | None:
        best: str | None = None
        for m in self._in(self.governments, sentence):
            if m.start - sentence.start < position:
                best = m.value
        return best

    def _enclosing_quote(self, sentence: Sentence) -> tuple[int, int] | None:
        for start, end in self.quote_spans.overlapping(sentence.start, sentence.end):
            if (end - start) > 20:
                return start, end
        return None

    @staticmethod
    def _in(index: SpanIndex[T], sentence: Sentence) -> list[T]:
        """What starts inside the sentence."""
        return index.starting_in(sentence.start, sentence.end)


_INSTITUTION_SURFACE = re.compile(r"Минобороны|Кремл|Бел\w+\s+дом|Пентагон|Госдеп|МИД", re.I)
# A source noun right after the government word ("the Japanese Ministry of Defense", "the US' official
# readout", "российского военного ведомства") or right before it ("the Ministry of Defense of Japan").
_SOURCE_AFTER = re.compile(r"^(?:['’]s?)?\s*(?:[\w-]+\s+){0,3}?(?:" + _SOURCE_NOUN.pattern + ")", re.I)
# "the ministry of ...", "a spokesman for the ...": searched in the 60 characters before a government
# word (profiled ~10 µs a search; two windows in three have neither "of" nor "for")
_SOURCE_BEFORE = _Caseless(r"(?:" + _SOURCE_NOUN.pattern + r")\s+(?:of|for)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
                           needles=("of", "for"))
_SPEECH_AFTER = re.compile(
    r"^(?:['’]s)?\s*(?:,[^,]{1,60},\s*)?(?:also\s+|further\s+|reportedly\s+|then\s+)?"
    r"(?:said|says|told|tells|stressed|stresses|noted|added|warned|urged|emphasi[sz]ed|underscored|"
    r"reiterated|insisted|declared|stated|asserted|pointed\s+out|made\s+clear|relayed|cautioned|cautioning|"
    r"was\s+quoted|is\s+quoted|expressed|explained|asked\s+for|called\s+for|"
    r"заявил\w*|сказал\w*|подчеркнул\w*|отметил\w*|предупредил\w*|" r"は[^。]{0,20}(?:述べ|強調|表明))\b",
    re.I,
)
_SPEECH_BEFORE = re.compile(r"(?:according\s+to|said|quoted|quoting|citing|по\s+словам)\s+(?:[\w.]+\s+){0,3}$", re.I)
_OFFICIAL_SOURCE = _Caseless(
    r"\b(?:readout|press\s+release|ministry\s+(?:said|stated)|said\s+in\s+a\s+statement|the\s+statement\s+said)\b",
    boundary_scan=True,
)


def _is_source(text: str, start: int, end: int, mention: Mention) -> bool:
    """Is this government word a *source* (an institution or "<government> ministry/readout/side")?"""
    if mention.detail == "institution" or _INSTITUTION_SURFACE.match(mention.surface):
        return True
    return bool(_SOURCE_AFTER.match(text[end: end + 60]) or _SOURCE_BEFORE.search(text[max(0, start - 60): start]))


def _source_phrase_end(text: str, end: int) -> int:
    match = _SOURCE_AFTER.match(text[end: end + 60])
    return end + match.end() if match else end


_NOT_A_SOURCE = re.compile(
    r"^(?:according\s+to|citing|quoting)\s+(?:\w+\s+){0,2}?(?:media|news|press|reports?|sources?|analysts?|experts?|"
    r"observers?|people|officials\s+familiar|insiders?|reuters|bloomberg|ap\b|afp\b)",
    re.I,
)


# Compiled once (profiled: looked up in `re`'s cache per call, ~0.4 µs each, per source and person).
_SENTENCE_END = re.compile(r"[.!?]\s")
_LIST_OR_STOP = re.compile(r"[.;!?]|\b(?:and|with|и|с)\b")
_COMMA_THE = re.compile(r",\s*(?:the\s+)?")
_US_TITLE = re.compile(r"secretary of (?:defense|war|state)|defense secretary|white house|pentagon")


def _report_matches(text: str) -> Iterator[re.Match[str]]:
    """The spans of `_REPORT.ignorecase.finditer(text)` (use their offsets, not their text): on ASCII
    text the lower-cased twin over the lower-cased text, like `_Caseless` (IGNORECASE was ~2x slower)."""
    if text.isascii():
        return _REPORT._lowered.finditer(text.lower())
    return _REPORT.ignorecase.finditer(text)


def _reported(text: str, start: int, end: int) -> bool:
    """Is the source at text[start:end] the subject or the object of a reporting verb?
    ("according to media reports" reports the media, not the government before it.)"""
    after = text[end: end + 90]
    for match in _report_matches(after):
        if _SENTENCE_END.search(after[: match.start()]):
            break
        if _NOT_A_SOURCE.match(after[match.start():]):
            break  # the rest reports the media, not this source
        return True
    before = text[max(0, start - 60): start]
    return bool(re.search(
        r"(?:according\s+to|citing|quoting|said|says|by|in\s+a\s+statement,?|сообщается\s+в|говорится\s+в|"
        r"сказано\s+в|по\s+данным|заявлении|сообщении)\s+(?:[\w'’().-]+\s+){0,8}$",
        before,
        re.I,
    ))


def _spans_beyond(quote: tuple[int, int], sentence: Sentence) -> bool:
    """Does the quotation run past this sentence (so its frame is in another sentence)?"""
    return quote[0] < sentence.start - 1 or quote[1] > sentence.end + 1


# --- document-level helpers ------------------------------------------------------------------------


def person_governments(text: str, people: list[Mention], governments: list[Mention]) -> dict[str, str]:
    """Each person's government, from how the text introduces them: "Japanese Defense Minister
    Shinjiro Koizumi", "Sergei Shoigu, Russia's defence minister", "министр обороны России Сергей
    Шойгу". A majority over all mentions of the person; people never introduced get none."""
    votes: dict[str, Counter[str]] = {}
    index = SpanIndex(governments)
    longest = max((g.end - g.start for g in governments), default=0)
    for person in people:
        best: Mention | None = None
        # only governments that can end within 40 characters before the person or start within 20 after
        for g in index.starting_in(person.start - 40 - longest, person.end + 21):
            if g.end <= person.start and person.start - g.end <= 40 and "\n" not in text[g.end: person.start]:
                between = text[g.end: person.start]
                if not _LIST_OR_STOP.search(between):
                    best = g
            elif g.start >= person.end and g.start - person.end <= 20:
                between = text[person.end: g.start]
                if _COMMA_THE.fullmatch(between) and best is None:
                    best = g
        if best is None and person.detail:
            code = _title_government(person.detail)
            if code:
                votes.setdefault(person.value, Counter())[code] += 1
            continue
        if best is not None:
            votes.setdefault(person.value, Counter())[best.value] += 1
    return {name: counter.most_common(1)[0][0] for name, counter in votes.items()}


def _title_government(title: str) -> str | None:
    """Titles that only one government uses ("Secretary of Defense", "Minister of National Defense" is
    not one of them, so nothing else is guessed)."""
    lowered = title.lower()
    if _US_TITLE.search(lowered):
        return "US"
    return None


_EXPERT_AFTER = re.compile(
    r"^[,\s]*(?:a|an|the)?\s*[^.,]{0,30}\b(?:professor|analyst|expert|fellow|scholar|researcher)", re.I)
_EXPERT_BEFORE = re.compile(r"\b(?:professor|analyst|expert|researcher|scholar)s?\s*$", re.I)
_EXPERT_NOUNS = ("professor", "analyst", "expert", "fellow", "scholar", "researcher")


def _may_name_an_expert(window: str) -> bool:
    """False when `window` cannot match `_EXPERT_AFTER` or `_EXPERT_BEFORE`: ASCII text (where
    IGNORECASE matches what lower-casing finds) without any of their nouns. Profiled: the two
    case-insensitive searches, tried at up to 30 positions or at every position, cost ~10 µs a person
    mention, and nearly no window names an expert noun."""
    if not window.isascii():
        return True
    lowered = window.lower()
    for noun in _EXPERT_NOUNS:
        if noun in lowered:
            return True
    return False


def expert_names(text: str, people: list[Mention]) -> set[str]:
    """People the text introduces as outside experts ("Li Haidong, a professor at ...")."""
    experts: set[str] = set()
    for person in people:
        after = text[person.end: person.end + 80]
        before = text[max(0, person.start - 25): person.start]
        if person.detail and _EXPERT.search(person.detail):
            experts.add(person.value)
        elif _may_name_an_expert(after) and _EXPERT_AFTER.search(after):
            experts.add(person.value)
        elif _may_name_an_expert(before) and _EXPERT_BEFORE.search(before):
            experts.add(person.value)
    return experts


def _principals(sentences: list[Sentence], people: list[Mention], experts: set[str] | None = None) -> set[str]:
    """The contact's principals: people the story names more than once, or in the first sentence that
    names anyone (the lead); never the outside experts."""
    experts = experts or set()
    counts = Counter(p.value for p in people)
    principals = {name for name, n in counts.items() if n >= 2}
    index = SpanIndex(people)
    for s in sentences:
        named = [p.value for p in index.starting_in(s.start, s.end)]
        if named:
            principals.update(named)
            break
    return principals - experts


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotations (straight or typographic quotes, «», 「」), possibly over several sentences.

    Straight quotes toggle; typographic ones open and close. Unbalanced trailing quotes (a truncated
    excerpt) produce no span."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for match in _QUOTE_PAIR.finditer(text):
        ch, pos = match.group(0), match.start()
        if open_at is None:
            if ch in _OPENERS:
                open_at = pos
        elif ch in _CLOSERS:
            spans.append((open_at, pos + 1))
            open_at = None
    return spans


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence (the shared splitter when available, else ", although"/"; ")."""
    try:
        from bot.nlp.sentences import split_clauses

        spans = split_clauses(sentence)
    except ImportError:  # pragma: no cover - the splitter ships with the package
        spans = []
    if len(spans) > 1:
        return spans
    cuts = [m.start() for m in re.finditer(r",\s+(?:although|though|while|whereas|but)\s+|;\s+", sentence)]
    bounds = [0, *cuts, len(sentence)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if sentence[bounds[i]: bounds[i + 1]].strip()]


# What follows an expert's name part when they speak ("Li said", "Li Haidong also noted"), and the verbs
# that may precede it ("said Li"). Why not a pattern per name part (`\b<part>\b\s+(?:\w+\s+)?(?:said|...)\b`,
# `(?:said|...)\s+<part>\b`, `\W*<part>\b`, tests/nlp/test_speed_paths_7.py keeps them): compiling three
# patterns for every new name part cost ~1 ms of pure-Python `re` compilation each time (callgrind, 300
# benchmark documents: ~140k of the ~240k instructions a document of `_is_expert`); the part is a
# literal, so `str.find` finds where it stands and one fixed pattern or `endswith` reads around it.
_SPEECH_AFTER_PART = re.compile(r"\s+(?:\w+\s+)?(?:said|noted|added|told|asked|argued|believes|wrote|stated)\b")
_SPEECH_BEFORE_PART = ("said", "noted", "added", "told", "asked", "argued")


def _word_boundary(text: str, at: int) -> bool:
    """`\\b` of `re` at offset `at` of `text`: a word character on exactly one side."""
    before = at > 0 and is_word_char(text[at - 1])
    after = at < len(text) and is_word_char(text[at])
    return before != after


def _speaks_in(text: str, part: str) -> bool:
    """Does `text` name `part` (a word of an expert's name) as the speaker of a reporting verb? What
    searching `\\b<part>\\b\\s+(?:\\w+\\s+)?(?:said|...)\\b` or `(?:said|...)\\s+<part>\\b` finds,
    with `part` escaped: every occurrence of `part` is tried."""
    at = text.find(part)
    while at >= 0:
        end = at + len(part)
        if _word_boundary(text, end):
            if _word_boundary(text, at) and _SPEECH_AFTER_PART.match(text, end):
                return True
            blanks = at  # `\\s+` before the part, then one of the verbs
            while blanks and text[blanks - 1].isspace():
                blanks -= 1
            if blanks < at and text.endswith(_SPEECH_BEFORE_PART, 0, blanks):
                return True
        at = text.find(part, at + 1)
    return False


def _opens_with(frame: str, part: str) -> bool:
    """Does `frame` open with `part` as a word, after non-word characters only? What
    `re.match(r"\\W*<part>\\b", frame)` finds, with `part` escaped (the `\\W*` may stop anywhere in
    the non-word run, which matters only when `part` itself opens with a non-word character)."""
    at = 0
    while True:
        if frame.startswith(part, at) and _word_boundary(frame, at + len(part)):
            return True
        if at >= len(frame) or is_word_char(frame[at]):
            return False
        at += 1
