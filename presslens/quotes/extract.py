"""From a parsed Doc to quote candidates: cue classifier, dependency rules, quote-mark repairs."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from typing import Any

from presslens.intervals import Disjoint
from presslens.quotes.cues import SPEECH_VERBS, cue_lemma, is_reporting_lemma, score_cues
from presslens.quotes.dashes import dash_candidates
from presslens.quotes.features import QuoteIndex, is_single_marked, quote_regions
from presslens.quotes.rules import (
    ADDRESSING,
    QUOTE_MARKS,
    TENSE_TAGS,
    Candidate,
    adverbial_participle,
    clause_as_subject,
    content_tokens,
    cue_chars,
    dateline_end,
    extend_to_quotes,
    merge,
    question_clause,
    relaying_according,
    source_head,
    source_span,
    subtree_ids,
    to_fragments,
    trim_tail,
)
from presslens.quotes.speakers import PERSON_HEADS

MIN_CONTENT_CHARS = 3
DESCRIBING = frozenset({"term", "describe", "characterize", "characterise", "label", "brand"})
ADDRESSEE_DEPS = ("dobj", "dative", "iobj")
COLON_SCORE = 0.6  # confidence of a rule-found ``Name: statement`` colon cue


def extract_candidates(
    doc: Any,
    weights: dict[str, float],
    threshold: float,
    qindex: QuoteIndex | None = None,
    scope: str = "reported",
) -> list[Candidate]:
    """All quote candidates of ``doc`` in text order.  ``qindex``: the quote regions of
    ``doc.text`` when the caller has them already.  ``scope``: "reported" keeps reported speech,
    thought and writing only (:func:`reports_content`); "attribution" keeps every attribution the
    cue classifier finds (PolNeAR's wider scheme: "polls show", "X supports Y")."""
    text = doc.text  # Doc.text joins every token: build it once
    if qindex is None:
        qindex = QuoteIndex(quote_regions(text), text)
    probs = score_cues(doc, qindex.double_only(), weights)
    cands = []
    for i, prob in probs.items():
        if doc[i].text == ":" and colon_rule(doc[i], capitals=scope == "reported"):
            prob = max(prob, COLON_SCORE)
        tok = _carried(doc[i]) if scope == "reported" else doc[i]
        if _relayed_speech(doc[i]) or _termed_as(doc[i]) or tok.i != i:
            prob = max(prob, threshold)
        if prob >= threshold and not (scope == "reported" and _in_single_marks(tok, qindex)):
            cand = build_candidate(tok, prob, qindex, strict=scope == "reported")
            if cand is not None:
                cands.append(cand)
    cands = _dedupe(cands)
    cands += dash_candidates(doc, qindex, cands)
    add_continuations(text, cands, qindex)
    return sorted(cands, key=lambda c: c.cue)


CARRIERS = frozenset({"continue", "try", "begin", "start", "keep", "attempt", "seek", "repeat"})


def _carried(tok: Any) -> Any:
    """ "Trump continues to insist his tactics will work", "tried to suggest that ...": the cue
    is the verb of saying that "continue"/"try" carries, with its own clause; likewise "was quoted
    as saying ...", "TASS quoted the ministry as saying ..." and "went on to say ..."."""
    if tok.lemma_.lower() == "quote":
        # "X was quoted (by The Times) as saying ...": the cue is the verb of saying
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"):
            said = [g for g in prep.children if g.dep_ == "pcomp" and cue_lemma(g) in SPEECH_VERBS]
            if said and any(g.i > said[0].i for g in said[0].children):  # not "“...,” X is quoted as saying."
                return said[0]
    if tok.lemma_.lower() == "go" and any(c.dep_ == "prt" and c.lower_ == "on" for c in tok.children):
        # "She went on to say: ...", "went on to say that ...": the cue is the verb of saying
        said = [c for c in tok.children if c.dep_ in ("xcomp", "advcl") and cue_lemma(c) in SPEECH_VERBS]
        if said and _says_something(said[0]):
            return said[0]
        return tok
    if tok.lemma_.lower() not in CARRIERS:
        return tok
    for c in tok.children:
        if c.dep_ == "xcomp" and cue_lemma(c) in SPEECH_VERBS and any(g.dep_ == "ccomp" for g in c.children):
            return c
    return tok


def _says_something(tok: Any) -> bool:
    """A clause of its own, or a colon right after it ("went on to say: ..."), not an object
    ("went on ... to admit the intent")."""
    doc = tok.doc
    return any(c.dep_ == "ccomp" for c in tok.children) or (
        tok.i + 1 < len(doc) and doc[tok.i + 1].text == ":"
    )


def _relayed_speech(tok: Any) -> bool:
    """``X reported that Y said ...``: keep the inner speech verb (PolNeAR keeps only the outer)."""
    return (
        tok.lemma_.lower() in ("say", "tell")
        and tok.dep_ == "ccomp"
        and tok.head.lemma_.lower() in ("report", "quote")
        and any(c.dep_ == "nsubj" for c in tok.children)
        and any(c.dep_ == "ccomp" for c in tok.children)
    )


def _termed_as(tok: Any) -> bool:
    """ "X has termed Y's role ... as unique": a verb of describing with an object and "as"."""
    if tok.lemma_.lower() not in DESCRIBING:
        return False
    deps = {c.dep_ for c in tok.children}
    return "nsubj" in deps and "dobj" in deps and any(t.lower_ == "as" and t.i > tok.i for t in tok.sent)


# Verb tags of a finite clause (past, present, modal) and of an imperative's bare verb.
FINITE_TAGS = TENSE_TAGS | {"MD"}


def colon_rule(tok: Any, capitals: bool = False) -> bool:
    """``Name: statement`` - a short proper-noun speaker opening the sentence, then a clause with a
    finite verb (or an imperative).  Not a salutation ("DEAR ABBY: My older sister ...", the reader
    writes to the name) nor a labelled list of noun phrases ("Elizabeth A. Burton: Possession of
    methamphetamine, ..., held in jail in lieu of $70,000 bond.": charges, no statement), nor a
    topic or an epithet ("About Monsignor Ricca: ...", "The Trumpinator: ...").
    ``capitals``: a name in capitals counts too, as in an interview or a transcript ("ALEXANDRIA
    DOUZIECH: I try to ...", which the tagger reads as a noun); the reported scope then keeps
    only those that name a person ("UPDATE: ..." names no one)."""
    left = [t for t in tok.sent if t.i < tok.i]
    right = [t for t in tok.sent if t.i > tok.i and not t.is_punct]
    upper = capitals and left and left[-1].is_upper and len(left[-1]) > 1
    return (
        0 < len(left) <= 4
        and (left[-1].pos_ == "PROPN" or left[-1].is_title or upper)
        and left[0].lower_ != "dear"
        # a label names someone: not a topic ("About Monsignor Ricca: I did ...") nor the writer's
        # epithet ("The Trumpinator: every time ..."; a transcript's "THE PRESIDENT:" is in capitals)
        and left[0].pos_ != "ADP"
        and left[0].dep_ != "prep"
        and not (left[0].lower_ in ("the", "a", "an") and not left[0].is_upper)
        and len(right) >= 4
        and any(t.tag_ in FINITE_TAGS or (t.tag_ == "VB" and t.dep_ == "ROOT") for t in right)
    )


IDIOMS_ENDING = (
    "having said",
    "needless to say",
    "suffice it to say",
    "that is to say",
    "so to speak",
    "rest assured",
    "let 's say",
    "let ’s say",
    "let us say",
)
IDIOMS_AROUND = ("to say the least", "to say nothing of")


def _idiom(tok: Any) -> bool:
    """A saying verb in a set phrase reports nothing: "That said, ...", "Having said that",
    "Needless to say", "suffice it to say", "that is to say", "so to speak", "to say the least",
    "rest assured that ...", "Let's say the plan fails"."""
    doc, i = tok.doc, tok.i
    words = [t.lower_ for t in doc[max(0, i - 3) : i + 1]]
    left = " ".join(words)
    if any(left.endswith(p) for p in IDIOMS_ENDING):
        return True
    around = " ".join(t.lower_ for t in doc[max(0, i - 1) : i + 3])
    if any(around.startswith(p) for p in IDIOMS_AROUND):
        return True
    # "That said, ...": "that" opens the sentence or a clause, and a comma follows; or "that"
    # opens the sentence and no quotation follows ("That said the government have argued ...")
    prev = doc[i - 1] if i > 0 else None
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if tok.lower_ != "said" or prev is None or prev.lower_ != "that" or nxt is None:
        return False
    if prev.i == tok.sent.start and prev.text == "That" and not nxt.is_punct:
        return True
    return (prev.i == tok.sent.start or doc[prev.i - 1].text in (",", ";", "—")) and nxt.text in (
        ",",
        "—",
        "-",
    )


def build_candidate(tok: Any, prob: float, qindex: QuoteIndex, strict: bool = True) -> Candidate | None:
    if _idiom(tok):
        return None
    ids = _beyond_addressee(tok, content_tokens(tok))
    ids |= _split_quotation_head(tok, ids, qindex)
    if _colon_ends_line(tok, qindex.text):  # "..., Smith says:\n": what follows, never what precedes
        ids = {i for i in ids if i > tok.i}
    if ids and _adjuncts_only(tok, ids):  # "“...!” he tweeted during the first half"
        ids = _preceding_quote(tok, qindex) or ids
    if not any(_is_clause(tok.doc[i]) for i in ids):
        # "He told reporters:\n“...”", "released the following statement:\n“...”"
        ids = _next_paragraph_quote(tok, qindex) or ids
    ids = ids or _preceding_quote(tok, qindex)
    quotation = _colon_quotation(tok, ids, qindex)
    if quotation:  # it replaces what the parser gave the verb after it, not content before it
        ids = {i for i in ids if i < tok.i} | quotation
    if not ids:
        return None
    ids = _from_adjacent_quotation(tok, trim_tail(tok, ids, qindex.inside), qindex)
    shead = source_head(tok)
    if shead is not None and shead.i in ids and shead.i > tok.i:
        shead = _participle_subject(tok)  # the parser took a subject inside the quotation
    exclude = {tok.i} | {i for t in relaying_according(tok) for i in subtree_ids(t)}  # ", according to TASS,"
    # the source's words are no content, unless the source holds the cue ("a statement saying")
    if shead is not None and shead.i not in ids and tok.text != ":" and not shead.is_ancestor(tok):
        exclude |= _source_side(shead, tok, qindex)
    addressee = [
        c
        for c in tok.children
        if c.dep_ in ADDRESSEE_DEPS and tok.lemma_.lower() in ADDRESSING and not qindex.inside(c.idx)
    ][:1]
    told = set().union(*(subtree_ids(a) for a in addressee)) if addressee else set()
    if told and ids - told:
        # "asked Trump: ...": the one asked is no content; but "told friends that the interview
        # aired at the weekend was ...", the clause's subject hung on the addressee, is
        that = [i for i in sorted(told) if tok.doc[i].lower_ == "that" and i + 1 in ids]
        exclude |= {i for i in told if not that or i <= that[0]}
    cue = cue_chars(tok)
    frags = to_fragments(tok.doc, ids, exclude)
    frags = extend_to_quotes(frags, qindex, cue)
    frags = _with_leading_quote(frags, qindex, cue, qindex.text)
    frags = _with_trailing_quote(tok, frags, qindex)
    frags = [f for f in frags if not (f[0] < cue[1] and cue[0] < f[1])] or frags
    frags = _past_dateline_prefix(tok.doc, frags, qindex.text)
    if sum(e - s for s, e in frags) < MIN_CONTENT_CHARS:
        return None
    quoted = any(qindex.inside(s) or qindex.inside(e - 1) for s, e in frags)
    if strict:
        # a single-marked fragment makes any cue's content a quotation only after a reporting verb
        # ("Offering ‘rejuvenating’ experience", "doubles down on 'meth, we're on it' campaign")
        said = quoted and (not _single_marked(frags, qindex) or is_reporting_lemma(cue_lemma(tok)))
        if not reports_content(tok, ids, shead, said, qindex.text) or _asked_whether_said(tok, qindex):
            return None
        if shead is not None and (_generic_you(shead, qindex) or _writer_voice(shead, qindex)):
            return None
        frags = clip_to_paragraph(frags, qindex.text, tok.idx)
        if sum(e - s for s, e in frags) < MIN_CONTENT_CHARS:
            return None
    if shead is not None and _subject_is_no_source(tok):
        shead = None  # "Sanders appears to ...", "rivals are expected to quit": no one is cited
    source = source_span(shead, tok.i) if shead is not None else None
    if tok.text == ":" and shead is not None:  # the speaker is everything left of the colon
        first = tok.sent[0]
        source = (first.idx, shead.idx + len(shead))
    reach = _reach(tok, ids, qindex)
    return Candidate(cue, tok.i, frags, source, shead.i if shead is not None else None, prob, quoted, reach)


def _in_single_marks(tok: Any, qindex: QuoteIndex) -> bool:
    """A cue inside a single-marked quotation reports within someone's words ("wrote that 'what
    transpired ... although we now recognize that ...'"); the classifier, whose features see
    double marks only, would not know."""
    region = qindex.region_at(tok.idx)
    return region is not None and is_single_marked(qindex.text, region)


def _single_marked(frags: list[tuple[int, int]], qindex: QuoteIndex) -> bool:
    """Whether every quotation the fragments touch is in single marks ('...', ‘...’)."""
    regions = {r for s, e in frags for r in (qindex.region_at(s), qindex.region_at(e - 1)) if r is not None}
    return all(is_single_marked(qindex.text, r) for r in regions)


def _asked_whether_said(tok: Any, qindex: QuoteIndex) -> bool:
    """ "Did Maria Lopez say the plan failed?": the writer asks whether it was said; no one is
    reported to have said it (a "do" before the subject, and the sentence ends with "?")."""
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    aux = [c for c in tok.children if c.dep_ == "aux" and c.lemma_.lower() == "do"]
    if not subj or not aux or not aux[0].i < subj[0].i < tok.i or qindex.inside(tok.idx):
        return False
    last = next((t for t in reversed(tok.sent) if not t.is_space and t.text not in QUOTE_MARKS), None)
    return last is not None and last.text == "?"


FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})


