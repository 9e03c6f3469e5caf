"""Cost bounds per document (issue 15): interval look-ups, the analysis limit, the time budget."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presslens.api import analyze_articles, analyze_text
from presslens.intervals import Disjoint, SpanIndex
from presslens.model import Article
from presslens.pipeline import runner
from presslens.pipeline.registry import StageInfo
from presslens.pipeline.runner import LONG_DOC_CHARS, LONG_PAGE_CHARS, Pipeline
from presslens.readers import RawPage
from presslens.settings import Settings
from presslens.stages.nlp import analysis_cut

SPANS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 15)).map(lambda t: (t[0], t[0] + t[1])), max_size=40
)


@given(SPANS, st.integers(0, 70), st.integers(0, 20))
def test_limits_span_index_equals_linear_scan(spans: list[tuple[int, int]], start: int, length: int) -> None:
    end = start + length
    linear = [i for i, (s, e) in enumerate(spans) if s < end and start < e]
    assert SpanIndex(spans, lambda sp: sp).overlapping(start, end) == linear


@given(SPANS)
def test_limits_disjoint_equals_linear_scan(spans: list[tuple[int, int]]) -> None:
    chosen: list[tuple[int, int]] = []
    taken = Disjoint()
    for s, e in spans:
        linear = any(s < ce and cs < e for cs, ce in chosen)
        assert taken.overlaps(s, e) == linear
        if not linear:
            chosen.append((s, e))
            taken.add(s, e)


def test_limits_long_text_is_cut_at_a_paragraph_and_noted() -> None:
    para = "The council met on Monday. Marta Oliveira said the port would reopen.\n"
    text = para * 200
    article = analyze_text(text, Settings(max_analysis_chars=5_000), only=["extract", "nlp", "entities"])
    cut = analysis_cut(text, 5_000)
    assert text[cut - 1] == "\n" and cut <= 5_000
    assert article.text == text and not article.errors  # the text is kept whole; not a failure
    assert article.meta["analysis"] == {"analysed": [0, cut], "left_out": [cut, len(text)]}
    assert article.entities and all(m.end <= cut for e in article.entities for m in e.mentions)


# The budget's alarm may first land inside a gc callback (hypothesis installs one), where Python
# reports the exception as unraisable; the alarm then fires again and stops the document.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_limits_time_budget_records_an_error_and_the_batch_goes_on() -> None:
    rng = random.Random(0)
    words = [
        "minister",
        "government",
        "said",
        "council",
        "port",
        "strike",
        "Monday",
        "police",
        "court",
        "union",
    ]
    slow = " ".join(rng.choice(words) for _ in range(60_000)) + "."
    batch = [Article(text=slow), Article(text="Short text about the port.")]
    settings = Settings(doc_time_budget_s=0.5, batch_size=1)
    over, fine = analyze_articles(batch, settings, only=["extract", "nlp", "entities", "quotes"])
    assert any("time budget" in e.message for e in over.errors), over.errors
    assert len(over.errors) == 1  # the later stages were skipped, not failed one by one
    assert not fine.errors


@pytest.mark.parametrize("n", [2_000, 20_000])
def test_limits_repetitive_text_mentions_stay_valid(n: int) -> None:
    para = "Marta Oliveira told Radio Costa in Lisbon that “the deal is fair,” Ferreira said.\n"
    text = (para * (n // len(para) + 1))[:n]
    article = analyze_text(text, Settings(), only=["extract", "nlp", "entities", "quotes"])
    article.validate()
    assert article.quotes and article.entities


@pytest.mark.parametrize(("chars", "released"), [(1_000, 0), (2 * LONG_DOC_CHARS, 1)])
def test_limits_memory_is_released_after_a_long_document(monkeypatch, chars: int, released: int) -> None:
    calls: list[int] = []
    monkeypatch.setattr(runner, "release_memory", lambda collect=True: calls.append(collect))
    Pipeline(Settings(), stages=["extract"]).run_batch([Article(text="x " * (chars // 2))])
    assert calls == [False] * released  # extraction alone: the heap is trimmed, no full collection


@pytest.mark.parametrize(("chars", "released"), [(2 * LONG_DOC_CHARS, 0), (2 * LONG_PAGE_CHARS, 1)])
def test_limits_html_page_counts_by_its_markup_only_when_huge(monkeypatch, chars: int, released: int) -> None:
    """A quarter of news pages have over 200,000 characters of markup: no collection after each."""
    calls: list[int] = []
    monkeypatch.setattr(runner, "release_memory", lambda collect=True: calls.append(1))
    para = "<p>The council met on Tuesday and voted on the new budget for the city.</p>"
    html = f"<html><body><div>{'<span>menu</span>' * (chars // 17)}</div>{para * 5}</body></html>"
    article = Article(text="")
    article.cache["raw"] = RawPage("html", html)
    out = Pipeline(Settings(), stages=["extract"]).run_batch([article])
    assert out[0].text and len(calls) == released


def test_limits_release_memory_is_harmless() -> None:
    trim = runner._malloc_trim()  # glibc here; None where libc has no malloc_trim
    assert trim is None or callable(trim)
    runner.release_memory()
    runner.release_memory(collect=False)


def test_limits_blas_runs_on_one_thread_inside_a_batch_only() -> None:
    threadpoolctl = pytest.importorskip("threadpoolctl")
    import numpy  # noqa: F401 - its BLAS is the one limited

    def blas_threads() -> set[int]:
        return {lib["num_threads"] for lib in threadpoolctl.threadpool_info() if lib["user_api"] == "blas"}

    seen: list[set[int]] = []

    class Probe:
        def __call__(self, article: Article) -> Article:
            seen.append(blas_threads())
            return article

    before = blas_threads()
    with runner.one_blas_thread():
        inner = blas_threads()
        with runner.one_blas_thread():  # nested (another thread's batch): still one, restored once
            pass
        assert blas_threads() == inner
    assert inner == {1}
    assert blas_threads() == before
    info = StageInfo("presslens.test.probe.v1", "probe", (), (), lambda settings: Probe())
    pipe = Pipeline.__new__(Pipeline)  # one probe stage, no models
    pipe.settings, pipe.infos, pipe.stages, pipe._drop_parse_after = Settings(), [info], [(info, Probe())], -1
    pipe.run_batch([Article(text="x", id="a")])
    assert seen == [{1}]
    assert blas_threads() == before


def test_limits_extraction_alone_skips_the_blas_lookup(monkeypatch) -> None:
    """No matrix products in extraction: a page at a time, the lookup cost 2-5 % of its time."""
    calls: list[int] = []
    monkeypatch.setattr(runner, "_limit_blas", lambda: calls.append(1))
    article = Article(text="")
    para = "<p>The council met on Tuesday and voted on the new budget for the city.</p>"
    article.cache["raw"] = RawPage("html", f"<html><body>{para * 5}</body></html>")
    out = Pipeline(Settings(), stages=["extract"]).run_batch([article])
    assert out[0].text.startswith("The council met") and calls == []
    pipe = Pipeline(Settings(), stages=["extract"])
    info = StageInfo("presslens.test.probe.v1", "probe", ("text",), (), lambda settings: lambda a: a)
    pipe.stages.append((info, info.factory(pipe.settings)))  # a stage that may multiply matrices
    pipe.run_batch([Article(text="The council met.", id="a")])
    assert calls == [1]
