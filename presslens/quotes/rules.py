"""Dependency rules: given a cue token, find the content fragments and the source span.

Everything here works on spaCy tokens and returns token-index sets or character spans; the
stage turns them into :class:`presslens.model.Quote` records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from presslens.quotes.cues import REPORTING_LEMMAS, SPEECH_VERBS, cue_lemma
from presslens.quotes.features import QuoteIndex

SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
CONTENT_DEPS = ("ccomp",)
SKIP_EDGE = frozenset(",;:-–—()[]") | frozenset("\"“”‘’'")
QUOTE_MARKS = frozenset({'"', "“", "”", "''", "``", "‘", "’"})  # quotation marks as spaCy tokens
CLOSING_QUOTES = frozenset({'"', "”", "''", "’’"})
INVERTED_LEMMAS = frozenset(
    {"say", "tell", "add", "write", "note", "explain", "insist", "argue", "underline", "stress"}
)
CALL_FOR = frozenset({"call", "push", "press", "appeal", "plead", "argue", "clamor", "lobby"})
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "him", "her", "them", "who"})
# Verbs whose object is the addressee ("told reporters that ..."), not the content.
ADDRESSING = frozenset({"ask", "tell", "inform", "assure", "remind"})
# Speech verbs whose prepositional phrases are circumstances ("said on CNBC on Monday", "told
# reporters at a news conference"), never the content.
ADJUNCT_PREP_LEMMAS = frozenset({"say", "tell", "add", "write", "insist", "argue", "explain", "note"})


@dataclass
class Candidate:
    cue: tuple[int, int]  # characters
    cue_tok: int  # token index of the cue head
    content: list[tuple[int, int]]  # characters, sorted
    source: tuple[int, int] | None
    source_head: int | None  # token index of the source's head
    score: float
    quoted: bool = False
    reach: int = 0  # end of the cue's clause (characters): continuations attach after it
    label: str = ""  # "post" or "epigraph": a dash-and-name attribution (presslens.quotes.dashes)


def cue_chars(tok: Any) -> tuple[int, int]:
    """The cue's characters: the head plus adjacent auxiliaries/negation, or "according to"."""
    doc = tok.doc
    lo = hi = tok.i
    if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        hi = tok.i + 1
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i and tok.i - c.i <= 3:
            lo = min(lo, c.i)
        if c.dep_ == "prt" and c.i == hi + 1:
            hi = c.i
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def subtree_ids(tok: Any) -> set[int]:
    return {t.i for t in tok.subtree}


def content_tokens(tok: Any) -> set[int]:
    """Token ids of the content governed by cue ``tok`` (empty when no rule applies)."""
    if tok.lower_ == "according":
        return _according_content(tok)
    if tok.text == ":":
        return _colon_content(tok)
    comps = [c for c in tok.children if c.dep_ in CONTENT_DEPS and not _broken_off(tok, c)]
    if any(c.i > tok.i and _that_marked(c) for c in comps):
        comps = [c for c in comps if c.i > tok.i or _quoted_clause(c)]
    if comps:
        ids = set().union(*(subtree_ids(c) for c in comps)) | _stranded_subject(tok, comps[0])
        return ids | _clause_conjunct(tok, comps[-1])
    clause = _that_clause(tok) or question_clause(tok)
    if clause is not None:
        return subtree_ids(clause)
    quoted = _quoted_subject(tok) or clause_as_subject(tok)
    if quoted is not None:
        return subtree_ids(quoted)
    if _is_interposed(tok):
        return _interposed_content(tok)
    if tok.lemma_.lower() in CALL_FOR:
        called = _called_for(tok)
        if called:
            return called
    xcomp = [c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i and not adverbial_participle(c)]
    obj = subtree_ids(xcomp[0]) if xcomp else _object_content(tok)
    if not obj:
        clause = _that_clause_in_adjunct(tok)
        if clause is not None:
            return subtree_ids(clause)
    if _is_inverted(tok) and (not obj or tok.lemma_.lower() in INVERTED_LEMMAS):
        return _inverted_content(tok)
    return obj


def _quoted_subject(tok: Any) -> Any | None:
    """ "“The mission ... with one launch,” Stafford, a member of the crew, responded": the parser
    made the quotation a second subject of the cue; it is the content, the later subject the
    source."""
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i]
    if len(subjects) < 2:
        return None
    first = subjects[0]
    start = min(t.i for t in first.subtree)
    if start == 0 or tok.doc[start - 1].text not in QUOTE_MARKS:
        return None
    return first


def clause_as_subject(tok: Any) -> Any | None:
    """ "The rejection of the treaty signals “the beginning of the end” for the EU, said Geert
    Wilders": the parser made the reported clause a subject of the inverted cue ("said" right
    after a comma, its own subject after it); that first "subject" is the content."""
    before = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i]
    after = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > tok.i]
    if len(before) != 1 or not after or tok.i == 0 or tok.doc[tok.i - 1].text != ",":
        return None
    if cue_lemma(tok) not in SPEECH_VERBS or before[0].right_edge.i != tok.i - 2:
        return None
    return before[0]


CLAUSE_SUBJECTS = (*SUBJ_DEPS, "csubjpass", "expl")
# Tags of a tensed verb (past, 3rd singular, other present): what a clause's tense is read from.
TENSE_TAGS = frozenset({"VBZ", "VBD", "VBP"})


def _broken_off(tok: Any, comp: Any) -> bool:
    """ "Tinder suspended her account; it did not explain why", "... money-maker for Trump — he
    reported earning ...": a clause before the cue, cut off from it by a semicolon, colon or dash
    and not quoted, is a statement of its own that the parser hung on the cue."""
    if comp.i > tok.i:
        return False
    doc = tok.doc
    between = doc[comp.right_edge.i + 1 : tok.i]
    if not (
        any(t.text in CLAUSE_BREAKS for t in between)
        or any(t.head.i == tok.i and t.lower_ in CONSEQUENCE for t in between)
        or _adverbial_subject(comp)
    ):
        return False
    return not any(t.text in QUOTE_MARKS for t in doc[comp.left_edge.i : comp.right_edge.i + 2])


