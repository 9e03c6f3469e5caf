"""Score the presslens quote stage on PolNeAR dev and on the home-made speaker/via gold.

    python eval/quotes.py [--polnear ../shared/data/quotes/polnear] [--split dev] [--limit N]
                          [--gold eval/gold/quotes.jsonl] [--skip-polnear]
    python eval/quotes.py --split train --half 0|1 [--scope reported|attribution] --skip-gold
    python eval/quotes.py --real [--limit N] [--show]

``--real``: the project's real-page gold (``eval/gold/real``, see ``eval/realpages.py``), 57
English news pages; prints quote precision/recall, speaker precision and speaker coverage
(definitions in :func:`score_real_page`).

PolNeAR: the real stages (nlp, entities when available, quotes) run over each article text and
are scored with the presslens scorer (docs/field-notes.md §2.5): lenient normalisation,
attr-partial (content Dice ≥ 0.5 + cue overlap, greedy one-to-one), attr+speaker (overlap and
exact), exact cue, and attr-partial per cue class (the cue head lemma is a common speech verb
or not).  Home-made gold: speaker-resolution and via-chain accuracy per gold quote.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from presslens.metrics.quotes import (  # noqa: E402
    Attribution,
    QuoteScores,
    chars,
    matched_predictions,
    normalise,
    score_corpus,
)
from presslens.model import Article, Entity, Quote, Span  # noqa: E402
from presslens.pipeline import lookup  # noqa: E402
from presslens.quotes.cues import SPEECH_VERBS  # noqa: E402
from presslens.quotes.speakers import TITLES  # noqa: E402
from presslens.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "quotes" / "polnear"
GOLD = ROOT / "eval" / "gold" / "quotes.jsonl"
CLASSES = ("speech", "other")


# -- running the real stages ----------------------------------------------------------------
def build_stages(settings: Settings | None = None) -> tuple[list[Any], bool]:
    """nlp, entities (when importable) and quotes stage callables; and whether entities ran."""
    settings = settings or Settings()
    stages = [lookup("nlp").factory(settings)]
    has_entities = True
    try:
        stages.append(lookup("entities").factory(settings))
    except Exception as e:  # noqa: BLE001 - the entities stage is optional for this eval
        print(f"entities stage unavailable ({type(e).__name__}: {e}); sources resolve without it")
        has_entities = False
    stages.append(lookup("quotes").factory(settings))
    return stages, has_entities


def analyse(
    texts: Sequence[str], stages: list[Any], entities: Sequence[Sequence[Entity]] | None = None
) -> list[Article]:
    """Articles after all stages, keeping the spaCy Doc in ``cache`` (for cue classes)."""
    articles = [Article(text=t) for t in texts]
    articles = stages[0].pipe(articles)
    for stage_fn in stages[1:-1]:
        articles = [stage_fn(a) for a in articles]
    if entities is not None:  # fallback entities (when no entities stage ran)
        articles = [
            a.with_(entities=tuple(e)) if not a.entities else a
            for a, e in zip(articles, entities, strict=True)
        ]
    return [stages[-1](a) for a in articles]


# -- PolNeAR ------------------------------------------------------------------------------------
def doc_half(doc_id: str) -> int:
    """0 or 1: the two-fold split of whole documents used to check a rule on PolNeAR train (md5 of
    the document id), so that a change must pay off on both halves, not on one."""
    return int(hashlib.md5(doc_id.encode("utf-8")).hexdigest(), 16) % 2


def load_polnear(
    path: Path, split: str, limit: int | None = None, half: int | None = None
) -> list[dict[str, Any]]:
    with open(path / f"{split}.jsonl", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    if half is not None:
        records = [r for r in records if doc_half(r["doc_id"]) == half]
    return records[:limit] if limit else records


def cue_class(doc: Any, frags: Sequence[tuple[int, int]]) -> str:
    """ "speech" when the cue's head lemma is a common speech verb, else "other"."""
    if not frags:
        return "other"
    span = doc.char_span(frags[0][0], frags[-1][1], alignment_mode="expand")
    if span is None or not len(span):
        return "other"
    return "speech" if span.root.lemma_.lower() in SPEECH_VERBS else "other"


