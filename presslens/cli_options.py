"""Command-line options shared by several commands (``analyze``, ``ingest``).

A module of its own so that ``cli`` and ``cli_corpus`` can both import it without importing each
other (``cli`` registers ``cli_corpus``'s commands at import time).
"""

from __future__ import annotations

from typing import Annotated

import typer

MinConfidenceOpt = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        min=0.0,
        max=1.0,
        help="Keep technique spans at or above this calibrated confidence (default: the model's operating threshold)",
    ),
]