# "Her residency was still valid, so she continued to renew it": a clause the cue's sentence
# draws a consequence from is not what the cue reports.
CONSEQUENCE = frozenset({"so", "therefore", "thus", "hence"})
SUBORDINATORS = frozenset({"when", "while", "after", "before", "once", "if", "as", "since", "until"})


def _adverbial_subject(comp: Any) -> bool:
    """ "When told Perez was in the Cabinet ..., Bush thought for a moment": the parser made a
    reduced adverbial clause ("When told", a participle with no subject) the subject of the clause
    it hung on the cue; no clause has a subject that opens with "when", so that clause is no
    content."""
    return any(
        c.dep_ in ("csubj", "csubjpass")
        and c.tag_ in ("VBN", "VBG")
        and c.left_edge.lower_ in SUBORDINATORS
        and c.left_edge.i < c.i
        and not any(g.dep_ in SUBJ_DEPS for g in c.children)
        for c in comp.children
    )


def _that_marked(clause: Any) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _quoted_clause(clause: Any) -> bool:
    """A quotation mark at the clause's edges (or right after it)."""
    doc = clause.doc
    lo, hi = clause.left_edge.i, clause.right_edge.i
    sent = clause.sent
    edges = [doc[i] for i in (lo - 1, lo, hi, hi + 1) if sent.start <= i < sent.end]
    return any(t.text in QUOTE_MARKS for t in edges)


def _finite_tag(verb: Any) -> str:
    """The tense tag of a clause: its verb's, or its first auxiliary's ("were quarantined")."""
    if verb.tag_ in TENSE_TAGS:
        return verb.tag_
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    return aux[0].tag_ if aux else verb.tag_


def _clause_conjunct(tok: Any, comp: Any) -> set[int]:
    """``reports that 28 people ... were quarantined, and displayed no symptoms``: a verb with no
    subject that the parser joined to the cue, in the clause's tense where the cue is in another,
    continues the clause (the mirror of :func:`trim_tail`)."""
    tag = _finite_tag(comp)
    if tag not in TENSE_TAGS or tag == tok.tag_ or tok.tag_ not in TENSE_TAGS:
        return set()
    out: set[int] = set()
    for c in tok.children:
        if (
            c.dep_ == "conj"
            and c.i > comp.i
            and c.tag_ == tag
            and not any(g.dep_ in CLAUSE_SUBJECTS for g in c.children)
        ):
            cc = [g.i for g in tok.children if g.dep_ == "cc" and comp.i < g.i < c.i]
            out |= subtree_ids(c) | set(cc[-1:])
    return out


def _stranded_subject(tok: Any, comp: Any) -> set[int]:
    """``believes an unborn baby – up until its birth – has no rights``: the parser made the
    clause's subject the cue's object and left the clause with none.  A finite clause with no
    subject whose cue has a noun object between the two gets the words from that object on."""
    if comp.i < tok.i or any(c.dep_ in CLAUSE_SUBJECTS for c in comp.children):
        return set()
    if comp.pos_ not in ("VERB", "AUX") or (comp.tag_ in ("VB", "VBG", "VBN") and not _finite_aux(comp)):
        return set()  # an infinitive, participle or imperative has no subject of its own
    objs = [c for c in tok.children if c.dep_ in ("dobj", "xcomp") and tok.i < c.i < comp.left_edge.i]
    if not objs or not (
        (objs[0].dep_ == "dobj" and objs[0].pos_ in ("NOUN", "PROPN", "PRON")) or objs[0].tag_ == "VBG"
    ):  # a gerund subject hung on the cue: "would add being comfortable with ... is critical"
        return set()
    that = [t for t in objs[0].subtree if t.lower_ == "that" and t.i > objs[0].i and t.head.dep_ == "relcl"]
    if that and objs[0].lemma_.lower() not in PRONOUNS and cue_lemma(tok) in ADDRESSING:
        # "told friends and family that the interview aired at the weekend was ...": the
        # subject was hung on the one told as a relative clause
        return set(range(that[0].i + 1, comp.left_edge.i))
    return set(range(objs[0].left_edge.i, comp.left_edge.i))


def _finite_aux(verb: Any) -> bool:
    """ "does not seem", "will make": a bare verb made finite by "do" or a modal."""
    return any(c.dep_ == "aux" and (c.tag_ == "MD" or c.lemma_.lower() == "do") for c in verb.children)


TAIL_PUNCT = frozenset({",", "—", "–", "-", "--"})


def _as_report(t: Any) -> bool:
    """ "..., as he warned last week": an as-clause of saying with its own subject."""
    return (
        t.dep_ == "advcl"
        and cue_lemma(t) in SPEECH_VERBS
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children)
        and any(c.dep_ in CLAUSE_SUBJECTS for c in t.children)
    )


def _own_content(t: Any, inside: Any) -> bool:
    """A verb of saying with content of its own: a clause, or a quotation right after it."""
    if any(c.dep_ == "ccomp" for c in t.children):
        return True
    nxt = [x for x in t.doc[t.i + 1 : t.i + 3] if not x.is_space and x.text not in (",", ":")]
    return bool(nxt) and nxt[0].text in QUOTE_MARKS and inside(nxt[0].idx)