def gold_attributions(record: dict[str, Any], doc: Any) -> list[Attribution]:
    out = []
    for a in record["attributions"]:
        cue = tuple(tuple(f) for f in a["cue"])
        out.append(
            Attribution(
                tuple(tuple(f) for f in a["content"]),
                cue,
                tuple(tuple(f) for f in a["source"]),
                cue_class(doc, cue),
            )
        )
    return out


def predicted_attributions(quotes: Iterable[Quote], doc: Any) -> list[Attribution]:
    out = []
    for q in quotes:
        cue = ((q.cue.start, q.cue.end),) if q.cue else ()
        source = ((q.source.start, q.source.end),) if q.source else ()
        out.append(Attribution(tuple((s.start, s.end) for s in q.content), cue, source, cue_class(doc, cue)))
    return out


def score_polnear(
    records: list[dict[str, Any]], stages: list[Any], batch: int = 16, calib: list | None = None
) -> QuoteScores:
    """Scores over ``records``; ``calib`` (when given) receives (confidence, attribution right)
    per predicted quote, right = matched with an overlapping source (attr+speaker overlap)."""
    triples = []
    for k in range(0, len(records), batch):
        chunk = records[k : k + batch]
        for record, article in zip(chunk, analyse([r["text"] for r in chunk], stages), strict=True):
            doc = article.cache["doc"]
            preds, golds = predicted_attributions(article.quotes, doc), gold_attributions(record, doc)
            triples.append((record["text"], preds, golds))
            if calib is not None:
                hits = matched_predictions(record["text"], preds, golds)
                calib.extend((q.confidence, ok) for q, ok in zip(article.quotes, hits, strict=True))
    return score_corpus(triples, classes=CLASSES)


def reliability(
    pairs: Sequence[tuple[float, bool]], edges: Sequence[float] = (0.5, 0.6, 0.7, 0.8, 0.9)
) -> float:
    """Print a reliability table: per confidence bin, how many predictions and how many right;
    and the expected calibration error (bin-size-weighted |accuracy - mean confidence|), returned."""
    bounds = [0.0, *edges, 1.0001]
    print(f"  {'confidence':12s} {'n':>5s} {'mean conf':>9s} {'accuracy':>8s}")
    ece = 0.0
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi]
        if not inside:
            continue
        conf = sum(c for c, _ in inside) / len(inside)
        acc = sum(ok for _, ok in inside) / len(inside)
        ece += len(inside) * abs(acc - conf)
        print(f"  [{lo:.1f}, {min(hi, 1.0):.1f}) {len(inside):5d} {conf:9.3f} {acc:8.3f}")
    print(f"  expected calibration error {ece / max(1, len(pairs)):.3f} over {len(pairs)} predictions")
    return ece / max(1, len(pairs))


def print_scores(scores: QuoteScores) -> None:
    print(f"{'metric':28s} {'P':>6s} {'R':>6s} {'F1':>6s}   TP / pred / gold")
    for name, c in scores.metrics.items():
        tp = getattr(c, "tp_gold", c.tp)
        print(
            f"{name:28s} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}   {c.tp}({tp}) / {c.n_pred} / {c.n_gold}"
        )


# -- home-made gold: speakers and via chains ------------------------------------------------------
@dataclass
class GoldResult:
    quotes: int = 0
    found: int = 0
    speaker_ok: int = 0
    via_ok: int = 0
    via_quotes: int = 0
    via_chain_ok: int = 0


def norm_name(name: str) -> str:
    words = [w for w in re.split(r"\s+", name.casefold().replace(".", " ")) if w]
    return " ".join(w for w in words if w not in TITLES)


def gold_entities(text: str, ents: list[dict[str, Any]]) -> tuple[Entity, ...]:
    """Entities of a gold paragraph with mentions found by whole-word search (fallback only)."""
    out = []
    for ent in ents:
        spans = []
        for name in sorted({ent["name"], *ent.get("aliases", [])}, key=len, reverse=True):
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                if not any(s.start < m.end() and m.start() < s.end for s in spans):
                    spans.append(Span(m.start(), m.end()))
        out.append(
            Entity(
                ent["id"],
                ent["name"],
                ent["type"],
                tuple(ent.get("aliases", [])),
                tuple(sorted(spans, key=lambda s: s.start)),
            )
        )
    return tuple(out)


