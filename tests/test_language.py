# ruff: noqa: F811 - pytest fixtures are imported from _store_fixtures (one conftest.py is the lead's)
"""Language: detection on short and long texts, stage gating with a machine-readable note, stats."""

from __future__ import annotations

from dataclasses import replace

import pytest
from _store_fixtures import backend, sample_article, store, store_url  # noqa: F401

from presslens.extract.language import detect_language
from presslens.model import Article, StageSkip
from presslens.pipeline import Pipeline, StageInfo
from presslens.readers import read_bytes_document
from presslens.settings import Settings
from presslens.store import stats

LONG = {
    "en": "The minister said on Monday that talks with the unions would resume next week, after a "
    "night of strikes that closed most of the railway lines in the north of the country.",
    "fr": "Le ministre a déclaré lundi que les discussions avec les syndicats reprendraient la semaine "
    "prochaine, après une nuit de grèves qui a fermé la plupart des lignes du nord du pays.",
    "de": "Der Minister sagte am Montag, die Gespräche mit den Gewerkschaften würden nächste Woche "
    "fortgesetzt, nach einer Nacht mit Streiks, die die meisten Bahnstrecken im Norden lahmlegten.",
    "zh": "部长周一表示，与工会的谈判将于下周恢复。此前一夜的罢工导致该国北部大部分铁路线路关闭。",
    "es": "El ministro dijo el lunes que las conversaciones con los sindicatos se reanudarán la próxima "
    "semana, tras una noche de huelgas que cerró la mayoría de las líneas ferroviarias del norte.",
}


@pytest.mark.parametrize("lang", sorted(LONG))
def test_language_detect_long_and_short(lang: str) -> None:
    assert detect_language(LONG[lang]) == lang
    short = LONG[lang][:40] if lang == "zh" else " ".join(LONG[lang].split()[:8])
    assert detect_language(short) == lang


def test_language_detect_nothing_to_read() -> None:
    assert detect_language("") is None
    assert detect_language("12 345 — 67") is None


def _pipeline_with_english_only_stage() -> tuple[Pipeline, list[str]]:
    """The real extract stage followed by a stage that declares English only."""
    seen: list[str] = []

    def english_stage(article: Article) -> Article:
        seen.append(article.language or "")
        return article

    pipeline = Pipeline(Settings(), stages=["extract"])
    info = StageInfo("presslens.fake.v1", "fake", ("text",), (), lambda s: english_stage, ("en",))
    pipeline.stages.append((info, english_stage))
    return pipeline, seen


def _page(text: str) -> Article:
    body = "".join(f"<p>{p}</p>" for p in text.split(". "))
    html = f"<html><head><title>T</title></head><body><article>{body}</article></body></html>"
    return next(read_bytes_document(html.encode("utf-8"), None, Settings(), kind="html"))


def test_language_gating_skips_with_a_note() -> None:
    pipeline, seen = _pipeline_with_english_only_stage()
    french, english = pipeline.run_batch([_page(LONG["fr"] * 2), _page(LONG["en"] * 2)])
    assert seen == ["en"]
    assert french.language == "fr" and not french.errors
    assert french.skipped == (StageSkip("presslens.fake.v1", "language_unsupported", "fr"),)
    assert english.skipped == ()
    assert Article.from_json(french.to_json()) == french


def test_language_default_stages_are_english_only() -> None:
    from presslens.pipeline import lookup

    for short in ("nlp", "entities", "quotes", "relations", "techniques"):
        assert lookup(short).languages == ("en",)
    assert lookup("extract").languages == ()


def test_language_skips_counted_in_stats(store) -> None:  # type: ignore[no-untyped-def]
    skipped = replace(
        sample_article("a2", outlet="Le Monde"),
        language="fr",
        skipped=(StageSkip("presslens.techniques.crf.v3", "language_unsupported", "fr"),),
    )
    store.write(sample_article("a1", outlet="Le Monde"))
    store.write(skipped)
    row = {r["outlet"]: r for r in stats(store)}["Le Monde"]
    assert (row["articles"], row["skipped"], row["failed"]) == (2, 1, 0)


def test_language_long_text_read_in_part(monkeypatch) -> None:
    """A long text is read by its first letters only (lingua's time grows with them)."""
    from presslens.extract import language

    seen: list[str] = []
    detector = language._detector(True)

    class Probe:
        def detect_language_of(self, sample: str):  # type: ignore[no-untyped-def]
            seen.append(sample)
            return detector.detect_language_of(sample)

    monkeypatch.setattr(language, "_detector", lambda low=False: Probe())
    text = " ".join([LONG["fr"]] * 5)
    assert detect_language(text) == "fr"
    letters = sum(c.isalpha() for c in seen[0])
    assert language.LOW_ACCURACY_LETTERS - 20 < letters <= language.LOW_ACCURACY_LETTERS
    assert text.startswith(seen[0])
    assert detect_language("\n" * 300 + text.replace(LONG["fr"], LONG["de"])) == "de"  # leading blank lines


def test_language_declared_english_confirmed_by_its_words(monkeypatch) -> None:
    """A page that declares English and reads as English is not sent to lingua; any other is."""
    from presslens.extract import language

    english, german = " ".join([LONG["en"]] * 3), " ".join([LONG["de"]] * 3)
    assert language.opens_as_english(english) and not language.opens_as_english(german)
    asked: list[str] = []
    real = language._detector

    def counting(low: bool = False):  # type: ignore[no-untyped-def]
        asked.append(str(low))
        return real(low)

    monkeypatch.setattr(language, "_detector", counting)
    assert detect_language(english, declared="en") == "en" and asked == []
    assert detect_language(german, declared="en") == "de" and len(asked) == 1  # a wrong declaration
    assert detect_language(english, declared="fr") == "en" and len(asked) == 2
    assert (
        detect_language(" ".join(LONG["en"].split()[:12]), declared="en") == "en"
    )  # too short to tell: lingua
    assert len(asked) == 3


def test_an_english_article_opening_with_a_line_of_names_stays_english() -> None:
    """A headline of names read as Tagalog made the whole article skip every English-only stage
    (found by the evenness eval on a rewritten PTC headline); a non-English answer for a text
    that opens as English is checked on the text after its first line."""
    head = "Zelensky Out – Breitbart Director DeSantis In At Kremlin – Ismail Haniyeh As Head Of Hamas\n"
    body = (
        "The president announced on Tuesday that he would replace the head of the agency, a move that "
        "surprised many of the officials who had worked with him for years. The decision was made after "
        "a long meeting at the White House, and it is expected to be confirmed by the Senate within weeks. "
        "Critics said the change was a sign of turmoil in the administration, while supporters said it was "
        "long overdue and that the new director would bring fresh energy to the job."
    )
    assert detect_language(head + head + body) == "en"
    assert detect_language(LONG["de"]) == "de"
