"""Who says a quotation: parse the subject of the speech verb next to it and decide whose voice it is.

Why separate from `quotes`: finding quotation marks is mechanical, while reading "Guo Jiakun, a
spokesperson for the Chinese Foreign Ministry, said", "it asserted" or "the department said in a
press release" is grammar with many small cases. Those cases live here as pure functions over the
text and the person/government mentions already found, so each can be tested alone.

The government rule: a quotation is a government's only when its speaker speaks for one — a
minister, spokesperson, president, ministry, readout, statement, "the Japanese side", "Beijing" —
and then it is the government named in that speaker or title. Scholars, analysts, newspapers and
agencies are never a government's voice, however close to it they are.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.models import Mention
from bot.nlp import roles
from bot.nlp.governments import find_governments
from bot.nlp.spans import by_start

SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|asked|asks|noted|notes|stated|states|stressed|stresses|"
    "emphasized|emphasised|emphasizes|emphasises|underscored|underscores|claimed|claims|asserted|"
    "asserts|declared|declares|wrote|writes|explained|explains|insisted|insists|warned|warns|argued|"
    "argues|remarked|remarks|commented|comments|continued|continues|replied|replies|responded|"
    "responds|announced|announces|reported|reports|urged|urges|affirmed|affirms|reiterated|"
    "reiterates|acknowledged|acknowledges|observed|concluded|cautioned|maintained|suggested|"
    "pointed out|indicated|highlighted|recalled|conceded|admitted|accused|stating|saying|adding|"
    "noting|stressing|warning|was quoted as saying|were quoted as saying|read|reads|demanded|"
    "described|issued a statement|issued the statement|issued a readout|said in a statement"
)
_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
_AFTER_ADVERB = r"(?:(?:also|further|later|then|again|reportedly|previously|earlier|recently|[a-z]+ly)\s+)?"
_PRONOUN = re.compile(r"(?:he|she|it|they|He|She|It|They)\b")
_DETERMINERS = frozenset("the a an its his her their this that these those The A An Its His Her Their This That".split())
# Capitalised words that open a sentence but never name a speaker ("Then said Guo: ...").
_NOT_SUBJECTS = frozenset(
    "Then However Meanwhile Also Yet Still Instead Later Earlier Separately Moreover Furthermore "
    "Nonetheless Notably Previously Now Today Yesterday And But So Asked Here There Thus Hence "
    "Indeed Finally First Second Third Last Next".split()
)
_CLAUSE_STOPS = frozenset(
    "that and but which as while when because if who whom whose where said says told added noted "
    "claimed stated whether although though since after before than to of in on at by for with from "
    "is are was were be been has have had".split()
)
# Lower-case nouns that can head a speaker phrase ("the US readout", "experts", "the department").
HEAD_NOUNS = frozenset(
    "readout readouts statement statements ministry department side sides government spokesperson "
    "spokesman spokeswoman official officials experts expert analysts analyst media reports report "
    "observers agency embassy office leaders ministers source sources newspaper outlet release "
    "communique communiqué document president minister secretary leader premier counterpart "
    "administration military army navy command commander chief chiefs staff kremlin pentagon "
    "diplomat diplomats scholar scholars researchers professor officer summary account".split()
)
OFFICIAL_HEADS = frozenset(
    "readout readouts statement statements ministry department side sides government spokesperson "
    "spokesman spokeswoman official officials embassy office release communique communiqué "
    "president minister secretary leader premier counterpart administration military command "
    "commander chief chiefs staff diplomat diplomats summary account ministers leaders "
    "house kremlin pentagon white".split()
)
_RU_VERBS = (
    r"говорится|сказано|заявил\w*|сказал\w*|отметил\w*|подчеркнул\w*|сообщил\w*|сообщается|"
    r"добавил\w*|написал\w*|пояснил\w*|указал\w*|заверил\w*|передает|передаёт"
)
_RU_AFTER = re.compile(
    r"[\s,]*[—–-]+\s*(?:" + _RU_VERBS + r")\s+(?:в\s+(?P<where>[\w-]+)(?:\s+|(?=[.,;!?])|$))?"
    r"(?P<subj>[^.,;!?«»\"]{0,80})"
)
_RU_BEFORE = re.compile(r"(?P<subj>[А-ЯЁA-Z][^.,;!?«»\"]{0,80}?)\s+(?:" + _RU_VERBS + r")(?:,\s*что)?\s*:?\s*$")
_JA_AFTER = re.compile(r"\s*と(?:述べ|語っ|語り|伝え|強調し|話し|説明し|明らかにし|指摘し|表明し|発表し|記者団に)")
_JA_TOPIC = re.compile(r"(?P<subj>[^\s、。「」『』はが]{1,24}?)(?:は|が)[^。「」]*$")
_APPOSITIVE_AFTER = re.compile(r",[ \t\xa0]+(?:a|an|the|who)\b[^,\"“”«»]{1,160},")
_ACCORDING = re.compile(r"(?:[Aa]ccording to|[Cc]iting)\s+(?P<subj>[^,;:\"“”]{2,80}?)\s*,?\s*$")
_QUOTED_AS = re.compile(r"quoted\s+(?P<subj>[^,;:\"“”]{2,80}?)\s+as\s+saying")
_WORD = re.compile(r"[\w'’.\-]+")


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: what to show, the title if a person, the government if it speaks for one."""

    name: str
    title: str | None
    government: str | None
    kind: str  # "person" | "organisation" | "other"
    start: int = -1  # where the speaker phrase is in the text (-1 when resolved by reference)


