"""Shared fixtures: paths to ../shared data (tests skip with a clear message when absent)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))


def need(path: Path) -> Path:
    """Skip the calling test, saying why, when shared data is not present."""
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (tests read it from ../shared; not shipped in the repo)")
    return path


@pytest.fixture(scope="session")
def seed_raw() -> str:
    return need(SHARED / "seed" / "seed-article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def benchmark_dir() -> Path:
    return need(DATA / "article-extraction-benchmark")