def trim_tail(tok: Any, ids: set[int], inside: Any) -> set[int]:
    """Content without what the parser hung on it but the source did:

    * a comma, then a reporting participle with no subject of its own (``she said, blaming some
      of it on Trump``, ``said he plans to ..., insisting that ...``);
    * another report in an as-clause (``..., as she warned last week that ...``);
    * a verb joined to the clause with no subject, in the cue's tense where the clause's verb is
      in another (``denies that the crime was a genocide and goes through great strides to ...``)
      or a verb of saying with content of its own (``said the plan failed and added, “...”``), or
      a past-tense verb after a clause under "would" (:func:`_beyond_modal`);
    * a participle set off by a comma after an object content (:func:`_act_after_object`).

    Words inside quotation marks (``inside(char)``) are never cut."""
    doc = tok.doc
    drop: set[int] = set()
    for i in sorted(ids):
        t = doc[i]
        if i in drop or t.i <= tok.i or inside(t.idx):
            continue
        before = doc[t.left_edge.i - 1] if t.left_edge.i > 0 else None
        if _as_report(t) and before is not None and before.text in TAIL_PUNCT:
            drop |= subtree_ids(t) | {before.i}
        elif any(c.dep_ in CLAUSE_SUBJECTS for c in t.children):
            continue
        elif (
            t.tag_ == "VBG"
            and t.dep_ in ("advcl", "xcomp", "conj", "acl")
            and cue_lemma(t) in REPORTING_LEMMAS
            and t.left_edge.i == t.i
            and before is not None
            and _comma_before(before)
        ) or _act_after_object(t, tok, before):
            drop |= subtree_ids(t) | {before.i}
        elif (
            t.dep_ == "conj"
            and t.head.i in ids
            and (_in_cues_tense(t, tok) or _second_report(t, inside) or _beyond_modal(t))
        ):
            cc = [c.i for c in t.head.children if c.dep_ == "cc" and c.i < t.i]
            drop |= subtree_ids(t) | set(cc[-1:])
    kept = ids - drop
    return kept if kept else ids


# Participles that work as prepositions ("a claim ..., concerning “a party gone awry”"): they go
# on the noun phrase, they are no act of the speaker's.
PREPOSITION_LIKE = frozenset(
    {
        "concerning",
        "regarding",
        "including",
        "involving",
        "following",
        "considering",
        "excluding",
        "according",
    }
)


def _act_after_object(t: Any, tok: Any, before: Any) -> bool:
    """ "called Cruz the “ultimate hypocrite,” linking to a story ...": where the content is the
    cue's object (no clause), a participle set off by a comma after it is what the subject did
    while saying so, not part of what was said."""
    return (
        t.tag_ == "VBG"
        and t.lower_ not in PREPOSITION_LIKE
        and t.dep_ in ("acl", "advcl", "xcomp")
        and t.left_edge.i == t.i
        and before is not None
        and _comma_before(before)
        and not any(c.dep_ in ("ccomp", "xcomp") and c.i < t.i for c in tok.children)
        and (t.head.i == tok.i or (t.head.dep_ in ("dobj", "oprd") and t.head.head.i == tok.i))
    )


def _comma_before(before: Any) -> bool:
    """``before`` sets off what follows: a comma or dash, or a closing quotation mark right after a
    comma (``... urban outbreak,” adding “We are very concerned ...”``)."""
    if before.text in TAIL_PUNCT:
        return True
    return before.text in CLOSING_QUOTES and before.i > 0 and before.doc[before.i - 1].text == ","


def _in_cues_tense(t: Any, tok: Any) -> bool:
    """``denies that the crime was ... and goes ...``: ``t`` is in the cue's tense, its head (a
    clause with a subject) in another."""
    head = t.head
    return (
        head.i != tok.i
        and t.tag_ in TENSE_TAGS
        and t.tag_ == tok.tag_
        and head.tag_ in TENSE_TAGS
        and head.tag_ != t.tag_
        and any(c.dep_ in CLAUSE_SUBJECTS for c in head.children)
    )


def _beyond_modal(t: Any) -> bool:
    """ "said that it would be “very hard” for Romney to attend, but downplayed the issue": a past
    tense verb set off by a comma and "but/and" cannot go on a clause under "would" (that takes a
    bare verb), so, with no subject of its own, it is the source's next act, not more content.
    ("cut", "put": a past form spelled like the bare verb may be a mis-tagged bare verb.)"""
    head = t.head
    cc = t.doc[t.i - 1] if t.i > 0 else None
    return (
        t.tag_ == "VBD"
        and t.lower_ != t.lemma_.lower()
        and cc is not None
        and cc.dep_ == "cc"
        and cc.i > 0
        and t.doc[cc.i - 1].text == ","
        and head.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "would" for c in head.children)
    )


def _second_report(t: Any, inside: Any) -> bool:
    """``... and added, “I frankly cringe ...”``: a finite verb of saying with its own content."""
    return cue_lemma(t) in SPEECH_VERBS and t.tag_ in TENSE_TAGS and _own_content(t, inside)


def _that_clause(tok: Any) -> Any | None:
    """``tells the paper that he fought ...``, ``told reporters at a news conference that
    officials began ...``, ``told CBS ahead of the ruling that ...``: a that-clause the parser hung
    on the addressee or on an adjunct's noun as a relative clause.  It is the content when "that" is a complementiser (``mark``), or, for
    a verb of telling, when it follows the addressee directly and the clause has its own subject."""
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.i < tok.i or c.dep_ not in ("dobj", "dative", "prep", "npadvmod", "advmod"):
            continue
        if c.dep_ == "advmod":  # "told CBS ahead of the ruling that ...": the adverb's object
            nouns = [g for p in c.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
        else:
            nouns = [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" else [c]
        for n in nouns:
            if n.i + 1 >= len(n.doc) or n.doc[n.i + 1].lower_ != "that":
                continue
            that = n.doc[n.i + 1]
            for r in n.rights:
                if (
                    r.dep_ not in ("relcl", "acl", "ccomp")
                    or r.left_edge.i != that.i
                    or r.pos_ not in ("VERB", "AUX")
                ):
                    continue
                if that.dep_ == "mark":
                    return r
                addressee = lemma in ADDRESSING and c.dep_ in ("dobj", "dative")
                subj = [g for g in r.children if g.dep_ in ("nsubj", "nsubjpass") and g.i != that.i]
                if addressee and subj and that.dep_ != "nsubj":
                    return r
    return None


def _that_clause_in_adjunct(tok: Any) -> Any | None:
    """ "said in a statement released on Monday that ...", "said earlier that ...": a clause
    opened by the complementiser "that" that the parser hung deeper inside the cue's adjunct (a
    participle after its noun, an adverb); the first such clause after the cue is its content."""
    for c in tok.children:
        if c.i < tok.i or c.dep_ not in ("prep", "npadvmod", "advmod"):
            continue
        near = {c.i} | {g.i for g in c.children if g.dep_ == "pobj"}
        near |= {h.i for g in c.children if g.dep_ == "pobj" for h in g.children if h.dep_ == "acl"}
        for r in c.subtree:
            if r.head.i not in near:
                continue
            if r.dep_ in ("relcl", "acl", "ccomp") and r.pos_ in ("VERB", "AUX") and r.i > r.left_edge.i:
                first = r.left_edge
                if first.lower_ == "that" and first.dep_ == "mark" and first.head.i == r.i:
                    return r
    return None


def question_clause(tok: Any) -> Any | None:
    """``asked workers if they planned to attend``: the if/whether clause that the parser hung on
    "ask" as an adverbial clause is the question asked, not a condition."""
    if cue_lemma(tok) != "ask":
        return None
    for c in tok.rights:
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "whether") for g in c.children):
            return c
    return None


