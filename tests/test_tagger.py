# ruff: noqa: F811 - the `run` fixture is imported from _tagger_fixtures
"""The shared encoder, the name tagger and the resolution rules of the default entities stage."""

from __future__ import annotations

import shutil

import pytest
from _tagger_fixtures import names, run  # noqa: F401 - a pytest fixture

from presslens.errors import ModelLoadError
from presslens.model import Article
from presslens.nlp.encoder import DATA_DIR, MODEL_FILE, SharedEncoder, encode_article, load_shared_encoder
from presslens.nlp.tagger import HEAD_FILE, NameTagger, load_tagger
from presslens.nlp.wordshape import shape_id
from presslens.settings import Settings
from presslens.stages.nlp import SpacyParse, load_nlp


def test_wordshape_ids():
    assert shape_id("paris", False) == 1 and shape_id("Paris", False) == 2 and shape_id("NATO", False) == 3
    assert shape_id("Paris", True) != shape_id("Paris", False)
    assert shape_id("1996", False) == 5 and shape_id(",", False) == 6 and shape_id("iPhone", False) == 4


def test_tagger_types_people_orgs_places(run):
    art = run("Mark Meadows told Fox News on Tuesday that Donald Trump would visit Paris with Angela Merkel.")
    got = names(art)
    assert got.get("Mark Meadows") == "PERSON" and got.get("Donald Trump") == "PERSON"
    assert got.get("Angela Merkel") == "PERSON" and got.get("Paris") == "GPE"
    assert got.get("Fox News") == "ORG"


def test_no_contractions_or_sentence_initial_words(run):
    text = (
        "Unsurprisingly, the senator didn't comment. VIDEO: Stay with us. Check back later.\n"
        "Images of the storm spread quickly, and officials won't say more."
    )
    art = run(text)
    surfaces = {m.of(text) for e in art.entities for m in e.mentions}
    for junk in ("n't", "Unsurprisingly", "VIDEO", "Stay", "Check", "Images"):
        assert junk not in surfaces, (junk, names(art))


def test_no_conjunction_or_preposition_starts_a_name(run):
    text = "The queen spoke about Prince Philip and Prince Charles. While Meadows waited, Mark Meadows left."
    art = run(text)
    for e in art.entities:
        for m in e.mentions:
            first = m.of(text).split()[0]
            assert first.lower() not in {"about", "and", "or", "while", "the"}, m.of(text)


def test_surname_chain_is_one_person(run):
    text = (
        "Mark Meadows, the White House chief of staff, spoke on Monday. "
        "Meadows said the talks had stalled. Congressman Meadows later added that he was hopeful."
    )
    art = run(text)
    meadows = [e for e in art.entities if "Meadows" in e.name]
    assert len(meadows) == 1, [(e.name, e.type) for e in art.entities]
    assert (
        meadows[0].type == "PERSON" and len([m for m in meadows[0].mentions if "Meadows" in m.of(text)]) == 3
    )


@pytest.mark.parametrize(
    ("text", "full", "short"),
    [
        # a generational suffix is not the surname
        (
            "James P. Kennedy Jr., the U.S. Attorney, filed the charges. Kennedy said the case was strong.",
            "James P. Kennedy Jr",
            "Kennedy",
        ),
        # the suffix may stay with the surname
        (
            "Kelly Oubre Jr. scored twenty points. The coach praised Oubre Jr. after the game.",
            "Kelly Oubre Jr",
            "Oubre Jr.",
        ),
        # particles of a surname, capitalised
        (
            "James Van Der Beek left the show on Monday. Van Der Beek thanked his fans.",
            "James Van Der Beek",
            "Van Der Beek",
        ),
        # the same surname in another transliteration
        (
            "Trump asked Volodymyr Zelenskiy for a favour. President Zelensky said he felt no pressure.",
            "Volodymyr Zelenskiy",
            "Zelensky",
        ),
    ],
)
def test_short_forms_join_the_person_named_in_full(run, text, full, short):
    art = run(text)
    owner = [e for e in art.entities if any(m.of(text) == short for m in e.mentions)]
    assert len(owner) == 1 and owner[0].type == "PERSON", [(e.name, e.type) for e in art.entities]
    assert any(m.of(text).startswith(full) for m in owner[0].mentions), [
        (e.name, e.type) for e in art.entities
    ]


def test_one_letter_apart_is_not_enough_for_short_names():
    from presslens.nlp.coref import _one_edit
    from presslens.nlp.names import single_keys, surname_keys

    assert _one_edit("zelensky", "zelenskiy") and _one_edit("smithson", "smithsen")
    assert (
        not _one_edit("hess", "hesse")
        and not _one_edit("obama", "obama")
        and not _one_edit("putin", "putina")
    )
    assert surname_keys("Patrick W. Carlineo Jr.") == {"carlineo", "carlineo jr"}
    assert single_keys("Jr.") == set() and single_keys("New York") == set()


def test_gazetteer_needs_evidence(run):
    text = (
        "Michael Bloomberg spent heavily on advertising. Bloomberg said he would stay in the race. "
        "The Virginia General Assembly passed the bill on Friday."
    )
    art = run(text)
    kb = {e.name: e.kb_id for e in art.entities}
    assert "presslens:bloomberg" not in kb.values(), kb
    assert "presslens:unga" not in kb.values(), kb
    person = [e for e in art.entities if e.type == "PERSON" and "Bloomberg" in e.name]
    assert person and all(e.kb_id is None for e in person)


def test_gazetteer_links_with_full_name(run):
    text = "The United Nations General Assembly met in New York. The General Assembly voted on Friday."
    art = run(text)
    unga = [e for e in art.entities if e.kb_id == "presslens:unga"]
    assert len(unga) == 1 and len(unga[0].mentions) == 2


def test_pronoun_respects_gender(run):
    text = (
        "Meghan Markle arrived in London on Monday. She said she was happy to be back. "
        "Her husband stayed in Canada. He said nothing."
    )
    art = run(text)
    meghan = [e for e in art.entities if e.name == "Meghan Markle"]
    assert meghan, names(art)
    surfaces = [m.of(text) for m in meghan[0].mentions]
    assert "He" not in surfaces


def test_encoder_pass_is_cached_and_covers_long_sentences():
    parse = SpacyParse(Settings())
    text = " ".join(["The committee, chaired by Anna Lindqvist of Stockholm, reviewed item"] * 30) + "."
    art = parse(Article(text=text))
    doc = art.cache["doc"]
    enc = encode_article(art, doc)
    assert encode_article(art, doc) is enc  # one pass per article
    real = [t.i for t in doc if not t.is_space]
    assert enc.valid[real].all() and enc.vectors.shape == (len(doc), 384)
    spans = load_tagger().tag(doc, enc)
    assert sum(doc[s.start : s.end].text == "Anna Lindqvist" for s in spans) >= 25
    assert all(0.0 < s.confidence <= 1.0 for s in spans)


