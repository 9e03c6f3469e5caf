"""Language of the extracted text, with lingua (its models ship in the wheel, nothing to download).

The detector is built once per process.  Texts are cut to ``MAX_CHARS`` characters, and a text
long enough for lingua's low-accuracy mode to its first ``LOW_ACCURACY_LETTERS`` letters (the
first paragraphs say as much about the language as the whole article, at a fraction of the time:
lingua's time grows with the letters it reads, 1-2 ms per 250 characters in the extraction
pipeline);
``bench/language.py`` measures speed and agreement on short and long texts.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MAX_CHARS = 250  # characters of text the detector sees (bench/language.py: as accurate as 1,500)
LOW_ACCURACY_FROM = 200  # samples at least this long use lingua's faster low-accuracy mode
# ... on their first this many letters (about 190 characters of prose; a table of numbers is read
# whole): the same answers as the whole sample for all long texts of the development pages
# (presslens' extractions of the 1,127 pages and bench/language.py's 1,020 texts); 150 letters
# changed 2 pages, 170 letters 1 (lyrics in Chinese and pinyin), 200 characters 1 (a calendar)
LOW_ACCURACY_LETTERS = 160
MIN_LETTERS = 3  # fewer letters than this: no guess
MIN_CONFIDENCE = 0.5  # short samples: no answer unless lingua gives one language this share


# The candidate languages: the most used languages of the web plus the ones near them that lingua
# would otherwise confuse them with.  Three times faster than all 75 of lingua's languages with
# the same agreement on the development pages (bench/language.py); a language outside the set is
# reported as the closest one in it, which the English-only stages treat as "not English" alike.
LANGUAGES: tuple[str, ...] = (
    "af", "ar", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "eu", "fa", "fi",
    "fr", "ga", "he", "hi", "hr", "hu", "id", "is", "it", "ja", "ko", "lt", "lv", "mk", "ms",
    "nb", "nl", "nn", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "sw", "ta", "th", "tl",
    "tr", "uk", "ur", "vi", "zh",
)  # fmt: skip


@lru_cache(maxsize=2)
def _detector(low_accuracy: bool = False) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]
    builder = LanguageDetectorBuilder.from_languages(*(Language.from_iso_code_639_1(c) for c in codes))
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def detect_language(text: str, low_accuracy: bool | None = None, declared: str | None = None) -> str | None:
    """ISO 639-1 code of the language of ``text`` (``"en"``, ``"fr"``, ``"zh"``), or None when
    there is too little to read or a short text is ambiguous.

    ``low_accuracy`` None picks the mode by length: lingua's low-accuracy mode agrees with the
    high-accuracy one on samples of a few hundred characters and is 2-3 times faster, but it
    loses accuracy on headline-sized texts (bench/language.py).  ``declared`` is the language
    the page declares (ISO 639-1): a page that declares English and whose text opens as English
    (:func:`opens_as_english`) is English without asking lingua, which costs 1-2 ms a page in
    the extraction pipeline (its models miss the cache after trafilatura has run).
    """
    if declared == "en" and low_accuracy is None and opens_as_english(text):
        return "en"
    sample = _sample(text)
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    if low_accuracy is None:
        low_accuracy = len(sample) >= LOW_ACCURACY_FROM
    if low_accuracy:
        found = _detector(True).detect_language_of(_cut_letters(sample, LOW_ACCURACY_LETTERS))
        code = found.iso_code_639_1.name.lower() if found is not None else None
        if code not in (None, "en") and opens_as_english(text) and _english_further(text):
            return "en"  # a headline of names ("Zelensky Out – Breitbart Director ...") read as Tagalog
        return code
    # Short texts ("HTTP API and web UI over a real SQLite store." reads as German to lingua):
    # answer only when one language clearly leads; None lets every stage run.
    values = _detector(False).compute_language_confidence_values(sample)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    return values[0].language.iso_code_639_1.name.lower()


# Two signals that agree settle the language: the page's declaration and the share of the text's
# opening words that are the commonest English words (no other language in LANGUAGES uses them
# this much; German pages with an English passage fall short).  On the development pages
# (presslens' extractions of the 1,127 pages, trafilatura's of bench/language.py's 1,020), lingua
# said English for every one of the 442 texts where both hold, and for 466-472 at a share of 0.1;
# without the declaration, 2-10 German and Japanese texts would pass.
ENGLISH_WORDS = frozenset(
    {"the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "he", "it", "as", "on"}
)
ENGLISH_CHARS = 600  # the opening read: about 100 words
ENGLISH_MIN_WORDS = 20
ENGLISH_MIN_SHARE = 0.15  # English news text: about 0.2-0.25
_WORD = re.compile(r"[^\W\d_]+")


def opens_as_english(text: str) -> bool:
    """Whether at least ``ENGLISH_MIN_SHARE`` of the words in the text's first ``ENGLISH_CHARS``
    characters (``ENGLISH_MIN_WORDS`` or more) are among the commonest English words."""
    words = _WORD.findall(text[:ENGLISH_CHARS].lower())
    return len(words) >= ENGLISH_MIN_WORDS and sum(
        w in ENGLISH_WORDS for w in words
    ) >= ENGLISH_MIN_SHARE * len(words)


CONFIRM_CHARS = 1_000  # a non-English answer for a text that opens as English is checked on this
CONFIRM_SHARE = 0.9  # ... and overruled only when lingua's high-accuracy mode is this sure of English


def _english_further(text: str) -> bool:
    """Whether lingua reads English in the text after its first line (``CONFIRM_CHARS``
    characters): the opening of an English article can be a line of names or a title that reads
    as another language."""
    lines = text.lstrip().split("\n", 1)
    rest = lines[1] if len(lines) > 1 and len(lines[1]) >= LOW_ACCURACY_FROM else text
    values = _detector(False).compute_language_confidence_values(_sample(rest, CONFIRM_CHARS))
    return (
        bool(values)
        and values[0].language.iso_code_639_1.name.lower() == "en"
        and values[0].value >= CONFIRM_SHARE
    )


def _sample(text: str, chars: int = MAX_CHARS) -> str:
    """The first ``chars`` characters, cut at a word boundary, URLs left out."""
    return _cut(re.sub(r"https?://\S+", " ", text.lstrip()[: chars + 200]), chars)


def _cut(sample: str, chars: int) -> str:
    """The first ``chars`` characters of ``sample``, cut at a word boundary."""
    if len(sample) > chars:
        words = sample[:chars].rsplit(None, 1)
        sample = words[0] if words else ""  # nothing but spaces (and URLs) that far
    return sample


def _cut_letters(sample: str, letters: int) -> str:
    """``sample`` up to its first ``letters`` letters, cut at a word boundary."""
    seen = 0
    for at, char in enumerate(sample):
        if char.isalpha():
            seen += 1
            if seen > letters:
                return _cut(sample, at)
    return sample