def _is_interposed(tok: Any) -> bool:
    """``"X," Blackwell added, "Y"`` / ``he said, "Y"`` parsed with the cue as a parataxis of a
    verb after it (a speech verb with a subject, interposed in or before its content); and
    ``As Politico reported, "Y"`` (an "as" clause before its content)."""
    if tok.head.i <= tok.i or not any(c.dep_ == "nsubj" for c in tok.children):
        return False
    if tok.dep_ == "parataxis":
        return tok.lemma_.lower() in INVERTED_LEMMAS
    return (
        tok.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)
        and not _own_object(tok)
    )


def _own_object(tok: Any) -> bool:
    """ "As Trump attacked Clinton, the attendees chanted ...", "As the judge read his decision,
    ...": an as-clause whose verb has an object of its own (not the one told) says when the main
    clause happened; it does not report it."""
    if any(c.dep_ in ("ccomp", "xcomp") for c in tok.children):
        return True
    if cue_lemma(tok) in ADDRESSING:  # "As Smith told reporters, ...": the one told is no content
        return False
    return any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") for c in tok.children)


def _split_subjects(tok: Any) -> bool:
    """ "Mr Salama, the WHO's deputy director-general, said Mbandaka's location on the Congo
    river, widely used for transportation, raised the prospect ...": the parser hung the cue on
    the reported verb and gave it two subjects; the one before the cue speaks, the one after it
    is the reported clause's subject."""
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    return (
        len(subj) == 2
        and subj[0].i < tok.i < subj[1].i
        and tok.dep_ == "parataxis"
        and tok.head.i > subj[1].i
        and subj[1].pos_ in ("NOUN", "PROPN")
        and cue_lemma(tok) in SPEECH_VERBS
    )


def _interposed_content(tok: Any) -> set[int]:
    """The sentence minus the cue's subtree; only what follows the cue when nothing before it
    is quoted (``On TV Tuesday, he said, "Y"``: the scene is not the content)."""
    sent, cue = tok.sent, subtree_ids(tok)
    if _split_subjects(tok):  # the words after the cue, its second subject's too, are content
        return {t.i for t in sent if t.i > tok.i and t.i in subtree_ids(tok.head)}
    left = min(cue)
    text = tok.doc.text
    before = text[sent.start_char : tok.doc[left].idx]
    after = [t.i for t in sent if t.i > max(cue)]
    if not any(ch in before for ch in '"“”') and not _subject_before(tok.head, left):
        return set(after)
    return {t.i for t in sent if t.i not in cue}


def _subject_before(head: Any, left: int) -> bool:
    """``Riding alone in the park, they said, can be hazardous``: the clause the cue interrupts
    has its subject before the cue (or none after it), so the words before the cue are content."""
    subjects = [c for c in head.children if c.dep_ in CLAUSE_SUBJECTS]
    if subjects:
        return subjects[0].i < left
    return head.pos_ in ("VERB", "AUX") and any(
        c.i < left and c.dep_ in ("advcl", "csubj") and c.tag_ == "VBG" for c in head.children
    )


def _called_for(tok: Any) -> set[int]:
    """``called for X to release Y``: what follows "for", with the infinitive clause the parser
    may hang on the verb (the content of a demand)."""
    fors = [c for c in tok.children if c.lower_ == "for" and tok.i < c.i <= tok.i + 2]
    clause = [c for c in tok.children if c.dep_ in ("advcl", "xcomp", "ccomp") and c.i > tok.i]
    if not fors and clause:  # "called for all candidates to lay out ...": "for" marks the clause
        fors = [g for g in clause[0].children if g.lower_ == "for" and g.dep_ == "mark" and g.i <= tok.i + 2]
    if not fors:
        return set()
    ids = subtree_ids(fors[0]) - {fors[0].i}
    for c in tok.children:
        if c.dep_ in ("advcl", "xcomp") and c.i > fors[0].i and any(g.lower_ == "to" for g in c.children):
            ids |= subtree_ids(c)
    return ids if any(tok.doc[i].pos_ in ("VERB", "AUX") for i in ids) else set()


WH_OPENERS = frozenset({"what", "how", "why", "whatever"})


def _and_clause(tok: Any) -> bool:
    """ "Rask made 25 saves and Clifton added a goal": the cue opens a clause of its own right
    after "and/but" (its subject follows the conjunction), with no quotation in between."""
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i]
    if not subj:
        return False
    start = subj[0].left_edge.i
    before = [t for t in tok.doc[max(tok.head.i + 1, start - 2) : start] if t.text != ","]
    if not before or before[-1].dep_ != "cc":
        return False
    return not any(t.text in QUOTE_MARKS for t in tok.doc[before[-1].i : tok.i])


CLAUSE_BREAKS = frozenset({":", ";", "—", "–", "--"})


