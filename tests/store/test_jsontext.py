"""`bot.store.jsontext`'s encoders, made once, against `json.dumps` with the same options, on
generated values (every JSON type, nesting, escapes, non-ASCII, odd floats, non-JSON values for
`default`) and on the values an import stores."""

from __future__ import annotations

import json
import math
import random
from datetime import date
from typing import Any

import pytest

from bot.store import jsontext

_CHARS = "aZ09 \"\\/\b\f\n\r\t\x00\x1f\x7f\u00e9\u0416\u65e5\u2028\ud7ff\U0001f600"


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(_CHARS) for _ in range(rng.randrange(0, 12)))


def _value(rng: random.Random, depth: int = 0, odd: bool = False) -> Any:
    kinds = ["str", "int", "float", "bool", "none"] + (["list", "tuple", "dict"] if depth < 4 else [])
    if odd:
        kinds.append("odd")
    kind = rng.choice(kinds)
    if kind == "str":
        return _text(rng)
    if kind == "int":
        return rng.choice([0, -1, 2**70, rng.randrange(-10**6, 10**6)])
    if kind == "float":
        return rng.choice([0.0, -0.0, 1e300, 1.5e-7, math.inf, -math.inf, math.nan, rng.random()])
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "none":
        return None
    if kind == "odd":
        return rng.choice([date(2024, 1, 2), {1, 2} if rng.random() < 0.1 else b"x", object])
    items = [_value(rng, depth + 1, odd) for _ in range(rng.randrange(0, 5))]
    if kind == "list":
        return items
    if kind == "tuple":
        return tuple(items)
    keys: list[Any] = [_text(rng) for _ in items]
    keys += [rng.choice([1, 2.5, True, None])] if rng.random() < 0.2 else []
    return dict(zip(keys, items + [0]))


def _same(fast: Any, plain: Any, value: Any) -> None:
    try:
        expected = plain(value)
    except (TypeError, ValueError) as exc:
        with pytest.raises(type(exc)):
            fast(value)
        return
    assert fast(value) == expected, value


def test_each_encoder_writes_what_json_dumps_writes() -> None:
    rng = random.Random(7)
    for _ in range(4000):
        value = _value(rng)
        _same(jsontext.dumps_text, lambda v: json.dumps(v, ensure_ascii=False), value)
        _same(jsontext.dumps_ascii, json.dumps, value)
    for _ in range(2000):
        value = _value(rng, odd=True)
        _same(jsontext.dumps_text_or_str, lambda v: json.dumps(v, ensure_ascii=False, default=str), value)
        _same(jsontext.dumps_text, lambda v: json.dumps(v, ensure_ascii=False), value)


def test_the_values_an_import_stores() -> None:
    from bot.events import ContactProfile

    profile = ContactProfile(3, ("shoigu", "ostin"), ("Сергей Шойгу", "Lloyd Austin"), ("RU", "US"), date(2022, 10, 21),
                             date(2022, 10, 21), "call", frozenset({"defence", "телефон"}), frozenset({"pentagon"}), ("UA",))
    for value in (profile.to_json(), {}, {"feed": "x", "tags": ["a", "é"]}, [{"text": "«Да»", "doc_ids": ["d1", "d2"]}],
                  ["Xi Jinping", "岸田文雄"], ["RU", "US"], "plain", 1.0):
        assert jsontext.dumps_text(value) == json.dumps(value, ensure_ascii=False)
        assert jsontext.dumps_ascii(value) == json.dumps(value)
        assert jsontext.dumps_text_or_str(value) == json.dumps(value, ensure_ascii=False, default=str)


def test_without_the_c_encoder_the_plain_one_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsontext, "c_make_encoder", None)
    dumps = jsontext._encoder(ensure_ascii=False, default=str)
    assert dumps({"é": date(2024, 1, 2)}) == json.dumps({"é": date(2024, 1, 2)}, ensure_ascii=False, default=str)


def test_an_internal_encoder_that_changed_falls_back_to_the_public_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """`c_make_encoder` is the json module's internal: another Python may take other arguments or
    write other text. Either way the store keeps writing what `json.dumps` writes."""
    def other_signature(*args: object) -> object:
        raise TypeError("c_make_encoder() takes 10 arguments")

    def other_text(*args: object) -> object:
        return lambda value, indent: ("[]",)

    value = {"kind": "call", "names": ["Wang Yi", "Блинкен"]}
    for internal in (other_signature, other_text):
        monkeypatch.setattr(jsontext, "c_make_encoder", internal)
        assert jsontext._encoder(ensure_ascii=False)(value) == json.dumps(value, ensure_ascii=False)