def _generic_you(shead: Any, qindex: QuoteIndex) -> bool:
    """ "if you're asking whether ...", "you couldn't ask for better": the writer addressing the
    reader, no one who spoke.  Not in a dialogue ("Q: You said yesterday ...") nor a speech
    ("many of you have concerns about me. You question my judgment"), where "you" is someone."""
    if shead.lower_ != "you" or qindex.inside(shead.idx):
        return False
    text = qindex.text
    line = text[text.rfind("\n", 0, shead.idx) + 1 : shead.idx]
    if re.match(r"\s*[A-Z][\w.]{0,20}\s*:", line):
        return False
    sent = shead.sent
    return not any(t.lower_ in FIRST_PERSON and not qindex.inside(t.idx) for t in sent)


_LABEL = re.compile(r"\s*[A-Z][\w.]{0,20}(?: [A-Z][\w.]{0,20}){0,2}\s*:")
# An interview or a transcript: a line opens with "Q:", "A:" or a name in capitals and a colon;
# its unlabelled paragraphs are someone's answers too.
_DIALOGUE = re.compile(r"(?m)^\s*(?:Q|A|[A-Z]{2,}(?: [A-Z]{2,}){0,2})\s*:")


def _writer_voice(shead: Any, qindex: QuoteIndex) -> bool:
    """ "I believe ...", "When I first cited this ...", "We respectfully ask ...": the writer's own
    voice (an "I" or "we" outside quotation marks, in a paragraph with none, that no speaker label
    opens, in a text that is no interview or transcript: not "A: I think ...", "FALLIN: I think
    ..." nor an answer's second paragraph).  A columnist's view is no attributed
    claim a reader can check against a source; the writer's name is not in the text."""
    if shead.lower_ not in ("i", "we") or qindex.inside(shead.idx):
        return False
    text = qindex.text
    start = text.rfind("\n", 0, shead.idx) + 1
    end = text.find("\n", shead.idx)
    para = text[start : len(text) if end < 0 else end]
    return not any(c in para for c in '"“”‘') and not _LABEL.match(para) and not _DIALOGUE.search(text)