def _is_inverted(tok: Any) -> bool:
    """``"X," he said`` / ``X, al-Qaddoumi added``: a cue verb attached after its content.  Not a
    cue in a subordinate clause of its own ("The video had been altered ..., when, in fact, he
    responded quickly": what he responded is not the video's story)."""
    if tok.tag_ == "VBG":  # "gave a pep talk, telling them to ...": a participle reports what follows it
        return False
    if tok.dep_ == "conj" and _and_clause(tok):
        return (
            False  # "Rask made 25 saves and Clifton added a goal": a second clause, not a report of the first
        )
    if tok.dep_ == "conj" and tok.i > 0 and tok.doc[tok.i - 1].dep_ == "cc":
        return False  # "Green accepts that ..., but says ...": the same subject's next act
    if any(
        c.lower_ in WH_OPENERS and c.i < tok.i and c.dep_ in ("dobj", "advmod", "attr") for c in tok.children
    ):
        return False  # "Here's what the reviews say", "That's what he said": a free relative, not a report of "Here's"
    if tok.dep_ == "advcl" and any(
        (c.dep_ == "mark" and c.lower_ != "as") or (c.dep_ == "advmod" and c.tag_ == "WRB" and c.i < tok.i)
        for c in tok.children
    ):
        return False
    if tok.lemma_.lower() not in ADDRESSING and any(
        c.dep_ == "dobj" and c.i > tok.i and c.pos_ in ("NOUN", "PROPN") for c in tok.children
    ):
        return False  # "X had two goals, Y added a goal": a cue with an object of its own reports nothing before it
    return (
        tok.dep_ in ("parataxis", "advcl", "ccomp", "conj")
        and tok.head.i < tok.i
        and tok.pos_ in ("VERB", "AUX")
    )


def _according_content(tok: Any) -> set[int]:
    head = tok.head
    if head.i == tok.i:
        sent = tok.sent
        return {t.i for t in sent if t.i not in subtree_ids(tok)}
    # "Trump, according to the White House, made a trip": set off by commas and hung on a noun by
    # the parser, the phrase is about the noun's clause, not the noun alone
    comma = tok.i > 0 and tok.doc[tok.i - 1].text == ","
    while comma and head.pos_ in ("NOUN", "PROPN", "PRON") and head.head.i != head.i:
        head = head.head
    return subtree_ids(head) - subtree_ids(tok)


def _colon_content(tok: Any) -> set[int]:
    sent = tok.sent
    return {t.i for t in sent if t.i > tok.i}


def _inverted_content(tok: Any) -> set[int]:
    head = tok.head
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head
    ids = subtree_ids(head) - subtree_ids(tok)
    doc = tok.doc
    for c in tok.lefts:
        # "X actually made it to Syria, but after three months tried to escape and was captured,
        # The Washington Post reports": the parser hung the clause's second verb, after "but",
        # on the cue; it goes on with the clause the cue reports
        before = doc[c.left_edge.i - 1] if c.left_edge.i > 0 else None
        if (
            c.dep_ == "advcl"
            and c.pos_ in ("VERB", "AUX")
            and before is not None
            and before.dep_ == "cc"
            and before.i in ids
            and not any(g.dep_ in ("mark", *CLAUSE_SUBJECTS) for g in c.children)
        ):
            ids |= subtree_ids(c)
    return ids


def adverbial_participle(tok: Any) -> bool:
    """ "had admitted 1.4 million refugees, overwhelming Jordan's economy": a participle set off
    by a comma says what followed or how, not what was reported."""
    return (
        tok.tag_ == "VBG"
        and tok.dep_ in ("xcomp", "advcl", "acl")
        and tok.lower_ != "according"
        and tok.i > 0
        and tok.doc[tok.i - 1].text == ","
    )


def _object_content(tok: Any) -> set[int]:
    right = [
        c
        for c in tok.children
        if c.i > tok.i and c.dep_ in ("dobj", "prep", "xcomp", "oprd", "acl", "attr", "acomp")
    ]
    right = [c for c in right if not adverbial_participle(c) and not _anonymity(c)]
    if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in ADJUNCT_PREP_LEMMAS:
        right = [c for c in right if c.dep_ != "prep"]
    if tok.pos_ == "NOUN":
        right = [c for c in tok.children if c.i > tok.i and c.dep_ in ("acl", "ccomp", "relcl", "prep")]
        right = [c for c in right if c.dep_ != "prep" or c.lower_ in ("that", "of", "about", "on")]
    if not right:
        return set()
    ids: set[int] = set()
    for c in right:
        ids |= subtree_ids(c)
    return ids


def relaying_according(cue: Any) -> list[Any]:
    """The "according" of "according to X" that relays cue ``cue``'s report: hung on the cue
    ("the plan failed, the ministry said, according to TASS") or standing between the cue and
    its that-clause ("the ministry said, according to TASS, that ..."); not one inside the content
    ("said that, according to police, 12 died": the police are the source there)."""
    out = [c for c in cue.children if c.lower_ == "according"]
    for comp in (c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i):
        that = [m for m in comp.children if m.dep_ == "mark" and m.lower_ == "that" and m.i > cue.i]
        if that:
            out += [t for t in cue.doc[cue.i + 1 : that[0].i] if t.lower_ == "according" and t.head == comp]
    # "According to The Daily Caller, the police found ..., Sheriff X said": opening the sentence
    # before content that comes first, it relays the whole report
    opening = next((t for t in cue.sent if t.is_alpha), None)
    comp = opening.head if opening is not None and opening.lower_ == "according" else None
    if comp is not None and comp.dep_ == "ccomp" and comp.head == cue and comp.i < cue.i:
        out.append(opening)
    return out


def quoting_verb(tok: Any) -> Any | None:
    """The "quoted"/"cited" of "(was) quoted (by) X as saying ..." when ``tok`` is its "saying"."""
    prep = tok.head if tok.dep_ == "pcomp" else None
    if prep is None or prep.lower_ != "as" or prep.head.lemma_.lower() not in ("quote", "cite"):
        return None
    return prep.head


def _anonymity(c: Any) -> bool:
    """ "spoke on condition of anonymity": how the source spoke, not what it said."""
    return c.dep_ == "prep" and any(
        g.dep_ == "pobj" and g.lemma_.lower() in ("condition", "anonymity") for g in c.children
    )


def source_head(tok: Any) -> Any | None:
    """The source's head token for cue ``tok`` (subject, agent, "according to" object ...)."""
    if tok.lower_ == "according":
        return _pobj_of(tok, "to")
    if tok.text == ":":
        left = [t for t in tok.sent if t.i < tok.i]
        if not 0 < len(left) <= 8:
            return None
        last = left[-1]
        # "Cardinal Burke to Michael Matt: ...": the one addressed is no speaker
        prep = last.head if last.dep_ == "pobj" else None
        if prep is not None and prep.lower_ == "to" and prep.dep_ == "prep" and prep.head.i < prep.i:
            return prep.head
        return last
    if tok.pos_ == "NOUN":
        return _noun_source(tok)
    head = _verb_source(tok, depth=0)
    if head is not None and _disagrees(tok, head):
        return None  # "Steyer will be on stage, but expect ...": an imperative, no one's words
    if head is None and tok.pos_ == "VERB" and cue_lemma(tok) in SPEECH_VERBS:
        head = _unparsed_subject(tok)
    return _past_dateline(head) if head is not None else None