def names_of(ent: Entity | None) -> set[str]:
    return set() if ent is None else {norm_name(n) for n in (ent.name, *ent.aliases)}


def gold_names(gold_ents: dict[str, dict[str, Any]], gid: str | None) -> set[str]:
    if gid is None:
        return set()
    ent = gold_ents[gid]
    return {norm_name(n) for n in (ent["name"], *ent.get("aliases", []))}


def cue_span(text: str, cue: str, nth: int) -> tuple[int, int]:
    hits = list(re.finditer(rf"(?<!\w){re.escape(cue)}(?!\w)", text))
    return hits[nth].span()


def score_gold_record(record: dict[str, Any], article: Article, result: GoldResult) -> None:
    by_id = {e.id: e for e in article.entities}
    gold_ents = {e["id"]: e for e in record["entities"]}
    for gq in record["quotes"]:
        result.quotes += 1
        cs, ce = cue_span(article.text, gq["cue"], gq.get("nth", 0))
        pred = next((q for q in article.quotes if q.cue and q.cue.start < ce and cs < q.cue.end), None)
        if pred is None:
            result.via_quotes += bool(gq.get("via"))
            continue
        result.found += 1
        want = gold_names(gold_ents, gq.get("speaker"))
        got = names_of(by_id.get(pred.speaker)) if pred.speaker else set()
        result.speaker_ok += bool(want & got) or (not want and not got)
        want_via = [gold_names(gold_ents, v) for v in gq.get("via", [])]
        got_via = [names_of(by_id.get(v)) for v in pred.via]
        ok = len(want_via) == len(got_via) and all(any(w & g for g in got_via) for w in want_via)
        result.via_ok += ok
        if want_via:
            result.via_quotes += 1
            result.via_chain_ok += ok


def score_gold(path: Path, stages: list[Any], use_gold_entities: bool) -> GoldResult:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [r["text"] for r in records]
    fallback = [gold_entities(r["text"], r["entities"]) for r in records] if use_gold_entities else None
    result = GoldResult()
    for record, article in zip(records, analyse(texts, stages, fallback), strict=True):
        score_gold_record(record, article, result)
    return result


def print_gold(result: GoldResult) -> None:
    n = max(1, result.quotes)
    print(f"home-made gold: {result.quotes} quotes, cue found {result.found} ({result.found / n:.3f})")
    print(
        f"  speaker accuracy (all gold quotes)   {result.speaker_ok / n:.3f}  ({result.speaker_ok}/{result.quotes})"
    )
    print(f"  speaker accuracy (found quotes)      {result.speaker_ok / max(1, result.found):.3f}")
    print(
        f"  via accuracy (all gold quotes)       {result.via_ok / n:.3f}  ({result.via_ok}/{result.quotes})"
    )
    print(
        f"  via-chain accuracy (gold via ≠ ∅)    {result.via_chain_ok / max(1, result.via_quotes):.3f}"
        f"  ({result.via_chain_ok}/{result.via_quotes})"
    )


# -- real-page gold -------------------------------------------------------------------------------
@dataclass
class RealResult:
    pages: int = 0
    skipped: int = 0
    n_pred: int = 0
    pred_ok: int = 0  # predicted quotes whose content is mostly gold quote content
    n_gold: int = 0
    gold_found: int = 0  # gold quotes whose content is mostly covered by predicted content
    with_speaker: int = 0  # predicted quotes with a speaker
    speaker_ok: int = 0  # ... and the speaker is the gold quote's speaker
    speaker_ok_matched: int = 0
    with_speaker_matched: int = 0  # predicted quotes with a speaker that match a gold quote
    gold_spk_found: int = 0  # found gold quotes that have a gold speaker
    gold_spk_right: int = 0  # ... whose predicted speaker is right
    errors: list[str] = field(default_factory=list)
    # (confidence, right) per predicted quote: right = a true quote whose speaker is right, or
    # null where the gold speaker is null too
    calib: list[tuple[float, bool]] = field(default_factory=list)
    # (confidence, right) where right = a true quote whose speaker is right or null: what the
    # record states is right (a null speaker states none)
    calib_stated: list[tuple[float, bool]] = field(default_factory=list)


