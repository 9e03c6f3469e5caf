"""In-article resolution: mentions -> clusters (name keys, surnames, acronyms, gazetteer ids),
then confident pronouns ("He was ...") and definite descriptions ("the martyr", "this commander").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from presslens.nlp.acronyms import find_acronyms
from presslens.nlp.mentions import Mention
from presslens.nlp.names import (
    SUFFIXES,
    key,
    same_person,
    single_keys,
    surname_keys,
    title_gender,
    title_roles,
)

TYPE_PRIORITY = (
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "NORP",
    "FAC",
    "EVENT",
    "PRODUCT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "MISC",
)
ROLE_NOUNS = frozenset(
    {
        "martyr",
        "commander",
        "general",
        "president",
        "minister",
        "leader",
        "chief",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "representative",
        "envoy",
        "ambassador",
        "official",
        "founder",
        "premier",
        "chancellor",
        "king",
        "queen",
        "prince",
        "emir",
        "cleric",
        "ayatollah",
        "sheikh",
        "governor",
        "mayor",
        "senator",
    }
)
SUBORDINATORS = frozenset(
    {"when", "while", "as", "after", "before", "although", "though", "since", "once", "because"}
)
MALE = frozenset({"he", "him", "his"})
FEMALE = frozenset({"she", "her", "hers"})
GENDERED = MALE | FEMALE


class UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class Cluster:
    mentions: list[Mention]
    type: str
    kb_id: str | None
    kb_name: str | None


def add_acronyms(doc: Any, mentions: list[Mention]) -> tuple[list[Mention], list[tuple[int, int]]]:
    """Create missing long/short-form mentions; return them with (long, short) index pairs."""
    out = list(mentions)
    pairs_tok = []
    for ls, le, ss, se in find_acronyms(doc):
        lf = _find_or_add(out, ls, le, None)
        if lf is None:
            continue
        sf = _find_or_add(out, ss, se, out[lf].label)
        if sf is not None:
            pairs_tok.append(((out[lf].start, out[lf].end), (out[sf].start, out[sf].end)))
    out.sort(key=lambda m: m.start)
    index = {(m.start, m.end): i for i, m in enumerate(out)}
    return out, [(index[a], index[b]) for a, b in pairs_tok]


def _find_or_add(mentions: list[Mention], start: int, end: int, label: str | None) -> int | None:
    for i, m in enumerate(mentions):
        if m.start < end and start < m.end:
            return i if (m.end >= end - 1 and m.start <= start + 1) else None
    if label is None:
        return None
    mentions.append(Mention(start, end, label, "acronym"))
    return len(mentions) - 1


def cluster(doc: Any, mentions: list[Mention], pairs: list[tuple[int, int]]) -> list[int]:
    """Root index of each mention's cluster."""
    uf = UnionFind(len(mentions))
    texts = [doc[m.start : m.end].text for m in mentions]
    first: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        k = ("kb", m.kb_id) if m.kb_id else ("key", key(texts[i]))
        if k in first:
            uf.union(first[k], i)
        else:
            first[k] = i
    for a, b in pairs:
        uf.union(a, b)
    _link_full_names(mentions, [_with_suffix(doc, m, t) for m, t in zip(mentions, texts, strict=True)], uf)
    _link_designators(mentions, texts, uf)
    _link_paper_heads(mentions, texts, uf)
    _link_surnames(mentions, texts, uf)
    return [uf.find(i) for i in range(len(mentions))]


def _with_suffix(doc: Any, m: Mention, text: str) -> str:
    """A mention's text with a generational suffix that a comma keeps outside it ("Brent Bozell,
    Jr.": the father of "Brent Bozell III")."""
    e = m.end
    if e + 1 < len(doc) and doc[e].text == "," and doc[e + 1].lower_.strip(".") in SUFFIXES:
        return f"{text} {doc[e + 1].text}"
    return text


def _link_full_names(mentions: list[Mention], texts: list[str], uf: UnionFind) -> None:
    """Full names of one person written two ways ("Patrick Carlineo Jr.", "Pat Carlineo",
    "Patrick W. Carlineo") are one person; otherwise the bare surname after them has two or more
    owners and stays apart."""
    people = [
        i
        for i, m in enumerate(mentions)
        if m.label == "PERSON" and m.kb_id is None and m.named and len(texts[i].split()) >= 2
    ]
    for x, i in enumerate(people):
        for j in people[x + 1 :]:
            if uf.find(i) != uf.find(j) and same_person(texts[i], texts[j]):
                uf.union(i, j)