def _source_side(shead: Any, tok: Any, qindex: QuoteIndex) -> set[int]:
    """The source's words: its subtree on its own side of the cue (a quotation after the cue that
    the parser hung on the source as an apposition stays content, and so does a quotation before
    the source that the parser hung on it: "“...,” Sarandon, 69, told MSNBC")."""
    ids = subtree_ids(shead)
    if shead.i > tok.i:
        return {i for i in ids if i > tok.i}
    doc = tok.doc
    return {i for i in ids if i < tok.i and not (i < shead.i and qindex.inside(doc[i].idx))}


def _reach(tok: Any, ids: set[int], qindex: QuoteIndex) -> int:
    """End of the cue's own words after it (``“X,” Trump says of waterboarding.``), up to its
    content or a quotation: a continuation attaches after them."""
    doc, last = tok.doc, tok
    right = {t.i for t in tok.subtree if t.i > tok.i}
    # "“...,” Ebeling said, and her husband cut in": a clause with a subject of its own is no
    # part of the cue's words (what follows it is not hers)
    others = {
        j
        for c in tok.rights
        if c.dep_ == "conj" and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        for j in range(c.left_edge.i - 1, c.right_edge.i + 1)
    }
    for i in range(tok.i + 1, tok.right_edge.i + 1):
        if i not in right or i in ids or i in others:
            break
        if qindex.inside(doc[i].idx):  # a quotation, unless a title ("on CNBC's “Trading Nation”")
            region = qindex.region_at(doc[i].idx)
            if region is None or _is_whole_sentence(qindex.text, region):
                break
        last = doc[i]
    return last.idx + len(last)


# Cues whose to-infinitive content is reported speech ("urged X to leave"); for other cues it is
# an intention or a request put to the subject ("promised to", "was asked to").
INFINITIVE_CUES = frozenset({"urge", "call", "warn", "tell", "advise", "order", "recommend", "vow", "pledge"})
QUOTED_ONLY = frozenset({"continue", "point", "expect", "agree", "ask"})  # unquoted: only with a clause
# Cues whose noun-phrase object is reported content ("criticized the plan", "called X a Y"):
# chosen by 5-fold cross-validation on PolNeAR train (a lemma joins when, on the other folds, at
# least 60 % of its noun-phrase quotes match the gold; every held-out fold gained), minus those
# that only added wrong quotes on the real-page gold ("revealed the location", "denied the
# allegations", "confirmed traces of water", "describes the tool", "talking about it").  "cite"
# ("cited the uncertainty as the reason"), no reporting lemma, takes a noun-phrase object only
# (session 10: chosen on one PolNeAR train half and one half of the real pages, confirmed on the
# other halves).
NP_CONTENT_CUES = frozenset(
    {
        "accuse",
        "acknowledge",
        "announce",
        "answer",
        "believe",
        "blame",
        "blast",
        "call",
        "claim",
        "criticize",
        "declare",
        "decry",
        "denounce",
        "emphasize",
        "explain",
        "express",
        "fear",
        "feel",
        "mention",
        "note",
        "pledge",
        "praise",
        "propose",
        "question",
        "recall",
        "recognize",
        "remind",
        "request",
        "slam",
        "speak",
        "stress",
        "think",
        "tout",
        "underscore",
        "urge",
        "view",
        "warn",
    }
)
END_PUNCT = frozenset(".!?\"”’')…:")


