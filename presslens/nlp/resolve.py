"""The pure core of the entities stage: a parsed Doc (+ CoNLL spans, gazetteer) -> entities."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from presslens.model import Entity, Span
from presslens.nlp import coref
from presslens.nlp.gazetteer import Gazetteer, media_outlets
from presslens.nlp.mentions import TAGGER_FLOOR, Mention, bare_title, candidate_mentions, tagger_mentions
from presslens.nlp.names import clean_name, name_words, normalize


@dataclass
class Resolution:
    entities: tuple[Entity, ...]
    tok_entity: dict[int, str] = field(default_factory=dict)  # token index -> entity id
    named: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, type) token spans


def resolve_entities(
    doc: Any, conll: list[tuple[int, int, str]] | None, gaz: Gazetteer | None, keep_unconfirmed: bool = True
) -> Resolution:
    """Entities of the legacy stage (OntoNotes + CNN CoNLL head)."""
    return _resolve(doc, candidate_mentions(doc, conll, gaz, keep_unconfirmed), strict=False)


def resolve_tagged(
    doc: Any, tagged: list[Any], gaz: Gazetteer | None, floor: float = TAGGER_FLOOR
) -> Resolution:
    """Entities of a parsed Doc from the name tagger's spans (``presslens.nlp.tagger.TagSpan``);
    pronouns link only to people whose gender the text shows."""
    return _resolve(doc, tagger_mentions(doc, tagged, gaz, floor), strict=True)


def _resolve(doc: Any, mentions: list[Mention], strict: bool) -> Resolution:
    mentions, pairs = coref.add_acronyms(doc, mentions)
    roots = coref.cluster(doc, mentions, pairs)
    clusters = coref.build_clusters(mentions, roots)
    if strict:
        mentions, roots, clusters = _drop_unsure(mentions, roots, clusters, _common_word(doc), doc)
        _outlets_not_people(doc, clusters)
        _organisations_by_noun(doc, clusters)
    extra = _refer_back(doc, mentions, roots, clusters, strict=strict)
    for start, end, root, source in extra:
        clusters[root].mentions.append(Mention(start, end, "PERSON", source))
    return _records(doc, clusters)


# Nouns that class the name right after them as an organisation ("energy company Burisma",
# "Beauty company Coty"); none of them describes a person ("manufacturer Ron Johnson", "publisher
# Rupert Murdoch" are people).
ORG_CLASS_NOUNS = frozenset(
    {
        "company",
        "firm",
        "automaker",
        "carmaker",
        "retailer",
        "startup",
        "airline",
        "insurer",
        "lender",
        "conglomerate",
        "newspaper",
        "charity",
        "nonprofit",
    }
)


def _organisations_by_noun(doc: Any, clusters: dict[int, coref.Cluster]) -> None:
    """An entity typed a person or a place, linked to no entry, is an organisation when one of
    its names follows a noun that classes it so, with nothing between ("company Coty")."""
    for cl in clusters.values():
        if (
            cl.kb_id is None
            and cl.type in ("PERSON", "GPE", "LOC")
            and any(
                m.named
                and m.start > 0
                and doc[m.start - 1].lower_ in ORG_CLASS_NOUNS
                and doc[m.start - 1].pos_ == "NOUN"
                for m in cl.mentions
            )
        ):
            cl.type = "ORG"


def _outlets_not_people(doc: Any, clusters: dict[int, coref.Cluster]) -> None:
    """An entity typed a person whose every mention is one word that names a news outlet of the
    bundled media gazetteer ("According to Breitbart", "told Reuters") is that outlet: a person
    with that surname is named in full somewhere (a mention of two words or more), and then the
    entity keeps its type.  An entity typed a place is that outlet only where each of its mentions
    is credited as a source (``_credited``: "NAME/[AFP]/Getty Images", "© Provided by [Quartz]")."""
    outlets = media_outlets()
    for cl in clusters.values():
        if cl.type not in ("PERSON", "GPE", "LOC") or cl.kb_id is not None:
            continue
        named = [m for m in cl.mentions if m.named]
        entries = {outlets.get(doc[m.start].text) for m in named if m.end - m.start == 1}
        if cl.type != "PERSON" and not all(_credited(doc, m) for m in named):
            continue  # a place only where the words credit a source ("the MENA region" is a region)
        if named and all(m.end - m.start == 1 for m in named) and len(entries) == 1 and None not in entries:
            entry = entries.pop()
            cl.type, cl.kb_id, cl.kb_name = entry.type, entry.kb_id, entry.name


# Words right before or after a source that the text credits ("according to AFP", "© Provided by
# Quartz", "NAME/AFP/Getty Images", "Fars reported").
CREDIT_BEFORE = frozenset({"/", "©", "by", "to", "told", "from"})
CREDIT_AFTER = frozenset({"/", "reported", "reports", "said", "says", "wrote", "writes"})


def _credited(doc: Any, m: Mention) -> bool:
    before = doc[m.start - 1].text if m.start > 0 else ""
    after = doc[m.end].text if m.end < len(doc) else ""
    return before in CREDIT_BEFORE or after in CREDIT_AFTER


def _common_word(doc: Any) -> Any:
    """A test for a mention that is only a capitalised common word: one word, capitalised only
    because it opens a sentence (or a quotation that does), and written in lower case elsewhere on
    the page ("Beauty company Coty ...", "“Meth. We're on it.”" beside "the state's meth crisis")."""
    lower = {t.text for t in doc if t.is_lower}

    def test(m: Mention) -> bool:
        if m.end - m.start != 1 or not m.named:
            return False
        tok = doc[m.start]
        if not tok.text.istitle() or tok.text.lower() not in lower:
            return False
        i = tok.i
        while i > 0 and not doc[i].is_sent_start and not any(c.isalnum() for c in doc[i - 1].text):
            i -= 1  # opening quotes and brackets before the word
        return doc[i].is_sent_start or i == 0

    return test


def _drop_unsure(
    mentions: list[Mention],
    roots: list[int],
    clusters: dict[int, coref.Cluster],
    common: Any = None,
    doc: Any = None,
) -> tuple[list[Mention], list[int], dict[int, coref.Cluster]]:
    """Abstain on an entity that rests only on unsure tagger mentions (``Mention.unsure``): one
    confident or OntoNotes-backed mention anywhere on the page keeps the whole entity.  Also left
    out: an entity other than a person whose every name mention is a common word capitalised at
    a sentence start (``common``; a person's name may be a word too: "May", "Rice")."""
    drop = {
        r
        for r, cl in clusters.items()
        if all(m.unsure for m in cl.mentions) or _acronym_person(doc, cl) or _titles_only(doc, cl)
    }
    if common is not None:
        drop |= {
            r
            for r, cl in clusters.items()
            if cl.type != "PERSON"
            and cl.kb_id is None
            and (named := [m for m in cl.mentions if m.named])
            and all(common(m) for m in named)
        }
    if not drop:
        return mentions, roots, clusters
    keep = [i for i, r in enumerate(roots) if r not in drop]
    new_index = {old: new for new, old in enumerate(keep)}  # a kept cluster keeps its root mention
    mentions = [mentions[i] for i in keep]
    roots = [new_index[roots[i]] for i in keep]
    return mentions, roots, {new_index[r]: cl for r, cl in clusters.items() if r not in drop}


def _titles_only(doc: Any, cl: coref.Cluster) -> bool:
    """An entity linked to no entry whose every name mention is a bare title ("the [Pope]",
    "[Mgr]. said", "the [Cardinals]") names no one (``mentions.BARE_TITLES``); a person named in
    full whom the title's mentions joined keeps them, and a surname of a person named in full
    ("Alexander Pope ... Pope said") is that person's mention."""
    return doc is not None and cl.kb_id is None and _every_name(cl, lambda m: bare_title(doc, m))


def _every_name(cl: coref.Cluster, test: Callable[[Mention], bool]) -> bool:
    """The cluster has name mentions and ``test`` holds for each of them."""
    named = [m for m in cl.mentions if m.named]
    return bool(named) and all(test(m) for m in named)


def _acronym_person(doc: Any, cl: coref.Cluster) -> bool:
    """A "person" named only by an acronym of four or more capitals in running text ("told MEMRI",
    "POGO co-signed a letter") is an organisation the tagger mistyped; people go by initials of
    two or three (FDR, LBJ).  Left out rather than typed; a line in capitals is no evidence."""
    if doc is None or cl.type != "PERSON" or cl.kb_id is not None:
        return False
    return _every_name(
        cl,
        lambda m: (
            m.end - m.start == 1
            and len(doc[m.start].text) >= 4
            and doc[m.start].text.isalpha()
            and doc[m.start].text.isupper()
            and any(w.is_lower for w in doc[m.start].sent)
        ),
    )


def _refer_back(
    doc: Any,
    mentions: list[Mention],
    roots: list[int],
    clusters: dict[int, coref.Cluster],
    strict: bool = False,
) -> list[tuple[int, int, int, str]]:
    if not doc.has_annotation("DEP"):
        return []
    tok_person = coref.person_index(mentions, roots, clusters)
    genders = coref.cluster_genders(doc, mentions, roots, tok_person if strict else None)
    pronouns = coref.resolve_pronouns(doc, tok_person, genders, strict=strict)
    roles = coref.collect_roles(doc, mentions, roots, tok_person)
    descs = coref.resolve_descriptions(doc, roles, tok_person)
    return [(i, i + 1, r, "pronoun") for i, r in pronouns] + [(s, e, r, "description") for s, e, r in descs]


def _records(doc: Any, clusters: dict[int, coref.Cluster]) -> Resolution:
    ordered = sorted(clusters.values(), key=lambda c: min(m.start for m in c.mentions))
    entities = []
    res = Resolution(())
    text = doc.text  # Doc.text joins every token: build it once, not once per mention
    for cl in ordered:
        located = [
            (m, cs) for m in sorted(cl.mentions, key=lambda m: m.start) if (cs := _char_span(doc, m, text))
        ]
        if not located:
            continue  # only whitespace tokens: no evidence to point at
        ms = [m for m, _cs in located]
        eid = f"e{len(entities) + 1}"
        named = [m for m in ms if m.named]
        surfaces = [normalize(doc[m.start : m.end].text) for m in named]
        name = cl.kb_name or best_name(surfaces, cl.type)
        aliases = tuple(dict.fromkeys(s for s in surfaces if s != name))
        spans = tuple(Span(*cs) for _m, cs in located)
        entities.append(Entity(eid, name, cl.type, aliases, spans, cl.kb_id))
        for m in ms:
            res.tok_entity.update({t: eid for t in range(m.start, m.end)})
        res.named += [(m.start, m.end, cl.type) for m in named]
    res.entities = tuple(entities)
    return res


def _char_span(doc: Any, m: Any, text: str) -> tuple[int, int] | None:
    """Character offsets of a token-range mention, without surrounding whitespace (spaCy keeps
    newlines and runs of spaces as tokens); None when nothing but whitespace is left.  ``text`` is
    ``doc.text``."""
    start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def best_name(surfaces: list[str], etype: str) -> str:
    """The fullest clean form: most words, then most frequent, then first seen; acronyms last.
    Titles are a person's: an organisation or a place keeps its first word ("General Assembly",
    "Justice Department", "King County")."""
    clean = clean_name if etype == "PERSON" else lambda s: " ".join(name_words(s))
    names = [clean(s) for s in surfaces] or surfaces
    counts = Counter(names)

    def score(item: tuple[int, str]) -> tuple[int, int, int, int]:
        i, nm = item
        acronym = int(nm.isupper() and " " not in nm and etype != "DATE")
        return (-acronym, len(nm.split()), counts[nm], -i)

    return max(enumerate(names), key=score)[1]
