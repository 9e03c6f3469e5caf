"""Session 17 metadata rules, on made-up pages: the byline under the headline, teaser cards,
author labels, dangling title separators, and names that are not names."""

from __future__ import annotations

import pytest

from presslens.extract.bylines import is_label, parse_byline
from presslens.extract.metadata import read_metadata

URL = "https://www.example-news.com/a/1"
BODY = (
    "<p>The council met on Monday evening and voted to close the old bridge for repairs until spring.</p>"
    "<p>Residents asked for a ferry in the meantime, and the mayor said the city would look into it.</p>"
)


def _meta(head: str, body: str, url: str = URL):  # type: ignore[no-untyped-def]
    from trafilatura.utils import load_html

    return read_metadata(load_html(f"<html><head>{head}</head><body>{body}</body></html>"), url)


def test_plain_author_class_under_the_headline() -> None:
    """``<p class="author">`` right under the ``<h1>``: read (the page-wide scan wants
    ``byline`` or ``author-name``)."""
    meta = _meta("<title>Bridge to close | Example News</title>",
                 f'<h1>Bridge to close</h1><p class="author">Jana Roth</p>{BODY}')  # fmt: skip
    assert meta.authors == ["Jana Roth"]


def test_author_page_link_under_the_headline() -> None:
    """A link to ``/author/<slug>/`` in a ``div`` whose class is spelt ``autor``."""
    body = ('<h1>Bridge to close</h1><div class="entry-autor"><h5><a href="/author/jroth/">Jana Roth</a></h5>'
            f'<span>12 marca 2021</span></div>{BODY}')  # fmt: skip
    meta = _meta("<title>Bridge to close</title>", body)
    assert meta.authors == ["Jana Roth"]


def test_label_and_name_in_two_elements() -> None:
    """``<span class=article_author>Article by</span><br><span>Name</span>``: the label alone
    is no byline; its block is read."""
    body = ('<h1>Bridge to close</h1><div><span class="article_author_single">Article by</span><br>'
            f'<span class="author_single">Jana Roth</span></div>{BODY}')  # fmt: skip
    assert _meta("<title>Bridge to close</title>", body).authors == ["Jana Roth"]
    assert is_label("Article by") and is_label("Autor:") and not is_label("By Jana Roth")


def test_byline_far_below_the_headline_is_not_the_header_byline() -> None:
    """A portrait link to an author page inside the body (after the lead) names no author."""
    body = (f'<h1>Bridge to close</h1>{BODY}{BODY}<blockquote><a href="/author/ryan/">'
            '<img alt="R"></a><p>Ryan Miller, chair</p></blockquote>')  # fmt: skip
    assert _meta("<title>Bridge to close</title>", body).authors == []


def test_teaser_card_byline_is_skipped() -> None:
    """A sidebar post (``itemscope itemtype=.../BlogPosting``) with its own author is another
    article's byline when the headline sits in an article item of its own; the page names nobody."""
    teaser = ('<aside><article itemscope itemtype="https://schema.org/BlogPosting" itemprop="blogPost">'
              '<span class="author"><a href="/author/kmaier/" rel="author">Karl Maier</a></span>'
              '<h3><a href="/other">Other story</a></h3></article></aside>')  # fmt: skip
    main = ('<article itemscope itemtype="https://schema.org/BlogPosting"><h1>Bridge to close</h1>'
            f"<p>5 maja 2021 11:22 / Local</p>{BODY}{BODY}</article>")  # fmt: skip
    assert _meta("<title>Bridge to close</title>", main + teaser).authors == []


def test_byline_in_the_only_item_under_a_headline_outside_it() -> None:
    """The ``<h1>`` above the page's one article item: that item's byline is the article's."""
    body = (f"<h1>Bridge to close</h1><p>Local news, 5 May 2021</p>{BODY}{BODY}"
            '<article itemscope itemtype="https://schema.org/NewsArticle">'
            f'<span class="byline">By Jana Roth</span>{BODY}</article>')  # fmt: skip
    assert _meta("<title>Bridge to close</title>", body).authors == ["Jana Roth"]


def test_labelled_author_after_the_article() -> None:
    """``<strong>Autor:</strong> <a>Name</a><br><strong>Tags:</strong>``: the text after the
    label up to the line break."""
    body = (f"<h1>Bridge to close</h1>{BODY}<p><strong>Autor:</strong> <a href='/profil/7'>Jana Roth</a>"
            "<br/><strong>Tags:</strong> <a href='/t/1'>bridge</a>, <a href='/t/2'>council</a></p>")  # fmt: skip
    assert _meta("<title>Bridge to close</title>", body).authors == ["Jana Roth"]


