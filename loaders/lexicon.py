"""The vocabulary of the layout-agnostic passes (ontology/passes.toml, given_names.txt), indexed once.

Every key is folded (case, accents, å→a, ø→o) so a label written 'TIL STEDE:' or 'Til stades'
finds its entry; phrases are kept longest first so 'närvarande ledamöter' wins over 'närvarande'.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from samkart.ontology import _data, fold


@dataclass(frozen=True)
class Lexicon:
    sections: dict[str, dict]
    columns: dict[str, dict]
    marks: dict[str, dict]
    kinds: dict[str, str]
    header_fields: dict[str, str]
    prose: dict[str, tuple[dict, ...]]
    period_start: frozenset[str]
    period_end: frozenset[str]
    titles: frozenset[str]
    parties: frozenset[str]
    collaboration_types: dict[str, str]
    body_nouns: frozenset[str]
    not_body_words: frozenset[str]
    given_names: frozenset[str]
    committee_roles: frozenset[str]
    section_stems: tuple[dict, ...]
    title_suffixes: tuple[str, ...]

    def phrases(self, group: str) -> list[str]:
        """The folded phrases of a [prose] group, longest first."""
        cache = self.__dict__.setdefault("_phrases", {})
        if group not in cache:
            cache[group] = sorted({fold(e["text"]) for e in self.prose.get(group, ())}, key=len, reverse=True)
        return cache[group]

    def committee_role(self, text: str) -> str | None:
        """The roles.toml key of a seat in a body ('nestleder', 'ordförande', 'vara'), not a job title."""
        from samkart.ontology import vocabularies

        key = vocabularies().role_key(text.strip(" .,:;()"))
        return key if key in self.committee_roles else None

    def phrase_pattern(self, group: str) -> "re.Pattern[str]":
        """One pattern for a [prose] group's phrases as whole words (compiled once per group)."""
        cache = self.__dict__.setdefault("_patterns", {})  # frozen dataclass: the cache lives in __dict__
        if group not in cache:
            cache[group] = re.compile(r"(?<![\w])(" + "|".join(re.escape(p) for p in self.phrases(group)) + r")(?![\w])")
        return cache[group]

    def is_given_name(self, word: str) -> bool:
        word = word.strip(".,;:")
        if fold(word) in self.given_names:
            return True
        # 'Lars-Göran', 'Randi-Luise': each part a given name
        parts = [p for p in re.split(r"[-‐]", word) if p]
        return len(parts) > 1 and all(fold(p) in self.given_names for p in parts)


def _entries(table: dict) -> dict[str, dict]:
    return {fold(k): v for k, v in table.items()}


@cache
def lexicon() -> Lexicon:
    raw = tomllib.loads(_data("passes.toml").read_text(encoding="utf-8"))
    names: set[str] = set()
    for file in ("given_names.txt", "given_names_extra.txt"):
        path = _data(file)
        if path.exists():
            names |= {fold(line.strip()) for line in path.read_text(encoding="utf-8").splitlines()
                      if line.strip() and not line.startswith("#")}
    periods = raw["periods"]
    return Lexicon(
        sections=_entries(raw["sections"]),
        columns=_entries(raw["columns"]),
        marks=_entries(raw["marks"]),
        kinds={fold(k): v["kind"] for k, v in raw["kinds"].items()},
        header_fields={fold(k): v["field"] for k, v in raw["header_fields"].items()},
        prose={k: tuple(v) for k, v in raw["prose"].items()},
        period_start=frozenset(fold(e["text"]) for e in periods["start"]),
        period_end=frozenset(fold(e["text"]) for e in periods["end"]),
        titles=frozenset(fold(e["text"]) for e in raw["titles"]["words"]),
        parties=frozenset(e["text"] for e in raw["parties"]["letters"]),
        collaboration_types={fold(k): v["base"] for k, v in raw["collaboration_types"].items()},
        body_nouns=frozenset(e["text"].lower() for e in raw["body_nouns"]["words"]),  # as written: "råd" must not match "organiserad"
        not_body_words=frozenset(w.lower() for w in raw["body_nouns"].get("not", [])),
        given_names=frozenset(names),
        committee_roles=frozenset(raw["committee_roles"]["keys"]),
        section_stems=tuple({**r, "stems": [fold(x) for x in r["stems"]], "also": [fold(x) for x in r.get("also", [])]}
                            for r in raw["section_stems"]["rules"]),
        title_suffixes=tuple(fold(e["text"]) for e in raw["title_suffixes"]["words"]),
    )
