"""Export a fine-tuned BERT encoder to int8 ONNX (hidden states out), shared by the training scripts.

Used by ``train_tagger.py`` and ``train_techniques_v4.py``; needs torch and onnx (training only).
"""

from __future__ import annotations

from pathlib import Path


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