class Context:
    """The text plus what is already known about it, indexed for the lookups speakers need."""

    def __init__(self, text: str, people: Sequence[Mention], governments: Sequence[Mention],
                 quoted_spans: Sequence[tuple[int, int]] = ()) -> None:
        self.text = text
        self.people = sorted((m for m in people if m.kind == "person"), key=by_start)
        self.people_starts = [m.start for m in self.people]
        self.people_by_start = {m.start: m for m in self.people}
        self.people_by_end = {m.end: m for m in self.people}
        self.governments = sorted((m for m in governments if m.kind == "government"), key=by_start)
        self.government_starts = [m.start for m in self.governments]
        self.quoted_spans = sorted(quoted_spans)
        self.titles: dict[str, list[str]] = {}  # person value -> distinct titles, in text order
        for mention in self.people:
            titles = self.titles.setdefault(mention.value, [])
            if mention.detail and mention.detail not in titles:
                titles.append(mention.detail)
        self.organisations: list[Speaker] = []  # organisation speakers seen so far, in text order

    def governments_in(self, start: int, end: int) -> list[Mention]:
        index = bisect_right(self.government_starts, start - 1)
        found = []
        while index < len(self.governments) and self.governments[index].start < end:
            if self.governments[index].end <= end:
                found.append(self.governments[index])
            index += 1
        return found

    def in_quotation(self, position: int) -> bool:
        index = bisect_right(self.quoted_spans, (position, 1 << 62))
        return bool(index) and self.quoted_spans[index - 1][0] <= position < self.quoted_spans[index - 1][1]

    def last_person_before(self, position: int) -> Mention | None:
        index = bisect_right(self.people_starts, position - 1)
        while index > 0:
            index -= 1
            mention = self.people[index]
            if mention.end <= position and not self.in_quotation(mention.start):
                return mention
        return None


# --- government decisions ---------------------------------------------------------------------


def person_speaker(context: Context, mention: Mention, title: str | None = None) -> Speaker:
    """A person speaker. Their government is the country of an official title the document gives
    them ("Japanese Defense Minister" -> JP); any scholarly or media role means no government."""
    own = title or mention.detail
    titles = [t for t in [own] + context.titles.get(mention.value, []) if t]
    shown = own or (titles[0] if titles else None)
    return Speaker(mention.value, shown, _titles_government(tuple(dict.fromkeys(titles))), "person", mention.start)


@lru_cache(maxsize=4096)
def _titles_government(titles: tuple[str, ...]) -> str | None:
    """The government of a person with these titles: none if any is a scholarly or media role, else
    that of the first official title naming one. Cached: a document gives its few titles to speaker
    after speaker, and each verdict classified and gazetteer-matched the title again (profiled)."""
    verdicts = [(t, roles.role_is_official(t)) for t in titles]
    if any(verdict is False for _, verdict in verdicts):
        return None
    for candidate, verdict in verdicts:
        if verdict:
            codes = [m.value for m in find_governments(candidate)]
            government = codes[0] if codes else roles.title_country(candidate)
            if government:
                return government
    return None


