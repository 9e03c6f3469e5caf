"""Persuasion techniques: scorers, the stage, and the PTC dev gate."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from presslens.metrics.techniques import (
    align_tc,
    merge_spans,
    score_flc,
    score_si,
    score_tc,
)
from presslens.model import Article, Technique
from presslens.settings import Settings
from presslens.stages.techniques import make_technique_tagger
from presslens.techniques.crf import MODEL_FILE, load_model
from presslens.techniques.features import analyse_text, trim_span
from presslens.techniques.lexicon import DATA_DIR
from presslens.techniques.sentences import TECHNIQUES, split_sentences

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PTC = SHARED / "data" / "ptc"
SEED = SHARED / "seed" / "seed-article.txt"
LABELS_FILE = PTC / "propaganda-techniques-names-semeval2020task11.txt"

# Pinned floors, a little under the scores measured on PTC dev with the default stage (v3: SI 0.4125,
# FLC 0.2203, TC 0.5936; MODEL_CARD.md).  The legacy v2 classifier is pinned at its own scores.
FLOOR_SI = 0.405
FLOOR_FLC = 0.215
FLOOR_TC = 0.585
LEGACY_TC = 0.5682


# --------------------------------------------------------------------------------------------
# scorers
# --------------------------------------------------------------------------------------------


def test_merge_spans_overlap_merges_touching_does_not():
    assert merge_spans([(5, 15), (0, 10)]) == [(0, 15)]
    assert merge_spans([(0, 5), (5, 10)]) == [(0, 5), (5, 10)]
    assert merge_spans([(0, 10), (2, 3), (9, 12), (20, 20)]) == [(0, 12)]


def test_si_partial_credit():
    r = score_si([("a", 0, 5)], [("a", 0, 10)])
    assert r.precision == pytest.approx(1.0)
    assert r.recall == pytest.approx(0.5)
    assert r.f1 == pytest.approx(2 * 0.5 / 1.5)


def test_si_gold_merged_within_article():
    # overlapping gold spans merge into 0-15: one gold span, fully covered
    r = score_si([("a", 0, 15)], [("a", 0, 10), ("a", 5, 15)])
    assert (r.precision, r.recall, r.n_gold) == (pytest.approx(1.0), pytest.approx(1.0), 1)
    # touching gold spans stay two; one prediction covering both gets full credit on each
    r = score_si([("a", 0, 10)], [("a", 0, 5), ("a", 5, 10)])
    assert r.precision == pytest.approx(1.0)  # (5/10 + 5/10) / 1
    assert r.recall == pytest.approx(1.0)  # (1 + 1) / 2
    # same offsets in another article do not merge or match
    r = score_si([("b", 0, 10)], [("a", 0, 10)])
    assert (r.precision, r.recall, r.f1) == (0.0, 0.0, 0.0)


def test_si_counts_unmatched_articles_and_empty_case():
    r = score_si([("a", 0, 4), ("b", 0, 4)], [("a", 0, 4), ("c", 0, 8)])
    assert r.precision == pytest.approx(0.5)
    assert r.recall == pytest.approx(0.5)
    assert score_si([], []).f1 == 1.0
    assert score_si([], [("a", 0, 3)]).f1 == 0.0


def test_si_worked_example():
    # gold 10-20 and 30-40; predictions 15-25 (half in) and 30-35 (all in)
    r = score_si([("a", 15, 25), ("a", 30, 35)], [("a", 10, 20), ("a", 30, 40)])
    assert r.precision == pytest.approx((0.5 + 1.0) / 2)
    assert r.recall == pytest.approx((0.5 + 0.5) / 2)


def test_flc_needs_same_technique_and_merges_per_technique():
    gold = [("a", "Loaded_Language", 0, 10), ("a", "Doubt", 5, 15)]
    r = score_flc([("a", "Loaded_Language", 0, 10)], gold)
    assert r.overall.precision == pytest.approx(1.0)
    assert r.overall.recall == pytest.approx(0.5)  # Doubt span is a separate gold span, not matched
    assert r.per_technique["Doubt"].recall == 0.0
    # a wrong label earns nothing even with a perfect span
    r = score_flc([("a", "Doubt", 0, 10)], [("a", "Loaded_Language", 0, 10)])
    assert r.overall.f1 == 0.0
    # gold of one technique merges: 0-10 + 5-15 -> 0-15
    r = score_flc([("a", "Doubt", 0, 15)], [("a", "Doubt", 0, 10), ("a", "Doubt", 5, 15)])
    assert r.overall.f1 == pytest.approx(1.0)


def test_tc_alignment_within_identical_spans():
    gold = [("a", "Doubt", 0, 5), ("a", "Loaded_Language", 0, 5), ("a", "Slogans", 7, 9)]
    pred = [("a", "Loaded_Language", 0, 5), ("a", "Doubt", 0, 5), ("a", "Repetition", 7, 9)]
    r = score_tc(pred, gold)
    assert r.accuracy == pytest.approx(2 / 3)
    assert r.per_technique["Slogans"].recall == 0.0


def test_tc_greedy_is_not_optimal_when_runs_interleave():
    # sorted by start only: (0,5),(0,10),(0,5) are not one run, so the official greedy alignment
    # cannot swap the two (0,5) labels; an optimal matching would score 1.0
    gold = [(0, 5, "A"), (0, 10, "B"), (0, 5, "C")]
    pred = [(0, 5, "C"), (0, 10, "B"), (0, 5, "A")]
    p, g = align_tc(pred, gold)
    assert sum(a[2] == b[2] for a, b in zip(p, g, strict=True)) == 1
    # the stable sort keeps template order for equal starts but does reorder by start
    p, g = align_tc([(9, 12, "X"), (0, 3, "Y")], [(9, 12, "X"), (0, 3, "Z")])
    assert [x[0] for x in p] == [0, 9] and [x[0] for x in g] == [0, 9]


def test_tc_rejects_mismatched_templates():
    with pytest.raises(ValueError):
        score_tc([("a", "Doubt", 0, 4)], [("a", "Doubt", 0, 5)])


# --------------------------------------------------------------------------------------------
# the stage
# --------------------------------------------------------------------------------------------

HAVE_MODEL = (DATA_DIR / MODEL_FILE).exists()
needs_model = pytest.mark.skipif(
    not HAVE_MODEL, reason="technique model not trained (scripts/train_techniques.py)"
)


def official_labels() -> set[str]:
    if LABELS_FILE.exists():
        return {line.strip() for line in LABELS_FILE.read_text(encoding="utf-8").splitlines() if line.strip()}
    return set(TECHNIQUES)


def test_label_list_matches_official():
    assert set(TECHNIQUES) == official_labels()
    assert len(TECHNIQUES) == 14


def test_sentence_split_and_trim():
    text = "Title here\n\nMr. Smith said it. Then he left!\nA second line?"
    sents = split_sentences(text)
    assert [text[s.start : s.end] for s in sents] == [
        "Title here",
        "Mr. Smith said it.",
        "Then he left!",
        "A second line?",
    ]
    assert sents[0].line == 0 and sents[-1].line == 3
    assert trim_span(" ,word. ", 0, 8) == (2, 6)


MY_TEXT = (
    "The corrupt regime and its bloodthirsty thugs will never silence the heroic people!\n"
    "Only a fool would believe the so-called experts who keep lying to the nation.\n"
    "Make no mistake: our great country will rise again, and the traitors will pay.\n"
    "The committee met on Tuesday to discuss the budget for next year.\n"
)


@needs_model
def test_stage_on_hand_written_text():
    from presslens.pipeline.registry import lookup

    info = lookup("presslens.techniques.crf.v3")
    assert info.name == "presslens.techniques.crf.v3"
    assert info.requires == ("text",) and info.assigns == ("techniques", "scores.techniques")
    tagger = info.factory(Settings())
    art = tagger(Article(text=MY_TEXT))
    assert art.text == MY_TEXT
    assert art.techniques, "no technique found in an obviously loaded text"
    labels = official_labels()
    for t in art.techniques:
        assert isinstance(t, Technique)
        assert t.technique in labels
        assert 0 <= t.start < t.end <= len(MY_TEXT)
        span = MY_TEXT[t.start : t.end]
        assert span[0] not in " \n.,:;" and span[-1] not in " \n.,:;"
        assert 0.0 <= t.confidence <= 1.0
    # the neutral sentence has no span
    neutral = MY_TEXT.index("The committee")
    assert not any(t.start >= neutral for t in art.techniques)
    sc = art.scores["techniques"]
    assert sc["sentences"] == 4
    assert 0 < sc["share_sentences"] <= 0.75
    assert sum(sc["counts"].values()) == len(art.techniques) == sc["spans"]
    assert sc["per_1000_words"] == pytest.approx(1000 * len(art.techniques) / sc["words"], abs=1e-3)
    # records round-trip through JSON
    again = Article.from_json(art.to_json())
    assert again.techniques == art.techniques


@needs_model
def test_v3_uses_span_embeddings_and_v2_is_kept_unchanged():
    from presslens.pipeline.registry import lookup

    v3 = load_model(None)
    v2 = load_model(None, legacy=True)
    assert v3.tc_embed > 0 and v2.tc_embed == 0
    assert v3.version.startswith("presslens.techniques.crf.v3") and v2.version.startswith(
        "presslens.techniques.crf.v2"
    )
    assert v2.crf is v3.crf and v2.gate is v3.gate  # one gate and span CRF, two classifiers
    # the legacy classifier never loads the encoder; v3's ranking uses it
    spans = [(MY_TEXT.index("traitor"), MY_TEXT.index("traitor") + len("traitors"))]
    doc = analyse_text(MY_TEXT, v3.lex)
    r3, r2 = v3.classify(doc, spans)[0], v2.classify(doc, spans)[0]
    assert {t for t, _p in r3} == {t for t, _p in r2} == set(TECHNIQUES)
    assert r3 != r2
    info = lookup("presslens.techniques.crf.v2")
    art = info.factory(Settings())(Article(text=MY_TEXT))
    assert art.techniques and art.scores["techniques"]["model"].startswith("presslens.techniques.crf.v2")


@needs_model
def test_v1_decoding_still_registered():
    from presslens.pipeline.registry import lookup

    info = lookup("presslens.techniques.crf.v1")
    assert info.name == "presslens.techniques.crf.v1"
    art = info.factory(Settings())(Article(text=MY_TEXT))
    assert art.techniques and art.scores["techniques"]["model"] == "presslens.techniques.crf.v1"
    # v1: every span carries one label (two when close), so no more than two labels per span
    per_span: dict[tuple[int, int], int] = {}
    for t in art.techniques:
        per_span[(t.start, t.end)] = per_span.get((t.start, t.end), 0) + 1
    assert max(per_span.values()) <= 3  # two model labels and possibly one lexicon-layer span


@needs_model
def test_stage_threshold_setting_and_pipe():
    loose = make_technique_tagger(Settings(technique_threshold=0.05))
    strict = make_technique_tagger(Settings(technique_threshold=0.99))
    default = make_technique_tagger(Settings())
    assert default.threshold == load_model(None).threshold
    a_loose, a_strict = loose.pipe([Article(text=MY_TEXT)])[0], strict.pipe([Article(text=MY_TEXT)])[0]
    assert len(a_loose.techniques) >= len(a_strict.techniques)
    empty = default(Article(text=""))
    assert empty.techniques == () and empty.scores["techniques"]["sentences"] == 0


@needs_model
@pytest.mark.skipif(not SEED.exists(), reason=f"seed article absent ({SEED})")
def test_stage_on_seed_article():
    with open(SEED, encoding="utf-8", newline="") as f:
        text = f.read()
    art = make_technique_tagger(Settings())(Article(text=text))

    def labelled(word: str, technique: str | None = None) -> bool:
        for k in range(len(text)):
            k = text.find(word, k)
            if k < 0:
                return False
            if any(
                t.start <= k and k + len(word) <= t.end and (technique is None or t.technique == technique)
                for t in art.techniques
            ):
                return True
        return False

    for w in ("martyr", "martyrdom"):
        assert labelled(w, "Loaded_Language"), w
    assert labelled("Zionist regime", "Name_Calling,Labeling")
    assert labelled("Zionists", "Name_Calling,Labeling")
    assert labelled("perfect personality")
    assert labelled("irreplaceable")


# --------------------------------------------------------------------------------------------
# the PTC dev gate
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
@needs_model
def test_eval_gate_on_ptc_dev():
    if not (PTC / "dev-articles").is_dir():
        pytest.skip(f"PTC data not found at {PTC} (expected ../shared/data/ptc next to the repo)")
    spec = importlib.util.spec_from_file_location("eval_techniques", REPO / "eval" / "techniques.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["eval_techniques"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    res = mod.evaluate(PTC, "dev")
    print(mod.report(res))
    assert res.si.f1 >= FLOOR_SI, res.si
    assert res.flc.overall.f1 >= FLOOR_FLC, res.flc.overall
    assert res.tc.accuracy >= FLOOR_TC, res.tc.accuracy
    # the statistical model alone carries the benchmark (the lexicon layer is not needed for it)
    bare = mod.evaluate(PTC, "dev", lexicon=False)
    assert bare.si.f1 >= FLOOR_SI - 0.01 and bare.flc.overall.f1 >= FLOOR_FLC - 0.01
    # the span embeddings are what lifts TC: the legacy classifier (stage v2) scores what it did
    legacy = mod.evaluate(PTC, "dev", legacy=True)
    assert legacy.tc.accuracy == pytest.approx(LEGACY_TC, abs=1e-3)
    assert res.tc.accuracy >= legacy.tc.accuracy + 0.015
