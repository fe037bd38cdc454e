"""The JSONL reader: every line is a document or a rejection that names the line and the problem."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.ingest.inputs import Rejection
from bot.ingest.jsonl import parse_jsonl, parse_line
from bot.models import DocumentInput


def parse(text: str | bytes, **kwargs: object) -> list[DocumentInput | Rejection]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return list(parse_jsonl(io.BytesIO(data), name="c.jsonl", **kwargs))  # type: ignore[arg-type]


def reason(line: str | bytes) -> str:
    (item,) = parse(line)
    assert isinstance(item, Rejection), item
    assert item.origin == "c.jsonl:1"
    return item.reason


def test_a_full_line_becomes_a_document_with_every_contract_field() -> None:
    line = json.dumps(
        {
            "doc_id": "EV1-JP",
            "government": "JP",
            "issuer": "Japan Ministry of Defense",
            "kind": "official_readout",
            "title": "Telephone talk",
            "date": "2025-12-12",
            "url": "https://example.org/a",
            "language": "en",
            "text": "The Ministers expressed serious concern.",
        }
    )
    (doc,) = parse(line)
    assert isinstance(doc, DocumentInput)
    assert (doc.doc_id, doc.government, doc.issuer, doc.kind) == ("EV1-JP", "JP", "Japan Ministry of Defense", "official_readout")
    assert (doc.title, doc.date, doc.url, doc.language) == ("Telephone talk", "2025-12-12", "https://example.org/a", "en")
    assert doc.text == "The Ministers expressed serious concern."
    assert doc.origin == "c.jsonl:1"
    assert doc.metadata == {}


def test_unknown_fields_are_kept_in_metadata_not_rejected() -> None:
    (doc,) = parse(json.dumps({"text": "t", "provenance": {"licence": "CC BY 4.0"}, "date_note": "inferred", "score": 3}))
    assert isinstance(doc, DocumentInput)
    assert doc.metadata == {"provenance": {"licence": "CC BY 4.0"}, "date_note": "inferred", "score": 3}


def test_only_text_is_required_and_kind_defaults_to_news() -> None:
    (doc,) = parse('{"text": "Only text."}')
    assert isinstance(doc, DocumentInput)
    assert doc.kind == "news" and doc.government is None and doc.doc_id is None and doc.date is None


def test_rejection_reasons_are_specific() -> None:
    assert reason('{"text": "a" "b"}') == "not valid JSON: Expecting ',' delimiter at column 14"
    assert reason('{"title": "x"}') == "missing required field 'text'"
    assert reason('{"text": "   "}') == "'text' must be a non-empty string"
    assert reason('{"text": 5}') == "'text' must be a non-empty string"
    assert reason('["text"]') == "line is not a JSON object (found an array)"
    assert reason('"text"') == "line is not a JSON object (found a string)"
    assert reason('{"text": "t", "kind": "blog"}').startswith("'kind' must be one of news, official_readout, quoted_in_news, statement")
    assert reason('{"text": "t", "government": "ZZ"}').startswith("'government' must be an ISO 3166 alpha-2 code")
    assert reason('{"text": "t", "government": 81}').startswith("'government' must be an ISO 3166 alpha-2 code")
    assert reason('{"text": "t", "date": "12/12/2025"}').startswith("'date' is not an ISO 8601 date")
    assert reason('{"text": "t", "date": "2025-02-30"}').startswith("'date' is not an ISO 8601 date")
    assert reason('{"text": "t", "title": ["a"]}') == "'title' must be a string (found an array)"
    assert reason('{"text": "t", "doc_id": [1]}') == "'doc_id' must be a string (found an array)"


def test_empty_optional_fields_are_absent() -> None:
    (doc,) = parse('{"text": "t", "doc_id": "", "government": " ", "kind": "", "date": "", "title": ""}')
    assert isinstance(doc, DocumentInput)
    assert (doc.doc_id, doc.government, doc.kind, doc.date, doc.title, doc.metadata) == (None, None, "news", None, None, {})


def test_government_accepts_any_case_and_country_names() -> None:
    docs = parse('{"text": "a", "government": "jp"}\n{"text": "b", "government": " Us "}\n{"text": "c", "government": "Japan"}\n')
    assert [d.government for d in docs if isinstance(d, DocumentInput)] == ["JP", "US", "JP"]


def test_kind_is_normalised() -> None:
    (doc,) = parse('{"text": "a", "kind": "Official-Readout"}')
    assert isinstance(doc, DocumentInput) and doc.kind == "official_readout"


def test_dates_keep_the_day_and_the_original_time_in_metadata() -> None:
    docs = parse(
        '{"text": "a", "date": "2025-12-12T08:30:00+09:00"}\n'
        '{"text": "b", "date": "2025-12-11T23:59:00Z"}\n'
        '{"text": "c", "date": "2025-12-12"}\n'
    )
    assert [(d.date, d.metadata.get("date_original")) for d in docs if isinstance(d, DocumentInput)] == [
        ("2025-12-12", "2025-12-12T08:30:00+09:00"),
        ("2025-12-11", "2025-12-11T23:59:00Z"),
        ("2025-12-12", None),
    ]


def test_numeric_doc_id_becomes_a_string() -> None:
    (doc,) = parse('{"text": "a", "doc_id": 42}')
    assert isinstance(doc, DocumentInput) and doc.doc_id == "42"


def test_bom_crlf_and_blank_lines() -> None:
    data = b'\xef\xbb\xbf{"text": "first"}\r\n\r\n   \n{"text": "second"}\r\n'
    docs = parse(data)
    assert [(d.text, d.origin) for d in docs if isinstance(d, DocumentInput)] == [("first", "c.jsonl:1"), ("second", "c.jsonl:4")]


def test_bad_utf8_rejects_that_line_only() -> None:
    data = b'{"text": "ok one"}\n{"text": "bad \xff byte"}\n{"text": "ok two"}\n'
    items = parse(data)
    assert [type(i).__name__ for i in items] == ["DocumentInput", "Rejection", "DocumentInput"]
    assert items[1] == Rejection("c.jsonl:2", "not valid UTF-8 (byte 0xff at column 15)")


def test_unpaired_surrogate_is_rejected_not_stored() -> None:
    assert "surrogate" in reason('{"text": "bad \\ud800 char"}')
    (doc,) = parse('{"text": "pair \\ud83d\\ude00 ok"}')
    assert isinstance(doc, DocumentInput) and doc.text == "pair \U0001f600 ok"


def test_runaway_line_is_rejected_without_being_kept() -> None:
    huge = b'{"text": "' + b"x" * 200 + b'"}\n{"text": "fine"}\n'
    items = parse(huge, max_chars=10)  # a 10-character limit allows lines up to ~1 MB + 60 bytes
    assert all(isinstance(i, DocumentInput) for i in items)
    items = list(parse_jsonl(io.BytesIO(b'{"text": "' + b"x" * 1_100_000 + b'"}\n{"text": "fine"}\n'), name="c.jsonl", max_chars=10))
    assert isinstance(items[0], Rejection) and items[0].reason == "line is 1.1 MB, over the 10 characters limit for one document"
    assert isinstance(items[1], DocumentInput) and items[1].text == "fine" and items[1].origin == "c.jsonl:2"


def test_deeply_nested_json_is_a_rejection() -> None:
    assert reason("[" * 100_000 + "]" * 100_000).startswith("not valid JSON")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(line: bytes) -> None:
    item = parse_line(line, origin="f:1")
    assert item is None or isinstance(item, (DocumentInput, Rejection))
    if isinstance(item, Rejection):
        assert item.reason and "\n" not in item.reason


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
contract_fields = st.sampled_from(["text", "doc_id", "government", "issuer", "kind", "title", "date", "url", "language", "metadata"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(contract_fields | st.text(max_size=8), json_values | st.text(max_size=30), max_size=6))
def test_arbitrary_json_objects_never_raise(obj: dict[str, object]) -> None:
    line = json.dumps(obj).encode()
    item = parse_line(line, origin="f:1")
    assert isinstance(item, (DocumentInput, Rejection))
    if isinstance(item, DocumentInput):
        assert isinstance(obj.get("text"), str) and item.text == obj["text"]
        json.dumps(item.metadata)  # what the store will serialise
