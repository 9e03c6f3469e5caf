"""One settings object; every default is written out here and passed down explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_STAGES: tuple[str, ...] = ("extract", "nlp", "entities", "quotes", "relations", "techniques")


@dataclass(frozen=True)
class Settings:
    # pipeline
    stages: tuple[str, ...] = DEFAULT_STAGES
    batch_size: int = 32
    # extraction
    favor_precision: bool = False  # trafilatura option; measured on the benchmark (eval/extraction.py)
    min_text_chars: int = 1  # below this an extracted page counts as "no article"
    max_page_bytes: int = 60 * 1024 * 1024  # larger inputs (or JSONL lines) get an error record
    max_stream_bytes: int = 4 * 1024**3  # decompressed size of one gzip JSONL stream (gzip bombs)
    # cost bounds per document (see README "Long and hostile inputs")
    max_analysis_chars: int = 1_000_000  # NLP reads the text up to here (cut at a paragraph/sentence end)
    doc_time_budget_s: float | None = 600.0  # a document still running after this gets an error record
    # NLP
    spacy_model: str | None = None  # None: official en_core_web_md/sm if installed, else the pinned re-upload
    gazetteers: tuple[str, ...] = ()  # extra gazetteer files (JSONL / FollowTheMoney entities)
    relation_patterns: tuple[str, ...] = ()  # extra relation pattern files
    # techniques
    technique_threshold: float | None = None  # v1-v3 piece threshold; None: the one stored with the model
    technique_min_confidence: float | None = (
        None  # v4: keep spans at or above; None: the model's operating threshold
    )
    # HTTP API
    max_request_bytes: int = 12 * 1024 * 1024  # request bodies are refused (413) past this, unread
    # store
    db: str = "presslens.db"
    workers: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then ``PRESSLENS_*`` environment variables, then explicit overrides."""
        env: dict[str, Any] = {}
        if os.environ.get("PRESSLENS_DB"):
            env["db"] = os.environ["PRESSLENS_DB"]
        if os.environ.get("PRESSLENS_SPACY_MODEL"):
            env["spacy_model"] = os.environ["PRESSLENS_SPACY_MODEL"]
        env.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**env)
