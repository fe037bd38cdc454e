"""/quote: who said a phrase, where and when — every stored sentence where it (or a close variant) occurs.

The search itself (FTS5, user text never reaching it as syntax) lives in the store; this module only
turns the hits into a reply that cites each one: the sentence with the matched words in bold, the
speaker or issuer, the government, the date, the title and a link.
"""

from __future__ import annotations

import re
from typing import Any

from bot.models import SearchResult, SentenceHit
from bot.nlp.stems import WORD
from bot.store.fts import normalise_for_match
from commands.context import CommandContext
from commands.format import day, kind_label, short
from commands.highlight import highlight
from commands.markup import link, plain
from commands.registry import Option, command
from commands.reply import Reply, Section, Severity

SHOWN = 10
# Other wordings of the same formula: how many to show, out of how many matches of its main word.
RELATED_SHOWN = 5
RELATED_CANDIDATES = 60
_HAS_WORD = re.compile(r"\w", re.UNICODE)


@command(
    "quote",
    "Who said a phrase, where and when: matching sentences from every stored readout and article.",
    options=(
        Option("text", "The words to look for, e.g. serious concern", required=True, max_length=300),
        Option("government", "Only sentences attributed to this government (e.g. JP)", type="government"),
        Option("speaker", "Only sentences by this speaker or issuer (e.g. Guo Jiakun)", max_length=100),
        Option("since", "Only documents dated on or after this (2025-01-01, 30d, 2w)", type="date"),
    ),
    defer=True,
    examples=("/quote serious concern", '/quote "regional peace" government:CN since:2025-01-01'),
)
async def quote(ctx: CommandContext, args: dict[str, Any]) -> Reply:
    text: str = args["text"]
    filters = {k: args[k] for k in ("government", "speaker", "since") if args.get(k)}
    if not _HAS_WORD.search(text):
        return Reply.error(
            plain(f"There are no words to search for in {short(text, 40)!r}. Try e.g. /quote serious concern."),
            title="Nothing to search for",
        )
    search = {"government": filters.get("government"), "speaker": filters.get("speaker"), "since": filters.get("since")}
    result = await ctx.store.documents.search_sentences(text, limit=SHOWN, **search)
    related = await _related_wording(ctx, text, search, result)
    return quote_reply(text, filters, result, related)


async def _related_wording(ctx: CommandContext, text: str, search: dict[str, Any],
                           result: SearchResult) -> list[SentenceHit]:
    """Other wordings of the same diplomatic formula ("deep concerns", "gravely concerned" for
    "serious concern"): governments vary the intensifier, and an analyst asking who voiced serious
    concern wants those too — listed apart, since they are not the phrase asked for.

    Only for phrases of the strong-wording lexicon (`bot.lexicon`); the candidates are the matches of
    the phrase's longest word (one more bounded search), kept when the lexicon finds the same formula."""
    from bot import lexicon

    cues = [cue for cue, _ in lexicon.strong_wording(text)]
    words = sorted(WORD.findall(text), key=len)
    if not cues or len(words) < 2:
        return []
    concepts = {cue.concept for cue in cues}
    phrase = normalise_for_match(text)
    candidates = await ctx.store.documents.search_sentences(words[-1], limit=RELATED_CANDIDATES, **search)
    related = [
        hit for hit in candidates.hits
        if phrase not in normalise_for_match(hit.sentence)  # the phrase itself: the main answer's
        and concepts & {cue.concept for cue, _ in lexicon.strong_wording(hit.sentence)}
    ]
    related.sort(key=lambda h: h.date or "", reverse=True)
    return related[:RELATED_SHOWN]


