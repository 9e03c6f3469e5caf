#!/usr/bin/env python
"""Do the techniques found depend on which actors a sentence names?  Counterfactual test on PTC dev.

    python eval/evenness.py [--ptc ../shared/data/ptc] [--limit N] [--stage presslens.techniques.tagger.v4]

For each PTC dev article the presslens pipeline (entities, then techniques) runs on the original
text and on two rewrites in which every proper name of a person, an organisation or a country/city
that the entity stage found is replaced, consistently within the article (a surname alone follows
its full name), and every other character is kept:

* ``swapped``: by real names from across the political spectrum and from both sides of current
  conflicts (``SIDES`` below: leaders, parties, armed groups, states, media);
* ``fictional``: by invented names of the same kind.

The pipeline then runs on each rewrite from scratch (its own entity pass: nothing is carried over).
Spans of a rewrite are mapped back to the original characters, and for each sentence that
contains a replaced name the set of techniques over it is compared with the original's.  Printed:
the share of those sentences whose technique set is unchanged (overall, per technique, and for
the swap, per side of the names put in), the share of them that carry a technique in the original,
and the same share over all sentences.  The issue-10 target: >= 0.97 unchanged for both rewrites,
with >= 30 % of the original sentences carrying a technique.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from presslens.api import analyze_text  # noqa: E402
from presslens.settings import DEFAULT_STAGES, Settings  # noqa: E402
from presslens.techniques.sentences import split_sentences  # noqa: E402
from presslens.techniques.windows import article_names  # noqa: E402

DEFAULT_PTC = ROOT.parent / "shared" / "data" / "ptc"

# Real names put in by the swap, by side.  Each side holds people, organisations and places.
SIDES: dict[str, dict[str, list[str]]] = {
    "US/EU/Israel/Ukraine": {
        "PERSON": ["Joe Biden", "Emmanuel Macron", "Benjamin Netanyahu", "Volodymyr Zelensky", "Ursula von der Leyen", "Olaf Scholz"],
        "ORG": ["NATO", "Pentagon", "Mossad", "European Commission", "State Department", "Israel Defense Forces"],
        "GPE": ["Israel", "Ukraine", "United States", "Germany", "France", "Britain"],
    },
    "Russia/Iran/China/Palestine": {
        "PERSON": ["Vladimir Putin", "Ali Khamenei", "Xi Jinping", "Ismail Haniyeh", "Nicolas Maduro", "Hassan Nasrallah"],
        "ORG": ["Kremlin", "Hamas", "Hezbollah", "Revolutionary Guards", "Wagner Group", "Chinese Communist Party"],
        "GPE": ["Russia", "Iran", "China", "Gaza", "Venezuela", "Syria"],
    },
    "US right": {
        "PERSON": ["Donald Trump", "Ron DeSantis", "Marjorie Taylor Greene", "Tucker Carlson", "Steve Bannon", "Ted Cruz"],
        "ORG": ["Republican Party", "NRA", "Fox News", "Heritage Foundation", "Proud Boys", "Breitbart"],
        "GPE": ["Texas", "Florida", "Alabama", "Oklahoma", "Idaho", "Wyoming"],
    },
    "US left": {
        "PERSON": ["Bernie Sanders", "Alexandria Ocasio-Cortez", "Nancy Pelosi", "Barack Obama", "Elizabeth Warren", "George Soros"],
        "ORG": ["Democratic Party", "ACLU", "CNN", "Planned Parenthood", "Black Lives Matter", "Southern Poverty Law Center"],
        "GPE": ["California", "New York", "Massachusetts", "Oregon", "Vermont", "Illinois"],
    },
}
FICTIONAL: dict[str, list[str]] = {
    "PERSON": ["Talia Verrow", "Oskar Brennholt", "Mira Castellane", "Dario Quillfeather", "Ines Marlowe-Tate", "Yusuf Kaldren", "Petra Olvanger", "Lucan Abernathe"],
    "ORG": ["Veldan Union", "Morrow Institute", "Aster Front", "Halvard Council", "Corvane Group", "Lumen Party", "Brightwater Alliance", "Tarsk Authority"],
    "GPE": ["Eldoria", "Varnistan", "Kestrel Bay", "Nordmark", "Sallow Coast", "Ostravia", "Belmora", "Tessaly"],
}


def _pick(pool: list[str], key: str) -> str:
    h = int(hashlib.sha256(key.encode()).hexdigest(), 16)
    return pool[h % len(pool)]


def replacement_plan(text: str, names: list[tuple[int, int, str]], mode: str, aid: str) -> list[tuple[int, int, str, str]]:
    """(start, end, new text, side) for each name; one surface form -> one replacement per article."""
    full: dict[str, tuple[str, str]] = {}
    plan = []
    sides = sorted(SIDES)
    persons_full = {text[s:e] for s, e, t in names if t == "PERSON" and " " in text[s:e].strip()}
    for s, e, typ in names:
        surface = text[s:e]
        if surface in full:
            new, side = full[surface]
        else:
            # a forename or surname alone follows the full name it belongs to
            part_of = next(
                (
                    (p, k)
                    for p in sorted(persons_full)
                    for k in (0, -1)
                    if typ == "PERSON" and " " not in surface and p.split()[k] == surface
                ),
                None,
            )
            if part_of is not None:
                whole, k = part_of
                if whole not in full:
                    full[whole] = _choose(whole, "PERSON", mode, aid, sides)
                base, side = full[whole]
                new = base.split()[k]
            else:
                new, side = _choose(surface, typ, mode, aid, sides)
            full[surface] = (new, side)
        plan.append((s, e, new, side))
    return plan


def _choose(surface: str, typ: str, mode: str, aid: str, sides: list[str]) -> tuple[str, str]:
    key = f"{aid}|{surface}|{mode}"
    if mode == "fictional":
        return _pick(FICTIONAL[typ], key), "fictional"
    side = _pick(sides, key + "|side")
    return _pick(SIDES[side][typ], key), side


def rewrite(text: str, plan: list[tuple[int, int, str, str]]) -> tuple[str, list[tuple[int, int, int, int]]]:
    """New text and the edits (orig start, orig end, new start, new end)."""
    out, edits, pos, shift = [], [], 0, 0
    for s, e, new, _side in plan:
        out.append(text[pos:s])
        ns = s + shift
        out.append(new)
        edits.append((s, e, ns, ns + len(new)))
        shift += len(new) - (e - s)
        pos = e
    out.append(text[pos:])
    return "".join(out), edits


def to_original(pos: int, edits: list[tuple[int, int, int, int]], is_end: bool) -> int:
    """Map a character position of the rewrite back to the original text."""
    starts = [ns for _s, _e, ns, _ne in edits]
    k = bisect.bisect_right(starts, pos) - 1
    if k < 0:
        return pos
    s, e, ns, ne = edits[k]
    if pos < ne or (is_end and pos == ne):
        return e if is_end else s  # inside a replaced name: the whole original name
    return pos - ne + e


def sentence_sets(text: str, spans: list[tuple[str, int, int]]) -> list[frozenset[str]]:
    sents = split_sentences(text)
    sets: list[set[str]] = [set() for _ in sents]
    starts = [s.start for s in sents]
    for tech, s, e in spans:
        k = max(0, bisect.bisect_right(starts, s) - 1)
        while k < len(sents) and sents[k].start < e:
            if s < sents[k].end:
                sets[k].add(tech)
            k += 1
    return [frozenset(x) for x in sets]


def run(text: str, settings: Settings) -> tuple[list[tuple[str, int, int]], list[tuple[int, int, str]]]:
    a = analyze_text(text, settings=settings, only=["techniques"])
    names = article_names(a)
    return [(t.technique, t.start, t.end) for t in a.techniques], names


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ptc", type=Path, default=DEFAULT_PTC)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=None, help="first N articles (by id)")
    ap.add_argument("--stage", default=None, help="technique stage to test (default: the default one)")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    ap.add_argument(
        "--min-confidence", type=float, default=None, help="technique confidence floor (default: the model's threshold)"
    )
    args = ap.parse_args(argv)
    folder = args.ptc / f"{args.split}-articles"
    if not folder.is_dir():
        print(f"PTC not found at {folder}", file=sys.stderr)
        return 2
    stages = DEFAULT_STAGES if args.stage is None else tuple(s if s != "techniques" else args.stage for s in DEFAULT_STAGES)
    settings = Settings(stages=stages, technique_min_confidence=args.min_confidence)
    paths = sorted(folder.glob("article*.txt"))[: args.limit]
    t0 = time.time()
    res: dict[str, Counter] = {m: Counter() for m in ("swapped", "fictional")}
    per_tech: dict[str, dict[str, Counter]] = {m: defaultdict(Counter) for m in res}
    per_side: dict[str, Counter] = defaultdict(Counter)
    all_sent = Counter()
    for i, p in enumerate(paths):
        with open(p, encoding="utf-8", newline="") as f:
            text = f.read()
        aid = p.stem.removeprefix("article")
        spans, names = run(text, settings)
        orig_sets = sentence_sets(text, spans)
        all_sent["sentences"] += len(orig_sets)
        all_sent["with_technique"] += sum(1 for x in orig_sets if x)
        sents = split_sentences(text)
        starts = [s.start for s in sents]
        for mode in res:
            plan = replacement_plan(text, names, mode, aid)
            if not plan:
                continue
            new_text, edits = rewrite(text, plan)
            new_spans, _ = run(new_text, settings)
            mapped = [(t, to_original(s, edits, False), to_original(e, edits, True)) for t, s, e in new_spans]
            new_sets = sentence_sets(text, mapped)
            touched: dict[int, set[str]] = defaultdict(set)
            for s, _e, _new, side in plan:
                k = bisect.bisect_right(starts, s) - 1
                if 0 <= k < len(sents):
                    touched[k].add(side)
            for k, sides in touched.items():
                a, b = orig_sets[k], new_sets[k]
                same = a == b
                res[mode]["sentences"] += 1
                res[mode]["unchanged"] += same
                res[mode]["with_technique"] += bool(a)
                res[mode]["all_unchanged"] += same
                for tech in a | b:
                    per_tech[mode][tech]["n"] += 1
                    per_tech[mode][tech]["flipped"] += (tech in a) != (tech in b)
                if mode == "swapped":
                    for side in sides:
                        per_side[side]["n"] += 1
                        per_side[side]["changed"] += not same
                        per_side[side]["added"] += len(b - a)
                        per_side[side]["removed"] += len(a - b)
            res[mode]["all_sentences"] += len(orig_sets)
            res[mode]["all_unchanged"] += sum(1 for k in range(len(orig_sets)) if k not in touched and orig_sets[k] == new_sets[k])
        print(f"\r{i + 1}/{len(paths)} articles", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    out: dict[str, object] = {"articles": len(paths), "seconds": round(time.time() - t0, 1)}
    print(f"Evenness on PTC {args.split}: {len(paths)} articles, {time.time() - t0:.0f} s")
    print(f"original sentences carrying a technique: {all_sent['with_technique']}/{all_sent['sentences']} = {all_sent['with_technique'] / max(1, all_sent['sentences']):.3f}")
    for mode, c in res.items():
        n = max(1, c["sentences"])
        share = c["unchanged"] / n
        out[mode] = {
            "sentences_with_replaced_names": c["sentences"],
            "unchanged": round(share, 4),
            "with_technique": round(c["with_technique"] / n, 4),
            "all_sentences_unchanged": round(c["all_unchanged"] / max(1, c["all_sentences"]), 4),
            "per_technique_flip_rate": {t: round(v["flipped"] / max(1, v["n"]), 4) for t, v in sorted(per_tech[mode].items())},
        }
        print(f"\n{mode}: {c['sentences']} sentences name a replaced actor; unchanged technique set {share:.4f}; "
              f"{c['with_technique'] / n:.3f} of them carry a technique; all sentences unchanged {c['all_unchanged'] / max(1, c['all_sentences']):.4f}")
        for t, v in sorted(per_tech[mode].items(), key=lambda kv: -kv[1]["flipped"]):
            print(f"  {t:36s} flipped {v['flipped']:4d} of {v['n']:4d}")
    print("\nswap, by the side of the names put in (sentences changed / added / removed techniques):")
    for side, v in sorted(per_side.items()):
        print(f"  {side:30s} {v['changed']:4d}/{v['n']:4d} changed ({v['changed'] / max(1, v['n']):.3f}), +{v['added']} -{v['removed']}")
    out["by_side"] = {s: dict(v) for s, v in per_side.items()}
    out["original_with_technique"] = round(all_sent["with_technique"] / max(1, all_sent["sentences"]), 4)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
