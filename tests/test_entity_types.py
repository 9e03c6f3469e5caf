"""Entity typing rules of session 15: words that are no names, and names whose kind their own
words (or the words around them) give away.  Made-up sentences only."""

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


def test_plural_acronyms_and_slashed_names_are_no_names():
    from presslens.nlp.mentions import Mention, _no_name_words

    doc = doc_of("He is against ARs, the NGOs agreed, and the Kansas/Ohio line held near Dover.")
    ars, ngos, slash, dover = at(doc, "ARs"), at(doc, "NGOs"), at(doc, "Kansas"), at(doc, "Dover")
    kept = _no_name_words(
        doc,
        [
            Mention(ars, ars + 1, "ORG", "tagger"),
            Mention(ngos, ngos + 1, "ORG", "tagger"),
            Mention(slash, slash + 3, "GPE", "tagger"),
            Mention(dover, dover + 1, "GPE", "tagger"),
        ],
    )
    assert [doc[m.start].text for m in kept] == ["Dover"]


def test_a_person_with_a_code_word_is_left_out_and_a_listed_name_keeps_its_slash():
    from presslens.nlp.mentions import Mention, _no_name_words

    doc = doc_of("The boy was hit, WXYZ7 reported, and RFE/RL said so.")
    code, rfe = at(doc, "WXYZ7"), at(doc, "RFE")
    kept = _no_name_words(
        doc,
        [
            Mention(code, code + 1, "PERSON", "tagger"),
            Mention(rfe, rfe + 3, "ORG", "gazetteer", "presslens:rferl", "Radio Free Europe/Radio Liberty"),
        ],
    )
    assert [doc[m.start : m.end].text for m in kept] == ["RFE/RL"]


def test_operations_and_storms_are_events():
    from presslens.nlp.mentions import Mention, _named_events

    doc = doc_of(
        "Troops of Operation Blue Lantern waited while Hurricane Odalys hit Dover, and Odalys moved on."
    )
    op, hur, dover = at(doc, "Operation"), at(doc, "Hurricane"), at(doc, "Dover")
    later = max(t.i for t in doc if t.text == "Odalys")
    out = _named_events(
        doc,
        [
            Mention(op, op + 3, "ORG", "tagger"),
            Mention(hur + 1, hur + 2, "PERSON", "tagger", unsure=True),
            Mention(dover, dover + 1, "GPE", "tagger"),
            Mention(later, later + 1, "PERSON", "tagger"),
        ],
    )
    got = [(doc[m.start : m.end].text, m.label, m.unsure) for m in out]
    assert got == [
        ("Operation Blue Lantern", "EVENT", False),
        ("Hurricane Odalys", "EVENT", False),
        ("Dover", "GPE", False),
        ("Odalys", "EVENT", False),
    ]


def test_a_name_ending_in_constitution_is_a_law(run):
    from presslens.nlp.mentions import Mention, _works_by_head

    doc = doc_of("It was written into the Ruritania Constitution long ago.")
    r = at(doc, "Ruritania")
    out = _works_by_head(doc, [Mention(r, r + 1, "EVENT", "tagger")])
    assert [(doc[m.start : m.end].text, m.label) for m in out] == [("Ruritania Constitution", "LAW")]


def test_towns_in_a_tally_with_places_are_places():
    from presslens.nlp.mentions import Mention, _counted_places

    text = "Arrests were made in Dover (6), Harwick (1), Greenvale (2) and Boston (3)."
    doc = doc_of(text)
    spans = [
        (at(doc, w), "GPE" if w in ("Dover", "Boston") else lab)
        for w, lab in [("Dover", "GPE"), ("Harwick", "PERSON"), ("Greenvale", "ORG"), ("Boston", "GPE")]
    ]
    out = _counted_places(doc, [Mention(i, i + 1, lab, "tagger") for i, lab in spans])
    assert [m.label for m in out] == ["GPE", "GPE", "GPE", "GPE"]


