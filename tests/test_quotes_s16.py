"""Quote rules from the session-16 reading of 15 fresh PolNeAR train articles (set A of
``eval/gold/polnear_quote_pages_s16.txt``); hand-written sentences, no page text."""

from __future__ import annotations

from test_quotes import content_text, only, run

PEOPLE = [
    ("e1", "Carlos Mendes", "PERSON", ("Mendes",)),
    ("e2", "Pavel Novak", "PERSON", ("Novak",)),
    ("e3", "Ana Lopez", "PERSON", ("Lopez",)),
]


def _cues(quotes, text: str) -> list[str]:
    return [q.cue.of(text) for q in quotes if q.cue]


def test_quotes_an_as_clause_with_an_object_does_not_report_the_main_clause():
    """ "As Mendes attacked the mayor, the crowd chanted ...": the as-clause says when the crowd
    chanted; the chant is the crowd's, not Mendes's.  "As Reuters reported, the mayor resigned"
    (no object) still reports its main clause."""
    text = 'As Mendes attacked the mayor, the crowd chanted, "Send him home!" as it had for earlier speakers.'
    quotes = run(text, PEOPLE)
    assert "attacked" not in _cues(quotes, text)
    assert only(quotes, "chanted", text).speaker is None
    text = "As the judge read his decision, Novak held his head silently in his hands."
    assert run(text, PEOPLE) == ()
    text = "As Reuters reported, the mayor resigned on Friday."
    assert content_text(only(run(text, PEOPLE), "reported", text), text) == "the mayor resigned on Friday."


def test_quotes_a_clause_a_consequence_is_drawn_from_is_no_content():
    """ "Her visa was still valid, so she continued to renew it": "so" draws a consequence from
    the clause before; no one reports it.  "Her visa was still valid, she said" does."""
    text = "Her visa was still valid, so she continued to renew it every year."
    assert run(text, PEOPLE) == ()
    text = "Her visa was still valid, she said."
    assert content_text(only(run(text, PEOPLE), "said", text), text) == "Her visa was still valid"


def test_quotes_a_reduced_when_clause_is_no_content():
    """ "When told Novak was in the race ..., Mendes thought for a moment and said that ...": the
    parser made "When told" the subject of the clause it hung on "thought"; that clause says when,
    not what Mendes thought.  What he said stays."""
    text = (
        "When told Novak was in the race for an even bigger job in the capital, Mendes thought for a moment"
        " and said that it was a surprise."
    )
    quotes = run(text, PEOPLE)
    assert "thought" not in _cues(quotes, text)
    said = only(quotes, "said", text)
    assert (said.speaker, content_text(said, text)) == ("e1", "that it was a surprise")


def test_quotes_a_woman_inside_a_mans_clause_does_not_block_his_he():
    """ "Novak has blasted the press for allowing Ms. Lopez to skip ... . ..., he said": Lopez, a
    woman and the subject of a clause inside Novak's sentence only, is no he, so the topic is
    still Novak.  As the main subject of a later sentence she is a new topic: no speaker then."""
    text = (
        "Pavel Novak has blasted the press for allowing Ms. Lopez to skip the hearing.\n\n"
        "While he was speaking in Ohio on Monday, he said, “It has been a long month.”"
    )
    assert only(run(text, PEOPLE), "said", text).speaker == "e2"
    text = (
        "Pavel Novak has blasted the press on Monday.\n\nMs. Lopez skipped the hearing.\n\n"
        "While he was speaking in Ohio on Monday, he said, “It has been a long month.”"
    )
    assert only(run(text, PEOPLE), "said", text).speaker is None


def test_quotes_a_by_gerund_under_a_verb_of_watching_is_not_the_watchers():
    """ "she watches Mr. Novak thrill audiences by exhorting them to ...": Novak exhorts (the
    parser hung the gerund on "watches"), so the watcher is not the speaker."""
    text = (
        "Ms. Lopez met voters in Ohio on Monday.\n\nYet she watches Mr. Novak thrill young Democratic"
        ' audiences by exhorting them to alter what\'s possible through a "political revolution."'
    )
    assert only(run(text, PEOPLE), "exhorting", text).speaker != "e3"
    text = "Ms. Lopez met voters in Ohio on Monday.\n\nShe closed her speech by telling them that the plan would pass."
    assert only(run(text, PEOPLE), "telling", text).speaker == "e3"


def test_quotes_a_participle_after_an_object_content_is_the_speakers_act():
    """ "called Mendes the “worst mayor ever,” linking to a story ...": the linking is what Novak
    did while calling him so, not part of what he called him."""
    text = (
        'In a second post, Novak called Mendes the "worst mayor ever," linking to a story about how Mendes'
        " spent the budget."
    )
    assert content_text(only(run(text, PEOPLE), "called", text), text) == 'Mendes the "worst mayor ever,"'
    # a participle that works as a preposition goes on with the object ("a claim ..., concerning")
    text = 'The article recounted a claim by Ana Lopez, a classmate of Novak\'s, concerning "a party gone awry."'
    assert content_text(only(run(text, PEOPLE), "recounted", text), text).endswith('"a party gone awry."')


def test_quotes_a_relative_who_speaks_for_the_person_named_before_it():
    """ "a post from Pavel Novak who wrote, “...”": "who" is Novak.  Not the one a spokesman speaks
    for ("a spokesman for Pavel Novak, who said"), not one of several people ("Mendes and Novak,
    who said"), nor one named as an example of many ("mayors - like Novak - who say")."""
    text = "Among the replies was a post from Pavel Novak who wrote, “The mayor never listens to anyone.”"
    assert only(run(text, PEOPLE), "wrote", text).speaker == "e2"
    for text, cue in (
        ("The plan was backed by a spokesman for Pavel Novak, who said that it would pass.", "said"),
        ("Several mayors - like Pavel Novak - who say the plan will fail met on Monday.", "say"),
        ("Carlos Mendes and Pavel Novak, who said the plan would fail, met on Monday.", "said"),
    ):
        assert only(run(text, PEOPLE), cue, text).speaker is None, text


def test_quotes_a_past_verb_after_would_is_the_speakers_next_act():
    """ "said that it would be “very hard” ..., but downplayed the issue": a past-tense verb cannot
    go on the clause under "would"; Novak downplayed it.  After "could", a past verb may still be
    part of what was said ("could not support the plan but understood why")."""
    text = 'Novak has said that it would be "very hard" for Mendes to attend, but downplayed the issue.'
    got = content_text(only(run(text, PEOPLE), "has said", text), text)
    assert got == 'that it would be "very hard" for Mendes to attend'
    text = "Novak said that she could not support the plan but understood why people did."
    assert content_text(only(run(text, PEOPLE), "said", text), text).endswith("understood why people did")