def test_blog_name_h1_is_not_the_headline() -> None:
    """A blog's name in the only ``<h1>`` (the post title is in ``<title>``): no header byline is
    read under it."""
    body = '<h1>Krimi-Archiv</h1><div class="author">vom Krimifan</div><h2>A post</h2>' + BODY
    meta = _meta("<title>A post about crime novels : Krimi-Archiv | Since 2005</title>", body,
                 url="https://archiv.krimi-archiv.de/2895")  # fmt: skip
    assert meta.authors == []


def test_dangling_separator_leaves_the_title() -> None:
    meta = _meta('<title>Horses at the Olympics -</title><meta property="og:title" content="Horses at the Olympics -">',
                 f"<h1>Horses at the Olympics</h1>{BODY}")  # fmt: skip
    assert meta.best_title() == "Horses at the Olympics"


@pytest.mark.parametrize(
    ("byline", "authors", "credit"),
    [
        ("Reuters, Washington", [], ["Reuters"]),  # the wire's place, not a person
        ("The Russian and Syrian defense ministries", [], []),
        ("Mobasir hassan", ["Mobasir hassan"], []),  # one lower-case surname passes
        ("Ursula von der Leyen", ["Ursula von der Leyen"], []),
        ("Recipe by Eat What Tonight", [], ["Eat What Tonight"]),
        ("Текст: Лида Смирнова", ["Лида Смирнова"], []),
        ("The Local [email protected]", [], []),
    ],
)  # fmt: skip
def test_bylines_parse_s17(byline: str, authors: list[str], credit: list[str]) -> None:
    found = parse_byline(byline, ("Eat What Tonight",))
    assert (found.authors, found.credit) == (authors, credit)


def test_touching_inline_spans_are_two_words() -> None:
    """``<span>Veröffentlicht von</span><span><a>Name</a></span>`` with nothing between: the
    lead is still a lead ("vonJana" would be no name)."""
    body = ('<h1>Bridge to close</h1><span class="byline"><span class="screen-reader-text">Veröffentlicht von'
            f'</span><span class="author vcard"><a href="/author/jroth/">Jana Roth</a></span></span>{BODY}')  # fmt: skip
    assert _meta("<title>Bridge to close</title>", body).authors == ["Jana Roth"]


def test_misspelt_writer_class_under_the_headline() -> None:
    body = f'<h1>Bridge to close</h1><span class="writter">Por: Juan Pérez</span>{BODY}'
    assert _meta("<title>Bridge to close</title>", body).authors == ["Juan Pérez"]


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Jane Doe Monday, November 18, 2019", ["Jane Doe"]),
        ("Von Anna Roth Montag, 3. Mai 2021", ["Anna Roth"]),
        ("By Nick Friday", ["Nick Friday"]),  # a weekday without a comma is a name
    ],
)
def test_weekday_starts_the_date(byline: str, authors: list[str]) -> None:
    assert parse_byline(byline).authors == authors


def test_byline_box_gives_the_names_it_marks() -> None:
    """``<div class=byline-section><span class=author>A and B</span><span class=publication>
    Paper</span></div>``: the names, not the paper glued to the last one."""
    body = ('<h1>Bridge to close</h1><div class="byline-section"><div class="attribution">'
            '<span class="author"> Jana Roth and Karl Maier </span><span class="publication"> Valley Courier '
            f"</span></div></div>{BODY}")  # fmt: skip
    assert _meta("<title>Bridge to close</title>", body).authors == ["Jana Roth", "Karl Maier"]


# -- second reading (seed 1759) ------------------------------------------------------------------
def test_date_standing_alone_above_the_headline() -> None:
    """No declared date: a short text holding only a date right above the ``<h1>`` is read."""
    body = f'<div class="topline"><span>06.12.2022</span></div><h1>Bridge to close</h1>{BODY}'
    assert _meta("<title>Bridge to close</title>", body).header_date == "2022-12-06"


def test_date_under_the_headline_comes_before_a_sidebar_date_above() -> None:
    body = ('<aside><a>Seminar</a><span>19.1.23, 10:00 Uhr</span></aside><h1>Bridge to close</h1>'
            f"<p>Bild: Archiv</p><span>20.12.2022</span>{BODY}")  # fmt: skip
    assert _meta("<title>Bridge to close</title>", body).header_date == "2022-12-20"


def test_header_date_skips_an_update_and_sentences() -> None:
    body = ("<h1>Bridge to close</h1><p>Aktualisiert: 03.01.2023</p>"
            f"<p>The bridge, built on 4 May 1931, is old.</p>{BODY}")  # fmt: skip
    assert _meta("<title>Bridge to close</title>", body).header_date is None


def test_declared_date_wins_over_header_date_and_keys_in_any_case() -> None:
    head = '<title>Bridge to close</title><meta name="dc.Date" content="2020-03-03">'
    meta = _meta(head, f"<h1>Bridge to close</h1><span>7 April 2020</span>{BODY}")
    assert meta.published == "2020-03-03" and meta.header_date is None