def test_encoder_states_do_not_depend_on_other_windows():
    """Each window runs alone: the int8 encoder scales its activations over its whole input, so
    batched with other windows a sentence's states moved with unrelated text of the article."""
    parse = SpacyParse(Settings())
    para = "Police in Valmora closed the bridge on Monday, the mayor Anna Lindqvist said.\n"
    other = (
        "Shares of Northwind Traders fell 40 percent after its chief executive, Jonas Berg, "
        "resigned in a dispute over $1.2 billion of debt owed to three banks in Oslo.\n"
    )
    base = parse(Article(text=para * 12)).cache["doc"]
    mixed = parse(Article(text=para * 12 + other * 12)).cache["doc"]
    encoder = load_shared_encoder()
    first = len(list(base.sents)[0])
    assert (encoder.encode_doc(base).vectors[:first] == encoder.encode_doc(mixed).vectors[:first]).all()


def test_encoder_slices_cover_the_doc_and_tag_like_one_pass():
    parse = SpacyParse(Settings())
    para = (
        "Police in Valmora closed the bridge on Monday, the mayor Anna Lindqvist said. "
        "The European Commission sent experts from Brussels.\n"
    )
    doc = parse(Article(text=para * 40)).cache["doc"]
    encoder, tagger = load_shared_encoder(), load_tagger()
    whole = encoder.encode_doc(doc)
    (one,) = encoder.encode_slices(doc, size=len(doc))  # up to `size` tokens: the one pass, unchanged
    assert one.offset == 0 and (one.vectors == whole.vectors).all() and (one.word_end == whole.word_end).all()
    slices = list(encoder.encode_slices(doc, size=100))
    assert len(slices) > 5
    assert [e.offset for e in slices] == sorted({e.offset for e in slices})
    assert sum(len(e.valid) for e in slices) == len(doc)  # every token once, in order
    for enc, nxt in zip(slices, [*slices[1:], None], strict=True):
        end = nxt.offset if nxt else len(doc)
        assert enc.offset + len(enc.valid) == end
        assert doc[enc.offset].is_sent_start  # slices are whole sentences
    key = [(s.start, s.end, s.label) for s in tagger.tag(doc, whole)]
    sliced = [(s.start, s.end, s.label) for e in slices for s in tagger.tag(doc, e)]
    assert len(set(sliced) ^ set(key)) <= 2  # windows differ only at the slice seams
    assert {doc[a:b].text for a, b, _ in sliced} >= {"Valmora", "Anna Lindqvist", "European Commission"}


def test_missing_or_broken_model_raises_model_load_error(tmp_path):
    with pytest.raises(ModelLoadError):
        SharedEncoder(tmp_path)
    (tmp_path / MODEL_FILE).write_bytes(b"not an onnx model")
    with pytest.raises(ModelLoadError):
        SharedEncoder(tmp_path)
    with pytest.raises(ModelLoadError):
        NameTagger(tmp_path)
    shutil.copy(DATA_DIR / HEAD_FILE, tmp_path / HEAD_FILE)
    (tmp_path / HEAD_FILE).write_bytes((tmp_path / HEAD_FILE).read_bytes()[:100])
    with pytest.raises(ModelLoadError):
        NameTagger(tmp_path)


def test_shared_encoder_is_loaded_once():
    assert load_shared_encoder() is load_shared_encoder()
    assert load_nlp() is load_nlp()


def test_entity_resting_only_on_unsure_mentions_is_left_out():
    from presslens.nlp import coref
    from presslens.nlp.mentions import Mention
    from presslens.nlp.resolve import _drop_unsure

    ms = [
        Mention(0, 1, "ORG", "tagger", score=0.5, unsure=True),  # alone and unsure: dropped
        Mention(3, 5, "PERSON", "tagger", score=0.99),
        Mention(7, 8, "PERSON", "tagger", score=0.5, unsure=True),  # kept by its sure full name
    ]
    roots = [0, 1, 1]
    kept, new_roots, clusters = _drop_unsure(ms, roots, coref.build_clusters(ms, roots))
    assert kept == ms[1:] and new_roots == [0, 0]
    assert list(clusters) == [0] and clusters[0].mentions == ms[1:] and clusters[0].type == "PERSON"


def test_name_goes_on_to_its_head_word(run):
    # the tagger reads "British" alone; OntoNotes holds the whole name, which ends in "Office"
    art = run("A spokesperson for the British Foreign Office reiterated the UK's position on Tuesday.")
    got = names(art)
    assert got.get("British Foreign Office") == "ORG" and "British" not in got, got


def test_name_cut_short_takes_the_whole_name(run):
    # the tagger reads "Manchester" and "Metropolitan" apart; OntoNotes holds the one name
    got = names(
        run("Students were locked down at Manchester Metropolitan and Glasgow universities on Friday.")
    )
    assert "Manchester Metropolitan" in got and "Manchester" not in got and "Metropolitan" not in got, got


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("The carmaker said the new Sentra goes on sale in January, priced below the Altima.", "Sentra"),
        ("The space agency's Galileo spacecraft found evidence of an ocean under the ice.", "Galileo"),
    ],
)
def test_product_is_no_organisation(run, text, product):
    # the tagger calls the word an organisation; OntoNotes calls the very words a product
    assert names(run(text)).get(product) == "PRODUCT"


@pytest.mark.parametrize(
    ("text", "name", "etype"),
    [
        # a demonym OntoNotes calls a NORP is no place, though the tagger reads a place
        (
            "In the coming weeks, South Dakotans will see the campaign on television.",
            "South Dakotans",
            "NORP",
        ),
        ("He has taken refuge in the Ecuadorean embassy in London since 2012.", "Ecuadorean", "NORP"),
        # a name OntoNotes reads with its article as an organisation is no GPE
        (
            "The decision was announced by the White House on Monday after a long meeting.",
            "White House",
            "ORG",
        ),
        # an acronym with the article stays a place
        ("The agency said the UK would respond to the request on Friday.", "UK", "GPE"),
    ],
)
def test_ontonotes_type_wins_on_the_same_words_when_the_words_say_so(run, text, name, etype):
    assert names(run(text)).get(name) == etype


def test_demonym_like_word_without_ontonotes_support_is_no_norp(run):
    # "Nikkei" ends like "Israeli"; a MISC name only OntoNotes' NORP makes a nationality
    got = names(run("Japan's Nikkei futures lost 0.6% on Tuesday while the dollar rose."))
    assert got.get("Nikkei") != "NORP" and got.get("Japan") == "GPE", got


def test_lone_initial_is_no_name():
    from presslens.nlp.mentions import _plausible_name

    doc = load_nlp()("Those infected with Y. pestis often develop a fever.")
    i = next(t.i for t in doc if t.text == "Y.")
    assert not _plausible_name(doc, i, i + 1)


