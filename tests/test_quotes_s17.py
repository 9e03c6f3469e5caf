"""Quote rules from the session-17 reading of 15 fresh PTC dev articles (set A of
``eval/gold/ptc_dev_quote_pages_s17.txt``); hand-written sentences, no page text."""

from __future__ import annotations

from test_quotes import content_text, only, run

PEOPLE = [
    ("e1", "Carlos Mendes", "PERSON", ("Mendes",)),
    ("e2", "Ana Lopez", "PERSON", ("Lopez",)),
    ("e3", "Daily Courier", "ORG", ()),
    ("e4", "Harbor Ministry", "ORG", ()),
]


def _cues(quotes, text: str) -> list[str]:
    return [q.cue.of(text) for q in quotes if q.cue]


def test_quotes_a_response_made_by_a_deed_reports_nothing():
    """ "The Daily Courier responded by suing the city": the response is a deed; no words are
    reported.  "responded by saying that ..." reports them, and a claim made next to the deed
    ("..., claiming that ...") stays a quote of its own."""
    text = "The Daily Courier responded by suing the city, claiming that its reporters had been barred."
    quotes = run(text, PEOPLE)
    assert "responded" not in _cues(quotes, text)
    assert content_text(only(quotes, "claiming", text), text) == "that its reporters had been barred"
    text = "Mendes reacted by blocking the reporters' access to the archive."
    assert run(text, PEOPLE) == ()
    text = "Mendes responded by saying that the archive would reopen in May."
    assert any("the archive would reopen in May" in content_text(q, text) for q in run(text, PEOPLE))


def test_quotes_admitting_someone_into_a_place_says_nothing():
    """ "The Harbor Ministry admitted Mendes into the country, despite the fact that ...": letting
    someone in is no speech act, so the ministry is no speaker of what follows.  "admitted that
    ..." still is one."""
    text = "The Harbor Ministry also admitted Mendes into the country, despite the fact that he has threatened judges."
    quotes = run(text, PEOPLE)
    assert "admitted" not in _cues(quotes, text)
    text = "Lopez admitted that the archive had been closed for years."
    q = only(run(text, PEOPLE), "admitted", text)
    assert (q.speaker, content_text(q, text)) == ("e2", "that the archive had been closed for years")


def test_quotes_an_embedded_post_is_its_authors_quote():
    """The text a page keeps of an embedded post: the post's words, links, then "— Name (@handle)
    Month D, YYYY".  The author is the speaker (the handle and the date make the name certain);
    the content is the line's text before the dash without the links, or the line before when
    the attribution stands alone."""
    text = (
        "The mayor visited the harbor on Monday.\n"
        "Proud of our harbor workers tonight, thank you all. https://t.co/AbCdEf123 — Ana Lopez (@analopez) "
        "June 9, 2018\n"
        "The port reopened on Tuesday.\n"
        "The archive must reopen for every reader.\n"
        "— Carlos Mendes (@cmendes) March 13, 2018"
    )
    quotes = [q for q in run(text, PEOPLE) if q.cue and q.cue.of(text) == "—"]
    assert [(q.speaker, q.source.of(text), content_text(q, text)) for q in quotes] == [
        ("e2", "Ana Lopez", "Proud of our harbor workers tonight, thank you all."),
        ("e1", "Carlos Mendes", "The archive must reopen for every reader."),
    ]
    assert all(q.cue_class == "speech" for q in quotes)


def test_quotes_an_embedded_post_of_tags_or_quoted_words_is_no_quote_of_the_poster():
    """A post whose kept text is only tags, handles or one word ("#Harbor", "Details:") says too
    little; one whose kept text is a quotation relays someone else's words (a reporter posting
    what a mother said), so the poster is not given them."""
    for post in ("#Harbor https://t.co/AbCdEf123", "Details: https://t.co/AbCdEf123", "@cmendes @analopez"):
        text = f"The port reopened on Tuesday.\n{post} — Ana Lopez (@analopez) June 9, 2018"
        assert run(text, PEOPLE) == (), post
    text = (
        "The port reopened on Tuesday.\n"
        "“It is time that the harbor is open to all.” pic.twitter.com/AbCdEf123 — Ana Lopez (@analopez) June 9, 2018"
    )
    assert [q for q in run(text, PEOPLE) if q.speaker == "e2"] == []


