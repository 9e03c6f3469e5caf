"""Page metadata from JSON-LD (``NewsArticle`` & co), OpenGraph, ``<meta>`` tags and bylines.

Read from the parsed tree in one walk over the elements it needs (about 0.5 ms a page), before
trafilatura prunes the tree.  Every string is HTML-unescaped (JSON-LD often carries ``&#8217;``).
Structured data comes before text: JSON-LD, then ``<meta>``, then the visible byline.  The title
is a vote between the headline forms the page gives (JSON-LD, OpenGraph, ``<h1>``, ``<title>``),
after site names are set aside; the outlet prefers a site name that matches the page's domain.
htmldate is the fallback for dates (only when the page declares none).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from presslens.extract.bylines import ARCHIVE_LEAD, Byline, dedupe, is_label, parse_byline

ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "socialmediaposting",
    "webpage", "report", "liveblogposting", "scholarlyarticle", "techarticle", "recipe", "posting",
}  # fmt: skip
MIN_YEAR = 1990  # earlier published dates are placeholders ("0001-01-01T00:00:00Z")
MAX_AUTHORS = 8


@dataclass
class PageMeta:
    title: str | None = None
    og_title: list[str] = field(default_factory=list)
    h1: list[str] = field(default_factory=list)
    headline: str | None = None  # JSON-LD headline
    authors: list[str] = field(default_factory=list)
    credit: list[str] = field(default_factory=list)  # organisations named in the byline
    published: str | None = None
    header_date: str | None = None  # a date standing alone next to the headline (YYYY-MM-DD)
    outlet: str | None = None
    site_names: list[str] = field(default_factory=list)  # og:site_name, publisher, title suffixes
    language: str | None = None
    url: str | None = None
    description: str | None = None
    descriptions: list[str] = field(default_factory=list)  # every summary the page declares (for its lead)
    article_body: str | None = None

    def headlines(self) -> list[str]:
        """Every form of the headline the page gives (for removing repeats from the body)."""
        forms = [self.headline, *self.og_title, self.title, *self.h1]
        return [f for f in forms if f]

    def best_title(self) -> str | None:
        return vote_title(self)


def _text(val: str | None) -> str | None:
    """Unescaped, whitespace-collapsed text, or None."""
    if not val:
        return None
    out = " ".join(html.unescape(html.unescape(val)).split())
    return out or None


MetaTags = dict[str, list[str]]
Elements = dict[str, list[Any]]
_READ_TAGS = ("html", "meta", "link", "title", "script", "h1", "time")


def _elements(tree: Any) -> Elements:
    """The page's elements that metadata is read from, by tag, in document order: one walk of
    the tree (each ``//tag`` XPath query walks all of it, at about the same cost)."""
    found: Elements = {tag: [] for tag in _READ_TAGS}
    for el in tree.getroottree().iter(*_READ_TAGS):
        found[el.tag].append(el)
    return found


def _meta_tags(els: Elements) -> MetaTags:
    """``<meta property|name|itemprop=KEY content=...>`` of the page."""
    tags: MetaTags = {}
    for el in els["meta"]:
        if el.get("content") is None:
            continue
        value = _text(el.get("content"))
        if not value:
            continue
        for attr in ("property", "name", "itemprop"):
            key = el.get(attr)
            if key:
                tags.setdefault(key.strip(), []).append(value)
    return tags


def _metas(tags: MetaTags, *keys: str) -> list[str]:
    return [v for key in keys for v in tags.get(key, ())]


def _meta(tags: MetaTags, *keys: str) -> str | None:
    vals = _metas(tags, *keys)
    return vals[0] if vals else None


def read_metadata(tree: Any, url: str | None = None) -> PageMeta:
    meta = PageMeta()
    els = _elements(tree)
    tags = _meta_tags(els)
    ld = _from_json_ld(els, meta)
    meta.og_title = dedupe(_metas(tags, "og:title", "twitter:title"))
    in_head = [t for t in els["title"] if _parent_tag(t) == "head"]
    meta.title = _text(" ".join(_texts(in_head) or _texts(els["title"])))
    meta.h1 = [h for h in (_text(" ".join(e.xpath(".//text()"))) for e in els["h1"][:3]) if h]
    folded: MetaTags = {}  # date keys in any case ("dc.Date", "DC.date.issued", "PubDate")
    for key, vals in tags.items():
        folded.setdefault(key.casefold(), []).extend(vals)
    meta.published = _valid_date(meta.published) or _valid_date(_meta(
        folded, "article:published_time", "datepublished", "pubdate", "publishdate", "date",
        "dc.date", "dc.date.issued", "parsely-pub-date", "sailthru.date", "og:published_time",
    ))  # fmt: skip
    meta.published = meta.published or _time_element(els)
    lang = [v for v in (e.get("lang") for e in els["html"]) if v is not None]
    meta.language = meta.language or (lang[0] if lang else None) or _meta(tags, "og:locale", "language")
    canonical = [v for e in els["link"] if e.get("rel") == "canonical" and (v := e.get("href")) is not None]
    meta.url = _absolute(canonical[0] if canonical else None, url) or _meta(tags, "og:url") or meta.url or url
    meta.descriptions = dedupe(_metas(tags, "description", "og:description", "twitter:description"))
    meta.description = meta.descriptions[0] if meta.descriptions else None
    meta.site_names = _site_names(tags, meta, ld.get("publisher"))
    meta.outlet = vote_outlet(meta)
    orgs = tuple(n for n in (meta.outlet, *meta.site_names) if n)
    h1 = _headline_element(els, meta)
    byline = _authors(tree, tags, ld.get("authors"), orgs, h1)
    meta.authors, meta.credit = byline.authors[:MAX_AUTHORS], byline.credit
    if not meta.published and h1 is not None:
        meta.header_date = header_date(h1)
    return meta


def _absolute(href: str | None, base: str | None) -> str | None:
    if not href or not href.strip():
        return None
    href = href.strip()
    if href.startswith(("http://", "https://")):
        return href
    if base and href.startswith("/"):
        parts = urlsplit(base)
        return f"{parts.scheme}://{parts.netloc}{href}"
    return None


def _domain(url: str | None) -> str | None:
    host = urlsplit(url or "").netloc.lower()
    return host[4:] if host.startswith("www.") else host or None


def _valid_date(value: str | None) -> str | None:
    """The value unless it is a placeholder year (``0001-01-01``) or has no year at all."""
    if not value:
        return None
    m = re.search(r"\b(1\d{3}|2\d{3})\b", value) or re.match(r"(\d{4})", value)
    return value if m and int(m.group(1)) >= MIN_YEAR else None


def _texts(els: list[Any]) -> list[str]:
    """The text nodes inside the elements (``.//text()``)."""
    return [x for e in els for x in e.xpath(".//text()")]


def _parent_tag(el: Any) -> str | None:
    parent = el.getparent()
    return None if parent is None else parent.tag


def _time_element(els: Elements) -> str | None:
    """The first ``<time datetime>`` inside the article (or the page) that holds a real date."""
    times = [e for e in els["time"] if e.get("datetime") is not None]
    in_article = [e for e in times if any(a.tag == "article" for a in e.iterancestors())]
    for found in (in_article, times):
        for value in [e.get("datetime") for e in found[:3]]:
            if re.match(r"\d{4}-\d{2}-\d{2}", value.strip()) and _valid_date(value):
                return value.strip()
    return None


# A date next to the headline, read when the page declares none: the first short text that holds
# a date in the lines under the headline (where the byline and dateline stand), else in the few
# words right above it (a "topline" over the headline).  A date labelled as an update is skipped.
_DATE_NODE_CHARS = 40  # a text node longer than this is a sentence, not a date line
_AFTER_CHARS = 300
_BEFORE_CHARS = 80
_UPDATED = re.compile(r"aktualisiert|update|geändert|modifi|actualiza|zuletzt|\bstand\b", re.I)
_SKIP_TEXT = "[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)][normalize-space()]"


def header_date(h1: Any) -> str | None:
    """``YYYY-MM-DD`` of a date standing alone next to the headline ``h1`` (see above), or None."""
    after = h1.xpath(f"following::text(){_SKIP_TEXT}[position() <= 12]")
    before = h1.xpath(f"preceding::text(){_SKIP_TEXT}[position() <= 6]")[::-1]  # nearest first
    for nodes, budget in ((after, _AFTER_CHARS), (before, _BEFORE_CHARS)):
        seen, prev = 0, ""
        for node in nodes:
            text = " ".join(node.split())
            if len(text) <= _DATE_NODE_CHARS and not _UPDATED.search(text) and not _UPDATED.search(prev):
                found = _parse_date(text)
                if found:
                    return found
            seen += len(text)
            prev = text
            if seen > budget:
                break
    return None


def _parse_date(text: str) -> str | None:
    from datetime import datetime

    from htmldate.extractors import try_date_expr

    if not re.search(r"\d", text):
        return None
    try:
        return try_date_expr(text, "%Y-%m-%d", False, datetime(MIN_YEAR, 1, 1), datetime.now())
    except (ValueError, TypeError, OverflowError):
        return None


# -- JSON-LD ------------------------------------------------------------------------------------
def _json_ld_objects(els: Elements) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    scripts = [e for e in els["script"] if e.get("type") == "application/ld+json"]
    for raw in (x for e in scripts for x in e.xpath("text()")):
        try:
            data = json.loads(raw.strip().rstrip(";"), strict=False)  # strict: raw newlines in strings
        except (json.JSONDecodeError, ValueError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                out.append(obj)
                if isinstance(obj.get("@graph"), list):
                    stack.extend(obj["@graph"])
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    items = t if isinstance(t, list) else [t]
    return {str(x).lower() for x in items if x}


def _from_json_ld(els: Elements, meta: PageMeta) -> dict[str, Any]:
    """Fill what JSON-LD gives; return the raw author and publisher values for the votes."""
    objs = _json_ld_objects(els)
    by_id = {o["@id"]: o for o in objs if isinstance(o.get("@id"), str)}
    arts = [o for o in objs if _types(o) & ARTICLE_TYPES or "headline" in o]
    arts.sort(key=lambda o: ("webpage" in _types(o), "articleBody" not in o, "headline" not in o))
    if not arts:
        return {}
    obj = arts[0]
    meta.headline = _text(_str(obj.get("headline")))
    meta.published = _valid_date(_str(obj.get("datePublished")) or _str(obj.get("dateCreated")))
    meta.article_body = _str(obj.get("articleBody"))
    meta.language = _str(obj.get("inLanguage"))
    entity = obj.get("mainEntityOfPage")
    meta.url = _str(obj.get("url")) or (_str(entity.get("@id")) if isinstance(entity, dict) else _str(entity))
    return {
        "authors": _names(obj.get("author") or obj.get("creator"), by_id),
        "publisher": _names(obj.get("publisher") or obj.get("sourceOrganization"), by_id),
    }


def _str(val: Any) -> str | None:
    if isinstance(val, list):
        val = val[0] if val else None
    if isinstance(val, str) and val.strip():
        return " ".join(val.split()) if len(val) < 1000 else val.strip()
    return None


def _names(val: Any, by_id: dict[str, dict[str, Any]]) -> list[str]:
    """Names of JSON-LD persons/organisations, following ``{"@id": ...}`` references in the graph."""
    items = val if isinstance(val, list) else [val]
    names = []
    for item in items:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = by_id.get(item["@id"], item)
        name = item.get("name") if isinstance(item, dict) else item
        name = _text(_str(name))
        if name and not name.startswith("http"):
            names.append(name)
    return dedupe(names)


# -- authors --------------------------------------------------------------------------------------
_BYLINE_XPATH = (
    '//*[@rel="author" or @itemprop="author" or contains(@class, "yline") or contains(@class, "uthor")]'
)
_BYLINE_CLASS = re.compile(r"byline|author[-_]?name", re.I)
_NOT_BYLINE = re.compile(r"comment|respond|reply|bio|box|avatar|related|widget", re.I)


def _authors(
    tree: Any, tags: MetaTags, from_ld: list[str] | None, orgs: tuple[str, ...], h1: Any = None
) -> Byline:
    """People from the first source that names any (JSON-LD, ``<meta>``, the visible byline);
    organisations from all of them go to ``credit``."""
    credit: list[str] = []
    sources = [from_ld or []]
    sources.append([v for v in _metas(tags, "author", "article:author", "dc.creator", "parsely-author",
                                      "sailthru.author", "byl") if not v.startswith("http")])  # fmt: skip
    for i, texts in enumerate([*sources, None]):
        if texts is None:  # the visible byline, read only when structured data names nobody
            texts = _visible_bylines(tree, h1)
        found = Byline()
        for text in texts:
            one = parse_byline(text, orgs)
            found.authors.extend(one.authors)
            found.credit.extend(one.credit)
        credit.extend(found.credit)
        if found.authors:
            authors = dedupe(found.authors)
            if i < len(sources) and all(_is_handle(a) for a in authors):
                later = [*(t for src in sources[i + 1 :] for t in src), *_visible_bylines(tree, h1)]
                authors = _spelt_out(authors, [a for t in later for a in parse_byline(t, orgs).authors])
            return Byline(authors, dedupe(credit))
    return Byline([], dedupe(credit))


def _squash(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def _is_handle(name: str) -> bool:
    """A login name rather than a name as written: ``"janedoe"``, ``"jane.doe"``, ``"jane_doe"``."""
    return " " not in name and (name.islower() or bool(re.search(r"[a-z][._][a-z]", name, re.I)))


def _spelt_out(handles: list[str], names: list[str]) -> list[str]:
    """Each login name replaced by the name a later source writes out for it (``"janedoe"`` by
    the byline's ``"Jane Doe"``, same letters), else kept."""
    by_key = {_squash(n): n for n in names if " " in n}
    return dedupe([by_key.get(_squash(h), h) for h in handles])


def _visible_bylines(tree: Any, h1: Any = None) -> list[str]:
    """The byline under the headline (:func:`_header_byline`), else the first short byline
    element on the page (later ones belong to teasers and comments); never one inside another
    article's card (:func:`_in_other_item`)."""
    if h1 is not None:
        found = _header_byline(h1)
        if found:
            return [found]
    found = 0
    for el in tree.xpath(_BYLINE_XPATH):
        cls = el.get("class") or ""
        if not (el.get("rel") == "author" or el.get("itemprop") == "author" or _BYLINE_CLASS.search(cls)):
            continue
        found += 1
        if found > 12:
            break
        if _NOT_BYLINE.search(cls) or _in_other_item(el, h1):
            continue
        text = _text(_block_text(el))
        if text and 2 < len(text) < 120:
            return [text]
    labelled = _labelled_byline(tree, h1) or _archive_byline(tree, h1)
    return [labelled] if labelled else []


_ITEM_TYPES = re.compile(r"schema\.org/(?:\w*Article|BlogPosting|Posting|Report)\b", re.I)


def _in_other_item(el: Any, h1: Any) -> bool:
    """Inside a microdata item of another article (``itemscope itemtype=.../BlogPosting`` that does
    not hold the page's headline): a teaser card in a sidebar or a list of related posts.  Only
    when the headline sits in an article item of its own (a page whose ``<h1>`` stands above its
    one article item keeps that item's byline)."""
    if h1 is None or not any(_is_item(a) for a in h1.iterancestors()):
        return False
    for anc in el.iterancestors():
        if _is_item(anc):
            return not any(a is anc for a in h1.iterancestors())
    return False


def _is_item(el: Any) -> bool:
    return el.get("itemscope") is not None and bool(_ITEM_TYPES.search(el.get("itemtype") or ""))


# A byline cue right under the headline: a class naming the author (also "autor", "writer"),
# a link to an author page (``/author/jane-doe/``), ``rel``/``itemprop`` author.
_HEADER_CLASS = re.compile(r"author|autor|byline|writt?er|verfasser", re.I)
_NAME_CLASS = re.compile(r"author|autor|writt?er|verfasser", re.I)
_AUTHOR_HREF = re.compile(r"/(?:author|authors|autor|autoren|autorzy|redakteur|journalist)s?/[^/?#]+", re.I)
_HEADER_CHARS = 300  # text after the headline that a byline may follow (a kicker, a date, a lead)


def _from_headline(h1: Any, *tags: str) -> Iterator[Any]:
    """The page's elements (of ``tags``, when given) from the headline ``h1`` on, in document
    order: ``h1`` first, then its own descendants, then what follows it."""
    found = False
    for el in h1.getroottree().iter(*tags):
        found = found or el is h1
        if found:
            yield el


def _header_byline(h1: Any) -> str | None:
    """The byline in the few lines after the headline: the first element there, in document
    order, that carries an author cue and a short text.  Stops after ``_HEADER_CHARS`` of other
    text (the lead and the body begin)."""
    inside = set(h1.iter())
    seen = 0
    for el in _from_headline(h1):
        if el in inside or not isinstance(el.tag, str):
            continue
        if el.tag in ("script", "style", "noscript", "template"):
            seen += len((el.tail or "").strip())
            continue
        found = _cue(el)
        if found:
            return found
        seen += len((el.text or "").strip()) + len((el.tail or "").strip())
        if seen > _HEADER_CHARS:
            return None
    return None


def _cue(node: Any) -> str | None:
    """The byline text of ``node`` when it carries an author cue (see :func:`_header_byline`).
    A byline box that marks its names inside (``<div class=byline><span class=author>A</span>
    <span class=publication>Paper</span></div>``) gives those names only."""
    if not _is_cue(node):
        return None
    inner = [d for d in node.iterdescendants() if isinstance(d.tag, str) and _is_cue(d, names_only=True)]
    names = dedupe([t for d in inner if (t := _text(_block_text(d))) and not is_label(t)])
    text = ", ".join(names) if names else _text(_block_text(node))
    parent = node.getparent()
    if text and is_label(text) and parent is not None:  # "Article by" <br> "Jane Doe"
        text = _text(" ".join(parent.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")))
    return text if text and 2 < len(text) < 120 else None


def _is_cue(node: Any, names_only: bool = False) -> bool:
    """A class naming the author (or, unless ``names_only``, the byline), ``rel``/``itemprop``
    author, or a link to an author page."""
    cls = node.get("class") or ""
    if _NOT_BYLINE.search(cls):
        return False
    return bool(
        (_NAME_CLASS if names_only else _HEADER_CLASS).search(cls)
        or node.get("rel") == "author"
        or node.get("itemprop") == "author"
        or (node.tag == "a" and _AUTHOR_HREF.search(node.get("href") or ""))
    )


_LABEL_WORDS = r"autor(?:in)?|author|verfasser(?:in)?|text|texto|tekst"  # "Autor:", "Text:"
_LABEL = re.compile(rf"^(?:{_LABEL_WORDS}|written by|escrito por)\s*:$", re.I)


def _labelled_byline(tree: Any, h1: Any) -> str | None:
    """``<strong>Autor:</strong> <a>Jane Doe</a><br>``: the text after an author label, to the
    next line break or label; or, where the label opens an inline element that holds the name
    (``<em>Autor: <a>Jane Doe</a></em>``), the rest of that element without its parentheses.
    The first such label after the headline."""
    if h1 is None:
        return None
    for el in _from_headline(h1):
        plain = _plain_label(el)
        if plain:
            return plain
        if el.tag not in ("strong", "b", "span", "dt", "em"):
            continue
        full = " ".join((el.text_content() or "").split())
        if len(el) and _LABEL.match((el.text or "").strip()) and len(full) < 120:
            # "<em>Autor: <a>Jane Doe</a> (Gastbeitrag), Rednerin bei x.com</em>": label and name in one
            name = _text(re.sub(r"\([^()]*\)", "", full[len(el.text.strip()) :]))
            return name if name and 2 < len(name) < 80 else None
        if not _LABEL.match(full):
            continue
        parts = [el.tail or ""]
        for sib in el.itersiblings():
            if sib.tag in ("br", "strong", "b", "dt", "p", "div"):
                break
            parts.extend([sib.text_content() or "", sib.tail or ""])
        name = _text(" ".join(parts))
        return name if name and 2 < len(name) < 80 else None
    return None


_PLAIN_LABEL = re.compile(rf"^(?:{_LABEL_WORDS})\s*:\s*", re.I)


def _plain_label(el: Any) -> str | None:
    """A line that opens with an author label as plain text, ``<br>Autor: <a>Jane Doe</a></div>``
    or ``<p>Text: Jane Doe</p>``: the rest of the line (to the next line break or block); None when
    ``el`` opens no such line or the line is too long to be a byline."""
    if el.tag == "br":
        text, rest = el.tail or "", list(el.itersiblings())
    elif el.tag in ("p", "div", "li"):
        text, rest = el.text or "", list(el)
    else:
        return None
    head = text.strip()
    m = _PLAIN_LABEL.match(head)
    if not m:
        return None
    parts, stop = [head[m.end() :]], None
    for sib in rest:
        if not isinstance(sib.tag, str) or sib.tag == "br" or sib.tag in _BLOCKS:
            stop = sib
            break
        parts.extend([sib.text_content() or "", sib.tail or ""])
    name = _text(" ".join(parts))
    if not name or not 2 < len(name) < 80 or _INFO_LABEL.search(name):
        return None
    # "Autor: A<br>Verlag: B<br>Seiten: 320": a book's or product's facts, not the article's byline
    after = stop if stop is not None or el.tag == "br" else el.getnext()
    while after is not None and after.tag == "br" and not (after.tail or "").strip():
        after = after.getnext()  # "<br><br>Verlag: B"
    if after is None or not isinstance(after.tag, str):
        nxt = ""
    else:
        nxt = (after.tail if after.tag == "br" else after.text_content()) or ""
    return None if _INFO_LABEL.match(nxt.strip()) else name


_INFO_LABEL = re.compile(r"(?:^|[;,]\s*)\w[\w .-]{0,20}:(?:\s|$)")


# The link under an author's box to their page: "Alles von Jane Doe", "All posts by Jane Doe".
_ARCHIVE_LINK = re.compile(rf"^{ARCHIVE_LEAD}\s+(.+)$", re.I)


def _archive_byline(tree: Any, h1: Any) -> str | None:
    """The name in the first link to an author page after the headline whose text is "all posts
    by" that name (``<a href="/author/jane">Alles von Jane Doe</a>`` in an author box)."""
    if h1 is None:
        return None
    for el in _from_headline(h1, "a", "h1"):
        if el.tag != "a" or not _AUTHOR_HREF.search(el.get("href") or ""):
            continue
        m = _ARCHIVE_LINK.match(" ".join(el.text_content().split()))
        if m and 2 < len(m.group(1)) < 60:
            return m.group(1)
    return None


def _headline_element(els: Elements, meta: PageMeta) -> Any:
    """The ``<h1>`` that holds the article's headline: the first whose text is the voted title
    (or holds most of it), else the only ``<h1>`` of the page unless it is the site's name
    (a blog's ``<h1>`` over a post titled in ``<h2>``)."""
    h1s = [e for e in els["h1"] if _fold(" ".join(e.xpath(".//text()")))]
    best = _fold(vote_title(meta))
    for e in h1s:
        key = _fold(" ".join(e.xpath(".//text()")))
        if best and (
            key == best
            or (best in key and 2 * len(best) >= len(key))
            or (key in best and 2 * len(key) >= len(best))
        ):
            return e
    only = h1s[0] if len(h1s) == 1 else None
    sites = {_fold(n) for n in (*meta.site_names, meta.outlet, *_segments(meta.title)[1:]) if n}
    return None if only is None or _fold(" ".join(only.xpath(".//text()"))) in sites else only


_BLOCKS = {"div", "p", "li", "ul", "section", "h2", "h3", "h4", "h5", "h6", "address", "footer", "header"}


def _block_text(el: Any) -> str:
    """Text of an element, with ``", "`` between the texts of different block children
    ("By A and B" in one div, "Associated Press" in the next: two parts, not one name), and a
    space between texts of different inline elements that touch ("<span>Published by</span>
    <span><a>Jane Doe</a></span>" with no space between is no "byJane")."""
    out: list[str] = []
    last = None
    for node in el.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]"):
        parent = node.getparent()
        block = next((a for a in [parent, *parent.iterancestors()] if a.tag in _BLOCKS or a is el), el)
        if out and block is not last and node.strip():
            out.append(", ")
        elif out and node.strip() and not out[-1][-1:].isspace() and not node[:1].isspace():
            out.append(" ")
        out.append(str(node))
        last = block if node.strip() else last
    return "".join(out)


# -- title ---------------------------------------------------------------------------------------
_SEPARATOR = re.compile(r"\s+(?:[|–—»·:]|-|::|/)\s+")


def _fold(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").casefold()))


def _segments(title: str | None) -> list[str]:
    """``"Headline | Site | Tagline"`` → its parts; parts without a letter or digit ("☆☆☆") go."""
    return [s for s in _SEPARATOR.split(title or "") if _fold(s)]


def vote_title(meta: PageMeta) -> str | None:
    """The headline most forms agree on, never a site or CMS name when a headline exists."""
    sites = {_fold(s) for s in meta.site_names} | {_fold(meta.outlet)} | {_fold(_domain(meta.url))}
    declared = [c for c in (meta.headline, *meta.og_title) if c]
    raw = [*declared, *(c for c in (*meta.h1, meta.title) if c)]
    sites -= {"", *(_fold(c) for c in declared)}
    cands = [_strip_dangling(strip_site_suffix(c, sites)) for c in raw]
    cands = [c for c in cands if c and _fold(c) not in sites and not _is_domain(c)]
    if not cands:
        return raw[0] if raw else None
    keys = [_fold(c) for c in cands]
    # the visible headline, when a declared form (JSON-LD, OpenGraph, Twitter) says the same: a
    # shorter form ("... ohne Fehlentscheidungen" for "... ohne Fehlentscheidungen aus") would
    # win the vote below on the containment of the longer ones
    said = {_fold(c) for c in declared}
    for h in meta.h1:
        key = _fold(h)
        if key and key in said and key in keys:
            return cands[keys.index(key)]

    def support(i: int) -> tuple[int, int]:
        key = keys[i]
        agree = sum(
            1 for j, k in enumerate(keys) if j != i and (k == key or (key in k and 2 * len(key) >= len(k)))
        )
        return agree, -i

    return cands[max(range(len(cands)), key=support)]


_DANGLING = re.compile(r"^\s*(?:[|–—»·:/]|-|::)\s+|\s+(?:[|–—»·:/]|-|::)\s*$")


def _strip_dangling(title: str) -> str:
    """``"Headline -"`` → ``"Headline"``: a separator left at either end (a CMS wrote the
    ``"Headline - Site"`` pattern with an empty site name)."""
    return _DANGLING.sub("", title).strip() or title


def _is_domain(text: str) -> bool:
    return bool(re.fullmatch(r"(?:https?://)?[\w.-]+\.[a-z]{2,6}/?", text.strip(), re.I))


def strip_site_suffix(title: str, sites: set[str] | str | None = None) -> str:
    """``"Headline | Outlet"`` → ``"Headline"``: trailing (or leading) segments that are site names,
    or one short trailing segment after a ``|``-like separator."""
    if isinstance(sites, str) or sites is None:
        sites = {_fold(sites)} if sites else set()
    parts = _segments(title)
    if len(parts) < 2:
        return title
    cut = next((i for i in range(1, len(parts)) if _is_site(parts[i], sites)), len(parts))
    parts = parts[:cut]  # a site name and whatever tagline follows it
    while len(parts) > 1 and _is_site(parts[0], sites):
        parts.pop(0)
    if len(parts) == len(_segments(title)):
        m = re.search(r"\s+\|\s+[^|]{2,40}$", title)  # one short "| Outlet" the page did not name
        return title[: m.start()].strip() if m else title
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if start >= 0 and end > start else " ".join(parts)


def _is_site(segment: str, sites: set[str]) -> bool:
    key = _fold(segment)
    return bool(key) and (
        key in sites or any((len(key) > 3 and key in s) or (len(s) > 3 and s in key) for s in sites if s)
    )


# -- outlet --------------------------------------------------------------------------------------
def _site_names(tags: MetaTags, meta: PageMeta, publisher: list[str] | None) -> list[str]:
    """Site names the page gives; a ``<title>`` segment counts only when it matches the domain."""
    names = [*_metas(tags, "og:site_name"), *(publisher or []), *_metas(tags, "application-name")]
    names = [n for n in names if "{" not in n and "$" not in n]  # unfilled template placeholders
    names = [_domain(n) or n if n.startswith("http") else n for n in names]
    label = _domain_label(_domain(meta.url))
    names.extend(s for s in _segments(meta.title)[1:] if _matches_label(s, label))
    return dedupe([_LEGAL.sub("", n).strip() for n in names if n and len(n) < 80])


_LEGAL = re.compile(r",?\s+(?:gmbh|inc\.?|ltd\.?|llc|ag|s\.?a\.?|plc|co\. kg)$", re.I)


def _matches_label(name: str, label: str | None) -> bool:
    key = re.sub(r"\W+", "", name.casefold())
    return bool(label and key and (label in key or key in label))


def vote_outlet(meta: PageMeta) -> str | None:
    """A site name that matches the page's domain, else the first one given, else the last part of
    ``<title>``, else the domain."""
    domain = _domain(meta.url)
    label = _domain_label(domain)
    headline_keys = {_fold(h) for h in (meta.headline, *meta.og_title, meta.title) if h}
    names = [n for n in meta.site_names if _fold(n) not in headline_keys]
    for name in names:
        for part in [*_segments(name), name]:
            if _matches_label(part, label):
                return part.strip()
    if names:
        return names[0]
    segments = _segments(meta.title)  # "Headline – Site": the page's name for itself
    return segments[-1].strip() if len(segments) > 1 and _fold(segments[-1]) not in headline_keys else domain


def _domain_label(domain: str | None) -> str | None:
    """``"wiadomosci.gazeta.pl"`` → ``"gazeta"``; ``"archive.org"`` pages keep their own label."""
    if not domain:
        return None
    parts = domain.split(".")[:-1]  # without the top-level domain
    while len(parts) > 1 and parts[-1] in {"com", "co", "org", "net", "gov", "ac"}:
        parts.pop()
    return re.sub(r"\W+", "", parts[-1]) if parts and parts[-1] else None
