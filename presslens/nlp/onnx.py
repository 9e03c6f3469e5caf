"""One way to open an ONNX model on the CPU, for every model presslens runs on onnxruntime."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def cpu_session(path: str | Path, threads: int = 1) -> Any:
    """An onnxruntime session on the CPU with ``threads`` intra-op threads, quiet below errors."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