THIRD_SINGULAR = frozenset({"he", "she"})


def _disagrees(tok: Any, subj: Any) -> bool:
    """ "Steyer will be on stage, but expect ...": a present-tense cue that is no third-person
    form (VBP), joined to a clause whose subject is one person (a named person or he/she, not
    coordinated), with no subject or auxiliary of its own: an imperative the parser hung on the
    clause before, not that person's words.  Not a verb sharing an infinitive's "to" ("asking
    them to raise their hands and pledge")."""
    if tok.tag_ != "VBP" or tok.dep_ != "conj" or subj.head.i == tok.i:
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children):
        return False
    if not (subj.ent_type_ == "PERSON" or subj.lower_ in THIRD_SINGULAR) or subj.tag_ in ("NNS", "NNPS"):
        return False
    if any(c.dep_ in ("conj", "appos") for c in subj.children) or subj.dep_ == "conj":
        return False
    node = tok
    while node.i != subj.head.i and node.head.i != node.i:
        node = node.head
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
            return False
    return True


DASHES = frozenset({"-", "–", "—", "--"})
# a source's head at most this many tokens after the paragraph start ("LONDON, Nov 5 (Reuters) -")
DATELINE_TOKENS = 8
DATELINE_SPAN = 16  # "WASHINGTON, D.C., February 12, 2018 (LifeSiteNews) –": at most this many tokens


def dateline_end(first: Any) -> int | None:
    """Index of the token that ends a dateline opening a paragraph at token ``first``: the dash
    after names, numbers, dates and punctuation ("Indianapolis –", "WASHINGTON (AP) —", "ROME,
    February 2, 2018 (LifeSiteNews) —", "PanARMENIAN.Net -"), with a place in capitals or a
    location, an outlet in brackets or a web address among them; or the closing bracket of an
    outlet in brackets alone ("(CNN) The government ...").  None when there is none ("Murphy —
    after a knock-on-wood gesture — told": a person; "(I-Vt.)": no dash set off by a space)."""
    doc = first.doc
    toks = doc[first.i : min(len(doc), first.i + DATELINE_SPAN)]
    if first.text == "(":
        close = next((t for t in toks[1:5] if t.text == ")"), None)
        if close is not None and all(t.pos_ == "PROPN" for t in doc[first.i + 1 : close.i]):
            return close.i
        return None
    marked = (
        (first.is_upper and len(first) > 1)
        or first.ent_type_ in ("GPE", "LOC")
        or "." in first.text[1:-1]
        or (first.i > 0 and doc[first.i - 1].text == ".")
    )
    for t in toks[1:]:
        if t.text in DASHES:
            before = doc[t.i - 1]
            if (marked or before.text == ")") and (t.whitespace_ or before.whitespace_ or before.text == ")"):
                return t.i
            return None
        if t.text == ")":
            marked = True
        if not (t.pos_ in ("PROPN", "NUM", "PUNCT") or t.ent_type_ == "DATE" or t.is_upper):
            return None
    return None


def _dateline_dash(tok: Any) -> int | None:
    """Index of the token ending a dateline (:func:`dateline_end`) that opens the paragraph of
    ``tok``, at most :data:`DATELINE_TOKENS` tokens before it; None when there is none."""
    doc = tok.doc
    start = tok.i
    while start > 0 and "\n" not in doc[start - 1].text_with_ws and tok.i - start < DATELINE_TOKENS:
        start -= 1
    if start > 0 and "\n" not in doc[start - 1].text_with_ws:
        return None
    return dateline_end(doc[start])


def _past_dateline(head: Any) -> Any | None:
    """A dateline the parser took for the subject ("Indianapolis – Several thousand teachers ...
    rallied ...": the city the subject, the teachers its apposition): the noun after the dash
    that the dateline governs, else None.  A place that opens a paragraph and is set off by a
    dash is where the story was filed, never who speaks."""
    if head.pos_ != "PROPN":
        return head
    dash = _dateline_dash(head)
    if dash is None or dash < head.i:
        return head
    after = [c for c in head.children if c.i > dash and c.pos_ in ("NOUN", "PROPN", "PRON")]
    return after[0] if after else None


NOUN_RUN = frozenset({"DET", "PROPN", "NOUN", "ADJ", "NUM"})


def _noun_run(doc: Any, i: int, step: int, stop: int) -> Any | None:
    """The last noun of the noun phrase starting at token ``i`` (words of :data:`NOUN_RUN` read
    in direction ``step`` up to ``stop``), or None."""
    last = None
    while i != stop and (doc[i].pos_ in NOUN_RUN or (last is not None and doc[i].tag_ == "POS")):
        if doc[i].pos_ in ("PROPN", "NOUN"):
            last = doc[i]
        i += step
    return last


def _unparsed_subject(tok: Any) -> Any | None:
    """The speaker of a speech verb the parser left without a subject: after it in an inverted
    report (``“...,” said the woman, who ...``), or a name opening the clause and set off by a
    comma before it (``Mr. Slinker, whose start-up ..., said``)."""
    doc, sent = tok.doc, tok.sent
    k = tok.i - 1
    while k >= sent.start and doc[k].is_space:
        k -= 1
    before = doc[k].text.rstrip()[-1:] if k >= sent.start else ""  # (not doc.text: O(document))
    if tok.i + 1 < sent.end and before in (",", "”", '"', "’", "'"):
        inverted = _noun_run(doc, tok.i + 1, 1, sent.end)
        after = doc[inverted.i + 1] if inverted is not None and inverted.i + 1 < len(doc) else None
        if inverted is not None and (after is None or after.pos_ not in ("VERB", "AUX")):
            return inverted  # not "Mr. Slinker ..., said Mr. Trump was ...": the content's subject
    start = sent.start
    for t in doc[sent.start : tok.i]:  # the clause after a quotation: “...,” NAME, ..., said
        if t.text in ("”", '"', "''") and t.i + 1 < tok.i and doc[t.i + 1].text != ",":
            start = t.i + 1
        elif t.text in ("”", '"', "''") and t.i + 2 < tok.i and doc[t.i + 1].text == ",":
            start = t.i + 2
    if start >= tok.i or doc[tok.i - 1].text != ",":
        return None
    first = doc[start]
    if first.pos_ not in ("PROPN", "DET"):
        return _name_after_opener(tok, start)
    head = _noun_run(doc, start, 1, tok.i)
    nxt = head.i + 1 if head is not None else tok.i
    return head if head is not None and nxt < tok.i and doc[nxt].text in (",", "(", "-", "–", "—") else None


