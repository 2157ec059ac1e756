"""Reading participant lists written as running text, shared by the minutes families.

'Spesialisthelsetjenesten: Randi-Luise Møgster, Linn Dale Bergsma, Hans Olav Instefjord (Helse Bergen)'
→ three people of Helse Bergen (an organisation in parentheses applies back to the names before
it that have none); '(på teams)', '(gjest)', '(fastlege)' apply only to the one name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from samkart.loaders.names import Affiliation, looks_like_person, read_affiliation
from samkart.ontology import fold, vocabularies


@dataclass
class ListedName:
    name: str
    affiliation: Affiliation
    written: str


def split_top_level(text: str, separators: str = ",;") -> list[str]:
    """Split at separators outside parentheses."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


_ENTRY = re.compile(r"^(?P<name>[^()]+)\s*(?:\((?P<paren>[^)]*)\))?\s*(?P<rest>.*)$")


def read_name_list(text: str) -> list[ListedName]:
    """Names with optional parentheses, separated by commas/semicolons and a final 'og'/'and'."""
    entries: list[ListedName] = []
    pending: list[ListedName] = []  # names with no parenthesis yet, waiting for a shared one
    items = split_top_level(text)
    expanded: list[str] = []
    for item in items:
        # 'A og B (Org)' → 'A', 'B (Org)'
        expanded.extend(p for p in re.split(r"\s+(?:og|and|samt)\s+(?![^(]*\))", item) if p.strip())
    for item in expanded:
        m = _ENTRY.match(item.strip().rstrip("."))
        if not m:
            continue
        name = m.group("name").strip(" .:")
        paren = (m.group("paren") or "").strip()
        rest = m.group("rest").strip(" ,")
        affiliation = read_affiliation(", ".join(p for p in (paren, rest) if p)) if (paren or rest) else Affiliation()
        if not looks_like_person(name):
            # '<role> Name' ('Konserndirektør Ola Nordmann') — the role is read as part of the affiliation
            words = name.split()
            for cut in range(1, min(3, len(words) - 1)):
                if vocabularies().role_key(" ".join(words[:cut])) and looks_like_person(" ".join(words[cut:])):
                    affiliation.role = affiliation.role or " ".join(words[:cut])
                    name = " ".join(words[cut:])
                    break
            else:
                pending.clear()
                continue
        entry = ListedName(name=name, affiliation=affiliation, written=item.strip())
        entries.append(entry)
        if affiliation.organisation or affiliation.body:
            for earlier in pending:
                earlier.affiliation.organisation = earlier.affiliation.organisation or affiliation.organisation
                earlier.affiliation.body = earlier.affiliation.body or affiliation.body
            pending.clear()
        elif not paren:
            pending.append(entry)
        else:
            pending.clear()
    return entries


def heading_of(label: str) -> dict | None:
    """The participant-block heading a label names ('Forfall', 'Observatører med tale- og forslagsrett')."""
    headings = vocabularies().participant_headings
    key = fold(label).strip(" :")
    if key in headings:
        return headings[key]
    for known, value in sorted(headings.items(), key=lambda kv: -len(kv[0])):
        if key.startswith(known + " ") or key.startswith(known + "("):
            return value
    return None


def participant(listed: ListedName, heading: dict, label: str, prov, default_role: str | None = None):
    """A participant mention for a name listed under a heading: the words beside the name
    (organisation, role, 'på teams', 'gjest') win over what the heading implies."""
    from samkart.loaders.extraction import ParticipantMention

    aff = listed.affiliation
    return ParticipantMention(
        name=listed.name, prov=prov, organisation=aff.organisation or aff.body,
        role=aff.role or heading.get("role") or default_role, status=heading.get("status", "present"),
        capacity=aff.capacity or heading.get("capacity", "member"), remote=aff.remote,
        body=label if heading.get("body") else None, listed_in=fold(label))
