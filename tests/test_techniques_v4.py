"""Techniques v4: masked names, windows, decoding, calibrated confidence, the stage and its gates."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from presslens.errors import ModelLoadError
from presslens.settings import Settings
from presslens.techniques import calibration
from presslens.techniques.decoding import candidates
from presslens.techniques.sentences import TECHNIQUES
from presslens.techniques.v4 import DATA_DIR, FILES, V4Model
from presslens.techniques.windows import build_windows, load_tokenizer, name_spans, organisation_names

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "seed-article.txt"
PTC = SHARED / "data" / "ptc"
needs_model = pytest.mark.skipif(
    not all((DATA_DIR / f).is_file() for f in FILES), reason="v4 technique model files absent"
)

TEXT = (
    "President Alvaro Mendes called the opposition a gang of traitors and thugs.\n"
    "Mendes said Brazil would never bow to the corrupt elites of the European Union.\n"
    "The committee met on Tuesday to discuss the budget for next year.\n"
)
NAMES = [
    (TEXT.index("Alvaro"), TEXT.index("Alvaro") + len("Alvaro Mendes"), "PERSON"),
    (TEXT.index("Mendes said"), TEXT.index("Mendes said") + 6, "PERSON"),
    (TEXT.index("Brazil"), TEXT.index("Brazil") + 6, "GPE"),
    (TEXT.index("European"), TEXT.index("European") + len("European Union"), "ORG"),
]


def test_names_masked_one_piece_each_and_offsets_cover_them():
    tok = load_tokenizer()
    wins = build_windows(TEXT, NAMES, tok)
    assert wins and all(len(w.ids) <= 128 for w in wins)
    masked = [
        (o, tok.id_to_token(i))
        for w in wins
        for o, i, m in zip(w.offsets, w.ids[1:-1], w.masked, strict=True)
        if m
    ]
    assert [TEXT[s:e] for (s, e), _ in masked] == ["Alvaro Mendes", "Mendes", "Brazil", "European Union"]
    # one mask word for every type: a name typed PERSON in one text and ORG in another reads the same
    assert [t for _, t in masked] == ["someone"] * 4
    # no piece of a name survives; every other word does
    pieces = [tok.id_to_token(i) for w in wins for i in w.ids]
    assert "brazil" not in pieces and "opposition" in pieces and "committee" in pieces
    # offsets increase and stay inside the text
    offs = [o for w in wins for o in w.offsets]
    assert all(a[1] <= b[0] for a, b in zip(offs, offs[1:], strict=False))


def test_one_window_per_sentence_whatever_the_neighbours_name():
    """A sentence's window holds that sentence only: renaming an actor next door changes nothing in it."""
    tok = load_tokenizer()
    wins = build_windows(TEXT, NAMES, tok)
    assert len(wins) == 3
    other = TEXT.replace("Alvaro Mendes", "Joe")
    names = [(other.index("Joe"), other.index("Joe") + 3, "PERSON")] + [
        (s - len("Alvaro Mendes") + 3, e - len("Alvaro Mendes") + 3, t) for s, e, t in NAMES[1:]
    ]
    assert [w.ids for w in build_windows(other, names, tok)] == [w.ids for w in wins]


def test_name_spans_keep_names_only():
    text = "He met Ana Lopez and the Zionists in Gaza. She left."
    ments = [(0, 2, "PERSON"), (7, 16, "PERSON"), (25, 33, "NORP"), (37, 41, "GPE"), (43, 46, "PERSON")]
    assert name_spans(text, ments) == [(7, 16, "PERSON"), (37, 41, "GPE")]


