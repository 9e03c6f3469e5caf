"""Entities: names, gazetteer, acronyms, and the seed-article acceptance checks."""

from __future__ import annotations

import json

import pytest

from presslens.model import Article
from presslens.nlp.acronyms import long_form_start
from presslens.nlp.gazetteer import Gazetteer, load_gazetteer, parse_line, read_entries
from presslens.nlp.names import clean_name, single_keys, surname_keys
from presslens.settings import Settings
from presslens.stages.entities import EntityStage, TaggerEntityStage
from presslens.stages.nlp import SpacyParse

HEADLINE = "‘Gen. Soleimani equipped Palestine with thoughts, know-how’"


def clean_seed(raw: str) -> str:
    """The seed article's text: no repeated headline line, no page boilerplate after it."""
    body = raw.split("\nAbout Author")[0]
    lines = [line for line in body.split("\n") if line.strip() != HEADLINE]
    return "\n".join(lines).strip() + "\n"


def analyse(text: str, settings: Settings | None = None) -> Article:
    settings = settings or Settings()
    return TaggerEntityStage(settings)(SpacyParse(settings)(Article(text=text)))


@pytest.fixture(scope="module")
def seed(seed_raw: str) -> Article:
    return analyse(clean_seed(seed_raw))


def by_name(article: Article, name: str):
    found = [e for e in article.entities if e.name == name]
    assert len(found) == 1, [(e.name, e.type) for e in article.entities]
    return found[0]


@pytest.mark.parametrize(
    ("text", "keys"),
    [("Qasem Soleimani", {"soleimani"}), ("Khaled al-Qaddoumi", {"al qaddoumi", "qaddoumi"}),
     ("Mohammed bin Salman", {"bin salman"}), ("Gen. Qasem Soleimani’s", {"soleimani"})],
)
def test_names_surname_keys(text, keys):
    assert surname_keys(text) == keys


@pytest.mark.parametrize(
    ("text", "name"), [("Soleimani’s", "Soleimani"), ("Martyr Soleimani", "Soleimani"), ("the Pentagon", "Pentagon"),
                       ("Gen. Soleimani", "Soleimani"), ("Hamas’", "Hamas")],
)
def test_names_clean_name(text, name):
    assert clean_name(text) == name
    assert single_keys(text) >= {name.lower()}


def test_acronym_long_form():
    words = ["ties", "with", "the", "Islamic", "Revolutionary", "Guard", "Corps"]
    assert words[long_form_start("IRGC", words) :] == ["Islamic", "Revolutionary", "Guard", "Corps"]
    assert long_form_start("XYZ", words) is None


def test_gazetteer_bundled_size_and_ids():
    gaz = load_gazetteer()
    ids = [e.kb_id for e in gaz.entries]
    assert len(ids) >= 300 and len(ids) == len(set(ids))
    assert {"presslens:quds-force", "presslens:irgc", "presslens:reuters", "presslens:xinhua"} <= set(ids)


def test_gazetteer_fuzzy_alias():
    entry = load_gazetteer().fuzzy("Mehr New Agency")
    assert entry is not None and entry.kb_id == "presslens:mehr"


def test_gazetteer_followthemoney_line():
    line = {"id": "os-1", "schema": "Person", "properties": {"name": ["Jane Roe"], "alias": ["J. Roe"]}}
    entry = parse_line(line)
    assert (entry.kb_id, entry.type, entry.aliases) == ("os-1", "PERSON", ("J. Roe",))
    assert parse_line({"id": "x", "schema": "Address", "properties": {"full": ["1 Main St"]}}) is None


