"""Score the relations stage on the hand-written gold set ``eval/gold/relations.jsonl``.

    python eval/relations.py [--show]
    python eval/relations.py --judged   # precision and calibration on judged real-page output
    python eval/relations.py --fit      # refit presslens/data/relations/confidence.json

Each line holds a news-style paragraph (written for presslens), its entities (canonical name,
type, aliases), its relations (subject, predicate, object, time) and, for the quotes stage,
expected speakers and "via" outlets.  A predicted relation is correct when its predicate is
the gold one and its subject and object entities match the gold entities by name (the
predicted entity's name or any alias equals the gold name or any gold alias, case-folded).
Micro P/R/F1 over (subject, predicate, object) triples.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from presslens.model import Article, Entity  # noqa: E402
from presslens.nlp.names import key  # noqa: E402
from presslens.nlp.relations import FEATURE_GROUPS, ConfidenceModel, relation_features  # noqa: E402
from presslens.pipeline.registry import lookup  # noqa: E402
from presslens.pipeline.runner import run_one  # noqa: E402
from presslens.settings import Settings  # noqa: E402

GOLD = Path(__file__).resolve().parent / "gold" / "relations.jsonl"  # development set
HELDOUT = GOLD.with_name("relations_heldout.jsonl")  # written after the patterns were frozen
# Every relation the stage output (session 10) on the 181 ScrapingHub pages and on every 4th
# PolNeAR train article, judged right/wrong by reading: offsets and short names only.
JUDGED = GOLD.with_name("relations_judged.jsonl")
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SCRAPINGHUB = DATA / "article-extraction-benchmark" / "html"
POLNEAR_TRAIN = DATA / "quotes" / "polnear" / "train.jsonl"
CONFIDENCE = Path(__file__).resolve().parents[1] / "presslens" / "data" / "relations" / "confidence.json"
SOURCES = ("scrapinghub", "polnear")  # development: the rules and the confidence table were made on these
# Held out (session 11): judged after the rules, for measuring only; never fitted on.
TRAF_LIST = Path(__file__).resolve().parent / "gold" / "traf_en_pages.txt"  # English trafilatura-eval pages
FRESH = ("traf", "polnear-fresh")  # polnear-fresh: PolNeAR train articles 2, 6, 10, ... (first 150)
# Held out (session 12): judged before any session-12 rule; session 11's held-out sets are development now.
TRAF_LIST2 = TRAF_LIST.with_name("traf_en_pages2.txt")  # 14 English trafilatura-eval pages not in TRAF_LIST
FRESH2 = ("traf2", "polnear-fresh2")  # polnear-fresh2: PolNeAR train articles 1, 5, 9, ... (first 150)
# Judged after session 12's rules (which came from FRESH2), output of the code before and after
# them together: the held-out measure of those rules.  PolNeAR train articles 3, 7, 11, ...
FRESH3 = ("polnear-fresh3",)
# Held out (session 13): 120 of the 180 PolNeAR train articles no earlier set used (indices from 600
# that are not multiples of 4), random.Random(13).sample; the first 60 are half A (rules were
# written from its errors), the last 60 half B (never read for rules).  Judged before any change.
FRESH4 = ("polnear-fresh4",)
FRESH4_SEED = 13
# Held out (session 14): 30 PTC train articles (partisan and state-affiliated outlets) never read
# for entity, quote or relation rules, random.Random(1448); half A (rules written from its errors),
# half B (never read for rules).  Judged before any change.  Names and halves in ptc_pages_s14.txt.
PTC_LIST = Path(__file__).resolve().parent / "gold" / "ptc_pages_s14.txt"
PTC_TRAIN = DATA / "ptc" / "train-articles"
FRESH5 = ("ptc-s14",)
# Held out (session 15): 30 more PTC train articles never read for rules (the lead's reserve pool,
# seed 1515); half A (the first 15: rules written from its errors), half B (the last 15, never read
# for rules).  Judged before any session-15 change.  Names and halves in ptc_pages_s15.txt.
PTC_LIST2 = PTC_LIST.with_name("ptc_pages_s15.txt")
FRESH6 = ("ptc-s15",)
PTC_LISTS = {"ptc-s14": PTC_LIST, "ptc-s15": PTC_LIST2}
# The confidence model is fitted on the judgments made before any rule came from the same pages:
# the held-out sets as first judged (every row of these sources, also relations the code no longer
# outputs).  Not the development sets: they were judged after the rules written from them.
FIT_SOURCES = ("traf", "traf2", "polnear-fresh", "polnear-fresh2", "polnear-fresh3", "polnear-fresh4")
FOLD = {"traf2": "traf"}  # leave-one-source-out folds (traf2 is one relation: it joins traf)
L2_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
# the table shipped in session 12 (per predicate, fitted on the development judgments, k = 20),
# the baseline the model must beat on every held-out source
OLD_TABLE = {
    "ally_of": 0.653,
    "attacked": 0.724,
    "based_in": 0.818,
    "commander_of": 0.77,
    "founded": 0.854,
    "leader_of": 0.855,
    "located_in": 0.834,
    "member_of": 0.82,
    "met_with": 0.79,
    "representative_of": 0.807,
    "spokesperson_for": 0.897,
    "supplied": 0.735,
    "ties_with": 0.858,
    "visited": 0.733,
}
OLD_DEFAULT = 0.809
TRAFILATURA = DATA / "trafilatura-eval" / "html"


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def analyse(texts: list[str], settings: Settings | None = None) -> list[Article]:
    settings = settings or Settings()
    stages = [(lookup(n), None) for n in ("nlp", "entities", "relations")]
    fns = [(info, info.factory(settings)) for info, _ in stages]
    out = []
    for text in texts:
        article = Article(text=text)
        for info, fn in fns:
            article = run_one(info, fn, article)
        out.append(article)
    return out


def _keys(names: list[str]) -> set[str]:
    return {key(n) for n in names if n}


def predicted_triples(article: Article) -> list[tuple[set[str], str, set[str]]]:
    names = {e.id: _keys([e.name, *e.aliases]) for e in article.entities}
    return [(names[r.subject], r.predicate, names[r.object]) for r in article.relations]


def gold_triples(item: dict[str, Any]) -> list[tuple[set[str], str, set[str]]]:
    aliases = {e["name"]: _keys([e["name"], *e.get("aliases", [])]) for e in item["entities"]}
    return [
        (
            aliases.get(r["subject"], _keys([r["subject"]])),
            r["predicate"],
            aliases.get(r["object"], _keys([r["object"]])),
        )
        for r in item["relations"]
    ]


def _same(p: tuple[set[str], str, set[str]], g: tuple[set[str], str, set[str]]) -> bool:
    return p[1] == g[1] and bool(p[0] & g[0]) and bool(p[2] & g[2])


def score(items: list[dict[str, Any]], articles: list[Article], show: bool = False) -> dict[str, float]:
    tp = fp = fn = 0
    for item, article in zip(items, articles, strict=True):
        preds, golds = predicted_triples(article), gold_triples(item)
        hits_p = [any(_same(p, g) for g in golds) for p in preds]
        hits_g = [any(_same(p, g) for p in preds) for g in golds]
        tp += sum(hits_g)
        fp += hits_p.count(False)
        fn += hits_g.count(False)
        if show and (False in hits_p or False in hits_g):
            print(item["id"], item["text"][:90])
            for p, ok in zip(preds, hits_p, strict=True):
                print("   pred", "ok " if ok else "BAD", sorted(p[0])[:1], p[1], sorted(p[2])[:1])
            for g, ok in zip(golds, hits_g, strict=True):
                if not ok:
                    print("   MISS", sorted(g[0])[:1], g[1], sorted(g[2])[:1])
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def evaluate(show: bool = False, path: Path = GOLD) -> dict[str, float]:
    items = load_gold(path)
    return score(items, analyse([i["text"] for i in items]), show)


# -- judged real-page output -----------------------------------------------------------------
def load_judged(path: Path = JUDGED) -> list[dict[str, Any]]:
    return load_gold(path)


def reliability(conf: list[float], right: list[bool], bins: int = 10) -> dict[str, Any]:
    """ECE over ``bins`` equal-width bins, log loss, Brier, and the table (bin, n, mean conf, acc)."""
    n = len(conf)
    table = []
    ece = 0.0
    for b in range(bins):
        idx = [i for i, c in enumerate(conf) if min(int(c * bins), bins - 1) == b]
        if idx:
            mc = sum(conf[i] for i in idx) / len(idx)
            acc = sum(right[i] for i in idx) / len(idx)
            ece += len(idx) / n * abs(acc - mc)
            table.append((b / bins, len(idx), mc, acc))
    eps = 1e-6
    logloss = (
        -sum(math.log(min(max(c if y else 1 - c, eps), 1.0)) for c, y in zip(conf, right, strict=True)) / n
    )
    brier = sum((c - y) ** 2 for c, y in zip(conf, right, strict=True)) / n
    return {"ece": ece, "logloss": logloss, "brier": brier, "n": n, "table": table}


# -- the confidence model: logistic regression over relation_features, chosen by leave-one-source-out
def _entity(article: Article, name: str) -> Entity | None:
    """The article's entity a judged row names (canonical name, then an alias, then the key)."""
    for test in (
        lambda e: e.name == name,
        lambda e: name in e.aliases,
        lambda e: key(name) in _keys([e.name, *e.aliases]),
    ):
        found = next((e for e in article.entities if test(e)), None)
        if found is not None:
            return found
    return None


