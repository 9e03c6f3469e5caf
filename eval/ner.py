"""Score the presslens entity pipeline on CoNLL-2003 ``valid.txt`` with gold tokens.

    python eval/ner.py [--data ../shared/data/conll2003/valid.txt] [--limit N] [--legacy]
    python eval/ner.py --data ../shared/data/conll2003/train.txt --heldout-train --calibration

Each CoNLL document becomes one Doc built from the gold tokens (sentence starts from the gold
sentences), runs through the spaCy pipeline, the shared encoder, the name tagger and
:func:`presslens.nlp.resolve.resolve_tagged` (what the default entities stage runs; ``--legacy``:
the OntoNotes + CNN head path of ``presslens.entities.resolved.v1``), and named mentions are mapped PERSON->PER, ORG->ORG,
GPE/LOC/FAC->LOC, NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE/MISC->MISC.  Scores are exact-span
micro P/R/F1 over the whole set and over non-sports documents.

Non-sports rule (document level): a document is *sports* when its first sentence (the CoNLL
headline) contains a sports word (SOCCER, CRICKET, TENNIS, ...) or when at least 25 % of its
sentences hold two or more number tokens (result tables and score lines).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from train_ner import iob1_to_iob2, read_conll  # noqa: E402

from presslens.nlp import conll as conll_head  # noqa: E402
from presslens.nlp.gazetteer import load_gazetteer  # noqa: E402
from presslens.nlp.mentions import COARSE  # noqa: E402
from presslens.nlp.resolve import resolve_entities  # noqa: E402
from presslens.stages.nlp import load_nlp  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "conll2003" / "valid.txt"
SPORTS = re.compile(
    r"\b(SOCCER|CRICKET|TENNIS|GOLF|BASEBALL|BASKETBALL|RUGBY|CYCLING|ATHLETICS|MOTOR|RACING|BOXING|"
    r"HOCKEY|SKIING|SWIMMING|FOOTBALL|NFL|NBA|NHL|OLYMPIC|SQUASH|BADMINTON|ROWING|SAILING|HORSE|YACHTING|"
    r"CHAMPIONSHIP|LEAGUE|CUP|OPEN|GRAND PRIX|RESULTS|STANDINGS|SCORES)\b"
)
NUM = re.compile(r"^\d+([.:/-]\d+)*$")
Doc_ = list[tuple[list[str], list[str]]]


def read_docs(path: Path) -> Iterator[Doc_]:
    yield from read_conll(path)


def is_sports(doc: Doc_) -> bool:
    if SPORTS.search(" ".join(doc[0][0]).upper()):
        return True
    numeric = sum(1 for words, _ in doc if sum(bool(NUM.match(w)) for w in words) >= 2)
    return numeric >= 0.25 * len(doc)


def gold_spans(doc: Doc_) -> set[tuple[int, int, str]]:
    spans, offset = set(), 0
    for words, tags in doc:
        start, label = None, None
        for i, tag in enumerate([*iob1_to_iob2(tags), "O"]):
            if start is not None and not tag.startswith("I-"):
                spans.add((offset + start, offset + i, label))
                start = None
            if tag.startswith("B-"):
                start, label = i, tag[2:]
        offset += len(words)
    return spans


def build_doc(nlp: Any, doc: Doc_) -> Any:
    from spacy.tokens import Doc

    words = [w for ws, _ in doc for w in ws]
    starts = [i == 0 for ws, _ in doc for i in range(len(ws))]
    return Doc(nlp.vocab, words=words, sent_starts=starts)


def predict(
    docs: list[Doc_],
    model: str | None = None,
    use_conll: bool = True,
    legacy: bool = False,
    floor: float | None = None,
) -> list[set[tuple[int, int, str]]]:
    nlp = load_nlp(model)
    gaz = load_gazetteer()
    parsed = list(nlp.pipe((build_doc(nlp, d) for d in docs), batch_size=32))
    if not legacy:
        return [_tagged(doc, gaz, floor) for doc in parsed]
    spans = list(conll_head.conll_spans(parsed)) if use_conll and conll_head.available() else [None] * len(parsed)
    out = []
    for doc, sp in zip(parsed, spans, strict=True):
        res = resolve_entities(doc, sp, gaz)
        out.append({(s, e, COARSE[t]) for s, e, t in res.named if t in COARSE})
    return out


def _tagged(doc: Any, gaz: Any, floor: float | None = None) -> set[tuple[int, int, str]]:
    """The default entities stage's path: shared encoder -> name tagger -> resolution."""
    from presslens.nlp.encoder import load_shared_encoder
    from presslens.nlp.resolve import resolve_tagged
    from presslens.nlp.tagger import load_tagger

    enc = load_shared_encoder().encode_doc(doc)
    tagged = load_tagger().tag(doc, enc)
    res = resolve_tagged(doc, tagged, gaz) if floor is None else resolve_tagged(doc, tagged, gaz, floor)
    return {(s, e, COARSE[t]) for s, e, t in res.named if t in COARSE}


