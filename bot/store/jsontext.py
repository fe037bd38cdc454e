"""JSON text of the values the store writes, without `json.dumps`'s set-up on every call.

`json.dumps(value, ensure_ascii=False)` builds a `JSONEncoder` and then, inside `iterencode`, the C
encoder, for every value; an import stores ~5 JSON values a document (a contact profile, an event's
participants and governments, a document's metadata, divergences and alerts), most of them short.
Measured (callgrind, a two-name list): 20.2k instructions a call with `ensure_ascii=False`, 14.6k
without, 4.0k for the same C encoder made once; ~150 M of the importing process's ~13 G over 2,000
documents. The encoders here are the ones `json.dumps` makes (same C function, same separators,
`sort_keys` and `allow_nan` off/on as there), so the text is the same; only the circular-reference
check is off (a cyclic value raises RecursionError instead of ValueError; the store writes trees
built for the call). Without the C accelerator, `JSONEncoder.encode` is used (same text).
tests/store/test_jsontext.py compares them with `json.dumps`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import c_make_encoder, encode_basestring, encode_basestring_ascii
from typing import Any


def _encoder(ensure_ascii: bool, default: Callable[[Any], Any] | None = None) -> Callable[[Any], str]:
    """`lambda value: json.dumps(value, ensure_ascii=ensure_ascii, default=default)`, set up once."""
    plain = json.JSONEncoder(ensure_ascii=ensure_ascii, default=default)
    if c_make_encoder is None:  # no C accelerator: the pure-Python encoder, as json.dumps would use
        return plain.encode
    try:  # `c_make_encoder` is the json module's internal: checked once, not trusted blindly
        encode = c_make_encoder(None, plain.default, encode_basestring_ascii if ensure_ascii else encode_basestring,
                                None, ": ", ", ", False, False, True)

        def dumps(value: Any) -> str:
            return "".join(encode(value, 0))

        if dumps(_PROBE) != plain.encode(_PROBE):
            return plain.encode
    except Exception:  # noqa: BLE001 - another Python's internal signature: the public encoder instead
        return plain.encode
    return dumps


# What each encoder is checked on when it is made (a changed internal must not change stored text).
_PROBE: Any = {"a": [1, 2.5, None, True, "é\n\"x\u2028"], "b": {"c": -0.0, "d": float("inf")}}


# json.dumps(value, ensure_ascii=False): text kept as it is written
dumps_text = _encoder(ensure_ascii=False)
# json.dumps(value)
dumps_ascii = _encoder(ensure_ascii=True)
# json.dumps(value, ensure_ascii=False, default=str): a document's metadata, whatever its values
dumps_text_or_str = _encoder(ensure_ascii=False, default=str)
