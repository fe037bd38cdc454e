"""The JSON shapes of DESIGN.md's contracts, built in one place (pure).

`divergences --json`, `events --json` and the outbox alert payload must stay identical in shape, so
the CLI and the pipeline both build them here. Keys beyond the contract (`detail`,
`counterpart_doc_id`) are additions, never renames.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from bot.models import Divergence, EventSummary, Finding


def event_json(event: EventSummary) -> dict[str, Any]:
    """`{event_id, title, date, governments, doc_ids}`."""
    return {
        "event_id": event.id,
        "title": event.title,
        "date": event.date,
        "governments": list(event.governments),
        "doc_ids": list(event.doc_ids),
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "type": finding.type,
        "government": finding.government,
        "text": finding.text,
        "doc_id": finding.doc_id,
        "counterpart_text": finding.counterpart_text,
        "counterpart_doc_id": finding.counterpart_doc_id,
        "detail": finding.detail,
    }


def divergence_json(event: EventSummary, divergence: Divergence | None) -> dict[str, Any]:
    """`{event_id, title, date, governments, doc_ids, score, divergent, summary, findings, shared}`."""
    out = event_json(event)
    if divergence is None:
        out.update(score=0.0, divergent=False, summary="Not compared yet.", findings=[], shared=[])
        return out
    out.update(
        score=round(float(divergence.score), 3),
        divergent=bool(divergence.divergent),
        summary=divergence.summary,
        findings=[finding_json(f) for f in divergence.findings],
        shared=[{"text": s.text, "doc_ids": list(s.doc_ids)} for s in divergence.shared],
    )
    return out


def alert_payload(
    event: EventSummary,
    divergence: Divergence,
    urls: Mapping[str, str | None],
    new_findings: Iterable[Finding],
) -> dict[str, Any]:
    """The outbox payload: the `divergences --json` object plus `urls` and `new_findings`."""
    out = divergence_json(event, divergence)
    out["urls"] = {doc_id: url for doc_id, url in urls.items() if url}
    out["new_findings"] = [finding_json(f) for f in new_findings]
    return out


def finding_fingerprint(finding: Finding) -> str:
    """Stable identity of a finding across recomputations: type, side, document and wording."""
    text = " ".join(finding.text.casefold().split())
    raw = f"{finding.type}|{finding.government}|{finding.doc_id}|{text}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def divergence_fingerprint(event_id: int, findings: Iterable[Finding]) -> str:
    """Changes exactly when the set of findings of the event changes."""
    return divergence_fingerprint_from_prints(event_id, (finding_fingerprint(f) for f in findings))


def divergence_fingerprint_from_prints(event_id: int, prints: Iterable[str]) -> str:
    """`divergence_fingerprint` from the findings' `finding_fingerprint`s (a caller that needs
    those anyway computes each once)."""
    raw = f"{event_id}|" + "|".join(sorted(prints))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:40]
