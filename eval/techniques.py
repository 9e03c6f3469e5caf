#!/usr/bin/env python
"""Score the technique stage on PTC dev with the SemEval-2020 Task 11 metrics.

    python eval/techniques.py [--ptc ../shared/data/ptc] [--split dev] [--model v4|v3|v2] [--threshold T] [--no-lexicon]
    python eval/techniques.py --judged [--threshold T] [--source S]   # precision on judged real pages (no PTC)
    python eval/techniques.py --judged --thresholds 0.15,0.2,0.25,0.3  # precision and kept spans per threshold

``--model v4`` (default) runs the default pipeline (entities, then ``presslens.techniques.tagger.v4``)
on each article; ``--threshold`` is then the minimum calibrated confidence (default: the model's
operating threshold), and the reliability table of the calibrated confidences is printed.

* SI  - the real stage runs over each dev article text (read exactly as the bytes decode); its
        spans, label-free, are scored against the gold SI spans (partial credit, gold merged).
* FLC - the same spans with their techniques against the gold technique spans (merged per
        technique).
* TC  - the stage's technique classifier labels the gold spans (the k-th copy of a span in the
        template gets the k-th ranked technique); micro-F1 with the official greedy alignment.

Scoring functions live in ``presslens.metrics.techniques``.

``--judged`` re-runs the default stage on the real English news pages of
``eval/gold/techniques_judged.jsonl`` (ScrapingHub article-extraction benchmark and
trafilatura-eval pages under ../shared/data, read as presslens extracts them) and prints the
precision of its output spans against a reading of every span by the PTC guidelines: ``right``
(a use of that technique), ``other_label`` (a technique, another label), ``not_technique``.
Overall, per source, per technique and per confidence bin (is ``confidence`` calibrated on real
pages?).  The gold keeps offsets, the technique and the verdict only, and the sha256 of the
extracted text: a page whose text changed (another extraction) is reported and not scored.
Output spans that were never judged (a new model or decoding) are counted, not scored.
A page line may carry a ``source`` tag (``fresh-s12``: pages first read in session 12, after
everything before was tuned on the others, so a held-out reading); without one its source is the
data set it comes from.  ``--source`` scores one source only; ``--thresholds`` re-runs the stage at
each operating threshold and prints, per source, the spans kept and the precision of the judged ones.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from presslens.metrics.techniques import (  # noqa: E402
    PRF,
    FLCResult,
    TCResult,
    read_labels_file,
    score_flc,
    score_si,
    score_tc,
)
from presslens.model import Article  # noqa: E402
from presslens.settings import Settings  # noqa: E402
from presslens.techniques.crf import TechniqueModel, TechniqueTagger, load_model  # noqa: E402
from presslens.techniques.features import analyse_text  # noqa: E402
from presslens.techniques.sentences import TECHNIQUES  # noqa: E402

DEFAULT_PTC = ROOT.parent / "shared" / "data" / "ptc"
SHARED = ROOT.parent / "shared" / "data"
JUDGED = ROOT / "eval" / "gold" / "techniques_judged.jsonl"
VERDICTS = ("right", "other_label", "not_technique")
BINS = (0.15, 0.2, 0.3, 0.4, 0.5, 1.01)


@dataclass
class EvalResult:
    si: PRF
    flc: FLCResult
    tc: TCResult
    n_articles: int
    seconds: float
    words: int


def read_articles(ptc: Path, split: str) -> dict[str, str]:
    texts = {}
    for p in sorted((ptc / f"{split}-articles").glob("article*.txt")):
        with open(p, encoding="utf-8", newline="") as f:
            texts[p.stem.removeprefix("article")] = f.read()
    return texts


def tc_template_predictions(
    model: TechniqueModel, texts: dict[str, str], gold_tc: list[tuple]
) -> list[tuple]:
    by_art: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for a, _t, s, e in gold_tc:
        by_art[a].append((s, e))
    out = []
    for a, spans in by_art.items():
        doc = analyse_text(texts[a], model.lex)
        uniq = sorted(set(spans))
        ranked = dict(zip(uniq, model.classify(doc, uniq), strict=True))
        seen: dict[tuple[int, int], int] = defaultdict(int)
        for s, e in spans:
            k = seen[(s, e)]
            seen[(s, e)] += 1
            labels = ranked[(s, e)]
            out.append((a, labels[min(k, len(labels) - 1)][0], s, e))
    return out


def evaluate(
    ptc: Path = DEFAULT_PTC,
    split: str = "dev",
    threshold: float | None = None,
    lexicon: bool = True,
    limit: int | None = None,
    legacy: bool = False,
) -> EvalResult:
    texts = read_articles(ptc, split)
    if limit:
        texts = dict(list(texts.items())[:limit])
    gold_si = [g for g in read_labels_file(str(ptc / f"{split}-task-si.labels")) if g[0] in texts]
    gold_tc = [g for g in read_labels_file(str(ptc / f"{split}-task-flc-tc.labels")) if g[0] in texts]
    model = load_model(None, legacy)
    if not lexicon:
        model = _without_lexicon(model)
    tagger = TechniqueTagger(Settings(technique_threshold=threshold), model)
    t0 = time.perf_counter()
    pred_si, pred_flc = [], []
    words = 0
    for aid, text in texts.items():
        art = tagger(Article(text=text, id=aid))
        assert art.text == text
        words += art.scores["techniques"]["words"]
        for t in art.techniques:
            pred_si.append((aid, t.start, t.end))
            pred_flc.append((aid, t.technique, t.start, t.end))
    seconds = time.perf_counter() - t0
    si = score_si(pred_si, gold_si)
    flc = score_flc(pred_flc, gold_tc)
    tc = score_tc(tc_template_predictions(model, texts, gold_tc), gold_tc)
    return EvalResult(si, flc, tc, len(texts), seconds, words)


def evaluate_v4(ptc: Path = DEFAULT_PTC, split: str = "dev", min_confidence: float | None = None, limit: int | None = None):
    """The default pipeline (entities, then the v4 stage) on each article; TC by the span head."""
    import numpy as np

    from presslens.api import analyze_text
    from presslens.techniques import calibration
    from presslens.techniques.v4 import load_v4
    from presslens.techniques.windows import article_names

    texts = read_articles(ptc, split)
    if limit:
        texts = dict(list(texts.items())[:limit])
    gold_si = [g for g in read_labels_file(str(ptc / f"{split}-task-si.labels")) if g[0] in texts]
    gold_tc = [g for g in read_labels_file(str(ptc / f"{split}-task-flc-tc.labels")) if g[0] in texts]
    model = load_v4()
    settings = Settings(technique_min_confidence=min_confidence)
    by_art: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for a, t, s, e in gold_tc:
        by_art[a].append((t, s, e))
    t0 = time.perf_counter()
    pred_si, pred_flc, tc_pred, conf_all, right_all, out_conf, out_right = [], [], [], [], [], [], []
    words = 0
    below = dupes = 0
    for aid, text in texts.items():
        art = analyze_text(text, settings=settings, only=["techniques"])
        assert art.text == text
        words += art.scores["techniques"]["words"]
        keys = [(t.start, t.end, t.technique) for t in art.techniques]
        dupes += len(keys) - len(set(keys))
        below += sum(1 for t in art.techniques if t.confidence < art.scores["techniques"]["threshold"])
        for t in art.techniques:
            pred_si.append((aid, t.start, t.end))
            pred_flc.append((aid, t.technique, t.start, t.end))
        names = article_names(art)
        spans = [(s, e) for _t, s, e in by_art.get(aid, [])]
        uniq = sorted(set(spans))
        states = model.article_states(text, names)  # one encoder pass for TC and the reliability table
        ranked = dict(zip(uniq, model.classify(text, names, uniq, states), strict=True))
        seen: dict[tuple[int, int], int] = defaultdict(int)
        for s, e in spans:
            k = seen[(s, e)]
            seen[(s, e)] += 1
            tc_pred.append((aid, ranked[(s, e)][min(k, len(TECHNIQUES) - 1)][0], s, e))
        # reliability: every candidate with its calibrated confidence, right = half inside gold of its label
        gch: dict[int, np.ndarray] = {}
        for t, s, e in by_art.get(aid, []):
            ti = TECHNIQUES.index(t)
            gch.setdefault(ti, np.zeros(len(text) + 1, dtype=bool))[s:e] = True
        cands, conf = model.scored_candidates(text, names, states)
        conf_all += [float(p) for p in conf]
        right_all += [calibration.is_right(c, gch) for c in cands]
        for t in art.techniques:  # what users see: the merged spans at or above the threshold
            g = gch.get(TECHNIQUES.index(t.technique))
            out_conf.append(t.confidence)
            out_right.append(bool(g is not None and g[t.start : t.end].mean() >= 0.5))
    seconds = time.perf_counter() - t0
    si = score_si(pred_si, gold_si)
    flc = score_flc(pred_flc, gold_tc)
    tc = score_tc(tc_pred, gold_tc)
    rel, ece = calibration.reliability(conf_all, right_all)
    out_rel, out_ece = calibration.reliability(out_conf, out_right)
    res = EvalResult(si, flc, tc, len(texts), seconds, words)
    return res, {"reliability": rel, "ece": ece, "output_reliability": out_rel, "output_ece": out_ece, "below_threshold": below, "duplicates": dupes, "threshold": model.threshold if min_confidence is None else min_confidence}


def _without_lexicon(model: TechniqueModel) -> TechniqueModel:
    clone = TechniqueModel(model.bundle, model.lex)
    clone.use_lexicon = False
    return clone


# -- judged real pages ----------------------------------------------------------------------
def load_judged(path: Path = JUDGED) -> list[dict]:
    """One line per page: page (relative to ../shared/data), text_sha256, spans with verdicts."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def source_of(page: dict) -> str:
    """The page's ``source`` tag, or the data set under ../shared/data it comes from."""
    return page.get("source") or page["page"].split("/", 1)[0]