def reports_content(tok: Any, ids: set[int], shead: Any | None, quoted: bool, text: str) -> bool:
    """Whether cue ``tok`` reports what someone said, thought or wrote.  Unquoted content needs a
    reporting lemma (speech, thought, writing), a clause (a bare noun phrase - "called the car a
    concept", "told them" - is no quote) and a source.  Never: a passive cue with no agent ("is
    expected to", "was said to"), or a cue in a headline (a line with no closing punctuation)."""
    if _in_headline(tok, text):
        return False
    if tok.text == ":":
        return True
    if tok.lower_ == "according":
        return not (_according_to_no_one(tok) or _in_accordance(tok))
    lemma = cue_lemma(tok)
    if _agentless_passive(tok, lemma) or _not_speech_phrasal(tok, lemma) or _in_title(tok):
        return False
    if _let_in(tok, lemma) or _response_by_deed(tok, lemma, ids):
        return False
    if quoted:
        return True
    if _says_nothing(tok.doc, ids) or _causal_subject(tok, lemma) or _questioned_person(tok, lemma, ids):
        return False
    if lemma == "cite":  # evidence cited: its object, never a clause ("They never cite ...: X")
        return shead is not None and tok.pos_ == "VERB" and _speech_act_object(tok, lemma)
    if not (is_reporting_lemma(lemma) or _put_it(tok)) or shead is None:
        return False
    question = question_clause(tok)
    clause = [c for c in tok.children if (c.dep_ == "ccomp" or c == question) and c.i in ids]
    if not clause and _request_or_pointer(tok, lemma):
        return True
    if lemma in QUOTED_ONLY and not clause:
        return False
    if not clause and _infinitive(tok) and lemma not in INFINITIVE_CUES:
        return False
    doc = tok.doc
    if lemma in NP_CONTENT_CUES and tok.pos_ == "VERB" and _speech_act_object(tok, lemma):
        return True
    if clause_as_subject(tok) is not None:
        return True  # "..., said Geert Wilders": a clause even where the parser saw none
    # a participle set off by a comma is no clause ("admitted a million refugees, overwhelming ...")
    # nor a with-absolute ("revealed the model, with the Sportback making its debut at the show")
    aside = {j for i in ids if adverbial_participle(doc[i]) or _absolute(doc[i]) for j in subtree_ids(doc[i])}
    return any(doc[i].pos_ in ("VERB", "AUX") for i in ids if i not in aside)


# Words that stand for content given elsewhere ("explains this", "explained more", "believe
# that"): no reported content of their own.  Not a person ("denounced him", "called him
# competent": a stance towards someone, which the stage reports).
_EMPTY_CONTENT = frozenset(
    {"this", "that", "these", "those", "it", "more", "so", "much", "something", "everything", "nothing",
     "anything", "all", "same", "the"}
)  # fmt: skip


def _put_it(tok: Any) -> bool:
    """ "As one analyst put it, ...": "put it" is a verb of saying."""
    return tok.lemma_.lower() == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children)


def _says_nothing(doc: Any, ids: set[int]) -> bool:
    """Unquoted content made only of words that stand for something said elsewhere ("Pope
    Francis explains this", "the undersheriff explained more"): what was said is not in it."""
    words = [doc[i] for i in ids if not (doc[i].is_punct or doc[i].is_space)]
    return bool(words) and all(t.lower_ in _EMPTY_CONTENT for t in words)


# Cues that a thing, not a speaker, can take as subject: "That explains why ...", "It also
# reminds us that ...", "none of this explains ...": the writer's reasoning, no one's report.
_CAUSAL_LEMMAS = frozenset({"explain", "remind", "demand"})
_THING_PRONOUNS = frozenset({"this", "that", "these", "those", "it", "none", "nothing"})


def _causal_subject(tok: Any, lemma: str) -> bool:
    """An explain/remind/demand cue whose subject is "this", "that", "it" or "none (of ...)" (not
    a relative "that", which stands for the noun it follows): a cause, not a source."""
    if lemma not in _CAUSAL_LEMMAS:
        return False
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(subj) and subj[0].lower_ in _THING_PRONOUNS and subj[0].tag_ != "WDT"


def _questioned_person(tok: Any, lemma: str, ids: set[int]) -> bool:
    """ "questioning Kavanaugh", "senators questioning a woman": someone questioned (asked
    questions, whose words are not given; a name, a person), not a claim doubted ("questioned
    his sincerity", "questioned Israel's commitment")."""
    if lemma != "question":
        return False
    objs = [c for c in tok.children if c.dep_ == "dobj" and c.i in ids]
    return bool(objs) and (
        objs[0].pos_ == "PROPN"
        or objs[0].lower_ in ("him", "her", "them", "me", "us")
        or objs[0].lemma_.lower() in PERSON_HEADS
    )


def _according_to_no_one(tok: Any) -> bool:
    """ "according to which ...", "according to what society might find": a relative or a
    wh-clause, no source."""
    doc = tok.doc
    to = doc[tok.i + 1] if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to" else None
    if to is None:
        return False
    objs = [c for c in to.children if c.dep_ in ("pobj", "pcomp")]
    if not objs:
        return False
    # a wh-word opens the object ("which", "what society might find"); in lower case: the tagger
    # reads "WHO" of "according to WHO estimates" (the World Health Organization) as the pronoun,
    # and "estimates" as its verb
    first = objs[0].left_edge if objs[0].pos_ in ("VERB", "AUX") else objs[0]
    return first.tag_ in ("WDT", "WP") and not first.is_upper


# What one acts in accordance with: "went according to plan", "conduct themselves according to
# these rules" (no one's words).
NORMS = frozenset(
    {"plan", "rule", "law", "schedule", "script", "instruction", "guideline", "protocol", "procedure",
     "tradition", "custom", "regulation", "principle", "standard", "norm", "order", "recipe"}
)  # fmt: skip


def _in_accordance(tok: Any) -> bool:
    """ "The launch went according to plan", "act according to the law": "according to" right
    after the verb it modifies (no comma) with a norm as its object means "in accordance with".
    "According to state law, no one may ..." and "..., according to the plan" say what the law
    or the plan says, and stay."""
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > tok.sent.start else None
    if prev is None or prev.is_punct or prev.is_space:
        return False
    to = doc[tok.i + 1] if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to" else None
    objs = [c for c in to.children if c.dep_ == "pobj"] if to is not None else []
    return bool(objs) and objs[0].lemma_.lower() in NORMS


def _absolute(tok: Any) -> bool:
    """ "with the Sportback making its debut": a with-absolute (a preposition whose participle
    has a subject of its own) says what went with the act, not what was reported."""
    return (
        tok.dep_ == "prep"
        and tok.lower_ in ("with", "without")
        and any(
            g.dep_ == "pcomp"
            and g.tag_ in ("VBG", "VBN")
            and any(x.dep_ in ("nsubj", "nsubjpass") for x in g.children)
            for g in tok.children
        )
    )