def test_acronym_on_an_all_caps_line_is_not_linked(run):
    # the words after the line break are another sentence: they do not make the line lower case
    art = run("GET THE FOX NEWS APP\n“Can I just say something,” she asked on Tuesday.\n")
    assert not any(e.kb_id for e in art.entities if e.name != "FOX NEWS"), [
        (e.name, e.kb_id) for e in art.entities
    ]


@pytest.mark.parametrize(
    ("text", "org"),
    [
        (
            "The show's producer, Dick Clark Productions, denied that it had blocked the performance.",
            "Dick Clark Productions",
        ),
        (
            "She works at Rutgers Robert Wood Johnson Medical School in New Brunswick.",
            "Robert Wood Johnson Medical School",
        ),
    ],
)
def test_person_naming_an_organisation_is_the_organisation(run, text, org):
    got = names(run(text))
    assert got.get(org) == "ORG" and "PERSON" not in got.values(), got


def test_person_without_an_organisation_head_stays_a_person(run):
    assert names(run("Dick Clark hosted the show for decades before his death.")) == {"Dick Clark": "PERSON"}


def test_gazetteer_link_holds_where_ontonotes_backs_its_type(run):
    # "White House involvement": the tagger reads a place, OntoNotes an organisation, as the entry
    art = run(
        "Critics questioned White House involvement in the deal. "
        "Officials at the White House declined to comment."
    )
    wh = [e for e in art.entities if e.name == "White House"]
    assert len(wh) == 1 and wh[0].type == "ORG" and len(wh[0].mentions) == 2, wh


def test_glued_words_make_no_person(run):
    # extraction glued a byline to the name: "Kristi NoemKristi Lynn NoemSouth Dakota governor"
    art = run(
        "Governor Kristi NoemKristi Lynn NoemSouth Dakota governor\n"
        "Noem said on Tuesday that the campaign would go on. Noem added that she was proud of it.\n"
    )
    people = [e.name for e in art.entities if e.type == "PERSON"]
    assert people == ["Noem"], people


def test_code_in_brackets_after_a_name_is_no_name(run):
    got = names(
        run(
            "The airline will fly from Los Angeles (LAX) and Spokane (GEG) to Asia next year, "
            "with help from Customs and Border Protection (CBP)."
        )
    )
    assert "LAX" not in got and "GEG" not in got and got.get("Spokane") == "GPE", got
    assert "ORG" in got.values(), got  # the acronym of the agency stays


def test_dateline_source_in_brackets_stays():
    from presslens.nlp.mentions import Mention, _drop_codes

    doc = load_nlp()("NEW YORK (CNBC) — The Senate voted on Tuesday.")
    ms = [Mention(0, 2, "GPE", "tagger"), Mention(3, 4, "ORG", "tagger")]
    assert _drop_codes(doc, ms) == ms


def test_scores_and_citation_numbers_are_no_dates(run):
    """OntoNotes types a score, a record and reference numbers DATE; only real dates stay."""
    art = run(
        "Eastern Michigan beat Northern Illinois 45-17 on Tuesday to improve to 6-5, its best record since 2007. "
        "Drinking more water can boost metabolism (10, 11). The plant opened in March 2019."
    )
    dates = {e.name for e in art.entities if e.type == "DATE"}
    assert not dates & {"45-17", "6-5", "10, 11", "10", "11"}, dates
    assert "Tuesday" in dates and "2007" in dates and any("2019" in d for d in dates), dates


def test_ages_are_no_dates(run):
    """OntoNotes types ages DATE ("23-year-old", "at the age of 9"); they are nobody's date."""
    art = run(
        "The 23-year-old goalkeeper joined the club on Tuesday. Webb, who started racing at the age of 9, "
        "is 45 years old. The six-month-old girl was found in May 2019."
    )
    dates = {e.name for e in art.entities if e.type == "DATE"}
    assert not {d for d in dates if "old" in d or "age" in d}, dates
    assert "Tuesday" in dates and any("2019" in d for d in dates), dates


def test_dates_without_a_word_of_time_are_no_dates(run):
    """OntoNotes types frequency words and stray nouns DATE ("annual", "mosquito"); a DATE needs a
    digit or a word of time."""
    art = run(
        "The annual subscription costs less than a mosquito net. "
        "The company reported its results on Wednesday and expects growth next year."
    )
    dates = {e.name for e in art.entities if e.type == "DATE"}
    assert not dates & {"annual", "mosquito"}, dates
    assert "Wednesday" in dates and any("year" in d for d in dates), dates


def test_age_ranges_are_no_dates(run):
    """Ages as ranges and bounds ("between 12 to 17-years-old", "26 or older", "age 6 months"),
    found on a real Newsweek page, are no dates either."""
    art = run(
        "Among respondents aged between 12 to 17-years-old, use rose in 2016. "
        "In adults aged 26 or older, the number grew last year. "
        "The agency recommends that everyone above age 6 months get a flu shot by the end of October."
    )
    dates = {e.name for e in art.entities if e.type == "DATE"}
    assert not {d for d in dates if "old" in d or "age" in d or d.startswith("26")}, dates
    assert "2016" in dates and any("October" in d for d in dates), dates


def test_hyphenated_given_names_stay_whole(run):
    """The tokenizer cuts "Ki-moon" at the hyphen and the tagger kept "Ban Ki" (found on real pages:
    "Tsai Ing", "Kim Jong"); "Obama-era" and "Trump-isms" stay outside the name."""
    art = run(
        "Ban Ki-moon met Tsai Ing-wen in Taipei, and Kim Jong-un wrote to Moon Jae-in. "
        "The Obama-era rule and the Putin-led war were discussed."
    )
    people = {e.name for e in art.entities if e.type == "PERSON"}
    assert {"Ban Ki-moon", "Tsai Ing-wen", "Kim Jong-un", "Moon Jae-in"} <= people, people
    assert not any(n.endswith(("-era", "-led")) for e in art.entities for n in [e.name]), people


def test_organisation_names_keep_their_for_of_part(run):
    """Found on real pages: "Center" for the Center for American Progress, "Alliance" for the
    Alliance for American Manufacturing; a role and a person after the name stay outside it."""
    art = run(
        "Neera Tanden, a Clinton supporter and president of the Center for American Progress, asked "
        "former Attorney General Eric Holder whether he had thoughts. Tariffs have strengthened "
        "leverage, said Scott Paul, who heads the Alliance for American Manufacturing, a group that "
        "has pushed for tariffs. The Centers for Disease Control Director Thomas Frieden spoke on "
        "Monday, and the Senate Committee on Foreign Relations and Democrats agreed."
    )
    orgs = {e.name for e in art.entities if e.type == "ORG"}
    assert {"Center for American Progress", "Alliance for American Manufacturing"} <= orgs, orgs
    assert not any("Frieden" in n or "Director" in n or "Democrats" in n for n in orgs), orgs