def test_visible_headline_that_a_declared_form_repeats_wins() -> None:
    """A shorter SEO form in ``<title>`` and JSON-LD is contained in the visible headline, which
    ``og:title`` repeats: the visible one is the title."""
    head = ('<title>Table after ten rounds without bad calls</title>'
            '<meta property="og:title" content="Table after ten rounds without bad calls, explained">'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"headline": "Table after ten rounds without bad calls"}</script>')  # fmt: skip
    body = f"<h1>Table after ten rounds without bad calls, explained</h1>{BODY}"
    assert _meta(head, body).best_title() == "Table after ten rounds without bad calls, explained"


def test_phrase_with_a_lower_case_first_word_is_no_name() -> None:
    assert parse_byline("deinen Hochzeitsbloggern").authors == []
    assert parse_byline("de la Cruz").authors == ["de la Cruz"]


def test_author_label_and_name_in_one_inline_element() -> None:
    body = (f"<h1>Bridge to close</h1>{BODY}"
            '<p><em>Autor: <a href="/team/jana">Jana Roth </a>(Gastbeitrag), Rednerin bei example.com</em></p>')  # fmt: skip
    assert _meta("<title>Bridge to close</title>", body).authors == ["Jana Roth"]


def test_login_name_spelt_out_by_the_byline() -> None:
    """JSON-LD gives ``"janaroth"``; the byline under the headline writes ``Jana Roth``."""
    head = ('<title>Bridge to close</title><script type="application/ld+json">{"@type": "NewsArticle", '
            '"headline": "Bridge to close", "author": {"@type": "Person", "name": "janaroth"}}</script>')  # fmt: skip
    body = f'<h1>Bridge to close</h1><div class="post-author">von Jana Roth</div>{BODY}'
    assert _meta(head, body).authors == ["Jana Roth"]
    lone = head.replace("janaroth", "surfer")  # nothing spells it out: kept as given
    assert _meta(lone, f"<h1>Bridge to close</h1>{BODY}").authors == ["surfer"]


def test_plain_text_author_label_after_a_line_break() -> None:
    """``<br>Autor: <a>Rechtsanwalt</a> Jana Roth</div>`` after the article: the line after the
    label, without the profession before the name."""
    body = (f'<h1>Bridge to close</h1><div>{BODY}Quelle: example.org<br><br>'
            'Autor: <a href="/anwalt/">Rechtsanwalt</a> Jana Roth</div>')  # fmt: skip
    assert _meta("<title>Bridge to close</title>", body).authors == ["Jana Roth"]
    para = f"<h1>Bridge to close</h1>{BODY}<p>Text: Jana Roth</p>"
    assert _meta("<title>Bridge to close</title>", para).authors == ["Jana Roth"]
    sentence = f"<h1>Bridge to close</h1>{BODY}<p>Text: Die Rede des Bürgermeisters im Wortlaut</p>"
    assert _meta("<title>Bridge to close</title>", sentence).authors == []


def test_profession_before_a_name_is_set_aside() -> None:
    assert parse_byline("Rechtsanwalt Jana Roth").authors == ["Jana Roth"]
    assert parse_byline("Fachanwältin für Arbeitsrecht Jana Roth").authors == ["Jana Roth"]
    assert parse_byline("Ramona Roth").authors == ["Ramona Roth"]


def test_all_posts_by_link_in_an_author_box() -> None:
    """An author box after the article whose link to the author page reads "Alles von NAME"."""
    box = ('<div class="author-bio"><h3>Jana Roth</h3>'
           '<p><a href="https://www.example-news.com/author/jana">Alles von Jana Roth</a></p></div>')  # fmt: skip
    assert _meta("<title>Bridge to close</title>", f"<h1>Bridge to close</h1>{BODY}{box}").authors == ["Jana Roth"]
    other = box.replace("/author/jana", "/tag/bridges")  # not a link to an author page
    assert _meta("<title>Bridge to close</title>", f"<h1>Bridge to close</h1>{BODY}{other}").authors == []


def test_plain_author_label_in_a_book_info_box_is_no_byline() -> None:
    """``Autor: A<br>Verlag: B`` or ``Autor: A; Illustrator: B``: the facts of a book under review."""
    title = "<title>Bridge to close</title>"
    box = f"<h1>Bridge to close</h1>{BODY}<p>Autor: Jana Roth<br>Verlag: Example Books<br>Seiten: 320</p>"
    assert _meta(title, box).authors == []
    one = f"<h1>Bridge to close</h1>{BODY}<div>Autor: Jana Roth; Illustrator: Tom Roe</div>"
    assert _meta(title, one).authors == []