def phrase_speaker(context: Context, start: int, end: int) -> Speaker | None:
    """A non-person speaker phrase: "the US readout", "the Japanese Ministry of Defense", "Beijing",
    "the Japanese side" (a government's voice), or "Reuters", "experts", "the Global Times" (not)."""
    text = context.text
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?"):
        end -= 1
    phrase = " ".join(text[start:end].split())
    if not phrase:
        return None
    governments = context.governments_in(start, end)
    blanked = list(text[start:end])
    for mention in governments:
        for i in range(mention.start - start, mention.end - start):
            blanked[i] = " "
    rest = [w.lower().strip(".’'") for w in _WORD.findall("".join(blanked))]
    rest = [w for w in rest if w and w not in _LOWER_DETERMINERS]
    verdict = roles.role_is_official(phrase)
    if verdict is False:
        return Speaker(phrase, None, None, "other", start)
    official = verdict is True or any(w in OFFICIAL_HEADS for w in rest) or (governments and not rest)
    if not official:
        return Speaker(phrase, None, None, "other", start)
    government = governments[0].value if governments else roles.title_country(phrase)
    if government is None and phrase.lower().startswith("the "):
        government = _previous_organisation_government(context, start)  # "the department said"
    return Speaker(phrase, None, government, "organisation", start)


_LOWER_DETERMINERS = frozenset(w.lower() for w in _DETERMINERS)


def _previous_organisation_government(context: Context, position: int) -> str | None:
    """"the department", "the statement": the government of the last organisation speaker before."""
    for speaker in reversed(context.organisations):
        if speaker.start < position and speaker.government:
            return speaker.government
    return None


def resolve_pronoun(context: Context, pronoun: str, position: int) -> Speaker | None:
    """"he"/"she" -> the most recent person named outside quotations; "it" -> the last organisation
    speaker (or the last organisation named as a subject in the preceding text); "they" -> None."""
    lowered = pronoun.lower()
    if lowered in ("he", "she"):
        mention = context.last_person_before(position)
        return person_speaker(context, mention) if mention else None
    if lowered == "it":
        organisation = _organisation_subject_before(context, position)
        previous = next((s for s in reversed(context.organisations) if s.start < position), None)
        if organisation and (previous is None or organisation.start > previous.start):
            return organisation
        return previous
    return None


_ORGANISATION = re.compile(
    r"(?:the|The)\s+(?:[A-Z][\w’'.\-]*\s+){0,5}(?:Ministry|Department|House|Kremlin|Pentagon|Office|"
    r"Government|government|Embassy|Council|ministry|department|readout|statement|side)"
    r"(?:\s+of(?:\s+the)?(?:\s+[A-Z][\w’'.\-]*){1,4})?(?=\s+(?:also\s+)?[a-z]+(?:ed|s)\b)"
)


def _organisation_subject_before(context: Context, position: int) -> Speaker | None:
    """The last organisation named as the subject of a verb in the ~600 characters before."""
    window_start = max(0, position - 600)
    last = None
    for match in _ORGANISATION.finditer(context.text, window_start, position):
        if not context.in_quotation(match.start()):
            last = match
    if last is None:
        return None
    return phrase_speaker(context, last.start(), last.end())


# --- subject parsing ------------------------------------------------------------------------------


# Characters a subject noun phrase does not run across. A set: testing the few characters between
# two words against it replaced a generator over these twelve for every word (profiled).
_PHRASE_BREAKS = frozenset(",;:()\"“”«»—")


def _np_backwards(text: str, lower: int, end: int) -> tuple[int, int] | None:
    """The noun phrase that ends at `end` (a verb's subject), at most 9 words, not crossing `lower`
    or punctuation: "the Japanese Ministry of Defense", "the US readout", "experts"."""
    segment = text[lower:end]
    words = list(_WORD.finditer(segment))
    if not words or words[-1].group(0).lower() in _CLAUSE_STOPS or words[-1].group(0) in _NOT_SUBJECTS:
        return None
    chosen = len(words) - 1
    index = chosen - 1
    while index >= 0 and len(words) - index <= 9:
        word = words[index].group(0)
        between = segment[words[index].end():words[index + 1].start()]
        if not _PHRASE_BREAKS.isdisjoint(between):
            break
        lowered = word.lower()
        following = words[index + 1].group(0)
        if lowered in ("of", "for"):
            if not (following[0].isupper() or following.lower() == "the"):
                break
        elif word in _DETERMINERS:
            chosen = index
            before = words[index - 1].group(0).lower() if index else ""
            if before not in ("of", "for"):
                break
            index -= 1
            continue
        elif lowered in _CLAUSE_STOPS or word in _NOT_SUBJECTS:
            break
        chosen = index
        index -= 1
    while words[chosen].group(0).lower() in ("of", "for"):
        chosen += 1
    first = words[chosen].group(0)
    last = words[-1].group(0).lower().strip(".’'")
    if not (first[0].isupper() or first in _DETERMINERS or last in HEAD_NOUNS):
        return None
    if not (words[-1].group(0)[0].isupper() or last in HEAD_NOUNS):
        return None
    return lower + words[chosen].start(), lower + words[-1].end()


