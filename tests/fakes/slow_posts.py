"""The slow-post windows both fake platforms share: the crash tests kill the bot while a post is
held before the platform stores the message or after it, and watch `in_flight` to aim the kill."""

from __future__ import annotations

import asyncio


async def hold(in_flight: dict[str, int], window: str, seconds: float) -> None:
    """Sleep `seconds` (nothing when 0) while counted in `in_flight[window]`."""
    if not seconds:
        return
    in_flight[window] += 1
    try:
        await asyncio.sleep(seconds)
    finally:
        in_flight[window] -= 1
