"""The divergence engine on hand-built statements: each finding type, the score, the summary."""

from __future__ import annotations

import re

from bot.divergence import SUMMARY_LIMIT, EventStatement, compute_divergence


def st(government: str, text: str, doc: str, *, document_id: int | None = None, voice: str = "official") -> EventStatement:
    return EventStatement(government, text, document_id or (1 if doc.endswith("1") else 2), doc, 0, voice, None)


JP = "JP-doc-1"
US = "US-doc-2"


def seed_like() -> list[EventStatement]:
    return [
        st("JP", "The Ministers exchanged views on the severe security situation, including the radar incident "
                 "against Self-Defense Force aircraft by Chinese military aircraft on December 6.", JP),
        st("JP", "The Ministers expressed serious concern over any actions to increase regional tensions.", JP),
        st("US", "The two leaders discussed Japan's efforts to increase its defense spending and strengthen its "
                 "capabilities, China's military activities, and the importance of realistic training and "
                 "exercises across Japan.", US),
    ]


def test_unechoed_wording_and_omissions_on_both_sides() -> None:
    result = compute_divergence(seed_like(), governments=["JP", "US"])
    assert result.divergent
    assert 0.0 < result.score <= 1.0
    by_type = {(f.type, f.government): f for f in result.findings}
    wording = by_type[("unechoed_wording", "JP")]
    assert "serious concern" in wording.text and wording.doc_id == JP
    jp_texts = [f.text for f in result.findings if f.government == "JP"]
    assert any("radar incident" in t and "December 6" in t for t in jp_texts)
    us_texts = [f.text for f in result.findings if f.government == "US" and f.type == "omission"]
    assert any("defense spending" in t for t in us_texts)
    assert any("realistic training and exercises" in t for t in us_texts)
    # list expansion: the training item is its own finding, quoted with the words that introduce it
    training = next(t for t in us_texts if "realistic training" in t)
    assert "defense spending" not in training and training.startswith("The two leaders discussed")


def test_wording_echoed_in_another_language_is_not_unechoed() -> None:
    statements = [
        st("JP", "The ministers expressed deep concern over the recent missile launches.", JP),
        st("RU", "Министры выразили серьёзную обеспокоенность недавними пусками ракет.", "RU-doc-2"),
    ]
    result = compute_divergence(statements)
    assert not [f for f in result.findings if f.type == "unechoed_wording"]


def test_contradiction_on_numbers() -> None:
    statements = [
        st("US", "The leaders agreed on a pause of strikes on energy infrastructure for 30 days.", US),
        st("RU", "The leaders agreed on a pause of strikes on energy infrastructure for 60 days.", "RU-doc-1"),
    ]
    result = compute_divergence(statements)
    contradictions = [f for f in result.findings if f.type == "contradiction"]
    assert contradictions, result.findings
    assert "30" in (contradictions[0].detail or "") and "60" in (contradictions[0].detail or "")
    assert contradictions[0].counterpart_text is not None
    assert result.divergent


def test_contradiction_on_polarity() -> None:
    statements = [
        st("US", "The two sides agreed to resume the bilateral consultations on maritime safety next month.", US),
        st("CN", "The two sides did not agree to resume the bilateral consultations on maritime safety next month.", "CN-doc-1"),
    ]
    result = compute_divergence(statements)
    assert any(f.type == "contradiction" and "polarity" in (f.detail or "") for f in result.findings)


def test_framing_who_requested_the_call() -> None:
    statements = [
        st("CN", "President Xi spoke with President Biden on the phone at the request of the latter.", "CN-doc-1"),
        st("CN", "The two presidents discussed bilateral relations and issues of interest.", "CN-doc-1"),
        st("US", "President Biden spoke with President Xi about bilateral relations and issues of interest.", US),
    ]
    result = compute_divergence(statements)
    framing = [f for f in result.findings if f.type == "framing"]
    assert framing and framing[0].government == "CN" and "at the request of" in (framing[0].detail or "")
    assert "who initiated" in result.summary or "request" in result.summary


def test_framing_tone_in_different_registers() -> None:
    statements = [
        st("US", "The Secretary and the Minister held a productive conversation on regional security.", US),
        st("RU", "The ministers had a frank exchange of views on regional security.", "RU-doc-1"),
    ]
    result = compute_divergence(statements)
    tone = [f for f in result.findings if f.type == "framing" and (f.detail or "").startswith("tone:")]
    assert {f.government for f in tone} == {"US", "RU"}


def test_same_tone_is_no_finding() -> None:
    statements = [
        st("US", "The Secretary and the Minister held a productive conversation on regional security.", US),
        st("JP", "The ministers held a productive exchange of views on regional security.", JP),
    ]
    assert not [f for f in compute_divergence(statements).findings if f.type == "framing"]


def test_agreeing_allies_do_not_flood() -> None:
    statements = [
        st("US", "Secretary Austin spoke with Minister Kishi today, reiterating the commitment to the alliance.", US),
        st("US", "They discussed the readiness of the alliance and the construction of the replacement facility in Henoko.", US),
        st("US", "Secretary Austin affirmed that the Senkaku islands are covered by Article V of the security treaty.", US),
        st("JP", "Minister Kishi and Secretary Austin held a telephone conference on the alliance.", JP),
        st("JP", "The Ministers reconfirmed that Article V of the security treaty applies to the Senkaku Islands.", JP),
        st("JP", "The Ministers affirmed that the alliance remains unwavering and ready to address any contingency.", JP),
    ]
    result = compute_divergence(statements, participants=["Lloyd Austin", "Nobuo Kishi"])
    assert not result.divergent
    assert len(result.findings) <= 1
    assert any("Senkaku" in s.text or "Article V" in s.text for s in result.shared)


def test_summary_says_does_not_mention_never_denies_and_fits() -> None:
    many = seed_like() + [
        st("JP", f"The Ministers discussed incident number {i} involving aircraft near island {chr(65 + i)}land "
                 "and agreed to hold consultations.", JP)
        for i in range(12)
    ]
    result = compute_divergence(many)
    assert "does not mention" in result.summary
    assert not re.search(r"\bden(y|ies|ied)\b", result.summary, re.I)
    assert len(result.summary) <= SUMMARY_LIMIT


def test_third_government_statements_are_left_out() -> None:
    statements = seed_like() + [st("CN", "China firmly opposes any provocation and serious concern is groundless.", "CN-doc-3", document_id=3)]
    result = compute_divergence(statements, governments=["JP", "US"])
    assert all(f.government in {"JP", "US"} for f in result.findings)


def test_one_side_only_is_not_compared() -> None:
    result = compute_divergence([st("JP", "The Ministers expressed serious concern.", JP)])
    assert not result.divergent and result.score == 0.0 and not result.findings
    assert "nothing to compare" in result.summary


def test_russian_strong_wording_and_request() -> None:
    statements = [
        st("US", "23 октября министр обороны Остин разговаривал по телефону с министром обороны России Шойгу, "
                 "который запросил повторный звонок.", "US-doc-1"),
        st("US", "Остин отверг любой предлог для российской эскалации на фоне незаконной войны.", "US-doc-1"),
        st("RU", "Главы оборонных ведомств обсудили ситуацию на Украине.", "RU-doc-2"),
    ]
    result = compute_divergence(statements)
    types = {(f.type, f.government) for f in result.findings}
    assert ("unechoed_wording", "US") in types
    assert ("framing", "US") in types
    assert result.divergent


def test_findings_are_deterministic() -> None:
    a = compute_divergence(seed_like())
    b = compute_divergence(list(seed_like()))
    assert a == b