# Legal-form words after a company's name: "Ceres Robotics Inc." is "Ceres Robotics".
DESIGNATORS = frozenset(
    {
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "plc",
        "lp",
        "llp",
    }
    | {"gmbh", "ag", "sa", "nv", "bv", "spa", "pty"}
)


def _org_words(text: str) -> list[str]:
    return key(text).replace(",", " ").replace("&", " and ").split()


def _link_designators(mentions: list[Mention], texts: list[str], uf: UnionFind) -> None:
    """An organisation named with and without its legal form ("Ceres Robotics Inc." and "Ceres
    Robotics", "Sierra Nevada Corporation" and "Sierra Nevada") is one organisation, unless the two
    are linked to two different gazetteer entries."""
    words_of = {i: _org_words(texts[i]) for i, m in enumerate(mentions) if m.label == "ORG"}
    by_words: dict[tuple[str, ...], list[int]] = {}
    for i, words in words_of.items():
        by_words.setdefault(tuple(words), []).append(i)
    for i, words in words_of.items():
        core = list(words)
        while len(core) > 1 and core[-1] in DESIGNATORS:
            core.pop()
        if len(core) == len(words):
            continue
        for j in by_words.get(tuple(core), []):
            kb_i, kb_j = mentions[i].kb_id, mentions[j].kb_id
            if not (kb_i and kb_j and kb_i != kb_j):
                uf.union(i, j)


# Head words of newspapers' names, by which a paper named in full is then called ("the
# Chronicle" after "the San Francisco Chronicle", "the Times" after "The New York Times").
PAPER_HEADS = frozenset(
    {
        "times",
        "post",
        "journal",
        "chronicle",
        "tribune",
        "herald",
        "globe",
        "gazette",
        "telegraph",
        "guardian",
        "observer",
        "examiner",
        "inquirer",
        "star",
        "sun",
        "courier",
        "bulletin",
        "sentinel",
        "dispatch",
    }
)


def _link_paper_heads(mentions: list[Mention], texts: list[str], uf: UnionFind) -> None:
    """A newspaper's head word alone joins the one newspaper on the page whose name ends in it."""
    keys = {i: key(texts[i]) for i, m in enumerate(mentions) if m.label == "ORG"}
    owners: dict[str, set[int]] = {}
    for i, k in keys.items():
        words = k.split()
        if len(words) >= 2 and words[-1] in PAPER_HEADS:
            owners.setdefault(words[-1], set()).add(uf.find(i))
    for i, word in keys.items():
        if mentions[i].kb_id is not None or " " in word or word not in owners:
            continue
        roots = owners[word] - {uf.find(i)}
        if len(roots) == 1 and len(owners[word]) == len(roots):
            uf.union(roots.pop(), i)


def _link_surnames(mentions: list[Mention], texts: list[str], uf: UnionFind) -> None:
    surnames: dict[str, set[int]] = {}
    firsts: dict[str, set[int]] = {}
    for i, m in enumerate(mentions):
        if "PERSON" in (m.label, m.alt) and m.kb_id is None:
            for k in surname_keys(texts[i]):
                surnames.setdefault(k, set()).add(uf.find(i))
            words = texts[i].split()
            if len(words) >= 2:
                firsts.setdefault(words[0], set()).add(uf.find(i))
    for i, m in enumerate(mentions):
        if m.kb_id is not None or m.label == "DATE" or not any(w[:1].isupper() for w in texts[i].split("-")):
            continue
        own = uf.find(i)
        keys = single_keys(texts[i])
        owners = {r for k in keys for r in surnames.get(k, ())}
        roots = owners - {own}
        if not roots and m.label == "PERSON":
            # the same surname spelt another way ("Zelensky" after "Volodymyr Zelenskiy")
            roots = {r for k in keys for s, rs in surnames.items() if _one_edit(k, s) for r in rs} - {own}
        if not owners and not roots and m.label == "PERSON" and " " not in texts[i]:
            # "Quentin" after "Quentin Lamar Smith"; a surname already in its person's cluster
            # ("Trump" with "Donald Trump") is no given name ("Trump Tower")
            roots = firsts.get(texts[i], set()) - {own}
        if len(roots) == 1:
            uf.union(roots.pop(), i)


def _one_edit(a: str, b: str) -> bool:
    """One letter inserted, deleted or replaced (not a case of two different names of one letter)."""
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 6:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1 :]


