"""The record model: span validation and exact JSON round-trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presslens.errors import InvalidRecordError
from presslens.model import Article, Entity, Quote, Relation, Source, Span, StageError, Technique


def _article(text: str = "Khaled al-Qaddoumi told Mehr News Agency that Hamas was grateful.") -> Article:
    e1 = Entity("e1", "Khaled al-Qaddoumi", "PERSON", ("al-Qaddoumi",), (Span(0, 18),))
    e2 = Entity("e2", "Mehr News Agency", "ORG", (), (Span(24, 40),), kb_id="presslens:mehr")
    e3 = Entity("e3", "Hamas", "ORG", (), (Span(46, 51),))
    return Article(
        text=text, id="x", source=Source("a.txt", None), authors=("A",),
        entities=(e1, e2, e3),
        quotes=(Quote("q1", "indirect", (Span(46, 65),), Span(19, 23), Span(0, 18), "e1", ("e2",), 0.9),),
        relations=(Relation("r1", "e1", "representative_of", "e3", Span(0, 65), "1993", 0.7),),
        techniques=(Technique("Loaded_Language", 56, 64, 0.6),),
        errors=(StageError("s", "m"),), scores={"techniques": {"count": 1}},
    )  # fmt: skip


def test_model_round_trip_exact() -> None:
    article = _article()
    article.validate()
    again = Article.from_json(article.to_json())
    assert again == article
    assert again.to_json() == article.to_json()
    assert article.quotes[0].source.of(article.text) == "Khaled al-Qaddoumi"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "bad",
    [{"entities": [{"id": "e1", "name": "x", "type": "ORG", "mentions": [{"start": 5, "end": 500}]}]},
     {"techniques": [{"technique": "Doubt", "start": -1, "end": 3, "confidence": 1.0}]},
     {"relations": [{"id": "r", "subject": "e9", "predicate": "p", "object": "e1", "evidence": {"start": 0, "end": 1}}]},
     {"schema": "presslens.article/999"}, {"text": None}],
)  # fmt: skip
def test_model_rejects_invalid(bad: dict) -> None:  # type: ignore[type-arg]
    data = {"schema": "presslens.article/1", "text": "short text", **bad}
    with pytest.raises(InvalidRecordError):
        Article.from_dict(data)


@given(
    text=st.text(max_size=200),
    spans=st.lists(st.tuples(st.integers(0, 250), st.integers(0, 250)), max_size=5),
)
def test_model_span_validity_invariant(text: str, spans: list[tuple[int, int]]) -> None:
    techs = tuple(Technique("Doubt", a, b) for a, b in spans)
    article = Article(text=text, techniques=techs)
    valid = all(0 <= a <= b <= len(text) for a, b in spans)
    if valid:
        article.validate()
        assert Article.from_json(article.to_json()) == article
    else:
        with pytest.raises(InvalidRecordError):
            article.validate()


def test_quote_cue_class_round_trips_and_is_checked():
    from dataclasses import replace

    from presslens.model.records import CUE_CLASS_NAMES
    from presslens.quotes.cues import CUE_CLASSES

    article = Article(
        text="Smith said taxes rise.",
        entities=(Entity("e1", "Smith", "PERSON", (), (Span(0, 5),)),),
        quotes=(Quote("q1", "indirect", (Span(11, 21),), Span(6, 10), Span(0, 5), "e1", cue_class="speech"),),
    )
    again = Article.from_dict(article.to_dict())
    assert again.quotes[0].cue_class == "speech" and again == article
    old = article.to_dict()
    del old["quotes"][0]["cue_class"]  # a record written before the field
    assert Article.from_dict(old).quotes[0].cue_class is None
    assert tuple(name for name, _ in CUE_CLASSES) == CUE_CLASS_NAMES
    with pytest.raises(InvalidRecordError):
        replace(article, quotes=(replace(article.quotes[0], cue_class="gossip"),)).validate()
