#!/usr/bin/env python
"""Do the techniques found depend on which actors a sentence names?  Counterfactual test on PTC dev.

    python eval/evenness.py [--ptc ../shared/data/ptc] [--limit N] [--stage presslens.techniques.tagger.v4]
                            [--names main|heldout] [--show]

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
        "PERSON": [
            "Joe Biden",
            "Emmanuel Macron",
            "Benjamin Netanyahu",
            "Volodymyr Zelensky",
            "Ursula von der Leyen",
            "Olaf Scholz",
        ],
        "ORG": [
            "NATO",
            "Pentagon",
            "Mossad",
            "European Commission",
            "State Department",
            "Israel Defense Forces",
        ],
        "GPE": ["Israel", "Ukraine", "United States", "Germany", "France", "Britain"],
    },
    "Russia/Iran/China/Palestine": {
        "PERSON": [
            "Vladimir Putin",
            "Ali Khamenei",
            "Xi Jinping",
            "Ismail Haniyeh",
            "Nicolas Maduro",
            "Hassan Nasrallah",
        ],
        "ORG": [
            "Kremlin",
            "Hamas",
            "Hezbollah",
            "Revolutionary Guards",
            "Wagner Group",
            "Chinese Communist Party",
        ],
        "GPE": ["Russia", "Iran", "China", "Gaza", "Venezuela", "Syria"],
    },
    "US right": {
        "PERSON": [
            "Donald Trump",
            "Ron DeSantis",
            "Marjorie Taylor Greene",
            "Tucker Carlson",
            "Steve Bannon",
            "Ted Cruz",
        ],
        "ORG": ["Republican Party", "NRA", "Fox News", "Heritage Foundation", "Proud Boys", "Breitbart"],
        "GPE": ["Texas", "Florida", "Alabama", "Oklahoma", "Idaho", "Wyoming"],
    },
    "US left": {
        "PERSON": [
            "Bernie Sanders",
            "Alexandria Ocasio-Cortez",
            "Nancy Pelosi",
            "Barack Obama",
            "Elizabeth Warren",
            "George Soros",
        ],
        "ORG": [
            "Democratic Party",
            "ACLU",
            "CNN",
            "Planned Parenthood",
            "Black Lives Matter",
            "Southern Poverty Law Center",
        ],
        "GPE": ["California", "New York", "Massachusetts", "Oregon", "Vermont", "Illinois"],
    },
}
# A second, held-out list (``--names heldout``): other real names from the same four sides, never
# used to choose a masking rule, to check that a change narrows the gap between sides on names it
# was not chosen with.
HELDOUT: dict[str, dict[str, list[str]]] = {
    "US/EU/Israel/Ukraine": {
        "PERSON": [
            "Antony Blinken",
            "Lloyd Austin",
            "Rishi Sunak",
            "Yoav Gallant",
            "Dmytro Kuleba",
            "Jens Stoltenberg",
        ],
        "ORG": ["European Parliament", "CIA", "Shin Bet", "Foreign Office", "Bundeswehr", "Atlantic Council"],
        "GPE": ["Poland", "Canada", "Estonia", "Italy", "Japan", "Australia"],
    },
    "Russia/Iran/China/Palestine": {
        "PERSON": [
            "Sergei Lavrov",
            "Ebrahim Raisi",
            "Wang Yi",
            "Yahya Sinwar",
            "Bashar al-Assad",
            "Mahmoud Abbas",
        ],
        "ORG": ["FSB", "Islamic Jihad", "Fatah", "Russia Today", "People's Liberation Army", "Gazprom"],
        "GPE": ["Belarus", "North Korea", "Cuba", "Lebanon", "Yemen", "Crimea"],
    },
    "US right": {
        "PERSON": [
            "Mike Pence",
            "Greg Abbott",
            "Kevin McCarthy",
            "Sean Hannity",
            "Mitch McConnell",
            "Lauren Boebert",
        ],
        "ORG": [
            "Freedom Caucus",
            "Federalist Society",
            "Daily Wire",
            "Turning Point USA",
            "Oath Keepers",
            "Newsmax",
        ],
        "GPE": ["Kentucky", "Tennessee", "Arkansas", "Utah", "Mississippi", "Montana"],
    },
    "US left": {
        "PERSON": [
            "Kamala Harris",
            "Chuck Schumer",
            "Ilhan Omar",
            "Hillary Clinton",
            "Gavin Newsom",
            "Rashida Tlaib",
        ],
        "ORG": [
            "Democratic National Committee",
            "MoveOn",
            "MSNBC",
            "Sierra Club",
            "Human Rights Campaign",
            "Center for American Progress",
        ],
        "GPE": ["Maryland", "Hawaii", "Connecticut", "Rhode Island", "New Jersey", "Minnesota"],
    },
}
NAME_LISTS = {"main": SIDES, "heldout": HELDOUT}
FICTIONAL: dict[str, list[str]] = {
    "PERSON": [
        "Talia Verrow",
        "Oskar Brennholt",
        "Mira Castellane",
        "Dario Quillfeather",
        "Ines Marlowe-Tate",
        "Yusuf Kaldren",
        "Petra Olvanger",
        "Lucan Abernathe",
    ],
    "ORG": [
        "Veldan Union",
        "Morrow Institute",
        "Aster Front",
        "Halvard Council",
        "Corvane Group",
        "Lumen Party",
        "Brightwater Alliance",
        "Tarsk Authority",
    ],
    "GPE": [
        "Eldoria",
        "Varnistan",
        "Kestrel Bay",
        "Nordmark",
        "Sallow Coast",
        "Ostravia",
        "Belmora",
        "Tessaly",
    ],
}


def _pick(pool: list[str], key: str) -> str:
    h = int(hashlib.sha256(key.encode()).hexdigest(), 16)
    return pool[h % len(pool)]


def replacement_plan(
    text: str,
    names: list[tuple[int, int, str]],
    mode: str,
    aid: str,
    lists: dict[str, dict[str, list[str]]] = SIDES,
) -> list[tuple[int, int, str, str]]:
    """(start, end, new text, side) for each name; one surface form -> one replacement per article."""
    full: dict[str, tuple[str, str]] = {}
    plan = []
    sides = sorted(lists)
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
                    full[whole] = _choose(whole, "PERSON", mode, aid, sides, lists)
                base, side = full[whole]
                new = base.split()[k]
            else:
                new, side = _choose(surface, typ, mode, aid, sides, lists)
            full[surface] = (new, side)
        plan.append((s, e, new, side))
    return plan


def _choose(
    surface: str,
    typ: str,
    mode: str,
    aid: str,
    sides: list[str],
    lists: dict[str, dict[str, list[str]]] = SIDES,
) -> tuple[str, str]:
    key = f"{aid}|{surface}|{mode}"
    if mode == "fictional":
        return _pick(FICTIONAL[typ], key), "fictional"
    side = _pick(sides, key + "|side")
    return _pick(lists[side][typ], key), side


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


_MENTIONS: dict[int, list[tuple[int, int, str]]] = {}  # id(names) -> every entity mention (for --show)
_SKIPPED: dict[int, list[str]] = {}  # id(names) -> the stages that skipped the text (for --show)


def run(text: str, settings: Settings) -> tuple[list[tuple[str, int, int]], list[tuple[int, int, str]]]:
    a = analyze_text(text, settings=settings, only=["techniques"])
    names = article_names(a)
    _MENTIONS.clear()
    _MENTIONS[id(names)] = sorted((m.start, m.end, e.type) for e in a.entities for m in e.mentions)
    _SKIPPED.clear()
    _SKIPPED[id(names)] = [f"{k.stage}: {k.code} {k.detail or ''}".strip() for k in a.skipped]
    return [(t.technique, t.start, t.end) for t in a.techniques], names


_TOK = None


def _masked_form(text: str, start: int, end: int, names: list[tuple[int, int, str]]) -> tuple[int, ...]:
    """The word pieces the model reads of ``text[start:end]`` (names masked)."""
    global _TOK
    from presslens.techniques.windows import load_tokenizer, pieces

    if _TOK is None:
        _TOK = load_tokenizer()
    sub = [(max(s, start) - start, min(e, end) - start, t) for s, e, t in names if s < end and e > start]
    return tuple(pieces(text[start:end], sub, _TOK)[0])


def _to_new(pos: int, edits: list[tuple[int, int, int, int]]) -> int:
    """A position of the original text (outside replaced names) in the rewrite."""
    shift = 0
    for _s, e, _ns, ne in edits:
        if e > pos:
            break
        shift = ne - e
    return pos + shift


def _diagnose(mode, aid, text, new_text, sent, plan, edits, names, new_names, a, b) -> dict[str, object]:
    """Why a sentence's techniques changed: each name put in, masked or not, and the masked forms."""
    put = []
    for (s, e, new, side), (_s, _e, ns, ne) in zip(plan, edits, strict=True):
        if not (sent.start <= s < sent.end):
            continue
        cover = [(x, y, t) for x, y, t in new_names if x < ne and y > ns]
        if not cover:
            found = [(x, y, t) for x, y, t in _MENTIONS.get(id(new_names), []) if x < ne and y > ns]
            how = "not masked" + (
                ": entity " + ", ".join(f"{new_text[x:y]!r} {t}" for x, y, t in found)
                if found
                else ": no entity"
            )
            kind = "not masked, " + (
                "no entity" if not found else "entity " + "+".join(sorted({t for *_, t in found}))
            )
        elif (
            cover[0][0] <= ns
            and cover[-1][1] >= ne
            and all(cover[i][1] >= cover[i + 1][0] for i in range(len(cover) - 1))
        ):
            how = (
                "masked "
                + "+".join(t for _x, _y, t in cover)
                + ("" if cover[0][0] == ns and cover[-1][1] == ne else " (wider)")
            )
        else:
            how = "part masked: " + ", ".join(repr(new_text[x:y]) for x, y, _t in cover)
        if cover:
            kind = how.split(" (")[0].split(":")[0]
        put.append({"old": text[s:e], "new": new, "side": side, "masked": how, "kind": kind})
    ns_, ne_ = _to_new(sent.start, edits), _to_new(sent.end, edits)
    same_form = _masked_form(text, sent.start, sent.end, names) == _masked_form(new_text, ns_, ne_, new_names)
    skipped = _SKIPPED.get(id(new_names), [])
    if any(k.startswith("presslens.techniques") for k in skipped):
        cause = "rewrite not analysed (" + skipped[-1].split(": ", 1)[1] + ")"
    elif any(p["masked"].startswith("not masked") for p in put):
        cause = "a name put in not masked"
    elif any(p["masked"].startswith("part") for p in put):
        cause = "a name put in partly masked"
    elif not same_form:
        cause = "names masked, other words masked differently"
    else:
        cause = "identical masked input"
    return {
        "mode": mode,
        "article": aid,
        "sentence": new_text[ns_:ne_].strip(),
        "put_in": put,
        "added": sorted(b - a),
        "removed": sorted(a - b),
        "cause": cause,
    }


