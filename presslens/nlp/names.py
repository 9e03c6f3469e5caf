"""Name normalisation: apostrophes, leading articles, titles, particles, surname keys."""

from __future__ import annotations

import re

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "‐": "-", "‑": "-", "–": "-"})
ARTICLES = frozenset({"the", "The", "THE"})
POSSESSIVES = frozenset({"'s", "’s", "'", "’", "'S", "’S"})
# Titles and honorifics that precede a name; the value is the role noun they imply ("" = none).
TITLES: dict[str, str] = {
    "gen": "general",
    "gen.": "general",
    "general": "general",
    "lt": "general",
    "lt.": "general",
    "maj": "major",
    "maj.": "major",
    "col": "colonel",
    "col.": "colonel",
    "colonel": "colonel",
    "brig": "general",
    "brig.": "general",
    "brigadier": "general",
    "commander": "commander",
    "adm": "admiral",
    "adm.": "admiral",
    "admiral": "admiral",
    "capt": "captain",
    "capt.": "captain",
    "martyr": "martyr",
    "shahid": "martyr",
    "sheikh": "sheikh",
    "shaykh": "sheikh",
    "sayyed": "",
    "sayyid": "",
    "ayatollah": "ayatollah",
    "imam": "imam",
    "hojatoleslam": "cleric",
    "president": "president",
    "pres.": "president",
    "premier": "premier",
    "minister": "minister",
    "prime": "",
    "king": "king",
    "queen": "queen",
    "prince": "prince",
    "princess": "princess",
    "emir": "emir",
    "sultan": "sultan",
    "pope": "pope",
    "rev.": "reverend",
    "father": "",
    "mr": "",
    "mr.": "",
    "mrs": "",
    "mrs.": "",
    "ms": "",
    "ms.": "",
    "dr": "doctor",
    "dr.": "doctor",
    "prof": "professor",
    "prof.": "professor",
    "professor": "professor",
    "sen": "senator",
    "sen.": "senator",
    "senator": "senator",
    "rep.": "representative",
    "gov": "governor",
    "gov.": "governor",
    "governor": "governor",
    "chancellor": "chancellor",
    "judge": "judge",
    "justice": "judge",
    "spokesman": "spokesman",
    "spokeswoman": "spokeswoman",
    "sir": "",
    "dame": "",
    "lord": "",
    "lady": "",
    "comrade": "",
    "marshal": "marshal",
    "field": "",
    "sgt": "sergeant",
    "sgt.": "sergeant",
    "mayor": "mayor",
    "ambassador": "ambassador",
    "cardinal": "cardinal",
    "cardinals": "cardinal",
    "bishop": "bishop",
    "archbishop": "archbishop",
    "archbishops": "archbishop",
    "bishops": "bishop",
    "monsignor": "monsignor",
    "msgr": "monsignor",
    "msgr.": "monsignor",
    "mgr": "monsignor",
    "mgr.": "monsignor",
    "rev": "reverend",
    "reverend": "reverend",
    "fr": "",
    "fr.": "",
    "rabbi": "rabbi",
    "pastor": "pastor",
    "congressman": "representative",
    "congresswoman": "representative",
    "rep": "representative",
    "representative": "representative",
    "secretary": "secretary",
    "speaker": "speaker",
    "chairman": "chairman",
    "chairwoman": "chairman",
    "coach": "coach",
    "officer": "officer",
    "detective": "detective",
    "sergeant": "sergeant",
    "lieutenant": "lieutenant",
    "attorney": "attorney",
    "ceo": "chief",
    "duke": "duke",
    "duchess": "duchess",
}
FEMALE_TITLES = frozenset(
    {
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "queen",
        "princess",
        "dame",
        "lady",
        "spokeswoman",
        "congresswoman",
        "duchess",
        "chairwoman",
    }
)
MALE_TITLES = frozenset(
    {
        "mr",
        "mr.",
        "king",
        "prince",
        "sir",
        "lord",
        "father",
        "spokesman",
        "sheikh",
        "congressman",
        "duke",
        "chairman",
    }
)
# Particles that belong to a surname ("al-Qaddoumi", "bin Salman", "Abu Mazen", "van der Leyen").
PARTICLES = frozenset(
    {
        "al",
        "el",
        "bin",
        "ibn",
        "bint",
        "abu",
        "abou",
        "ben",
        "van",
        "von",
        "der",
        "de",
        "da",
        "di",
        "du",
        "del",
        "la",
        "le",
        "dos",
        "das",
        "ould",
        "ul",
    }
)
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|an|ar|as|at|az|ash|ad-d|ul)-", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Straight apostrophes and hyphens, single spaces, no surrounding punctuation."""
    text = _SPACE.sub(" ", text.translate(APOSTROPHES)).strip(" ,.;:\"'()[]")
    return text


def strip_possessive(text: str) -> str:
    text = normalize(text)
    if text.endswith("'s") or text.endswith("'S"):
        return text[:-2]
    return text[:-1] if text.endswith("s'") else text


def strip_titles(words: list[str]) -> tuple[list[str], list[str]]:
    """Split leading titles off a name: (titles, rest).  Keeps at least one word."""
    i = 0
    while i < len(words) - 1 and words[i].lower() in TITLES:
        i += 1
    return words[:i], words[i:]


def name_words(text: str) -> list[str]:
    words = strip_possessive(text).split(" ")
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return [w for w in words if w]


