"""After import: group new documents into events, recompute divergence, queue alerts.

Placeholder until the engine issue lands; the importer and the watcher call this one function.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.store.base import Store


@dataclass
class PipelineResult:
    events_touched: list[int] = field(default_factory=list)
    alerts_queued: int = 0


async def process_documents(store: Store, document_ids: Sequence[int], *, alerts: bool = True) -> PipelineResult:
    """Group `document_ids` into events and recompute those events' divergence.

    `alerts=False` records findings without queueing alerts (backfill of a newly added source).
    """
    return PipelineResult()
