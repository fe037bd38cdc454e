"""The vocabulary of diplomatic readouts that divergence detection relies on (EN, RU, some JA).

Readouts are formulaic: governments signal displeasure with a small stock of phrases ("serious
concern", "firmly opposes", "play with fire", "not conducive to regional peace and stability"), say who
asked for a call ("at the request of", "по просьбе") and grade the tone ("candid", "constructive").
Whether the *other* government repeats such a phrase is the most reliable divergence signal there is,
so the phrases live here as data, grouped into concepts that are shared across languages: "deep
concern", "серьёзная обеспокоенность" and "深刻な懸念" are one concept, and saying any of them echoes
the others.

Nothing here names a person, an event or a document: this is general diplomatic wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache


def ascii_form(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` compiled with re.ASCII (and its other flags): the same matches on ASCII text,
    found faster (see `by_script`)."""
    return re.compile(_ascii_source(pattern.pattern), (pattern.flags & ~re.UNICODE) | re.ASCII)


# What `\s` matches among ASCII characters (str.isspace: \t \n \v \f \r, the four separators
# \x1c-\x1f, and the space), inside a character class.
_ASCII_SPACES = r"\t-\r\x1c- "


def _ascii_source(source: str) -> str:
    """`source` for re.ASCII with the matches it has without the flag, on ASCII text.

    re.ASCII changes `\\w`, `\\W`, `\\d`, `\\D`, `\\b`, `\\B` only for non-ASCII characters, but its
    `\\s` leaves out \\x1c-\\x1f, which Unicode counts as space: `\\s` is spelled out
    (`_ASCII_SPACES`). `\\S` is refused rather than rewritten (no vocabulary uses it)."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            escape = source[i: i + 2]
            if escape == r"\S":
                raise ValueError(f"\\S in {source!r}")
            if escape == r"\s":
                escape = _ASCII_SPACES if in_class else f"[{_ASCII_SPACES}]"
            out.append(escape)
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


@dataclass(frozen=True)
class Cue:
    """One family of wording. `concept` is language-neutral; `label` is how a summary names it.

    `folded` cues are written in lower case and matched case-sensitively against the lower-cased
    text, which Python's `re` does several times faster than IGNORECASE (divergence of an event
    must take milliseconds); the others (patterns that need capitals) use IGNORECASE."""

    concept: str
    label: str
    pattern: re.Pattern[str]
    weight: float = 1.0
    folded: bool = True
    anchors: tuple[str, ...] = ()  # lower-case substrings one of which every match contains
    # `pattern` for ASCII text (`ascii_form`: the same matches there; profiled: the IGNORECASE
    # initiative cues' scan of a statement a third cheaper, the folded strong wording 5%)
    ascii_pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ascii_pattern", ascii_form(self.pattern))

    def could_match(self, low: str) -> bool:
        """A cheap pre-check on the lower-cased text before the regular expression runs."""
        return not self.anchors or any(map(low.__contains__, self.anchors))


def _cue(concept: str, label: str, *patterns: str, weight: float = 1.0, folded: bool = True,
         anchors: tuple[str, ...] = ()) -> Cue:
    source = "|".join(f"(?:{p})" for p in patterns)
    return Cue(concept, label, re.compile(source, 0 if folded else re.IGNORECASE), weight, folded, anchors)


# Strong wording: a government choosing one of these, and the other not echoing it, is a finding of
# type `unechoed_wording`. Weights say how loud the phrase is.
STRONG_WORDING: tuple[Cue, ...] = (
    _cue(
        "grave_concern",
        "serious concern",
        r"\b(?:serious|grave|deep|strong|great)(?:est)?\s+concerns?\b",
        r"\b(?:seriously|gravely|deeply|strongly)\s+concerned\b",
        r"(?:серь[её]зн|глубок|крайн|сильн)\w*\s+(?:обеспокоенн|озабоченн)\w*",
        r"(?:серь[её]зно|глубоко|крайне)\s+(?:обеспокоен|озабочен)\w*",
        r"(?:深刻な|重大な|強い)懸念",
        anchors=("concern", "обеспокоен", "озабочен", "懸念"),
    ),
    _cue(
        "serious_harm",
        "serious difficulties",
        r"\bserious(?:ly)?\s+(?:difficult(?:y|ies)|damage[sd]?|consequences|harm(?:ed)?|setbacks?|risks?|threats?)\b",
        r"серь[её]зн\w*\s+(?:трудност|ущерб|последстви|угроз|риск)\w*",
        r"深刻な(?:困難|影響|脅威)",
        weight=0.8,
        anchors=("serious", "серьезн", "серьёзн", "深刻な"),
    ),
    _cue(
        "firm_opposition",
        "firmly opposes",
        r"\b(?:firmly|strongly|resolutely|categorically|vehemently)\s+(?:oppos\w*|reject\w*|condemn\w*)\b",
        r"\b(?:firm|strong|resolute)\s+opposition\b",
        r"(?:решительно|категорически|твёрдо|твердо)\s+(?:против|выступа\w*\s+против|отверга\w*|осужда\w*)",
        r"断固(?:として)?(?:反対|拒否)",
        anchors=("oppos", "reject", "condemn", "против", "отверга", "осужда", "断固"),
    ),
    _cue(
        "not_conducive",
        "not conducive to peace and stability",
        r"\b(?:not|never|hardly)\s+(?:be\s+)?(?:conducive|contribut\w*|helpful|beneficial)\s+to\b",
        r"\bundermin\w*\s+(?:regional\s+)?(?:peace|stability)",
        r"\bне\s+(?:способству\w*|отвеча\w*\s+интересам)",
        r"資する(?:もの)?ではな|寄与しな",
        anchors=("conducive", "contribut", "helpful", "beneficial", "undermin", "способству", "интересам", "資する", "寄与しな"),
    ),
    _cue("play_with_fire", "play with fire", r"\bplay(?:s|ed|ing)?\s+with\s+fire\b", r"\bget(?:s)?\s+burn(?:ed|t)\b",
         r"игра\w*\s+с\s+огн\w*", r"火遊び", anchors=("fire", "burn", "огн", "火遊び")),
    _cue("red_line", "red line", r"\bred\s+lines?\b", r"красн\w+\s+(?:черт|лини)\w*", r"レッドライン", anchors=("red", "красн", "レッドライン")),
    _cue("doomed", "doomed to fail", r"\bdoomed\s+to\s+(?:fail\w*|defeat)\b", r"\bbound\s+to\s+fail\b",
         r"\bwill\s+(?:never|not)\s+succeed\b", r"\bwill\s+end\s+in\s+failure\b",
         r"обреч[её]н\w*\s+на\s+(?:провал|неудач)\w*", r"失敗する運命", anchors=("doomed", "bound", "succeed", "failure", "обреч", "失敗する運命")),
    _cue("provocation", "provocation", r"\bprovocat\w+\b", r"провокац\w+", r"挑発", anchors=("provocat", "провокац", "挑発")),
    _cue("interference", "interference in internal affairs", r"\binterfer\w*\s+in\b", r"\binterference\b",
         r"вмешательств\w*\s+во?\s+внутренн\w*", r"内政干渉", anchors=("interfer", "вмешательств", "内政干渉")),
    _cue("pretext", "pretext", r"\bpretexts?\b", r"\bпредлог(?:а|ом|ов|и)?\b", r"口実", anchors=("pretext", "предлог", "口実")),
    _cue("illegitimate", "illegal / unjustified", r"\b(?:illegal|unlawful|unjustified|unjustifiable|unprovoked|illegitimate)\b",
         r"(?:незаконн|неоправданн|неспровоцированн|нелегитимн|противоправн)\w*", r"違法|不当な", anchors=("illegal", "unlawful", "unjustif", "unprovoked", "illegitimate", "незаконн", "неоправданн", "неспровоцированн", "нелегитимн", "противоправн", "違法", "不当な")),
    _cue("aggression", "aggression", r"\baggression\b", r"\bagressor\b", r"агресси\w+", r"侵略", anchors=("aggression", "agressor", "агресси", "侵略")),
    _cue("condemnation", "condemns", r"\bcondemn\w*\b", r"\bdenounc\w*\b", r"\bосужда\w*|\bосуди\w*", r"非難", anchors=("condemn", "denounc", "осужда", "осуди", "非難")),
    _cue("atrocity", "barbaric / terrorist", r"\bbarbar\w+\b", r"\bterroris[tm]\w*\b", r"\batrocit\w+\b",
         r"варварск\w*", r"террорист\w*|терроризм\w*", r"зверств\w*", r"テロ", anchors=("barbar", "terroris", "atrocit", "варварск", "террорист", "терроризм", "зверств", "テロ")),
    _cue("coercion", "coercion", r"\bcoerci\w+\b", r"принужден\w*", r"威圧", anchors=("coerci", "принужден", "威圧")),
    _cue("hostile_intent", "regime change / containment", r"\bregime\s+change\b", r"\bcontainment\b",
         r"\bcontain(?:ing)?\s+china\b", r"\bstrangulation\b", r"\bencircl\w+\b",
         r"смен\w*\s+режим\w*", r"сдерживани\w*", r"封じ込め", anchors=("regime", "containment", "contain", "strangulation", "encircl", "смен", "сдерживани", "封じ込め")),
    _cue("unacceptable", "unacceptable", r"\bunacceptable\b", r"неприемлем\w*", r"容認できない|受け入れられない", anchors=("unacceptable", "неприемлем", "容認できない", "受け入れられない")),
    _cue("violation", "violated", r"\bviolat\w+\b", r"\bsabotag\w+\b", r"наруш(?:ил|ал|ени|ен)\w*", r"саботир\w*|саботаж\w*", r"違反", anchors=("violat", "sabotag", "наруш", "саботир", "саботаж", "違反")),
    _cue("root_causes", "root causes", r"\broot\s+causes?\b", r"первопричин\w*|коренн\w+\s+причин\w*", r"根本原因", anchors=("root", "первопричин", "причин", "根本原因")),
    _cue("protest", "protest", r"\b(?:strong|solemn)\s+(?:protests?|representations|dissatisfaction)\b",
         r"\blodged\s+(?:a\s+)?(?:protest|representations)\b", r"\bdissatisfaction\b",
         r"(?:реш[иы]тельн|официальн)\w*\s+протест\w*", r"抗議|遺憾", anchors=("protest", "representations", "dissatisfaction", "протест", "抗議", "遺憾")),
    _cue("hegemony", "hegemony / bullying", r"\bhegemon\w*\b", r"\bbully\w*\b", r"\bcold\s+war\s+mentality\b",
         r"гегемон\w*", r"覇権", anchors=("hegemon", "bully", "cold", "гегемон", "覇権")),
    _cue("resolve", "resolutely", r"\bresolutely\b", r"\bunwaveringly\s+defend\w*\b", r"\bнепреклонно\b", r"毅然と", anchors=("resolutely", "unwaveringly", "непреклонно", "毅然と")),
    _cue("condition", "key condition / precondition",
         r"\b(?:key|main|essential|necessary|indispensable|only|basic)\s+(?:pre)?conditions?\b", r"\bpreconditions?\b",
         r"\bprerequisites?\b", r"\bon\s+(?:the\s+)?condition\s+that\b", r"\bdemand(?:ed|s)?\s+that\b",
         r"(?:ключев|главн|необходим|обязательн|непременн|предварительн)\w*\s+услови\w*", r"\bпри\s+условии\b",
         r"前提条件|条件として", weight=0.8,
         anchors=("condition", "prerequisite", "demand", "услови", "条件")),
    _cue("warning", "warned", r"\bwarn(?:ed|s|ing)?\s+(?:against|that|of)\b", r"\bпредостер\w+|\bпредупредил\w*\s+о\b",
         r"警告", weight=0.7, anchors=("warn", "предостер", "предупредил", "警告")),
)

# Who initiated the contact, or whose proposal it was: a `framing` finding when only one side says it
# (and a `contradiction` when both say it and disagree).
INITIATIVE_CUES: tuple[Cue, ...] = (
    _cue(
        "requested",
        "says who requested the call",
        r"\bat\s+the\s+(?:request|invitation|initiative)\s+of\b",
        r"\bat\s+(?:his|her|their|the\s+\w+(?:'s)?|[A-Z]\w+(?:'s)?)\s+(?:request|invitation|initiative)\b",
        r"\b(?:upon|on)\s+(?:the\s+)?(?:request|initiative)\b",
        r"\brequested\s+(?:a|the|this|another|second)?\s*(?:\w+\s+)?(?:phone\s+)?(?:call|talks?|conversation|meeting|contact)\b",
        r"\b(?:initiated|sought|asked\s+for)\s+(?:a|the|this)\s+(?:phone\s+)?(?:call|talks?|conversation|meeting)\b",
        r"\bwho\s+(?:had\s+)?(?:requested|initiated|asked\s+for)\b",
        r"по\s+(?:просьбе|инициативе|приглашению)", r"запросил\w*|инициировал\w*|попросил\w*\s+о\s+(?:разговор|звонк)",
        r"の要請(?:により|で|を受け)|の求めに応じ",
        folded=False, anchors=("request", "invitation", "initiative", "initiated", "sought", "asked for", "просьбе", "инициатив", "приглашению", "запросил", "инициировал", "попросил", "要請", "求めに応じ")),
    _cue(
        "proposed",
        "says whose proposal it was",
        r"\b(?:[A-Z]\w+|he|she|they)\s+(?:proposed|suggested|put\s+forward)\b",
        r"\bat\s+\w+(?:'s)?\s+suggestion\b",
        r"по\s+предложению", r"\bпредложил\w*", r"提案(?:し|により)",
        weight=0.7, anchors=("propos", "suggest", "put forward", "предложени", "предложил", "提案")),
)

# How a side grades the tone of the talks. "Candid"/"frank" is diplomatic code for disagreement,
# "constructive"/"productive" for a good meeting: a framing finding when the two sides grade the same
# conversation in different registers.
TONE_CUES: tuple[Cue, ...] = (
    _cue("guarded", "candid / frank",
         r"\b(?:candid(?:ly)?|frank(?:ly)?|blunt(?:ly)?|straightforward(?:ly)?|forthright(?:ly)?)\b",
         r"откровенн\w*|прям\w*\s+и\s+откровенн\w*|нелицеприятн\w*", r"率直", anchors=("candid", "frank", "blunt", "straightforward", "forthright", "откровенн", "нелицеприятн", "率直")),
    _cue("positive", "constructive / productive",
         r"\b(?:constructive|productive|fruitful|positive|friendly|warm|cordial|excellent|very\s+good|great)\s+"
         r"(?:conversation|call|talks?|discussion|exchange|meeting|dialogue|manner|atmosphere)\b",
         r"\b(?:constructive(?:ly)?|productive|fruitful|cordial)\b",
         r"конструктивн\w*|продуктивн\w*|плодотворн\w*|дружеск\w*|тепл\w*\s+атмосфер\w*|позитивн\w*",
         r"建設的|有意義|友好的", anchors=("constructive", "productive", "fruitful", "positive", "friendly", "warm", "cordial", "excellent", "very good", "great", "конструктивн", "продуктивн", "плодотворн", "дружеск", "тепл", "позитивн", "建設的", "有意義", "友好的")),
)

# How a side frames the relationship itself: rivalry words one side uses and the other avoids
# ("responsibly manage the competition" vs "if China and the United States confront each other").
RELATIONSHIP_CUES: tuple[Cue, ...] = (
    _cue("competition", "competition", r"\bcompetition\b", r"\bcompetitors?\b", r"\bcompet(?:e|ing)\s+with\b",
         r"\bstrategic\s+competition\b", r"конкуренци\w*|соперничеств\w*", r"競争", anchors=("compet", "конкуренци", "соперничеств", "競争")),
    _cue("confrontation", "confrontation", r"\bconfront\w*\b", r"\bzero-sum\b", r"\bcold\s+war\b",
         r"\badversar\w+\b", r"\brival(?:ry|s)?\b", r"противосто\w*|конфронтац\w*|холодн\w+\s+войн\w*", r"対立|対抗", anchors=("confront", "zero-sum", "cold", "adversar", "rival", "противосто", "конфронтац", "холодн", "対立", "対抗")),
)

# Pattern -> the same pattern without its non-ASCII alternatives (`by_script`).
_ASCII_FORM: dict[re.Pattern[str], re.Pattern[str]] = {}


def by_script(latin: str, other: str) -> re.Pattern[str]:
    """The pattern `latin|other`, remembering `latin` alone as its form for ASCII text.

    `other` holds the Cyrillic and Japanese alternatives, each of which needs a non-ASCII character
    to match: on ASCII text (nearly every statement) they can never match, yet `re` tried them at
    every position (profiled: INCIDENT 7.0 -> 3.0 us a statement without them). `search` and
    `finditer` below use the ASCII form there; the matches are the same, `latin` being tried first.

    The ASCII form is compiled with re.ASCII (`_ascii_source`): its `\\b` and `\\w` then test a
    character with a table lookup instead of Unicode's category functions, the same answer on
    ASCII text (profiled: these searches a third faster)."""
    pattern = re.compile(f"{latin}|{other}")
    _ASCII_FORM[pattern] = ascii_form(re.compile(latin))
    return pattern


def for_text(pattern: re.Pattern[str], text: str) -> re.Pattern[str]:
    """`pattern`, or its ASCII form when `text` is ASCII (the same matches, found faster)."""
    return _ASCII_FORM.get(pattern, pattern) if text.isascii() else pattern


# Salience of an item that only one side mentions (an `omission`): what makes it worth an alert
# rather than a routine difference in detail.
INCIDENT = by_script(
    r"\b(?:incidents?|radar|collisions?|attacks?|strikes?|shot\s+down|crash\w*|explosions?|casualt\w+|"
    r"hurricane|earthquake|typhoon|floods?|killed|deaths?|bomb\w*|drones?|intrusions?|incursions?|"
    r"illuminat\w+|joint\s+flights?|missiles?\s+launch\w*|hostages?|detain\w*|arrest\w*|sanctions?|"
    r"surrender\w*|mobiliz\w+|mobilis\w+|ceasefire|cease-fire|truce|prisoners?|nuclear)\b",
    r"инцидент\w*|атак\w*|удар\w*|жертв\w*|гибел\w*|катастроф\w*|беспилотн\w*|санкци\w*|мобилизац\w*|"
    r"перемири\w*|капитуляц\w*|пленн\w*|ядерн\w*|"
    r"事案|事件|照射|攻撃|衝突|事故|制裁|共同飛行|核",
)
AGREEMENT = by_script(
    r"\b(?:agreed|agreement|concurred|decided|will\s+hold|set\s+up|arrange\w*|signed|deals?|"
    r"commit(?:ted|ment)\s+to|confirmed\s+(?:that|plans?)|will\s+visit|invited)\b",
    r"договорил\w*|согласовал\w*|условил\w*|соглашени\w*|решили|пригласил\w*|"
    r"一致|合意|調整",
)
CONDITION = by_script(
    r"\b(?:conditions?|demand\w*|insist\w*|must|need\s+to\s+(?:stop|end|halt)|should\s+never|never\s+be|"
    r"key\s+condition|ultimatum|guarantee\w*)\b",
    r"услови\w*|требова\w*|необходимо\w*|должн\w*\s+быть|гарант\w*",
)
GESTURE = by_script(
    r"\b(?:condolences?|sympath\w+|congratulat\w+|thanked|gratitude|apolog\w+)\b",
    r"соболезновани\w*|поздрави\w*|благодарн\w*|извин\w*|弔意|祝意|謝意",
)
# Substantive security and economic measures: what a readout commits to, beyond courtesies.
POLICY = by_script(
    r"\b(?:defen[cs]e\s+(?:spending|budget)|spending|budget|exercises?|drills?|training|deploy\w*|arms\s+sales?|"
    r"weapons?|troops|bases?|tariffs?|trade\s+deals?|economic\s+deals?|investments?|aid|assistance|"
    r"intelligence|production|procurement|export\s+controls?|proliferation|negotiations?|sovereignty|territor\w+)\b",
    r"учени\w*|вооружени\w*|войск\w*|помощ\w*|разведданн\w*|переговор\w*|суверенитет\w*|"
    r"防衛費|訓練|演習|配備|防衛力",
)
EMPHASIS = by_script(
    r"\b(?:underscored|stressed|emphasi[sz]ed|reiterated|made\s+clear|pointed\s+out|insisted|"
    r"reaffirmed|highlighted)\b",
    r"подчеркн\w*|заяви\w*|отметил\w*|強調",
)

# Negation, for contradictions of polarity between aligned statements.
NEGATION = by_script(
    r"\b(?:not|no|never|nor|neither|without|cannot|n't)\b",
    r"\b(?:не|нет|ни|никогда|без)\b|(?:ない|ません|ず[、。]?)",
)


# Entries of the caches keyed by a statement's or item's text (here, in bot.divergence_text and in
# bot.divergence). Their hits are mostly within one event (its ~45 statements and their items are
# read by every check) and in boilerplate that recurs across events. A pool worker keeps them for
# the whole import: at 16,384 entries (8,192 for the statement pieces) they held 33 MB a worker
# after 2,095 events, at 4,096 14 MB, for 2-7 % more misses (measured); an import of 100k documents
# with its two workers had peaked at 337 MB.
TEXT_CACHE_SIZE = 4096
_LOWER_SIZE = TEXT_CACHE_SIZE  # texts (an event's statements and items are a few dozen)


class _Lower(dict[str, str]):
    """Text -> `text.lower()`, filled on first sight. A statement's text (usually also its only
    item's) is lowered by every check that reads it: frame and clause words, cues, tokens, units,
    salience, negation (profiled: ~300 `lower` calls an event, four in five repeats, each a new
    string whose hash every cached lookup keyed by it computed again). From here, one string a
    text, hashed once. Emptied when full (bounded memory; it refills from what is read next)."""

    def __missing__(self, text: str) -> str:
        if len(self) >= _LOWER_SIZE:
            self.clear()
        low = self[text] = text.lower()
        return low


_LOWER = _Lower()
# lower(text) == text.lower(), remembered
lower = _LOWER.__getitem__


def lowered(text: str) -> str:
    """Lower-cased text of the same length (so spans map back); the text itself when no such form."""
    low = _LOWER.get(text)
    if low is None:  # most misses are here: filled as `_Lower.__missing__` does, without its frame
        if len(_LOWER) >= _LOWER_SIZE:
            _LOWER.clear()
        low = _LOWER[text] = text.lower()
    return low if len(low) == len(text) else text


_FAMILY_ANCHORS: dict[int, tuple[re.Pattern[str], re.Pattern[str]] | None] = {}


def _family_anchors(cues: tuple[Cue, ...]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """Patterns that find any anchor of a family of cues: one for all anchors, one for ASCII text
    with only the ASCII anchors (a Cyrillic or Japanese anchor cannot occur in it); None when a cue
    has no anchors. Most statements carry no cue at all, and one scan rules the whole family out
    before any cue's own loop runs. Profiled: ~100 plain `in` tests per family were a sixth of an
    event's item building; the prefix-factored pattern (`_any_of`) scans the text once."""
    key = id(cues)
    if key not in _FAMILY_ANCHORS:
        anchored = all(c.anchors for c in cues)
        distinct = tuple(dict.fromkeys(a for c in cues for a in c.anchors))
        ascii_only = tuple(a for a in distinct if a.isascii())
        _FAMILY_ANCHORS[key] = (_any_of(distinct), _any_of(ascii_only)) if anchored else None
    return _FAMILY_ANCHORS[key]