def _name_after_opener(tok: Any, start: int) -> Any | None:
    """``Alarmed by the unrest, Senator Harry Reid, the minority leader, said``: after an opening
    phrase with no subject, a person's or organisation's name set off by commas before the cue."""
    doc = tok.doc
    for k in range(start, tok.i - 1):
        if doc[k].text != ",":
            continue
        if any(t.dep_ in CLAUSE_SUBJECTS for t in doc[start:k]):
            return None  # the opening has a clause of its own
        head = _noun_run(doc, k + 1, 1, tok.i)
        if head is None or doc[k + 1].pos_ != "PROPN" or head.ent_type_ not in ("PERSON", "ORG"):
            continue
        rest = doc[head.i + 1 : tok.i]
        if rest and rest[0].text == "," and not any(t.pos_ in ("VERB", "AUX") for t in rest):
            return head
    return None


def _pobj_of(tok: Any, prep: str) -> Any | None:
    for c in tok.rights:
        if c.lower_ == prep:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
        if c.dep_ == "pobj":
            return c
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ == prep:
        for g in nxt.children:
            if g.dep_ == "pobj":
                return g
    return None


def _verb_source(tok: Any, depth: int, speech: bool = False) -> Any | None:
    """``speech``: the cue is a speech-verb participle ("saying"), whose clause may hang on what
    any verb with a subject reports ("disputed that Mike was ..., saying instead he was ...")."""
    agent = [c for c in tok.children if c.dep_ == "agent"]
    passive_subj = [c for c in tok.children if c.dep_ == "nsubjpass"]
    if passive_subj and tok.lemma_.lower() in ("quote", "cite"):  # "Y was quoted by X as saying"
        return passive_subj[0]
    quoting = quoting_verb(tok) if depth == 0 else None
    if quoting is not None:
        quoted = [c for c in quoting.children if c.dep_ == "dobj"]  # "X quoted Y as saying"
        if quoted:
            return quoted[0]
    if agent and _active_perfect(tok):
        agent = []  # "The pope has stuck by Barros, dismissing ...": no passive, no agent
    if agent:
        pobj = [g for g in agent[0].children if g.dep_ == "pobj"]
        if pobj:
            return pobj[0]
    if depth > 0 and _reported_clause(tok, speech):
        # "Trump announced that he filed ..., saying it set a benchmark": a participle or a
        # conjunct hung on the reported clause continues the report, whose subject speaks
        return _verb_source(tok.head, depth + 1)
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if depth == 0 and _split_subjects(tok):  # "Mr Salama, ..., said Mbandaka's location ... raised"
        return subj[0]
    if subj:  # the nearest: "IRAN – Khaled al-Qaddoumi ... has termed" has a dateline subject too
        return min(subj, key=lambda c: abs(tok.i - c.i))
    if depth < 3 and tok.dep_ in ("xcomp", "conj", "advcl", "pcomp") and tok.head.i != tok.i:
        stray = _stray_name_before(tok) if tok.dep_ == "conj" else None
        if stray is not None:
            return stray  # the name right before the verb, which the parser hung elsewhere: its subject
        speech = speech or (depth == 0 and tok.tag_ == "VBG" and cue_lemma(tok) in SPEECH_VERBS)
        return _verb_source(tok.head, depth + 1, speech)
    # "distanced himself ... by saying", "after suggesting that ..., Mr. Rubio disagreed": a
    # gerund under a preposition speaks with the subject of the verb the preposition modifies
    if depth < 3 and tok.dep_ == "prep" and tok.pos_ in ("ADP", "SCONJ") and tok.head.pos_ in ("VERB", "AUX"):
        if _watched_doer(tok.head):
            return None
        return _verb_source(tok.head, depth + 1)
    if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return tok.head
    return None


# Verbs of perceiving and letting: "watches Mr. Sanders thrill audiences by exhorting them":
# their object does what follows, and the parser often hangs that on the verb itself.
PERCEPTION_LEMMAS = frozenset({"watch", "see", "hear", "let", "make", "help", "notice", "observe"})


def _watched_doer(verb: Any) -> bool:
    """``verb`` perceives or lets someone (its object) do something: a by-gerund hung on it may
    be that one's act, not its subject's ("she watches Mr. Sanders thrill audiences by exhorting
    them ...": Sanders exhorts)."""
    return verb.lemma_.lower() in PERCEPTION_LEMMAS and any(
        c.dep_ == "dobj" and c.pos_ in ("PROPN", "PRON", "NOUN") for c in verb.children
    )


def _active_perfect(tok: Any) -> bool:
    """``tok`` is an active verb with "have" ("has stuck by"), which the parser may still give a
    passive agent: its "by" phrase is no agent ("has been quoted by" is a passive)."""
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in auxes) and not any(
        c.dep_ == "auxpass" for c in auxes
    )


