"""A US politician's party-and-state tag ("(R-Fla.)") is no name: it was typed PERSON or GPE.
Made-up sentences only."""

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