def test_a_tally_of_people_stays_people():
    from presslens.nlp.mentions import Mention, _counted_places

    doc = doc_of("Goals came from Harwick (2), Greenvale (1) and Dover (1).")
    ms = [
        Mention(at(doc, w), at(doc, w) + 1, lab, "tagger")
        for w, lab in [("Harwick", "PERSON"), ("Greenvale", "PERSON"), ("Dover", "GPE")]
    ]
    assert [m.label for m in _counted_places(doc, ms)] == ["PERSON", "PERSON", "GPE"]


def test_a_credited_outlet_typed_a_place_is_the_outlet_and_a_region_stays():
    from presslens.nlp import coref
    from presslens.nlp.mentions import Mention
    from presslens.nlp.resolve import _outlets_not_people

    doc = doc_of("JOHN ROE/AFP/Getty Images. The MENA region grew.")
    afp, mena = at(doc, "AFP"), at(doc, "MENA")
    clusters = {
        0: coref.Cluster([Mention(afp, afp + 1, "GPE", "tagger")], "GPE", None, None),
        1: coref.Cluster([Mention(mena, mena + 1, "LOC", "tagger")], "LOC", None, None),
    }
    _outlets_not_people(doc, clusters)
    assert (clusters[0].type, clusters[0].kb_id) == ("ORG", "presslens:afp")
    assert (clusters[1].type, clusters[1].kb_id) == ("LOC", None)


def _supported(doc, mentions):
    """The bundled gazetteer's matches on ``doc`` that ``supported_matches`` keeps beside ``mentions``."""
    from presslens.nlp.gazetteer import load_gazetteer
    from presslens.nlp.mentions import supported_matches

    gaz = load_gazetteer(())
    gaz.matcher(doc.vocab)
    return supported_matches(doc, mentions, gaz.match(doc))


def test_a_listed_mistyped_place_links_whatever_the_tagger_said():
    from presslens.nlp.mentions import Mention

    doc = doc_of("They were exiled to Marj al-Dhahur in the south.")
    m = at(doc, "Marj")
    person = Mention(m, m + 3, "PERSON", "tagger")
    ids = {g.entry.kb_id for g in _supported(doc, [person])}
    assert "presslens:marj-al-zohour" in ids


def test_the_stock_phrase_allahu_akbar_is_no_person(run):
    assert "Allahu Akbar" not in names(run("The man shouted Allahu Akbar before he was arrested in Dover."))


def test_a_state_before_a_party_word_or_an_office_is_a_place():
    from presslens.nlp.mentions import Mention, _places_of_office

    doc = doc_of("Sen. Jane Roe, Oregon Democrat, said so when Roe was the Nevada attorney general.")
    ore, nev = at(doc, "Oregon"), at(doc, "Nevada")
    out = _places_of_office(
        doc,
        [
            Mention(ore, ore + 1, "PERSON", "tagger", alt="GPE"),
            Mention(nev, nev + 1, "ORG", "tagger", alt="GPE"),
        ],
    )
    assert [m.label for m in out] == ["GPE", "GPE"]
    # without OntoNotes' place reading the type stays
    assert _places_of_office(doc, [Mention(ore, ore + 1, "PERSON", "tagger")])[0].label == "PERSON"


def test_project_before_a_one_word_person_opens_an_organisation():
    from presslens.nlp.mentions import Mention, _opened_organisations

    doc = doc_of("A new video from Project Lumen shows the staffer.")
    lum = at(doc, "Lumen")
    out = _opened_organisations(doc, [Mention(lum, lum + 1, "PERSON", "tagger", alt="ORG")])
    assert [(doc[m.start : m.end].text, m.label) for m in out] == [("Project Lumen", "ORG")]


def test_a_country_name_with_a_peoples_ending_is_a_people():
    from presslens.nlp.gazetteer import load_gazetteer
    from presslens.nlp.mentions import Mention, _country_demonyms

    doc = doc_of("The El Salvadoran national met two South Koreans in Dover.")
    el, so, dover = at(doc, "El"), at(doc, "South"), at(doc, "Dover")
    out = _country_demonyms(
        doc,
        [
            Mention(el, el + 2, "ORG", "tagger"),
            Mention(so, so + 2, "GPE", "tagger"),
            Mention(dover, dover + 1, "GPE", "tagger"),
        ],
        load_gazetteer(()),
    )
    assert [m.label for m in out] == ["NORP", "NORP", "GPE"]


