"""From an HTML page to article text and metadata.

trafilatura finds the main content in ``fast`` mode (its own algorithm, no fallback).  When that
output holds less than a fifth of the text of the page's ``<p>`` elements, the page is extracted
again with trafilatura's defaults (which compare with its readability and jusText fallbacks);
about 4 % of the development pages take that path (``eval/extraction.py`` measured fast mode,
defaults everywhere, and this vote on both development sets).  Fast output that reads as a menu
(under ``MIN_PROSE_SHARE`` of its characters in prose lines) is retried the same way, and the
defaults' text is kept when it reads more like prose.  When the output still looks truncated
against the page's JSON-LD ``articleBody``, that body is used.  The page's lead paragraph, which
trafilatura often leaves out (:func:`page_lead`), is put first.
:mod:`presslens.extract.clean` then removes news boilerplate.

A huge page (over ``HUGE_PAGE_CHARS``) is first slimmed by :func:`slim_html`: the markup that
can never be article text and only inflates the parsed tree (scripts other than JSON data,
styles, inline SVG, comments, long base64 ``data:`` URIs) is cut before lxml parses it, because
the page is held as several trees at once (ours, htmldate's copy, trafilatura's copies); and
trafilatura then parses the page itself instead of copying ours, which is freed first.  On the
1,127 development pages (all under 1.6 MB, so untouched), slimming every page would change the
output of 3: a date htmldate read in a script's code (twice) and script code that had leaked
into one article's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from itertools import pairwise
from typing import Any

from presslens.errors import ExtractionError
from presslens.extract.clean import clean_lines, norm_words
from presslens.extract.language import detect_language
from presslens.extract.metadata import PageMeta, read_metadata

FALLBACK_SHARE = 0.2  # fast output under this share of the page's <p> text: try trafilatura's defaults
MIN_PROSE_SHARE = 0.6  # fast output with less of its text in prose lines reads as a menu: try the defaults
MIN_WORDS = 8  # fewer extracted words than this: the page holds no article
MAX_TREE_DEPTH_ERROR = "page markup could not be parsed (too deeply nested or malformed)"
HUGE_PAGE_CHARS = 4_000_000  # pages longer than this are slimmed before parsing (dev pages: ≤ 1.6 MB)


@dataclass
class Extracted:
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    credit: list[str] = field(default_factory=list)  # organisations in the byline (wire, desk, outlet)
    published: str | None = None
    outlet: str | None = None
    language: str | None = None
    url: str | None = None
    dateline: str | None = None
    method: str = "trafilatura.fast"


def extract_html(html: str, url: str | None = None, favor_precision: bool = False) -> Extracted:
    """Main text and metadata of one page.  Raises :class:`ExtractionError` when there is none."""
    from trafilatura.utils import load_html

    huge = len(html) > HUGE_PAGE_CHARS
    if huge:
        html = slim_html(html)
    try:
        tree = load_html(html)
    except (ValueError, RecursionError) as e:
        raise ExtractionError(f"{MAX_TREE_DEPTH_ERROR}: {e}") from e
    if tree is None:
        raise ExtractionError("not an HTML page (nothing to parse)")
    meta = read_metadata(tree, url)
    published = normalise_date(meta.published) or meta.header_date or _htmldate(tree, url)
    page_chars = _paragraph_chars(tree)  # read before trafilatura prunes its tree
    # a huge page's tree is freed below, so its lead is looked for now
    lead = page_lead(tree, meta.descriptions, html=html) if huge else None
    doc: Any = tree
    if huge:
        # trafilatura copies a tree it is given: from the string it parses one of its own (the
        # same parse), and ours is freed first, so the page is held as two trees, not three
        doc = html
        del tree
    text, method = _main_text(doc, page_chars, meta, url, favor_precision)
    if not huge:  # trafilatura worked on copies: our tree is whole
        lead = page_lead(tree, meta.descriptions, text, html)
    if lead and norm_words(lead)[:LEAD_KEY_CHARS] not in norm_words(text):
        text = f"{lead}\n{text}"
    text = clean_lines(restore_paragraphs(text, html, None if huge else tree), meta.headlines())
    if len(text.split()) < MIN_WORDS:
        raise ExtractionError(
            f"no article text found on the page ({len(text.split())} words extracted; navigation or index page?)"
        )
    declared = normalise_language(meta.language)
    return Extracted(
        text=text,
        title=meta.best_title(),
        authors=meta.authors,
        credit=meta.credit,
        published=published,
        outlet=meta.outlet,
        language=detect_language(text, declared=declared) or declared,
        url=meta.url,
        dateline=find_dateline(text),
        method=method,
    )


# Where a cut may start: a comment, or an element whose content is never article text.  The
# ends follow the HTML5 tokenizer, as libxml2 (2.14) parses: an end tag runs to its ``>``
# ("</script\n<!-- x -->" ends the script), "<!-->" is an empty comment, and a "<script>" after
# "<!--" inside a script escapes the next "</script>"; the text of a title, textarea, xmp, iframe,
# noembed, noframes and plaintext is never markup, so nothing is cut inside them.
_SLIM_OPEN = re.compile(
    r"<!--|<(script|style|svg|title|textarea|xmp|iframe|noembed|noframes|plaintext)(?=[\s/>])", re.I
)
_TEXT_ONLY = {
    name: re.compile(rf"</{name}(?=[\s/>])", re.I)
    for name in ("style", "title", "textarea", "xmp", "iframe", "noembed", "noframes")
}
_COMMENT_END = re.compile(r"--!?>")
_SCRIPT_TOKEN = re.compile(r"<!--(-*>)?|-->|<(/?)script(?=[\s/>])", re.I)
_SVG_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)")
_SVG_NAMES = frozenset({
    "svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textpath", "title", "desc", "metadata", "lineargradient", "radialgradient", "stop",
    "clippath", "mask", "pattern", "filter", "image", "marker", "style", "switch", "view", "animate",
    "animatetransform", "animatemotion", "set", "mpath",
})  # fmt: skip
_JSON_TYPE = re.compile(r"""\btype\s*=\s*["']?\s*application/(?:[\w.-]+\+)?json\b""", re.I)
_DATA_URI = re.compile(r"data:[\w.+/-]{0,100}(?:;[\w.+=-]{1,100}){0,5};base64,[A-Za-z0-9+/=]{256,}")


