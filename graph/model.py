"""The canonical model: resolved entities and first-class facts, each with provenance.

Loaders never build these; they emit mentions (`samkart.loaders.extraction`). The resolver turns
mentions into these entities, and every sink (RDF, Cypher, networkx, pyvis) reads only these.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

AttendanceStatus = Literal["present", "absent"]
Capacity = Literal["member", "guest", "observer", "secretariat", "substitute"]


@dataclass(frozen=True, order=True)
class Provenance:
    """Where a fact was read: document id, 1-based inclusive line span, quoted text, PDF page."""

    document: str
    line_start: int
    line_end: int
    quote: str
    page: int | None = None


@dataclass
class Document:
    id: str
    path: str
    sha256: str
    family: str
    language: str
    format: str = "txt"
    sensitivity: str | None = None
    title: str | None = None
    ocr: bool = False
    confidence: float = 1.0


@dataclass
class Collaboration:
    id: str
    name: str
    kind: str | None = None
    aliases: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)


@dataclass
class Body:
    id: str
    name: str
    collaboration: str  # Collaboration.id
    body_type: str | None = None
    aliases: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)


@dataclass
class Organisation:
    id: str
    name: str
    parent: str | None = None  # Organisation.id of the parent when this is a unit
    kind: str | None = None
    aliases: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)


@dataclass
class Person:
    id: str
    name: str
    aliases: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    former_ids: set[str] = field(default_factory=set)


@dataclass
class Membership:
    id: str
    person: str
    body: str
    role: str | None = None  # role key from ontology/roles.toml, or the role as written
    role_label: str | None = None
    organisation: str | None = None  # on whose behalf
    start: str | None = None  # as asserted in a document (ISO date or year)
    end: str | None = None
    first_seen: str | None = None  # earliest meeting/document date it was observed
    last_seen: str | None = None
    sources: list[Provenance] = field(default_factory=list)
    succeeds: str | None = None  # Person.id of whoever held the seat before


@dataclass
class Meeting:
    id: str
    body: str
    date: str | None
    document: str
    time: str | None = None
    place: str | None = None
    date_inferred: bool = False
    planned: bool = False  # a future meeting from a meeting plan
    sources: list[Provenance] = field(default_factory=list)


@dataclass
class Attendance:
    id: str
    person: str
    meeting: str
    status: AttendanceStatus
    capacity: Capacity = "member"
    remote: bool = False
    substitute_for: str | None = None  # Person.id
    organisation: str | None = None
    role: str | None = None
    sources: list[Provenance] = field(default_factory=list)


@dataclass
class Decision:
    id: str
    case: str
    kind: str
    text: str
    sources: list[Provenance] = field(default_factory=list)


@dataclass
class Amount:
    value: float
    currency: str
    text: str
    organisation: str | None = None
    year: str | None = None


@dataclass
class Case:
    id: str
    identifier: str  # normalised, e.g. "12-24", "34/23", "3"
    identifier_as_written: str
    title: str
    meeting: str | None
    body: str | None
    case_type: str | None = None
    decision: Decision | None = None
    presenters: list[str] = field(default_factory=list)  # Person.id
    amounts: list[Amount] = field(default_factory=list)
    sources: list[Provenance] = field(default_factory=list)


@dataclass
class CaseReference:
    id: str
    from_case: str
    identifier: str
    body: str | None = None  # Body.id when known
    meeting_date: str | None = None
    resolved: str | None = None  # Case.id once the referenced case is loaded
    sources: list[Provenance] = field(default_factory=list)


@dataclass
class MergeExplanation:
    """Why two names were taken for one entity (or kept apart)."""

    kind: str  # person | organisation | body
    a: str
    b: str
    rule: str
    score: float
    documents: list[str] = field(default_factory=list)
    decided_by: str = "resolver"  # or "judgement"


@dataclass
class CanonicalGraph:
    documents: dict[str, Document] = field(default_factory=dict)
    collaborations: dict[str, Collaboration] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    memberships: dict[str, Membership] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    attendance: dict[str, Attendance] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    references: dict[str, CaseReference] = field(default_factory=dict)
    explanations: list[MergeExplanation] = field(default_factory=list)
    uncertain: list[MergeExplanation] = field(default_factory=list)
    headline_named: set[str] = field(default_factory=set)  # bodies whose name a document's headline gave
