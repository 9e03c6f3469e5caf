"""Entity typing rules of session 16 (held-out reading of PolNeAR train articles, set A): names
glued by hyphens, kinds of organisation, compass words, languages, monuments.  Made-up
sentences only."""

# ruff: noqa: F811 - the `run` fixture is imported from _tagger_fixtures
from __future__ import annotations

from _tagger_fixtures import names, run  # noqa: F401 - a pytest fixture

from presslens.model import Article
from presslens.settings import Settings
from presslens.stages.nlp import SpacyParse


def doc_of(text: str):
    return SpacyParse(Settings())(Article(text=text)).cache["doc"]


def at(doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def _gaz(doc):
    from presslens.nlp.gazetteer import load_gazetteer

    gaz = load_gazetteer(())
    gaz.matcher(doc.vocab)
    return gaz


def test_two_listed_names_glued_by_a_hyphen_are_two_names():
    from presslens.nlp.mentions import Mention, _hyphen_pairs

    doc = doc_of(
        "A Reuters-Ipsos survey and a Rolls-Royce engine were cited near the China-Nepal border"
        " in the Israeli-Palestinian talks."
    )
    r, rr, c, i = at(doc, "Reuters"), at(doc, "Rolls"), at(doc, "China"), at(doc, "Israeli")
    mentions = [
        Mention(r, r + 3, "ORG", "tagger"),
        Mention(rr, rr + 3, "ORG", "tagger"),
        Mention(c, c + 3, "GPE", "tagger"),
        Mention(i, i + 3, "NORP", "tagger"),
    ]
    out = _hyphen_pairs(doc, mentions, _gaz(doc).match(doc))
    got = [(doc[m.start : m.end].text, m.label) for m in out]
    # "Ipsos" is not listed: the survey's name stays whole; "Rolls-Royce" is one name
    assert ("Reuters-Ipsos", "ORG") in got and ("Rolls-Royce", "ORG") in got
    assert ("China", "GPE") in got and ("Nepal", "GPE") in got
    assert ("Israeli-Palestinian", "NORP") in got  # two peoples' words: one adjective


def test_an_abbreviated_place_glued_to_a_hyphen_is_no_name(run):
    got = names(run("Voters who are U.K.-born backed the plan at the U.S.-Canada line, Ms. Dale said."))
    assert not any(".-" in n for n in got)


def test_a_persons_surname_before_a_listed_body_is_cut_off():
    from presslens.nlp.mentions import Mention, _owner_trimmed

    doc = doc_of("Aides to Martha Quill said that the Quill State Department kept the files.")
    p, q = at(doc, "Martha"), [t.i for t in doc if t.text == "Quill"][1]
    mentions = [Mention(p, p + 2, "PERSON", "tagger"), Mention(q, q + 3, "ORG", "tagger")]
    out = _owner_trimmed(doc, mentions, _gaz(doc).match(doc))
    assert [doc[m.start : m.end].text for m in out] == ["Martha Quill", "State Department"]


def test_an_organisations_own_name_opening_with_a_surname_stays_whole():
    from presslens.nlp.mentions import Mention, _owner_trimmed

    doc = doc_of("Martha Quill said the Quill Foundation paid.")
    p, q = at(doc, "Martha"), [t.i for t in doc if t.text == "Quill"][1]
    out = _owner_trimmed(
        doc, [Mention(p, p + 2, "PERSON", "tagger"), Mention(q, q + 2, "ORG", "tagger")], _gaz(doc).match(doc)
    )
    assert [doc[m.start : m.end].text for m in out] == ["Martha Quill", "Quill Foundation"]


def test_super_pac_is_a_kind_not_a_name():
    from presslens.nlp.mentions import Mention, _generic_acronyms

    doc = doc_of("His super PAC spent little, but the super PAC Citizens For Dover spent more.")
    first, second = [t.i for t in doc if t.text == "PAC"]
    out = _generic_acronyms(
        doc, [Mention(first, first + 1, "ORG", "tagger"), Mention(second, second + 4, "ORG", "tagger")]
    )
    assert [doc[m.start : m.end].text for m in out] == ["Citizens For Dover"]


def test_a_peoples_word_before_americans_is_one_group():
    from presslens.nlp.mentions import Mention, _hyphenated_peoples

    doc = doc_of("Many Korean Americans and some Americans voted.")
    k, a1 = at(doc, "Korean"), at(doc, "Americans")
    a2 = [t.i for t in doc if t.text == "Americans"][1]
    out = _hyphenated_peoples(
        doc,
        [
            Mention(k, k + 1, "NORP", "gazetteer"),
            Mention(a1, a1 + 1, "NORP", "tagger"),
            Mention(a2, a2 + 1, "NORP", "tagger"),
        ],
    )
    assert [doc[m.start : m.end].text for m in out] == ["Korean Americans", "Americans"]


def test_a_compass_word_before_a_capitalised_word_is_no_people():
    from presslens.nlp.mentions import Mention, _compass_words

    doc = doc_of("As the Eastern Courier wrote, Western leaders met.")
    e, w = at(doc, "Eastern"), at(doc, "Western")
    out = _compass_words(
        doc, [Mention(e, e + 1, "NORP", "gazetteer"), Mention(w, w + 1, "NORP", "gazetteer")]
    )
    assert [doc[m.start].text for m in out] == ["Western"]


def test_a_peoples_word_as_a_language(run):
    got = names(
        run("The mayor of Dover bought Portuguese-language ads, and ads in Portuguese are rare there.")
    )
    assert got.get("Portuguese") == "LANGUAGE"


def test_a_peoples_word_before_a_noun_after_in_stays_a_people(run):
    got = names(run("The port of Dover is now in Portuguese hands, the minister said."))
    assert got.get("Portuguese") == "NORP"


def test_a_memorial_is_a_facility_but_not_in_a_title_case_headline():
    from presslens.nlp.mentions import Mention, _venues

    doc = doc_of("Mayor Visits Dover War Memorial Today.\n\nShe laid flowers at the Dover War Memorial.")
    first, second = [t.i for t in doc if t.text == "Dover"]
    out = _venues(
        doc, [Mention(first, first + 3, "ORG", "tagger"), Mention(second, second + 3, "ORG", "tagger")]
    )
    assert [m.label for m in out] == ["ORG", "FAC"]


def test_hell_is_no_place(run):
    assert "Hell" not in names(run("The preacher in Dover said the gates of Hell will not prevail."))


def test_new_gazetteer_lines_link(run):
    got = run("As Western Journalism reported, records released under FOIA show it.")
    assert {"presslens:western-journalism", "presslens:law-us-foia"} <= {e.kb_id for e in got.entities}
    got = run("The mayor of Dover said that Emily's List paid for the ads.")
    assert "presslens:emilys-list" in {e.kb_id for e in got.entities}


def test_a_centre_someone_works_at_is_an_organisation_and_an_arena_stays_a_building():
    from presslens.nlp.mentions import Mention, _workplace_centres

    doc = doc_of(
        "Ivan Petrov, head of the Asia Program at the Carnegie Dover Center, spoke. "
        "The team won in front of 15,522 at the Dover Center."
    )
    first, second = [t.i for t in doc if t.text == "Dover"]
    out = _workplace_centres(
        doc, [Mention(first - 1, first + 2, "FAC", "tagger"), Mention(second, second + 2, "FAC", "tagger")]
    )
    assert [m.label for m in out] == ["ORG", "FAC"]