def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern that occurs in a text exactly when one of `words` does, as a trie ("con(?:cern|
    demn)|..."): `re` tries only the branches that start with the character at hand, where a flat
    alternation tries every word at every position (measured 3x slower)."""
    if not words:
        return re.compile(r"(?!)")  # occurs nowhere
    return re.compile(_trie(words))


def _trie(words: tuple[str, ...]) -> str:
    if "" in words:
        return ""  # a word ends here: it occurs whenever any longer word of this branch does
    branches: dict[str, list[str]] = {}
    for word in words:
        branches.setdefault(word[0], []).append(word[1:])
    alternatives = [re.escape(first) + _trie(tuple(rests)) for first, rests in branches.items()]
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def _find(cues: tuple[Cue, ...], text: str) -> list[tuple[Cue, str]]:
    low = lowered(text)
    ascii_text = low.isascii()  # and so is `text`
    offset = _FAMILY_OFFSETS.get(id(cues))
    if ascii_text and offset is not None:
        return _find_ascii(offset, len(cues), text, low)
    found: list[tuple[Cue, str]] = []
    family = _family_anchors(cues)
    if family is not None and family[ascii_text].search(low) is None:
        return found
    for cue in cues:
        if not cue.could_match(low):
            continue
        match = (cue.ascii_pattern if ascii_text else cue.pattern).search(low if cue.folded else text)
        if match:
            found.append((cue, text[match.start(): match.end()]))
    return found


def _atoms(source: str) -> list[str]:
    """`source` (a word of a vocabulary: literals, escapes, classes, (?:groups), quantifiers) as a
    list of atoms, each with its quantifier."""
    atoms: list[str] = []
    i = 0
    while i < len(source):
        if source[i] == "\\":
            j = i + 2
        elif source[i] == "[":
            j = source.index("]", i) + 1
        elif source[i] == "(":
            depth, j = 0, i
            while True:
                depth += {"(": 1, ")": -1}.get(source[j], 0)
                j += 1 + (source[j] == "\\")
                if depth == 0:
                    break
        else:
            j = i + 1
        while j < len(source) and source[j] in "?*+":
            j += 1
        atoms.append(source[i:j])
        i = j
    return atoms


def _split_top(source: str) -> list[str]:
    """The top-level alternatives of `source`."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = source.index("]", i) + 1
            continue
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


