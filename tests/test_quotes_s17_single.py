"""Single quotation marks ('...' and ‘...’) as quotation regions (session 17); hand-written
sentences, no page text.  Apostrophes (don't, Trump's, '90s, rock 'n' roll, the Smiths' house,
goin') never open or close a region."""

from __future__ import annotations

import pytest
from test_quotes import MARIA, content_text, only, run

from presslens.quotes.features import QuoteIndex, is_single_marked, quote_regions


def _regions(text: str) -> list[str]:
    return [text[s:e] for s, e in quote_regions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'We will not pay,' the minister said.", ["'We will not pay,'"]),
        ("‘We will not pay,’ the minister said.", ["‘We will not pay,’"]),
        ("Maria Lopez said: 'We will not pay for this plan.'", ["'We will not pay for this plan.'"]),
        (
            "'We will not pay,' Maria Lopez said, 'and we will not apologise.'",
            ["'We will not pay,'", "'and we will not apologise.'"],
        ),
        (
            "The minister said the plan was ‘a disaster’ and added: ‘We won’t pay.’",
            ["‘a disaster’", "‘We won’t pay.’"],
        ),
        ("‘It’s a disaster,’ said Maria Lopez.", ["‘It’s a disaster,’"]),
        ("Maria Lopez - 'We will not pay' - was clear.", ["'We will not pay'"]),
        ("PM says Brexit deal 'dead' after talks collapse", ["'dead'"]),
        ("She called it 'the players' fault' and left.", ["'the players' fault'"]),
        (
            "Lopez called them 'heroes' and said the nurses' pay was 'a scandal'.",
            ["'heroes'", "'a scandal'"],
        ),
        ("The players' union said the owners' offer was 'insulting'.", ["'insulting'"]),
        ("Maria Lopez said in the '80s the teachers' pay was 'a scandal'.", ["'a scandal'"]),
        ("O'Brien said the plan was 'a disaster', and D'Souza agreed.", ["'a disaster'"]),
    ],
)
def test_single_marks_make_regions(text, expected):
    assert _regions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Maria Lopez said she didn't know why Trump's plan failed.",
        "Maria Lopez said the '90s were a hard time for rock 'n' roll fans.",
        "The Smiths' house was sold, and the Joneses' car was stolen, Maria Lopez said.",
        "Maria Lopez said they were goin' fishin' and would be back by noon.",
        "Maria Lopez said the 'N' Sync fans' tickets were sold out.",
        "It's the city's problem, not the state's, Maria Lopez said.",
        "Maria Lopez said the ’90s were hard, and the Smiths’ house was sold.",
        "Maria Lopez said she ’d never seen it and the players’ union agreed.",
        "Rock ’n’ roll is dead, Maria Lopez said of the Stones’ last tour.",
        "'Twas the night, 'tis true, 'em all, 'til noon, 'cause why.",
        "He lives in 's-Hertogenbosch and 't Hof.",
        "Lopez said 'we will fight on and the workers' union agrees",  # a possessive, not a close
        "Lopez said 'we will fight on and never stop",  # never closed: no region
    ],
)
def test_apostrophes_make_no_regions(text):
    assert _regions(text) == []


def test_single_marks_inside_double_quotes_stay_one_region():
    """A single-marked quotation nested in a double-marked one adds no region of its own (the
    double-mark regions are exactly as before)."""
    for text in (
        "“He told me ‘we will not pay’ and walked out,” Maria Lopez said.",
        "\"He told me 'we will not pay' and walked out,\" Maria Lopez said.",
    ):
        regions = quote_regions(text)
        assert len(regions) == 1 and text[regions[0][0]] in '“"'
        assert QuoteIndex(regions, text).inside(text.index("walked"))


def test_doubled_apostrophes_stay_one_region():
    text = "''Not again,'' he said."
    assert _regions(text) == ["''Not again,''"]


def test_single_marked_split_quotation_has_both_parts():
    for text in (
        "'We will not pay,' Maria Lopez said, 'and we will not apologise.'",
        "‘We will not pay,’ Maria Lopez said, ‘and we will not apologise.’",
    ):
        q = only(run(text, MARIA), "said", text)
        assert q.speaker == "e1"
        assert "We will not pay" in content_text(q, text)
        assert "we will not apologise" in content_text(q, text)


def test_single_marked_fragment_keeps_its_closing_mark():
    """ "said the plan was 'a disaster'": the content is the whole clause, both marks included."""
    text = "Maria Lopez said the plan was 'a disaster'."
    assert content_text(only(run(text, MARIA), "said", text), text) == "the plan was 'a disaster'"


def test_single_marked_quotation_continues_in_the_next_sentence():
    text = "‘It’s a disaster,’ said Maria Lopez. ‘We don’t have the money.’"
    q = only(run(text, MARIA), "said", text)
    assert q.speaker == "e1" and "We don’t have the money" in content_text(q, text)


def test_apostrophes_do_not_change_quotes():
    text = "Maria Lopez said she didn't know why the '90s rock 'n' roll fans' tickets were gone."
    q = only(run(text, MARIA), "said", text)
    assert content_text(q, text) == "she didn't know why the '90s rock 'n' roll fans' tickets were gone"


def test_no_cue_inside_single_marked_quotation():
    """A report inside someone's single-marked words is part of them, not a quote of its own."""
    text = (
        "Maria Lopez wrote that 'what happened was not a crime, although we now recognize that it was "
        "an abuse of power.'"
    )
    quotes = run(text, MARIA)
    assert [q.cue.of(text) for q in quotes if q.cue] == ["wrote"]
    assert "abuse of power" in content_text(quotes[0], text)


def test_single_marked_regions_are_told_apart():
    """Which regions are single-marked (a quoted word then makes a content a quotation only after
    a reporting verb, and the cue classifier's features do not see it)."""
    text = "He called it ‘rejuvenating’, “a gift” and 'fresh', and ''new''."
    index = QuoteIndex(quote_regions(text), text)
    assert [is_single_marked(text, r) for r in index.regions] == [True, False, True, False]
    assert [text[s:e] for s, e in index.double_only().regions] == ["“a gift”", "''new''"]


def test_short_single_marked_line_is_a_subheading_not_a_continuation():
    text = "''If I were younger, I'd go back to school,'' Maria Lopez said.\n\n'A really tough decision.'\n\nThe plant closed."
    q = only(run(text, MARIA), "said", text)
    assert "tough decision" not in content_text(q, text)
    text = "'Nobody believes that I got out of that for free,' Maria Lopez said.\n'I left the city $16 million in debt.'"
    q = only(run(text, MARIA), "said", text)
    assert "$16 million in debt" in content_text(q, text)