def slim_html(html: str) -> str:
    """``html`` without comments, ``<style>``, ``<svg>``, code ``<script>`` and base64 ``data:`` URIs.

    One left-to-right pass in document order (a ``<script>`` inside a comment goes with the
    comment, a ``<!--`` inside a script with the script); every search starts where the last one
    ended, so the time is linear in the page.  Whatever the parser might read otherwise is left
    as it is: an unclosed comment, script or style (the rest of the page is its text), and an
    ``<svg>`` that is unclosed or holds anything but SVG elements.  Scripts of JSON data
    (``application/ld+json``, ``application/json``...) are kept: metadata and dates are read
    from them.
    """
    parts: list[str] = []
    pos = scan = 0  # html[:pos] is decided (kept pieces in parts); the next cut is looked for from scan
    keep_svg_until = 0  # an <svg> starting before this is kept (it holds more than SVG, or is unclosed)
    while m := _SLIM_OPEN.search(html, scan):
        kind = (m.group(1) or "!--").lower()
        if kind == "!--":
            if html.startswith((">", "->"), m.end()):  # "<!-->", "<!--->"
                end: int | None = html.index(">", m.end()) + 1
            else:
                close = _COMMENT_END.search(html, m.end())
                end = close.end() if close else None
        else:
            tag_end = html.find(">", m.end())
            if tag_end < 0:
                break
            if kind == "plaintext":
                break  # the rest of the page is its text
            if kind == "svg" and m.start() < keep_svg_until:
                scan = tag_end + 1
                continue
            if kind == "script":
                end = _script_end(html, tag_end)
            elif kind == "svg":
                end = _svg_end(html, tag_end)
            else:
                close = _TEXT_ONLY[kind].search(html, tag_end + 1)
                end = _end_tag(html, close.start()) if close else None
                if kind != "style":
                    if end is None:
                        break  # the rest of the page is its text
                    scan = end  # kept whole
                    continue
            if end is not None and end < 0:  # an <svg> that holds more than SVG: kept whole
                keep_svg_until, scan = -end, tag_end + 1
                continue
            if end is not None and kind == "script" and _JSON_TYPE.search(unescape(html[m.end() : tag_end])):
                scan = end  # kept whole, end tag included
                continue
        if end is None:  # unclosed
            if kind != "svg":
                break  # the rest of the page is its text
            keep_svg_until, scan = len(html), m.end()
            continue
        parts.append(html[pos : m.start()])
        pos = scan = end
    parts.append(html[pos:])
    return _DATA_URI.sub("data:,", "".join(parts))


def _end_tag(html: str, at: int) -> int | None:
    """Just past the ``>`` of the end tag that starts at ``at``."""
    gt = html.find(">", at)
    return gt + 1 if gt >= 0 else None


