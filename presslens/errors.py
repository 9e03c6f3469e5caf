"""All presslens errors, each with a stable code.  The CLI maps them to exit codes."""

from __future__ import annotations


class PresslensError(Exception):
    code = "presslens"


class InvalidRecordError(PresslensError, ValueError):
    code = "invalid-record"


class ReaderError(PresslensError):
    """An input could not be read or decoded."""

    code = "read"


class ExtractionError(PresslensError):
    """No article text could be extracted from a page."""

    code = "extract"


class StageConfigError(PresslensError):
    """Unknown stage, or stages whose requirements are not met."""

    code = "stage-config"


class BudgetExceeded(PresslensError):
    """A document ran past the per-document time budget (``Settings.doc_time_budget_s``)."""

    code = "budget"


class ModelLoadError(PresslensError):
    code = "model-load"


class StoreError(PresslensError):
    code = "store"


class QueryError(PresslensError):
    code = "query"
