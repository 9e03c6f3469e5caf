"""The name tagger: a token head over the shared encoder, IOB2 over PER/ORG/LOC/MISC.

Trained by ``scripts/train_tagger.py`` on CoNLL-2003 train (see ``presslens/data/tagger/MODEL_CARD.md``).
The head is ``logits = vectors @ w_hidden + case_logits[shape] + bias`` (the word-shape term
restores the capitalisation the uncased encoder cannot see), applied with NumPy to the shared
encoder's token vectors.  Decoding is a constrained Viterbi over each sentence (an ``I-X`` only
after ``B-X``/``I-X``), so spans are always well formed.  Each span carries a confidence: the
lowest per-token probability of its decoded tags.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from presslens.errors import ModelLoadError
from presslens.nlp.encoder import DATA_DIR, Encoded
from presslens.nlp.wordshape import shape_id

HEAD_FILE = "ner_head.npz"


@dataclass(frozen=True)
class TagSpan:
    start: int  # Doc token offsets, end-exclusive
    end: int
    label: str  # PER | ORG | LOC | MISC
    confidence: float


class NameTagger:
    def __init__(self, folder: str | Path | None = None):
        import numpy as np

        path = (Path(folder) if folder else DATA_DIR) / HEAD_FILE
        try:
            with np.load(io.BytesIO(path.read_bytes()), allow_pickle=False) as z:
                self.w = z["w_hidden"].astype(np.float32)
                self.case = z["case_logits"].astype(np.float32)
                self.bias = z["bias"].astype(np.float32)
                self.labels = [str(x) for x in z["labels"]]
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as e:
            raise ModelLoadError(f"cannot load the name tagger head {path}: {e}") from e
        n = len(self.labels)
        allowed = np.ones((n, n), dtype=bool)  # allowed[prev, cur]
        for j, lab in enumerate(self.labels):
            if lab.startswith("I-"):
                allowed[:, j] = [p in ("B-" + lab[2:], lab) for p in self.labels]
        self.start_ok = np.array([not lab.startswith("I-") for lab in self.labels])
        self.trans = np.where(allowed, 0.0, -1e4).astype(np.float32)

    def tag(self, doc: Any, enc: Encoded) -> list[TagSpan]:
        """Name spans (Doc token offsets) of the tokens ``enc`` covers (all of ``doc``, or one
        slice of it: see :meth:`SharedEncoder.encode_slices`)."""
        import numpy as np

        at = enc.offset
        # the shape of each word as the encoder saw it ("al-Qaddoumi" whole), on its first token
        shapes = np.zeros(len(enc.valid), dtype=np.int64)
        for i in np.flatnonzero(enc.word_end).tolist():
            end = int(enc.word_end[i])
            word = doc[at + i].text if end == i + 1 else doc[at + i : at + end].text
            shapes[i] = shape_id(word, bool(enc.sent_start[i]))
        logits = enc.vectors @ self.w + self.case[shapes] + self.bias
        logp = logits - _logsumexp(logits)
        out: list[TagSpan] = []
        for run in _runs(enc):
            path = self._viterbi(logp[run])
            probs = np.exp(logp[run, path])
            out.extend(self._spans(run, path, probs, enc.word_end, at))
        return out

    def _viterbi(self, lp: Any) -> Any:
        import numpy as np

        n, k = lp.shape
        score = np.where(self.start_ok, lp[0], -1e4)
        back = np.zeros((n, k), dtype=np.int64)
        for i in range(1, n):
            cand = score[:, None] + self.trans
            back[i] = cand.argmax(0)
            score = cand.max(0) + lp[i]
        path = np.zeros(n, dtype=np.int64)
        path[-1] = int(score.argmax())
        for i in range(n - 1, 0, -1):
            path[i - 1] = back[i, path[i]]
        return path

    def _spans(self, run: list[int], path: Any, probs: Any, word_end: Any, at: int = 0) -> list[TagSpan]:
        out, start, label, low = [], None, None, 1.0
        for j, tag_id in enumerate([*path.tolist(), 0]):
            tag = self.labels[tag_id]
            if start is not None and not tag.startswith("I-"):
                end = at + int(word_end[run[j - 1]])
                out.append(TagSpan(at + run[start], end, label, round(float(low), 4)))
                start = None
            if tag.startswith("B-"):
                start, label, low = j, tag[2:], float(probs[j])
            elif tag.startswith("I-"):
                low = min(low, float(probs[j]))
        return out


def _logsumexp(x: Any) -> Any:
    import numpy as np

    m = x.max(-1, keepdims=True)
    return m + np.log(np.exp(x - m).sum(-1, keepdims=True))


def _runs(enc: Encoded) -> list[list[int]]:
    """Sentences as runs of words (their first tokens); a space token also ends a run."""
    runs: list[list[int]] = []
    cur: list[int] = []
    heads = (enc.word_end > 0).tolist()
    for i, ok in enumerate(enc.valid.tolist()):
        if ok and not heads[i]:
            continue  # inside a hyphenated word
        if not ok or (enc.sent_start[i] and cur):
            if cur:
                runs.append(cur)
            cur = []
        if ok:
            cur.append(i)
    if cur:
        runs.append(cur)
    return runs


@lru_cache(maxsize=2)
def load_tagger(folder: str | None = None) -> NameTagger:
    return NameTagger(folder)