def build_clusters(mentions: list[Mention], roots: list[int]) -> dict[int, Cluster]:
    groups: dict[int, list[Mention]] = {}
    for m, r in zip(mentions, roots, strict=True):
        groups.setdefault(r, []).append(m)
    return {r: _make_cluster(ms) for r, ms in groups.items()}


def _make_cluster(ms: list[Mention]) -> Cluster:
    kb = next((m for m in ms if m.kb_id), None)
    if kb is not None:
        return Cluster(ms, kb.label, kb.kb_id, kb.kb_name)
    votes: Counter[str] = Counter()
    for m in ms:
        if m.source == "tagger":
            # the documented vote: each tagger mention counts its confidence for its type; the
            # OntoNotes model's disagreeing label counts 0.3, so one mis-typed mention never
            # turns a person into a place
            votes[m.label] += m.score
            if m.alt:
                votes[m.alt] += 0.3
            continue
        votes[m.label] += 1.0
        if m.alt:
            votes[m.alt] += 0.9
    best = max(votes.values())
    label = next(t for t in TYPE_PRIORITY if votes.get(t) == best) if best else ms[0].label
    if label != "PERSON" and _full_name_over_surnames(ms):
        label = "PERSON"
    return Cluster(ms, label, None, None)


def _full_name_over_surnames(ms: list[Mention]) -> bool:
    """A full name the tagger is sure is a person ("said John Fa, a senior scientist") outweighs
    one-word mentions of it typed otherwise ("support to Fa", "Fa said")."""
    full = [m for m in ms if m.source == "tagger" and m.label == "PERSON" and m.end - m.start >= 2]
    if not full or max(m.score for m in full) < 0.9:
        return False
    return all(m.label == "PERSON" or (m.source == "tagger" and m.end - m.start == 1) for m in ms)


# -- pronouns and definite descriptions ------------------------------------------------------


def person_index(mentions: list[Mention], roots: list[int], clusters: dict[int, Cluster]) -> dict[int, int]:
    """Token index -> cluster root, for PERSON clusters."""
    out = {}
    for m, r in zip(mentions, roots, strict=True):
        if clusters[r].type == "PERSON":
            out.update({t: r for t in range(m.start, m.end)})
    return out


def resolve_pronouns(
    doc: Any, tok_person: dict[int, int], genders: dict[int, str | None], strict: bool = False
) -> list[tuple[int, int]]:
    """(token index, cluster root) for confident he/she subjects.  ``strict``: the antecedent must
    be the only person of the window whose gender is known and agrees (unknown gender: no link)."""
    out = []
    for sent in doc.sents:
        for tok in sent:
            low = tok.lower_
            if low not in MALE | FEMALE or tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            gender = "m" if low in MALE else "f"
            root = _antecedent(doc, sent, tok, tok_person, genders, gender, strict)
            if root is not None:
                out.append((tok.i, root))
                tok_person[tok.i] = root
    return out


def _antecedent(
    doc: Any,
    sent: Any,
    tok: Any,
    tok_person: dict[int, int],
    genders: dict[int, str | None],
    gender: str,
    strict: bool = False,
) -> int | None:
    ok = (gender,) if strict else (None, gender)
    before = [t.lower_ for t in doc[sent.start : tok.i]]
    if before and before[0] in SUBORDINATORS or any(w in SUBORDINATORS for w in before[-3:]):
        after = _cataphor(doc, sent, tok, tok_person)
        if after is not None and genders.get(after) in ok:
            return after
    prev_start = _prev_sent_start(doc, sent)
    window = {tok_person[i] for i in range(prev_start, tok.i) if i in tok_person}
    if strict and any(genders.get(r) is None for r in window):
        return None  # a person of unknown gender in the window: cannot tell who "he" is
    window = {r for r in window if genders.get(r) in ok}
    return window.pop() if len(window) == 1 else None


def _cataphor(doc: Any, sent: Any, tok: Any, tok_person: dict[int, int]) -> int | None:
    """ "when he was ..., Qasem Soleimani tried": the PERSON right after the clause's comma."""
    for i in range(tok.i + 1, sent.end - 1):
        if doc[i].text == ",":
            return tok_person.get(i + 1)
    return None


def _prev_sent_start(doc: Any, sent: Any) -> int:
    return doc[sent.start - 1].sent.start if sent.start > 0 else sent.start


