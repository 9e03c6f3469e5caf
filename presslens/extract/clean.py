"""News-specific cleaning of extracted text, where trafilatura falls short.

Works on lines (paragraphs).  Each rule removes a kind of boilerplate that news templates put
inside the article container: the headline repeated at the top or in a caption, bylines and
date lines, newsletter / share / comment widgets, "Read more" teasers, related-post lists and
trailing reporting credits.  Rules only touch short lines (a real paragraph is never dropped for
containing the word "subscribe"), and every rule is measured in ``eval/extraction.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"[ \t\r\f\v]+")  # collapse ASCII runs only: keep no-break spaces as the page has them

# Whole-line widget text (matched on short lines only).
_WIDGET = re.compile(
    r"""^(?:
      leave\ a\ (?:reply|comment) | (?:\d+\s+)?comments?(?:\ \(\d+\))? | add\ comment | post\ a\ comment
    | your\ email\ address\ will\ not\ be\ published.* | required\ fields\ are\ marked.*
    | follow\ (?:us\ )?(?:by|via|on)\ .* | follow\ by\ email | subscribe(?:\ now)?(?:\ to\ .*)?
    | sign\ up(?:\ (?:for|to)\ .*)?[:.!]? | thanks?\ (?:you\ )?for\ signing\ up!? | share\ this | share\ (?:this|on)\ .*
    | (?:like\ this\ story\?|liked\ this\ article\?).* | click\ here\ to\ .* | get\ the\ .*\ app
    | about\ (?:the\ )?author | (?:related|recommended|trending|popular|most\ read)(?:\ (?:posts?|stories|articles|news|on\ .*|in\ .*))?:?
    | you\ (?:may|might)\ also\ like.* | read\ (?:more|next|also)\b.{0,80} | see\ more\b.{0,80} | more\ from\ .* | also\ on\ \S+\.\S+\b.*
    | don'?t\ miss:? | explore\ further | tags?:.* | filed\ under:.* | advertisement | sponsored(?:\ content)?
    | print(?:\ article)? | order\ reprints | (?:tempo\ de\ )?(?:reading|leitura)\ time:?.* | \d+\ min(?:ute)?s?\ read
    | copyright\b.* | ©.* | all\ rights\ reserved\.? | related:.* | more:? | image\ (?:source|copyright).* | getty\ images
    | photo:.* | (?:source|sources):\ .{0,60} | (?:an\ error\ has\ occurred|something\ went\ wrong).*
    | our\ standards:.* | related\ videos?
    )$""",
    re.I | re.X,
)

# The same widgets in the other languages of the development sets (German, French, Spanish,
# Italian, Portuguese, Dutch, Polish): headers of related-links blocks, newsletter and share
# boxes, advertising labels, picture and source credits.  Whole short lines only.
_WIDGET_INTL = re.compile(
    r"""^(?:
      (?:das\ könnte|dieser\ artikel\ könnte|das\ thema\ könnte)\ (?:dich|sie|euch)\ (?:auch\ )?interessieren.*
    | auch\ interessant | lesen\ sie\ (?:auch|mehr).* | lies\ auch.* | mehr\ (?:zum\ thema|themen|dazu|artikel).*
    | weitere\ (?:themen|artikel|beiträge|nachrichten|informationen|infos).* | (?:ähnliche|verwandte|empfohlene)\ (?:beiträge|artikel|themen).*
    | zum\ weiterlesen.* | schon\ gelesen\?? | meistgelesen.* | top-themen.* | (?:zum\ )?newsletter\ (?:anmelden|abonnieren).*
    | jetzt\ (?:anmelden|abonnieren|teilen).* | (?:artikel\ )?teilen | teilen\ (?:sie\ )?(?:dies\ )?mit
    | (?:keine|\d+)\ kommentare\b.* | kommentare\ insgesamt.* | alle\ rechte\ vorbehalten\.? | anzeige | werbung | bild\ anzeigen
    | (?:bild|foto|fotos|titelbild|beitragsbild|bildquelle|quelle|quellen|quellenangaben|bildnachweis):.{0,80}
    | (?:à\ lire\ aussi|lire\ aussi|voir\ aussi|sur\ le\ même\ sujet|articles?\ similaires|les\ plus\ lus).*
    | (?:abonnez-vous|inscrivez-vous)\b.* | partager | publicité | (?:crédits?\ photos?|photo|source)\s?:.{0,80}
    | (?:lea|lee|leer)\ (?:también|más)\b.* | te\ puede\ interesar.* | (?:noticias|notas|artículos)\ relacionad[oa]s.*
    | (?:seguir|continuar)\ leyendo | todos\ los\ derechos\ reservados\.? | tous\ droits\ réservés\.?
    | contenido\ relacionado.* | más\ (?:noticias|sobre)\b.* | lo\ más\ leído.* | suscr[íi]bete\b.* | compartir | publicidad
    | (?:fuente|foto):.{0,80}
    | leggi\ anche.* | potrebbe\ interessarti.* | articoli\ correlati.* | iscriviti\b.* | condividi | pubblicità
    | (?:leia|veja)\ (?:também|mais)\b.* | notícias\ relacionadas.* | compartilhe | publicidade | (?:fonte|créditos?):.{0,80}
    | lees\ ook.* | gerelateerde\ artikelen.* | meer\ nieuws.* | delen
    | czytaj\ (?:też|także|więcej).* | zobacz\ (?:też|także).* | źródło:.{0,80}
    )$""",
    re.I | re.X,
)
# "Read more: <headline>" in the languages of the development sets: a label, then a colon (or
# "»") and the headline of another article, in a line of at most 30 words.
_READ_ALSO = re.compile(
    r"""^(?:
      (?:read|see|watch)(?:\ (?:more|also))? | also\ read | more\ on\ this
    | (?:lea|lee|leer|vea|ver|mire|mira)(?:\ (?:más|también|además))? | puedes\ ver | (?:le|te)\ puede\ interesar
    | (?:lies|lesen\ sie)(?:\ (?:auch|hier|mehr))? | auch\ lesen | siehe\ auch | mehr\ zum\ thema | lesetipp
    | (?:à\ |a\ )?lire(?:\ aussi)? | voir\ aussi | leggi(?:\ anche)? | (?:leia|veja)(?:\ (?:também|mais))?
    | czytaj(?:\ (?:też|także|więcej))? | zobacz(?:\ (?:też|także))? | dowiedz\ się\ więcej
    )\s*[:»›]""",
    re.I | re.X,
)
# A page's labels for its own metadata ("Category: News", "Tags: ...", "Aktualisiert am 17.01.2021"),
# in lines of at most 8 words.
_META_LABEL = re.compile(
    r"""^(?:(?:categor(?:y|ies|ía|ie|ia) | kategorien? | catégorie | tags? | schlagw[öo]rter | stichw[öo]rter | etiquetas
    | published | veröffentlicht | veröffentlichung | publié | publicado | pubblicato | last\ (?:modified|updated)
    | release\ date | kontakt | contact)\s*:.{0,60}
    | (?:aktualisiert\ am|letzte\ änderung|zuletzt\ aktualisiert)\ \d.{0,40})$""",
    re.I | re.X,
)
# A share bar: a short line made of network and action names ("Share Facebook Twitter WhatsApp Email").
_SHARE_WORDS = {
    "share", "shares", "tweet", "facebook", "twitter", "x", "whatsapp", "email", "e-mail", "mail", "telegram",
    "linkedin", "pinterest", "reddit", "print", "drucken", "copy", "link", "messenger", "xing", "flipboard",
    "tumblr", "pocket", "teilen", "partager", "compartir", "condividi", "delen", "sms", "comments", "comment",
}  # fmt: skip
_COOKIE = re.compile(
    r"\bcookies?\b.*\b(?:accept|consent|agree|we\ use|this\ (?:web)?site\ uses|akzeptier|zustimm|verwende"
    r"|einverstanden|utilis|acept|utiliz)|\b(?:accept|we\ use|wir\ verwenden|utilisons|usamos)\b.*\bcookies?\b",
    re.I,
)

# Headers of related-links blocks: the header and the list items right after it go.
_RELATED_HEADER = re.compile(
    r"^(?:related(?: posts?| stories| articles| coverage| news)?|you (?:may|might) also like|more from .{1,40}"
    r"|recommended(?: for you)?|most (?:read|popular)(?: .{1,30})?|popular on .{1,30}|don'?t miss|more stories"
    r"|read (?:more|next|also)|trending(?: now)?|more:?)\s*:?$",
    re.I,
)

# Trailing credits ("Reporting by ...; Editing by ...", "X contributed to this report").
_CREDIT = re.compile(
    r"""^\(?(?:(?:additional\ )?reporting\ by|writing\ by|editing\ by|compiled\ by|with\ reporting\ by)\b.*
    | ^.{0,200}\bcontributed\ (?:reporting|to\ this\ (?:report|story|article))\b.{0,100}$
    | ^(?:follow|reach|email|contact)\ .{0,80}(?:@|twitter|at\ https?://).*$
    | ^\S+@\S+\.\w+$ | ^(?:https?://)?(?:www\.)?twitter\.com/\S+$ | ^https?://\S+$""",
    re.I | re.X,
)

# Date/byline lines near the top ("Published 18 November 2019", "UPDATED: Tue., Nov. 19, 2019").
_DATELINE_META = re.compile(
    r"""^(?:-\s*)?(?:(?:published|updated|posted|last\ updated|modified)\b.{0,60}
    | by\ [A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:,?\s+(?:and|&)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})?(?:\s*[|,].{0,60})?
    | \d{1,2}:\d{2}\s*(?:am|pm)?.{0,60} | (?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+\w+\.?\s+\d{1,2},?\s+\d{4}.{0,30}
    | \d{1,2}[/.]\d{1,2}[/.]\d{2,4}.{0,60} )$""",
    re.I | re.X,
)


def norm_words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _is_headline(line: str, head_keys: Iterable[str]) -> bool:
    """A line that repeats the headline (exactly, or the headline within a ``Title | Site`` form);
    ``head_keys`` are the headline forms already passed through :func:`norm_words`."""
    key = norm_words(line)
    if len(key) < 8:
        return False
    for hkey in head_keys:
        if hkey and (key == hkey or (len(key) > 0.6 * len(hkey) and hkey.startswith(key))):
            return True
    return False


def _short(line: str, max_words: int = 25) -> bool:
    return len(_WORD.findall(line)) <= max_words


def clean_lines(text: str, headlines: Iterable[str] = ()) -> str:
    """Remove news boilerplate lines from extracted text; paragraphs joined by ``\\n``."""
    heads = list(dict.fromkeys(norm_words(h) for h in headlines if h))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    lines = [line for line in lines if line and _WORD.search(line)]
    lines = _drop_top_matter(_drop_menu(lines), heads)
    kept: list[str] = []
    in_related = False
    for line in lines:
        words = len(_WORD.findall(line))  # every rule below touches short lines only
        if words <= 25 and _RELATED_HEADER.match(line):
            in_related = True
            continue
        if in_related and line.startswith(("- ", "• ")) and words <= 30:
            continue  # an item of a related-links list
        in_related = False
        if (words <= 25 and _is_widget(line, words, heads)) or (words <= 60 and _is_cookie_notice(line)):
            continue
        if (words <= 30 and _READ_ALSO.match(line)) or (words <= 8 and _META_LABEL.match(line)):
            continue
        kept.append(line)
    return "\n".join(_drop_tail(kept))


_TRAILING = " :»›>….-–—|"


def _is_widget(line: str, words: int, heads: list[str]) -> bool:
    bare = line.rstrip(_TRAILING)  # "Auch interessant:", "Share this:"
    return bool(
        _WIDGET.match(line)
        or (bare != line and _WIDGET.match(bare))
        or (words <= 12 and bare != line and _WIDGET_INTL.match(bare))
        or _is_headline(line, heads)
        or _TEASER_TAG.search(line)
        or (words <= 12 and _WIDGET_INTL.match(line))
        or (words <= 15 and _is_share_bar(line))
    )


def _is_share_bar(line: str) -> bool:
    if len(line) > 150:
        return False
    words = re.findall(r"[\w-]+", line.casefold())
    return 2 <= len(words) <= 15 and sum(w in _SHARE_WORDS for w in words) >= max(2, 0.7 * len(words))


def _is_cookie_notice(line: str) -> bool:
    return "cookie" in line.casefold() and bool(_COOKIE.search(line))


_BARE_URL = re.compile(r"^https?://\S+$")


def _drop_top_matter(lines: list[str], heads: list[str]) -> list[str]:
    """Leading headline, kicker, byline and date lines (at most the first four lines)."""
    i = 0
    while i < min(4, len(lines)) and _short(lines[i], 20):
        line = lines[i]
        if (
            _is_headline(line, heads)
            or _DATELINE_META.match(line)
            or _WIDGET.match(line)
            or _BARE_URL.match(line)
        ):
            i += 1
            continue
        break
    return lines[i:]


_PROMO = re.compile(
    r"^(?:sign up|subscribe|get (?:the|our|access)|follow|join|listen|download|click|like us|have a tip\?"
    r"|there's plenty more)\b|\bnewsletters?\b|\bmay be reached at\b|^write to .{2,40} at\b",
    re.I,
)
_TEASER_TAG = re.compile(
    r"\[(?:VIDEO|INSIGHT|NEWS|REACTION|PICTURES|PICS|REVEALED|ANALYSIS|LATEST|POLL)\]\W*$"
)
_MENU_WORDS = 3


def _drop_menu(lines: list[str]) -> list[str]:
    """A leading run of three or more one-to-three-word lines is a menu, not the article."""
    i = 0
    while i < len(lines) and len(_WORD.findall(lines[i])) <= _MENU_WORDS:
        i += 1
    return lines[i:] if i >= 3 else lines


def _drop_tail(lines: list[str]) -> list[str]:
    while (
        lines
        and _short(lines[-1], 40)
        and (_CREDIT.match(lines[-1]) or _WIDGET.match(lines[-1]) or _PROMO.search(lines[-1]))
    ):
        lines = lines[:-1]
    return [line for line in lines if not ("@" in line and _short(line, 30) and _CREDIT.match(line))]