def test_an_acronym_used_as_a_common_noun_links_to_no_actor(run):
    """A real personal-finance page linked "a traditional IRA" and "your Roth IRA" to the Irish
    Republican Army; the acronym as a modifier ("an FBI investigation") still links."""
    art = run(
        "You can put $6,000 to a traditional IRA for which you get a deduction, or dip into your Roth "
        "IRA later. An FBI investigation is under way."
    )
    kb = {e.kb_id for e in art.entities}
    assert "presslens:ira" not in kb, kb
    assert "presslens:fbi" in kb, kb


def test_a_surname_that_is_a_pronoun_is_no_mention(run):
    """A real page (NYT, trade war) joined three sentence-initial "He" (Trump) to Liu He, whose
    surname is the pronoun's word."""
    text = (
        "The president met Liu He, China's top trade negotiator, on Monday. He has alternated "
        "displays of anger and warmth. He Jianxiong, a former IMF director, spoke later."
    )
    art = run(text)
    liu = [e for e in art.entities if e.name == "Liu He"]
    assert len(liu) == 1 and [m.of(text) for m in liu[0].mentions] == ["Liu He"], [
        (e.name, [m.of(text) for m in e.mentions]) for e in art.entities
    ]


def test_an_organisation_keeps_a_title_word_in_its_name(run):
    """Found on real pages: "General Assembly" was named "Assembly" and "Justice Department"
    "Department", as if "General" and "Justice" were a person's titles."""
    art = run(
        "Erekat said: We are going to the (UN) General Assembly. A review by the Justice Department's "
        "inspector general is under way."
    )
    orgs = {e.name for e in art.entities if e.type == "ORG"}
    assert {"General Assembly", "Justice Department"} <= orgs, orgs


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Patrick Carlineo Jr.", "Pat Carlineo", True),
        ("Patrick Carlineo Jr.", "Patrick W. Carlineo", True),
        ("Joshua Apte", "Josh Apte", True),
        ("John M. Ford", "John Milo Ford", True),
        ("Paul Smith", "Paula Smith", False),  # one letter more: another given name
        ("Steve Smith", "Steven Smith", False),
        ("Patrick Carlineo Jr.", "Patrick Carlineo Sr.", False),  # father and son
        ("Donald Trump Jr.", "Donald Trump", False),  # the same name with and without: son and father
        ("Robert S. Mueller III", "Robert Mueller", True),
        ("George H. W. Bush", "George W. Bush", False),
        ("Joshua Apte", "Joshua Abte", False),
        ("Josh Apte", "Jo Apte", False),
    ],
)
def test_full_names_of_one_person(a, b, same):
    from presslens.nlp.names import same_person

    assert same_person(a, b) is same and same_person(b, a) is same


def test_full_names_written_two_ways_are_one_person(run):
    """A real page (The Hill) split one man into four: "Patrick Carlineo Jr.", "Pat Carlineo",
    "Patrick W. Carlineo" and a bare "Carlineo" that then had three owners."""
    text = (
        "Patrick Carlineo Jr., 55, could face prison. Carlineo's attorney spoke. \"Pat Carlineo is "
        'passionate about his beliefs," she said. Carlineo pleaded guilty. Omar wrote about the '
        "sentencing of Patrick W. Carlineo."
    )
    art = run(text)
    people = [e for e in art.entities if any("Carlineo" in m.of(text) for m in e.mentions)]
    assert len(people) == 1 and people[0].type == "PERSON", [(e.name, e.type) for e in people]
    assert len([m for m in people[0].mentions if "Carlineo" in m.of(text)]) == 5


def test_a_company_with_and_without_its_legal_form_is_one(run):
    """Found on a real page (Al Jazeera): "Ceres Robotics" and "Ceres Robotics Inc." were two."""
    text = (
        'NASA took bids from Ceres Robotics and Tyvak. "We are ready," said Michael Sims, CEO and '
        "founder of Ceres Robotics Inc."
    )
    art = run(text)
    ceres = [e for e in art.entities if any("Ceres" in m.of(text) for m in e.mentions)]
    assert len(ceres) == 1 and ceres[0].type == "ORG", [(e.name, e.type) for e in ceres]


def test_a_place_before_based_is_a_place(run):
    """Found on real pages: "Texas" in "the Texas-based firm" and "London" in "London-based
    designer" were typed MISC (no actor)."""
    art = run("George Friedman is an analyst at Stratfor, the Texas-based intelligence firm.")
    assert names(art).get("Texas") == "GPE", names(art)


def test_a_common_word_capitalised_at_a_sentence_start_is_no_name(run):
    """Found on real pages: "Beauty" (ORG) in "Beauty company Coty is breaking out", written
    "the beauty brand" further on; "Meth" in the slogan "Meth. We're on it." went the same way."""
    art = run(
        "Beauty company Coty is breaking out — in a good way.\nThe stock added more than 2% to "
        "begin the week after the beauty brand took a majority stake in Kylie Jenner's cosmetics "
        "company."
    )
    found = names(art)
    assert "Beauty" not in found, found
    assert found.get("Kylie Jenner") == "PERSON", found


def test_a_venue_is_a_facility(run):
    """A real tour list typed amphitheatres and pavilions ORG."""
    art = run(
        "June 14 -- Ameris Bank Amphitheatre, Alpharetta, GA\nJune 19 -- PNC Music Pavilion, "
        "Charlotte, NC\nThe suspects were taken to the Bartholomew County Jail."
    )
    found = names(art)
    for venue in ("Ameris Bank Amphitheatre", "PNC Music Pavilion", "Bartholomew County Jail"):
        assert found.get(venue) == "FAC", found


def test_an_organisation_before_based_starts_after_it(run):
    """A real page (Vox) had "Delhi-based Council on Energy, Environment and Water" as one name."""
    text = (
        "Kurinji Selvaraj, a research analyst at the Delhi-based Council on Energy, Environment and "
        "Water think tank told CBS News."
    )
    orgs = {e.name for e in run(text).entities if e.type == "ORG"}
    assert "Council on Energy, Environment and Water" in orgs, orgs


def test_a_role_title_ends_an_organisation_name_only_before_a_person():
    """ "Office of the Inspector General released ..." keeps "General" (a real page cut it to
    "Office of the Inspector"); "... Control Director Thomas Frieden" still stops at "Director"."""
    from presslens.nlp.mentions import Mention, _org_tails

    nlp = load_nlp(Settings().spacy_model)
    doc = nlp("The report came as the Office of the Inspector General released two reports.")
    office = [t.i for t in doc if t.text == "Office"][0]
    (m,) = _org_tails(doc, [Mention(office, office + 1, "ORG", "tagger")])
    assert doc[m.start : m.end].text == "Office of the Inspector General"
    doc = nlp("The Centers for Disease Control Director Thomas Frieden spoke on Monday.")
    (m,) = _org_tails(doc, [Mention(1, 2, "ORG", "tagger")])
    assert doc[m.start : m.end].text == "Centers for Disease Control"


