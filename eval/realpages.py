"""Real-page gold sets (actors and quotes) written by the project.

The gold keeps offsets and short names only, never page text. Offsets point into a *reference
text* that anyone can rebuild from the shared page: trafilatura 2.3.1's plain-text extraction
with fixed options (``reference_text``). Evaluations feed that text to presslens as plain text,
so extraction changes never move the gold offsets. Each page line stores the sha256 of the
reference text; a mismatch (another trafilatura) is reported, not silently scored.

Gold files: ``eval/gold/real/*.jsonl`` (one per annotator batch), one JSON object per page::

    {"page": "article-extraction-benchmark/html/<name>.html.gz",
     "text_sha256": "...",
     "entities": [{"name": "Mark Meadows", "type": "PERSON", "mentions": [[s, e], ...]}],
     "quotes": [{"speaker": "Mark Meadows" | null, "source": [s, e] | null,
                 "cue": [s, e] | null, "content": [[s, e], ...], "kind": "direct|indirect|mixed"}]}
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
GOLD_DIR = ROOT / "eval" / "gold" / "real"


def read_html(page: str) -> str:
    path = SHARED / page
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return raw.decode("utf-8", errors="replace")


def reference_text(page: str) -> str:
    import trafilatura

    text = trafilatura.extract(
        read_html(page), output_format="txt", include_comments=False, include_tables=False, deduplicate=False
    )
    return text or ""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_gold(folder: Path = GOLD_DIR) -> list[dict]:
    pages = []
    for path in sorted(folder.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        pages.extend(json.loads(line) for line in lines if line.strip())
    return pages