_WORD_LIST = re.compile(r"\\b\(\?:(.*)\)\\b", re.DOTALL)


def _literal_prefix(word: str) -> str:
    """The literal start of a vocabulary word (up to its first class, group, escape or quantifier):
    every match of the word begins with it."""
    prefix = ""
    for atom in _atoms(word):
        if len(atom) != 1 or not (atom.isalnum() or atom == "-"):
            break
        prefix += atom
    return prefix


def _word_scan(vocabularies: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str], dict[str, frozenset[int]]]:
    """One scan for the literal starts of the words of all `vocabularies` (each `\\b(?:w|...)\\b`),
    and for each start it finds, the vocabularies that may match there.

    The scan finds, at each word boundary, the shortest start occurring there (`_trie` stops at the
    first word end), which is a prefix of every other start occurring there: so the vocabularies
    flagged for it are those with a start that begins with it. A vocabulary no start flags cannot
    match (each of its matches begins at a word boundary with one of its starts), nor can it match
    before the first position where a start flags it.

    The scan runs on " " + the ASCII text: every start begins with a letter or digit, so a word
    boundary before one is the non-word character in front of it, which the scan consumes (group 1
    is the start, `match.start()` its position in the text without the space). A pattern opening
    with `\\b` is tried at every position; one opening with a character class lets `re` skip to
    the next candidate (profiled: the scan 3.1 -> 1.8 us a statement)."""
    starts: list[tuple[str, int]] = []
    for index, vocabulary in enumerate(vocabularies):
        body = _WORD_LIST.fullmatch(vocabulary.pattern)
        assert body is not None, vocabulary.pattern
        for word in _split_top(body.group(1)):
            start = _literal_prefix(word)
            assert start and start[0].isalnum(), word
            starts.append((start, index))
    words = tuple(dict.fromkeys(start for start, _ in starts))
    flags = {w: frozenset(i for start, i in starts if start.startswith(w)) for w in words}
    return re.compile(r"[^a-zA-Z0-9_](?=(" + _trie(words) + "))"), flags