def test_a_name_after_a_noun_that_classes_it_as_a_company_is_an_organisation(run):
    """Real pages typed "Burisma" ("Ukrainian energy company Burisma"), "Coty" ("Beauty company
    Coty") and "Brydge" ("Keyboard case maker Brydge") as people."""
    found = names(
        run(
            "Trump has described any effort to investigate Ukrainian energy company Burisma as "
            "tantamount to investigating the Bidens. Burisma hired Hunter Biden in 2014. The "
            "company founder Adam Neumann left."
        )
    )
    assert found.get("Burisma") == "ORG", found
    assert found.get("Hunter Biden") == "PERSON" and found.get("Adam Neumann") == "PERSON", found


def test_a_newspaper_called_by_its_head_word_is_one_entity(run):
    """Real pages had "the Chronicle" apart from "the San Francisco Chronicle" and "the Times"
    apart from "the New York Times"."""
    text = (
        "The San Francisco Chronicle says police are looking into whether the suspect had a "
        "knife. The man ran from the station. The Chronicle says he was arrested a block away."
    )
    papers = [e for e in run(text).entities if any("Chronicle" in m.of(text) for m in e.mentions)]
    assert len(papers) == 1 and papers[0].type == "ORG", [(e.name, e.type) for e in papers]


def test_a_father_and_son_of_one_name_stay_two(run):
    """A PolNeAR page: "Brent Bozell III" and his father "Brent Bozell, Jr." (the suffix after a
    comma, outside the name) are two people; a noun that may describe a person ("manufacturer Ron
    Johnson") does not make him an organisation."""
    text = (
        '"Yes, I support Ted Cruz," Brent Bozell III, founder of the Media Research Center, said. '
        "His father, Brent Bozell, Jr. was the ghost writer of a famous book. Later, manufacturer "
        "Ron Johnson was elected senator of Wisconsin."
    )
    art = run(text)
    son = [e for e in art.entities if any(m.of(text) == "Brent Bozell III" for m in e.mentions)]
    assert son and not any(m.of(text) == "Brent Bozell" for m in son[0].mentions), [
        (e.name, [m.of(text) for m in e.mentions]) for e in art.entities
    ]
    assert names(art).get("Ron Johnson") == "PERSON", names(art)


def test_an_organisation_after_a_glued_participle_starts_after_it(run):
    """Real pages had "Sanders-supporting Working Families Party" as one name."""
    text = "Members of the Sanders-supporting Working Families Party endorsed him on Monday."
    orgs = {e.name for e in run(text).entities if e.type == "ORG"}
    assert "Working Families Party" in orgs, orgs


def test_a_full_name_sure_to_be_a_person_outweighs_its_surname_typed_otherwise(run):
    """A real page (trafilatura eval) had "John Fa" typed ORG: his surname alone read as an organisation."""
    text = (
        "“Lands must be protected if we are to make gains in the fight against climate change,” said John Fa, "
        "a senior associate scientist with the Center for International Forestry Research. "
        "The study builds on the U.S. Agency for International Development’s support to Fa as part of the "
        "Bushmeat Research Initiative. The paper was published by Fa and his associates. "
        "“We also learned a lot,” Fa said."
    )
    assert names(run(text)).get("John Fa") == "PERSON", names(run(text))


def test_a_surname_in_its_persons_cluster_is_no_given_name(run):
    """A PolNeAR article had "Trump Tower" joined to Donald Trump: "Trump", already his surname,
    was read as the given name of "Trump Tower"."""
    text = (
        'Donald Trump held a rally in Ohio. LeVell said the group will raise no money for Trump. "They are '
        'not affiliated with the campaign," she said, adding, "Mr. Trump is incredibly grateful for their '
        'support." LeVell was among those invited to the event last fall in New York. During his visit to '
        "Trump Tower, LeVell said he saw people of many races working in the billionaire's headquarters."
    )
    art = run(text)
    trump = next(e for e in art.entities if e.name == "Donald Trump")
    surfaces = [m.of(text) for m in trump.mentions]
    assert "Trump Tower" not in surfaces, surfaces


def test_a_place_name_that_ontonotes_reads_as_an_event_is_the_event(run):
    """A real page (The New York Times) had "Watergate", the scandal, typed GPE; a place name that
    modifies a noun stays a place where OntoNotes calls it an event ("Stansted airport")."""
    text = (
        "Impeachment will move at its own pace, even if it stretches well into 2020. "
        "(Watergate, remember, took more than two years to unfold.)"
    )
    assert names(run(text)).get("Watergate") == "EVENT", names(run(text))
    airport = "After a long delay the jet touched down at Stansted airport on Monday night."
    assert names(run(airport)).get("Stansted") == "GPE", names(run(airport))


def test_an_acronym_before_a_model_number_is_a_product_not_the_entry(run):
    # session 12, fresh ScrapingHub and trafilatura pages: "RTX 3080" (a graphics card) linked to Raytheon
    text = "Amazon has RTX 3090 listings, and Best Buy lists RTX 3080s. Get your hands on RTX cards now."
    art = run(text)
    assert not any(e.kb_id == "presslens:raytheon" for e in art.entities), names(art)
    assert names(art).get("RTX 3090") == "MISC" and names(art).get("RTX 3080s") == "MISC", names(art)
    for text in ("Raytheon (RTX) shares rose on Monday.", "The FBI 2019 report was published on Monday."):
        art = run(text)
        assert any(e.kb_id in ("presslens:raytheon", "presslens:fbi") for e in art.entities), names(art)


def test_an_honorific_alone_is_no_name(run):
    text = (
        "The Senate mourned former Speaker of the House of Representatives Rt. Hon. B. U. Nzeribe and "
        "Hon. Funke Adedoyin on Tuesday."
    )
    art = run(text)
    got = names(art)
    assert "Hon" not in got and "House of Representatives Rt" not in got, got
    assert got.get("House of Representatives") == "ORG", got
    text = (
        "| North Somerset | Dr Liam Fox | fox@example.uk |\n| Bosworth | Dr Luke Evans | evans@example.uk |\n"
    )
    art = run(text)
    assert "Dr" not in {m.of(text) for e in art.entities for m in e.mentions}, names(art)


def test_a_nickname_in_quotation_marks_stays_inside_the_persons_name(run):
    text = (
        "It is the view of football coach and administrator Renaldo “Peewee” Gilkes as the Tridents prepare."
    )
    got = names(run(text))
    assert got.get("Renaldo “Peewee” Gilkes") == "PERSON", got
    assert "Renaldo" not in got and "Gilkes" not in got, got