def _speech_act_object(tok: Any, lemma: str) -> bool:
    """A speech act about a noun phrase: "criticized the plan", "spoke about the deal", "called
    the vehicle a concept", "called for an emergency meeting" (for "call" only a naming or a
    demand: "called the police" is no speech).  A negated act ("doesn't mention Hemsworth", "did
    not criticize the plan") reports no content."""
    if any(c.dep_ == "neg" for c in tok.children):
        return False
    deps = {c.dep_ for c in tok.children if c.i > tok.i}
    if lemma == "call":
        # "the forecast/plan/bill calls for X" is what it requires, not what anyone said
        required = any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in REQUIRING for c in tok.children
        )
        return "oprd" in deps or {"xcomp", "dobj"} <= deps or (_right_prep(tok, "for", 2) and not required)
    if lemma == "cite":  # "an alibi he cited of being at a pizza restaurant": cited what is cited
        return "dobj" in deps
    return "dobj" in deps or any(
        c.dep_ == "prep" and c.lower_ in ("about", "on", "of") and not _when(c)
        for c in tok.children
        if c.i > tok.i
    )


REQUIRING = frozenset(
    {
        "forecast",
        "model",
        "plan",
        "bill",
        "budget",
        "law",
        "schedule",
        "proposal",
        "recipe",
        "design",
        "rule",
        "contract",
        "deal",
        "agreement",
        "treaty",
        "legislation",
        "measure",
        "guideline",
        "formula",
        "strategy",
        "blueprint",
        "script",
    }
)


def _right_prep(tok: Any, word: str, within: int) -> bool:
    """``tok`` governs preposition ``word`` at most ``within`` tokens after it, with an object
    that says more than when ("called for a meeting", not "called for on Monday")."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == word
        and tok.i < c.i <= tok.i + within
        and any(g.dep_ in ("pobj", "pcomp") for g in c.children)
        and not _when(c)
        for c in tok.children
    )


AGENT_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _request_or_pointer(tok: Any, lemma: str) -> bool:
    """A request put to someone, or evidence pointed to, whose content is no clause: "asked
    Sullivan to send the files", "asked for a photo", "pointed to attacks on her campaign",
    "pointed out the progress he made".  Not "asked not to be named" (no addressee), nor "was
    asked to" (an agentless passive, refused before), nor "all signs point to" (no named or
    pronoun source), nor a negated act ("did not ask for a recount")."""
    if any(c.dep_ == "neg" for c in tok.children):
        return False
    if lemma == "ask":
        addressee = any(c.dep_ in ("dobj", "dative") and c.i > tok.i for c in tok.children)
        return (addressee and _infinitive(tok)) or _right_prep(tok, "for", 3)
    if lemma == "point":
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if not subj or not (subj[0].pos_ in ("PROPN", "PRON") or subj[0].ent_type_ in AGENT_TYPES):
            return False  # "all signs point to": only a named or pronoun source points
        kids = list(tok.rights)
        to = any(c.dep_ == "prep" and c.lower_ == "to" and c.i == tok.i + 1 for c in kids)
        out = any(c.dep_ == "prt" and c.lower_ == "out" for c in kids) and any(c.dep_ == "dobj" for c in kids)
        return to or out
    return False


# Particles that turn a speech verb into an action: "called in experts", "called off the strike",
# "called up reservists" (the parser often reads the particle as a preposition).
_ACTION_PARTICLES = {"call": frozenset({"in", "off", "up"})}


def _not_speech_phrasal(tok: Any, lemma: str) -> bool:
    """A phrasal verb that is no speech act ("called in the agency's team")."""
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return (
        nxt is not None
        and nxt.head.i == tok.i
        and nxt.dep_ in ("prt", "prep")
        and nxt.lower_ in _ACTION_PARTICLES.get(lemma, ())
    )


def _let_in(tok: Any, lemma: str) -> bool:
    """ "admitted the cleric into the country": admitting someone into a place lets them in; it
    says nothing ("admitted the mistake", "admitted to reporters that ..." do)."""
    return (
        lemma == "admit"
        and any(c.dep_ == "dobj" for c in tok.children)
        and any(c.dep_ == "prep" and c.lower_ == "into" for c in tok.children)
    )


RESPONDING = frozenset({"respond", "react", "reply", "answer", "retaliate"})


def _response_by_deed(tok: Any, lemma: str, ids: set[int]) -> bool:
    """ "CNN responded by suing the White House", "reacted by blocking his access": a response made
    by a deed (the gerund after "by" is no verb of saying) reports no words; "responded by
    saying that ..." does, and so does a response with content of its own besides."""
    if lemma not in RESPONDING:
        return False
    doc = tok.doc
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ != "by":
            continue
        deeds = [g for g in prep.children if g.dep_ == "pcomp" and g.pos_ == "VERB"]
        if not deeds or is_reporting_lemma(cue_lemma(deeds[0])):
            continue
        inside = {t.i for t in prep.subtree}
        if all(i in inside or doc[i].is_punct or doc[i].is_space for i in ids):
            return True
    return False


def _when(prep: Any) -> bool:
    """ "announced on Monday": a prepositional phrase that only says when."""
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    return bool(objs) and all(g.ent_type_ in ("DATE", "TIME") for g in objs)


# Verbs whose subject is what the content is about, not who says it ("Sanders seemed to be of two
# minds", "Indiana appears to be a break"): PolNeAR gives such attributions no source.
RAISING_LEMMAS = frozenset({"seem", "appear"})


def _subject_is_no_source(tok: Any) -> bool:
    """A cue whose subject names no source: a raising verb, or a passive with no agent ("rivals
    are expected to quit", "Trump was asked what ...": the subject is the topic or addressee)."""
    lemma = cue_lemma(tok)
    if lemma in RAISING_LEMMAS:  # "He appeared to imply that ...": he implies
        return not any(c.dep_ == "xcomp" and is_reporting_lemma(cue_lemma(c)) for c in tok.children)
    return _agentless_passive(tok, lemma) or _reduced_passive(tok, lemma)


def _reduced_passive(tok: Any, lemma: str) -> bool:
    """ "Asked about Cruz's charges, Rubio said ...", "when pressed, Weaver rejected ...": a
    participle clause with no subject or agent of its own; the main clause's subject is who was
    asked, not who asked."""
    return (
        (tok.tag_ == "VBN" or (tok.tag_ == "VBD" and _opens_clause(tok)))
        and tok.dep_ in ("advcl", "acl")
        and lemma not in ("quote", "cite")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "agent", "dobj", "oprd") for c in tok.children)
    )


def _opens_clause(tok: Any) -> bool:
    """ "When asked how ...", "Asked what ...": a verb that opens its sentence, or follows
    "when"/"if"/"once"/"after" there (the tagger reads such participles as past tenses)."""
    first = next((t for t in tok.sent if not (t.is_punct or t.is_space)), None)
    if first is not None and first.i == tok.i:
        return True
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return (
        prev is not None and prev.lower_ in ("when", "if", "once", "after", "unless") and prev.head.i == tok.i
    )