_SALIENCE = (INCIDENT, AGREEMENT, CONDITION, GESTURE, POLICY, EMPHASIS)
_SALIENCE_ASCII = tuple(_ASCII_FORM[p] for p in _SALIENCE)
_SALIENCE_SCAN, _SALIENCE_FLAGS = _word_scan(_SALIENCE_ASCII)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def salience_features(text: str) -> tuple[bool, ...]:
    """Which salience vocabularies occur in `text`: incident, agreement, condition, gesture,
    policy, emphasis (in that order).

    On ASCII text one scan for the words' literal starts (`_word_scan`) says which vocabularies
    may occur, and only those patterns run, from the first position where a start flags them:
    `\\b(?:word|...)` gives `re` nothing to skip ahead on, and each of the six tried every word at
    every position (profiled: 13.9 -> 5.5 us a statement for the six, the same answers; with the
    scan opening on a character class and the searches started at the flagged position, 4.0 us).

    Every match of a vocabulary begins at a position where the scan flags it, so each flagged
    vocabulary is matched (`match`) at its flagged positions only, until one matches: its search
    from the first one tried every word at every later position, and to the end of the text when
    the flag was a near miss (measured: 44 -> 38 k instructions a text, the same answers)."""
    low = lowered(text)
    if not low.isascii():
        return tuple(p.search(low) is not None for p in _SALIENCE)
    found = [False] * 6
    for match in _SALIENCE_SCAN.finditer(" " + low):
        for index in _SALIENCE_FLAGS[match.group(1)]:
            # (`match` at a position: its `\b` looks at the character before, as a search's does)
            if not found[index] and _SALIENCE_ASCII[index].match(low, match.start()) is not None:
                found[index] = True
    return tuple(found)