def test_a_headline_name_ends_before_an_auxiliary():
    from presslens.nlp.mentions import Mention, _headline_run_ons

    doc = doc_of("Migrants Heading to Port Velo Will Be Met With Fences")
    p = at(doc, "Port")
    out = _headline_run_ons(doc, [Mention(p, p + 7, "GPE", "tagger")])
    assert [doc[m.start : m.end].text for m in out] == ["Port Velo"]
    free = doc_of("He prays at the Free Will Baptist Church.")
    f = at(free, "Free")
    assert _headline_run_ons(free, [Mention(f, f + 4, "ORG", "tagger")])[0].end == f + 4


def test_an_organisation_ends_before_its_staff():
    from presslens.nlp.mentions import Mention, _staff_tails

    doc = doc_of("Coast Guard Agents and FBI Agents met Peace Officers.")
    c, f, p = at(doc, "Coast"), at(doc, "FBI"), at(doc, "Peace")
    out = _staff_tails(
        doc,
        [
            Mention(c, c + 3, "ORG", "tagger"),
            Mention(f, f + 2, "ORG", "tagger"),
            Mention(p, p + 2, "ORG", "tagger"),
        ],
    )
    assert [doc[m.start : m.end].text for m in out] == ["Coast Guard", "FBI", "Peace Officers"]


def test_a_listed_church_document_is_a_work_whatever_the_tagger_said():
    from presslens.nlp.mentions import Mention

    doc = doc_of("The bishops cited Amoris laetitia in the letter.")
    a = at(doc, "Amoris")
    kept = _supported(doc, [Mention(a, a + 2, "PERSON", "tagger")])
    assert [(g.entry.kb_id, g.entry.type) for g in kept] == [
        ("presslens:work-amoris-laetitia", "WORK_OF_ART")
    ]


def test_a_saints_possessive_before_a_place_head_is_that_place():
    from presslens.nlp.mentions import Mention, _saints_places

    doc = doc_of("They met on St. Anselm's Square and then in St. Anselm's streets.")
    first, second = [t.i for t in doc if t.text == "St."]
    out = _saints_places(
        doc, [Mention(first, first + 2, "GPE", "tagger"), Mention(second, second + 2, "GPE", "tagger")]
    )
    assert [(doc[m.start : m.end].text, m.label) for m in out] == [
        ("St. Anselm's Square", "FAC"),
        ("St. Anselm", "GPE"),
    ]


def test_the_black_death_is_one_name_and_no_actor(run):
    assert (
        names(run("Officials warned that the Black Death could return to Dover.")).get("Black Death")
        == "MISC"
    )


def test_the_semite_of_anti_semite_is_no_people(run):
    got = names(run("Critics called the mayor of Dover an anti-Semite, and anti-Semitism was rising."))
    assert "Semite" not in got and "Semitism" not in got


def test_a_name_ending_in_initials_goes_on_over_the_surname():
    from presslens.nlp.mentions import Mention, _initials_go_on

    doc = doc_of("He served under President John Q.\nAdams and later under James K. Polk.")
    j, a = at(doc, "John"), at(doc, "Adams")
    out = _initials_go_on(doc, [Mention(j, j + 2, "PERSON", "tagger"), Mention(a, a + 1, "PERSON", "tagger")])
    assert [doc[m.start : m.end].text for m in out] == ["John Q.\nAdams"]


def test_a_listed_organisations_acronym_links_though_the_tagger_said_person():
    from presslens.nlp.mentions import Mention

    doc = doc_of("The judge said that ICE had broken its word with the man.")
    i = at(doc, "ICE")
    kept = _supported(doc, [Mention(i, i + 1, "PERSON", "tagger")])
    assert [g.entry.kb_id for g in kept] == ["presslens:us-ice"]
