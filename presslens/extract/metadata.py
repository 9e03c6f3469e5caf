"""Page metadata from JSON-LD (``NewsArticle`` & co), OpenGraph, ``<meta>`` tags and bylines.

Read from the parsed tree with a handful of XPath queries (about 1 ms a page), before
trafilatura prunes the tree.  htmldate is the fallback for dates (only when the page declares
none), which keeps extraction throughput close to plain trafilatura's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "socialmediaposting",
    "webpage", "report", "liveblogposting", "scholarlyarticle", "techarticle",
}  # fmt: skip


@dataclass
class PageMeta:
    title: str | None = None
    og_title: str | None = None
    h1: list[str] = field(default_factory=list)
    headline: str | None = None  # JSON-LD headline
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    outlet: str | None = None
    language: str | None = None
    url: str | None = None
    description: str | None = None
    article_body: str | None = None

    def headlines(self) -> list[str]:
        """Every form of the headline the page gives (for removing repeats from the body)."""
        forms = [self.headline, self.og_title, self.title, *self.h1]
        return [f for f in forms if f]

    def best_title(self) -> str | None:
        for cand in (self.headline, self.og_title, self.h1[0] if self.h1 else None, self.title):
            if cand and cand.strip():
                return strip_site_suffix(cand.strip(), self.outlet)
        return None


def _meta(tree: Any, *keys: str) -> str | None:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            vals = tree.xpath(f'//meta[@{attr}="{key}"]/@content')
            for v in vals:
                if v and v.strip():
                    return " ".join(v.split())
    return None


def read_metadata(tree: Any, url: str | None = None) -> PageMeta:
    meta = PageMeta()
    _from_json_ld(tree, meta)
    meta.og_title = _meta(tree, "og:title", "twitter:title")
    titles = tree.xpath("//head/title//text()") or tree.xpath("//title//text()")
    meta.title = " ".join(" ".join(titles).split()) or None
    meta.h1 = [" ".join(" ".join(h.xpath(".//text()")).split()) for h in tree.xpath("//h1")[:1]]
    meta.h1 = [h for h in meta.h1 if h]
    meta.published = meta.published or _meta(
        tree, "article:published_time", "datePublished", "pubdate", "publishdate", "date",
        "dc.date", "DC.date.issued", "parsely-pub-date", "sailthru.date", "og:published_time",
    )  # fmt: skip
    if not meta.authors:
        meta.authors = _authors_from_meta(tree)
    meta.outlet = meta.outlet or _meta(tree, "og:site_name", "application-name", "publisher")
    meta.description = _meta(tree, "description", "og:description")
    lang = tree.xpath("/html/@lang") or tree.xpath("//html/@lang")
    meta.language = meta.language or (lang[0] if lang else None) or _meta(tree, "og:locale", "language")
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    meta.url = _absolute(canonical[0] if canonical else None, url) or _meta(tree, "og:url") or meta.url or url
    if not meta.outlet and meta.url:
        meta.outlet = _domain(meta.url)
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


def _domain(url: str) -> str | None:
    host = urlsplit(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host or None


# -- JSON-LD ------------------------------------------------------------------------------------
def _json_ld_objects(tree: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for raw in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(raw.strip().rstrip(";"))
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


def _from_json_ld(tree: Any, meta: PageMeta) -> None:
    objs = [o for o in _json_ld_objects(tree) if _types(o) & ARTICLE_TYPES]
    objs.sort(key=lambda o: ("webpage" in _types(o), "articleBody" not in o))
    for obj in objs[:1]:
        meta.headline = _str(obj.get("headline")) or _str(obj.get("name"))
        meta.published = _str(obj.get("datePublished")) or _str(obj.get("dateCreated"))
        meta.authors = _names(obj.get("author") or obj.get("creator"))
        publisher = _names(obj.get("publisher") or obj.get("sourceOrganization"))
        meta.outlet = publisher[0] if publisher else None
        meta.article_body = _str(obj.get("articleBody"))
        meta.language = _str(obj.get("inLanguage"))
        entity = obj.get("mainEntityOfPage")
        meta.url = _str(obj.get("url")) or (
            _str(entity.get("@id")) if isinstance(entity, dict) else _str(entity)
        )


def _str(val: Any) -> str | None:
    if isinstance(val, list):
        val = val[0] if val else None
    if isinstance(val, str) and val.strip():
        return " ".join(val.split()) if len(val) < 1000 else val.strip()
    return None


def _names(val: Any) -> list[str]:
    items = val if isinstance(val, list) else [val]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not name.startswith("http"):
            names.extend(split_byline(name))
    return _dedupe(names)


# -- authors --------------------------------------------------------------------------------------
_BYLINE_XPATH = (
    '//*[@rel="author"]|//*[@itemprop="author"]//*[@itemprop="name"]|'
    '//*[contains(concat(" ", normalize-space(@class), " "), " byline ")]|'
    '//*[contains(@class, "author-name")]|//*[contains(@class, "byline__name")]'
)


def _authors_from_meta(tree: Any) -> list[str]:
    found = []
    for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl"):
        val = _meta(tree, key)
        if val and not val.startswith("http"):
            found.extend(split_byline(val))
    if found:
        return _dedupe(found)
    for el in tree.xpath(_BYLINE_XPATH)[:4]:
        text = " ".join(" ".join(el.xpath(".//text()")).split())
        if 0 < len(text) < 80:
            found.extend(split_byline(text))
    return _dedupe(found)


_BY = re.compile(r"^\s*(?:written\s+)?by[:\s]+", re.I)


def split_byline(text: str) -> list[str]:
    """``"By Jane Doe and John Roe"`` → ``["Jane Doe", "John Roe"]``."""
    text = _BY.sub("", " ".join(text.split()))
    text = re.split(
        r"\s+[|•·]\s+|,\s*(?:staff|reporter|correspondent|editor)\b", text, maxsplit=1, flags=re.I
    )[0]
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", text)
    return [p.strip(" .") for p in parts if 1 < len(p.strip()) < 60 and not p.strip().isdigit()]


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


_SUFFIX = re.compile(r"\s+[|–—:-]\s+[^|–—:]{2,60}$")


def strip_site_suffix(title: str, outlet: str | None) -> str:
    """``"Headline | Outlet"`` → ``"Headline"`` (only when a separator is present)."""
    m = _SUFFIX.search(title)
    if m and (outlet is None or outlet.casefold() in m.group(0).casefold() or len(m.group(0)) < 30):
        return title[: m.start()].strip() or title
    return title
