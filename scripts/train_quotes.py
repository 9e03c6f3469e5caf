"""Train the cue classifier on PolNeAR train and write presslens/data/quotes/cue_model.json.gz.

    python scripts/train_quotes.py [--polnear ../shared/data/quotes/polnear] [--docbin train.spacy]

Only feature weights (lemma and dependency features) and cue-lemma counts are written; no text.
PolNeAR has no data licence: research/evaluation use (see presslens/data/quotes/MODEL_CARD.md).
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from presslens.quotes.features import QuoteIndex, is_candidate, quote_regions, token_features
from presslens.stages.nlp import load_nlp

DATA = Path(__file__).resolve().parents[1] / "presslens" / "data" / "quotes"


def load_split(polnear: Path, split: str) -> list[dict[str, Any]]:
    with open(polnear / f"{split}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def parse(records: list[dict[str, Any]], docbin: Path | None) -> list[Any]:
    nlp = load_nlp()
    if docbin is not None and docbin.exists():
        from spacy.tokens import DocBin

        return list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
    return list(nlp.pipe((r["text"] for r in records), batch_size=16))


def gold_cue_heads(doc: Any, record: dict[str, Any]) -> set[int]:
    heads = set()
    for attr in record["attributions"]:
        if attr["cue"]:
            span = doc.char_span(attr["cue"][0][0], attr["cue"][-1][1], alignment_mode="expand")
            if span is not None and len(span):
                heads.add(span.root.i)
    return heads


def examples(
    docs: list[Any], records: list[dict[str, Any]]
) -> tuple[list[dict[str, float]], list[int], Counter]:
    feats, labels, lemmas = [], [], Counter()
    for doc, record in zip(docs, records, strict=True):
        qindex = QuoteIndex(quote_regions(doc.text), doc.text).double_only()  # as at inference
        heads = gold_cue_heads(doc, record)
        for i in heads:
            lemmas[doc[i].lemma_.lower()] += 1
        for tok in doc:
            if is_candidate(tok):
                feats.append(token_features(tok, qindex))
                labels.append(int(tok.i in heads))
    return feats, labels, lemmas


def train(feats: list[dict[str, float]], labels: list[int], c: float) -> dict[str, float]:
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(feats).tocsr()
    x.indices = x.indices.astype(np.int32)  # liblinear wants 32-bit sparse indices
    x.indptr = x.indptr.astype(np.int32)
    model = LogisticRegression(C=c, solver="liblinear", max_iter=200)
    model.fit(x, labels)
    weights = {name: float(w) for name, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True)}
    weights["bias"] = weights.get("bias", 0.0) + float(model.intercept_[0])
    return {k: round(v, 4) for k, v in weights.items() if abs(v) >= 1e-3}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--polnear", type=Path, default=Path("../shared/data/quotes/polnear"))
    ap.add_argument("--docbin", type=Path, default=None)
    ap.add_argument("--C", type=float, default=0.5)
    ap.add_argument("--out", type=Path, default=DATA / "cue_model.json.gz")
    args = ap.parse_args()
    t0 = time.time()
    records = load_split(args.polnear, "train")
    docs = parse(records, args.docbin)
    feats, labels, lemmas = examples(docs, records)
    weights = train(feats, labels, args.C)
    meta = {
        "examples": len(labels),
        "positives": sum(labels),
        "C": args.C,
        "seconds": round(time.time() - t0),
    }
    with gzip.open(args.out, "wt", encoding="utf-8") as fh:
        json.dump({"meta": meta, "weights": weights}, fh, sort_keys=True)
    with open(DATA / "cue_lemmas.tsv", "w", encoding="utf-8") as fh:
        fh.write("# cue-head lemma counts on PolNeAR train (lemmas only)\n")
        for lemma, n in lemmas.most_common():
            if n >= 2:
                fh.write(f"{lemma}\t{n}\n")
    print(json.dumps(meta), len(weights), "weights")


if __name__ == "__main__":
    main()