_ALL_CUES = STRONG_WORDING + INITIATIVE_CUES + TONE_CUES + RELATIONSHIP_CUES  # `_FAMILIES` below


def may_have_cues(text: str) -> bool:
    """Could a cue of any family (strong wording, initiative, tone, relationship) occur in `text`?
    False means all four find nothing; True that one of their anchors occurs. On ASCII text, from
    the cues its words may hold (`_cue_candidates`); on other text, one scan for the four
    families' anchors (ruling the families out one by one took twice as long, profiled)."""
    low = lowered(text)
    if low.isascii():
        for i in _cue_candidates(low):  # ascending: the cues, then the word tests (`word_test`)
            if i >= len(_ALL_CUES):
                return False
            if _ALL_CUES[i].could_match(low):
                return True
        return False
    anchors = _family_anchors(_ALL_CUES)
    return anchors is None or anchors[False].search(low) is not None


# Where each family starts in _ALL_CUES, by id (each family is a slice of it, in this order).
_FAMILIES = (STRONG_WORDING, INITIATIVE_CUES, TONE_CUES, RELATIONSHIP_CUES)
_FAMILY_OFFSETS: dict[int, int] = {id(f): sum(map(len, _FAMILIES[:k])) for k, f in enumerate(_FAMILIES)}

