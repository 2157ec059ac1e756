"""Line-level helpers shared by the loaders: markup stripping, provenance, sensitivity labels."""
from __future__ import annotations

import re
from functools import lru_cache

from samkart.graph.model import Provenance
from samkart.loaders.reading import SourceText
from samkart.ontology import fold, vocabularies

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPH = re.compile(r"(\*\*|__|\*|_(?=\w))")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_STAR = re.compile(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")  # a lone emphasis mark
_SPACES = re.compile(r"[ \t]+")


@lru_cache(maxsize=1 << 16)
def clean(line: str) -> str:
    """Plain text of one line: no HTML tags, Markdown links/emphasis/heading marks, tidy spaces."""
    # each pattern only where its mark is: most lines carry none
    if "<" in line:
        line = _TAG.sub("", line)
    if "[" in line:
        line = _LINK.sub(r"\1", line)
    if "#" in line:
        line = _HEADING.sub("", line)
    line = line.replace("**", "").replace("__", "")
    if "*" in line:
        line = _STAR.sub("", line)
    line = line.replace("\u00a0", " ").replace("\u2007", " ").replace("\u202f", " ")
    return _SPACES.sub(" ", line).strip()


def clean_cells(line: str) -> list[str]:
    """Tab-separated cells of a line, each cleaned."""
    return [clean(cell) for cell in line.split("\t")]


def provenance(doc_id: str, src: SourceText, start: int, end: int | None = None) -> Provenance:
    """Provenance of 1-based lines start..end, quoting the original text (before any repair)."""
    end = end or start
    lines = src.lines[start - 1 : end]
    # one line (most mentions): no join
    quote = lines[0].strip() if len(lines) == 1 else "\n".join([line.strip() for line in lines]).strip()
    if len(quote) > 500:
        quote = quote[:497] + "..."
    return Provenance(document=doc_id, line_start=start, line_end=end, quote=quote, page=src.page_of(start))


_SENSITIVITY = re.compile(r"^\s*(?:f[o0g@(]lsomhet|klassifisering|klassifikation|sensitivity)\s*[:\-]?\s*(.+)$", re.IGNORECASE)


def sensitivity_label(lines: list[str]) -> str | None:
    """A document classification line such as 'Følsomhet Intern (gul)' or a bare 'Fortrolig'."""
    words = vocabularies().sensitivity
    for line in lines:
        text = clean(line)
        match = _SENSITIVITY.match(fold(text))
        if match:
            return text[len(text) - len(match.group(1)):].strip()
        if fold(text) in words and words[fold(text)] != "label":
            return text
    return None


def non_empty(lines: list[str]) -> list[tuple[int, str]]:
    """(1-based line number, cleaned text) for lines with text."""
    return [(i, clean(line)) for i, line in enumerate(lines, start=1) if clean(line)]