def test_quotes_an_epigraph_names_its_speaker_after_a_dash():
    """A quotation, then "— Name" on the same line or alone on the next: the person named said it
    (a fact-check's "“...” - Name." too).  The quotation is that person's, not a continuation of
    the quote before it.  A dash and an organisation under a quotation ("— Daily Courier") is a
    credit line, no speaker; a list of dash-names is no attribution."""
    text = (
        "Lopez said that the harbor was safe.\n\n"
        "“The archive must reopen for every reader.”\n\n"
        "— Carlos Mendes\n\n"
        "“The port is ours.” - Ana Lopez.\n\n"
        "“The harbor will grow.”\n\n"
        "— Daily Courier"
    )
    quotes = run(text, PEOPLE)
    dashes = [(q.speaker, content_text(q, text)) for q in quotes if q.cue and q.cue.of(text) in ("—", "-")]
    assert dashes == [("e1", "“The archive must reopen for every reader.”"), ("e2", "“The port is ours.”")]
    said = only(quotes, "said", text)
    assert content_text(said, text) == "that the harbor was safe"
    text = "The port met on Monday. “The archive must reopen.”\n\n— Carlos Mendes"
    assert [(q.speaker, content_text(q, text)) for q in run(text, PEOPLE)] == [
        ("e1", "“The archive must reopen.”")
    ]
    text = "The port called the plan “a disaster for the city.”\n\n— Carlos Mendes"
    assert [q for q in run(text, PEOPLE) if q.speaker == "e1"] == []
    text = "Signed by:\n\n“We ask for an open harbor.”\n\n— Carlos Mendes\n— Ana Lopez"
    assert [q for q in run(text, PEOPLE) if q.cue and q.cue.of(text) == "—"] == []


def test_quotes_a_that_clause_after_an_adverbs_object_is_the_content():
    """ "told the Daily Courier ahead of the ruling that ...": the parser hung the that-clause on
    "ruling", the object of "ahead of", as a relative clause; "that" is a complementiser, so the
    clause is what was told.  A real relative clause ("before the vote that split the council")
    is no content."""
    text = "Mendes told the Daily Courier ahead of the ruling that he believes the archive must reopen."
    q = only(run(text, PEOPLE), "told", text)
    assert (q.speaker, content_text(q, text)) == ("e1", "that he believes the archive must reopen")
    text = "Mendes spoke shortly before the vote that split the council."
    assert run(text, PEOPLE) == ()


def test_quotes_a_person_noun_given_a_name_is_that_person():
    """ "a woman by the name of Ana Lopez accused ...", "a man named Carlos Mendes said ...": the
    person noun is given the name, so the named person speaks.  "One lawmaker called Mendes
    “...”" is the lawmaker's own naming act, no name given to the lawmaker."""
    text = "On Monday, a woman by the name of Ana Lopez accused the port of hiding the archive."
    assert only(run(text, PEOPLE), "accused", text).speaker == "e2"
    text = "A man named Carlos Mendes said that the archive was closed."
    assert only(run(text, PEOPLE), "said", text).speaker == "e1"
    text = "One lawmaker called Mendes “the prince of the harbor.”"
    assert only(run(text, PEOPLE), "called", text).speaker is None


def test_quotes_according_to_a_norm_right_after_its_verb_is_no_source():
    """ "The launch went according to plan", "conduct themselves according to these rules": right
    after its verb, with a norm as object, "according to" means "in accordance with"; no one is
    cited.  "..., according to the law" and "According to state law, ..." say what the law says,
    and "grew 3 percent according to the ministry" cites the ministry."""
    for text in (
        "The launch went according to plan.",
        "If reporters cannot conduct themselves according to these rules, the office will write more rules.",
    ):
        assert run(text, PEOPLE) == (), text
    for text, cue, content in (
        ("The vote is illegal, according to the law.", "according to", "The vote is illegal"),
        ("According to state law, no one may vote twice.", "According to", "no one may vote twice."),
        (
            "The economy grew 3 percent according to the Harbor Ministry.",
            "according to",
            "The economy grew 3 percent",
        ),
    ):
        assert content_text(only(run(text, PEOPLE), cue, text), text) == content, text


def test_quotes_an_act_joined_by_or_to_a_negated_one_is_negated_too():
    """ "did not thank Lopez or praise her policies": the negation covers both acts, so neither is
    a quote.  "did not wait and said that ..." says something, and so does a verb with its own
    auxiliary after "and" ("does not track it and has maintained that ...")."""
    text = "Mendes notably did not thank Lopez or praise her policies."
    assert run(text, PEOPLE) == ()
    text = "Lopez did not wait and said that the archive was closed."
    assert only(run(text, PEOPLE), "said", text).speaker == "e2"


def test_quotes_a_gerund_subject_hung_on_the_cue_joins_a_finite_content():
    """ "saying making the archive public “does not seem to make sense”": the parser hung the
    gerund subject on the cue and left "does not seem" without one; a bare verb made finite by
    "do" or a modal has a subject of its own, so the gerund is part of the content."""
    text = "Mendes spoke on Tuesday, saying making the archive public “does not seem to make much sense.”"
    q = only(run(text, PEOPLE), "saying", text)
    assert content_text(q, text) == "making the archive public “does not seem to make much sense.”"
