"""Text analysis: pure functions from text to sentences, quotations, mentions and statements.

`analyse_document` is the one entry point the importer calls; the modules beside it each do one job.
"""

from __future__ import annotations

from bot.models import Analysis, DocumentInput


def analyse_document(doc: DocumentInput) -> Analysis:
    """Everything the store keeps about a document's text. Pure: same input, same output."""
    from bot.nlp.analyse import analyse

    return analyse(doc)