def calibration(docs: list[Doc_]) -> dict[str, list[tuple[float, float, float, int]]]:
    """Isotonic calibration of the tagger's confidence for spans that OntoNotes does not back
    ("disagree": it typed the words as another coarse class; "none": it found no name there):
    blocks of (lowest confidence, highest confidence, share right, count), where right means the
    exact span and coarse type are gold.  ``presslens.nlp.mentions.UNSURE_BELOW`` is where the
    share reaches one half."""
    from presslens.intervals import SpanIndex
    from presslens.nlp.encoder import load_shared_encoder
    from presslens.nlp.mentions import TAGGER_FLOOR, clean_span, model_mentions
    from presslens.nlp.tagger import load_tagger

    nlp = load_nlp()
    points: dict[str, list[tuple[float, bool]]] = {"disagree": [], "none": []}
    parsed = nlp.pipe((build_doc(nlp, d) for d in docs), batch_size=32)
    for d, doc in zip(docs, parsed, strict=True):
        gold = gold_spans(d)
        onto = [m for m in model_mentions(doc) if m.label in COARSE]
        index = SpanIndex(onto, lambda m: (m.start, m.end))
        for ts in load_tagger().tag(doc, load_shared_encoder().encode_doc(doc)):
            span = clean_span(doc, ts.start, ts.end) if ts.confidence >= TAGGER_FLOOR else None
            if span is None:
                continue
            labels = {COARSE[onto[i].label] for i in index.overlapping(*span)}
            if ts.label not in labels:
                points["disagree" if labels else "none"].append((ts.confidence, (*span, ts.label) in gold))
    return {kind: _isotonic(sorted(pts)) for kind, pts in points.items()}


def _isotonic(points: list[tuple[float, bool]]) -> list[tuple[float, float, float, int]]:
    blocks: list[list[float]] = []  # [lowest, highest, right, count], pooled adjacent violators
    for conf, right in points:
        blocks.append([conf, conf, float(right), 1])
        while len(blocks) > 1 and blocks[-2][2] / blocks[-2][3] >= blocks[-1][2] / blocks[-1][3]:
            last = blocks.pop()
            blocks[-1][1:] = [last[1], blocks[-1][2] + last[2], blocks[-1][3] + last[3]]
    return [(lo, hi, right / n, int(n)) for lo, hi, right, n in blocks]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(golds: list[set], preds: list[set]) -> dict[str, tuple[float, float, float]]:
    counts: Counter[tuple[str, str]] = Counter()
    for gold, pred in zip(golds, preds, strict=True):
        for s in pred:
            counts[(s[2], "tp" if s in gold else "fp")] += 1
        for s in gold - pred:
            counts[(s[2], "fn")] += 1
    out = {t: prf(counts[(t, "tp")], counts[(t, "fp")], counts[(t, "fn")]) for t in ("PER", "ORG", "LOC", "MISC")}
    tot = [sum(counts[(t, k)] for t in ("PER", "ORG", "LOC", "MISC")) for k in ("tp", "fp", "fn")]
    out["micro"] = prf(*tot)
    return out


def evaluate(
    path: Path = DEFAULT,
    limit: int | None = None,
    use_conll: bool = True,
    legacy: bool = False,
    floor: float | None = None,
    heldout_train: bool = False,
) -> dict[str, dict]:
    docs = list(read_docs(path))
    if heldout_train:  # the part of train that scripts/train_tagger.py held out (every tenth document)
        docs = [d for i, d in enumerate(docs) if i % 10 == 9]
    docs = docs[:limit]
    golds = [gold_spans(d) for d in docs]
    preds = predict(docs, use_conll=use_conll, legacy=legacy, floor=floor)
    keep = [i for i, d in enumerate(docs) if not is_sports(d)]
    return {
        "overall": score(golds, preds),
        "non_sports": score([golds[i] for i in keep], [preds[i] for i in keep]),
        "docs": {"all": len(docs), "non_sports": len(keep)},
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--legacy", action="store_true", help="the legacy entities stage (OntoNotes + CNN CoNLL head)")
    ap.add_argument("--no-conll", action="store_true", help="with --legacy: OntoNotes model + rules only")
    ap.add_argument("--floor", type=float, default=None, help="tagger confidence floor (default: the shipped one)")
    ap.add_argument(
        "--heldout-train",
        action="store_true",
        help="score the held-out tenth of train.txt (what selection uses; pass --data .../train.txt)",
    )
    ap.add_argument(
        "--calibration",
        action="store_true",
        help="print the isotonic calibration of the confidence of tagger spans OntoNotes does not back",
    )
    args = ap.parse_args()
    if args.calibration:
        docs = list(read_docs(args.data))
        docs = [d for i, d in enumerate(docs) if i % 10 == 9] if args.heldout_train else docs
        for kind, blocks in calibration(docs[: args.limit]).items():
            print(f"{kind}: confidence range -> share right (spans)")
            for lo, hi, share, n in blocks:
                print(f"  {lo:.3f}-{hi:.3f}  {share:.2f}  ({n})")
        return
    res = evaluate(args.data, args.limit, not args.no_conll, args.legacy, args.floor, args.heldout_train)
    print(f"documents: {res['docs']}")
    for part in ("overall", "non_sports"):
        print(f"\n{part}:  type   P      R      F1")
        for t, (p, r, f) in res[part].items():
            print(f"  {t:6} {p:.3f}  {r:.3f}  {f:.3f}")


if __name__ == "__main__":
    main()