def judged_run(pages: list[dict], min_confidence: float | None = None) -> dict[str, object]:
    """The default pipeline's technique output on the judged pages, by page path."""
    from presslens.api import analyze_paths

    root = SHARED.resolve()
    paths = [str(SHARED / p["page"]) for p in pages]
    settings = Settings(technique_min_confidence=min_confidence)
    out = {}
    for art in analyze_paths(paths, settings, ["techniques"]):
        out[Path(art.source.path).resolve().relative_to(root).as_posix()] = art
    return out


def match_judged(pages: list[dict], arts: dict[str, object]) -> dict[str, list]:
    """Output spans with their verdicts; unjudged output; judged spans no longer output;
    pages whose extracted text changed."""
    hits, unjudged, gone, changed = [], [], [], []
    for page in pages:
        art = arts.get(page["page"])
        if art is None or hashlib.sha256(art.text.encode("utf-8")).hexdigest() != page["text_sha256"]:
            changed.append(page["page"])
            continue
        judged = {(s["start"], s["end"], s["technique"]): s for s in page["spans"]}
        seen = set()
        for t in art.techniques:
            key = (t.start, t.end, t.technique)
            row = {"page": page["page"], "source": source_of(page), "technique": t.technique,
                   "confidence": t.confidence, "start": t.start, "end": t.end}
            if key in judged:
                seen.add(key)
                hits.append({**row, "verdict": judged[key]["verdict"], "note": judged[key].get("note", "")})
            else:
                unjudged.append(row)
        gone += [{**s, "page": page["page"], "source": source_of(page)} for k, s in judged.items() if k not in seen]
    return {"hits": hits, "unjudged": unjudged, "gone": gone, "changed": changed}


