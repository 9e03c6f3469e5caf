"""The quote stage on fresh partisan and state-affiliated pages, every output quote judged by hand
(eval/gold/quotes_judged.jsonl, scored by ``python eval/quotes_judged.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _evals import eval_module

from presslens.model import Article, Entity, Quote, Span

REPO = Path(__file__).resolve().parents[1]
# measured (session 15, main 4440bc4): quote precision 0.878 (1200/1367), speaker precision 0.925
# (640/692), ECE of `confidence` against a right quote with right speaker and content 0.027
FLOORS = {"quote precision": 0.86, "speaker precision": 0.91}
ECE_CEILING = 0.06


def _eval():
    quotes_judged = eval_module("quotes_judged")  # eval/quotes_judged.py

    return quotes_judged


def test_judged_quotes_keep_offsets_and_verdicts_only():
    qj = _eval()
    rows = qj.load()
    assert len(rows) >= 1400
    assert {r["set"] for r in rows} == {"A", "B"}
    for r in rows:
        assert set(r) == {
            "source", "commit", "set", "doc", "item", "cue", "content", "speaker", "confidence",
            "quote", "content_verdict", "speaker_verdict",
        }  # fmt: skip
        assert r["quote"] in ("y", "b", "n") and r["speaker_verdict"] in ("ok", "wrong", "null")
        assert (r["speaker"] is None) == (r["speaker_verdict"] == "null")
        assert all(0 <= s < e for s, e in r["content"])
        assert r["speaker"] is None or len(r["speaker"]) <= 60  # a short name, never page text


def test_judged_scorer_keeps_a_judgment_only_for_the_judged_speaker():
    qj = _eval()
    text = "Ann Lee said the plan failed. Bo Park said it would work."
    ann = Entity(id="e1", type="PERSON", name="Ann Lee", mentions=(Span(0, 7),))
    bo = Entity(id="e2", type="PERSON", name="Bo Park", mentions=(Span(30, 37),))
    rows = [
        {"doc": "d", "item": "q1", "cue": [8, 12], "content": [[13, 28]], "speaker": "Ann Lee",
         "quote": "y", "content_verdict": "ok", "speaker_verdict": "ok"},
        {"doc": "d", "item": "q2", "cue": [38, 42], "content": [[43, 56]], "speaker": "Ann Lee",
         "quote": "y", "content_verdict": "ok", "speaker_verdict": "wrong"},
    ]  # fmt: skip

    def quote(k: int, content: Span, cue: Span | None, source: Span | None, speaker: str | None, conf: float):
        return Quote(f"q{k}", "indirect", (content,), cue, source, speaker, confidence=conf)

    quotes = (
        quote(1, Span(13, 28), Span(8, 12), Span(0, 7), "e1", 0.9),
        quote(2, Span(43, 56), Span(38, 42), Span(30, 37), "e2", 0.8),
        quote(3, Span(0, 7), None, None, None, 0.5),
    )
    t = qj.Tally()
    qj.score_article(Article(text=text, entities=(ann, bo), quotes=quotes), rows, t)
    # q1 keeps its judgment; q2 now names another speaker than the judged (wrong) one: unjudged;
    # the third matches no judged quote
    assert (t.pred, t.judged, t.quote_ok) == (3, 2, 2)
    assert (t.speaker_ok, t.speaker_wrong, t.speaker_unjudged) == (1, 0, 1)
    assert t.calib == [(0.9, True)]


@pytest.mark.slow
def test_judged_fresh_pages_precision_and_calibration():
    qj = _eval()
    if not qj.PTC_TRAIN.exists():
        pytest.skip(f"PTC train articles absent under {qj.PTC_TRAIN} (../shared/data; not shipped)")
    reliability = eval_module("quotes").reliability

    total = qj.Tally()
    for t in qj.score_judged(qj.load()).values():
        total.add(t)
    assert total.judged >= 0.95 * total.pred, "re-judge: much of the output is new"
    got = {
        "quote precision": total.quote_ok / total.judged,
        "speaker precision": total.speaker_ok / (total.speaker_ok + total.speaker_wrong),
    }
    assert all(got[k] >= floor for k, floor in FLOORS.items()), got
    assert reliability(total.calib_strict) <= ECE_CEILING
