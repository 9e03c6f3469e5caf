"""Relations: pattern loading, seed-article acceptance and the gold-set quality floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _evals import eval_module

from presslens.errors import StageConfigError
from presslens.model import Article
from presslens.nlp.relations import load_patterns, parse_patterns
from presslens.settings import Settings
from presslens.stages.entities import TaggerEntityStage
from presslens.stages.nlp import SpacyParse
from presslens.stages.relations import RelationStage

ROOT = Path(__file__).resolve().parents[1]
HEADLINE = "‘Gen. Soleimani equipped Palestine with thoughts, know-how’"
GOLD_F1_FLOOR = (
    0.85  # measured 0.937 on eval/gold/relations.jsonl (a development set: patterns were tuned on it)
)
HELDOUT_F1_FLOOR = (
    0.45  # measured 0.588 on eval/gold/relations_heldout.jsonl (written after the patterns froze)
)
PREDICATES = {
    "commander_of",
    "leader_of",
    "member_of",
    "representative_of",
    "spokesperson_for",
    "ties_with",
    "ally_of",
    "supplied",
    "attacked",
    "met_with",
    "visited",
    "located_in",
    "based_in",
    "exiled_to",
    "founded",
}


def analyse(text: str, settings: Settings | None = None) -> Article:
    settings = settings or Settings()
    article = TaggerEntityStage(settings)(SpacyParse(settings)(Article(text=text)))
    return RelationStage(settings)(article)


def triples(article: Article) -> set[tuple[str, str, str]]:
    names = {e.id: e.name for e in article.entities}
    return {(names[r.subject], r.predicate, names[r.object]) for r in article.relations}


def has_triple(got: set[tuple[str, str, str]], triple: tuple[str, str, str]) -> bool:
    """A predicted (subject, predicate, object) whose names end like the expected ones."""
    subj, pred, obj = triple
    return any(p == pred and s.endswith(subj.split()[-1]) and o.endswith(obj.split()[-1]) for s, p, o in got)


@pytest.fixture(scope="module")
def seed(seed_raw: str) -> Article:
    body = seed_raw.split("\nAbout Author")[0]
    text = "\n".join(line for line in body.split("\n") if line.strip() != HEADLINE).strip() + "\n"
    return analyse(text)


def test_relations_bundled_patterns_cover_predicates():
    assert {p.predicate for p in load_patterns()} >= PREDICATES


def test_relations_bad_pattern_file_raises(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(StageConfigError):
        load_patterns((str(bad),))
    with pytest.raises(StageConfigError):
        parse_patterns({"patterns": [{"predicate": "x"}]})


def test_relations_user_patterns_extend(tmp_path):
    extra = tmp_path / "extra.json"
    extra.write_text(
        json.dumps(
            {
                "patterns": [
                    {
                        "predicate": "sanctioned",
                        "kind": "verb",
                        "triggers": ["sanction"],
                        "object_dobj": True,
                        "subject": ["GPE", "ORG"],
                        "object": ["GPE", "ORG", "PERSON"],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    article = analyse(
        "The European Union sanctioned Belarus in 2021.", Settings(relation_patterns=(str(extra),))
    )
    rels = [r for r in article.relations if r.predicate == "sanctioned"]
    assert rels and rels[0].time == "2021"


def test_seed_relations(seed):
    found = triples(seed)
    assert ("Qasem Soleimani", "commander_of", "Quds Force") in found
    assert ("Khaled al-Qaddoumi", "representative_of", "Hamas") in found
    assert ("Hamas", "ties_with", "Islamic Revolutionary Guard Corps") in found


def test_seed_relation_evidence_and_time(seed):
    names = {e.id: e.name for e in seed.entities}
    for rel in seed.relations:
        ev = rel.evidence.of(seed.text)
        assert ev and ev == ev.strip() and "\n" not in ev
    ties = next(r for r in seed.relations if r.predicate == "ties_with" and names[r.subject] == "Hamas")
    assert ties.time == "1993"
    assert "Hamas’ ties with the Islamic Revolutionary Guard Corps" in ties.evidence.of(seed.text)


def test_relations_time_refers_back():
    text = "The talks opened in Doha in 2019. At the time, Hamas restored ties with Syria."
    article = analyse(text)
    rel = next(r for r in article.relations if r.predicate == "ties_with")
    assert rel.time == "2019"


def test_relations_gold_floor():
    gold_eval = eval_module("relations")  # eval/relations.py

    res = gold_eval.evaluate()
    assert res["f1"] >= GOLD_F1_FLOOR, res
    heldout = gold_eval.evaluate(path=gold_eval.HELDOUT)
    assert heldout["f1"] >= HELDOUT_F1_FLOOR, heldout


def test_a_singular_role_names_one_of_two_coordinated_people():
    # Found on a real AP page: "Johnson ... Labour Party leader Corbyn" made Johnson Labour's leader.
    text = (
        "The debate was held between Prime Minister Boris Johnson and opposition Labour Party "
        "leader Jeremy Corbyn on Tuesday."
    )
    got = triples(analyse(text))
    assert ("Boris Johnson", "leader_of", "Labour Party") not in got
    assert ("Jeremy Corbyn", "leader_of", "Labour Party") in got


def test_a_role_of_a_unit_is_no_role_of_the_possessor():
    # Found on a real AP page: "PG&E's senior director of emergency preparedness" led PG&E.
    text = (
        "The weather should ease by Thursday, said Mark Quinlan, Pacific Gas and Electric's "
        "senior director of emergency preparedness and response."
    )
    got = triples(analyse(text))
    assert not any(p == "leader_of" for _, p, _ in got), got
    text = "The grid will hold, said Mark Quinlan, the director of Pacific Gas and Electric."
    assert ("Mark Quinlan", "leader_of", "Pacific Gas and Electric") in triples(analyse(text))


@pytest.mark.parametrize(
    "text, triple",
    [
        # each found on a real page, where it was output as a relation
        ("Obama declined to send arms to Ukraine in 2014.", ("Barack Obama", "supplied", "Ukraine")),
        ("Iran did not send weapons to Hamas last year.", ("Iran", "supplied", "Hamas")),
        ("Iran may have sent drones to Russia, officials said.", ("Iran", "supplied", "Russia")),
        ("Hamas has no ties with the Islamic State.", ("Hamas", "ties_with", "Islamic State")),
        (
            "He said that if Putin would give money to Trump, the deal would hold.",
            ("Putin", "supplied", "Trump"),
        ),
        (
            "The answers he gave to the BBC were implausible, said Andrew Neil.",
            ("Andrew Neil", "supplied", "BBC"),
        ),
        ("China has sent troops to Hong Kong to restore order.", ("China", "supplied", "Hong Kong")),
        (
            "Benjamin Netanyahu will meet with Donald Trump when he arrives in Israel, officials said.",
            ("Benjamin Netanyahu", "met_with", "Donald Trump"),
        ),
        (
            "Trump is scheduled to meet with Paul Ryan this Thursday in Washington.",
            ("Trump", "met_with", "Paul Ryan"),
        ),
        (
            "Xi Jinping will fly to Moscow and meet Vladimir Putin.",
            ("Xi Jinping", "met_with", "Vladimir Putin"),
        ),
        (
            "Daniel Anthony, vice president of the Trade Partnership, said tariffs hurt.",
            ("Daniel Anthony", "leader_of", "Trade Partnership"),
        ),
        (
            "The brother of the Taliban's deputy leader, Sirajuddin Haqqani, was freed.",
            ("Sirajuddin Haqqani", "leader_of", "Taliban"),
        ),
        ("The Taliban members were released in Doha, Qatar, on Monday.", ("Qatar", "member_of", "Taliban")),
        ("NASA has recruited SpaceX to join the Artemis program.", ("NASA", "member_of", "Artemis")),
        ("Reed hired Manafort to run the San Diego convention.", ("Manafort", "leader_of", "San Diego")),
        (
            "I want Donald Trump to be the next president of the United States.",
            ("Trump", "leader_of", "United States"),
        ),
        (
            "We will not allow Donald Trump to become president of the United States.",
            ("Trump", "leader_of", "United States"),
        ),
        (
            "The deal is done, said United Steelworkers Political Director Tim Waters.",
            ("Tim Waters", "leader_of", "United Steelworkers"),
        ),
        (
            "The plan was made by Senate campaign chairman Chuck Schumer in 2006.",
            ("Chuck Schumer", "leader_of", "Senate"),
        ),
        (
            "Chris Covert, South Carolina director for Bernie Sanders, said the office opened.",
            ("Chris Covert", "leader_of", "South Carolina"),
        ),
        (
            "Mark Herring, the attorney general of Virginia, sued the company.",
            ("Mark Herring", "commander_of", "Virginia"),
        ),
        (
            "JERUSALEM - Israeli Prime Minister Benjamin Netanyahu will meet Donald Trump.",
            ("Benjamin Netanyahu", "leader_of", "Jerusalem"),
        ),
        (
            "Walter Hewlett said that Fiorina and other HP leaders wrote letters.",
            ("Fiorina", "leader_of", "HP"),
        ),
        # a faith named as a group is no attacker (a PTC train article; two wrong ones judged before)
        ("The blogger warned of a Muslim invasion of Europe.", ("Muslim", "attacked", "Europe")),
    ],
)
def test_denied_supposed_and_misread_relations_are_not_output(text, triple):
    got = triples(analyse(text))
    assert not has_triple(got, triple), got


@pytest.mark.parametrize(
    "text, triple",
    [
        ("Obama agreed to send arms to Ukraine in 2014.", ("Obama", "supplied", "Ukraine")),
        ("Xi Jinping flew to Moscow and met Vladimir Putin.", ("Xi Jinping", "met_with", "Vladimir Putin")),
        ("Sweden will join NATO, Jens Stoltenberg said.", ("Sweden", "member_of", "NATO")),
        (
            "The deal matters, said Jake Horowitz, editor in chief of Mic.com.",
            ("Jake Horowitz", "leader_of", "Mic.com"),
        ),
        (
            "For Jack Dorsey, one of Twitter's founders, the deal is fine.",
            ("Jack Dorsey", "founded", "Twitter"),
        ),
        (
            "Ban Ki-moon, the globe-trotting secretary general of the United Nations, sat down.",
            ("Ban Ki-moon", "leader_of", "United Nations"),
        ),
        (
            "The president held a joint meeting with Japan Prime Minister Shinzo Abe and South Korea President Park Geun Hye.",
            ("Shinzo Abe", "leader_of", "Japan"),
        ),
        (
            "Joe Biden visited the Texas border town on Friday.",
            ("Joe Biden", "visited", "Texas"),
        ),
        ("The report did not hide Hamas's ties with Iran.", ("Hamas", "ties_with", "Iran")),
        ("Analysts expect a Russian invasion of Ukraine.", ("Russian", "attacked", "Ukraine")),
        (
            "Daniel Anthony, president of the Trade Partnership, said tariffs hurt.",
            ("Daniel Anthony", "leader_of", "Trade Partnership"),
        ),
        (
            "“We will land,” said Michael Sims, CEO and Founder of Ceres Robotics.",
            ("Michael Sims", "founded", "Ceres Robotics"),
        ),
    ],
)
def test_the_same_patterns_still_hold_when_the_text_asserts_them(text, triple):
    got = triples(analyse(text))
    assert has_triple(got, triple), got


def test_relation_time_is_the_date_of_its_own_clause():
    # "SoftBank CEO Son ... by 2021" (a real page) gave the role the year 2021
    rels = analyse(
        "SoftBank CEO Masayoshi Son has told WeWork executives he wants the company to turn a profit by 2021."
    )
    lead = [r for r in rels.relations if r.predicate == "leader_of"]
    assert lead and lead[0].time is None
    rels = analyse(
        "Indian Prime Minister Narendra Modi visited Moscow in July 2024 and met with Vladimir Putin."
    )
    met = [r for r in rels.relations if r.predicate == "met_with"]
    assert met and met[0].time == "July 2024"


def test_an_envoy_to_a_country_is_no_representative_of_it():
    # Found on real pages: "Kurt Volker, the former special envoy to Ukraine" represented Ukraine.
    got = triples(analyse("Kurt Volker, the special envoy to Ukraine, testified on Tuesday."))
    assert not any(p == "representative_of" for _, p, _ in got), got
    got = triples(analyse("Liu Xiaoming, China's ambassador to Britain, said the unrest would end."))
    assert ("Liu Xiaoming", "representative_of", "China") in got


# -- confidence: a model fitted on judgments of unseen pages ----------------------------------
JUDGED_PRECISION_FLOOR = 0.75  # development sets (ScrapingHub + PolNeAR): measured 0.81
# held out (session 11): 150 fresh PolNeAR articles: 0.770 before the session-11 rules (read
# before any rule was written), 0.862 after (the rules came from them)
HELD_OUT_PRECISION_FLOOR = 0.80
# held out (session 12): 150 PolNeAR articles judged after the session-12 rules, which never saw
# them: 0.687 before those rules, 0.698 after
HELD_OUT_AFTER_RULES_FLOOR = 0.65
# session 13: 120 unused PolNeAR articles judged before any change: half B (never read for
# rules) 37/45 = 0.822 before and after the session-13 rules
FRESH4_B_FLOOR = 0.75


def _judged_eval():
    gold_eval = eval_module("relations")  # eval/relations.py

    return gold_eval


def test_relation_confidence_is_the_models_probability_of_its_features():
    from presslens.nlp.relations import load_confidence, relation_features

    model = load_confidence()
    article = analyse(
        "John Kirby, a spokesman for the Pentagon, said Iran supplied drones to Russia. "
        "Kirby visited Kyiv in March. He met with Volodymyr Zelensky."
    )
    ents = {e.id: e for e in article.entities}
    assert {r.predicate for r in article.relations} >= {"spokesperson_for", "supplied", "visited"}
    for r in article.relations:
        feats = relation_features(
            article.text, r.evidence.start, r.evidence.end, ents[r.subject], ents[r.object], r.predicate
        )
        assert r.confidence == model(feats)
        assert 0.0 < r.confidence < 1.0


def test_relation_features_read_names_pronouns_and_distance():
    from presslens.model import Entity, Span
    from presslens.nlp.relations import relation_features

    text = "Kirby said he met with Xi Jinping in Beijing."
    kirby = Entity("e1", "John Kirby", "PERSON", mentions=(Span(0, 5), Span(11, 13)))
    xi = Entity("e2", "Xi Jinping", "PERSON", mentions=(Span(23, 33),))
    he = Entity("e3", "Kirby", "PERSON", mentions=(Span(11, 13),))
    f = relation_features(text, 11, len(text), kirby, xi, "met_with")  # evidence from "he"
    assert f["pred=met_with"] == 1.0 and f["subj_type=PERSON"] == 1.0 and f["obj_type=PERSON"] == 1.0
    assert f["subj_not_named_here"] == 1.0  # only "he" in the evidence
    assert f["obj_not_named_here"] == 0.0
    assert (
        f["subj_one_word"] == 0.0
        and relation_features(text, 0, len(text), he, xi, "met_with")["subj_one_word"] == 1.0
    )
    full = relation_features(text, 0, len(text), kirby, xi, "met_with")
    assert full["subj_not_named_here"] == 0.0
    assert full["log_gap"] < full["log_sentence"]


def test_confidence_model_was_chosen_out_of_source_and_shipped_only_if_it_beats_the_baselines():
    gold_eval = _judged_eval()
    from presslens.model import Entity
    from presslens.nlp.relations import FEATURE_GROUPS, load_confidence, relation_features

    data = json.loads((ROOT / "presslens/data/relations/confidence.json").read_text())
    cand = data["candidate"]
    assert data["version"] == 2 and set(cand["groups"]) <= set(FEATURE_GROUPS)
    assert cand["l2"] in gold_eval.L2_GRID
    assert set(cand["cv"]) == {gold_eval.FOLD.get(s, s) for s in gold_eval.FIT_SOURCES}
    for fold, res in cand["cv"].items():  # held-out log loss per source, fitted without it
        assert res["model"]["logloss"] < res["constant"]["logloss"], fold
    beats = all(
        r["model"]["logloss"] < min(r["constant"]["logloss"], r["old table"]["logloss"])
        for r in cand["cv"].values()
    )
    assert cand["beats_both_on_every_source"] == beats
    model = load_confidence()
    if data["shipped"] == "model":
        assert beats and data["weights"] == pytest.approx(cand["weights"], abs=1e-3)
    else:  # the session-12 table, exactly
        assert not beats
        x = Entity("e1", "X Y", "PERSON")
        for pred, conf in {**gold_eval.OLD_TABLE, "exiled_to": gold_eval.OLD_DEFAULT}.items():
            assert model(relation_features("X Y", 0, 3, x, x, pred)) == conf, pred
    # fitted only on judgments made before rules came from the same pages: never the development sets
    assert not set(gold_eval.FIT_SOURCES) & set(gold_eval.SOURCES)


def test_judged_rows_hold_offsets_and_short_names_only():
    gold_eval = _judged_eval()
    rows = gold_eval.load_judged()
    assert {"source", "doc", "start", "end", "label"} <= set(rows[0])
    assert not any("text" in r or "evidence" in r or "sent" in r for r in rows)  # no page text
    fresh4 = [r for r in rows if r["source"] == "polnear-fresh4"]
    assert len(fresh4) >= 70 and {r["half"] for r in fresh4} == {"A", "B"}
    if gold_eval.POLNEAR_TRAIN.exists():
        records = [json.loads(line) for line in gold_eval.POLNEAR_TRAIN.read_text().splitlines()]
        chosen = [r["doc_id"] for r in gold_eval.fresh4_records(records)]
        assert len(set(chosen)) == 120
        half = {d: "A" if i < 60 else "B" for i, d in enumerate(chosen)}
        assert all(half[r["doc"]] == r["half"] for r in fresh4)
        earlier = {r["doc"] for r in rows if r["source"] != "polnear-fresh4"}
        assert not earlier & set(chosen)
    # session 14: PTC train articles, every row's article and half as listed
    listed = dict(line.split("\t")[::-1] for line in gold_eval.PTC_LIST.read_text().splitlines() if line)
    ptc = [r for r in rows if r["source"] == "ptc-s14"]
    assert len(listed) == 30 and len(ptc) >= 20 and all(listed[r["doc"]] == r["half"] for r in ptc)
    # session 15: 30 more, none of them read before
    listed2 = dict(line.split("\t")[::-1] for line in gold_eval.PTC_LIST2.read_text().splitlines() if line)
    ptc2 = [r for r in rows if r["source"] == "ptc-s15"]
    assert len(listed2) == 30 and not set(listed2) & set(listed)
    assert len(ptc2) >= 30 and all(listed2[r["doc"]] == r["half"] for r in ptc2)


@pytest.mark.slow
def test_judged_real_pages_precision():
    gold_eval = _judged_eval()
    needed = (gold_eval.SCRAPINGHUB, gold_eval.POLNEAR_TRAIN, gold_eval.TRAFILATURA, gold_eval.PTC_TRAIN)
    if not all(p.exists() for p in needed):
        pytest.skip(f"needs {', '.join(map(str, needed))}")
    hits, unjudged = gold_eval.match_judged(gold_eval.judged_articles(), gold_eval.load_judged())

    def precision(sel):
        return sum(r["label"] == "right" for r in sel) / len(sel)

    rows = [h for h, _ in hits if h["source"] in gold_eval.SOURCES]  # development
    assert len(rows) >= 200, (len(rows), unjudged[:5])
    assert precision(rows) >= JUDGED_PRECISION_FLOOR
    fresh = [h for h, _ in hits if h["source"] in gold_eval.FRESH]
    assert len(fresh) >= 100, (len(fresh), unjudged[:5])
    assert precision(fresh) >= HELD_OUT_PRECISION_FLOOR
    unseen = [h for h, _ in hits if h["source"] in gold_eval.FRESH3]
    assert len(unseen) >= 90, (len(unseen), unjudged[:5])
    assert precision(unseen) >= HELD_OUT_AFTER_RULES_FLOOR
    half_b = [h for h, _ in hits if h["source"] == "polnear-fresh4" and h["half"] == "B"]
    assert len(half_b) >= 40, (len(half_b), unjudged[:5])
    assert precision(half_b) >= FRESH4_B_FLOOR


# -- session 13: rules from polnear-fresh4 half A --------------------------------------------
def test_a_name_after_the_comma_that_is_a_clauses_subject_holds_no_role():
    got = triples(analyse('"The account is credible" than that of the CIA chief, Zuckoff said.'))
    assert not any(p == "leader_of" for _, p, _ in got), got
    got = triples(analyse("He met the commander of the Quds Force, Qasem Soleimani, in Baghdad."))
    assert ("Qasem Soleimani", "commander_of", "Quds Force") in got


def test_a_backing_to_come_under_a_verb_in_the_future_is_no_alliance_yet():
    got = triples(analyse("It is unclear how hard Sanders will work to support Clinton if she wins."))
    assert not any(p == "ally_of" for _, p, _ in got), got
    got = triples(analyse("Netanyahu will fly to Washington to meet Trump."))
    assert not any(p == "met_with" for _, p, _ in got), got
    assert ("Sanders", "ally_of", "Clinton") in triples(analyse("Sanders pledged to support Clinton."))


# -- session 11: rules from the held-out reading (trafilatura-eval, fresh PolNeAR articles) ----
def test_a_verb_with_its_own_subject_does_not_take_the_clause_above():
    got = triples(
        analyse(
            "Clinton arrived at the gymnasium, a polling place in the city's West Roxbury "
            "neighborhood where he met with Boston Mayor Marty Walsh."
        )
    )
    assert not any(s == "West Roxbury" for s, _, _ in got), got
    # a relative pronoun is no subject of its own: the clause's head still stands
    assert ("Hamas", "attacked", "Israel") in triples(
        analyse("Hamas fighters who attacked Israel were killed.")
    )


def test_one_person_in_a_relative_clause_is_not_the_organisation_or_place():
    assert not triples(analyse("A Texas voter who supports Trump, Golvach lost his son."))
    got = triples(analyse("said a prominent Republican National Committee member who supports Trump."))
    assert not any(p == "ally_of" for _, p, _ in got), got


def test_a_possessors_thing_is_not_the_possessor():
    got = triples(
        analyse("said Laurie Guzzinati, a spokeswoman for Nabisco's parent company, Mondelez International.")
    )
    assert ("Laurie Guzzinati", "spokesperson_for", "Nabisco") not in got, got
    assert ("Iran", "supplied", "Russia") in triples(analyse("Iran's government supplied drones to Russia."))


def test_a_place_qualifies_the_organisation_or_office_of_a_role():
    got = triples(
        analyse("France's far-right National Front party leader, Marine Le Pen, voiced support for Trump.")
    )
    assert ("Marine Le Pen", "leader_of", "National Front") in got, got
    assert ("Marine Le Pen", "leader_of", "France") not in got, got
    got = triples(analyse("Mark Smith, the Ohio director of the Sierra Club, said the plan would fail."))
    assert got == {("Mark Smith", "leader_of", "Sierra Club")}, got


def test_the_content_of_a_claim_is_not_asserted():
    got = triples(
        analyse(
            "Pence blamed the media for making an issue out of Donald Trump's claim that "
            "President Barack Obama founded ISIS."
        )
    )
    assert not any(p == "founded" for _, p, _ in got), got
    got = triples(
        analyse("Senate Democrats challenged the assertion that Iran had supplied weapons to Hamas.")
    )
    assert not any(p == "supplied" for _, p, _ in got), got


def test_an_ambassador_represents_a_state_not_the_body_he_is_sent_to():
    got = triples(analyse("Former UN Ambassador John Bolton told the host that she lied."))
    assert not any(p == "representative_of" for _, p, _ in got), got
    got = triples(
        analyse("Nikki Haley, the U.S. ambassador to the United Nations, said the vote was a disgrace.")
    )
    assert ("Nikki Haley", "representative_of", "United States") in got, got


def test_a_us_representative_is_a_legislator():
    got = triples(analyse("She married former U.S. Representative Anthony Weiner, who is a sex-crazed man."))
    assert not any(p == "representative_of" for _, p, _ in got), got


def test_a_backing_to_come_is_no_alliance_yet():
    assert not triples(analyse("Sanders will back Clinton, eventually, former rival says."))
    assert ("Sanders", "ally_of", "Clinton") in triples(analyse("Sanders backed Clinton in July."))


# -- session 12: rules from a second held-out reading (PolNeAR train articles 1, 5, 9, ...) ----
@pytest.mark.parametrize(
    "text",
    [
        "Polk County GOP Chairman Will Rogers said the visit would earn the party attention.",
        "Brian Murphy, the chairman of the Rockingham County GOP, said Trump hurt his own cause.",
        "Craig Dunn, a local GOP leader, said he might still vote for Donald Trump.",
        "Mark Wynn, chairman of the 6th Congressional District GOP, said the district got many applications.",
        "Tom Rath, a veteran New Hampshire GOP leader, said the party would unite.",
        "On the topic, San Diego chapter president Luis Osuna told reporters the name was misread.",
        "John Cordisco, the Democratic chairman of Bucks County, recalled a visit by Bill Clinton.",
    ],
)
def test_the_head_of_a_local_unit_leads_neither_the_party_nor_the_place(text):
    got = triples(analyse(text))
    assert not any(p == "leader_of" for _, p, _ in got), got


def test_a_party_named_with_its_place_or_a_countrys_party_keeps_its_leader():
    got = triples(
        analyse("Allison Tant, the Florida Democratic Party chairwoman, praised Debbie Wasserman Schultz.")
    )
    assert ("Allison Tant", "leader_of", "Florida Democratic Party") in got, got
    got = triples(
        analyse("Reince Priebus, the chairman of the Republican National Committee, thanked the donors.")
    )
    assert ("Reince Priebus", "leader_of", "Republican National Committee") in got, got


def test_a_leaders_object_is_no_companys_place_and_no_partys_country():
    got = triples(
        analyse("Karen Wright, the head of an Ohio company that makes compressors, gave money to the group.")
    )
    assert not any(p == "leader_of" for _, p, _ in got), got
    got = triples(
        analyse(
            "The comments came in the wake of an influential endorsement by Marine Le Pen, "
            "leader of France's far-right Front National party."
        )
    )
    assert got == {("Marine Le Pen", "leader_of", "Front National")}, got
    got = triples(
        analyse("Retired Gen. John Allen, who led United States forces in Afghanistan, spoke on Sunday.")
    )
    assert not any(p == "leader_of" for _, p, _ in got), got


@pytest.mark.parametrize(
    "text",
    [
        "A month later, Donald Trump paid a visit to the U.S.-Mexico border in Laredo, Texas.",
        "Donald Trump sent a two-page memo to The Washington Post in April explaining his plan.",
        "Sandy Paradis is considering supporting Donald Trump.",
        "Bernie Sanders's most notable partnership with a Republican was also one of his greatest successes.",
        "Poll: Donald Trump Ties Hillary Clinton With Michael Bloomberg in a Three-Way Contest.",
        "Callers asked how much Bruce LeVell was getting to talk up Donald Trump.",
    ],
)
def test_a_border_a_memo_a_consideration_one_partisan_a_headline_verb_give_nothing(text):
    assert not triples(analyse(text))


def test_a_relative_clause_after_or_is_about_the_last_alternative():
    got = triples(
        analyse(
            "The talks could be undone by a new offensive by Turkey or the Nusra Front, which until "
            "recently had aligned itself with Al Qaeda."
        )
    )
    assert ("Turkey", "ally_of", "al-Qaeda") not in got, got
    assert ("Nusra Front", "ally_of", "al-Qaeda") in got, got


def test_a_passive_clause_without_agent_supplies_nothing():
    # Found on a PTC dev article: "if the report is sent to the Justice Department, the president
    # will be away" made the president the sender (the parser hung "report" on the auxiliary).
    text = (
        "President Donald Trump was flying to Ohio on Wednesday. But if the Mueller report is "
        "actually, finally sent over to the Justice Department by close of business on Friday, "
        "the president will be many miles away from it."
    )
    assert not any(p == "supplied" for _s, p, _o in triples(analyse(text)))
    got = triples(analyse("Because Iran sent weapons to Hezbollah, Israel attacked the convoy."))
    assert ("Iran", "supplied", "Hezbollah") in got
    assert ("Israel", "supplied", "Hezbollah") not in got


def test_a_victim_of_a_passive_attack_attacks_nothing_and_a_modal_event_has_not_happened():
    # Found on PTC dev articles: "Golding was attacked by two inmates ... on the Isle of Sheppey"
    # made Golding attack the island; "Putin can be easily assassinated by the CIA operatives"
    # made the CIA attack Putin.
    text = "In March, Britain First's Paul Golding was attacked by two inmates at HMP Elmley, on the Isle of Sheppey, Kent."
    assert not any(p == "attacked" for _s, p, _o in triples(analyse(text)))
    text = "Putin can be easily assassinated by the CIA operatives that the Russian government permits to operate in Russia."
    assert not any(p == "attacked" for _s, p, _o in triples(analyse(text)))
    assert ("Israel", "attacked", "Hamas") in triples(analyse("Hamas was attacked by Israel on Monday."))


# -- session 15: rules from ptc-s15 half A and earlier sources' wrong rows ---------------------
@pytest.mark.parametrize(
    "text",
    [
        "The help Acme Corp provided to the Smith campaign broke the law.",
        "Jane Doe had provided the police with evidence of the scheme.",
        "The mandate which Christ gave to Peter Damian was clear.",
        "Boris Petrov sent his best wishes to Angela Merkel.",
    ],
)
def test_only_arms_money_or_goods_given_are_a_supply(text):
    assert not any(p == "supplied" for _s, p, _o in triples(analyse(text)))


@pytest.mark.parametrize(
    "text, triple",
    [
        ("John Doe sold 500 rounds of ammunition to Richard Roe.", ("John Doe", "supplied", "Richard Roe")),
        (
            "Israel seized the ammunition that John Doe sold to Richard Roe.",
            ("John Doe", "supplied", "Richard Roe"),
        ),
        ("France sent Caesar howitzers to Ukraine in 2022.", ("France", "supplied", "Ukraine")),
        ("Iran gave $5 million to Hamas.", ("Iran", "supplied", "Hamas")),
        ("Tyrone Pike sold a software start-up to Citrix.", ("Tyrone Pike", "supplied", "Citrix")),
        ("Arms were sent to Ukraine by France.", ("France", "supplied", "Ukraine")),
    ],
)
def test_arms_money_and_goods_given_are_a_supply(text, triple):
    assert has_triple(triples(analyse(text)), triple)


def test_a_person_named_by_a_town_is_not_the_town():
    got = triples(analyse("A Mesa man became famous after he sold a rifle to the Dallas gunman."))
    assert not any(p == "supplied" for _s, p, _o in got), got


def test_a_plural_title_ends_at_a_semicolon_or_at_the_next_title():
    got = triples(
        analyse(
            "He named former CIA directors James Woolsey and Porter Goss; New York City Mayor "
            "Rudolph Giuliani; former Vermont Governor Howard Dean; former Director of the "
            "Federal Bureau of Investigation Louis Freeh and others."
        )
    )
    leaders = {(s, o) for s, p, o in got if p == "leader_of"}
    assert leaders == {("James Woolsey", "CIA"), ("Porter Goss", "CIA")}, got


def test_a_list_of_agencies_is_no_membership():
    got = triples(
        analyse(
            "Senior members of the FBI, Department of Treasury, Department of Energy and Department of Justice were briefed."
        )
    )
    assert not any(p == "member_of" for _s, p, _o in got), got


def test_the_subject_of_any_verb_is_no_visitor_but_a_doer_is():
    got = triples(analyse("The John Smith scandal dominated the visit to Chile."))
    assert not any(p == "visited" for _s, p, _o in got), got
    got = triples(analyse("The John Smith scandal dominated Pope Francis’ visit to Chile."))
    assert ("John Smith", "visited", "Chile") not in got, got
    assert has_triple(got, ("Francis", "visited", "Chile")), got
    assert has_triple(
        triples(analyse("Xi Jinping paid a visit to Moscow in May.")), ("Xi Jinping", "visited", "Moscow")
    )
    assert has_triple(
        triples(analyse("Hillary Clinton has emphasized her ties to Barack Obama.")),
        ("Hillary Clinton", "ties_with", "Barack Obama"),
    )


def test_a_state_or_region_backing_a_candidate_is_its_voters_not_an_ally():
    got = triples(analyse("Back in 1988, Ohio and Pennsylvania supported George Bush."))
    assert not any(p == "ally_of" for _s, p, _o in got), got
    assert has_triple(
        triples(analyse("Russia supported Bashar al-Assad in 2015.")), ("Russia", "ally_of", "Assad")
    )


def _forced_parse(words, heads, deps, tags):
    """A Doc with a given parse (the parser's own mistakes are hard to reproduce in a short
    made-up sentence); lemmas and POS come from the tags."""
    from spacy.tokens import Doc

    from presslens.stages.nlp import load_nlp

    doc = Doc(load_nlp().vocab, words=words, spaces=[w not in (",", ".") for w in words[1:]] + [False])
    for tok, head, dep, tag in zip(doc, heads, deps, tags, strict=True):
        tok.head, tok.dep_, tok.tag_ = doc[head], dep, tag
        tok.pos_ = {"NNP": "PROPN", "NNS": "NOUN", "NN": "NOUN", "VBP": "VERB", "JJ": "ADJ"}.get(tag, "X")
        tok.lemma_ = tok.lower_[:-1] if tag == "NNS" else tok.lower_
    return doc


def test_a_quantified_plural_role_is_no_apposition():
    """ "... the reaction of the Democratic Party, many members of the Republican Party, ...": a
    list, which the parser may read with "many members" hung on the verb; "many members" is part
    of a group and names nothing beside it, so the party is no member of the other (found on a
    PTC dev article in session 17).  "Ford, a member of the Republican Party" still is one."""
    from presslens.model import Entity, Span
    from presslens.nlp.relations import extract_relations

    words = ["Critics", "need", "the", "Democratic", "Party", ",", "many", "members", "of", "the",
             "Republican", "Party", "."]  # fmt: skip
    heads = [1, 1, 4, 4, 1, 1, 7, 1, 7, 11, 11, 8, 1]
    deps = ["nsubj", "ROOT", "det", "compound", "dobj", "punct", "amod", "npadvmod", "prep", "det",
            "compound", "pobj", "punct"]  # fmt: skip
    tags = ["NNS", "VBP", "DT", "NNP", "NNP", ",", "JJ", "NNS", "IN", "DT", "NNP", "NNP", "."]
    doc = _forced_parse(words, heads, deps, tags)
    text = doc.text
    ents = tuple(
        Entity(f"e{k}", name, "ORG", (), (Span(text.index(name), text.index(name) + len(name)),))
        for k, name in enumerate(("Democratic Party", "Republican Party"), 1)
    )
    assert not extract_relations(doc, text, ents, load_patterns())
    text = "John Ford, a member of the Republican Party, and Anna Fry left the meeting on Monday."
    assert has_triple(triples(analyse(text)), ("John Ford", "member_of", "Republican Party"))