def quote_reply(text: str, filters: dict[str, str], result: SearchResult,
                related: list[SentenceHit] | None = None) -> Reply:
    """The reply for a finished search (pure: tests and the demo can call it with any result), with
    other wordings of the same diplomatic formula listed after the hits."""
    related = related or []
    data = {
        "query": text,
        "filters": filters,
        "total": result.total,
        "total_is_lower_bound": result.total_is_lower_bound,
        "examined": result.examined,
        "shown": len(result.hits),
        "hits": [_hit_data(hit) for hit in result.hits],
        "related": [_hit_data(hit) for hit in related],
    }
    title = f"“{short(text, 80)}”"
    where = _filter_text(filters)
    filtered = bool(filters.get("government") or filters.get("speaker"))
    if not result.hits:
        if filtered and result.total_is_lower_bound:
            description = (
                f"None of the {result.examined:,} most recently stored sentences with “{plain(short(text, 200))}” "
                f"is{where}. Try a more specific phrase."
            )
        else:
            description = (
                f"No stored readout or article has “{plain(short(text, 200))}” or a close variant{where}. "
                "Try fewer or different words, or drop a filter."
            )
        if related:
            description += " The same formula in other words:"
        return Reply(title=f"No readout says {title}" + (" in those words" if related else ""),
                     description=description, data=data,
                     sections=_related_sections(related, text, first=1))
    shown = len(result.hits)
    bounded = result.total_is_lower_bound
    more = " Narrow it with government:, speaker: or since:." if result.total > shown or bounded else ""
    plural = "s" if result.total != 1 or (bounded and not filtered) else ""
    if filtered and bounded:
        found = (f"Showing {shown} of the {result.total:,} matching sentence{plural}{where} among the "
                 f"{result.examined:,} most recently stored matches, exact wording first.")
    else:
        count = f"more than {result.total:,}" if bounded else f"{result.total:,}"
        found = f"Showing {shown} of {count} matching sentence{plural}{where}, exact wording first."
        if bounded or result.total > result.examined > 0:
            found += f" Ranked among the {result.examined:,} most recently stored."
    return Reply(
        title=f"Who said {title}",
        description=found + more,
        sections=[_hit_section(i, hit, text) for i, hit in enumerate(result.hits, 1)]
        + _related_sections(related, text, first=shown + 1),
        severity=Severity.INFO,
        footer="Matched words are in bold; a close variant (other word forms, words near each other) also counts.",
        data=data,
    )


def _related_sections(related: list[SentenceHit], query: str, *, first: int) -> list[Section]:
    return [_hit_section(n, hit, query, label="same formula, other words") for n, hit in enumerate(related, first)]


def _hit_section(number: int, hit: SentenceHit, query: str, *, label: str | None = None) -> Section:
    who = hit.speaker or hit.issuer or "speaker not identified"
    government = f" ({hit.government})" if hit.government else ""
    heading = short(f"{number}. {who}{government} · {day(hit.date)}" + (f" · {label}" if label else ""), 200)
    source = link(short(hit.title or hit.doc_id, 150), hit.url)
    parts = [source]
    if hit.speaker and hit.issuer and hit.issuer != hit.speaker:
        parts.append(plain(short(hit.issuer, 120)))
    parts.append(kind_label(hit.kind))
    if hit.title:
        parts.append(plain(hit.doc_id))
    body = f"“{highlight(hit.sentence, query)}”\n" + " · ".join(parts)
    return Section(heading=heading, body=body)


def _hit_data(hit: SentenceHit) -> dict[str, Any]:
    return {
        "doc_id": hit.doc_id,
        "sentence": hit.sentence,
        "speaker": hit.speaker,
        "issuer": hit.issuer,
        "government": hit.government,
        "kind": hit.kind,
        "date": hit.date,
        "title": hit.title,
        "url": hit.url,
        "exact": hit.exact,
        "score": hit.score,
    }


def _filter_text(filters: dict[str, str]) -> str:
    parts = []
    if filters.get("government"):
        parts.append(f"attributed to {plain(filters['government'])}")
    if filters.get("speaker"):
        parts.append(f"by a speaker or issuer matching “{plain(short(filters['speaker'], 60))}”")
    if filters.get("since"):
        parts.append(f"dated {plain(filters['since'])} or later")
    return (" " + ", ".join(parts)) if parts else ""