def collect_roles(
    doc: Any, mentions: list[Mention], roots: list[int], tok_person: dict[int, int]
) -> dict[int, set[str]]:
    """Role nouns each PERSON cluster is described by: titles, "the ROLE of X, NAME", appositions,
    "NAME was the ROLE"."""
    roles: dict[int, set[str]] = {}
    persons = set(tok_person.values())
    for m, r in zip(mentions, roots, strict=True):
        if r in persons and m.named:
            roles.setdefault(r, set()).update(title_roles(doc[m.start : m.end].text))
            prev = doc[m.start - 1] if m.start > 0 else None
            if prev is not None and prev.lower_ in ROLE_NOUNS:
                roles[r].add(prev.lower_)
    for tok in doc:
        if tok.lower_ not in ROLE_NOUNS or tok.pos_ != "NOUN":
            continue
        target = _role_target(doc, tok, tok_person)
        if target is not None:
            roles.setdefault(target, set()).add(tok.lower_)
    return roles


def _role_target(doc: Any, tok: Any, tok_person: dict[int, int]) -> int | None:
    if tok.dep_ == "attr" and tok.head.lemma_ == "be":
        subj = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and subj[0].i in tok_person:
            return tok_person[subj[0].i]
    if tok.dep_ == "appos" and tok.head.i in tok_person:
        return tok_person[tok.head.i]
    for i in range(tok.i + 1, min(len(doc) - 1, tok.i + 8)):
        if doc[i].text == "," and i + 1 in tok_person:
            return tok_person[i + 1]
        if doc[i].text in (".", ";", ":"):
            break
    return None


def resolve_descriptions(
    doc: Any, roles: dict[int, set[str]], tok_person: dict[int, int]
) -> list[tuple[int, int, int]]:
    """(start, end, root) for "the/this [ADJ] ROLE" noun phrases that name one described person,
    named before the phrase or right after it ("the Chinese leader, Xi Jinping"): a definite
    description looks back ("The Donald Trump administration ... the president was unaware" is
    not the "co-president Kris Brown" of a later paragraph)."""
    out = []
    first: dict[int, int] = {}
    for i, r in tok_person.items():
        first[r] = min(first.get(r, i), i)
    for tok in doc:
        if tok.lower_ not in ROLE_NOUNS or tok.pos_ != "NOUN" or tok.i in tok_person or tok.tag_ == "NNS":
            continue
        det = [c for c in tok.children if c.dep_ == "det" and c.lower_ in ("the", "this", "that")]
        if not det or any(c.dep_ in ("poss", "compound") for c in tok.children):
            continue
        if _role_target(doc, tok, tok_person) is not None and tok.dep_ in ("appos", "attr"):
            continue
        cands = {r for r, rs in roles.items() if tok.lower_ in rs}
        # named before it, or right after it ("the Chinese leader, Xi Jinping")
        if len(cands) == 1 and (
            first.get(next(iter(cands)), len(doc)) < tok.i or _role_target(doc, tok, tok_person) in cands
        ):
            out.append((det[0].i, tok.i + 1, cands.pop()))
    return out


def cluster_genders(
    doc: Any, mentions: list[Mention], roots: list[int], tok_person: dict[int, int] | None = None
) -> dict[int, str | None]:
    """Each person's grammatical gender: from titles ("Mrs", "King"), else from the text itself
    (``tok_person`` given): the he/his/him or she/her/hers used in sentences where that person is
    the only one named there or in the sentence before, when one gender clearly dominates."""
    out: dict[int, str | None] = {}
    for m, r in zip(mentions, roots, strict=True):
        g = title_gender(doc[m.start : m.end].text) if m.named else None
        if g or r not in out:
            out[r] = g or out.get(r)
    if tok_person:
        for r, g in _pronoun_genders(doc, tok_person).items():
            if out.get(r) is None:
                out[r] = g
    return out


def _pronoun_genders(doc: Any, tok_person: dict[int, int]) -> dict[int, str]:
    counts: dict[int, Counter[str]] = {}
    prev: set[int] = set()
    for sent in doc.sents:
        here = {tok_person[t.i] for t in sent if t.i in tok_person}
        people = here | prev
        if len(people) == 1:
            (r,) = people
            for t in sent:
                if t.i not in tok_person and t.lower_ in GENDERED:
                    counts.setdefault(r, Counter())["m" if t.lower_ in MALE else "f"] += 1
        prev = here
    out = {}
    for r, c in counts.items():
        g, n = c.most_common(1)[0]
        if n >= 2 and n >= 3 * (sum(c.values()) - n):
            out[r] = g
    return out