MIN_COVER = 0.5


def _chars(text: str, frags: Iterable[tuple[int, int]]) -> frozenset[int]:
    return chars(text, normalise(text, sorted(frags)))


def _pred_gold_overlaps(
    text: str, preds: Sequence[Quote], golds: Sequence[dict[str, Any]]
) -> tuple[list[frozenset[int]], list[frozenset[int]]]:
    pc = [_chars(text, [(s.start, s.end) for s in q.content]) for q in preds]
    gc = [_chars(text, [tuple(f) for f in g["content"]]) for g in golds]
    return pc, gc


def _best_gold(p: frozenset[int], gc: Sequence[frozenset[int]]) -> int | None:
    best, best_n = None, 0
    for k, g in enumerate(gc):
        n = len(p & g)
        if n > best_n:
            best, best_n = k, n
    return best if p and best_n >= MIN_COVER * len(p) else None


def speaker_right(ent: Entity | None, gold_name: str | None, gold_ents: dict[str, dict[str, Any]]) -> bool:
    """The predicted entity is the gold speaker: mentions overlap, or a name/alias matches."""
    if ent is None or gold_name is None:
        return False
    gold = gold_ents.get(gold_name)
    if gold is not None:
        for s, e in gold["mentions"]:
            if any(m.start < e and s < m.end for m in ent.mentions):
                return True
    return norm_name(gold_name) in names_of(ent)


def score_real_page(page: dict[str, Any], article: Article, result: RealResult) -> None:
    """A predicted quote is right when at least half of its content characters (lenient
    normalisation) are gold quote content; a gold quote is found when at least half of its content
    is covered by predicted content.  Speaker precision: of predicted quotes with a speaker, the
    share whose speaker is the speaker of the gold quote they overlap most (a predicted quote that
    is no quote counts as a wrong speaker; a null speaker counts neither way).  Speaker coverage: of
    found gold quotes with a gold speaker, the share whose best-overlapping predicted quote names
    that speaker."""
    text = article.text
    golds = page["quotes"]
    gold_ents = {e["name"]: e for e in page["entities"]}
    by_id = {e.id: e for e in article.entities}
    preds = list(article.quotes)
    pc, gc = _pred_gold_overlaps(text, preds, golds)
    covered = frozenset().union(*pc) if pc else frozenset()
    result.n_pred += len(preds)
    result.n_gold += len(golds)
    for q, p in zip(preds, pc, strict=True):
        k = _best_gold(p, gc)
        result.pred_ok += k is not None
        if q.speaker is None:
            result.calib.append((q.confidence, k is not None and not golds[k]["speaker"]))
            result.calib_stated.append((q.confidence, k is not None))
            continue
        ok = k is not None and speaker_right(by_id.get(q.speaker), golds[k]["speaker"], gold_ents)
        result.with_speaker += 1
        result.speaker_ok += ok
        result.with_speaker_matched += k is not None
        result.speaker_ok_matched += ok
        result.calib.append((q.confidence, ok))
        result.calib_stated.append((q.confidence, ok))
        if not ok:
            name = by_id[q.speaker].name if q.speaker in by_id else q.speaker
            want = golds[k]["speaker"] if k is not None else "(no quote)"
            result.errors.append(f"{page['page'][-20:]} {name!r} != {want!r}: {_show(text, q)}")
    for g, gchars in zip(golds, gc, strict=True):
        found = bool(gchars) and len(gchars & covered) >= MIN_COVER * len(gchars)
        result.gold_found += found
        if not found or not g["speaker"]:
            continue
        result.gold_spk_found += 1
        best = max(range(len(preds)), key=lambda i: len(pc[i] & gchars), default=None)
        if best is not None and preds[best].speaker:
            result.gold_spk_right += speaker_right(by_id.get(preds[best].speaker), g["speaker"], gold_ents)


