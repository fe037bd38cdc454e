"""Placeholder analysis (one sentence per line) until the nlp modules land."""

from __future__ import annotations

from bot.models import Analysis, DocumentInput, Sentence


def analyse(doc: DocumentInput) -> Analysis:
    sentences = []
    offset = 0
    for line in doc.text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = doc.text.index(stripped, offset)
            sentences.append(Sentence(len(sentences), stripped, start, start + len(stripped)))
        offset += len(line)
    return Analysis(sentences=tuple(sentences))