def _script_end(html: str, tag_end: int) -> int | None:
    """End of a script (HTML5 script data, with its escaped and double-escaped states)."""
    escaped = double = False
    for tok in _SCRIPT_TOKEN.finditer(html, tag_end + 1):
        text = tok.group(0)
        if text == "-->":
            escaped = double = False
        elif tok.group(1):  # "<!-->", "<!--->": opens and closes at once
            continue
        elif text == "<!--":
            escaped = escaped or not double
        elif tok.group(2):  # </script
            if not double:
                return _end_tag(html, tok.start())
            double = False
        elif escaped:  # <script inside "<!--"
            double = True
    return None


def _svg_end(html: str, tag_end: int) -> int | None:
    """End of an ``<svg>`` (nested ones counted); minus the offset of the first tag that is not
    SVG when there is one (the ``<svg>`` is kept, and so is any ``<svg>`` that starts before it)."""
    if html[tag_end - 1] == "/":
        return tag_end + 1  # <svg ... />
    depth, at = 1, tag_end + 1
    while tok := _SVG_TAG.search(html, at):
        name = tok.group(2).lower()
        if name not in _SVG_NAMES and not name.startswith("fe"):
            return -tok.start()
        at = tok.end()
        if name != "svg":
            continue
        gt = html.find(">", at)
        if gt < 0:
            return None
        at = gt + 1
        if tok.group(1):
            depth -= 1
            if depth == 0:
                return at
        elif html[gt - 1] != "/":
            depth += 1
    return None


def _trafilatura(doc: Any, url: str | None, fast: bool, favor_precision: bool) -> str:
    import trafilatura

    try:
        out = trafilatura.extract(
            doc, url=url, fast=fast, include_comments=False, include_tables=True,
            favor_precision=favor_precision, with_metadata=False,
        )  # fmt: skip
    except (ValueError, RecursionError, TypeError) as e:
        raise ExtractionError(f"trafilatura failed: {type(e).__name__}: {e}") from e
    return out or ""


def _main_text(
    doc: Any, page_chars: int, meta: PageMeta, url: str | None, favor_precision: bool
) -> tuple[str, str]:
    """``doc`` is the parsed page (or, for a huge page, its markup): trafilatura copies a tree it
    is given before it prunes anything (``bare_extraction``), so both passes read the same
    page, and the retry costs a copy of the tree instead of a second parse."""
    text, method = _trafilatura(doc, url, True, favor_precision), "trafilatura.fast"
    short = len(text) < FALLBACK_SHARE * page_chars or not text
    menu = not short and prose_share(text) < MIN_PROSE_SHARE
    if short or menu:
        retry = _trafilatura(doc, url, False, favor_precision)
        if short:
            better = len(retry) > len(text)
        else:  # a menu: the defaults' text must read more like prose, and be an article
            better = prose_share(retry) > prose_share(text) and len(retry.split()) >= MIN_WORDS
        if better:
            text, method = retry, "trafilatura.fallback"
    body = meta.article_body or ""
    if _looks_complete(text, body):
        return text, method
    return _paragraphs(body), "json-ld.articleBody"


PROSE_LINE_WORDS = 8  # a line of this many words (or PROSE_LINE_CHARS characters) reads as prose
PROSE_LINE_CHARS = 60


def prose_share(text: str) -> float:
    """Share of the text's characters in lines that read as prose rather than as link labels."""
    lines = [line.strip() for line in text.split("\n")]
    total = sum(len(line) for line in lines)
    if not total:
        return 0.0
    prose = sum(
        len(line) for line in lines if len(line) >= PROSE_LINE_CHARS or len(line.split()) >= PROSE_LINE_WORDS
    )
    return prose / total


def _paragraph_chars(tree: Any) -> int:
    """Characters of text in the page's ``<p>`` elements (read before trafilatura prunes the tree)."""
    return sum(len(" ".join(p.text_content().split())) for p in tree.iter("p"))


LEAD_MIN_CHARS = 40  # shorter page descriptions are not looked for on the page
LEAD_MIN_SENTENCES = 3  # a shown description of fewer sentences is a deck (a second headline), not a lead
LEAD_KEY_CHARS = 60  # the lead counts as extracted when the text holds its first words
_NOT_LEAD = frozenset({
    "a", "aside", "button", "footer", "form", "head", "nav", "noscript", "option", "script", "style", "template", "textarea", "title",
})  # fmt: skip
_SENTENCE_END = re.compile(r"(?<!\b[^\W\d_])[.!?…][\"'”»)]*(?=\s|$)")  # not after an initial ("W.")


