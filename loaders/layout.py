"""Reading a document into items: headings, bullets, table rows with their cells, and text lines.

Each format already gave us lines (loaders/reading.py: Word and HTML table rows as tab-separated
cells, PDF pages kept). Here the shape of the lines is read the way a person sees it:
- cells: split at tabs, at pipes of a pipe table, or at runs of three or more spaces;
- two columns side by side under two labels ('Til stede      Forfall') are read one after the other;
- a table flattened to one cell per line (PDF) is rebuilt from its header of known column names;
- an entry broken over lines (an open parenthesis, a hyphenated word, a name cut in two) is joined;
- page footers ('… Side 1 av 2') are dropped.
Every item keeps its source line span for provenance.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from samkart.loaders.lexicon import lexicon
from samkart.loaders.ocr import ocr_signals, repair_line
from samkart.loaders.person_names import leading_name, unglue
from samkart.loaders.reading import SourceText
from samkart.loaders.text import clean
from samkart.ontology import fold
from samkart.loaders.prefilter import prefiltered


@dataclass
class Item:
    line: int  # first source line, 1-based
    end: int  # last source line
    text: str  # cleaned text; cells joined by ' | '
    cells: list[str] = field(default_factory=list)  # more than one for a table row
    kind: str = "text"  # heading | bullet | row | text | blank
    raw: str = ""  # the source text before OCR repair
    indent: int = 0  # leading spaces (within its column)


_FOOTER = prefiltered(r"(?:^|\s)(?:side|sida|page|s\.)\s+\d+\s*(?:av|af|of|/)\s*\d+\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-•·*–▪●◦]|\d{1,2}\))\s+")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_SPACE_RUN = re.compile(r"\S(\s{3,})\S")


def read_items(src: SourceText) -> list[Item]:
    raw_lines = src.lines
    lines = [repair_line(l) for l in raw_lines] if ocr_signals(src.text) > 0.01 else list(raw_lines)
    items: list[Item] = []
    i = 0
    while i < len(lines):
        columns = _two_column_region(lines, i)
        if columns:
            items.extend(columns[0])
            i = columns[1]
            continue
        vertical = _vertical_table(lines, i)
        if vertical:
            items.extend(vertical[0])
            i = vertical[1]
            continue
        item = _item(i + 1, lines[i], raw_lines[i], src.format)
        item.indent = _indent(lines[i])
        items.append(item)
        i += 1
    return _join_continuations([it for it in items if not (it.kind != "blank" and _FOOTER.search(it.text))])


def _item(number: int, line: str, raw: str, fmt: str) -> Item:
    if not line.strip():
        return Item(number, number, "", kind="blank", raw=raw)
    heading = bool(re.match(r"^\s{0,3}#{1,6}\s", line))
    if "\t" in line.strip("\t "):
        cells = [clean(unglue(c)) for c in line.split("\t")]
    elif line.lstrip().startswith("|") and line.count("|") >= 2:
        if _PIPE_RULE.match(line):
            return Item(number, number, "", kind="blank", raw=raw)
        cells = [clean(unglue(c)) for c in line.strip().strip("|").split("|")]
    elif fmt in ("txt", "pdf") and _SPACE_RUN.search(line.strip()):
        cells = [clean(unglue(c)) for c in re.split(r"\s{3,}", line.strip())]
    else:
        cells = [clean(unglue(line))]
    while cells and not cells[-1]:
        cells.pop()
    text = " | ".join(c for c in cells) if len(cells) > 1 else (cells[0] if cells else "")
    if not text:
        return Item(number, number, "", kind="blank", raw=raw)
    if len(cells) > 1:
        return Item(number, number, text, cells, "row", raw)
    if heading:
        return Item(number, number, text, cells, "heading", raw)
    m = _BULLET.match(line) or _numbered_name(line)
    if m:
        text = clean(unglue(line[m.end():]))
        return Item(number, number, text, [text], "bullet", raw)
    return Item(number, number, text, cells, "text", raw)


@cache
def _sections() -> tuple[dict[str, dict], list[str]]:
    """Every label (passes.toml and headings.toml's participant groups), and their keys longest first."""
    from samkart.ontology import vocabularies

    sections = {**vocabularies().participant_headings, **lexicon().sections}
    return sections, sorted(sections, key=len, reverse=True)


@lru_cache(maxsize=1 << 15)
def _numbered_name(line: str) -> re.Match[str] | None:
    """'1. Kari Hansen, leder, Bodø kommune': a numbered list of people is a list (an agenda's '1. Godkjenning' is not)."""
    m = re.match(r"^\s*\d{1,2}\.\s+", line)
    if m and leading_name(clean(line[m.end():]), strict=True):
        return m
    return None


_SPACE = re.compile(" ")


def label_of(text: str) -> dict | None:
    """The section entry a label names: 'Til stede:', 'TIL STEDE', 'Gjest under sak 18/24:'."""
    sections, _ = _sections()
    key = fold(text).strip(" :.#*")
    if key in sections:
        return sections[key]
    # a label followed by more words ('gjest under sak 18/24'): the longest label that is a
    # whole-word prefix of the key (found by the key's word boundaries, not by trying every label)
    for end in reversed([m.start() for m in _SPACE.finditer(key)]):
        known = key[:end]
        if known in sections and len(key) < len(known) + 30 and not sections[known].get("stop"):
            return sections[known]
    return _by_stems(key)


def _by_stems(key: str) -> dict | None:
    found = _by_stems_cached(key)
    return dict(found) if found is not None else None


@lru_cache(maxsize=1 << 14)
def _by_stems_cached(key: str) -> dict | None:
    """A heading no entry names exactly ('Følgende faste medlemmer møtte', 'Møtande medlemer'), read
    by its word stems; only short headings of words, never a line holding a name. (Cached: the
    same lines recur in every document of a secretariat, and the name test is costly.)"""
    from samkart.loaders.person_names import find_names

    if not key or len(key.split()) > 6 or re.search(r"[\d,;()]", key) or find_names(key.title(), strict=True):
        return None
    words = key.replace("/", " ").split()
    for rule in lexicon().section_stems:
        hit = any(stem in key if " " in stem else any(w.startswith(stem) for w in words) for stem in rule["stems"])
        if hit and (not rule["also"] or any(any(w.startswith(a) for w in words) for a in rule["also"])):
            return {k: v for k, v in rule.items() if k in ("status", "capacity", "role")}
    return None


def _two_column_region(lines: list[str], i: int) -> tuple[list[Item], int] | None:
    """Two labels side by side ('Til stede            Forfall'): the lines below hold two columns."""
    parts = [(m.start(), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", lines[i])]
    if len(parts) != 2 or not all(label_of(p[1]) for p in parts) or parts[1][0] - (parts[0][0] + len(parts[0][1])) < 3:
        return None
    boundary = parts[1][0]
    left: list[Item] = [Item(i + 1, i + 1, clean(parts[0][1]), [clean(parts[0][1])], "text", lines[i])]
    right: list[Item] = [Item(i + 1, i + 1, clean(parts[1][1]), [clean(parts[1][1])], "text", lines[i])]
    j = i + 1
    while j < len(lines) and lines[j].strip():
        line = lines[j]
        cut = _column_cut(line, boundary)
        if cut is None:
            left.append(Item(j + 1, j + 1, clean(unglue(line)), [clean(unglue(line))], "text", line, _indent(line)))
        else:
            l_text, r_text = clean(line[:cut]), clean(line[cut:])
            if l_text:
                left.append(Item(j + 1, j + 1, l_text, [l_text], "text", line, _indent(line[:cut])))
            if r_text:
                right.append(Item(j + 1, j + 1, r_text, [r_text], "text", line, _indent(line[boundary:]) if cut >= boundary else 0))
        j += 1
    return left + right, j


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _column_cut(line: str, boundary: int) -> int | None:
    """Where a line crosses into the right column: a gap of spaces at the column's edge, or text
    glued there ('…Vestre Viken HFArild Sønsteby')."""
    if len(line) <= boundary:
        return None
    # a run of spaces ending near the column's edge (the right column may be indented a little)
    for gap in re.finditer(r"\s{2,}(?=\S)", line):
        if boundary - 12 <= gap.end() <= boundary + 8 and gap.start() > 0:
            return gap.end()
    lex = lexicon()
    for m in re.finditer(r"(?<=[a-zæøåA-ZÆØÅ])(?=[A-ZÆØÅ][a-zæøå]+)", line[max(0, boundary - 15): boundary + 15]):
        at = max(0, boundary - 15) + m.start()
        word = re.match(r"[A-ZÆØÅ][a-zæøå]+", line[at:])
        if word and lex.is_given_name(word.group(0)) and line[at - 1] != " ":
            return at
    return None


def _vertical_table(lines: list[str], i: int) -> tuple[list[Item], int] | None:
    """A table flattened to one cell per line: a run of known column names, then its rows."""
    columns = lexicon().columns
    header: list[str] = []
    j = i
    while j < len(lines) and fold(clean(lines[j])).rstrip(":") in columns and len(header) < 10:
        header.append(clean(lines[j]))
        j += 1
    if len(header) < 3 or not any(columns[fold(h).rstrip(":")]["field"] == "name" for h in header):
        return None
    k = len(header)
    items = [Item(i + 1, j, " | ".join(header), header, "row", "\n".join(lines[i:j]))]
    from samkart.loaders.cases import match_case_line

    while j + k <= len(lines):
        chunk = [clean(l) for l in lines[j: j + k]]
        if any(not c or match_case_line(c) or label_of(c) and len(c) > 3 and c.endswith(":") for c in chunk[:1]) or \
                any(len(c) > 80 for c in chunk):
            break
        items.append(Item(j + 1, j + k, " | ".join(chunk), chunk, "row", "\n".join(lines[j: j + k])))
        j += k
    return (items, j) if len(items) > 1 else None


def _join_continuations(items: list[Item]) -> list[Item]:
    """Join an entry broken over lines: an open parenthesis, a hyphenated word, a trailing comma,
    or a name cut in two ('Anne Grete' / 'Fossum, observatør, KS')."""
    from samkart.loaders.cases import match_case_line

    out: list[Item] = []
    for item in items:
        prev = out[-1] if out else None
        if prev and item.kind == "text" and prev.kind in ("text", "bullet") and prev.end == item.line - 1 \
                and not label_of(item.text) and not match_case_line(item.text) and not re.match(r"^[^\s:,]{2,30}:", item.text) \
                and (_continues(prev.text, item.text) or (item.indent > prev.indent and not leading_name(item.text, strict=True))):
            joiner = "" if re.search(r"[a-zæøå]-$", prev.text) and not re.match(r"^(og|och|eller)\b", item.text) else " "
            text = (prev.text[:-1] if joiner == "" and not item.text[:1].isupper() else prev.text) + joiner + item.text
            out[-1] = Item(prev.line, item.end, text, [text], prev.kind, prev.raw + "\n" + item.raw, prev.indent)
            continue
        out.append(item)
    return out


def _continues(prev: str, nxt: str) -> bool:
    if prev.count("(") > prev.count(")"):
        return True
    if re.search(r"[a-zæøå]-$", prev):
        return True
    if prev.endswith(",") and nxt[:1].islower():
        return True
    if re.search(r"\s(i|og|for|av|fra|frå|til|på|af|och|från|för|med)$", prev) and "." not in prev[-3:]:
        return True  # 'Brukerutvalget i' / 'Vestre Viken'
    if "," not in prev and len(prev.split()) <= 3 and re.match(r"^[A-ZÆØÅ][a-zæøå]+,", nxt) \
            and not lexicon().is_given_name(nxt.split(",")[0]) and prev[:1].isupper():
        found = leading_name(prev + " " + nxt)
        return found is not None and len(found.name) > len(prev)
    return False