def test_an_offices_possessive_stays_inside_an_organisations_name(run):
    # session 12, a fresh trafilatura page: the main actor "The Harris County Sheriff's Office" was lost
    text = (
        "The salon owner said a man walked in on Tuesday.\n"
        "The Harris County Sheriff's Office is now investigating the incident at the salon chain's "
        "location in the Copperfield area."
    )
    assert names(run(text)).get("Harris County Sheriff's Office") == "ORG", names(run(text))
    # a place's or an owner's possessive is no part of the name
    got = names(run("Smog hangs over Delhi. India’s Supreme Court on Monday also issued an injunction."))
    assert "India's Supreme Court" not in got and "India’s Supreme Court" not in got, got


def test_a_country_name_too_short_to_link_is_still_a_place(run):
    # session 12, fresh pages: "US President Donald Trump", "the average US household" typed MISC
    text = "US President Donald Trump has claimed victory. The average US household earns more than that."
    got = names(run(text))
    assert got.get("US") == "GPE", got


def test_a_citation_in_brackets_is_no_actor(run):
    # session 13: chapter-and-verse references read as people and peoples on fresh pages
    text = (
        "The preacher said the law must be obeyed (Matthew 5:17), and he quoted the letter again "
        "(Psalm 40:8; Romans 3:31). Paul wrote to them (2 Cor 6: 14-17) and the truth frees (John 8.32). "
        "Later Matthew Perry met the mayor."
    )
    art = run(text)
    cited = {m.of(text) for e in art.entities for m in e.mentions}
    assert not {"Romans", "Cor", "John", "John 8.32", "Romans 3:31"} & cited, names(art)
    assert names(art).get("Matthew Perry") == "PERSON", names(art)


def test_a_name_and_a_number_outside_brackets_stay(run):
    # a line of results, not a citation
    text = "1. Robbie McEwen (Australia) 4:12:05\n2. Jeroen Koerts 0:04 seconds behind\n3. Erik Zabel 0:06\n"
    got = names(run(text))
    assert got.get("Jeroen Koerts") == "PERSON" and got.get("Erik Zabel") == "PERSON", got


def test_a_name_doubled_as_one_span_is_the_name_once(run):
    text = "The police chief spoke on Monday, the Columbus Dispatch said. Reuters Reuters\nHe resigned later."
    art = run(text)
    assert "Reuters Reuters" not in names(art), names(art)
    got = names(run("Sirhan Sirhan was moved to a prison near Walla Walla on Monday."))
    assert got.get("Sirhan Sirhan") == "PERSON" and got.get("Walla Walla") == "GPE", got


def test_a_news_outlet_of_the_gazetteer_is_no_person():
    from presslens.nlp import coref
    from presslens.nlp.mentions import Mention
    from presslens.nlp.resolve import _outlets_not_people

    text = "According to Breitbart, the plan failed. Andrew Breitbart disagreed."
    doc = SpacyParse(Settings())(Article(text=text)).cache["doc"]
    i = next(t.i for t in doc if t.text == "Breitbart")
    clusters = {
        0: coref.Cluster([Mention(i, i + 1, "PERSON", "tagger")], "PERSON", None, None),
        1: coref.Cluster(
            [Mention(i + 6, i + 8, "PERSON", "tagger"), Mention(i, i + 1, "PERSON", "tagger")],
            "PERSON",
            None,
            None,
        ),
    }
    _outlets_not_people(doc, clusters)
    assert (clusters[0].type, clusters[0].kb_id) == ("ORG", "presslens:breitbart")
    assert (clusters[1].type, clusters[1].kb_id) == ("PERSON", None)  # a person of that name, named in full


def test_a_person_named_only_by_a_long_acronym_is_left_out():
    from presslens.nlp import coref
    from presslens.nlp.mentions import Mention
    from presslens.nlp.resolve import _acronym_person

    doc = SpacyParse(Settings())(Article(text="The watchdog POGO signed a letter, and FDR spoke.")).cache[
        "doc"
    ]
    pogo = next(t.i for t in doc if t.text == "POGO")
    fdr = next(t.i for t in doc if t.text == "FDR")
    assert _acronym_person(
        doc, coref.Cluster([Mention(pogo, pogo + 1, "PERSON", "tagger")], "PERSON", None, None)
    )
    assert not _acronym_person(
        doc, coref.Cluster([Mention(fdr, fdr + 1, "PERSON", "tagger")], "PERSON", None, None)
    )


def test_an_email_address_is_no_name(run):
    text = "| North Shropshire | John Roe | Roej@parliament.uk |\nWrite to Jane.doe.mp@parliament.uk today."
    art = run(text)
    assert not any("@" in m.of(text) for e in art.entities for m in e.mentions), names(art)


def test_a_persons_full_name_ending_an_organisations_name_is_that_person():
    from presslens.nlp.mentions import Mention, _person_tails

    text = "Secretary of Homeland Security Kirstjen Nielsen said so. Kirstjen Nielsen left."
    doc = SpacyParse(Settings())(Article(text=text)).cache["doc"]
    org = Mention(2, 6, "ORG", "tagger")
    person = Mention(9, 11, "PERSON", "tagger")
    assert doc[2:6].text == "Homeland Security Kirstjen Nielsen" and doc[9:11].text == "Kirstjen Nielsen"
    got = _person_tails(doc, [org, person])
    assert [(m.start, m.end, m.label) for m in got] == [(2, 4, "ORG"), (4, 6, "PERSON"), (9, 11, "PERSON")]
    # a work named after a person stays whole
    assert _person_tails(doc, [Mention(2, 6, "MISC", "tagger"), person])[0].end == 6


def _doc(text: str):
    return load_nlp(Settings().spacy_model)(text)


def _at(doc, words: str, label: str, **kw):
    """The Mention of the first occurrence of ``words`` in ``doc``."""
    from presslens.nlp.mentions import Mention

    n = len(words.split())
    for i in range(len(doc) - n + 1):
        if doc[i : i + n].text == words:
            return Mention(i, i + n, label, "tagger", **kw)
    raise AssertionError(words)


def test_a_known_surname_right_after_a_given_name_ends_that_name():
    from presslens.nlp.mentions import add_surname_mentions

    doc = _doc("Laura Page met the judge. Officials applied to surveil Carter Page in March.")
    got = add_surname_mentions(doc, [_at(doc, "Laura Page", "PERSON"), _at(doc, "Carter", "PERSON")])
    assert sorted(doc[m.start : m.end].text for m in got if m.label == "PERSON") == [
        "Carter Page",
        "Laura Page",
    ]
    # alone, the surname is still a mention of its own
    doc = _doc("Laura Page met the judge. Later Page said nothing.")
    got = add_surname_mentions(doc, [_at(doc, "Laura Page", "PERSON")])
    assert sorted(doc[m.start : m.end].text for m in got) == ["Laura Page", "Page"]