def clean_name(text: str) -> str:
    """The display form of a mention: no article, no titles, no possessive."""
    return " ".join(strip_titles(name_words(text))[1])


def key(text: str) -> str:
    """Case-folded comparison key for a name."""
    return clean_name(text).lower().replace("-", " ").replace(".", "")


def drop_particle(word: str) -> str:
    return _PARTICLE_PREFIX.sub("", word)


# "son of" / "daughter of": the name after it is the father's ("bin Salman", "ibn Saud").
PATRONYMIC = frozenset({"bin", "ibn", "bint"})

# Generational suffixes after a surname ("Patrick W. Carlineo Jr.", "Kelly Oubre Jr.").
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _drop_suffix(words: list[str]) -> list[str]:
    if len(words) > 1 and words[-1].lower().strip(".,") in SUFFIXES:
        words = words[:-1]
        if words[-1].endswith(","):
            words = [*words[:-1], words[-1][:-1]]
    return words


def surname_keys(text: str) -> set[str]:
    """Keys a surname-only mention may use for this (full) name: "al-Qaddoumi", "qaddoumi";
    "Van Der Beek"; "Carlineo" and "Carlineo Jr." for "Patrick W. Carlineo Jr."."""
    full = strip_titles(name_words(text))[1]
    words = _drop_suffix(full)
    if len(words) < 2 or words[0].lower() in PATRONYMIC:
        return set()  # "Bin Salman" is a surname alone, no full name
    last = [words[-1]]
    j = len(words) - 2
    while j >= 1 and words[j].lower() in PARTICLES:
        last.insert(0, words[j])
        j -= 1
    surname = " ".join(last)
    keys = {key(surname), key(drop_particle(words[-1]))}
    if len(last) > 1 and last[-2].lower() in PATRONYMIC:
        # "Mohammed bin Salman" is "bin Salman", never "Salman" (his father, King Salman)
        keys = {key(surname)}
    if len(full) > len(words):
        keys.add(key(" ".join([*last, full[-1]])))
    return {k for k in keys if k and k not in SUFFIXES}


def single_keys(text: str) -> set[str]:
    """Keys of a surname-only mention: "Soleimani's" -> {"soleimani"}; particles before the word
    ("al-Qaddoumi", "Van Der Beek") and a generational suffix after it ("Oubre Jr.") belong to it."""
    words = strip_titles(name_words(text))[1]
    core = _drop_suffix(words)
    if not core or any(w.lower() not in PARTICLES for w in core[:-1]):
        return set()
    keys = {key(" ".join(words)), key(drop_particle(core[-1]))}
    return {k for k in keys if k and k not in SUFFIXES}


def title_roles(text: str) -> set[str]:
    """Role nouns implied by the titles in a mention ("Gen. Soleimani" -> {"general", "commander"})."""
    titles = strip_titles(name_words(text))[0]
    roles = {TITLES[t.lower()] for t in titles} - {""}
    if roles & {"general", "colonel", "major", "admiral", "marshal"}:
        roles.add("commander")
    return roles


def title_gender(text: str) -> str | None:
    titles = {t.lower() for t in strip_titles(name_words(text))[0]}
    if titles & FEMALE_TITLES:
        return "f"
    if titles & MALE_TITLES:
        return "m"
    return None


def _given_compatible(a: str, b: str) -> bool:
    """The same given name, or a short form that begins the long one ("Pat" / "Patrick", "Josh" /
    "Joshua", "Chris" / "Christopher"); a short form has three to five letters and the long one two
    more ("Paul" / "Paula", "Steve" / "Steven" are left apart)."""
    a, b = a.lower().strip("."), b.lower().strip(".")
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return (
        3 <= len(short) <= 5 and len(long_) - len(short) >= 2 and long_.startswith(short) and short.isalpha()
    )


def same_person(a: str, b: str) -> bool:
    """Two full names of one person: the same surname, compatible given names, middle names or
    initials that agree where both have them, and no two different generational suffixes
    ("Patrick Carlineo Jr.", "Pat Carlineo", "Patrick W. Carlineo"; "Josh Apte", "Joshua Apte").
    The very same name with and without "Jr."/"Sr." is two people: a page that writes both uses
    the suffix to tell the son from the father ("Donald Trump Jr.", "Donald Trump")."""
    wa, wb = strip_titles(name_words(a))[1], strip_titles(name_words(b))[1]
    ca, cb = _drop_suffix(wa), _drop_suffix(wb)
    if len(ca) < 2 or len(cb) < 2 or key(ca[-1]) != key(cb[-1]):
        return False
    sa = wa[-1].lower().strip(".") if len(wa) > len(ca) else None
    sb = wb[-1].lower().strip(".") if len(wb) > len(cb) else None
    if sa and sb and sa != sb:
        return False
    if (sa in ("jr", "sr") and not sb or sb in ("jr", "sr") and not sa) and [w.lower() for w in ca] == [
        w.lower() for w in cb
    ]:
        return False  # "Donald Trump Jr." beside "Donald Trump": the suffix tells the son from the father
    if not _given_compatible(ca[0], cb[0]):
        return False
    ma, mb = ca[1:-1], cb[1:-1]
    if ma and mb:
        if len(ma) != len(mb):
            return False
        return all(x[:1].lower() == y[:1].lower() for x, y in zip(ma, mb, strict=True))
    return True
