"""Text invocations -> (command name, raw string arguments), for the console and Slack's `/readout`.

Discord hands us typed options; text platforms hand us one line a person typed, which may be
anything: unterminated quotes, `*`, SQL-looking junk, 10 KB of text. So this parser never raises;
what it cannot understand becomes text (an unterminated `"` is just a character) or a readable
error on the `Invocation`. It only splits and names things: `commands.dispatch` validates values.

Accepted forms (any mix):
  /quote serious concern government:JP since:2025-01-01
  quote "serious concern" speaker:"Guo Jiakun"
  sources add https://x --government JP --every=15m
A `key:value` is an option only when `key` names an option of that command, so a URL's "https:"
or a sentence's "Note:" stays text. Words that are not options fill the command's first required
option (or its first option); with several required options, one word each in order and the last
takes the rest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from commands.registry import CommandSpec

# An opening quote and the characters that may close it (straight and typographic quotes).
_QUOTES: dict[str, str] = {'"': '"”', "“": '”"', "”": '”"', "„": '“”"', "«": "»"}
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,31}")
_MAX_ECHO = 40


@dataclass(frozen=True)
class Invocation:
    """A parsed line. `error` is a user-facing message when the line names no runnable command."""

    name: str
    args: dict[str, str] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True)
class _Token:
    text: str
    quoted_from: int | None  # index in `text` where quoted content starts (None: no quotes)

    @property
    def bare(self) -> bool:
        return self.quoted_from is None


def tokenize(text: str) -> list[_Token]:
    """Whitespace-separated words; a quoted run ("two words") is one word without its quotes.

    A quote with no closing partner is an ordinary character. Linear time even for 10 KB of quotes.
    """
    tokens: list[_Token] = []
    no_close_after: dict[str, int] = {}  # closers -> position from which no closer exists
    i, n = 0, len(text)

    def closing(opener: str, start: int) -> int:
        closers = _QUOTES[opener]
        if start >= no_close_after.get(closers, n + 1):
            return -1
        found = min((p for p in (text.find(c, start) for c in closers) if p != -1), default=-1)
        if found == -1:
            no_close_after[closers] = min(start, no_close_after.get(closers, n + 1))
        return found

    while i < n:
        if text[i].isspace():
            i += 1
            continue
        chars: list[str] = []
        quoted_from: int | None = None
        while i < n and not text[i].isspace():
            ch = text[i]
            if ch in _QUOTES:
                end = closing(ch, i + 1)
                if end != -1:
                    if quoted_from is None:
                        quoted_from = len(chars)
                    chars.append(text[i + 1 : end])
                    i = end + 1
                    continue
            chars.append(ch)
            i += 1
        tokens.append(_Token("".join(chars), quoted_from))
    return tokens


def normalise_key(key: str) -> str:
    """Option names are matched case-insensitively, with `-` and `_` interchangeable."""
    return key.strip().lower().replace("-", "_")


def resolve_command(words: list[str], commands: Mapping[str, CommandSpec]) -> tuple[str | None, int, str | None]:
    """(command name, words it used, error message). Handles two-word groups ("sources add")."""
    if not words:
        return "help", 0, None
    first = words[0].lstrip("/").lower()
    if first == "readout" and len(words) > 1:  # Slack echo: "/readout quote ..."
        name, used, error = resolve_command(words[1:], commands)
        return name, used + 1, error
    if len(words) > 1 and f"{first} {words[1].lower()}" in commands:
        return f"{first} {words[1].lower()}", 2, None
    if first in commands:
        return first, 1, None
    subcommands = sorted(name.split(" ", 1)[1] for name in commands if name.startswith(first + " "))
    if subcommands:
        choices = ", ".join(subcommands)
        if len(words) > 1:
            hint = _closest(words[1].lower(), subcommands)
            wanted = _echo(words[1])
            suffix = f" Did you mean /{first} {hint}?" if hint else ""
            return None, 0, f"/{first} has no subcommand {wanted!r}; it has: {choices}.{suffix}"
        return None, 0, f"/{first} needs a subcommand: {choices} (e.g. /{first} {subcommands[0]})."
    groups = {name.split(" ", 1)[0] for name in commands}
    hint = _closest(first, sorted(groups | set(commands)))
    suffix = f" Did you mean /{hint}?" if hint else ""
    return None, 0, f"Unknown command /{_echo(first)}.{suffix} Type /help to see every command."


def parse_invocation(text: str, commands: Mapping[str, CommandSpec] | None = None) -> Invocation:
    """Parse one typed line. An empty line means /help. Never raises."""
    if commands is None:
        from commands.all import load_commands

        commands = load_commands()
    try:
        tokens = tokenize(text if isinstance(text, str) else str(text))
        if not tokens:
            return Invocation("help")
        if not tokens[0].bare:
            example = _echo(tokens[0].text)
            return Invocation("", {}, f'Start with a command name, e.g. /quote "{example}". Type /help to see every command.')
        name, used, error = resolve_command([t.text for t in tokens[:3]], commands)
        if name is None:
            return Invocation("", {}, error)
        args, error = _arguments(commands[name], tokens[used:])
        return Invocation(name if error is None else "", args, error)
    except Exception as exc:  # pragma: no cover - a parser bug must still not reach the user as a traceback
        import logging

        logging.getLogger(__name__).exception("could not parse a command line")
        return Invocation("", {}, f"Could not read that command ({type(exc).__name__}). Type /help for examples.")


def _arguments(spec: CommandSpec, tokens: list[_Token]) -> tuple[dict[str, str], str | None]:
    options = {normalise_key(o.name): o.name for o in spec.options}
    named: dict[str, str] = {}
    positional: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        text = token.text
        prefix = text if token.quoted_from is None else text[: token.quoted_from]
        if prefix.startswith("--") and len(prefix) > 2:
            key, has_value, value = text[2:].partition("=")
            if _KEY.fullmatch(key):
                key_norm = normalise_key(key)
                if key_norm not in options:
                    hint = _closest(key_norm, sorted(options))
                    suffix = f" Did you mean --{hint}?" if hint else ""
                    known = ", ".join(f"--{o}" for o in sorted(options)) or "none"
                    return {}, f"/{spec.name} has no option --{_echo(key)}.{suffix} Its options: {known}."
                if has_value:
                    named[options[key_norm]] = value
                elif i + 1 < len(tokens):
                    named[options[key_norm]] = tokens[i + 1].text
                    i += 1
                else:
                    return {}, f"--{key_norm} needs a value, e.g. --{key_norm} {_example(spec, options[key_norm])}."
                i += 1
                continue
        key, colon, value = prefix.partition(":")
        if colon and _KEY.fullmatch(key) and normalise_key(key) in options:
            value = text[len(key) + 1 :]
            if not value and i + 1 < len(tokens):  # "government: JP"
                value = tokens[i + 1].text
                i += 1
            named[options[normalise_key(key)]] = value
            i += 1
            continue
        positional.append(text)
        i += 1
    if positional:
        if not spec.options:
            return {}, f"/{spec.name} takes no options, so {_echo(' '.join(positional))!r} cannot be used."
        _fill_positional(spec, named, positional)
    return named, None


def _fill_positional(spec: CommandSpec, named: dict[str, str], words: list[str]) -> None:
    """Unnamed words fill the unfilled required options in order (the last takes the rest); with
    none left, they are the command's main (first) option, added to it when it was given by name
    (so `/quote text:serious concern` means the two words)."""
    free_required = [o.name for o in spec.options if o.required and o.name not in named]
    if not free_required:
        first = spec.options[0].name
        named[first] = " ".join([named[first], *words]) if first in named else " ".join(words)
        return
    for index, name in enumerate(free_required):
        if not words:
            break
        if index == len(free_required) - 1:
            named[name] = " ".join(words)
            words = []
        else:
            named[name] = words.pop(0)


def _example(spec: CommandSpec, option_name: str) -> str:
    option = next(o for o in spec.options if o.name == option_name)
    return {
        "government": "JP",
        "governments": "JP,US",
        "date": "2025-01-01",
        "event": "E12",
        "number": "0.5",
        "integer": "10",
    }.get(option.type, option.choices[0] if option.choices else "...")


def _closest(word: str, choices: list[str]) -> str | None:
    """The choice a typo most likely meant (rapidfuzz), or None when nothing is close."""
    if not word or not choices:
        return None
    from rapidfuzz import fuzz, process

    found = process.extractOne(word[:64], choices, scorer=fuzz.WRatio, score_cutoff=70)
    return found[0] if found else None


def _echo(text: str) -> str:
    """User text quoted back in a message, cut short so a 10 KB argument gives a one-line error."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _MAX_ECHO else flat[: _MAX_ECHO - 1] + "…"
