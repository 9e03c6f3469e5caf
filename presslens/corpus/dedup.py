"""Near-duplicates / syndication: MinHash signatures over word shingles, LSH band keys, diff stats.

Pure functions: the store persists signatures and band keys (``dedup_signatures``,
``dedup_bands``) so new articles join existing clusters without rebuilding anything.
Parameters are versioned together (``DEDUP_VERSION``); changing any of them means re-signing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

DEDUP_VERSION = "presslens.dedup.minhash.v1"
SHINGLE_WORDS = 3
BANDS = 42
ROWS = 3
NUM_PERM = BANDS * ROWS  # 126
SEED = 1
THRESHOLD = 0.4  # estimated Jaccard of word 3-shingles above which two articles are copies

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n+")
_SCHEME = "affine32"
_PERMS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=_SCHEME).permutations  # shared, built once


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    toks = words(text)
    if len(toks) < k:
        return {" ".join(toks).encode("utf-8", "surrogatepass")} if toks else set()
    return {" ".join(toks[i : i + k]).encode("utf-8", "surrogatepass") for i in range(len(toks) - k + 1)}


def signature(text: str) -> np.ndarray | None:
    """MinHash hash values (uint32) of the text's word shingles; None for a text without words."""
    grams = shingles(text)
    if not grams:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMS, scheme=_SCHEME)
    mh.update_batch(list(grams))
    return mh.hashvalues.astype("<u4")


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band (BANDS bands of ROWS hash values); the band number is
    hashed in, so keys of different bands never collide and one ``key IN (...)`` lookup suffices."""
    out = []
    for band in range(BANDS):
        chunk = band.to_bytes(2, "little") + sig[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=b"plband").digest()
        out.append(int.from_bytes(digest, "little", signed=True))
    return out


@dataclass(frozen=True)
class DiffStats:
    chars_added: int
    chars_cut: int
    sentences_added: int
    sentences_cut: int


def sentences(text: str) -> list[str]:
    return [" ".join(s.split()) for s in _SENTENCE.split(text) if s and s.strip()]


def diff_stats(origin: str, copy: str) -> DiffStats:
    """Sentences (and their characters) the copy adds to, or cuts from, the origin."""
    a, b = Counter(sentences(origin)), Counter(sentences(copy))
    added, cut = b - a, a - b
    return DiffStats(
        chars_added=sum(len(s) * n for s, n in added.items()),
        chars_cut=sum(len(s) * n for s, n in cut.items()),
        sentences_added=sum(added.values()),
        sentences_cut=sum(cut.values()),
    )