def _show(text: str, q: Quote) -> str:
    src = q.source.of(text) if q.source else "-"
    cue = q.cue.of(text) if q.cue else "-"
    content = " … ".join(s.of(text) for s in q.content)
    return f"[{src}] [{cue}] {content[:90]!r}"


def real_articles(pages: list[dict[str, Any]], stages: list[Any]) -> list[tuple[dict[str, Any], Article]]:
    """(page, analysed article) for every gold page whose reference text matches its checksum."""
    import realpages

    out = []
    for page in pages:
        text = realpages.reference_text(page["page"])
        if realpages.sha256(text) != page["text_sha256"]:
            print(f"skip {page['page']}: reference text differs from the gold's (another trafilatura?)")
            continue
        out.append((page, analyse([text], stages)[0]))
    return out


def score_real(limit: int | None = None, show: bool = False) -> RealResult:
    import realpages

    pages = realpages.load_gold()[:limit] if limit else realpages.load_gold()
    result = RealResult()
    if not pages:
        return result
    if not realpages.SHARED.exists():
        sys.exit(f"shared pages not found under {realpages.SHARED}")
    stages, _ = build_stages()
    done = real_articles(pages, stages)
    result.skipped = len(pages) - len(done)
    for page, article in done:
        result.pages += 1
        score_real_page(page, article, result)
    if show:
        print("\n".join(result.errors))
    return result


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}  ({a}/{b})" if b else "n/a"


def print_real(r: RealResult) -> None:
    print(f"real pages: {r.pages} scored, {r.skipped} skipped")
    print(f"  quote precision                       {_ratio(r.pred_ok, r.n_pred)}")
    print(f"  quote recall                          {_ratio(r.gold_found, r.n_gold)}")
    print(f"  speaker precision (all predicted)     {_ratio(r.speaker_ok, r.with_speaker)}")
    print(f"  speaker precision (true quotes)       {_ratio(r.speaker_ok_matched, r.with_speaker_matched)}")
    print(f"  speaker coverage (found, gold speaker) {_ratio(r.gold_spk_right, r.gold_spk_found)}")
    print("reliability of `confidence` (right = true quote, speaker right or null like the gold's):")
    reliability(r.calib)
    print("reliability of `confidence` (right = what the record states: true quote, speaker right or null):")
    reliability(r.calib_stated)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", type=Path, default=POLNEAR)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument(
        "--half",
        type=int,
        choices=(0, 1),
        default=None,
        help="only one half of the split's documents (md5 of the id)",
    )
    ap.add_argument(
        "--scope", choices=("reported", "attribution"), default=None, help="only this quote_scope"
    )
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--skip-polnear", action="store_true")
    ap.add_argument("--skip-gold", action="store_true", help="do not score eval/gold/quotes.jsonl")
    ap.add_argument("--real", action="store_true", help="score the real-page gold only")
    ap.add_argument("--show", action="store_true", help="with --real: list the wrong speakers")
    args = ap.parse_args(argv)
    if args.real:
        t0 = time.time()
        result = score_real(args.limit, args.show)
        print(f"({time.time() - t0:.0f} s)")
        print_real(result)
        return
    stages, has_entities = build_stages()
    wide, _ = build_stages(Settings(extra={"quote_scope": "attribution"}))
    if not args.skip_polnear:
        t0 = time.time()
        records = load_polnear(args.polnear, args.split, args.limit, args.half)
        half = "" if args.half is None else f" half {args.half} ({len(records)} documents)"
        for scope, scope_stages in (("reported", stages), ("attribution", wide)):
            if args.scope and scope != args.scope:
                continue
            calib: list[tuple[float, bool]] = []
            scores = score_polnear(records, scope_stages, calib=calib)
            print(
                f"PolNeAR {args.split}{half}, quote_scope={scope}: {time.time() - t0:.0f} s (entities: {has_entities})"
            )
            print_scores(scores)
            print("reliability of `confidence` (right = attr+speaker(overlap) match):")
            reliability(calib)
    if args.gold.exists() and not args.skip_gold:
        print_gold(score_gold(args.gold, stages, use_gold_entities=not has_entities))


if __name__ == "__main__":
    main()
