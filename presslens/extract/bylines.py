"""Author names from bylines: split, cleaned, and organisations set apart.

A byline on a real page carries more than names: "By TOM KRISHER, AP Auto Writer", "Reuters
Updated: January 16", "Von Patrick Czerny -", "Veröffentlicht von Chris Jung", or only an
organisation ("Associated Press", "Editorial Staff").  :func:`parse_byline` returns the people
(``authors``) and the organisations (``credit``) separately; HTML entities are decoded first so
that ``O&#039;Donnell`` stays one name.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

MAX_NAME_CHARS = 60

# The text of a link to an author's page: "Alles von", "All posts by", "More stories from".
ARCHIVE_LEAD = (
    r"(?:alles|alle\s+(?:beiträge|artikel)|mehr|(?:view\s+|see\s+)?all\s+(?:posts|articles|stories)"
    r"|more(?:\s+(?:posts|articles|stories))?)\s+(?:von|by|from)"
)
# Leading "By", in the languages of the development sets, and "Posted/Published by".
_LEAD = re.compile(
    r"^\s*(?:(?:written|posted|published|reported|text|story|words|photos?|analysis|opinion|commentary"
    r"|review|interview|column|essay|video|graphics?|illustrations?|recipe|article)\s+by|veröffentlicht\s+von"
    r"|geschrieben\s+von|publicado\s+por|publié\s+par|by|von|por|par|autor(?:in)?|author"
    r"|auteur|texto?|текст|автор|" + ARCHIVE_LEAD + r")\b\s*:?\s*",
    re.I,
)
# Where a byline stops holding names: dates, update labels, "|", " - " and social handles.
_STOP = re.compile(
    r"\s+[|•·]\s*|\s+[-–—]\s+|\s+[-–—]$|\s*\b(?:updated|published|posted|last\s+updated|modified|aktualisiert"
    r"|veröffentlicht|actualizado|publicado|mis\s+à\s+jour|am|on)\b\s*:?.*$|\s+@\w+.*$"
    r"|\s*\b(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|\d{1,2}\.?\s+\w+\.?,?\s+\d{4})\b.*$"
    r"|\s*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b.*$"
    r"|\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day,.*$"  # "Jane Doe Monday, November 18, 2019"
    r"|\s+(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag),.*$",
    re.I,
)
# Separators between names; the conjunctions are matched in lower case only ("Sarah E. Needleman").
_SPLIT = re.compile(r"\s*[,;/&]\s*|\s+(?:and|AND|And|und|y|et|e)\s+")
# Job titles after a name ("Tom Krisher, AP Auto Writer", "Yasemin Saplakoglu - Staff Writer").
_ROLE = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|columnist|contributor|staff|journalist|producer|analyst"
    r"|redakteur(?:in)?|korrespondent(?:in)?|autor(?:in)?|redacción|redaction|rédaction|chief|senior"
    r"|bureau|photographer|intern)\b",
    re.I,
)
# Words that make a byline an organisation rather than a person.
_ORG = re.compile(
    r"\b(?:news|press|agency|media|service|services|staff|team|desk|editorial|editors|redaktion|newsroom"
    r"|wire|wires|times|post|journal|magazine|tribune|herald|gazette|online|tv|radio|network|group|gmbh"
    r"|e\.\s?v|inc|ltd|llc|sport|sports|reuters|bloomberg|associated|afp|dpa|efe|ansa|xinhua|upi|apa)\b"
    r"|\.(?:com|net|org|de|at|ch|co|uk|fr|es|it)\b|^red\.?$",
    re.I,
)
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")  # "CNN", "BBC", "AP": an organisation, not a person
_PLACEHOLDER = re.compile(  # what a CMS writes when nobody is named
    r"^(?:anonym(?:ous|e)?|an[óo]nimo|unknown|admin(?:istrator)?|guest|none|null|n/?a)$", re.I
)
_ABOUT = re.compile(r"^(?:about|sobre|über|à propos de|a proposito di)\s+", re.I)
# A profession written before the name ("Rechtsanwalt Sebastian Muster", "Attorney Jane Doe").
_PROFESSION = re.compile(
    r"^(?:rechtsanw[aä]lt(?:in)?|fachanw[aä]lt(?:in)?(?:\s+für\s+\S+)?|anw[aä]lt(?:in)?|notar(?:in)?"
    r"|steuerberater(?:in)?|attorney|lawyer|RA(?:in)?)\s+(?=\S+\s+\S)",
    re.I,
)


@dataclass
class Byline:
    authors: list[str] = field(default_factory=list)
    credit: list[str] = field(default_factory=list)


def parse_byline(text: str, orgs: tuple[str, ...] = ()) -> Byline:
    """``"By Jane Doe and John Roe, Reuters"`` → authors Jane Doe, John Roe; credit Reuters.

    ``orgs`` are names known to be organisations on this page (the outlet, the site name).
    """
    out = Byline()
    text = _STOP.sub("", _LEAD.sub("", " ".join(html.unescape(text).split())))
    for part in _SPLIT.split(text):
        name = _PROFESSION.sub("", _LEAD.sub("", _ABOUT.sub("", part)).strip(" .,:;-–—|()[]\"'"))
        if not name or len(name) > MAX_NAME_CHARS or not any(c.isalpha() for c in name):
            continue
        if _is_org(name, orgs):
            out.credit.append(name)
        elif out.credit and len(name.split()) == 1:
            continue  # "Reuters, Washington": the place the wire filed from
        elif not _ROLE.search(name) and _looks_like_name(name):
            out.authors.append(_name_case(name))
    out.authors, out.credit = dedupe(out.authors), dedupe(out.credit)
    return out


def is_label(text: str) -> bool:
    """Only a byline's lead, no name: ``"By"``, ``"Article by"``, ``"Autor:"``."""
    return bool(text.strip()) and not _LEAD.sub("", " ".join(text.split())).strip(" :")