# Every ASCII anchor is letters, or letter runs joined by a space or a hyphen ("asked for",
# "zero-sum"): where an anchor occurs, its longest letter run (its key) lies inside one of the
# text's words (what `str.split` gives).
_LETTER_RUN = re.compile(r"[a-z]+")


def _anchor_key(anchor: str) -> str:
    """The longest letter run of a lower-case ASCII anchor (the anchor itself when all letters)."""
    assert re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", anchor), anchor
    return max(_LETTER_RUN.findall(anchor), key=len)


# For each cue of _ALL_CUES, the keys of its ASCII anchors; cues without anchors could match anywhere.
_CUE_KEYS = tuple(frozenset(_anchor_key(a) for a in c.anchors if a.isascii()) for c in _ALL_CUES)
_ANCHORLESS = frozenset(i for i, c in enumerate(_ALL_CUES) if not c.anchors)
# The keys `_WordCues` looks for: entry i < len(_ALL_CUES) the keys of cue i, the others the words of
# the word tests (`word_test`), test k at len(_ALL_CUES) + k.
_KEYS: list[frozenset[str]] = list(_CUE_KEYS)
_ANY_KEY = _any_of(tuple(sorted(frozenset().union(*_KEYS))))
_WORD_CACHE_SIZE = 16384


class _WordCues(dict[str, frozenset[int]]):
    """Word -> the cues (indices in _ALL_CUES) with a key inside it, filled on first sight: a
    readout's vocabulary is small, so nearly every word of a new statement has been seen."""

    def __missing__(self, word: str) -> frozenset[int]:
        if len(self) >= _WORD_CACHE_SIZE:
            self.clear()  # bounded memory; the cache refills from what is read next
        if _ANY_KEY.search(word) is None:  # most words hold no key
            cues: frozenset[int] = frozenset()
        else:
            cues = frozenset(i for i, keys in enumerate(_KEYS) if any(map(word.__contains__, keys)))
        self[word] = cues
        return cues


