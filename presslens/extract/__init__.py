"""Article extraction: main text and metadata from HTML pages."""

from presslens.extract.language import detect_language
from presslens.extract.page import Extracted, extract_html, find_dateline, guess_language

__all__ = ["Extracted", "detect_language", "extract_html", "find_dateline", "guess_language"]
