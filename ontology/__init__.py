"""Curated vocabularies and the OWL/SHACL ontology, shipped as package data.

The Python side only reads these files: every word list a loader or the resolver relies on lives
here as data (TOML or Turtle), so that adding an organisation alias or a heading is a data change.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "ontology_path",
    "shapes_path",
    "fold",
    "Vocabularies",
    "vocabularies",
]


def _data(name: str) -> Path:
    return Path(str(resources.files(__name__).joinpath(name)))


def ontology_path() -> Path:
    return _data("samkart.ttl")


def shapes_path() -> Path:
    return _data("shapes.ttl")


_NORDIC = str.maketrans({"ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "å": "a", "Å": "a", "ß": "ss", "ð": "d", "þ": "th"})


@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Case-, accent- and whitespace-insensitive key: 'Høgskulen  på Vestlandet' → 'hogskulen pa vestlandet'.

    Nordic letters are folded to their ASCII neighbours so that OCR damage like 'omradet' for
    'området' and keyboard-less spellings compare equal.
    """
    text = text.translate(_NORDIC)
    if not text.isascii():  # accents off; ASCII text (most of it) needs no normalising
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
        if not text.isascii():
            # the few other letters found by a regex, not a Python loop over a whole document's text
            marks = {c: None for c in set(_NON_ASCII.findall(text)) if unicodedata.combining(c)}
            if marks:
                text = text.translate(str.maketrans(marks))
    text = text.casefold().replace("–", "-").replace("—", "-")
    return _SPACES.sub(" ", text).strip()


_COMBINING = re.compile("[\u0300-\u036f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class OrganisationEntry:
    key: str
    name: str
    aliases: tuple[str, ...]
    kind: str | None
    units: dict[str, str]


@dataclass(frozen=True)
class BodyType:
    key: str
    labels: dict[str, str]
    aliases: tuple[str, ...]
    qualified: bool


@dataclass(frozen=True)
class Role:
    key: str
    labels: dict[str, str]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class CollaborationEntry:
    key: str
    name: str
    aliases: tuple[str, ...]
    kind: str | None


@dataclass
class Vocabularies:
    organisations: dict[str, OrganisationEntry]
    collaborations: dict[str, CollaborationEntry]
    collaboration_patterns: dict[str, str]
    body_types: dict[str, BodyType]
    roles: dict[str, Role]
    participant_headings: dict[str, dict]
    modifiers: dict[str, dict]
    fields: dict[str, str]
    decisions: dict[str, str]
    sensitivity: dict[str, str]
    case_types: dict[str, str]
    months: dict[str, int]
    not_names: frozenset[str]
    # folded alias → key, built once
    _org_index: dict[str, str] = field(default_factory=dict)
    _collab_index: dict[str, str] = field(default_factory=dict)
    _body_index: dict[str, str] = field(default_factory=dict)
    _role_index: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, org in self.organisations.items():
            for alias in (org.name, *org.aliases):
                self._org_index.setdefault(fold(alias), key)
        for key, col in self.collaborations.items():
            for alias in (col.name, *col.aliases):
                self._collab_index.setdefault(fold(alias), key)
        for key, body in self.body_types.items():
            for alias in (*body.labels.values(), *body.aliases):
                self._body_index.setdefault(fold(alias), key)
        for key, role in self.roles.items():
            for alias in (*role.labels.values(), *role.aliases, key):
                self._role_index.setdefault(fold(alias), key)

    def _sorted(self, index: str) -> list[tuple[str, str]]:
        cache = self.__dict__.setdefault("_sorted_cache", {})
        if index not in cache:
            cache[index] = sorted(getattr(self, index).items(), key=lambda kv: -len(kv[0]))
        return cache[index]

    def aliases_starting(self, index: str, folded: str) -> list[tuple[str, str]]:
        """The pairs of `_sorted(index)` whose alias begins with `folded`'s first word (or that word
        without a final 's'), longest first: the only ones that can equal or begin `folded`, found
        by one look-up instead of a scan of every alias (a scan per phrase was a tenth of parsing)."""
        by_word = self.__dict__.setdefault("_by_first_word", {}).get(index)
        if by_word is None:
            by_word = {}
            for order, (alias, key) in enumerate(self._sorted(index)):
                by_word.setdefault(alias.split(" ", 1)[0], []).append((order, alias, key))
            self.__dict__["_by_first_word"][index] = by_word
        word = folded.split(" ", 1)[0]
        found = by_word.get(word, [])
        if word.endswith("s") and word[:-1] in by_word:
            found = sorted(found + by_word[word[:-1]])
        return [(alias, key) for _, alias, key in found]

    def organisation_key(self, text: str) -> str | None:
        return self._org_index.get(fold(text))

    def collaboration_key(self, text: str) -> str | None:
        return self._collab_index.get(fold(text))

    def body_type_key(self, text: str) -> str | None:
        return self._body_index.get(fold(text))

    def role_key(self, text: str) -> str | None:
        return self._role_index.get(fold(text))

    def body_aliases(self) -> list[tuple[str, str]]:
        """(folded alias, body type) pairs, longest first, for scanning free text."""
        return self._sorted("_body_index")

    def collaboration_aliases(self) -> list[tuple[str, str]]:
        return self._sorted("_collab_index")

    def organisation_aliases(self) -> list[tuple[str, str]]:
        return self._sorted("_org_index")

    def role_aliases(self) -> list[tuple[str, str]]:
        return self._sorted("_role_index")


def _toml(name: str) -> dict:
    return tomllib.loads(_data(name).read_text(encoding="utf-8"))


@cache
def vocabularies() -> Vocabularies:
    orgs = {
        key: OrganisationEntry(key, v["name"], tuple(v.get("aliases", ())), v.get("kind"), dict(v.get("units", {})))
        for key, v in _toml("organisations.toml").items()
    }
    raw_collabs = _toml("collaborations.toml")
    patterns = raw_collabs.pop("patterns", {})
    collabs = {
        key: CollaborationEntry(key, v["name"], tuple(v.get("aliases", ())), v.get("kind"))
        for key, v in raw_collabs.items()
    }
    bodies = {
        key: BodyType(key, dict(v["labels"]), tuple(v.get("aliases", ())), bool(v.get("qualified", False)))
        for key, v in _toml("bodies.toml").items()
    }
    roles = {key: Role(key, dict(v["labels"]), tuple(v.get("aliases", ()))) for key, v in _toml("roles.toml").items()}
    headings = _toml("headings.toml")
    not_names = frozenset(
        fold(line) for line in _data("not_names.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    return Vocabularies(
        organisations=orgs,
        collaborations=collabs,
        collaboration_patterns=patterns,
        body_types=bodies,
        roles=roles,
        participant_headings={fold(k): v for k, v in headings["participants"].items()},
        modifiers={fold(k): v for k, v in headings["modifiers"].items()},
        fields={fold(k): v for k, v in headings["fields"].items()},
        decisions={fold(k): v for k, v in headings["decisions"].items()},
        sensitivity={fold(k): v for k, v in headings["sensitivity"].items()},
        case_types=dict(headings["case_types"]),
        months={fold(k): v for k, v in _toml("months.toml").items()},
        not_names=not_names,
    )