def _agentless_passive(tok: Any, lemma: str) -> bool:
    deps = {c.dep_ for c in tok.children}
    if "auxpass" not in deps or "agent" in deps or lemma in ("quote", "cite"):
        return False
    return not _has_said(tok)


def _has_said(tok: Any) -> bool:
    """ "He's said he gets his ideas from ...": "'s" is "has" before a clause with a subject
    (the passive "he's said to be ..." takes an infinitive)."""
    if any(
        c.dep_ in ("nsubjpass", "expl") and c.lower_ in ("it", "this", "that", "there") for c in tok.children
    ):
        return False  # "it's revealed that ...": a passive with no one who reveals
    return any(c.dep_ == "auxpass" and c.lower_ in ("'s", "’s") for c in tok.children) and any(
        c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
        for c in tok.children
    )


def _infinitive(tok: Any) -> bool:
    return any(
        c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        for c in tok.children
    )


TITLE_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "at", "by", "with"})


def _in_title(tok: Any) -> bool:
    """A capitalised cue inside a title quoted in a sentence ("a video titled ‘David Duke Exposes
    the Real ...’"): only title-case words (or short function words) between an opening quotation
    mark and the cue, and mostly title-case words after it."""
    if not tok.is_title or tok.i == tok.sent.start:
        return False
    k, stop = tok.i - 1, max(0, tok.i - 16)  # a title may run over a line break ("‘Dr.\nDavid Duke ...")
    while k > stop and (tok.doc[k].is_title or tok.doc[k].lower_ in TITLE_WORDS or tok.doc[k].is_space):
        k -= 1
    if tok.doc[k].text not in ("‘", "“", '"', "'") or k == tok.i - 1:
        return False
    after = [t for t in tok.doc[tok.i + 1 : tok.sent.end] if t.is_alpha][:3]
    return len(after) == 3 and sum(t.is_title for t in after) >= 2


def _in_headline(tok: Any, text: str) -> bool:
    end = text.find("\n", tok.idx)
    line = text[text.rfind("\n", 0, tok.idx) + 1 : end if end >= 0 else len(text)].rstrip()
    return bool(line) and line[-1] not in END_PUNCT


def clip_to_paragraph(frags: list[tuple[int, int]], text: str, pos: int) -> list[tuple[int, int]]:
    """Fragments cut to the paragraph that holds ``pos`` (a quote's content never runs on into
    the next line: that is a headline, a caption or the next item)."""
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    hi = len(text) if hi < 0 else hi
    if text[pos:hi].rstrip().endswith(":"):  # "Smith continued:\n“We will ...”": the next paragraph
        nxt = len(text[hi:]) - len(text[hi:].lstrip())
        end = text.find("\n", hi + nxt)
        hi = len(text) if end < 0 else end
    out = [(max(s, lo), min(e, hi)) for s, e in frags]
    return [(s, e) for s, e in out if e - s > 0]


def _past_dateline_prefix(doc: Any, frags: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Content that opens its paragraph with a dateline or an outlet's name starts after it:
    "ROME, February 2, 2018 (LifeSiteNews) —His Excellency ...", "(CNN) The government ...",
    "PanARMENIAN.Net - Turkish President ...".  A dateline: names, numbers, dates and punctuation
    up to a dash, with a place in capitals or a location, an outlet in brackets or a web
    address among them; or an outlet in brackets alone."""
    if not frags:
        return frags
    start, end = frags[0]
    line = text[text.rfind("\n", 0, start) + 1 : start]
    if line and not re.fullmatch(r"[\w-]+\.", line):  # "PanArmenia.Net": the tokenizer splits at "."
        return frags
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) < 3:
        return frags
    dash = dateline_end(span[0])
    cut = None if dash is None or dash >= span.end else span.doc[dash].idx + len(span.doc[dash])
    if cut is None or cut >= end:
        return frags
    while cut < end and text[cut].isspace():
        cut += 1
    return [(cut, end), *frags[1:]] if end - cut >= MIN_CONTENT_CHARS else frags


def _colon_ends_line(tok: Any, text: str) -> bool:
    """ "and when asked if ..., Smith says:\n", "but then he said:”\n": a cue joined to the clause
    before it by "and"/"but" and followed by a colon that ends its line (quotation marks aside)
    introduces the next line; the clause before it, which the parser hung on it, is not what it
    reports."""
    doc = tok.doc
    if tok.dep_ != "conj" or tok.i + 1 >= len(doc) or doc[tok.i + 1].text != ":":
        return False  # "X is working, an article suggests:" reports the clause before it
    colon = doc[tok.i + 1]
    end = text.find("\n", colon.idx)
    rest = text[colon.idx + 1 : end if end >= 0 else len(text)]
    return not rest.strip(" \t\xa0\"“”'’")


def _is_clause(t: Any) -> bool:
    """A clause's head: reported content of its own (not "the following statement")."""
    return t.dep_ in ("ccomp", "xcomp", "parataxis") or any(
        c.dep_ in ("nsubj", "nsubjpass") for c in t.children
    )


def _next_paragraph_quote(tok: Any, qindex: QuoteIndex) -> set[int]:
    """ "Lopez continued:\n“We will ...”", "He told reporters on Monday:\n“...”", "released the
    following statement:\n“...”": a cue whose own words end its paragraph with a colon, then a
    quotation: the quotation is the content."""
    doc, text = tok.doc, qindex.text
    end = text.find("\n", tok.idx)
    if end < 0 or tok.sent.end >= len(doc):
        return set()
    colon = next((t for t in doc[tok.i + 1 : tok.sent.end] if t.idx >= end or t.text == ":"), None)
    if colon is None or colon.text != ":" or text[colon.idx + 1 : end].strip():
        return set()
    between = doc[tok.i + 1 : colon.i]
    if any(not tok.is_ancestor(t) or _is_clause(t) or cue_lemma(t) in SPEECH_VERBS for t in between):
        return set()  # "did support the idea, and NBC News has proof:", "confirmed it, reporting:"
    nxt = doc[tok.sent.end].sent
    first = next((t for t in nxt if not t.is_space), None)
    if first is None or not qindex.inside(first.idx):
        return set()
    return {t.i for t in nxt if not t.is_space}


def _from_adjacent_quotation(tok: Any, ids: set[int], qindex: QuoteIndex) -> set[int]:
    """ "Mr. Biden suggested ... - ''He would have loved Stalin,'' Mr. Biden said": content before
    an inverted cue starts at the quotation that ends right before the cue's subject, when the
    quotation opens a clause of its own (after a dash, colon or sentence end)."""
    doc, text = tok.doc, qindex.text
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i]
    left = subj[0].left_edge if subj else tok
    if not ids or min(ids) >= left.i:
        return ids
    k = bisect_right(qindex.starts, left.idx) - 1
    if k < 0:
        return ids
    start, end = qindex.regions[k]
    if any(ch.isalnum() for ch in text[end : left.idx]) or doc[min(ids)].idx >= start:
        return ids
    k = start
    while k > 0 and text[k - 1].isspace():  # (not text[:start].rstrip(): O(document) per quote)
        k -= 1
    if k > 0 and text[k - 1] not in "-–—:;.!?":
        return ids
    return {i for i in ids if i > tok.i or doc[i].idx >= start}


