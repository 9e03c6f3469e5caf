"""Entity rules of session 17 (held-out reading of PTC dev articles, set A): offices' departments,
titles before a person, glued heads, "-based" places, ordinals, channel numbers, acronyms of
common nouns, headline words, bookshop boxes, bound prefixes, court districts, opening
adjectives, buildings read as bodies, cut listed names, and new gazetteer entries.  Made-up
sentences only."""

# ruff: noqa: F811 - the `run` fixture is imported from _tagger_fixtures
from __future__ import annotations

from _tagger_fixtures import names, run  # noqa: F401 - a pytest fixture

from presslens.model import Article
from presslens.nlp.mentions import Mention
from presslens.nlp.tagger import TagSpan
from presslens.settings import Settings
from presslens.stages.nlp import SpacyParse


def doc_of(text: str):
    return SpacyParse(Settings())(Article(text=text)).cache["doc"]


def at(doc, word: str, nth: int = 0) -> int:
    return [t.i for t in doc if t.text == word][nth]


def spans(doc, mentions) -> list[tuple[str, str]]:
    return [(doc[m.start : m.end].text, m.label) for m in mentions]


def test_an_office_department_that_opens_on_a_place_is_an_organisation():
    from presslens.nlp.mentions import _longer_name

    doc = doc_of("The post was shared by Marion County Sheriff's Department on Monday.")
    s = at(doc, "Marion")
    onto = [Mention(s, s + 5, "FAC", "model")]  # OntoNotes: "Marion County Sheriff's Department"
    whole = _longer_name(doc, onto, s, s + 2)
    assert whole is not None and (whole.start, whole.end, whole.label) == (s, s + 5, "ORG")
    # no office possessive inside: OntoNotes' type stays
    doc = doc_of("The fans met at Marion County Stadium on Monday.")
    s = at(doc, "Marion")
    whole = _longer_name(doc, [Mention(s, s + 3, "FAC", "model")], s, s + 2)
    assert whole is not None and whole.label == "FAC"


def test_a_place_run_on_into_the_title_of_the_person_after_it_ends_before_the_title():
    from presslens.nlp.mentions import merge_tagger

    doc = doc_of("Marion County Sheriff Paul Dunne said the farm was searched.")
    s, p = at(doc, "Marion"), at(doc, "Paul")
    onto = [Mention(s, s + 3, "FAC", "model"), Mention(p, p + 2, "PERSON", "model")]
    tagged = [TagSpan(s, s + 2, "LOC", 0.9), TagSpan(p, p + 2, "PER", 0.99)]
    got = spans(doc, merge_tagger(onto, tagged, doc))
    assert ("Marion County", "FAC") in got and ("Paul Dunne", "PERSON") in got
    assert not [t for t, _ in got if "Sheriff" in t]
    # no person after it: the completed name stays whole
    doc = doc_of("Marion County Sheriff said the farm was searched.")
    s = at(doc, "Marion")
    got = spans(doc, merge_tagger([Mention(s, s + 3, "FAC", "model")], [TagSpan(s, s + 2, "LOC", 0.9)], doc))
    assert ("Marion County Sheriff", "FAC") in got


def test_a_law_head_glued_by_a_hyphen_is_half_of_a_compound_name():
    from presslens.nlp.mentions import _works_by_head

    doc = doc_of("The Dayton Herald-Constitution reported it, citing the Ohio Constitution.")
    d, o = at(doc, "Dayton"), at(doc, "Ohio")
    out = _works_by_head(doc, [Mention(d, d + 4, "ORG", "tagger"), Mention(o, o + 2, "GPE", "tagger")])
    assert spans(doc, out) == [("Dayton Herald-Constitution", "ORG"), ("Ohio Constitution", "LAW")]


def test_a_place_that_ontonotes_reads_as_a_facility_before_based_is_that_place():
    from presslens.nlp.mentions import merge_tagger

    doc = doc_of("A few days later, Taos-based lawyer Ann Cole dropped the charges.")
    t = at(doc, "Taos")
    got = merge_tagger([Mention(t, t + 1, "FAC", "model")], [TagSpan(t, t + 3, "ORG", 0.8)], doc)
    assert spans(doc, got) == [("Taos", "FAC")]


