#!/usr/bin/env python
"""Train the persuasion-technique model (presslens.techniques.crf.v3) from scratch on PTC train.

    python scripts/train_techniques.py [--ptc ../shared/data/ptc] [--out presslens/data/techniques]

Fits the sentence gate, the span CRF, one binary span CRF per frequent technique (``--tech-crfs``)
and the technique classifier on PTC train only, then picks on PTC dev (model selection only; dev is
never trained on) the v1 decoding (span threshold, gate blend, second-label ratio) and the v2
decoding (span threshold and, per technique, the classifier-probability threshold, whether the top
label is always kept, and the threshold of the technique's own CRF), and writes ``model.joblib``.  Runs on 2 CPU cores in a few minutes.  The PTC text is
never written out: the bundle holds only fitted parameters (vocabularies, weights).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from itertools import groupby
from pathlib import Path

import joblib
import numpy as np
import sklearn_crfsuite
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from presslens.metrics.techniques import (  # noqa: E402
    merge_spans,
    read_labels_file,
    score_flc,
    score_si,
    score_tc,
)
from presslens.techniques.crf import MODEL_FILE, TechniqueModel, _inside_probs  # noqa: E402
from presslens.techniques.features import (  # noqa: E402
    DocFeatures,
    analyse_text,
    sentence_extra,
    sentence_text_for_gate,
    tc_inputs,
    tc_matrix,
    token_features,
    token_labels,
)
from presslens.techniques.lexicon import lexicon_layer, load_lexicons  # noqa: E402
from presslens.techniques.sentences import TECHNIQUES  # noqa: E402

DEFAULT_PTC = ROOT.parent / "shared" / "data" / "ptc"
DEFAULT_TECH_CRFS = (
    "Loaded_Language|Name_Calling,Labeling|Flag-Waving|Doubt|Exaggeration,Minimisation"
    "|Appeal_to_fear-prejudice|Repetition|Slogans"
)
TECH_CRF_C = 0.05  # c1 = c2 of the per-technique CRFs


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def load_split(ptc: Path, split: str) -> tuple[dict[str, str], list[tuple], list[tuple]]:
    texts = {}
    for p in sorted((ptc / f"{split}-articles").glob("article*.txt")):
        with open(p, encoding="utf-8", newline="") as f:
            texts[p.stem.removeprefix("article")] = f.read()
    si = read_labels_file(str(ptc / f"{split}-task-si.labels"))
    tc = read_labels_file(str(ptc / f"{split}-task-flc-tc.labels"))
    return texts, si, tc


# --- gate ----------------------------------------------------------------------------------------


def gate_matrix(vec, docs, idxs):
    texts = [sentence_text_for_gate(docs[a], i) for a, i in idxs]
    extra = csr_matrix([sentence_extra(docs[a], i) for a, i in idxs])
    return hstack([vec.transform(texts), extra], format="csr")


def new_gate_vec() -> TfidfVectorizer:
    return TfidfVectorizer(
        lowercase=True, ngram_range=(1, 2), min_df=2, max_features=60000, sublinear_tf=True, dtype=np.float32
    )


def fit_gate(docs, idxs, y, c: float):
    vec = new_gate_vec()
    vec.fit([sentence_text_for_gate(docs[a], i) for a, i in idxs])
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
    clf.fit(gate_matrix(vec, docs, idxs), y)
    return vec, clf


def sentence_gold(doc: DocFeatures, spans: list[tuple[int, int]]) -> list[int]:
    return [int(any(a < s.end and s.start < b for a, b in spans)) for s in doc.sentences]


# --- technique classifier ------------------------------------------------------------------------


def tc_rows(docs, items):
    """items: (aid, start, end) -> span texts, sentence texts, context tokens, extras
    (:func:`presslens.techniques.features.tc_inputs`, one article's run of items at a time)."""
    out = ([], [], [], [])
    lex = load_lexicons(None)
    for aid, run in groupby(items, key=lambda it: it[0]):
        for part, rows in zip(out, tc_inputs(docs[aid], [(s, e) for _a, s, e in run], lex), strict=True):
            part.extend(rows)
    return out


def fit_tc(docs, gold_tc, c: float, embed_weight: float = 0.0):
    items = [(a, s, e) for a, _t, s, e in gold_tc]
    y = [t for _a, t, _s, _e in gold_tc]
    span_t, sent_t, ctx, extra = tc_rows(docs, items)
    v_span = TfidfVectorizer(
        lowercase=True, ngram_range=(1, 2), min_df=1, sublinear_tf=True, dtype=np.float32
    )
    v_char = TfidfVectorizer(
        lowercase=True,
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=2,
        sublinear_tf=True,
        max_features=80000,
        dtype=np.float32,
    )
    v_sent = TfidfVectorizer(
        lowercase=True, ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50000, dtype=np.float32
    )
    v_ctx = TfidfVectorizer(lowercase=False, token_pattern=r"\S+", sublinear_tf=True, dtype=np.float32)
    x = tc_matrix((v_span, v_char, v_sent, v_ctx), span_t, sent_t, ctx, extra, embed_weight, fit=True)
    clf = LinearSVC(C=c, max_iter=5000)
    clf.fit(x, y)
    return v_span, v_char, v_sent, v_ctx, clf


def tc_predict_template(model: TechniqueModel, docs, gold_tc) -> list[tuple]:
    """TC predictions for a gold template: the k-th copy of a span gets the k-th ranked label."""
    by_art = defaultdict(list)
    for a, _t, s, e in gold_tc:
        by_art[a].append((s, e))
    out = []
    for a, spans in by_art.items():
        uniq = sorted(set(spans))
        ranked = dict(zip(uniq, model.classify(docs[a], uniq), strict=True))
        seen = defaultdict(int)
        for s, e in spans:
            k = seen[(s, e)]
            seen[(s, e)] += 1
            lab = ranked[(s, e)][min(k, len(ranked[(s, e)]) - 1)][0]
            out.append((a, lab, s, e))
    return out


def strip_vectorizers(bundle: dict) -> None:
    """Drop the TF-IDF ``stop_words_`` sets (the n-grams cut by min_df/max_features): not needed to
    predict, and they would ship fragments of training text for nothing."""
    for part in (bundle["gate"], bundle["tc"]):
        for obj in part:
            if isinstance(obj, TfidfVectorizer) and hasattr(obj, "stop_words_"):
                obj.stop_words_ = None


# --- v2 decoding, chosen on dev ------------------------------------------------------------------

TAUS = (0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)  # 1.01: only as top label (or never)
CRF_THRS = (None, 0.04, 0.06, 0.08, 0.1, 0.13, 0.16, 0.2, 0.3)


def _flc_sums(pred, gold):
    r = score_flc(pred, gold).overall
    return r.precision * r.n_pred, r.n_pred, r.recall * r.n_gold


def select_v2(model, tech_crfs, dv_docs, dv_gates, dv_si, dv_tc, v1_thr):
    """Per technique, an option (crf threshold, tau, keep_top) chosen by coordinate ascent on
    dev FLC F1 + SI F1 (SI = the union of all output spans), for a few general span thresholds."""
    gold_t = defaultdict(list)
    for g in dv_tc:
        gold_t[g[1]].append(g)
    n_gold = sum(v.n_gold for v in score_flc(dv_tc, dv_tc).per_technique.values())
    items = {a: model.token_items(doc, dv_gates[a]) for a, doc in dv_docs.items()}
    probs = {a: model.token_probs(doc, dv_gates[a], items[a]) for a, doc in dv_docs.items()}
    crf_spans = {}
    for tech, crf in tech_crfs.items():
        margs = {a: _inside_probs(crf, items[a]) for a in dv_docs}
        for thr in CRF_THRS[1:]:
            crf_spans[(tech, thr)] = [
                (a, tech, s, e) for a, doc in dv_docs.items() for s, e, _p in model.spans(doc, margs[a], thr)
            ]
    best = None
    # the lexicon layer's spans (it runs after the model in the stage; overlaps merge when scored)
    lex_extra = defaultdict(list)
    for a, doc in dv_docs.items():
        for t in lexicon_layer(doc, model.lex, []):
            lex_extra[t.technique].append((a, t.technique, t.start, t.end))
    for thr in sorted({round(v1_thr + d, 4) for d in (-0.05, -0.025, 0.0, 0.025)}):
        spans = {a: [(s, e) for s, e, _p in model.spans(doc, probs[a], thr)] for a, doc in dv_docs.items()}
        ranked = {a: model.classify(dv_docs[a], spans[a]) for a in spans}
        preds, opts = {}, {}
        for tech in TECHNIQUES:
            pt = {a: [dict(r)[tech] for r in ranked[a]] for a in spans}
            top = {a: [r[0][0] == tech for r in ranked[a]] for a in spans}
            opts[tech] = []
            for ct in CRF_THRS if tech in tech_crfs else (None,):
                cs = crf_spans[(tech, ct)] if ct is not None else []
                for tau in TAUS:
                    for keep in (True, False):
                        cl = [
                            (a, tech, s, e)
                            for a in spans
                            for (s, e), p, k in zip(spans[a], pt[a], top[a], strict=True)
                            if p >= tau or (keep and k)
                        ]
                        key = (ct, tau, keep)
                        preds[(tech, key)] = cs + cl + lex_extra[tech]
                        opts[tech].append((key, _flc_sums(preds[(tech, key)], gold_t[tech])))
        # start from the v1 decoding without second labels: the top label of every general span
        choice = {
            t: next(k for k, (key, _s) in enumerate(opts[t]) if key == (None, 1.01, True)) for t in opts
        }

        def objective(ch, opts=opts, preds=preds):
            tot = [0.0, 0, 0.0]
            for t, k in ch.items():
                for i in range(3):
                    tot[i] += opts[t][k][1][i]
            p = tot[0] / tot[1] if tot[1] else 0.0
            r = tot[2] / n_gold
            flc = 2 * p * r / (p + r) if p + r else 0.0
            si = score_si(
                [(a, s, e) for t, k in ch.items() for a, _t, s, e in preds[(t, opts[t][k][0])]], dv_si
            )
            return flc + si.f1, flc, si

        cur = objective(choice)
        for _round in range(3):
            changed = False
            for t in opts:
                for k in range(len(opts[t])):
                    if k == choice[t]:
                        continue
                    trial = {**choice, t: k}
                    val = objective(trial)
                    if val[0] > cur[0] + 1e-9:
                        cur, choice, changed = val, trial, True
            if not changed:
                break
        log(f"  v2 threshold {thr:.3f}: FLC {cur[1]:.4f} SI {cur[2].row()}")
        if best is None or cur[0] > best[0][0]:
            best = (cur, thr, {t: opts[t][k][0] for t, k in choice.items()})
    (val, flc, si), thr, ch = best
    log(f"chosen v2 threshold {thr:.3f}: FLC {flc:.4f} SI {si.row()}")
    flc_cfg = {}
    for tech, (ct, tau, keep) in ch.items():
        log(f"  {tech}: crf {ct} tau {tau} keep_top {keep}")
        flc_cfg[tech] = {"crf": ct, "tau": tau, "keep_top": keep}
    used = {t: tech_crfs[t] for t, c in flc_cfg.items() if c["crf"] is not None}
    return {
        "v2_threshold": thr,
        "flc": flc_cfg,
        "tech_crfs": used,
        "dev_scores": {"si": si.f1, "flc": flc},
    }


# --- span-embedding weight, chosen on train -------------------------------------------------------


def select_embed_weight(docs, gold_tc, c: float, weights=(0.5, 1.0, 1.5), folds: int = 4) -> float:
    """Technique accuracy of the classifier under ``folds``-fold cross-validation on train (whole
    articles per fold) for each weight; returns the best.  Dev plays no part."""
    from sklearn.model_selection import GroupKFold

    groups = np.array([a for a, _t, _s, _e in gold_tc])
    y = np.array([t for _a, t, _s, _e in gold_tc])
    best = None
    for w in weights:
        accs = []
        for tr_i, te_i in GroupKFold(n_splits=folds).split(np.zeros(len(y)), y, groups):
            part = [gold_tc[i] for i in tr_i]
            fitted = fit_tc(docs, part, c, w)
            bundle = {"gate": None, "crf": None, "tc": fitted, "threshold": 0.5, "tc_embed": w}
            model = TechniqueModel(bundle, load_lexicons(None))
            held = defaultdict(list)
            for i in te_i:
                a, t, s, e = gold_tc[i]
                held[a].append((s, e, t))
            hits = n = 0
            for a, rows in held.items():
                ranked = model.classify(docs[a], [(s, e) for s, e, _t in rows])
                hits += sum(r[0][0] == t for r, (_s, _e, t) in zip(ranked, rows, strict=True))
                n += len(rows)
            accs.append(hits / n)
        log(f"  span-embedding weight {w:g}: train CV accuracy {np.mean(accs):.4f}")
        if best is None or np.mean(accs) > best[1]:
            best = (w, float(np.mean(accs)))
    return best[0]


def add_legacy(bundle: dict, old: dict) -> None:
    """Keep an earlier bundle's classifier and decodings under ``legacy`` (the v2 and v1 stages).
    The gate and CRFs are shared: a legacy per-technique CRF is added only when the new bundle
    lacks that technique."""
    src = old.get("legacy", old)
    keys = ("tc", "tc_embed", "threshold", "second_label_ratio", "v2_threshold", "flc", "version")
    bundle["legacy"] = {k: src[k] for k in keys if k in src}
    bundle["legacy"].setdefault("tc_embed", 0.0)
    bundle["legacy"]["dev_scores"] = src.get("dev_scores", {})
    bundle["legacy"]["dev_scores_v1"] = src.get("dev_scores_v1", {})
    for tech, crf in old.get("tech_crfs", {}).items():
        bundle["tech_crfs"].setdefault(tech, crf)
    log(f"kept {src.get('version', '?')} as legacy")


# --- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ptc", type=Path, default=DEFAULT_PTC)
    ap.add_argument("--out", type=Path, default=ROOT / "presslens" / "data" / "techniques")
    ap.add_argument("--gate-c", type=float, default=1.0)
    ap.add_argument("--tc-c", type=float, default=0.6)
    ap.add_argument(
        "--embed-weight",
        type=float,
        default=1.0,
        help="weight of the span-embedding block in the technique classifier (0: the v2 classifier); "
        "1.0 was chosen by 4-fold cross-validation on train (--select-embed-weight)",
    )
    ap.add_argument(
        "--select-embed-weight",
        action="store_true",
        help="choose --embed-weight among 0.5, 1.0, 1.5 by 4-fold cross-validation on train (article folds)",
    )
    ap.add_argument(
        "--legacy-from",
        type=Path,
        default=None,
        help="an earlier model.joblib whose classifier and decodings are kept as 'legacy' (stages v2, v1)",
    )
    ap.add_argument("--crf-c1", type=float, default=0.05)
    ap.add_argument("--crf-c2", type=float, default=0.05)
    ap.add_argument("--crf-iter", type=int, default=120)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument(
        "--tech-crfs", default=DEFAULT_TECH_CRFS, help="techniques with their own span CRF, |-separated"
    )
    ap.add_argument("--tech-crf-iter", type=int, default=100)
    ap.add_argument("--cache", type=Path, default=None, help="keep the gate and CRFs here between runs")
    args = ap.parse_args(argv)
    t0 = time.time()
    lex = load_lexicons(None)

    tr_texts, tr_si, tr_tc = load_split(args.ptc, "train")
    dv_texts, dv_si, dv_tc = load_split(args.ptc, "dev")
    log(
        f"train {len(tr_texts)} articles, {len(tr_tc)} spans; dev {len(dv_texts)} articles, {len(dv_tc)} spans"
    )
    tr_docs = {a: analyse_text(t, lex) for a, t in tr_texts.items()}
    dv_docs = {a: analyse_text(t, lex) for a, t in dv_texts.items()}

    tr_spans = defaultdict(list)
    for a, s, e in tr_si:
        tr_spans[a].append((s, e))
    for a, _t, s, e in tr_tc:
        tr_spans[a].append((s, e))
    tr_spans = {a: merge_spans(v) for a, v in tr_spans.items()}

    # 1. sentence gate, out-of-fold on train
    idxs = [(a, i) for a in sorted(tr_docs) for i in range(len(tr_docs[a].sentences))]
    y_gate = np.array([sentence_gold(tr_docs[a], tr_spans.get(a, []))[i] for a, i in idxs])
    art_ids = sorted(tr_docs)
    oof = np.zeros(len(idxs))
    kf = KFold(n_splits=args.folds, shuffle=True, random_state=0)
    art_pos = defaultdict(list)
    for k, (a, _i) in enumerate(idxs):
        art_pos[a].append(k)
    oof_cache = args.cache / f"gate-oof-{args.gate_c}-{args.folds}.joblib" if args.cache else None
    if oof_cache is not None and oof_cache.exists():
        oof = joblib.load(oof_cache)
        log(f"gate out-of-fold probabilities loaded from {oof_cache}")
    for fold, (tr_a, te_a) in enumerate(kf.split(art_ids)):
        if oof_cache is not None and oof_cache.exists():
            break
        tr_k = [k for j in tr_a for k in art_pos[art_ids[j]]]
        te_k = [k for j in te_a for k in art_pos[art_ids[j]]]
        vec, clf = fit_gate(tr_docs, [idxs[k] for k in tr_k], y_gate[tr_k], args.gate_c)
        oof[te_k] = clf.predict_proba(gate_matrix(vec, tr_docs, [idxs[k] for k in te_k]))[:, 1]
        log(f"gate fold {fold}")
    if oof_cache is not None and not oof_cache.exists():
        oof_cache.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(oof, oof_cache)
    gate = fit_gate(tr_docs, idxs, y_gate, args.gate_c)
    gate_tr = defaultdict(dict)
    for (a, i), p in zip(idxs, oof, strict=True):
        gate_tr[a][i] = float(p)
    log(f"gate: {y_gate.mean():.3f} of train sentences positive")

    # 2. CRF on train
    xs, ys = [], []
    for a in art_ids:
        doc = tr_docs[a]
        for i, sent in enumerate(doc.sentences):
            xs.append(token_features(doc, i, gate_tr[a][i]))
            ys.append(token_labels(sent, tr_spans.get(a, [])))
    log(f"CRF: {len(xs)} sentences, {sum(len(x) for x in xs)} tokens")
    cached = args.cache / f"crf-{args.crf_c1}-{args.crf_c2}-{args.crf_iter}.joblib" if args.cache else None
    if cached is not None and cached.exists():
        crf = joblib.load(cached)
        log(f"CRF loaded from {cached}")
    else:
        crf = sklearn_crfsuite.CRF(
            algorithm="lbfgs",
            c1=args.crf_c1,
            c2=args.crf_c2,
            max_iterations=args.crf_iter,
            all_possible_transitions=True,
        )
        crf.fit(xs, ys)
        log("CRF fitted")
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            joblib.dump(crf, cached)

    # 2b. one binary span CRF per frequent technique (gold merged within the technique)
    tech_crfs = {}
    sent_keys = [(a, sent) for a in art_ids for sent in tr_docs[a].sentences]
    for tech in [t for t in args.tech_crfs.split("|") if t]:
        cached_t = args.cache / f"tcrf-{tech}-{args.tech_crf_iter}.joblib" if args.cache else None
        if cached_t is not None and cached_t.exists():
            tech_crfs[tech] = joblib.load(cached_t)
            log(f"CRF {tech} loaded from {cached_t}")
            continue
        sp = defaultdict(list)
        for a, t, s, e in tr_tc:
            if t == tech:
                sp[a].append((s, e))
        sp = {a: merge_spans(v) for a, v in sp.items()}
        ys_t = [token_labels(sent, sp.get(a, [])) for a, sent in sent_keys]
        crf_t = sklearn_crfsuite.CRF(
            algorithm="lbfgs",
            c1=TECH_CRF_C,
            c2=TECH_CRF_C,
            max_iterations=args.tech_crf_iter,
            all_possible_transitions=True,
        )
        crf_t.fit(xs, ys_t)
        tech_crfs[tech] = crf_t
        log(f"CRF {tech} fitted")
        if cached_t is not None:
            cached_t.parent.mkdir(parents=True, exist_ok=True)
            joblib.dump(crf_t, cached_t)
    del xs, ys

    # 3. technique classifier on train gold spans
    if args.select_embed_weight:
        args.embed_weight = select_embed_weight(tr_docs, tr_tc, args.tc_c)
    tc = fit_tc(tr_docs, tr_tc, args.tc_c, args.embed_weight)
    log(f"TC fitted (span-embedding weight {args.embed_weight:g})")

    bundle = {
        "gate": gate,
        "crf": crf,
        "tc": tc,
        "threshold": 0.5,
        "second_label_ratio": 1e9,
        "min_chars": 2,
        "tc_embed": args.embed_weight,
        "version": "presslens.techniques.crf.v1/ptc-train",
    }
    model = TechniqueModel(bundle, lex)

    # --- model selection on dev ------------------------------------------------------------------
    tc_pred = tc_predict_template(model, dv_docs, dv_tc)
    tc_res = score_tc(tc_pred, dv_tc)
    log(f"dev TC micro-F1 {tc_res.accuracy:.4f}")

    dv_probs = {}
    dv_gates = {}
    for a, doc in dv_docs.items():
        dv_gates[a] = model.gate_probs(doc)
        dv_probs[a] = model.token_probs(doc, dv_gates[a])
    best = None
    for blend in (1.0, 0.9, 0.8, 0.7):
        for thr in np.arange(0.075, 0.451, 0.025):
            pred = []
            for a, doc in dv_docs.items():
                pb = [
                    [blend * p + (1 - blend) * g for p in ps]
                    for ps, g in zip(dv_probs[a], dv_gates[a], strict=True)
                ]
                pred += [(a, s, e) for s, e, _p in model.spans(doc, pb, float(thr))]
            r = score_si(pred, dv_si)
            log(f"  blend {blend} thr {thr:.3f}: SI {r.row()}")
            if best is None or r.f1 > best[2].f1:
                best = (blend, float(thr), r)
    blend, thr, si_res = best
    log(f"chosen blend {blend} threshold {thr:.3f}: SI {si_res.row()}")
    bundle["gate_blend"] = blend
    model = TechniqueModel(bundle, lex)
    dv_probs = {a: model.token_probs(doc, dv_gates[a]) for a, doc in dv_docs.items()}

    dv_spans = {a: model.spans(doc, dv_probs[a], thr) for a, doc in dv_docs.items()}
    ranked = {a: model.classify(dv_docs[a], [(s, e) for s, e, _ in sp]) for a, sp in dv_spans.items()}
    best2 = None
    for ratio in (0.0, 1.1, 1.25, 1.5, 2.0, 3.0):
        pred = []
        for a, sp in dv_spans.items():
            for (s, e, _p), labs in zip(sp, ranked[a], strict=True):
                pred.append((a, labs[0][0], s, e))
                if labs[1][1] * ratio >= labs[0][1]:
                    pred.append((a, labs[1][0], s, e))
        r = score_flc(pred, dv_tc).overall
        log(f"  second-label ratio {ratio:g}: FLC {r.row()}")
        if best2 is None or r.f1 > best2[1].f1:
            best2 = (ratio, r)
    bundle["threshold"] = round(thr, 4)
    bundle["second_label_ratio"] = best2[0]
    bundle["dev_scores"] = {"si": si_res.f1, "flc": best2[1].f1, "tc": tc_res.accuracy}
    log(f"chosen second-label ratio {best2[0]}: FLC {best2[1].row()}")
    bundle["version"] = (
        "presslens.techniques.crf.v3/ptc-train"
        if args.embed_weight
        else "presslens.techniques.crf.v2/ptc-train"
    )
    bundle["dev_scores_v1"] = bundle.pop("dev_scores")
    v2 = select_v2(model, tech_crfs, dv_docs, dv_gates, dv_si, dv_tc, thr)
    bundle.update(v2)
    bundle["dev_scores"]["tc"] = tc_res.accuracy
    if args.legacy_from is not None:
        add_legacy(bundle, joblib.load(args.legacy_from))
    strip_vectorizers(bundle)
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / MODEL_FILE
    joblib.dump(bundle, out, compress=3)
    log(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.0f} s total")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