def test_organisation_names_the_entity_stage_missed_or_cut_short_are_masked():
    text = "According to a Southern Poverty Law Center doctor, a pandemic is near and nobody is ready."
    assert [text[s:e] for s, e, _t in name_spans(text, [])] == ["Southern Poverty Law Center"]
    text = "He said the Israel Defense Forces had opened an inquiry into the raid on the camp."
    found = text.index("Israel")
    spans = name_spans(text, [(found, found + len("Israel"), "GPE")])
    assert [text[s:e] for s, e, _t in spans] == ["Israel Defense Forces"]
    text = "He told the Center for American Progress that the bill was dead on arrival in the House."
    found = text.index("American Progress")
    spans = name_spans(text, [(found, found + len("American Progress"), "ORG")])
    assert [text[s:e] for s, e, _t in spans] == ["Center for American Progress"]
    text = "The report was written for the College of Cardinals."
    assert [text[s:e] for s, e, _t in organisation_names(text, [])] == ["College of Cardinals"]
    # a title-case headline, a sentence's first word, a law and a possessive are left alone
    assert organisation_names("Muslim Teen Trained For Jihad By The Islamic Defense Council", []) == []
    assert organisation_names("Planned Parenthood Federation sued the state on Monday morning.", []) == []
    law = "They voted to repeal the Affordable Care Act Office rules on Tuesday night."
    a = law.index("Affordable")
    assert organisation_names(law, [(a, a + len("Affordable Care Act"), "LAW")]) == []
    text = "Critics of Hillary Clinton’s State Department said it ignored the warnings for years."
    assert [text[s:e] for s, e, _t in organisation_names(text, [])] == ["State Department"]


