"""Corpus-level work: ingest orchestration (analyse + store) and near-duplicate detection."""