_WORD_CUES = _WordCues()


@lru_cache(maxsize=1024)
def _cue_candidates(low: str) -> tuple[int, ...]:
    """The cues (indices in _ALL_CUES, ascending) that may match the lower-cased ASCII text `low`:
    every cue one of whose anchors occurs in it, and perhaps a few whose anchors only share a key
    with it; then the word tests it passes (`word_test`). A `split` and a dictionary lookup a word,
    where the anchor scan (`_family_anchors`) tried a trie at every letter (profiled: 42 k
    instructions a statement, a sixteenth of an event; `split` is twice as fast as a `findall` of
    the letter runs). Cached: a statement is asked about by each family in turn."""
    found = _ANCHORLESS.union(*map(_WORD_CUES.__getitem__, low.split()))
    return tuple(sorted(found)) if found else ()


def word_test(words: tuple[str, ...]) -> int:
    """Register the test "does a lower-cased ASCII text contain one of `words` (lower-case ASCII
    without spaces, as substrings)?", answered by `word_tests` from the same word map as the cues' pre-check;
    returns the test's number. Registered at import (it empties the word map and its cache).

    A word without spaces occurs in a text exactly when it occurs inside one of the text's words
    (`str.split`), so the word map's `in` tests on each distinct word, made once, decide it; and a
    test a text fails, every part of that text fails too. The map is already consulted for every
    statement (`may_have_cues`), so `word_tests` on the same text is a cached lookup, where the
    `in` tests it replaces scanned the text once a word (profiled: the frame words' tests were ~4 %
    of an event)."""
    global _ANY_KEY
    assert all(w and w.isascii() and w == w.lower() and len(w.split()) == 1 and w.split()[0] == w for w in words), words
    key = frozenset(words)
    for k in range(len(_ALL_CUES), len(_KEYS)):
        if _KEYS[k] == key:
            return k
    _KEYS.append(key)
    _ANY_KEY = _any_of(tuple(sorted(frozenset().union(*_KEYS))))
    _WORD_CUES.clear()
    _cue_candidates.cache_clear()
    return len(_KEYS) - 1


# word_tests(low): the `word_test`s (and cue keys, below len(_ALL_CUES)) that the lower-cased ASCII
# `low` passes. The cached function itself, not a wrapper: it is asked for every statement and most
# items, several times each.
word_tests = _cue_candidates


def _needs_non_ascii(source: str) -> bool:
    """Does every match of `source` (a vocabulary alternative, for an re.ASCII pattern) hold a
    non-ASCII character? Decided conservatively from the first atom of each alternative, after a
    `\\b`: a non-ASCII literal (which, under re.ASCII, matches itself only, IGNORECASE or not), or
    a group all of whose alternatives need one; neither optional (`?`, `*`, `{`)."""
    for alternative in _split_top(source):
        atoms = _atoms(alternative)
        if atoms[:1] == ["\\b"]:
            atoms = atoms[1:]
        first = atoms[0].removesuffix("+") if atoms else ""
        if first.endswith(("?", "*", "}")) or not first:
            return False
        if first.startswith("(?:") and first.endswith(")"):
            if not _needs_non_ascii(first[3:-1]):
                return False
        elif not (len(first) == 1 and not first.isascii()):
            return False
    return True


_WORD_CLASS = re.compile(r"\[(?:[a-zA-Z0-9](?:-[a-zA-Z0-9])?)+\]")


def _starts_with_word_character(source: str) -> bool:
    """Does every match of `source` begin with a word character ([a-zA-Z0-9_])? Decided
    conservatively from its first atom: an unquantified (or `+`) letter or digit, `\\w`, a class of
    letters and digits, or a group all of whose alternatives start so."""
    atoms = _atoms(source)
    first = atoms[0].removesuffix("+") if atoms else ""
    if not first or first.endswith(("?", "*", "}")):
        return False
    if first.startswith("(?:") and first.endswith(")"):
        return all(map(_starts_with_word_character, _split_top(first[3:-1])))
    return (len(first) == 1 and first.isascii() and first.isalnum()) or first == "\\w" or bool(
        _WORD_CLASS.fullmatch(first))


def _cue_word_start_form(cue: Cue) -> re.Pattern[str] | None:
    """The cue's ASCII pattern in a form for " " + the text, opening on the non-word character
    before the match: its alternatives that need a non-ASCII character left out (they cannot match
    ASCII text) and the others' opening `\\b` replaced by `\\W`. A pattern opening with `\\b` gives
    `re` nothing to skip ahead on, so it was tried at every position, each of its alternatives in
    turn; one opening with a character class lets `re` skip to the candidates (measured: the cue
    searches of 600 events 267 -> 72 M instructions).

    On " " + an ASCII text, the form matches at p exactly when the pattern matches at p in the
    text, the same span one character later, with the same alternative (the kept ones in their
    order): each kept alternative is `\\b` then something that starts with a word character, so
    its `\\b` holds at p exactly when the character before p, or the added space, is a non-word
    character. None when the pattern is not of that shape (its plain search is used), or looks
    behind or anchors at the start (which the added space would change)."""
    kept: list[str] = []
    for wrapped in _split_top(cue.ascii_pattern.pattern):
        if not (wrapped.startswith("(?:") and wrapped.endswith(")")) or len(_atoms(wrapped)) != 1:
            return None
        for alternative in _split_top(wrapped[3:-1]):
            if not alternative.isascii():
                if not _needs_non_ascii(alternative):
                    return None
                continue
            if not alternative.startswith("\\b") or not _starts_with_word_character(alternative[2:]):
                return None
            if "(?<" in alternative or "^" in alternative or "\\A" in alternative:
                return None
            kept.append(alternative[2:])
    if not kept:
        return None
    return re.compile(r"\W(?:" + "|".join(kept) + ")", cue.ascii_pattern.flags)