def test_a_leader_before_administration_or_regime_is_a_person():
    from presslens.nlp.mentions import _governments

    doc = _doc("Critics say the Obama administration and the Kim regime ignored the Hamas administration.")
    got = _governments(
        doc,
        [
            _at(doc, "Obama", "ORG", alt="PERSON"),
            _at(doc, "Kim", "MISC", alt="PERSON"),
            _at(doc, "Hamas", "ORG", kb_id="presslens:hamas"),
        ],
    )
    assert [(doc[m.start : m.end].text, m.label) for m in got] == [
        ("Obama", "PERSON"),
        ("Kim", "PERSON"),
        ("Hamas", "ORG"),
    ]
    # no person reading and no person of that surname named: left as it is
    doc = _doc("The Labour administration raised taxes.")
    assert _governments(doc, [_at(doc, "Labour", "ORG")])[0].label == "ORG"
    # the surname of a person named in full is enough
    doc = _doc("The Obama administration agreed, Barack Obama said.")
    got = _governments(doc, [_at(doc, "Obama", "ORG"), _at(doc, "Barack Obama", "PERSON")])
    assert [m.label for m in got] == ["PERSON", "PERSON"]


def test_one_word_of_a_longer_title_is_no_name():
    from presslens.nlp.mentions import _cut_titles

    doc = _doc("Doctors fear the Black Death, a war like the Battle of the Bulge, and read Hamlet twice.")
    got = _cut_titles(
        doc,
        [
            _at(doc, "Black", "WORK_OF_ART"),
            _at(doc, "Battle", "WORK_OF_ART"),
            _at(doc, "Hamlet", "WORK_OF_ART"),
        ],
    )
    assert [doc[m.start : m.end].text for m in got] == ["Hamlet"]


def test_names_listed_with_only_spaces_between_are_two_word_names():
    from presslens.nlp.mentions import _listed_people

    doc = _doc(
        "Vote now: Dianne Feinstein Maxine Waters Adam Schiff Chuck Schumer Kamala Harris Kirsten Gillibrand"
    )
    mentions = [
        _at(doc, "Dianne Feinstein Maxine Waters", "PERSON"),
        _at(doc, "Adam Schiff", "PERSON"),
        _at(doc, "Chuck Schumer Kamala Harris Kirsten Gillibrand", "PERSON"),
    ]
    got = [doc[m.start : m.end].text for m in _listed_people(doc, mentions)]
    assert got == [
        "Dianne Feinstein",
        "Maxine Waters",
        "Adam Schiff",
        "Chuck Schumer",
        "Kamala Harris",
        "Kirsten Gillibrand",
    ]
    # a long name in running text is left whole
    doc = _doc("The jury acquitted Jose Ines Garcia Zarate on Friday.")
    got = _listed_people(doc, [_at(doc, "Jose Ines Garcia Zarate", "PERSON")])
    assert [doc[m.start : m.end].text for m in got] == ["Jose Ines Garcia Zarate"]


def test_street_strip_and_event_heads_type_a_place_name(run):
    from presslens.nlp.mentions import _events_by_head

    got = names(run("Police closed Las Vegas Boulevard and the Las Vegas Strip on Sunday."))
    assert got.get("Las Vegas Boulevard") == "FAC" and got.get("Las Vegas Strip") == "LOC"
    doc = _doc("Victims of the Las Vegas Shooting spoke.")
    assert _events_by_head(doc, [_at(doc, "Las Vegas Shooting", "GPE")])[0].label == "EVENT"


def test_the_vatican_is_a_state(run):
    got = names(run("The Vatican refused to comment, and officials at the Vatican said nothing."))
    assert got.get("Vatican") == "GPE"


def test_church_titles_are_titles_not_names():
    from presslens.nlp.names import clean_name, same_person

    assert clean_name("Bishop Barros") == "Barros" and clean_name("Archbishop Carlo Viganò") == "Carlo Viganò"
    assert same_person("Rev. Fernando Karadima", "Fernando Karadima")


def test_capitals_read_as_a_person_and_an_organisation_are_an_organisation():
    from presslens.nlp.mentions import _acronym_organisations

    doc = _doc("The JTA's attempt failed, JFK said.")
    got = _acronym_organisations(doc, [_at(doc, "JTA", "PERSON", alt="ORG"), _at(doc, "JFK", "PERSON")])
    assert [m.label for m in got] == ["ORG", "PERSON"]


def test_a_peoples_word_alone_after_in_is_a_language(run):
    text = "His letter (written in Spanish) reached the Spanish embassy. He chanted in Farsi: no deal. They met in Iran."
    got = names(run(text))
    assert got.get("Farsi") == "LANGUAGE" and got.get("Iran") == "GPE"
    from presslens.nlp.mentions import _languages

    doc = _doc("His letter (written in Spanish) reached the Spanish embassy.")
    got = _languages(doc, [_at(doc, "Spanish", "NORP")])
    assert got[0].label == "LANGUAGE"


def test_a_name_ending_in_a_law_or_document_head_is_no_actor():
    from presslens.nlp.mentions import _works_by_head

    doc = _doc(
        "The Magnitsky Act and the Nuremberg Laws differ from the Mueller Dossier and the Drudge Report."
    )
    got = _works_by_head(
        doc,
        [
            _at(doc, "Magnitsky", "PERSON"),
            _at(doc, "Nuremberg", "MISC"),
            _at(doc, "Mueller Dossier", "PERSON"),
            _at(doc, "Drudge Report", "ORG"),
        ],
    )
    assert [(doc[m.start : m.end].text, m.label) for m in got] == [
        ("Magnitsky Act", "LAW"),
        ("Nuremberg Laws", "LAW"),
        ("Mueller Dossier", "WORK_OF_ART"),
        ("Drudge Report", "ORG"),
    ]


def test_someones_office_is_an_organisation(run):
    got = names(run("Rick called the Clark County Sheriff's Office on Monday. Trump sat in the Oval Office."))
    assert got.get("Clark County Sheriff's Office") == "ORG" and got.get("Oval Office") == "FAC"


def test_a_short_title_cut_from_its_name_by_a_line_break_is_no_name(run):
    text = "He reinstated Fr.\nMauro Inzoli, and Sen.\nChuck Grassley objected. Amartya Sen won the prize; Sen said so."
    art = run(text)
    surfaces = {m.of(text) for e in art.entities for m in e.mentions}
    assert not surfaces & {"Fr", "Fr.", "Sen."}, surfaces
    assert names(art).get("Amartya Sen") == "PERSON" and "Sen" in surfaces


