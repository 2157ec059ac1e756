"""What every loader is, and the detection helpers they share."""
from __future__ import annotations

import re
import tomllib
from abc import ABC, abstractmethod
from collections import Counter
from functools import cache, lru_cache
from typing import ClassVar

from samkart.graph.model import Document
from samkart.loaders.extraction import Extraction
from samkart.loaders.reading import SourceText
from samkart.loaders.text import sensitivity_label
from samkart.ontology import _data, fold, vocabularies


class Loader(ABC):
    """One document family. `detect` says how sure it is (0–1); `parse` emits unresolved mentions."""

    family: ClassVar[str]
    description: ClassVar[str]

    @abstractmethod
    def detect(self, src: SourceText) -> float: ...

    @abstractmethod
    def parse(self, src: SourceText, document: Document) -> Extraction: ...


def document_for(src: SourceText, family: str, confidence: float) -> Document:
    language, sensitivity, title = _text_facts(src.text)
    return Document(
        id=src.sha256[:16],
        path=str(src.path),
        sha256=src.sha256,
        family=family,
        language=language,
        format=src.format,
        sensitivity=sensitivity,
        title=title,
        confidence=round(confidence, 3),
    )


@lru_cache(maxsize=8)  # a document read by the passes and by a family is described once
def _text_facts(text: str) -> tuple[str, str | None, str | None]:
    lines = text.split("\n")  # as SourceText.lines splits it
    return detect_language(text), sensitivity_label(lines), _title(lines)


def _title(lines: list[str]) -> str | None:
    from samkart.loaders.text import clean

    for line in lines:
        text = clean(line)
        if len(text) > 3:
            return text[:200]
    return None


@cache
def _language_markers() -> dict[str, frozenset[str]]:
    raw = tomllib.loads(_data("languages.toml").read_text(encoding="utf-8"))
    return {lang: frozenset(fold(w) for w in words) for lang, words in raw.items()}


def detect_language(text: str) -> str:
    words = Counter(re.findall(r"[a-zæøåäöü]+", text.lower()))
    folded = Counter()
    for word, n in words.items():
        folded[fold(word)] += n
    scores = {lang: sum(folded[w] for w in markers) for lang, markers in _language_markers().items()}
    best = max(scores, key=lambda lang: (scores[lang], lang == "nb"))
    return best if scores[best] > 0 else "und"


def find_collaboration(text: str) -> str | None:
    """The collaboration a document speaks of most: a curated alias, else a recognisable pattern."""
    vocab = vocabularies()
    folded = fold(text)
    counts: Counter[str] = Counter()
    for alias, key in vocab.collaboration_aliases():
        if alias not in folded:
            continue  # a plain substring test first: most documents name few of the aliases
        hits = len(re.findall(r"(?<![\w])" + re.escape(alias) + r"(?![\w])", folded))
        if hits:
            counts[key] += hits
            folded = re.sub(r"(?<![\w])" + re.escape(alias) + r"(?![\w])", " ", folded)
    if counts:
        return vocab.collaborations[counts.most_common(1)[0][0]].name
    for pattern in vocab.collaboration_patterns.values():
        found = Counter(m.group(1) for m in re.finditer(pattern, fold(text)))
        if found:
            name = found.most_common(1)[0][0]
            start = fold(text).find(name)
            return text[start: start + len(name)] if len(fold(text)) == len(text) else name
    return None


def find_body_in_lines(lines: list[str]) -> str | None:
    """The first phrase in the lines that names a body type, as written (e.g. 'Styringsgruppa')."""
    from samkart.loaders.names import body_mention

    for line in lines:
        for word_start in re.finditer(r"(?:^|\s)(\S)", line):
            chunk = line[word_start.start(1):]
            key = body_mention(chunk)
            if key:
                found = chunk[:_alias_length(chunk, key)].strip(" .,:;")
                if found.count("(") > found.count(")"):
                    found = found.split("(")[0].strip()
                if found.count(")") > found.count("("):
                    found = found.rstrip(")")
                return found.lstrip("(").strip()
    return None


# words that follow a body's name without qualifying it ('en arbeidsgruppe til å jobbe med …')
_NOT_QUALIFIERS = {"til", "som", "med", "er", "har", "ble", "blei", "vart", "blir", "og", "i", "pa", "av", "skal", "kan", "ma", "vil",
                   "sin", "sitt", "sine", "om", "at", "det", "den", "de", "en", "et", "ein", "eit", "the", "to", "&", "sluttar", "slutter",
                   "gar", "ber", "tar", "ser", "onsker", "vedtok", "besluttede", "drofter", "droftede", "mote", "mode", "sak", "skulle"}


def _alias_length(chunk: str, key: str) -> int:
    vocab = vocabularies()
    folded = fold(chunk)
    best = 0
    for alias, k in vocab.aliases_starting("_body_index", folded):
        if k == key and (folded == alias or folded.startswith(alias + " ")):
            best = max(best, len(alias))
    if vocab.body_types[key].qualified:
        # keep the qualifier: 'OU Voss', 'områdeutvalget for Bergen', 'faggruppe migrasjon og innvandrerhelse'
        rest = chunk[best:]
        m = re.match(r"^(\s+(?:for\s+)?[\wæøåÆØÅ\-]+(?:\s+(?:og|i|for)\s+[\wæøå\-]+)*)", rest)
        if m and fold(m.group(1).split()[0]) not in _NOT_QUALIFIERS:
            best += len(m.group(1))
    return best