# `_cue_word_start_form` of each cue of _ALL_CUES (None: searched in its ASCII form).
_CUE_WORD_STARTS = tuple(map(_cue_word_start_form, _ALL_CUES))


def _find_ascii(offset: int, count: int, text: str, low: str) -> list[tuple[Cue, str]]:
    """`_find` on ASCII text for the family _ALL_CUES[offset: offset + count]: only the cues in
    `_cue_candidates` can pass `could_match`, the others are not looked at. A cue is searched in
    its word-start form (`_cue_word_start_form`) where it has one, the same matches."""
    found: list[tuple[Cue, str]] = []
    for index in _cue_candidates(low):
        if offset <= index < offset + count:
            cue = _ALL_CUES[index]
            if cue.could_match(low):
                subject = low if cue.folded else text
                fast = _CUE_WORD_STARTS[index]
                if fast is not None:
                    match = fast.search(" " + subject)  # (its span one character later)
                    if match:
                        found.append((cue, text[match.start(): match.end() - 1]))
                    continue
                match = cue.ascii_pattern.search(subject)
                if match:
                    found.append((cue, text[match.start(): match.end()]))
    return found


def strong_wording_count(text: str) -> int:
    """How many matches the strong-wording cues have in `text`, all cues together (the sum of each
    cue's `findall` on the lower-cased text, folded cues, or on the text).

    A cue that cannot pass `could_match` has no match, and on ASCII text only the cues among
    `_cue_candidates` can pass it (as in `_find`): only those are scanned, in their ASCII forms
    (the same matches there). Profiled: the 24 scans of a statement, each over the whole text,
    were most of choosing which quote of an unechoed wording to report."""
    low = lowered(text)
    if low.isascii():
        cues = [_ALL_CUES[i] for i in _cue_candidates(low) if i < len(STRONG_WORDING)]
        return sum(len(cue.ascii_pattern.findall(low if cue.folded else text)) for cue in cues if cue.could_match(low))
    return sum(len(cue.pattern.findall(low if cue.folded else text)) for cue in STRONG_WORDING if cue.could_match(low))


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def strong_wording(text: str) -> tuple[tuple[Cue, str], ...]:
    """Strong-wording cues in `text`, each with the exact phrase matched."""
    return tuple(_find(STRONG_WORDING, text))


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def initiative(text: str) -> tuple[tuple[Cue, str], ...]:
    """Who-asked-for-it cues in `text`."""
    return tuple(_find(INITIATIVE_CUES, text))


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def tone(text: str) -> tuple[tuple[Cue, str], ...]:
    """Tone characterisations in `text` ("candid", "constructive")."""
    return tuple(_find(TONE_CUES, text))


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def relationship(text: str) -> tuple[tuple[Cue, str], ...]:
    """Rivalry framing of the relationship in `text` ("competition", "confrontation")."""
    return tuple(_find(RELATIONSHIP_CUES, text))


@lru_cache(maxsize=1024)  # its repeats are within one event (memory: texts are the keys)
def is_negated(text: str) -> bool:
    """Does the text contain a negation at all (for polarity contradictions of aligned statements)?
    Cached: an item's text is checked once for each pair of aligned items it is in."""
    return occurs(NEGATION, lowered(text))


def occurs(pattern: re.Pattern[str], text: str) -> bool:
    """Does the `by_script` `pattern` occur in `text`? On ASCII text, a word list (`\\b(?:w|...)`)
    is searched in its word-start form (`_word_start_form`)."""
    if not text.isascii():
        return pattern.search(text) is not None
    fast = _word_start_form(pattern)
    if fast is not None:
        return fast.search(" " + text) is not None
    return _ASCII_FORM.get(pattern, pattern).search(text) is not None


# id(pattern) -> (pattern, its word-start form): keyed by id, as hashing a compiled pattern hashes
# its code each time
_WORD_START_FORMS: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}


def _word_start_form(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The ASCII form of a `by_script` word list `\\b(?:w|...)...` whose words all begin with a
    letter or digit, opening instead on the non-word character before the word: on " " + an ASCII
    text it occurs exactly when the form does on the text (a `\\b` before a word character is a
    non-word character or the start). A pattern opening with `\\b` is tried at every position, one
    opening with a character class lets `re` skip to the candidates (profiled: the negation and
    call-wording searches of an event 0.2 M instructions cheaper). None for other patterns."""
    entry = _WORD_START_FORMS.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        form = _ASCII_FORM.get(pattern)
        body = _WORD_LIST.fullmatch(form.pattern) if form is not None else None
        starts_ok = body is not None and all(
            len(atom := _atoms(word)[0]) == 1 and atom.isalnum() for word in _split_top(body.group(1)))
        fast = re.compile("[^a-zA-Z0-9_]" + form.pattern[2:], form.flags) if form is not None and starts_ok else None
        entry = _WORD_START_FORMS[id(pattern)] = (pattern, fast)
    return entry[1]