def _stray_name_before(tok: Any) -> Any | None:
    """The subject of a finite conjunct verb that has no subject or conjunction of its own when the
    words right before it are a name's phrase that the parser hung elsewhere ("In case Kim didn't
    remember the fate of Iraq, Libya, and Syria, Trump's advisor John Bolton, a fanatic's fanatic,
    cheerfully recalled ...": "Bolton" became a conjunct of "Syria" and "recalled" one of
    "remember"; "“...,” William M. Daley, Obama's former chief of staff, said of ..."): that name,
    not the first verb's subject.  Only commas and adverbs may stand between; the phrase must not
    belong to another verb ("She urged them to oust Qaddafi in Libya, proposed ...": Qaddafi is
    the object of "oust"), nor be the first verb's object ("Graham slams Trump, praises ...")."""
    if tok.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    before = [t for t in tok.doc[tok.head.i + 1 : tok.i] if not (t.is_punct or t.is_space or t.pos_ == "ADV")]
    if not before or before[-1].dep_ == "cc":
        return None
    x, name = before[-1], None
    while not x.is_ancestor(tok) and x.head.i != x.i:
        if x.pos_ in ("VERB", "AUX"):
            return None
        if name is None and x.pos_ == "PROPN" and x.ent_type_ in ("PERSON", "ORG"):
            name = x
        x = x.head
    # not the first verb's own object ("slams Trump, praises Clinton")
    return None if name is None or name.head.is_ancestor(tok) else name


def _reported_clause(tok: Any, speech: bool = False) -> bool:
    """``tok`` is the clause a reporting verb with a subject of its own reports (with ``speech``,
    a that-clause of any verb with a subject)."""
    if tok.dep_ == "conj" and tok.head.dep_ == "ccomp":  # "says that X ... and that Y is ..., explaining"
        tok = tok.head
    head = tok.head
    return (
        tok.dep_ == "ccomp"
        and head.i != tok.i
        and head.pos_ in ("VERB", "AUX")
        and (
            cue_lemma(head) in REPORTING_LEMMAS
            or (speech and any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children))
        )
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
    )


def _noun_source(tok: Any) -> Any | None:
    for c in tok.children:
        if c.dep_ in ("poss", "compound") and c.pos_ in ("PROPN", "PRON", "NOUN") and c.i < tok.i:
            return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    head = tok.head
    # "said in a statement that ...": the statement is the subject's; "held firm despite
    # criticisms that ...", "pushed back against claims that ...": the claims are other people's
    if tok.dep_ == "pobj" and head.lower_ not in OTHERS_PREPS and head.head.pos_ in ("VERB", "AUX"):
        return _verb_source(head.head, depth=1)
    return None


OTHERS_PREPS = frozenset(
    {"despite", "against", "amid", "amidst", "over", "about", "to", "after", "following", "notwithstanding"}
)


def source_span(head: Any, cue: int | None = None) -> tuple[int, int]:
    """Character span of the source phrase: the head's subtree on its side of the cue (token
    ``cue``), minus clauses and edge punctuation."""
    ids = [head.i]
    for t in head.subtree:
        ids.append(t.i)
    lo, hi = min(ids), max(ids)
    if cue is not None and head.i < cue < hi:
        hi = cue - 1  # "X said Y: “The judge, ...”" with the quotation hung on X
    elif cue is not None and lo < cue < head.i:
        lo = cue + 1
    doc = head.doc
    while lo < head.i and (doc[lo].text in SKIP_EDGE or doc[lo].is_space):
        lo += 1
    while hi > head.i and (doc[hi].text in SKIP_EDGE or doc[hi].is_space):
        if doc[hi].text in ")]" and _opens_inside(doc, list(range(lo, hi + 1))):
            break  # "Sen. Bernie Sanders (I-Vt.)": the bracket closes one the source opened
        hi -= 1
    # '..., we\'ve found water in vapor form," lead researcher X said': the source starts after
    # the quotation that the parser hung on it (a closing quote after the quotation's comma)
    for k in range(head.i - 1, lo, -1):
        if doc[k].text in CLOSING_QUOTES and doc[k - 1].text in (",", ".", "?", "!"):
            lo = k + 1
            break
    dash = _dateline_dash(doc[lo]) if lo < head.i else None
    if dash is not None and lo <= dash < head.i:
        lo = dash + 1  # "RANGOON, Burma - Aung San Suu Kyi's allies": the dateline is no source
    # cut relative clauses to the right of the head (", who ...")
    for c in head.rights:
        if c.dep_ in ("relcl", "acl") and c.i > head.i:
            hi = min(hi, max(head.i, c.left_edge.i - 1))
            while hi > head.i and doc[hi].text in SKIP_EDGE:
                hi -= 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def to_fragments(doc: Any, ids: set[int], exclude: set[int]) -> list[tuple[int, int]]:
    """Contiguous runs of token ids (minus ``exclude``) as character fragments, edges trimmed."""
    keep = sorted(i for i in ids if i not in exclude)
    runs: list[list[int]] = []
    for i in keep:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    frags = []
    for run in runs:
        # a line break is no content either ("explains that ...:\n" ends at the colon's word)
        while run and (doc[run[0]].is_space or doc[run[0]].text in SKIP_EDGE - frozenset('"“‘')):
            run = run[1:]
        while run and (doc[run[-1]].is_space or doc[run[-1]].text in SKIP_EDGE - frozenset('"”’')):
            if doc[run[-1]].text in ")]" and _opens_inside(doc, run):
                break  # "... for Christmas (Wales Online)": the bracket closes one the content opened
            run = run[:-1]
        if all(doc[i].is_punct or doc[i].is_space for i in run):
            continue  # a lone "." left after cutting out "according to X"
        if run:
            frags.append((doc[run[0]].idx, doc[run[-1]].idx + len(doc[run[-1]])))
    return frags


def _opens_inside(doc: Any, run: list[int]) -> bool:
    """More brackets open than close in ``run`` before its last token."""
    depth = 0
    for i in run[:-1]:
        depth += doc[i].text in ("(", "[")
        depth -= doc[i].text in (")", "]")
    return depth > 0


def extend_to_quotes(
    frags: list[tuple[int, int]], qindex: QuoteIndex, cue: tuple[int, int]
) -> list[tuple[int, int]]:
    """Grow fragments that end or start inside quotation marks to the whole quoted region."""
    out = []
    for s, e in frags:
        for pos in (s, e - 1):
            region = qindex.region_at(pos)
            if region and not (region[0] <= cue[0] < region[1]):
                s, e = min(s, region[0]), max(e, region[1])
        out.append((s, e))
    return merge(out)


def merge(frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(frags):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