def page_lead(tree: Any, descriptions: list[str], text: str = "", html: str | None = None) -> str | None:
    """The article's lead paragraph when the page shows its declared description as a block.

    News pages often print the summary they declare in ``<meta name=description>`` as the
    opening paragraph, in a container of its own above the body, where trafilatura does not look.
    A block whose whole text is that description (or that starts with it, at most twice as long,
    or a cut of it) is taken when it holds ``LEAD_MIN_SENTENCES`` sentences; links and hidden
    markup never count.  None when ``text`` (the extracted text) already holds a description.
    With the page's ``html``, the tree is searched only when the description's first words open
    an element's text there (a cheap string search that spares most pages the XPath query).
    """
    from lxml.etree import XPathError

    text_key = None  # the text's words, read for the first description long enough to look for
    for desc in descriptions:
        if len(desc) < LEAD_MIN_CHARS:
            continue
        key = norm_words(desc)
        text_key = norm_words(text) if text_key is None else text_key
        if key[:LEAD_KEY_CHARS] in text_key:
            return None
        probe = desc[:25]
        if '"' in probe or (html is not None and not _opens_element(html, desc[:15])):
            continue
        # the probe's longest word (no whitespace in it, so normalising spaces cannot make it
        # appear) picks the candidate nodes before the costlier normalize-space test
        word = max(probe.split(), key=len)
        try:
            nodes = tree.xpath(
                f'//body//text()[contains(., "{word}")][contains(normalize-space(.), "{probe}")]'
            )
        except XPathError:
            continue
        for node in nodes:
            el = node.getparent()
            if el is not None and node.is_tail:
                el = el.getparent()
            if el is None or not isinstance(el.tag, str) or el.tag in _NOT_LEAD:
                continue
            if any(a.tag in _NOT_LEAD for a in el.iterancestors()):
                continue
            block = " ".join(el.text_content().split())
            bkey = norm_words(block)
            same = bkey == key or (bkey.startswith(key) and len(block) <= 2 * len(desc))
            if (same or (key.startswith(bkey) and len(bkey) >= 0.8 * len(key))) and len(
                block
            ) >= LEAD_MIN_CHARS:
                return block if len(_SENTENCE_END.findall(block)) >= LEAD_MIN_SENTENCES else None
    return None


def _opens_element(html: str, probe: str) -> bool:
    """Whether ``probe`` occurs in ``html`` right after a tag's ``>`` (spaces between allowed)."""
    at = html.find(probe)
    while at >= 0:
        before = html[max(0, at - 200) : at].rstrip()
        if before.endswith(">"):
            return True
        at = html.find(probe, at + 1)
    return False


LONG_LINE_WORDS = 120  # an extracted line this long may be several page paragraphs run together
MIN_BLOCK_CHARS = 30  # page blocks shorter than this are not used as paragraph anchors
_BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "figcaption", "pre")


def restore_paragraphs(text: str, html: str, tree: Any = None) -> str:
    """Split extracted lines that run several of the page's paragraphs together.

    The page's own blocks (``<p>``, list items, headings, quotes, and text separated by
    ``<br>``) mark where a long line is cut, so an article is never one paragraph when its page
    has several, and an inlined teaser headline ends up on a line of its own.  Only lines of
    ``LONG_LINE_WORDS`` or more are touched; the blocks are read from ``tree`` (the parsed page,
    left as it was) or, without one, from ``html`` parsed again.
    """
    lines = text.split("\n")
    if not any(len(line.split()) >= LONG_LINE_WORDS for line in lines):
        return text
    blocks = _page_blocks(html) if tree is None else _tree_blocks(tree)
    if not blocks:
        return text
    out: list[str] = []
    for line in lines:
        out.extend(_split_at_blocks(line, blocks) if len(line.split()) >= LONG_LINE_WORDS else [line])
    return "\n".join(out)


def _page_blocks(html: str) -> list[str]:
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
    except (ValueError, RecursionError):
        return []
    return [] if tree is None else _tree_blocks(tree)


def _tree_blocks(tree: Any) -> list[str]:
    """The texts of the page's blocks (``<br>`` splits a block); ``tree`` is left as it was."""
    brs = list(tree.iter("br"))
    tails = [br.tail for br in brs]
    for br in brs:
        br.tail = "\n" + (br.tail or "")
    try:
        blocks = []
        for el in tree.iter(*_BLOCK_TAGS):
            for part in el.text_content().split("\n"):
                part = " ".join(part.split())
                if len(part) >= MIN_BLOCK_CHARS:
                    blocks.append(part)
        return blocks
    finally:
        for br, tail in zip(brs, tails, strict=True):
            br.tail = tail


