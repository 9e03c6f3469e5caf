"""Word-shape ids for the name tagger's case features.

The shared encoder (all-MiniLM-L6-v2) is uncased, so capitalisation, which carries most of the
evidence for names in English, reaches the tagger head as a small learned embedding of the word's
shape.  Training (``scripts/train_tagger.py``) and inference use this one function.
"""

from __future__ import annotations

SHAPES = ("pad", "lower", "title", "upper", "mixed", "digit", "punct", "other")
N_SHAPES = len(SHAPES) * 2  # x2: sentence-initial or not


def shape_id(word: str, sent_start: bool) -> int:
    if not word:
        base = 0
    elif any(c.isdigit() for c in word):
        base = 5
    elif not any(c.isalpha() for c in word):
        base = 6
    elif word.islower():
        base = 1
    elif word.isupper():
        base = 3 if len([c for c in word if c.isalpha()]) > 1 else 2
    elif word[0].isupper() and (word[1:].islower() or not any(c.isalpha() for c in word[1:])):
        base = 2
    elif any(c.isupper() for c in word):
        base = 4
    else:
        base = 7
    return base + (len(SHAPES) if sent_start else 0)
