"""alert_reply: the divergence alert built from an outbox payload, side by side, never "denies"."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from commands.alerts import alert_reply
from commands.markup import parse, strip
from commands.reply import Reply, Severity

DENIAL = re.compile(r"\bden(y|ies|ied|ial)\b", re.IGNORECASE)

PAYLOAD = {
    "event_id": 12,
    "title": "Koizumi–Hegseth phone call",
    "date": "2025-12-11",
    "governments": ["JP", "US"],
    "doc_ids": ["jp-mod", "us-dow"],
    "score": 0.78,
    "divergent": True,
    "summary": "The JP readout names the radar incident and voices serious concern; the US readout does not mention them.",
    "findings": [
        {"type": "omission", "government": "JP", "text": "They discussed the radar incident on December 6.",
         "doc_id": "jp-mod", "counterpart_text": None},
        {"type": "unechoed_wording", "government": "JP",
         "text": "The Ministers expressed serious concern over any actions to increase regional tensions.",
         "doc_id": "jp-mod", "counterpart_text": None, "detail": "wording: serious concern, regional tensions; not used by US"},
        {"type": "omission", "government": "US", "text": "They discussed Japan's efforts to increase its defense spending.",
         "doc_id": "us-dow", "counterpart_text": None},
    ],
    "shared": [{"text": "Close communication between the ministers.", "doc_ids": ["jp-mod", "us-dow"]}],
    "urls": {"jp-mod": "https://www.mod.go.jp/en/a", "us-dow": "https://www.war.gov/b"},
    "new_findings": 3,
}


def _all_text(reply: Reply) -> str:
    parts = [reply.title, strip(reply.description), reply.footer or ""]
    parts += [f"{s.heading}\n{strip(s.body)}" for s in reply.sections]
    return "\n".join(parts)


def test_alert_says_what_each_side_said_that_the_other_does_not_mention() -> None:
    reply = alert_reply(PAYLOAD)
    assert reply.severity == Severity.ALERT
    assert reply.title == "Readouts diverge: Koizumi–Hegseth phone call"
    jp, us = reply.sections[0], reply.sections[1]
    assert jp.heading == "What the JP readout says that the US readout does not mention"
    assert "“They discussed the radar incident on December 6.” (jp-mod: https://www.mod.go.jp/en/a)" in strip(jp.body)
    assert us.heading == "What the US readout says that the JP readout does not mention"
    assert "defense spending" in strip(us.body) and "radar" not in strip(us.body)
    wording = next(s for s in reply.sections if s.heading == "Wording not echoed")
    assert strip(wording.body).startswith(
        "• The JP readout says “serious concern”, “regional tensions”; the US readout does not use such wording.\n"
        "  In: “The Ministers expressed serious concern")
    shared = next(s for s in reply.sections if s.heading == "What both sides said")
    assert "Close communication" in strip(shared.body)
    assert {f.name: f.value for f in reply.fields}["Divergence score"] == "0.78 (divergent)"
    assert [(link.label, link.url) for link in reply.links] == [
        ("jp-mod", "https://www.mod.go.jp/en/a"), ("us-dow", "https://www.war.gov/b")]
    assert "/divergence E12" in (reply.footer or "")
    assert not DENIAL.search(_all_text(reply).replace("is not a denial", ""))


def test_new_findings_on_a_known_event_are_marked() -> None:
    update = dict(PAYLOAD, new_findings=[PAYLOAD["findings"][2]])
    reply = alert_reply(update)
    assert reply.title == "New differences: Koizumi–Hegseth phone call"
    assert "1 new finding since the last alert" in strip(reply.description)
    us = reply.sections[1]
    assert [s.text for s in parse(us.body) if s.bold] == ["new"]
    assert not any(s.bold for s in parse(reply.sections[0].body))


def test_a_first_alert_marks_nothing_as_new() -> None:
    """Every finding of a first alert is new; saying so on each line would only be noise."""
    first = dict(PAYLOAD, new_findings=list(PAYLOAD["findings"]))
    reply = alert_reply(first)
    assert reply.title.startswith("Readouts diverge: ")
    assert not any(s.bold for section in reply.sections for s in parse(section.body))


def test_payload_text_cannot_inject_markup() -> None:
    hostile = dict(PAYLOAD, summary="**pwned** [click](https://evil.example)",
                   findings=[{"type": "omission", "government": "JP", "text": "[x](https://evil.example) **y**", "doc_id": "jp-mod"}])
    reply = alert_reply(hostile)
    for prose in [reply.description, *(s.body for s in reply.sections)]:
        spans = parse(prose)
        assert not any(s.bold for s in spans)
        assert all(s.url != "https://evil.example" for s in spans)
    assert "**pwned** [click](https://evil.example)" in strip(reply.description)


def test_unlinkable_urls_are_not_links() -> None:
    reply = alert_reply(dict(PAYLOAD, urls={"jp-mod": "javascript:alert(1)", "us-dow": "https://www.war.gov/b"}))
    assert [link.url for link in reply.links] == ["https://www.war.gov/b"]
    assert all(s.url is None or s.url.startswith("https://") for sec in reply.sections for s in parse(sec.body))


def test_malformed_payloads_still_render() -> None:
    for payload in ({}, {"findings": "oops", "governments": None, "urls": [1]}, {"findings": [1, None, {"text": "x"}]}):
        reply = alert_reply(payload)  # type: ignore[arg-type]
        assert reply.severity == Severity.ALERT and reply.title.startswith("Readouts diverge")


def test_unechoed_wording_without_the_phrase_quotes_the_sentence() -> None:
    finding = {"type": "unechoed_wording", "government": "US", "text": "They will deter aggression.", "doc_id": "us-dow"}
    reply = alert_reply(dict(PAYLOAD, findings=[finding]))
    wording = next(s for s in reply.sections if s.heading == "Wording not echoed")
    assert strip(wording.body) == (
        "• The US readout uses wording that the JP readout does not use: “They will deter aggression.” "
        "(us-dow: https://www.war.gov/b)")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
KEYS = st.sampled_from(["event_id", "title", "date", "governments", "doc_ids", "score", "divergent", "summary",
                        "findings", "shared", "urls", "new_findings"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, JSON, max_size=12))
@example({"event_id": float("inf")})  # found by this test: int(inf) raises OverflowError, not ValueError
@example({"event_id": float("nan"), "score": float("-inf")})
def test_any_payload_shape_still_gives_a_readable_alert(payload: dict) -> None:  # type: ignore[type-arg]
    """An outbox payload written by an older version, or damaged, must still render: the delivery loop
    posts whatever alert_reply returns and must never be stopped by one row."""
    reply = alert_reply(payload)
    assert reply.title and reply.severity == Severity.ALERT
