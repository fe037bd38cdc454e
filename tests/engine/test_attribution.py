"""Attribution through the real analysis: whose voice each sentence of a document is."""

from __future__ import annotations

from bot.models import DocumentInput, Statement
from bot.nlp import analyse_document


def statements(text: str, *, kind: str = "news", government: str | None = None, date: str = "2025-12-12") -> list[Statement]:
    doc = DocumentInput(text=text, kind=kind, government=government, date=date, doc_id="t", issuer="Issuer")
    return list(analyse_document(doc).statements)


def voices(text: str, **kwargs: object) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for s in statements(text, **kwargs):  # type: ignore[arg-type]
        out.setdefault(s.government, set()).add(s.text)
    return out


NEWS = (
    "Japanese Defense Minister Shinjiro Koizumi held a phone call with US Secretary of War Pete Hegseth on Friday.\n"
    "In a statement, the Japanese Ministry of Defense claimed that Koizumi and Hegseth discussed the radar incident "
    "of December 6.\n"
    "\"The Ministers expressed serious concern over any actions to increase regional tensions,\" it asserted.\n"
    "However, the readout released by the US Department of War did not mention any particular incident.\n"
    "\"The two leaders discussed Japan's efforts to increase its defense spending,\" the US readout said.\n"
    "Tokyo has long sought closer ties with Western partners, critics say.\n"
    "Li Haidong, a professor at China Foreign Affairs University, told reporters that Japan miscalculated.\n"
    "\"Washington is now more focused on its own hemisphere,\" Li said.\n"
)


def test_official_readout_speaks_for_its_issuer_sentence_by_sentence() -> None:
    text = ("Secretary Austin spoke with Minister Kishi today.\n"
            "They discussed the readiness of the alliance despite the challenges posed by the pandemic.\n"
            "in Japanese\n")
    found = statements(text, kind="official_readout", government="US")
    assert [s.government for s in found] == ["US", "US"]
    assert all(s.voice == "official" for s in found)


def test_news_quoting_two_readouts_yields_two_voices() -> None:
    found = voices(NEWS)
    assert set(found) == {"JP", "US"}
    jp = " ".join(found["JP"])
    us = " ".join(found["US"])
    assert "radar incident" in jp and "serious concern" in jp  # the continuation "it asserted" too
    assert "defense spending" in us
    assert all(s.voice == "quoted_in_news" for s in statements(NEWS))


def test_report_of_silence_is_nobodys_statement() -> None:
    assert not any("did not mention" in t for ts in voices(NEWS).values() for t in ts)


def test_journalist_and_expert_sentences_are_nobodys() -> None:
    all_text = " ".join(t for ts in voices(NEWS).values() for t in ts)
    assert "critics" not in all_text
    assert "miscalculated" not in all_text
    assert "own hemisphere" not in all_text  # the expert's quotation, attributed by surname only


def test_prior_of_quoted_in_news_applies_only_to_what_the_principals_did() -> None:
    text = ("Tokyo, Dec. 12 (Jiji Press)--Japanese Defense Minister Shinjiro Koizumi and U.S. Defense Secretary "
            "Pete Hegseth agreed in their phone talks on Friday to maintain close coordination.\n"
            "They expressed deep concerns over China's moves.\n"
            "China has piled military pressure on Japan since last year.\n")
    found = voices(text, kind="quoted_in_news", government="JP")
    assert set(found) == {"JP"}
    jp = " ".join(found["JP"])
    assert "deep concerns" in jp and "agreed" in jp
    assert "piled military pressure" not in jp


def test_media_reports_are_not_a_government_source() -> None:
    text = ("Koizumi held a phone call with Hegseth on Friday.\n"
            "Amid rising tensions, the US government has adopted a cautious stance, according to media reports.\n")
    assert "US" not in voices(text)


def test_speech_on_another_occasion_is_not_this_contacts_readout() -> None:
    text = ("Secretary of War Pete Hegseth spoke with Chinese Defense Minister Dong Jun on Tuesday, the Pentagon said.\n"
            "Hegseth warned allies in June that China poses a real threat to the region.\n"
            "\"We will not be pushed out of this critical region,\" he added.\n")
    found = " ".join(t for ts in voices(text, date="2025-09-10").values() for t in ts)
    assert "spoke with" in found
    assert "real threat" not in found and "pushed out" not in found


def test_russian_statement_of_the_ministry() -> None:
    text = ("Глава Минобороны России Сергей Шойгу созвонился с министром обороны США Ллойдом Остином.\n"
            "«Главы оборонных ведомств обсудили ситуацию на Украине», — говорится в заявлении Минобороны.\n"
            "Других подробностей не приводится.\n")
    found = voices(text, kind="quoted_in_news", government="RU", date="2022-10-23")
    assert set(found) == {"RU"}
    assert any("ситуацию на Украине" in t for t in found["RU"])
    assert not any("подробностей" in t for t in found["RU"])
