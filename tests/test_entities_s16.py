"""Entity rules of the lead in session 16: a US politician's party-and-state tag ("(R-Fla.)") is no
name (it was typed PERSON or GPE); an agency's name written on in lower case ("Fars news agency")
is the listed agency.  Made-up sentences only."""

# ruff: noqa: F811 - the `run` fixture is imported from _tagger_fixtures
from __future__ import annotations

from _tagger_fixtures import names, run  # noqa: F401 - a pytest fixture


def test_party_and_state_tags_are_no_names(run):
    text = (
        "Sen. Maria Lopez (R-Fla.) said the plan failed. Rep. John Smith (D-Calif.) disagreed, as did"
        " Sen. Ann Lee (I-Vt.) and Sen. Tom Hill, R-Texas, on Monday."
    )
    found = names(run(text))
    assert {"Maria Lopez", "John Smith", "Ann Lee", "Tom Hill"} <= set(found)
    assert not [n for n in found if n[:2] in ("R-", "D-", "I-")], found


def test_an_agency_named_with_news_agency_in_lower_case_is_the_listed_agency(run):
    article = run("The cleric was quoted by the semi-official Fars news agency as saying the talks failed.")
    fars = [e for e in article.entities if e.name == "Fars News Agency"]
    assert fars and fars[0].type == "ORG" and fars[0].kb_id == "presslens:fars"
