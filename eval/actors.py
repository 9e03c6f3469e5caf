"""Score the entities stage on the project's real-page actor gold (``eval/gold/real/*.jsonl``).

    python eval/actors.py [--stage entities] [--limit N] [--half even|odd] [--show]

``--half even`` / ``--half odd`` score the pages at even / odd positions of the gold (files in
name order): decide a rule on one half, confirm it on the other.

Each gold page's reference text (``eval/realpages.py``: trafilatura 2.3.1 with fixed options) goes
through the real ``nlp`` and ``entities`` stages as plain text, so extraction changes never move
the gold.  Only actor types are scored: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT.

- **Mentions**: a predicted *named* mention (pronoun and description mentions are left out: the
  gold holds names only) is right when its span and its entity's type equal a gold mention's.
- **Entities**: each predicted entity maps to the gold entity that most of its named mentions
  overlap.  It is right ("name and type") when it maps to one and has that entity's type.
  Recall: the share of gold entities that some predicted entity of the right type maps to.
- **Split**: a gold entity mapped to by two or more predicted entities; **merged**: a predicted
  entity whose mentions overlap two or more gold entities.  ``person_split_full_name``: split
  gold persons whose full (multi-word) name is on the page.  ``person_as_gpe``: predicted GPE
  entities that map to a gold PERSON.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import realpages  # noqa: E402

from presslens.api import build_pipeline  # noqa: E402
from presslens.readers import read_bytes_document  # noqa: E402
from presslens.settings import Settings  # noqa: E402

ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})


PRONOUNS = frozenset(
    ["he", "she", "his", "her", "hers", "him", "they", "them", "their", "it", "its", "we", "i", "you"]
)


def is_name(text: str) -> bool:
    """Named mentions only: not pronouns ("He") nor descriptions ("The martyr")."""
    words = text.split()
    if not words or words[0].lower() in PRONOUNS or words[0].lower() in ("the", "this", "that"):
        return False
    return text[0].isupper() or text[0].isdigit()


def predict(texts: list[str], stage: str = "entities") -> list[list[dict]]:
    settings = Settings().with_(stages=("extract", "nlp", stage))
    pipe = build_pipeline(settings)
    docs = [next(read_bytes_document(t.encode("utf-8"), None, settings, kind="text")) for t in texts]
    out = []
    for art, text in zip(pipe.run(iter(docs)), texts, strict=True):
        ents = []
        for ent in art.entities:
            if ent.type not in ACTOR_TYPES:
                continue
            spans = [(m.start, m.end) for m in ent.mentions if is_name(text[m.start : m.end])]
            if spans:
                ents.append({"name": ent.name, "type": ent.type, "mentions": spans, "kb_id": ent.kb_id})
        out.append(ents)
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_page(gold: list[dict], pred: list[dict]) -> Counter:
    c: Counter = Counter()
    gold = [g for g in gold if g["type"] in ACTOR_TYPES]
    gold_m = {(s, e, g["type"]) for g in gold for s, e in g["mentions"]}
    pred_m = {(s, e, p["type"]) for p in pred for s, e in p["mentions"]}
    c["mention_tp"] += len(gold_m & pred_m)
    c["mention_pred"] += len(pred_m)
    c["mention_gold"] += len(gold_m)
    c["span_tp"] += len({m[:2] for m in gold_m} & {m[:2] for m in pred_m})
    owner = {}
    for gi, g in enumerate(gold):
        for s, e in g["mentions"]:
            owner[(s, e)] = gi
    mapped: dict[int, list[int]] = {}
    for pi, p in enumerate(pred):
        hits: Counter = Counter()
        for pm in p["mentions"]:
            for gm, gi in owner.items():
                if _overlap(pm, gm):
                    hits[gi] += 1
        c["entity_pred"] += 1
        if len(hits) >= 2:
            c["merged"] += 1
        if not hits:
            c["entity_spurious"] += 1
            continue
        gi, n = hits.most_common(1)[0]
        if gold[gi]["type"] == p["type"]:
            c["entity_tp"] += 1
            mapped.setdefault(gi, []).append(pi)
        else:
            c["entity_wrong_type"] += 1
            if gold[gi]["type"] == "PERSON" and p["type"] == "GPE":
                c["person_as_gpe"] += 1
    split_targets: Counter = Counter()
    for p in pred:
        for gi in {owner[gm] for pm in p["mentions"] for gm in owner if _overlap(pm, gm)}:
            split_targets[gi] += 1
    c["entity_gold"] += len(gold)
    c["entity_found"] += len(mapped)
    for gi, n in split_targets.items():
        if n >= 2:
            c["split"] += 1
            if gold[gi]["type"] == "PERSON" and len(gold[gi]["name"].split()) >= 2:
                c["person_split_full_name"] += 1
    return c


def evaluate(
    stage: str = "entities", limit: int | None = None, show: bool = False, half: str | None = None
) -> dict:
    pages = realpages.load_gold()
    if half:
        pages = pages[{"even": 0, "odd": 1}[half] :: 2]
    pages = pages[:limit]
    texts = [realpages.reference_text(p["page"]) for p in pages]
    stale = [p["page"] for p, t in zip(pages, texts, strict=True) if realpages.sha256(t) != p["text_sha256"]]
    keep = [i for i, p in enumerate(pages) if p["page"] not in stale]
    preds = predict([texts[i] for i in keep], stage)
    total: Counter = Counter()
    for i, pred in zip(keep, preds, strict=True):
        c = score_page(pages[i]["entities"], pred)
        total.update(c)
        if show:
            _show(pages[i], texts[i], pred)
    return {"pages": len(keep), "stale": stale, "counts": total, **_rates(total)}


def _rates(c: Counter) -> dict:
    def div(a: float, b: float) -> float:
        return round(a / b, 4) if b else 0.0

    return {
        "entity_precision": div(c["entity_tp"], c["entity_pred"]),
        "entity_recall": div(c["entity_found"], c["entity_gold"]),
        "mention_precision": div(c["mention_tp"], c["mention_pred"]),
        "mention_recall": div(c["mention_tp"], c["mention_gold"]),
        "span_precision": div(c["span_tp"], c["mention_pred"]),
        "span_recall": div(c["span_tp"], c["mention_gold"]),
        "split_share": div(c["split"], c["entity_gold"]),
        "merged_share": div(c["merged"], c["entity_pred"]),
        "person_as_gpe": c["person_as_gpe"],
        "person_split_full_name": c["person_split_full_name"],
    }


def _show(page: dict, text: str, pred: list[dict]) -> None:
    gold_m = {(s, e): g for g in page["entities"] for s, e in g["mentions"]}
    print(f"\n== {page['page']}")
    for p in pred:
        marks = []
        for s, e in p["mentions"]:
            g = next((g for (gs, ge), g in gold_m.items() if gs < e and s < ge), None)
            marks.append(
                f"{text[s:e]}{'' if g and g['type'] == p['type'] else ' ✗(' + (g['type'] if g else 'none') + ')'}"
            )
        print(f"  {p['type']:7} {p['name'][:40]:40} {p['kb_id'] or '':22} | {'; '.join(marks)[:150]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--stage", default="entities", help="entities stage name (e.g. presslens.entities.resolved.v1)"
    )
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--half", choices=("even", "odd"), help="only the pages at even / odd positions")
    ap.add_argument("--show", action="store_true", help="print each page's predicted actors, errors marked")
    args = ap.parse_args()
    if not realpages.SHARED.exists():
        sys.exit(f"shared data not found at {realpages.SHARED}")
    res = evaluate(args.stage, args.limit, args.show, args.half)
    print(f"pages: {res['pages']}  stale gold (other trafilatura): {len(res['stale'])}")
    for k, v in res.items():
        if k not in ("pages", "stale", "counts"):
            print(f"  {k:24} {v}")


if __name__ == "__main__":
    main()