def test_entities_user_gazetteer_ftm(tmp_path):
    path = tmp_path / "ftm.json"
    rows = [{"id": "NK-abc", "schema": "Organization", "properties": {"name": ["Blue Lantern Foundation"],
                                                                        "weakAlias": ["BLF"]}}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert [e.name for e in read_entries(path)] == ["Blue Lantern Foundation"]
    article = analyse("The BLF said on Monday that it had closed.", Settings(gazetteers=(str(path),)))
    ent = next(e for e in article.entities if e.kb_id == "NK-abc")
    assert ent.type == "ORG" and ent.name == "Blue Lantern Foundation"


def test_entities_ids_in_order_and_spans_valid():
    text = "Reuters reported that NATO met in Brussels. NATO officials declined to comment to Reuters."
    article = analyse(text)
    assert [e.id for e in article.entities] == [f"e{i}" for i in range(1, len(article.entities) + 1)]
    starts = [e.mentions[0].start for e in article.entities]
    assert starts == sorted(starts)
    nato = by_name(article, "NATO")
    assert [m.of(text) for m in nato.mentions] == ["NATO", "NATO"] and nato.kb_id == "presslens:nato"


def test_entities_trims_leading_the():
    text = "The White House said the Islamic State had claimed the attack."
    article = analyse(text)
    surfaces = {m.of(text) for e in article.entities for m in e.mentions}
    assert "White House" in surfaces and "Islamic State" in surfaces
    assert not any(s.lower().startswith("the ") for s in surfaces)


def test_entities_empty_gazetteer_still_works():
    article = EntityStage(Settings())(SpacyParse(Settings())(Article(text="Angela Merkel visited Paris.")))
    assert {e.type for e in article.entities} >= {"PERSON", "GPE"}
    assert isinstance(Gazetteer([]).match(article.cache["doc"]), list)


# -- seed article acceptance ---------------------------------------------------------------------

def test_seed_soleimani_one_person_with_all_mentions(seed):
    ent = by_name(seed, "Qasem Soleimani")
    assert ent.type == "PERSON"
    named = [m.of(seed.text) for m in ent.mentions if "Soleimani" in m.of(seed.text)]
    assert len(named) == seed.text.count("Soleimani") == 7
    assert not [e for e in seed.entities if e is not ent and "Soleimani" in e.name]


def test_seed_soleimani_refers_back(seed):
    surfaces = [m.of(seed.text) for m in by_name(seed, "Qasem Soleimani").mentions]
    assert "The martyr" in surfaces and "He" in surfaces


def test_seed_qaddoumi(seed):
    ent = by_name(seed, "Khaled al-Qaddoumi")
    assert ent.type == "PERSON"
    assert [m.of(seed.text) for m in ent.mentions] == ["Khaled al-Qaddoumi", "al-Qaddoumi", "al-Qaddoumi"]


def test_seed_organisations(seed):
    assert by_name(seed, "Hamas").type == "ORG"
    irgc = by_name(seed, "Islamic Revolutionary Guard Corps")
    assert irgc.type == "ORG" and "IRGC" in irgc.aliases
    quds = by_name(seed, "Quds Force")
    assert quds.type == "ORG" and [m.of(seed.text) for m in quds.mentions] == ["Quds"]


@pytest.mark.parametrize(("name", "etype"), [("Ismail Haniyeh", "PERSON"), ("Mahmoud Zahar", "PERSON"),
                                             ("Gaza", "GPE"), ("Tehran", "GPE"), ("Lebanon", "GPE")])
def test_seed_names_and_places(seed, name, etype):
    assert by_name(seed, name).type == etype


# -- invariants -----------------------------------------------------------------------------------

WORDS = ["Hamas", "said", "the", "IRGC", "Gen.", "Soleimani", "’s", "he", "He", "Reuters", "(", ")", ",", ".", "in",
         "Islamic", "Revolutionary", "Guard", "Corps", "Tehran", "al-Qaddoumi", "Khaled", "1993", "commander", "of",
         "Quds", "martyr", "\n", "was", "Mehr", "New", "Agency", "NATO", "Kyiv", "and", "Zelensky"]


@pytest.fixture(scope="module")
def stages():
    return SpacyParse(Settings()), TaggerEntityStage(Settings())


def test_entities_invariants_on_random_text(stages):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    parse, ents = stages

    @settings(max_examples=30, deadline=None)
    @given(st.lists(st.sampled_from(WORDS), max_size=40))
    def check(words):
        text = " ".join(words)
        article = ents(parse(Article(text=text)))
        assert [e.id for e in article.entities] == [f"e{i}" for i in range(1, len(article.entities) + 1)]
        spans = [m for e in article.entities for m in e.mentions]
        assert all(m.of(text).strip() == m.of(text) and m.of(text) for m in spans)
        assert len({(m.start, m.end) for m in spans}) == len(spans)

    check()


def test_a_role_description_refers_back_not_forward():
    """ "the president" before any president is named is not the co-president named paragraphs
    later; after the naming it refers back to that person."""
    text = (
        "The administration approved the plan last month, but the White House said the president "
        "was unaware of it.\n"
        "Campaigners were relieved. \"This is a clear victory,\" the group's co-president Kris Brown said.\n"
        "Senator Maria Lopez opposed the plan. The senator said it was reckless.\n"
    )
    article = analyse(text)
    brown = by_name(article, "Kris Brown")
    assert all("president" not in m.of(text).lower() for m in brown.mentions)
    lopez = by_name(article, "Maria Lopez")
    assert "The senator" in [m.of(text) for m in lopez.mentions]


def test_bin_salman_is_not_king_salman():
    from presslens.nlp.names import surname_keys

    # "bin" means "son of": the father's name alone is the father ("King Salman"), not the son
    assert "salman" not in surname_keys("Mohammed bin Salman")
    assert surname_keys("Bin Salman") == set()  # a surname alone, no full name
    assert "gore" in surname_keys("Al Gore") and "qaddoumi" in surname_keys("Khaled al-Qaddoumi")