def test_a_capitalised_ordinal_opens_the_organisation_after_it(run):
    from presslens.nlp.mentions import _ordinal_names

    doc = doc_of("Charges were filed, Eighth Judicial District Attorney Ann Cole said.")
    e = at(doc, "Eighth")
    out = _ordinal_names(doc, [Mention(e, e + 1, "ORG", "tagger"), Mention(e + 1, e + 3, "ORG", "tagger")])
    assert spans(doc, out) == [("Eighth Judicial District", "ORG")]
    # at a sentence start the ordinal may be an adverb's ("First Google said ..."): left alone
    doc = doc_of("It rained. Fifth Avenue Bank said so.")
    f = at(doc, "Fifth")
    out = _ordinal_names(doc, [Mention(f + 1, f + 3, "ORG", "tagger")])
    assert spans(doc, out) == [("Avenue Bank", "ORG")]
    found = names(
        run(
            "The case went to the Fourth Judicial District, where prosecutors said the charges stood."
            " The Fourth Judicial District Attorney Maria Reyes declined to comment."
        )
    )
    assert found.get("Fourth Judicial District") == "ORG"


def test_a_station_takes_its_channel_number(run):
    found = names(
        run("Mayor Ann Cole told KTVX 12 on Sunday that the bridge would reopen. KTVX 12 later said so.")
    )
    assert found.get("KTVX 12") == "ORG" and "KTVX" not in found


def test_an_acronym_spelled_out_in_lower_case_words_is_no_name(run):
    found = names(run("Researchers studying coordinated inauthentic behaviour (CIB) said CIB spread fast."))
    assert "CIB" not in found
    # spelled out with capitals, it is a name
    found = names(run("The Second Amendment Foundation (SAF) sued the city. SAF said it would appeal."))
    assert "SAF" in found or "Second Amendment Foundation" in found


def test_headline_words_the_page_writes_in_lower_case_are_no_names():
    from presslens.nlp.mentions import _headline_words

    doc = doc_of(
        "Remains Found At Nevada Compound Were Missing Girl\n"
        "Deputies searched a Nevada compound on Tuesday. Ohio Senator Posts Pharmacist's Report\n"
        "The pharmacist's report was shared by Ohio officials."
    )
    n, ph = at(doc, "Nevada"), at(doc, "Pharmacist")
    n2 = at(doc, "Nevada", 1)
    out = _headline_words(
        doc,
        [
            Mention(n, n + 2, "FAC", "tagger"),
            Mention(n2, n2 + 1, "GPE", "tagger"),
            Mention(ph, ph + 1, "PERSON", "tagger"),
        ],
    )
    assert spans(doc, out) == [("Nevada", "GPE"), ("Nevada", "GPE")]
    # in running text capitals are evidence: nothing changes
    doc = doc_of("The team visited Nevada Compound Inc. in Reno. A compound was built there.")
    n = at(doc, "Nevada")
    assert spans(doc, _headline_words(doc, [Mention(n, n + 2, "ORG", "tagger")])) == [
        ("Nevada Compound", "ORG")
    ]


def test_a_book_title_in_a_shop_box_holds_no_names():
    from presslens.nlp.mentions import _shop_listings

    doc = doc_of(
        "The book argues for order.\nWith Liberty and Justi... Jane Miller Best Price: $4.10 Buy New $9.00"
        " (as of 02:10 EDT - Details) Liberty was the theme."
    )
    lib, jus, jane, lib2 = at(doc, "Liberty"), at(doc, "Justi"), at(doc, "Jane"), at(doc, "Liberty", 1)
    out = _shop_listings(
        doc,
        [
            Mention(lib, lib + 1, "ORG", "tagger"),
            Mention(jus, jus + 1, "PERSON", "tagger"),
            Mention(jane, jane + 2, "PERSON", "tagger"),
            Mention(lib2, lib2 + 1, "ORG", "tagger"),
        ],
    )
    assert spans(doc, out) == [("Jane Miller", "PERSON"), ("Liberty", "ORG")]