def test_a_family_and_a_party_adjective_are_people_not_organisations():
    from presslens.nlp.mentions import _peoples_words

    doc = _doc("Imran Awan ran IT, and Democratic aides knew the Awans well.")
    got = _peoples_words(
        doc,
        [
            _at(doc, "Imran Awan", "PERSON"),
            _at(doc, "Democratic", "ORG", alt="NORP"),
            _at(doc, "Awans", "ORG"),
        ],
    )
    assert [m.label for m in got] == ["PERSON", "NORP", "PERSON"]
    # no person of that surname named in full: an organisation stays one
    doc = _doc("Analysts at the Brookings said so.")
    assert _peoples_words(doc, [_at(doc, "Brookings", "ORG")])[0].label == "ORG"


def test_a_regimes_word_before_a_country_is_that_country(run):
    got = names(
        run(
            "The campus has been transformed into something harking back to the days of Nazi Germany "
            "and the Nuremberg Laws, while North Korean troops moved."
        )
    )
    assert got.get("Nazi Germany") == "GPE" and got.get("North Korean") == "NORP"


def test_a_son_named_with_jr_is_not_his_father(run):
    text = (
        "President Donald Trump criticised the probe on Monday. Trump said it was a hoax. "
        "The meeting was arranged by Donald Trump Jr., who was promised information."
    )
    art = run(text)
    jr = [e for e in art.entities if any(m.of(text).startswith("Donald Trump Jr") for m in e.mentions)]
    assert len(jr) == 1 and all(m.of(text).startswith("Donald Trump Jr") for m in jr[0].mentions)


def test_a_spelled_out_acronym_is_not_linked_to_another_entry(run):
    art = run("In 2015, the Second Amendment Foundation (SAF) sued the State Department. SAF said it won.")
    got = {e.name: e.kb_id for e in art.entities}
    assert "Sudanese Armed Forces" not in got and got.get("Second Amendment Foundation", "x") is None, got
    # the entry's own long form, or one sharing its words, still links
    art = run("The Sudanese Armed Forces (SAF) shelled the town. SAF denied it.")
    assert {e.name: e.kb_id for e in art.entities}.get("Sudanese Armed Forces") == "presslens:saf-sd"


def test_a_bare_title_names_no_one(run):
    text = "Last week the Mgr. said he would stay. Mgr. Benelli told me to sign. The Pope agreed, and the Cardinals nodded."
    art = run(text)
    surfaces = {m.of(text) for e in art.entities for m in e.mentions}
    assert not surfaces & {"Mgr", "Pope", "Cardinals"}, surfaces
    assert names(art).get("Benelli") == "PERSON"
    # a title that is the surname of someone named in full stays that person
    text = "Alexander Pope wrote verse. Pope said so."
    assert names(run(text)).get("Alexander Pope") == "PERSON"


def test_a_plural_title_is_cut_from_the_name():
    from presslens.nlp.names import clean_name

    assert clean_name("Cardinals Wright") == "Wright" and clean_name("Mgr. Benelli") == "Benelli"


def test_a_phrase_with_lower_case_words_is_no_person():
    from presslens.nlp.mentions import _phrases_as_people

    doc = _doc("We sing Tu solus Altissimus at Mass, and Pedro de la Cruz sings too.")
    got = _phrases_as_people(
        doc, [_at(doc, "Tu solus Altissimus", "PERSON"), _at(doc, "Pedro de la Cruz", "PERSON")]
    )
    assert [doc[m.start : m.end].text for m in got] == ["Pedro de la Cruz"]


def test_a_name_set_after_a_work_noun_is_the_works_title(run):
    got = names(
        run("He wrote in his book, Il Santo, that the Church must change. The book Obama wrote sold well.")
    )
    assert got.get("Il Santo") == "WORK_OF_ART" and got.get("Obama") == "PERSON", got


def test_a_congregation_for_something_is_one_organisation(run):
    got = names(run("Cardinal Knox is now the Prefect of the Congregation for Divine Worship in Rome."))
    assert got.get("Congregation for Divine Worship") == "ORG", got


def test_an_agreement_acronym_is_no_organisation(run):
    got = names(run("Trump quit the JCPOA in May, and the USMCA replaced NAFTA."))
    assert got.get("JCPOA") == got.get("USMCA") == got.get("NAFTA") == "LAW", got


def test_a_river_is_a_location_not_a_state(run):
    got = names(run("Europe is not afraid of Putin reaching the Rhine or the Danube."))
    assert got.get("Rhine") == got.get("Danube") == "LOC", got


def test_cctv_footage_is_no_broadcaster(run):
    text = "CCTV footage showed the man, and the embassy is under heavy CCTV surveillance."
    assert "CCTV" not in names(run(text))
    assert names(run("CCTV reported that Xi met Putin.")).get("CCTV") == "ORG"


def test_degrees_after_a_name_name_nothing(run):
    text = (
        "The talk was given by David O. Barbe, MD, MHA, in Chicago. He lives in Baltimore, MD, with his wife."
    )
    art = run(text)
    surfaces = [m.of(text) for e in art.entities for m in e.mentions]
    assert "MHA" not in surfaces and surfaces.count("MD") == 1, surfaces


def test_a_titles_seat_is_a_place():
    from presslens.nlp.mentions import _seats_of_titles

    doc = _doc("As the Archbishop of Dakar, I was appointed. The wife of Trump spoke.")
    got = _seats_of_titles(doc, [_at(doc, "Dakar", "PERSON"), _at(doc, "Trump", "PERSON")])
    assert [m.label for m in got] == ["GPE", "PERSON"]


def test_an_office_in_capitals_is_cut_from_the_name(run):
    text = "Inspector General Michael Horowitz released his report. IG Horowitz may say more."
    art = run(text)
    assert names(art).get("Michael Horowitz") == "PERSON"
    assert "IG Horowitz" not in {m.of(text) for e in art.entities for m in e.mentions}


def test_an_eras_adjective_is_no_people(run):
    got = names(run("Now women are Victorian hothouse flowers, and Canadian women laugh."))
    assert "Victorian" not in got and got.get("Canadian") == "NORP", got


def test_a_name_cut_before_a_person_and_ending_in_of_is_no_name():
    from presslens.nlp.mentions import Mention, _person_tails

    doc = _doc("Jesus Christ is King. We would refuse this Kingdom of Jesus Christ, he said.")
    i = next(t.i for t in doc if t.text == "Kingdom")
    got = _person_tails(doc, [_at(doc, "Jesus Christ", "PERSON"), Mention(i, i + 4, "GPE", "tagger")])
    assert [(doc[m.start : m.end].text, m.label) for m in got] == [
        ("Jesus Christ", "PERSON"),
        ("Jesus Christ", "PERSON"),
    ]


def test_a_place_after_an_outlets_head_is_the_outlets_name(run):
    text = "He told The Associated Press, as reported by 9 News Australia and The Express UK, that Australia won."
    art = run(text)
    places = [m.of(text) for e in art.entities if e.type == "GPE" for m in e.mentions]
    assert places == ["Australia"] and "UK" not in places, places
