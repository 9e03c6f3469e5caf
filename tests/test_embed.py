"""MiniLM span embeddings on onnxruntime (presslens.nlp.embed)."""

from __future__ import annotations

import numpy as np
import pytest

from presslens.errors import ModelLoadError
from presslens.nlp.embed import DATA_DIR, DIM, MODEL_FILE, SpanEncoder, load_encoder

pytestmark = pytest.mark.skipif(
    not (DATA_DIR / MODEL_FILE).exists(), reason=f"embedding model not built ({DATA_DIR / MODEL_FILE})"
)


def test_shapes_norms_and_empty_input():
    enc = load_encoder()
    assert enc is load_encoder()  # one session per process
    assert enc.encode([]).shape == (0, DIM)
    v = enc.encode(["the Zionist regime", "a perfect personality", "", "Tehran"])
    assert v.shape == (4, DIM) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)  # "" still has [CLS] [SEP]


def test_deterministic_and_nearly_batch_independent():
    texts = ["short", "a much longer span of text that pads the batch " * 3, "medium length span", "x"]
    enc = load_encoder()
    batched = enc.encode(texts, batch_size=3)
    assert np.array_equal(batched, enc.encode(texts, batch_size=3))  # same input, same vectors
    assert np.array_equal(batched, enc.encode(texts[::-1], batch_size=3)[::-1])  # sorted by length
    # int8 activations are scaled per batch, so batch mates move a vector a little, never much
    one_by_one = np.vstack([enc.encode([t]) for t in texts])
    cos = (one_by_one * batched).sum(axis=1)
    assert cos.min() > 0.9, cos


def test_meaning_is_captured():
    enc = load_encoder()
    a, b, c = enc.encode(
        [
            "the cowardly traitors betrayed our nation",
            "treacherous cowards who sold out the country",
            "the committee meets on Tuesday to approve the budget",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.2


def test_long_text_is_truncated(tmp_path):
    enc = SpanEncoder(max_tokens=16)
    long = "word " * 500
    prefix = "word " * 14  # 14 words + [CLS] + [SEP] = 16 tokens
    v_long, v_prefix = enc.encode([long, prefix])
    assert np.allclose(v_long, v_prefix, atol=1e-5)


def test_missing_or_broken_model_raises_load_error(tmp_path):
    with pytest.raises(ModelLoadError, match="missing"):
        SpanEncoder(tmp_path)
    (tmp_path / "tokenizer.json").write_bytes((DATA_DIR / "tokenizer.json").read_bytes())
    (tmp_path / MODEL_FILE).write_bytes(b"not an onnx model")
    with pytest.raises(ModelLoadError, match="cannot load"):
        SpanEncoder(tmp_path)
