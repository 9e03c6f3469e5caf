"""Readers: turn paths (files, folders, JSONL, WARC, stdin) into unextracted ``Article`` records.

Each input document becomes one ``Article`` whose ``cache["raw"]`` holds a :class:`RawPage`.
A document that cannot be read still becomes a record, with an ``errors`` entry: a bad input
never stops a batch.
"""

from presslens.readers.core import RawPage, count_inputs, iter_articles, read_bytes_document

__all__ = ["RawPage", "count_inputs", "iter_articles", "read_bytes_document"]
