"""Grouping's candidate states are reused between lookups only while their members are the same
objects (bot.store.events._event_state): a changed or added member gives a fresh state."""

from __future__ import annotations

from datetime import date

from bot.events import ContactProfile
from bot.store import events as store_events


def profile(document_id: int, day: int, people: tuple[str, ...] = ("lavrov", "wang yi")) -> ContactProfile:
    return ContactProfile(document_id=document_id, people=people, names=(), governments=("RU", "CN"),
                          date_lo=date(2025, 3, day), date_hi=date(2025, 3, day), kind="call",
                          tokens=frozenset(), aliases=frozenset(), counterparts=())


def test_the_same_members_give_the_same_state_and_a_changed_member_a_new_one() -> None:
    first, second = profile(1, 3), profile(2, 3)
    state = store_events._event_state(7, (first, second))
    assert state.date_range() == (date(2025, 3, 3), date(2025, 3, 3))
    assert store_events._event_state(7, (first, second)) is state
    # an equal profile that is another object (parsed again) and a new member each rebuild it
    again = store_events._event_state(7, (first, profile(2, 3)))
    assert again is not state and again == state
    grown = store_events._event_state(7, (first, second, profile(3, 5)))
    assert grown.profiles[-1].document_id == 3 and grown.date_range() == (date(2025, 3, 3), date(2025, 3, 5))
    assert store_events._event_state(8, (first, second)) is not state  # another event id


def test_the_kept_states_stay_bounded() -> None:
    members = [(profile(i, 1 + i % 28),) for i in range(store_events._STATES_KEPT + 50)]
    for i, m in enumerate(members):
        store_events._event_state(10_000 + i, m)
    assert len(store_events._states) <= store_events._STATES_KEPT
    newest = store_events._event_state(10_000 + len(members) - 1, members[-1])
    assert store_events._event_state(10_000 + len(members) - 1, members[-1]) is newest
