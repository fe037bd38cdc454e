"""Sources -> documents: JSONL, text and HTML files, folders, feeds; validation, size limits, dedupe.

The entry points are `bot.ingest.importer.import_documents` (store any iterable of inputs) and
`bot.ingest.files.iter_path_inputs` (turn paths into inputs). Nothing is imported here so that
importing one submodule (e.g. the feed fetcher) does not pull in the others.
"""