# Compiled once (profiled: looking them up in `re`'s cache per call, ~0.4 µs each, added up over
# the ~20 calls a document).
_ADVERB_AT_END = re.compile(r"(?:^|\s)(?:also|further|later|then|again|[a-z]+ly)$")
_APPOSITIVE_AT_END = re.compile(r",[ \t\xa0]+(?:a|an|the|who)\b([^,\"“”«»]{1,160}),$")
_PRONOUN_AT_END = re.compile(r"(?<!\w)(he|she|it|they|He|She|It|They)$")
_AFTER_QUOTE_GAP = re.compile(r"[\s,]*(?:[—–-]+\s*)?")
_SUBJECT_AFTER_VERB = re.compile(
    r"(?:(?:the|a|an|its|The)\s+)?(?:[\w’'.\-]+)(?:\s+[\w’'.\-]+){0,5}?"
    r"(?=\s*(?:[,.;:!?]|$|\s+(?:on|in|at|to|after|before|during)\b))"
)


def subject_before(context: Context, lower: int, verb_start: int) -> Speaker | None:
    """The speaker whose verb starts at `verb_start`, reading backwards (not before `lower`)."""
    text = context.text
    end = verb_start
    while end > lower and text[end - 1].isspace():
        end -= 1
    adverb = _ADVERB_AT_END.search(text[max(lower, end - 20):end])
    if adverb:
        end = max(lower, end - 20) + adverb.start()
        while end > lower and text[end - 1].isspace():
            end -= 1
    title = None
    if end > lower and text[end - 1] == ",":
        appositive = _APPOSITIVE_AT_END.search(text[max(lower, end - 200):end])
        if not appositive:
            return None
        title = " ".join(appositive.group(1).split())
        end = max(lower, end - 200) + appositive.start()
    mention = context.people_by_end.get(end)
    if mention and mention.start >= lower:
        return person_speaker(context, mention, title)
    pronoun = _PRONOUN_AT_END.search(text[max(lower, end - 5):end])
    if pronoun:
        return resolve_pronoun(context, pronoun.group(1), end)
    span = _np_backwards(text, lower, end)
    if span is None:
        return None
    return phrase_speaker(context, *span)


_SUBJECT_AFTER = re.compile(
    r"(?P<np>(?:(?:the|a|an|its|his|her|their|The|A|An)\s+)?(?:[\w’'.\-]+\s+){0,6}?)"
    rf"{_AFTER_ADVERB}(?:{SPEECH_VERBS})\b"
)
_VERB_FIRST = re.compile(rf"(?:{SPEECH_VERBS})\s+")


def subject_after(context: Context, position: int, limit: int) -> Speaker | None:
    """The speaker named right after a closing quotation mark: '," Li said', '," said Guo',
    '," Guo Jiakun, a spokesperson ..., said', '," it asserted', '," the US readout said'."""
    text = context.text
    match = _AFTER_QUOTE_GAP.match(text, position, limit)
    cursor = match.end() if match else position
    verb_first = _VERB_FIRST.match(text, cursor, limit)
    if verb_first:
        cursor = verb_first.end()
        mention = context.people_by_start.get(cursor)
        if mention:
            return person_speaker(context, mention)
        span = _SUBJECT_AFTER_VERB.match(text, cursor, limit)
        return phrase_speaker(context, span.start(), span.end()) if span else None
    mention = context.people_by_start.get(cursor)
    if mention:
        rest = mention.end
        appositive = _APPOSITIVE_AFTER.match(text, rest, limit)
        title = None
        if appositive:
            title = " ".join(appositive.group(0).strip(", ").split(None, 1)[-1].split())
            rest = appositive.end()
        verb = re.compile(rf"\s+{_AFTER_ADVERB}(?:{SPEECH_VERBS})\b").match(text, rest, limit)
        return person_speaker(context, mention, title) if verb else None
    pronoun = _PRONOUN.match(text, cursor, limit)
    if pronoun:
        verb = re.compile(rf"\s+{_AFTER_ADVERB}(?:{SPEECH_VERBS})\b").match(text, pronoun.end(), limit)
        return resolve_pronoun(context, pronoun.group(0), cursor) if verb else None
    subject = _SUBJECT_AFTER.match(text, cursor, limit)
    if subject and subject.group("np").strip():
        np_start, np_end = subject.start("np"), subject.end("np")
        while np_end > np_start and text[np_end - 1].isspace():
            np_end -= 1
        words = text[np_start:np_end].split()
        first = words[0]
        if first[0].isupper() or first in _DETERMINERS or words[-1].lower() in HEAD_NOUNS:
            return phrase_speaker(context, np_start, np_end)
    return None