def _share(rows: list[dict]) -> list[str]:
    n = len(rows)
    right = sum(r["verdict"] == "right" for r in rows)
    other = sum(r["verdict"] == "other_label" for r in rows)
    return [str(n), str(right), f"{right / max(n, 1):.3f}", f"{(right + other) / max(n, 1):.3f}"]


def judged_bins(hits: list[dict]) -> tuple[list[dict], float]:
    rows, ece = [], 0.0
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        b = [h for h in hits if lo <= h["confidence"] < hi]
        if not b:
            continue
        mean = sum(h["confidence"] for h in b) / len(b)
        right = sum(h["verdict"] == "right" for h in b) / len(b)
        ece += len(b) / len(hits) * abs(mean - right)
        rows.append({"lo": lo, "hi": min(hi, 1.0), "n": len(b), "mean_confidence": mean, "share_right": right})
    return rows, ece


def judged_precision(res: dict[str, list]) -> float:
    hits = res["hits"]
    return sum(h["verdict"] == "right" for h in hits) / max(len(hits), 1)


def report_judged(res: dict[str, list], n_pages: int) -> str:
    hits = res["hits"]
    head = ["spans", "right", "precision", "a technique"]
    out = [
        f"Judged real pages ({JUDGED.relative_to(ROOT)}): {n_pages} pages, "
        f"{len(hits)} output spans judged, {len(res['unjudged'])} output spans never judged (not scored), "
        f"{len(res['changed'])} pages whose extracted text changed (not scored)",
        "precision = share of output spans that are a use of their technique (PTC guidelines); "
        "'a technique' = right or another technique's span",
        "",
        table([["all", *_share(hits)]] + [[src, *_share([h for h in hits if h["source"] == src])]
                                          for src in sorted({h["source"] for h in hits})], ["", *head]),
        "",
        table([[t, *_share([h for h in hits if h["technique"] == t])] for t in TECHNIQUES
               if any(h["technique"] == t for h in hits)], ["technique", *head]),
    ]
    bins, ece = judged_bins(hits)
    out += ["", f"Confidence against judged precision (ECE {ece:.3f})",
            table([[f"{r['lo']:.2f}-{r['hi']:.2f}", str(r["n"]), f"{r['mean_confidence']:.3f}", f"{r['share_right']:.3f}"]
                   for r in bins], ["confidence", "spans", "mean conf", "share right"])]
    gone = res["gone"]
    if gone:
        counts = {v: sum(g["verdict"] == v for g in gone) for v in VERDICTS}
        out += ["", f"Judged spans no longer in the output: {len(gone)} "
                f"({counts['right']} right, {counts['other_label']} another technique, {counts['not_technique']} not a technique)"]
    if res["changed"]:
        out += ["Pages not scored (extracted text changed): " + ", ".join(res["changed"][:5])]
    return "\n".join(out)