def test_heldout_name_list_has_other_names_of_the_same_sides():
    spec = importlib.util.spec_from_file_location("eval_evenness", REPO / "eval" / "evenness.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert set(mod.HELDOUT) == set(mod.SIDES)
    for side, kinds in mod.HELDOUT.items():
        assert set(kinds) == set(mod.SIDES[side])
        for kind, names in kinds.items():
            assert len(names) >= 6 and not set(names) & {n for k in mod.SIDES.values() for n in k[kind]}


def test_long_sentence_is_cut_into_windows():
    tok = load_tokenizer()
    text = " ".join(["propaganda"] * 400) + "."
    wins = build_windows(text, [], tok, max_pieces=64)
    assert len(wins) >= 7 and all(len(w.ids) <= 64 for w in wins)
    assert sum(len(w.offsets) for w in wins) == len(tok.encode(text, add_special_tokens=False).ids)


def test_decoding_runs_words_and_no_duplicates():
    text = "They are evil, evil thugs."
    offs = [(0, 4), (5, 8), (9, 13), (13, 14), (15, 19), (20, 25), (25, 26)]
    p = np.zeros((len(offs), len(TECHNIQUES) + 1), dtype=np.float32)
    ll = TECHNIQUES.index("Loaded_Language")
    nc = TECHNIQUES.index("Name_Calling,Labeling")
    p[2:6, ll] = [0.9, 0.8, 0.7, 0.6]  # "evil, evil thugs" (the comma is inside the run)
    p[4, TECHNIQUES.index("Repetition")] = 0.5
    p[1:6, -1] = 0.8  # SI channel: "are evil, evil thugs"

    def head(a: int, b: int) -> np.ndarray:  # the span head prefers Name_Calling, then Loaded_Language
        d = np.full(len(TECHNIQUES), 0.01)
        d[nc], d[ll] = 0.5, 0.3
        return d / d.sum()

    cands = candidates(text, p, offs, head, 0.5, 0.5, second_ratio=0.5)
    got = {(c.label, text[c.start : c.end], c.from_span) for c in cands}
    # the span run "are evil, evil thugs" loses its leading function word; its second label
    # (Loaded_Language: 0.3 >= 0.5 * 0.5) is the technique run's span already, kept once
    assert got == {
        ("Loaded_Language", "evil, evil thugs", False),
        ("Repetition", "evil", False),
        ("Name_Calling,Labeling", "evil, evil thugs", True),
    }
    assert len({(c.start, c.end, c.technique) for c in cands}) == len(cands)
    assert candidates(text, p, offs, head, 0.95, None) == []
    assert candidates(text, p, offs, head, 0.95, 0.7, second_ratio=0.9)[0].label == "Name_Calling,Labeling"


def test_widen_whole_words_and_edge_function_words():
    from presslens.techniques.decoding import merge_overlaps, widen

    text = "He sheepishly apologized for his tardiness and left; an eye-catching, ground-up design."
    for piece, want in [
        ("sheepishly apologized for", "sheepishly apologized"),
        ("his tardiness and", "his tardiness"),  # a determiner may lead, "and" may not end
        ("eye", "eye-catching"),
        ("up", "ground-up"),
        ("for his", "his"),
    ]:
        i = text.index(piece)
        s, e = widen(text, i, i + len(piece))
        assert text[s:e] == want, piece
    merged = merge_overlaps([(0, 5, 1, 0.2), (3, 9, 1, 0.4), (3, 9, 2, 0.3), (10, 12, 1, 0.1)])
    assert merged == [(0, 9, 1, 0.4), (3, 9, 2, 0.3), (10, 12, 1, 0.1)]


def test_one_word_spans_only_for_word_level_techniques():
    from presslens.techniques.decoding import drop_single_words

    text = "It was the most heroic act ever, said Americans; why? The anti-American thugs fled."
    t = TECHNIQUES.index

    def at(word: str, tech: str) -> tuple[int, int, int, float]:
        i = text.index(word)
        return (i, i + len(word), t(tech), 0.3)

    kept = [
        at("heroic", "Loaded_Language"),
        at("thugs", "Name_Calling,Labeling"),
        at("the most heroic act ever", "Exaggeration,Minimisation"),
        at("anti-American thugs", "Flag-Waving"),
    ]
    dropped = [
        at("most", "Exaggeration,Minimisation"),
        at("ever", "Exaggeration,Minimisation"),
        at("Americans", "Flag-Waving"),
        at("why?", "Doubt"),
        at("anti-American", "Flag-Waving"),  # a hyphenated word is one word
    ]
    assert drop_single_words(text, kept + dropped) == kept


def test_spans_on_list_items_that_are_not_sentences_are_dropped():
    from presslens.techniques.decoding import drop_list_fragments

    text = (
        "Dare to Play\n"
        "- Hundreds of cool erotic tasks for your evening\n"
        "| Historic church on the verge of destruction\n"
        "• Embiid was a brutal force, and the Sixers won.\n"
        "- He called it “a disgraceful verdict!”\n"
        "Critics called it a disgraceful sham\n"
        "A sidebar row - not a list item\n"
    )
    t = TECHNIQUES.index

    def at(words: str) -> tuple[int, int, int, float]:
        i = text.index(words)
        return (i, i + len(words), t("Loaded_Language"), 0.3)

    dropped = [at("cool erotic tasks"), at("verge of destruction")]
    kept = [
        at("brutal force"),  # a list item that is a sentence
        at("disgraceful verdict"),  # ends with a quoted exclamation
        at("disgraceful sham"),  # a line without a list marker (a title or heading) is not touched
        at("not a list item"),
        at("Dare to Play"),
    ]
    assert drop_list_fragments(text, dropped + kept) == kept


def test_calibration_fit_apply_and_reliability():
    rng = np.random.default_rng(0)
    from presslens.techniques.decoding import Candidate

    cands, right = [], []
    for _ in range(600):
        p = float(rng.uniform(0.2, 0.99))
        cands.append(
            Candidate(
                int(rng.integers(0, 14)), 0, 5, p, min(0.999, p + 0.05), p, p, int(rng.integers(1, 8)), False
            )
        )
        right.append(bool(rng.uniform() < p))  # right as often as p says
    params = calibration.fit(cands, right)
    conf = calibration.apply(params, cands)
    assert conf.shape == (600,) and ((conf >= 0) & (conf <= 1)).all()
    rows, ece = calibration.reliability(conf, right)
    assert ece < 0.1 and sum(r["n"] for r in rows) == 600


def test_missing_model_file_is_a_clear_error(tmp_path):
    for f in FILES[1:]:
        if (DATA_DIR / f).is_file():
            shutil.copy(DATA_DIR / f, tmp_path / f)
    with pytest.raises(ModelLoadError, match="encoder-int8.onnx"):
        V4Model(tmp_path)


@needs_model
def test_default_stage_is_v4_and_reads_entities():
    from presslens.pipeline.registry import STAGE_DEPENDS, lookup

    info = lookup("techniques")
    assert info.name == "presslens.techniques.tagger.v4"
    assert "entities" in info.requires and STAGE_DEPENDS["techniques"] == ("entities",)
    assert lookup("presslens.techniques.crf.v3").name == "presslens.techniques.crf.v3"


@needs_model
def test_spans_calibrated_above_threshold_no_duplicates_and_min_confidence():
    from presslens.api import analyze_text

    text = (
        "The corrupt regime and its bloodthirsty thugs will never silence the heroic people!\n"
        "Only a fool would believe the so-called experts who keep lying to the nation.\n"
        "Make no mistake: our great country will rise again, and the traitors will pay.\n"
        "The committee met on Tuesday to discuss the budget for next year.\n"
    )
    art = analyze_text(text, only=["techniques"])
    sc = art.scores["techniques"]
    assert sc["model"] == "presslens.techniques.tagger.v4"
    assert art.techniques, "nothing found in an obviously loaded text"
    thr = sc["threshold"]
    assert all(thr <= t.confidence <= 1.0 for t in art.techniques)
    keys = [(t.start, t.end, t.technique) for t in art.techniques]
    assert len(keys) == len(set(keys))
    for t in art.techniques:
        span = text[t.start : t.end]
        assert span == span.strip() and span[0] not in ".,:;" and span[-1] not in ".,:;"
    neutral = text.index("The committee")
    assert not any(t.start >= neutral for t in art.techniques)
    loose = analyze_text(text, settings=Settings(technique_min_confidence=0.05), only=["techniques"])
    strict = analyze_text(text, settings=Settings(technique_min_confidence=0.99), only=["techniques"])
    assert len(loose.techniques) > len(art.techniques) >= len(strict.techniques)
    assert loose.scores["techniques"]["threshold"] == 0.05
    assert all(t.confidence >= 0.05 for t in loose.techniques)


def _cast_outputs(casts: list[tuple[str, str, str]]) -> list[list[tuple[str, str]]]:
    from presslens.api import analyze_text

    base = "{a} is a bloodthirsty tyrant and {b} is a puppet regime of corrupt thugs, said {c}.\n"
    outs = []
    for a, b, c in casts:
        text = base.format(a=a, b=b, c=c)
        art = analyze_text(text, only=["techniques"])

        def roles(span: str, a: str = a, b: str = b, c: str = c) -> str:
            return span.replace(a, "{a}").replace(b, "{b}").replace(c, "{c}")

        outs.append(sorted((t.technique, roles(text[t.start : t.end])) for t in art.techniques))
    return outs


@needs_model
def test_same_answer_whoever_is_named():
    outs = _cast_outputs(
        [
            ("Vladimir Putin", "Ukraine", "Joe Biden"),
            ("Joe Biden", "Russia", "Vladimir Putin"),
            ("Benjamin Netanyahu", "Gaza", "Ali Khamenei"),
            ("Talia Verrow", "Germany", "Oskar Brennholt"),
        ]
    )
    assert outs[0], "no technique in the template sentence"
    assert outs[0] == outs[1] == outs[2] == outs[3]


@needs_model
def test_same_answer_with_an_invented_country():
    # the entity stage types the invented country 'Eldoria' PERSON: one mask word for every type
    # keeps the answer
    outs = _cast_outputs(
        [("Vladimir Putin", "Ukraine", "Joe Biden"), ("Talia Verrow", "Eldoria", "Oskar Brennholt")]
    )
    assert outs[0] == outs[1]


@needs_model
def test_no_technique_spans_on_french_text():
    from presslens.api import analyze_text

    text = (
        "Le régime corrompu et ses voyous sanguinaires ne feront jamais taire le peuple héroïque ! "
        "Seul un imbécile croirait les prétendus experts qui mentent sans cesse à la nation. "
        "Le comité s'est réuni mardi pour discuter du budget de l'année prochaine."
    )
    art = analyze_text(text, only=["techniques"])
    assert art.language == "fr"
    assert art.techniques == ()
    assert any(
        s.stage.startswith("presslens.techniques") and s.code == "language_unsupported" for s in art.skipped
    )


def _seed_labelled() -> tuple[str, object]:
    from presslens.api import analyze_text

    with open(SEED, encoding="utf-8", newline="") as f:
        text = f.read()
    art = analyze_text(text, only=["techniques"])

    def labelled(word: str, technique: str | None = None) -> bool:
        k = text.find(word)
        while k >= 0:
            if any(
                t.start <= k and k + len(word) <= t.end and technique in (None, t.technique)
                for t in art.techniques
            ):
                return True
            k = text.find(word, k + 1)
        return False

    return text, labelled


@needs_model
@pytest.mark.skipif(not SEED.exists(), reason=f"seed article absent ({SEED})")
def test_seed_article():
    _text, labelled = _seed_labelled()
    assert labelled("Zionists", "Name_Calling,Labeling")
    assert labelled("martyr Soleimani", "Name_Calling,Labeling")


@needs_model
@pytest.mark.skipif(not SEED.exists(), reason=f"seed article absent ({SEED})")
@pytest.mark.xfail(
    strict=True,
    reason="issue 10 gap: the model retrained with one mask word and one sentence per window labels "
    "'martyr Soleimani' Name_Calling but scores Loaded_Language on martyr/martyrdom at 0.09-0.10 and "
    "'great martyr' at 0.13, below its operating threshold 0.15; 'irreplaceable', 'a perfect "
    "personality' and 'Zionist regime' are below it too (v4 MODEL_CARD)",
)
def test_seed_article_gaps():
    _text, labelled = _seed_labelled()
    failed = [
        w
        for w, t in [
            ("martyr", "Loaded_Language"),
            ("martyrdom", "Loaded_Language"),
            ("great martyr", "Name_Calling,Labeling"),
            ("Zionist regime", "Name_Calling,Labeling"),
            ("perfect personality", None),
            ("irreplaceable", None),
        ]
        if not labelled(w, t)
    ]
    assert not failed, failed


FLOOR_SI, FLOOR_FLC, FLOOR_TC = 0.38, 0.21, 0.58  # measured on dev 0.403 / 0.229 / 0.610 (v4 MODEL_CARD)
FLOOR_EVEN = (
    0.88  # measured on the first 8 dev articles: 0.914 swapped, 0.954 invented (all of dev: 0.980 / 0.979)
)


@pytest.mark.slow
@needs_model
def test_eval_gate_on_ptc_dev():
    if not (PTC / "dev-articles").is_dir():
        pytest.skip(f"PTC data not found at {PTC} (expected ../shared/data/ptc next to the repo)")
    spec = importlib.util.spec_from_file_location("eval_techniques", REPO / "eval" / "techniques.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["eval_techniques"] = mod
    spec.loader.exec_module(mod)
    res, extra = mod.evaluate_v4(PTC, "dev")
    print(mod.report(res))
    assert res.si.f1 >= FLOOR_SI, res.si
    assert res.flc.overall.f1 >= FLOOR_FLC, res.flc.overall
    assert res.tc.accuracy >= FLOOR_TC, res.tc.accuracy
    assert extra["below_threshold"] == 0 and extra["duplicates"] == 0
    assert extra["ece"] <= 0.05, extra["reliability"]  # measured 0.031


@pytest.mark.slow
@needs_model
def test_evenness_eval_on_ptc_dev_sample(tmp_path):
    """``eval/evenness.py`` on a sample of PTC dev: names swapped or invented, the techniques stay."""
    if not (PTC / "dev-articles").is_dir():
        pytest.skip(f"PTC data not found at {PTC} (expected ../shared/data/ptc next to the repo)")
    import json

    spec = importlib.util.spec_from_file_location("eval_evenness", REPO / "eval" / "evenness.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = tmp_path / "even.json"
    assert mod.main(["--limit", "8", "--json", str(out)]) == 0
    held = tmp_path / "held.json"
    assert mod.main(["--limit", "3", "--names", "heldout", "--show", "--json", str(held)]) == 0
    assert set(json.loads(held.read_text())["by_side"]) <= set(mod.HELDOUT)
    res = json.loads(out.read_text())
    for mode in ("swapped", "fictional"):
        assert res[mode]["sentences_with_replaced_names"] >= 40
        assert res[mode]["unchanged"] >= FLOOR_EVEN, res[mode]
    assert res["original_with_technique"] >= 0.2


@needs_model
def test_min_confidence_via_http_api_and_cli(tmp_path):
    import json
    import subprocess

    from fastapi.testclient import TestClient

    from presslens.http import create_app

    text = "The corrupt regime and its bloodthirsty thugs will never silence the heroic people!\n"
    client = TestClient(create_app(str(tmp_path / "api.db")))
    loose = client.post(
        "/api/analyze", json={"text": text, "only": ["techniques"], "min_confidence": 0.01}
    ).json()
    strict = client.post(
        "/api/analyze", json={"text": text, "only": ["techniques"], "min_confidence": 0.99}
    ).json()
    assert loose["scores"]["techniques"]["threshold"] == 0.01 and strict["techniques"] == []
    assert len(loose["techniques"]) > 0
    assert client.post("/api/analyze", json={"text": text, "min_confidence": 2}).status_code == 422
    src = tmp_path / "t.txt"
    src.write_text(text, encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "presslens",
            "analyze",
            str(src),
            "--only",
            "techniques",
            "--min-confidence",
            "0.01",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rec = json.loads(out.stdout)
    assert rec["scores"]["techniques"]["threshold"] == 0.01
    assert [t["technique"] for t in rec["techniques"]] == [t["technique"] for t in loose["techniques"]]


@needs_model
def test_parse_is_freed_before_the_technique_stage():
    """Memory: after the last stage that reads the spaCy parse, the parse and the encoder states go."""
    from presslens.model import Article
    from presslens.pipeline import Pipeline

    pipe = Pipeline(Settings())
    assert pipe.names[-1] == "presslens.techniques.tagger.v4"
    seen: list[list[str]] = []
    info, fn = pipe.stages[-1]

    class Spy:
        def __call__(self, article):
            seen.append(sorted(article.cache))
            return fn(article)

        def pipe(self, articles):
            return [self(a) for a in articles]

    pipe.stages[-1] = (info, Spy())
    art = pipe(
        Article(text="Union leader Marta Oliveira called the strike a disgrace and the regime corrupt.\n")
    )
    assert seen and not {"doc", "encoded"} & set(seen[0])
    assert art.entities and art.scores["techniques"]["names_masked"] >= 1


@needs_model
def test_long_text_read_in_slices_gives_the_same_states(monkeypatch):
    """A text over SLICE_CHARS is read in slices of whole sentences: same pieces, same numbers."""
    import presslens.techniques.v4 as v4

    model = v4.load_v4()
    text = TEXT * 6
    names = [(s + k * len(TEXT), e + k * len(TEXT), t) for k in range(6) for s, e, t in NAMES]
    whole = model.article_states(text, names)
    monkeypatch.setattr(v4, "SLICE_CHARS", 300)
    assert len(v4._slices(len(text), [0, 250, 500, 900])) == 3
    sliced = model.article_states(text, names)
    assert sliced["offsets"] == whole["offsets"]
    assert np.array_equal(sliced["probs"], whole["probs"])
    n = len(whole["offsets"])
    for a, b in [(0, 3), (n // 2, n // 2 + 4), (n - 2, n - 1)]:
        assert np.allclose(sliced["head"](a, b), whole["head"](a, b))


def test_projected_span_head_equals_the_head_over_states():
    from presslens.techniques.decoding import projected_span_head, span_head

    rng = np.random.default_rng(0)
    hidden, cls = rng.normal(size=(10, 384)), rng.normal(size=(2, 384))
    w, b = rng.normal(size=(768, 14)) / 20, rng.normal(size=14)
    window_of = np.array([0] * 5 + [1] * 5)
    head = span_head(hidden, cls, window_of, w, b)
    v = np.concatenate([hidden[6:9].mean(0), cls[1]]) @ w + b
    expect = np.exp(v - v.max()) / np.exp(v - v.max()).sum()
    assert np.allclose(head(6, 8), expect, atol=1e-5)
    assert np.allclose(
        projected_span_head(hidden @ w[:384], cls @ w[384:], window_of, b)(6, 8), expect, atol=1e-5
    )


@needs_model
def test_repeated_window_read_from_cache_with_the_same_states():
    model = V4Model()
    calls = []
    session = model.session

    class Counting:
        def run(self, *args):
            calls.append(1)
            return session.run(*args)

    model.session = Counting()
    text = TEXT + TEXT  # every sentence twice: the second reading is a cache hit
    first = model.article_states(TEXT, NAMES)
    n_first = len(calls)
    names2 = NAMES + [(s + len(TEXT), e + len(TEXT), t) for s, e, t in NAMES]
    both = model.article_states(text, names2)
    assert n_first == 3 and len(calls) == n_first, "repeated windows ran the encoder again"
    n = len(first["offsets"])
    assert np.array_equal(both["probs"][:n], first["probs"]) and np.array_equal(
        both["probs"][n:], first["probs"]
    )
    model._cache.clear()  # uncached: the same numbers
    again = model.article_states(text, names2)
    assert len(calls) == n_first + 3
    assert np.array_equal(again["probs"], both["probs"])
    assert model.predict(text, names2) == V4Model().predict(text, names2)


def test_repeat_features_say_which_copy_a_span_is():
    from presslens.techniques.classifier import repeat_features

    text = "Build the wall. They said: build the wall! And build the wall. Then nothing."
    first, second, third = (i for i in range(len(text)) if text.lower().startswith("build the wall", i))
    spans = [(s, s + len("build the wall")) for s in (first, second, third)] + [
        (text.index("nothing"), len(text) - 1)
    ]
    rep = repeat_features(text, spans)
    assert rep[:, 0].tolist() == [0.0, 1.0, 1.0, 0.0]  # an earlier copy
    assert rep[:, 1].tolist() == [1.0, 1.0, 0.0, 0.0]  # a later copy
    assert rep[2, 2] == pytest.approx(np.log(3)) and rep[3].sum() == 0.0


@needs_model
def test_stacked_classifier_ranks_every_technique_and_falls_back_to_the_span_head(tmp_path):
    from presslens.techniques.v4 import load_v4

    model = load_v4()
    assert model.tc is not None, "tc.joblib (the stacked technique classifier) is shipped with v4"
    spans = [(TEXT.index("gang"), TEXT.index("thugs") + 5), (TEXT.index("corrupt"), TEXT.index("elites") + 6)]
    ranked = model.classify(TEXT, NAMES, spans)
    for row in ranked:
        assert sorted(t for t, _p in row) == sorted(TECHNIQUES)
        probs = [p for _t, p in row]
        assert probs == sorted(probs, reverse=True) and sum(probs) == pytest.approx(1.0, abs=1e-4)
    assert ranked[0][0][0] in ("Name_Calling,Labeling", "Loaded_Language")
    for f in FILES:  # the same model without tc.joblib ranks by its span head
        shutil.copy(DATA_DIR / f, tmp_path / f)
    bare = V4Model(tmp_path)
    assert bare.tc is None
    head = bare.classify(TEXT, NAMES, spans)
    assert [sorted(t for t, _ in r) for r in head] == [sorted(TECHNIQUES)] * 2
    assert [[round(p, 6) for _t, p in r] for r in head] != [[round(p, 6) for _t, p in r] for r in ranked]


def test_verifier_reads_masked_words():
    from presslens.techniques.verifier import crossed, masked_span

    text = "Mendes called Brazil a nation of heroes."
    names = [(0, 6, "PERSON"), (14, 20, "GPE")]
    assert masked_span(text, 0, len(text), names) == " someone  called  someone  a nation of heroes."
    assert masked_span(text, 16, 29, names) == " someone  a nation"  # a name cut by the span is masked whole
    assert crossed(["a Nation"], ["Flag-Waving"]) == ["Flag-Waving_a Flag-Waving_nation"]


@needs_model
def test_verifier_gives_the_confidence_and_the_calibrator_stands_in(tmp_path):
    model = V4Model(DATA_DIR)
    assert model.verifier is not None, "verify.joblib is shipped with v4"
    cands, conf = model.scored_candidates(TEXT, NAMES)
    assert len(cands) and ((conf >= 0) & (conf <= 1)).all()
    for f in FILES:  # without verify.joblib: the calibrator in decoding.json
        shutil.copy(DATA_DIR / f, tmp_path / f)
    bare = V4Model(tmp_path)
    assert bare.verifier is None
    cands2, conf2 = bare.scored_candidates(TEXT, NAMES)
    assert cands2 == cands and not np.allclose(conf2, conf)