def fit_examples(
    articles: dict[str, list[Article]], rows: list[dict[str, Any]]
) -> tuple[list[tuple[str, dict[str, float], bool]], int]:
    """(fold, features, right) for every judged row of FIT_SOURCES whose two entities the current
    entities stage still finds in its article; and how many rows it could not place."""
    by_doc = {(src, _doc_name(src, a)): a for src, arts in articles.items() for a in arts}
    out, missed = [], 0
    for r in rows:
        if r["source"] not in FIT_SOURCES:
            continue
        art = by_doc.get((r["source"], r["doc"]))
        subj = _entity(art, r["subject"]) if art else None
        obj = _entity(art, r["object"]) if art else None
        if art is None or subj is None or obj is None:
            missed += 1
            continue
        feats = relation_features(art.text, r["start"], r["end"], subj, obj, r["predicate"], art.entities)
        out.append((FOLD.get(r["source"], r["source"]), feats, r["label"] == "right"))
    return out, missed


def _select(feats: dict[str, float], groups: tuple[str, ...]) -> dict[str, float]:
    prefixes = tuple(p for g in groups for p in FEATURE_GROUPS[g])
    return {k: v for k, v in feats.items() if prefixes and k.startswith(prefixes)}


def train(
    examples: list[tuple[str, dict[str, float], bool]], groups: tuple[str, ...], l2: float
) -> ConfidenceModel:
    """L2-penalised logistic regression (Newton's method; the intercept is not penalised)."""
    import numpy as np

    feats = [_select(f, groups) for _, f, _ in examples]
    vocab = sorted({k for f in feats for k in f})
    X = np.zeros((len(feats), len(vocab) + 1))
    X[:, 0] = 1.0
    col = {k: i + 1 for i, k in enumerate(vocab)}
    for i, f in enumerate(feats):
        for k, v in f.items():
            X[i, col[k]] = v
    y = np.array([float(r) for _, _, r in examples])
    w = np.zeros(X.shape[1])
    pen = np.full(X.shape[1], l2)
    pen[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-X @ w))
        grad = X.T @ (p - y) + pen * w
        hess = (X * (p * (1 - p))[:, None]).T @ X + np.diag(pen) + 1e-9 * np.eye(X.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return ConfidenceModel(float(w[0]), {k: float(w[col[k]]) for k in vocab})


def _unrounded(model: ConfidenceModel, feats: dict[str, float]) -> float:
    z = model.intercept + sum(model.weights.get(k, 0.0) * v for k, v in feats.items())
    return 1.0 / (1.0 + math.exp(-z))


def loso(
    examples: list[tuple[str, dict[str, float], bool]], groups: tuple[str, ...], l2: float
) -> dict[str, dict[str, list]]:
    """Leave one source out: per fold, the model's and the baselines' held-out predictions."""
    out: dict[str, dict[str, list]] = {}
    for fold in sorted({f for f, _, _ in examples}):
        train_ex = [e for e in examples if e[0] != fold]
        test_ex = [e for e in examples if e[0] == fold]
        model = train(train_ex, groups, l2)
        rate = sum(r for _, _, r in train_ex) / len(train_ex)
        out[fold] = {
            "right": [r for _, _, r in test_ex],
            "model": [_unrounded(model, f) for _, f, _ in test_ex],
            "constant": [rate] * len(test_ex),
            "old table": [
                OLD_TABLE.get(next(k[5:] for k in f if k.startswith("pred=")), OLD_DEFAULT)
                for _, f, _ in test_ex
            ],
        }
    return out


def pooled_logloss(cv: dict[str, dict[str, list]], which: str = "model") -> float:
    conf = [c for v in cv.values() for c in v[which]]
    right = [y for v in cv.values() for y in v["right"]]
    return reliability(conf, right)["logloss"]


def choose_model(
    examples: list[tuple[str, dict[str, float], bool]],
) -> tuple[tuple[str, ...], float, list[tuple[tuple[str, ...], float, float]]]:
    """Greedy forward choice of feature groups and the L2 strength by pooled leave-one-source-out
    log loss; a group joins only if it lowers it by at least 0.001.  Returns the groups, the L2
    strength and the trail (groups, l2, log loss) for the record."""
    chosen: tuple[str, ...] = ()
    best = pooled_logloss(loso(examples, (), 1.0))
    best_l2 = 1.0
    trail = [(chosen, best_l2, best)]
    while True:
        trials = [
            (pooled_logloss(loso(examples, (*chosen, g), l2)), g, l2)
            for g in FEATURE_GROUPS
            if g not in chosen
            for l2 in L2_GRID
        ]
        if not trials:
            break
        score, group, l2 = min(trials)
        if score > best - 0.001:
            break
        chosen, best, best_l2 = (*chosen, group), score, l2
        trail.append((chosen, best_l2, best))
    return chosen, best_l2, trail


def cv_report(cv: dict[str, dict[str, list]]) -> dict[str, dict[str, dict[str, float]]]:
    """Per held-out source and method: n, log loss, ECE, mean confidence, rate right."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for fold, v in cv.items():
        out[fold] = {}
        for which in ("model", "constant", "old table"):
            rel = reliability(v[which], v["right"])
            out[fold][which] = {
                "n": rel["n"],
                "logloss": round(rel["logloss"], 4),
                "ece": round(rel["ece"], 4),
                "mean": round(sum(v[which]) / len(v[which]), 3),
                "right": round(sum(v["right"]) / len(v["right"]), 3),
            }
    return out


def table_model(table: dict[str, float] = OLD_TABLE, default: float = OLD_DEFAULT) -> ConfidenceModel:
    """A per-predicate table as the same logistic form: intercept logit(default), one weight per
    predicate, so that the model's output is the table's value."""

    def logit(p: float) -> float:
        return math.log(p / (1 - p))

    return ConfidenceModel(
        logit(default), {f"pred={k}": logit(v) - logit(default) for k, v in sorted(table.items())}
    )


def fit(examples: list[tuple[str, dict[str, float], bool]], path: Path = CONFIDENCE) -> dict[str, Any]:
    """Choose and fit the model; ship it only if its held-out log loss beats both the constant
    and the session-12 table on every source, else ship the session-12 table (in the same form)."""
    groups, l2, trail = choose_model(examples)
    report = cv_report(loso(examples, groups, l2))
    beats = all(
        r["model"]["logloss"] < min(r["constant"]["logloss"], r["old table"]["logloss"])
        for r in report.values()
    )
    model = train(examples, groups, l2)
    shipped = model if beats else table_model()
    data = {
        "version": 2,
        "doc": (
            "Relation confidence = sigmoid(intercept + sum of weight * feature) over "
            "presslens.nlp.relations.relation_features. `python eval/relations.py --fit` fits a "
            "logistic model on the judgments of eval/gold/relations_judged.jsonl made before any "
            f"rule came from the same pages (sources {', '.join(FIT_SOURCES)}), feature groups and "
            "L2 strength chosen by leave-one-source-out log loss (greedy, from the constant), and "
            "ships it only if its held-out log loss beats both the constant (the training rate) and "
            "the session-12 per-predicate table on every source; otherwise it ships that table "
            "(one weight per predicate). `candidate` holds the fitted model and its held-out "
            "figures either way."
        ),
        "shipped": "model" if beats else "session-12 table",
        "intercept": round(shipped.intercept, 6),
        "weights": {k: round(v, 6) for k, v in sorted(shipped.weights.items())},
        "candidate": {
            "groups": list(groups),
            "l2": l2,
            "n": len(examples),
            "rate": round(sum(r for _, _, r in examples) / len(examples), 3),
            "beats_both_on_every_source": beats,
            "trail": [{"groups": list(g), "l2": a, "logloss": round(ll, 4)} for g, a, ll in trail],
            "cv": report,
            "intercept": round(model.intercept, 4),
            "weights": {k: round(v, 4) for k, v in sorted(model.weights.items())},
        },
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return data


def fresh4_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The 120 polnear-fresh4 articles (the first 60 half A, the last 60 half B)."""
    import random

    unused = [r for i, r in enumerate(records) if i >= 600 and i % 4]
    return random.Random(FRESH4_SEED).sample(unused, 120)


def judged_articles(sources: tuple[str, ...] | None = None) -> dict[str, list[Article]]:
    """The current stage's output on the judged sources (all when None; needs ../shared/data)."""
    from presslens.api import analyze_paths

    def wanted(source: str) -> bool:
        return sources is None or source in sources

    out: dict[str, list[Article]] = {}
    if wanted("scrapinghub"):
        out["scrapinghub"] = list(analyze_paths([str(SCRAPINGHUB)], Settings(), ["relations"]))
    records = [json.loads(line) for line in POLNEAR_TRAIN.read_text(encoding="utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        for source, chosen in (
            ("polnear", records[::4]),
            ("polnear-fresh", records[2::4][:150]),
            ("polnear-fresh2", records[1::4][:150]),
            ("polnear-fresh3", records[3::4][:150]),
            ("polnear-fresh4", fresh4_records(records)),
        ):
            if not wanted(source):
                continue
            path = Path(tmp) / f"{source.replace('-', '_')}.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for r in chosen:
                    fh.write(json.dumps({"id": r["doc_id"], "title": r["title"], "text": r["text"]}) + "\n")
            out[source] = list(analyze_paths([str(path)], Settings(), ["relations"]))
    for source, listing in PTC_LISTS.items():
        if wanted(source):
            names = [line.split("\t")[1] for line in listing.read_text(encoding="utf-8").splitlines() if line]
            out[source] = list(analyze_paths([str(PTC_TRAIN / n) for n in names], Settings(), ["relations"]))
    for source, listing in (("traf", TRAF_LIST), ("traf2", TRAF_LIST2)):
        if wanted(source):
            pages = [str(TRAFILATURA / n) for n in listing.read_text(encoding="utf-8").split()]
            out[source] = list(analyze_paths(pages, Settings(), ["relations"]))
    return out


def _doc_name(source: str, article: Article) -> str:
    if source in ("scrapinghub", "traf", "traf2", *PTC_LISTS):
        return Path(article.source.path or "").name
    return article.id


def match_judged(
    articles: dict[str, list[Article]], rows: list[dict[str, Any]]
) -> tuple[list[tuple[dict[str, Any], float]], list[dict[str, Any]]]:
    """(judgment, output confidence) for every output relation that was judged; and the output
    relations that were not (new since the judging: read them and add them)."""
    index = {
        (r["source"], r["doc"], r["start"], r["end"], r["subject"], r["predicate"], r["object"]): r
        for r in rows
    }
    hits, unjudged = [], []
    for source, arts in articles.items():
        for a in arts:
            names = {e.id: e.name for e in a.entities}
            for rel in a.relations:
                k = (
                    source,
                    _doc_name(source, a),
                    rel.evidence.start,
                    rel.evidence.end,
                    names[rel.subject],
                    rel.predicate,
                    names[rel.object],
                )
                if k in index:
                    hits.append((index[k], rel.confidence))
                else:
                    unjudged.append(
                        dict(
                            zip(
                                ("source", "doc", "start", "end", "subject", "predicate", "object"),
                                k,
                                strict=True,
                            )
                        )
                    )
    return hits, unjudged


def report_judged(hits: list[tuple[dict[str, Any], float]], unjudged: list[dict[str, Any]]) -> dict[str, Any]:
    """Print precision per predicate and source, and the shipped confidence's calibration per
    source; return the headline numbers."""
    out: dict[str, Any] = {}
    print(f"current output: {len(hits)} judged relations, {len(unjudged)} not judged")
    for u in unjudged:
        print("  not judged:", u)
    cols = (*SOURCES, *FRESH, *FRESH2, *FRESH3, *FRESH4, *FRESH5, *FRESH6)
    print(f"{'predicate':18} " + " ".join(f"{c:>14}" for c in cols))
    for pred in sorted({h["predicate"] for h, _ in hits}):
        cells = []
        for src in cols:
            sel = [h for h, _ in hits if h["predicate"] == pred and h["source"] == src]
            ok = sum(h["label"] == "right" for h in sel)
            cells.append(f"{ok}/{len(sel)}" if sel else "-")
        print(f"{pred:18} " + " ".join(f"{c:>14}" for c in cells))
    shipped = json.loads(CONFIDENCE.read_text(encoding="utf-8"))["shipped"]
    print(f"precision and calibration of the shipped confidence ({shipped}), per source")
    if shipped == "model":
        print("  (fitted on " + ", ".join(FIT_SOURCES) + ": in sample there; held-out figures below)")
    else:
        print("  (the table was fitted on the development sources " + ", ".join(SOURCES) + ")")
    parts = [(src, src, None) for src in cols] + [
        (f"{src} {h}", src, h) for src in (*FRESH4, *FRESH5, *FRESH6) for h in "AB"
    ]
    for name, src, half in parts:
        sel = [(h, c) for h, c in hits if h["source"] == src and half in (None, h.get("half"))]
        if not sel:
            continue
        right = [h["label"] == "right" for h, _ in sel]
        res = reliability([c for _, c in sel], right)
        p = sum(right) / len(right)
        mean = sum(c for _, c in sel) / len(sel)
        out[f"precision_{name}"] = p
        out[f"ece_{name}"] = res["ece"]
        print(
            f"  {name:18} precision {p:.3f} ({sum(right)}/{len(right)})  mean confidence {mean:.3f}  "
            f"ECE {res['ece']:.3f}  log loss {res['logloss']:.3f}"
        )
    data = json.loads(CONFIDENCE.read_text(encoding="utf-8"))
    cand = data["candidate"]
    print(
        f"shipped: {data['shipped']}.  The fitted model ({' + '.join(cand['groups'])}, L2 {cand['l2']}) "
        "held out per source (fitted on the others; from --fit):"
    )
    for fold, res in cand["cv"].items():
        print(
            f"  {fold:16} n={res['model']['n']:3d} right {res['model']['right']:.3f}  "
            + "  ".join(
                f"{w}: mean {r['mean']:.3f} log loss {r['logloss']:.3f} ECE {r['ece']:.3f}"
                for w, r in res.items()
            )
        )
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true", help="print the errors")
    ap.add_argument("--judged", action="store_true", help="precision and calibration on judged real pages")
    ap.add_argument("--fit", action="store_true", help="refit the confidence model from the judgments")
    args = ap.parse_args()
    if args.fit or args.judged:
        if not SCRAPINGHUB.is_dir() or not POLNEAR_TRAIN.is_file() or not TRAFILATURA.is_dir():
            sys.exit(f"needs {SCRAPINGHUB}, {TRAFILATURA} and {POLNEAR_TRAIN}")
        if args.fit:
            examples, missed = fit_examples(judged_articles(FIT_SOURCES), load_judged())
            print(f"{len(examples)} judged relations to fit on ({missed} whose entities are gone)")
            print(json.dumps(fit(examples), indent=1))
        else:
            hits, unjudged = match_judged(judged_articles(), load_judged())
            report_judged(hits, unjudged)
        sys.exit(0)
    for label, path in (("dev", GOLD), ("held-out", HELDOUT)):
        res = evaluate(args.show, path)
        print(label, " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in res.items()))
