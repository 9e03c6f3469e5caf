"""Import an ``eval/`` script from a test: the scripts are no package, so their folder goes on
``sys.path`` once (the one place tests do this)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

EVAL_DIR = Path(__file__).resolve().parents[1] / "eval"


def eval_module(name: str) -> ModuleType:
    """``eval/<name>.py`` as a module (``eval_module("quotes")``)."""
    if str(EVAL_DIR) not in sys.path:
        sys.path.insert(0, str(EVAL_DIR))
    return importlib.import_module(name)