def _print_shown(shown: list[dict[str, object]]) -> None:
    for mode in ("swapped", "fictional"):
        rows = [r for r in shown if r["mode"] == mode]
        print(f"\n== {mode}: {len(rows)} changed sentences ==")
        by_side: dict[str, list[dict[str, object]]] = defaultdict(list)
        for r in rows:
            for side in sorted({p["side"] for p in r["put_in"]}):
                by_side[side].append(r)
        for side, rs in sorted(by_side.items()):
            print(f"\n-- {side}: {len(rs)}; causes: {dict(Counter(r['cause'] for r in rs).most_common())}")
            for r in rs:
                names = "; ".join(f"{p['old']!r}->{p['new']!r} [{p['masked']}]" for p in r["put_in"])
                print(f"  {r['article']} +{r['added']} -{r['removed']} | {r['cause']} | {names}")
                print(f"      {r['sentence'][:300]}")
        print(f"\n{mode} causes: {dict(Counter(r['cause'] for r in rows).most_common())}")
        masks = Counter(p["kind"] for r in rows for p in r["put_in"])
        print(f"{mode} names put in, in changed sentences: {dict(masks.most_common())}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ptc", type=Path, default=DEFAULT_PTC)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=None, help="first N articles (by id)")
    ap.add_argument("--stage", default=None, help="technique stage to test (default: the default one)")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    ap.add_argument(
        "--min-confidence",
        type=float,
        default=None,
        help="technique confidence floor (default: the model's threshold)",
    )
    ap.add_argument(
        "--names", choices=sorted(NAME_LISTS), default="main", help="real names put in by the swap"
    )
    ap.add_argument(
        "--show",
        action="store_true",
        help="list each changed sentence of the swap with the names put in, whether each was masked, "
        "the techniques added/removed, and count the causes",
    )
    args = ap.parse_args(argv)
    lists = NAME_LISTS[args.names]
    folder = args.ptc / f"{args.split}-articles"
    if not folder.is_dir():
        print(f"PTC not found at {folder}", file=sys.stderr)
        return 2
    stages = (
        DEFAULT_STAGES
        if args.stage is None
        else tuple(s if s != "techniques" else args.stage for s in DEFAULT_STAGES)
    )
    settings = Settings(stages=stages, technique_min_confidence=args.min_confidence)
    paths = sorted(folder.glob("article*.txt"))[: args.limit]
    t0 = time.time()
    res: dict[str, Counter] = {m: Counter() for m in ("swapped", "fictional")}
    per_tech: dict[str, dict[str, Counter]] = {m: defaultdict(Counter) for m in res}
    per_side: dict[str, Counter] = defaultdict(Counter)
    all_sent = Counter()
    shown: list[dict[str, object]] = []
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
            plan = replacement_plan(text, names, mode, aid, lists)
            if not plan:
                continue
            new_text, edits = rewrite(text, plan)
            new_spans, new_names = run(new_text, settings)
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
                if args.show and not same:
                    shown.append(
                        _diagnose(mode, aid, text, new_text, sents[k], plan, edits, names, new_names, a, b)
                    )
                if mode == "swapped":
                    for side in sides:
                        per_side[side]["n"] += 1
                        per_side[side]["changed"] += not same
                        per_side[side]["added"] += len(b - a)
                        per_side[side]["removed"] += len(a - b)
            res[mode]["all_sentences"] += len(orig_sets)
            res[mode]["all_unchanged"] += sum(
                1 for k in range(len(orig_sets)) if k not in touched and orig_sets[k] == new_sets[k]
            )
        print(f"\r{i + 1}/{len(paths)} articles", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    out: dict[str, object] = {"articles": len(paths), "seconds": round(time.time() - t0, 1)}
    print(f"Evenness on PTC {args.split}: {len(paths)} articles, {time.time() - t0:.0f} s")
    print(
        f"original sentences carrying a technique: {all_sent['with_technique']}/{all_sent['sentences']} = {all_sent['with_technique'] / max(1, all_sent['sentences']):.3f}"
    )
    for mode, c in res.items():
        n = max(1, c["sentences"])
        share = c["unchanged"] / n
        out[mode] = {
            "sentences_with_replaced_names": c["sentences"],
            "unchanged": round(share, 4),
            "with_technique": round(c["with_technique"] / n, 4),
            "all_sentences_unchanged": round(c["all_unchanged"] / max(1, c["all_sentences"]), 4),
            "per_technique_flip_rate": {
                t: round(v["flipped"] / max(1, v["n"]), 4) for t, v in sorted(per_tech[mode].items())
            },
        }
        print(
            f"\n{mode}: {c['sentences']} sentences name a replaced actor; unchanged technique set {share:.4f}; "
            f"{c['with_technique'] / n:.3f} of them carry a technique; all sentences unchanged {c['all_unchanged'] / max(1, c['all_sentences']):.4f}"
        )
        for t, v in sorted(per_tech[mode].items(), key=lambda kv: -kv[1]["flipped"]):
            print(f"  {t:36s} flipped {v['flipped']:4d} of {v['n']:4d}")
    print("\nswap, by the side of the names put in (sentences changed / added / removed techniques):")
    for side, v in sorted(per_side.items()):
        print(
            f"  {side:30s} {v['changed']:4d}/{v['n']:4d} changed ({v['changed'] / max(1, v['n']):.3f}), +{v['added']} -{v['removed']}"
        )
    out["by_side"] = {s: dict(v) for s, v in per_side.items()}
    if args.show:
        _print_shown(shown)
    out["original_with_technique"] = round(all_sent["with_technique"] / max(1, all_sent["sentences"]), 4)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