def report_thresholds(pages: list[dict], thresholds: list[float]) -> str:
    """Per operating threshold and source: spans kept, spans judged among them, precision."""
    sources = sorted({source_of(p) for p in pages})
    rows = []
    for th in thresholds:
        res = match_judged(pages, judged_run(pages, th))
        outs = res["hits"] + res["unjudged"]
        for src in ["all", *sources]:
            keep = [h for h in outs if src == "all" or h["source"] == src]
            hits = [h for h in res["hits"] if src == "all" or h["source"] == src]
            right = sum(h["verdict"] == "right" for h in hits)
            rows.append([f"{th:.2f}", src, str(len(keep)), str(len(hits)), f"{right / max(len(hits), 1):.3f}"])
    return "\n".join([
        "Operating threshold against judged precision (spans = output spans; judged = those read as they "
        "stand; at a higher threshold a merged span can split into parts never judged)",
        table(rows, ["threshold", "source", "spans", "judged", "precision"]),
    ])


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    lines = [fmt.format(*header), "  ".join("-" * w for w in widths)]
    lines += [fmt.format(*r) for r in rows]
    return "\n".join(lines)


def report(res: EvalResult) -> str:
    out = [
        f"PTC {res.n_articles} articles, {res.words} words; stage time {res.seconds:.1f} s "
        f"({res.words / max(res.seconds, 1e-9):.0f} words/s)",
        "",
        table(
            [
                [
                    "SI",
                    f"{res.si.precision:.4f}",
                    f"{res.si.recall:.4f}",
                    f"{res.si.f1:.4f}",
                    str(res.si.n_pred),
                    str(res.si.n_gold),
                ],
                [
                    "FLC",
                    f"{res.flc.overall.precision:.4f}",
                    f"{res.flc.overall.recall:.4f}",
                    f"{res.flc.overall.f1:.4f}",
                    str(res.flc.overall.n_pred),
                    str(res.flc.overall.n_gold),
                ],
                [
                    "TC (gold spans)",
                    f"{res.tc.accuracy:.4f}",
                    f"{res.tc.accuracy:.4f}",
                    f"{res.tc.accuracy:.4f}",
                    str(res.tc.n),
                    str(res.tc.n),
                ],
            ],
            ["task", "P", "R", "F1", "pred", "gold"],
        ),
        "",
        "Per technique (FLC: predicted spans; TC: gold spans)",
    ]
    rows = []
    for tech in TECHNIQUES:
        f = res.flc.per_technique.get(tech, PRF(0.0, 0.0, 0.0, 0, 0))
        c = res.tc.per_technique.get(tech, PRF(0.0, 0.0, 0.0, 0, 0))
        rows.append(
            [
                tech,
                f"{f.precision:.3f}",
                f"{f.recall:.3f}",
                f"{f.f1:.3f}",
                str(f.n_pred),
                str(f.n_gold),
                f"{c.precision:.3f}",
                f"{c.recall:.3f}",
                f"{c.f1:.3f}",
                str(c.n_gold),
            ]
        )
    out.append(
        table(
            rows, ["technique", "FLC P", "FLC R", "FLC F1", "pred", "gold", "TC P", "TC R", "TC F1", "gold"]
        )
    )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ptc", type=Path, default=DEFAULT_PTC)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--threshold", type=float, default=None, help="v1-v3: piece threshold; v4: minimum confidence")
    ap.add_argument("--model", choices=["v4", "v3", "v2"], default="v4", help="which technique stage to score (default v4)")
    ap.add_argument("--no-lexicon", action="store_true", help="score the statistical model alone")
    ap.add_argument(
        "--legacy", action="store_true", help="score the previous classifier (stage presslens.techniques.crf.v2)"
    )
    ap.add_argument("--judged", action="store_true", help="precision on the judged real pages (eval/gold/techniques_judged.jsonl)")
    ap.add_argument("--source", default=None, help="--judged: score the pages of this source only (e.g. fresh-s12)")
    ap.add_argument("--thresholds", default=None, help="--judged: comma-separated operating thresholds to compare")
    args = ap.parse_args(argv)
    if args.judged:
        pages = load_judged()
        if args.source:
            pages = [p for p in pages if source_of(p) == args.source]
            if not pages:
                print(f"no judged pages of source {args.source}", file=sys.stderr)
                return 2
        if not all((SHARED / p["page"]).is_file() for p in pages):
            print(f"judged pages not found under {SHARED}", file=sys.stderr)
            return 2
        if args.thresholds:
            print(report_thresholds(pages, [float(x) for x in args.thresholds.split(",")]))
            return 0
        print(report_judged(match_judged(pages, judged_run(pages, args.threshold)), len(pages)))
        return 0
    if not (args.ptc / f"{args.split}-articles").is_dir():
        print(f"PTC data not found under {args.ptc}", file=sys.stderr)
        return 2
    if args.model == "v4" and not args.legacy:
        res, extra = evaluate_v4(args.ptc, args.split, args.threshold)
        print(report(res))
        print(f"\nDefault output: {extra['below_threshold']} spans below the operating threshold {extra['threshold']}, "
              f"{extra['duplicates']} duplicate spans")
        print(f"Reliability of calibrated confidence (all candidates, right = at least half inside a gold span "
              f"of its technique); ECE {extra['ece']:.3f}")
        print(table([[f"{r['lo']:.1f}-{r['hi']:.1f}", str(r["n"]), f"{r['mean_confidence']:.3f}", f"{r['share_right']:.3f}"]
                     for r in extra["reliability"]], ["confidence", "spans", "mean conf", "share right"]))
        print(f"\nThe same for the spans in the default output (merged, at or above the threshold); ECE {extra['output_ece']:.3f}")
        print(table([[f"{r['lo']:.1f}-{r['hi']:.1f}", str(r["n"]), f"{r['mean_confidence']:.3f}", f"{r['share_right']:.3f}"]
                     for r in extra["output_reliability"]], ["confidence", "spans", "mean conf", "share right"]))
        return 0
    res = evaluate(args.ptc, args.split, args.threshold, lexicon=not args.no_lexicon, legacy=args.legacy or args.model == "v2")
    print(report(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