def _split_at_blocks(line: str, blocks: list[str]) -> list[str]:
    """Cut ``line`` where a page block starts or ends inside it (at a space)."""
    cuts = set()
    for block in blocks:
        start = line.find(block[:MIN_BLOCK_CHARS])
        if start > 0 and line[start - 1] == " ":
            cuts.add(start)
        end = start + len(block)
        if start >= 0 and line.startswith(block, start) and end < len(line) and line[end] == " ":
            cuts.add(end + 1)
    if not cuts:
        return [line]
    bounds = [0, *sorted(cuts), len(line)]
    return [line[a:b].strip() for a, b in pairwise(bounds) if line[a:b].strip()]


def _looks_complete(text: str, body: str) -> bool:
    """Trust the fast output unless it is empty or under half of the page's declared body."""
    words = len(text.split())
    if words == 0:
        return not body
    body_words = len(body.split())
    return body_words < 50 or words >= 0.5 * body_words or _jsonld_is_summary(body, text)


def _jsonld_is_summary(body: str, text: str) -> bool:
    """Some sites put only a teaser in ``articleBody``: then it is no evidence of truncation."""
    return norm_words(body)[:200] not in norm_words(text) and len(body) < 400


def _paragraphs(body: str) -> str:
    parts = re.split(r"\n\s*\n|\n", body)
    return "\n".join(" ".join(p.split()) for p in parts if p.strip())


def _htmldate(tree: Any, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        found = find_date(tree, url=url, extensive_search=False, original_date=True)
    except (ValueError, TypeError, RecursionError):
        return None
    return found or None


# -- small normalisers ------------------------------------------------------------------------------
def normalise_date(value: str | None) -> str | None:
    """ISO 8601 from the common forms pages declare (``2024-05-01T10:00:00+02:00``, ``2024-05-01``)."""
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        return "-".join(m.groups())
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y/%m/%d", "%a, %d %b %Y %H:%M:%S %z"):
        try:
            return datetime.strptime(value, fmt).isoformat()
        except ValueError:
            continue
    return None


def normalise_language(value: str | None) -> str | None:
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "he", "it", "as", "on"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "mit", "ein", "eine", "den", "zu", "auf", "sich"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "dans", "que", "pour", "qui", "pas", "du"},
    "es": {"el", "la", "de", "que", "y", "los", "las", "en", "por", "una", "con", "para", "del", "se"},
    "it": {"il", "di", "che", "e", "la", "per", "un", "non", "sono", "della", "del", "con", "gli"},
    "pt": {"o", "de", "que", "e", "do", "da", "em", "um", "para", "com", "não", "uma", "os", "no"},
    "nl": {"de", "het", "een", "en", "van", "ik", "te", "dat", "die", "niet", "is", "op", "zijn"},
}
_SCRIPTS = (("ru", "\u0400", "\u04ff"), ("ar", "\u0600", "\u06ff"), ("fa", "\u06a9", "\u06af"),
            ("ko", "\uac00", "\ud7af"), ("ja", "\u3040", "\u30ff"), ("zh", "\u4e00", "\u9fff"),
            ("he", "\u0590", "\u05ff"), ("el", "\u0370", "\u03ff"))  # fmt: skip


def guess_language(text: str) -> str | None:
    """A cheap guess (script, then stop-word share) for pages that do not declare a language."""
    sample = text[:5000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return None
    for code, lo, hi in _SCRIPTS:
        if sum(lo <= c <= hi for c in letters) > 0.3 * len(letters):
            return code
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if not words:
        return None
    scores = {code: sum(w in stop for w in words) / len(words) for code, stop in _STOPWORDS.items()}
    code, best = max(scores.items(), key=lambda kv: kv[1])
    return code if best > 0.08 else None


# "IRAN –", "WASHINGTON (AP) —", "LONDON, Nov 5 (Reuters) -", "GAZA CITY, Gaza Strip —"
_DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z'’.\-]+(?:[ \-][A-Z][A-Z'’.\-]+){0,3})   # place in capitals
    (?:,\ [A-Z][\w.]+(?:\ [A-Z0-9][\w.]*){0,3})?                   # optional ", Region/Date"
    (?:\ \((?P<agency>[A-Za-z .&]{1,30})\))?                        # optional (AP)
    \ ?[–—-]{1,2}\ """,
    re.X,
)


def find_dateline(text: str) -> str | None:
    """The leading place of the first paragraph, kept in the text and returned here."""
    m = _DATELINE.match(text[:200])
    if not m:
        return None
    place = m.group("place").strip(" .")
    return place if len(place) >= 2 else None