def _beyond_addressee(tok: Any, ids: set[int]) -> set[int]:
    """ "“...,” the mogul told People": the one told is no content (the quotation before is)."""
    if not ids or tok.lemma_.lower() not in ADDRESSING:
        return ids
    told = [c for c in tok.children if c.dep_ in ADDRESSEE_DEPS]
    if not told or not ids <= set().union(*(subtree_ids(c) for c in told)):
        return ids
    return ids if any(tok.doc[i].pos_ in ("VERB", "AUX") for i in ids) else set()  # "told X that ..."


# Verbs of saying that introduce a quotation directly ("telling the crowd, “...”"); not the ones
# whose object is a name or a plan ("called it “...”", "urged ...", "promised ...").
CLAUSE_SPEECH = (
    SPEECH_VERBS
    - {"according", "point", "describe", "call", "urge", "vow", "promise", "predict", "term", "charge"}
    - {"allege", "deny", "claim", "suggest", "report", "recall", "underline", "underscore"}
) | {"joke", "shout"}
QUOTE_OPENERS = frozenset({":", ",", "that"})


def _participle_subject(tok: Any) -> Any | None:
    """ "Clinton seemed ready to riff on it, telling the crowd, “Some people ...”": a participle
    after the main clause speaks for the main clause's subject."""
    root = tok.sent.root
    if tok.tag_ != "VBG" or root.i >= tok.i:
        return None
    subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subj[0] if subj else None


def _colon_quotation(tok: Any, ids: set[int], qindex: QuoteIndex) -> set[int]:
    """ "He tells the crowd: “I don't want ...: It's possible ...”", "telling the crowd, “Some
    people ...”", "adding “to all the voters ...: Forward!”", "is telling customers at a ...
    spot that “I need you tomorrow”", parsed with the quotation hung elsewhere: a verb of saying,
    perhaps its addressee and a place or time (no verb), then ":", "," or "that" (or nothing) and
    a quotation that opens there is the content, when what the parser gave the verb ends before."""
    if cue_lemma(tok) not in CLAUSE_SPEECH or tok.pos_ != "VERB":
        return set()
    doc = tok.doc
    end = min(tok.sent.end, tok.i + 16)
    for k in range(tok.i + 1, end):
        t = doc[k]
        if t.is_space:
            continue
        region = qindex.region_at(t.idx)
        if region is not None and t.text in QUOTE_MARKS:
            prev = doc[k - 1]
            if prev.i != tok.i and prev.lower_ not in QUOTE_OPENERS:
                return set()
            if ids and max(ids) >= prev.i:
                return set()
            span = doc.char_span(*region, alignment_mode="expand")
            return {x.i for x in span or () if not x.is_space}
        if t.pos_ in ("VERB", "AUX") or t.text in QUOTE_MARKS or t.text in (".", ";", "!", "?"):
            return set()
    return set()


def _split_quotation_head(tok: Any, ids: set[int], qindex: QuoteIndex) -> set[int]:
    """ "“The story moved me,” she said, “and I sat down ...”": the parser hangs the cue on the
    first quotation's verb and gives it the second, quoted, as its clause (``ids``); the first is
    content too (the quotation right before the cue's subject, which holds the verb the cue hangs
    on)."""
    if not ids or tok.dep_ != "parataxis" or not tok.i < min(ids):
        return set()
    if not qindex.inside(tok.doc[min(ids)].idx):
        return set()
    first = _preceding_quote(tok, qindex)
    if tok.head.i < tok.i:
        return first if tok.head.i in first else set()
    # "“The risk,” said Edward Leamer, “is that ...”": the cue hangs on the second quotation's
    # verb; the first, cut off by a comma inside its marks, is the sentence's start
    doc = tok.doc
    last = max(first, default=None)
    cut = last is not None and doc[last].text in QUOTE_MARKS and doc[last - 1].text == ","
    return first if cut and tok.head.i in ids else set()


def _adjuncts_only(tok: Any, ids: set[int]) -> bool:
    """Content ``ids`` is nothing but prepositional phrases after the cue ("during the first half",
    "on Friday with an image"): when a quotation comes just before the cue's subject, it is the
    content the parser split off (after "!" or "?" it often makes the quotation a sentence)."""
    preps = [c for c in tok.children if c.dep_ == "prep" and c.i > tok.i and _is_adjunct(c)]
    return bool(preps) and ids <= set().union(*(subtree_ids(c) for c in preps))


# Prepositions that open a time, place or means adjunct, never what is said ("pointed to",
# "asked about", "called for", "spoke of" open the content itself)
ADJUNCT_PREPS = frozenset(
    {"during", "at", "in", "after", "before", "with", "from", "via", "through", "since", "amid"}
)


def _is_adjunct(prep: Any) -> bool:
    """ "during the first half", "in a statement", "on Friday" (an "on" only before a date)."""
    if prep.lower_ in ADJUNCT_PREPS:
        return True
    return prep.lower_ == "on" and any(
        c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children
    )


def _preceding_quote(tok: Any, qindex: QuoteIndex) -> set[int]:
    """``“Not even one,” he said.`` / ``“...!” he wrote.`` when the parser did not attach the
    quotation as the verb's clause (or split it off as a sentence): a speech verb with a subject,
    nothing but its subject and commas between it and a quotation in the same paragraph."""
    if tok.lemma_.lower() not in SPEECH_VERBS:
        return set()
    if tok.dep_ not in ("ROOT", "parataxis", "relcl", "ccomp", "conj"):  # relcl: “X,” Maley said
        return set()  # on CNBC's show, parsed as a relative clause of a noun inside the quotation
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    if not subj:
        return set()
    text = qindex.text
    # the subject's own words: a quotation the parser hung on the subject ("“...,” Sarandon, 69,
    # told MSNBC") is not part of it
    own = [t.idx for t in subj[0].subtree if not qindex.inside(t.idx) and t.text not in QUOTE_MARKS]
    start = min([tok.idx, *own])
    k = bisect_right(qindex.starts, start) - 1
    if k < 0 or qindex.regions[k][1] > start:
        return set()
    gap = text[qindex.regions[k][1] : start]
    if "\n" in gap or any(ch.isalnum() for ch in gap):
        return set()
    span = tok.doc.char_span(*qindex.regions[k], alignment_mode="expand")
    ids = {t.i for t in span or () if not t.is_space}
    if any(_governed_elsewhere(tok.doc[i], ids, tok) for i in ids):
        return set()  # "When Durbin asked Ford “...?” Ford replied, “one hundred percent.”"
    return ids