# Verbs that take their subject after them ('said Guo:'); "told Biden," names the listener instead.
_INVERTING = frozenset("said says added adds asked asks continued wrote writes noted replied".split())
_GAP_AFTER_VERB = re.compile(r"[ \t\xa0]+")
_TO_QUOTE = re.compile(r"[ \t\xa0]*[:,—–]?[ \t\xa0]*$")


def speaker_before(context: Context, lower: int, position: int) -> Speaker | None:
    """The speaker introduced before an opening quotation mark in the same sentence: 'said Guo: "',
    'Koizumi said, "', 'the Ministry claimed that ... "', 'According to the White House, "'."""
    text = context.text
    according = _ACCORDING.search(text, lower, position)
    if according and according.end() >= position - 2:
        return phrase_speaker(context, according.start("subj"), according.end("subj"))
    quoted_as = None
    for quoted_as in _QUOTED_AS.finditer(text, lower, position):
        pass
    verbs = list(_VERB.finditer(text, lower, position))
    for verb in reversed(verbs):
        if context.in_quotation(verb.start()):
            continue
        if quoted_as and quoted_as.start() <= verb.start() < quoted_as.end():
            span = (quoted_as.start("subj"), quoted_as.end("subj"))
            mention = context.people_by_start.get(span[0])
            return person_speaker(context, mention) if mention else phrase_speaker(context, *span)
        gap = _GAP_AFTER_VERB.match(text, verb.end(), position) if verb.group(0) in _INVERTING else None
        mention = context.people_by_start.get(gap.end()) if gap else None
        if mention and _TO_QUOTE.match(text, mention.end, position):  # 'said Guo: "'
            return person_speaker(context, mention)
        speaker = subject_before(context, lower, verb.start())
        if speaker is not None:
            return speaker
    return None


def russian_speaker(context: Context, lower: int, open_at: int, close_at: int, limit: int) -> Speaker | None:
    """'«...», — говорится в заявлении Минобороны' and 'Шойгу заявил: «...»'."""
    text = context.text
    after = _RU_AFTER.match(text, close_at, limit)
    if after:
        start, end = after.start("subj"), after.end("subj")
        while end > start and text[end - 1].isspace():
            end -= 1
        mention = context.people_by_start.get(start)
        if mention:
            return person_speaker(context, mention)
        if end > start:
            return phrase_speaker(context, start, end)
        if after.group("where"):  # "— сказано в сообщении": the statement named before, if any
            return resolve_pronoun(context, "it", close_at)
        return None
    before = _RU_BEFORE.search(text, lower, open_at)
    if before:
        start = before.start("subj")
        mentions = [m for m in context.people if start <= m.start < before.end("subj")]
        if mentions:
            return person_speaker(context, mentions[-1])
        return phrase_speaker(context, start, before.end("subj"))
    return None


def japanese_speaker(context: Context, lower: int, open_at: int, close_at: int, limit: int,
                     previous_line: tuple[int, int] | None) -> Speaker | None:
    """'小泉防衛相は…「…」と伝えました' and a caption line naming the speaker above the quotation."""
    text = context.text
    if _JA_AFTER.match(text, close_at, limit) or not text[lower:open_at].strip():
        topic = _JA_TOPIC.search(text, lower, open_at)
        if topic:
            mentions = [m for m in context.people if topic.start("subj") <= m.start < topic.end("subj")]
            if mentions:
                return person_speaker(context, mentions[0])
            return phrase_speaker(context, topic.start("subj"), topic.end("subj"))
    if previous_line and not text[lower:open_at].strip():
        line_start, line_end = previous_line
        mentions = [m for m in context.people if line_start <= m.start < line_end]
        if mentions and line_end - line_start <= 40:
            return person_speaker(context, mentions[0])
    return None