def test_a_bound_prefix_glued_to_a_hyphen_is_no_name():
    from presslens.nlp.mentions import _bound_prefixes

    doc = doc_of("Pages like The Anti-media were removed, and Pro Football Weekly too.")
    a, p = at(doc, "Anti"), at(doc, "Pro")
    out = _bound_prefixes(doc, [Mention(a, a + 1, "MISC", "tagger"), Mention(p, p + 3, "ORG", "tagger")])
    assert spans(doc, out) == [("Pro Football Weekly", "ORG")]


def test_a_court_district_is_one_place():
    from presslens.nlp.mentions import _court_districts

    doc = doc_of("Prosecutors in the Southern District of Ohio and in the District of Columbia agreed.")
    s, o, c = at(doc, "Southern"), at(doc, "Ohio"), at(doc, "Columbia")
    out = _court_districts(
        doc,
        [
            Mention(s, s + 2, "LOC", "model"),
            Mention(o, o + 1, "GPE", "tagger"),
            Mention(c, c + 1, "GPE", "tagger"),
        ],
    )
    assert spans(doc, out) == [("Southern District of Ohio", "GPE"), ("Columbia", "GPE")]


def test_a_sentence_opening_adjective_is_no_name():
    from presslens.nlp.mentions import _opening_adjectives

    doc = doc_of("The plant was near. Political correctness needs to go. Bosnian refugees arrived.")
    p, b = at(doc, "Political"), at(doc, "Bosnian")
    assert doc[p].tag_ == "JJ"
    out = _opening_adjectives(doc, [Mention(p, p + 1, "MISC", "tagger"), Mention(b, b + 1, "MISC", "tagger")])
    assert spans(doc, out) == [("Bosnian", "MISC")]
    # the page names the word inside a sentence too: it stays
    doc = doc_of("Political correctness needs to go, said the Political Studies group.")
    p, p2 = at(doc, "Political"), at(doc, "Political", 1)
    mentions = [Mention(p, p + 1, "MISC", "tagger"), Mention(p2, p2 + 1, "MISC", "tagger")]
    assert len(_opening_adjectives(doc, mentions)) == 2


def test_a_building_the_page_reads_as_a_body_is_that_body(run):
    article = run(
        "Court Orders White House To Return Press Badge\n"
        "A judge ordered the White House to return the badge on Friday, the White House said."
        " Reporters waited at the White House."
    )
    houses = {(e.type, len(e.mentions)) for e in article.entities if e.name == "White House"}
    assert ("GPE", 1) not in houses and ("LOC", 1) not in houses
    assert any(t == "ORG" and n >= 3 for t, n in houses), houses


def test_a_cut_name_of_a_listed_organisation_is_linked_to_it(run):
    article = run(
        "World Health Chief Warns Of Flu\nThe World Health Organization said the flu season would be hard."
    )
    assert [e.kb_id for e in article.entities if e.name.startswith("World Health")] == ["presslens:who"]


def test_new_gazetteer_entries(run):
    found = {
        e.name: (e.type, e.kb_id)
        for e in run(
            "The president flew aboard Air Force One to Ohio. The hearing was aired live by C-SPAN, and"
            " The Atlanta Journal-Constitution reported it."
        ).entities
    }
    assert found["Air Force One"] == ("PRODUCT", "presslens:vehicle-air-force-one")
    assert found["C-SPAN"] == ("ORG", "presslens:c-span")
    assert found["The Atlanta Journal-Constitution"] == ("ORG", "presslens:ajc")


def test_a_place_before_a_closing_first_names_a_party_or_a_slogan():
    from presslens.nlp.mentions import _country_first

    doc = doc_of("Groups such as Britain First marched, and Japan First Division sides and America agreed.")
    b, j, a = at(doc, "Britain"), at(doc, "Japan"), at(doc, "America")
    mentions = [
        Mention(b, b + 1, "GPE", "gazetteer"),
        Mention(j, j + 1, "GPE", "tagger"),
        Mention(a, a + 1, "GPE", "tagger"),
    ]
    assert spans(doc, _country_first(doc, mentions)) == [("Japan", "GPE"), ("America", "GPE")]