def split_byline(text: str) -> list[str]:
    """The people in a byline: ``"By Jane Doe and John Roe"`` → ``["Jane Doe", "John Roe"]``."""
    return parse_byline(text).authors


def _is_org(name: str, orgs: tuple[str, ...]) -> bool:
    key = _fold(name)
    if any(key == _fold(org) or (len(key) > 3 and key in _fold(org)) for org in orgs if org):
        return True
    return bool(_ORG.search(name) or _ACRONYM.match(name))


# Lower-case words inside a name ("Ursula von der Leyen", "Ludwig van Beethoven").
_PARTICLES = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le",
    "bin", "ibn", "al", "el", "y", "zu", "ten", "ter", "e", "do",
}  # fmt: skip
_ARTICLE = re.compile(r"^(?:the|a|an|der|die|das|le|la|les|el|los|las|il)$", re.I)


def _looks_like_name(name: str) -> bool:
    """One to five words, not a sentence: "Chris Jung", "Floyd", "Sarah E. Needleman"; not a
    phrase that starts with an article or runs on in lower case ("The Russian and Syrian defense
    ministries"; one lower-case surname passes: "Mobasir hassan"), nor one whose first word alone
    is in lower case ("deinen Hochzeitsbloggern")."""
    words = name.split()
    return (
        1 <= len(words) <= 5
        and not (len(words) > 1 and _ARTICLE.match(words[0]))
        and not (  # "deinen Hochzeitsbloggern", "unsere Redaktion": a phrase, not a name
            len(words) > 1
            and words[0][0].islower()
            and words[0] not in _PARTICLES
            and any(w[0].isupper() for w in words[1:])
        )
        and sum(w[0].islower() and w not in _PARTICLES and w[:3] not in ("al-", "el-") for w in words[1:]) < 2
        and not name.endswith(("!", "?"))
        and not re.search(r"[\d@\[\]<>]", name)
        and not _PLACEHOLDER.match(name)
    )


def _name_case(name: str) -> str:
    """``"TOM KRISHER"`` → ``"Tom Krisher"``; mixed-case names stay as written."""
    return name.title() if name.isupper() and len(name) > 3 else name


def _fold(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = _fold(item)
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out
