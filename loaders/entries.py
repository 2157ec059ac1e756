"""Names with the words beside them, from one list item, cell or line.

'Afbud: Thomas Winther (Fredensborg Kommune), Jannie Holt (Halsnæs Kommune)' → two entries;
'Torbjørn Lien, leder (Lillehammer kommune)' → one (a part that does not start with a name belongs
to the name before it); run-on cells ('… Sygehus Lillebælt (formand) Anders Bruun Kjeldsen, …')
are cut where a given name starts after a closing parenthesis or an organisation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from samkart.loaders.beside import Beside, read_beside
from samkart.loaders.lexicon import lexicon
from samkart.loaders.person_names import FoundName, leading_name, name_at

_SEPARATORS = re.compile(r"\s*[,;]\s*|\s+(?:og|och|and|samt|&)\s+")


@dataclass
class Entry:
    name: str
    written: str  # the entry's text as read
    beside: Beside = field(default_factory=Beside)
    title: str | None = None  # words before the name ('ordfører')


def _top_level_cuts(text: str) -> list[tuple[int, int]]:
    """Separator spans outside parentheses."""
    cuts, depth = [], 0
    for m in re.finditer(r"[()]|\s*[,;]\s*|\s+(?:og|och|and|samt|&)\s+", text):
        token = m.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            cuts.append((m.start(), m.end()))
    return cuts


def _run_on_starts(text: str, first_end: int) -> list[int]:
    """Where another person starts inside run-on text: a given name after ')' or after a
    capitalised word, followed by a comma, a parenthesis or the end."""
    starts = []
    lex = lexicon()
    for m in re.finditer(r"(?<=[)\w.])\s+(?=[A-ZÆØÅÄÖ])", text):
        at = m.end()
        if at <= first_end or (starts and at < starts[-1][1]):
            continue
        previous = text[: m.start()].split()[-1] if text[: m.start()].split() else ""
        if not (previous.endswith(")") or previous[:1].isupper()):
            continue  # 'ersätter Anders Holmgren' names someone inside this entry
        found = name_at(text, at, strict=True)
        if found and lex.is_given_name(found.name.split()[0]) and re.match(r"^\s*(?:[,(]|$)", text[found.end:]):
            starts.append((at, found.end))
    return [a for a, _ in starts]


def _sentences_outside_parentheses(text: str) -> list[str]:
    """Split at '. ' before a capital, never inside parentheses ('(St. Olavs hospital HF)')."""
    parts, start, depth = [], 0, 0
    for m in re.finditer(r"[()]|(?<=[a-zæøåäö)])\.\s+(?=[A-ZÆØÅÄÖ])", text):
        if m.group(0) == "(":
            depth += 1
        elif m.group(0) == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(text[start: m.start() + 1])
            start = m.end()
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def read_entries(text: str, strict_first: bool = False) -> list[Entry]:
    """Every person named in `text` with what is written beside each."""
    text = text.strip().strip("•·*-–").strip()
    if not text:
        return []
    sentences = [part for part in _sentences_outside_parentheses(text)]
    if len(sentences) > 1:  # 'Trygve Li (Færder kommune). Kari Ruud møtte for Trygve Li.'
        return [e for sentence in sentences for e in read_entries(sentence, strict_first)]
    role_first = re.match(r"^([^:,()]{2,40}):\s*(.+)$", text)
    if role_first and lexicon().committee_role(role_first.group(1)):
        # 'Ordförande: Karin Ehnbom, direktör, Region Uppsala'
        entries = read_entries(role_first.group(2), strict_first)
        for entry in entries[:1]:
            entry.beside.role = role_first.group(1).strip()
        return entries
    first = leading_name(text, strict=strict_first)
    surname_first = re.match(r"^([A-ZÆØÅÄÖ][\wæøåäö'\-]+),\s+([A-ZÆØÅÄÖ][\wæøåäö'\-]+(?:\s+[A-ZÆØÅÄÖ][\wæøåäö'\-]+)?)(?=$|[\s,(;])", text)
    if first is None and surname_first and lexicon().is_given_name(surname_first.group(2).split()[0]) \
            and not lexicon().is_given_name(surname_first.group(1)):
        # 'Nordmann, Kari (Ap)': a register's surname-first form
        name = f"{surname_first.group(2)} {surname_first.group(1)}"
        if leading_name(name, strict=True):
            return [Entry(name, text, read_beside(text[surname_first.end():]))]
    if first is None:
        # 'Sekretariatet i Helsefellesskapet Innlandet v/ Helge Rustad'
        m = re.search(r"\bv/\s*", text)
        if m:
            found = leading_name(text[m.end():], strict=True)
            if found:
                entry = Entry(found.name, text, read_beside(text[m.end() + found.end:]))
                entry.beside.organisation = entry.beside.organisation or text[: m.start()].strip(" ,") or None
                return [entry]
        return []
    # cut points: separators whose right side starts with a name, and run-on starts
    starts = [first.start]
    lenient: set[int] = set()  # starts after a semicolon, where any name-shaped run is a person
    names_at: list[tuple[int, int]] = [(first.start, first.end)]  # spans of the names the cuts start with
    for a, b in _top_level_cuts(text):
        if b <= first.end:
            continue
        # after a semicolon a new person starts even with a given name no list holds ('; Ahmed Yusuf (GP)')
        found = leading_name(text[b:], strict=";" not in text[a:b])
        if found:
            starts.append(b)
            if ";" in text[a:b]:
                lenient.add(b)
            names_at.append((b + found.start, b + found.end))
    # a run-on start never falls inside a name a cut already began ('Per Arild Hansen' is not 'Arild Hansen')
    starts += [at for at in _run_on_starts(text, first.end) if not any(a < at < e for a, e in names_at)]
    starts = sorted(set(starts))
    entries: list[Entry] = []
    for i, start in enumerate(starts):
        stop = starts[i + 1] if i + 1 < len(starts) else len(text)
        chunk = text[start:stop].rstrip(" ,;").removesuffix(" og").removesuffix(" och")
        found: FoundName | None = leading_name(chunk, strict=(i > 0 and start not in lenient) or strict_first) if i else \
            FoundName(first.name, first.start - start, first.end - start, first.title)
        if not found:
            continue
        beside = read_beside(chunk[found.end:])
        if found.title and lexicon().committee_role(found.title):
            beside.role = beside.role or found.title
        entries.append(Entry(found.name, chunk, beside, found.title))
    return entries