def _governed_elsewhere(t: Any, ids: set[int], tok: Any) -> bool:
    """Quotation word ``t`` hangs on a verb of saying before the quotation, other than ``tok``,
    with a subject of its own and no punctuation between it and the quotation: the quotation is
    that verb's content (a question put to the speaker of ``tok`` is not the speaker's words)."""
    head = t.head
    if head.i in ids or head.i == tok.i or head.i == t.i or head.i > min(ids):
        return False
    between = t.doc[head.i + 1 : min(ids)]  # "asked Ford “...?”"; not "..., but Moscow denies — “...”"
    return (
        head.pos_ == "VERB"
        and cue_lemma(head) in SPEECH_VERBS
        and any(c.dep_ == "nsubj" for c in head.children)
        and not any(x.is_punct and x.text not in QUOTE_MARKS for x in between)
    )


def _with_leading_quote(
    frags: list[tuple[int, int]], qindex: QuoteIndex, cue: tuple[int, int], text: str
) -> list[tuple[int, int]]:
    """ "estimated “between 100,000 and 200,000” Americans could die": a quoted fragment between
    the cue and the content, touching the content, belongs to it."""
    if not frags:
        return frags
    start = frags[0][0]
    for region in qindex.regions:
        if cue[1] <= region[0] and region[1] <= start and not text[region[1] : start].strip():
            return merge([(region[0], frags[0][1]), *frags[1:]])
    return frags


def _with_trailing_quote(tok: Any, frags: list[tuple[int, int]], qindex: QuoteIndex) -> list[tuple[int, int]]:
    """ "told cheering teachers that they weren't “asking for the moon.”" parsed with the quotation
    hung on the cue: a quotation that closes the cue's sentence, governed by the cue and separated
    from the content by at most one word (no verb, no punctuation: not "..., adding “...”"), ends
    the content.  Content too short to stand alone is not rescued by it ("recalled it “vividly”")."""
    if sum(e - s for s, e in frags) < MIN_CONTENT_CHARS:
        return frags
    text, end = qindex.text, frags[-1][1]
    k = bisect_left(qindex.starts, end)
    if k >= len(qindex.regions):
        return frags
    region = qindex.regions[k]
    sent = tok.sent
    if region[1] > sent.end_char + 1:
        return frags
    gap = text[end : region[0]].split()
    if len(gap) > 1 or any(not (ch.isalpha() or ch in "'’") for w in gap for ch in w):
        return frags
    if text[region[1] : sent.end_char].strip().strip(".!?\"”’'"):
        return frags  # the sentence goes on after the quotation
    if any(t.pos_ in ("VERB", "AUX") for t in sent if end <= t.idx < region[0]):
        return frags
    first = next((t for t in sent if t.idx > region[0] and not t.is_punct), None)
    if first is None or not (tok.is_ancestor(first) or first.head.i == tok.i):
        return frags
    return merge([*frags[:-1], (frags[-1][0], region[1])])


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per cue character range; the more probable wins."""
    out: list[Candidate] = []
    taken = Disjoint()
    for cand in sorted(cands, key=lambda c: -c.score):
        if not taken.overlaps(*cand.cue):
            out.append(cand)
            taken.add(*cand.cue)
    return out


def add_continuations(text: str, cands: list[Candidate], qindex: QuoteIndex) -> None:
    """Attach ``"X," he said, "Y"`` second fragments and floating quoted sentences to their quote."""
    claimed = _Covered([f for c in cands for f in c.content])
    added = Disjoint()  # regions attached in this loop (disjoint, like all quote regions)
    cues = _Covered([c.cue for c in cands])
    ends = sorted((_end(c), i) for i, c in enumerate(cands))
    for region in qindex.regions:
        if claimed.overlaps(*region) or added.overlaps(*region) or cues.overlaps(*region):
            continue
        if _single_marked_subhead(text, region):
            continue
        k = _owner_before(text, ends, region[0])
        if k is not None and _is_whole_sentence(text, region):
            owner = cands[k]
            old_end = _end(owner)
            owner.content = merge([*owner.content, region])
            owner.quoted = True
            added.add(*region)
            ends.remove((old_end, k))
            insort(ends, (_end(owner), k))


SUBHEAD_WORDS = 6  # a single-marked line of fewer words is a subheading, not a quote's next part


def _single_marked_subhead(text: str, region: tuple[int, int]) -> bool:
    """A line that is only a short single-marked phrase ("'A really tough decision.'", "'Chief
    trade prosecutor.'"): the subheading style of some outlets, no continuation of the quote above."""
    if not is_single_marked(text, region):
        return False
    line_start = text.rfind("\n", 0, region[0]) + 1
    line_end = text.find("\n", region[1])
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    return line == text[region[0] : region[1]] and len(line.split()) < SUBHEAD_WORDS


def _end(cand: Candidate) -> int:
    return max(
        [cand.cue[1], cand.reach, *(e for _, e in cand.content), *(cand.source[1:] if cand.source else ())]
    )


def _owner_before(text: str, ends: list[tuple[int, int]], pos: int) -> int | None:
    """The quote whose cue/source/content ends right before ``pos`` (only , . and spaces between).

    ``ends``: sorted ``(end, index)`` of the candidates; the latest end wins, then the first index.
    """
    lo = pos
    while lo > 0 and (text[lo - 1] in ",.:" or text[lo - 1].isspace()):
        lo -= 1
    k = bisect_right(ends, (pos, len(ends))) - 1
    if k < 0 or ends[k][0] < lo:
        return None
    end = ends[k][0]
    if text[end:pos].count("\n") > 2:
        return None
    return ends[bisect_left(ends, (end, -1))][1]


class _Covered:
    """Possibly overlapping spans; "does any overlap ``[start, end)``?" in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = []
        for _, e in spans:
            self.max_end.append(max(e, self.max_end[-1]) if self.max_end else e)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)
        return k > 0 and self.max_end[k - 1] > start


def _is_whole_sentence(text: str, region: tuple[int, int]) -> bool:
    before = text[: region[0]].rstrip(" \t\xa0")
    after = text[region[1] :].lstrip(" \t\xa0")
    inner = text[region[0] : region[1]].rstrip("\"”’' ")
    starts = not before or before[-1] in ".!?\n,:"
    ends = not after or after[0] in "\n" or inner[-1:] in (".", "!", "?", "…")
    return starts and ends and region[1] - region[0] > 10
