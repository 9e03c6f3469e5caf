"""Gazetteers: the bundled JSONL lists plus users' files (presslens JSONL or FollowTheMoney).

A presslens line: ``{"id", "name", "type", "aliases", "contextual_aliases"?, ...}``.  A
FollowTheMoney line (OpenSanctions): ``{"id", "schema", "properties": {"name", "alias",
"weakAlias"}}``; the schema maps to a type with :data:`FTM_TYPES`.  Matching is exact on token
text (with apostrophe and ``al-``/``Al-`` variants); :meth:`Gazetteer.fuzzy` catches near
misses such as "Mehr New Agency".
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from presslens.errors import StageConfigError
from presslens.nlp.names import key

BUNDLED_DIR = Path(__file__).resolve().parents[1] / "data" / "gazetteer"
FTM_TYPES: dict[str, str] = {
    "Person": "PERSON",
    "Organization": "ORG",
    "Company": "ORG",
    "LegalEntity": "ORG",
    "PublicBody": "ORG",
    "Airline": "ORG",
    "Vessel": "PRODUCT",
    "Airplane": "PRODUCT",
}
FUZZY_MIN_CHARS = 8
FUZZY_RATIO = 0.9


@dataclass(frozen=True)
class GazEntry:
    kb_id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    contextual: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (alias, phrases that must precede)


@dataclass(frozen=True)
class GazMatch:
    start: int  # token offsets into the Doc
    end: int
    entry: GazEntry


def parse_line(data: dict[str, Any]) -> GazEntry | None:
    """One JSON object in either format; None for FollowTheMoney schemata we do not use."""
    if "schema" in data and "properties" in data:
        return _parse_ftm(data)
    ctx = tuple((c["alias"], tuple(c.get("after", ()))) for c in data.get("contextual_aliases") or ())
    return GazEntry(
        str(data["id"]), data["name"], data.get("type", "ORG"), tuple(data.get("aliases") or ()), ctx
    )


def _parse_ftm(data: dict[str, Any]) -> GazEntry | None:
    etype = FTM_TYPES.get(data["schema"])
    props = data.get("properties") or {}
    names = list(props.get("name") or [])
    if etype is None or not names:
        return None
    aliases = [*names[1:], *(props.get("alias") or []), *(props.get("weakAlias") or [])]
    return GazEntry(str(data["id"]), names[0], etype, tuple(dict.fromkeys(aliases)))


def read_entries(path: Path) -> Iterator[GazEntry]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise StageConfigError(f"cannot read gazetteer {path}: {e}") from e
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            entry = parse_line(json.loads(line))
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise StageConfigError(f"{path}:{n}: bad gazetteer line: {e}") from e
        if entry is not None:
            yield entry


def variants(alias: str) -> set[str]:
    """Spelling variants matched exactly: apostrophes and the al-/Al- particle."""
    out = {alias, alias.replace("'", "’"), alias.replace("’", "'")}
    for a in list(out):
        if a.startswith("al-"):
            out.add("Al-" + a[3:])
        elif a.startswith("Al-"):
            out.add("al-" + a[3:])
    return out


@dataclass
class Gazetteer:
    entries: list[GazEntry]
    _matchers: dict[int, Any] = field(default_factory=dict, repr=False)
    _fuzzy: dict[str, list[tuple[str, int]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for i, entry in enumerate(self.entries):
            for alias in (entry.name, *entry.aliases):
                k = key(alias)
                if len(k) >= FUZZY_MIN_CHARS and " " in k:
                    self._fuzzy.setdefault(k.split(" ")[0], []).append((k, i))

    def matcher(self, vocab: Any) -> Any:
        """A PhraseMatcher for ``vocab`` (built once per vocabulary)."""
        if id(vocab) not in self._matchers:
            self._matchers[id(vocab)] = (vocab, _build_matcher(self.entries, vocab))
        return self._matchers[id(vocab)][1]

    def match(self, doc: Any) -> list[GazMatch]:
        strings = doc.vocab.strings
        out = []
        for match_id, start, end in self.matcher(doc.vocab)(doc):
            label = strings[match_id]
            entry = self.entries[int(label.split(":")[1])]
            if label.startswith("C:") and not _context_ok(doc, start, entry):
                continue
            if label.startswith("A:") and _shouting(doc, start, end):
                continue
            out.append(GazMatch(start, end, entry))
        return out

    def fuzzy(self, text: str) -> GazEntry | None:
        """The entry whose name or alias is within a small edit of ``text`` (multi-word names)."""
        k = key(text)
        if len(k) < FUZZY_MIN_CHARS or " " not in k:
            return None
        best, best_ratio = None, FUZZY_RATIO
        for cand, i in self._fuzzy.get(k.split(" ")[0], ()):
            ratio = difflib.SequenceMatcher(None, k, cand).ratio()
            if ratio >= best_ratio:
                best, best_ratio = self.entries[i], ratio
        return best


def _build_matcher(entries: list[GazEntry], vocab: Any) -> Any:
    import spacy
    from spacy.matcher import PhraseMatcher

    tokenizer = spacy.blank("en", vocab=vocab).tokenizer
    matcher = PhraseMatcher(vocab, attr="ORTH")
    for i, entry in enumerate(entries):
        plain = [a for alias in (entry.name, *entry.aliases) for a in variants(alias)]
        acronyms = [a for a in plain if _is_acronym(a)]
        others = [a for a in plain if not _is_acronym(a)]
        for label, forms in ((f"N:{i}", others), (f"A:{i}", acronyms)):
            if forms:
                matcher.add(label, list(tokenizer.pipe(sorted(set(forms)))))
        ctx = [a for alias, _ in entry.contextual for a in variants(alias)]
        if ctx:
            matcher.add(f"C:{i}", list(tokenizer.pipe(sorted(set(ctx)))))
    return matcher


def _is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "").replace("-", "")
    return len(letters) <= 5 and letters.isupper()


def _shouting(doc: Any, start: int, end: int) -> bool:
    """An acronym inside an all-caps headline ("WHO", "AP") is not trusted.  The words around it
    are read within its own sentence (a headline or a "GET THE ... APP" line ends at its line break)."""
    lo, hi = max(0, start - 3), min(len(doc), end + 3)
    if doc.has_annotation("SENT_START"):
        sent = doc[start].sent
        lo, hi = max(lo, sent.start), min(hi, sent.end)
    near = [t.text for t in doc[lo:hi] if t.is_alpha and len(t.text) > 1]
    outside = [w for w in near if w not in {t.text for t in doc[start:end]}]
    return len(outside) >= 2 and all(w.isupper() for w in outside)


def _context_ok(doc: Any, start: int, entry: GazEntry) -> bool:
    before = " ".join(t.lower_ for t in doc[max(0, start - 4) : start])
    return any(before.endswith(phrase.lower()) for _, phrases in entry.contextual for phrase in phrases)


def load_gazetteer(paths: Iterable[str | Path] = (), bundled: bool = True) -> Gazetteer:
    return _load(tuple(str(p) for p in paths), bundled)


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...], bundled: bool) -> Gazetteer:
    files = sorted(BUNDLED_DIR.glob("*.jsonl")) if bundled else []
    entries = [e for f in [*files, *map(Path, paths)] for e in read_entries(f)]
    return Gazetteer(entries)


# Bundled lists of names the models are known to mistype: their full names link whatever type the
# tagger gave the words ("Marj al-Zohour" and "Amoris Laetitia" read as people, rivers as countries,
# the "[Black] Death" cut short: an epidemic, a disease's name like "Ebola", MISC and no actor;
# "Air Force One" read as an organisation: an aircraft, PRODUCT).
MISTYPED_FILES = ("places.jsonl", "works.jsonl", "epidemics.jsonl", "vehicles.jsonl")


@lru_cache(maxsize=1)
def mistyped_ids() -> frozenset[str]:
    """The ids of the bundled entries of :data:`MISTYPED_FILES`."""
    return frozenset(entry.kb_id for f in MISTYPED_FILES for entry in read_entries(BUNDLED_DIR / f))


@lru_cache(maxsize=1)
def media_outlets() -> dict[str, GazEntry]:
    """The bundled news outlets and agencies (``media.jsonl``) by the one-word forms of
    their names and aliases as written ("Breitbart", "Reuters", "AFP")."""
    out: dict[str, GazEntry] = {}
    for entry in read_entries(BUNDLED_DIR / "media.jsonl"):
        for form in (entry.name, *entry.aliases):
            if " " not in form.strip():
                out.setdefault(form.strip(), entry)
    return out
