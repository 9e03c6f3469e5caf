"""Stage registry: versioned names, declared requires/assigns, lazy imports.

A stage is registered with :func:`stage` on a factory ``factory(settings) -> callable``.  The
callable maps ``Article -> Article``; it may also offer ``pipe(list[Article]) -> list[Article]``
for batched work (spaCy's ``nlp.pipe``).  Modules are imported only when their stage is asked
for, so ``--only extract`` never imports spaCy.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from presslens.errors import StageConfigError

# short name -> module that registers it (imported lazily)
STAGE_MODULES: dict[str, str] = {
    "extract": "presslens.stages.extract",
    "nlp": "presslens.stages.nlp",
    "entities": "presslens.stages.entities",
    "quotes": "presslens.stages.quotes",
    "relations": "presslens.stages.relations",
    "techniques": "presslens.stages.techniques",
}


ENGLISH_ONLY: tuple[str, ...] = ("en",)  # the spaCy, quote, relation and technique models


@dataclass(frozen=True)
class StageInfo:
    name: str  # versioned, e.g. presslens.extract.trafilatura.v1
    short: str  # the name users pass to --only
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    factory: Callable[[Any], Any]
    # ISO 639-1 codes the stage's models cover; empty: every language.  The runner skips the
    # stage, with a note on the article, when the article's detected language is not covered.
    languages: tuple[str, ...] = ()


_REGISTRY: dict[str, StageInfo] = {}
_DEFAULT: dict[str, str] = {}  # short -> versioned name of the default implementation


def stage(
    name: str,
    *,
    requires: tuple[str, ...] = (),
    assigns: tuple[str, ...] = (),
    languages: tuple[str, ...] = (),
    default: bool = True,
) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    """Register a stage factory under a versioned name such as ``presslens.quotes.rules.v1``."""
    short = name.split(".")[1]

    def deco(factory: Callable[[Any], Any]) -> Callable[[Any], Any]:
        _REGISTRY[name] = StageInfo(name, short, tuple(requires), tuple(assigns), factory, tuple(languages))
        if default:
            _DEFAULT[short] = name
        return factory

    return deco


def lookup(name: str) -> StageInfo:
    """Find a stage by short name (``quotes``) or versioned name (``presslens.quotes.rules.v1``)."""
    short = name.split(".")[1] if name.startswith("presslens.") else name
    if short not in STAGE_MODULES:
        known = ", ".join(STAGE_MODULES)
        raise StageConfigError(f"unknown stage {name!r} (known: {known})")
    if short not in _DEFAULT:
        importlib.import_module(STAGE_MODULES[short])
    full = _DEFAULT.get(short) if not name.startswith("presslens.") else name
    if full not in _REGISTRY:
        raise StageConfigError(f"stage {name!r} is not registered")
    return _REGISTRY[full]


def resolve(names: tuple[str, ...] | list[str]) -> list[StageInfo]:
    """Stage infos in pipeline order, checking that each stage's requirements are assigned earlier."""
    infos = [lookup(n) for n in names]
    available = {"raw"}
    for info in infos:
        missing = [r for r in info.requires if r not in available]
        if missing:
            raise StageConfigError(
                f"stage {info.name} requires {', '.join(missing)}, which no earlier stage assigns"
            )
        available.update(info.assigns)
    return infos


# Which stages a stage needs before it (kept static so that ``--only extract`` imports nothing else;
# ``resolve`` still checks the declared requires/assigns when a pipeline is built).
STAGE_DEPENDS: dict[str, tuple[str, ...]] = {
    "extract": (),
    "nlp": ("extract",),
    "entities": ("nlp",),
    "quotes": ("entities",),
    "relations": ("entities",),
    "techniques": ("entities",),  # v4 masks the names the entity stage found
}


def expand_only(only: list[str]) -> list[str]:
    """Add the stages a requested subset depends on (``--only quotes`` also runs extract, nlp, entities)."""
    wanted: set[str] = set()
    todo = [n.split(".")[1] if n.startswith("presslens.") else n for n in only]
    while todo:
        short = todo.pop()
        if short not in STAGE_MODULES:
            raise StageConfigError(f"unknown stage {short!r} (known: {', '.join(STAGE_MODULES)})")
        if short not in wanted:
            wanted.add(short)
            todo.extend(STAGE_DEPENDS[short])
    return [s for s in STAGE_MODULES if s in wanted]
