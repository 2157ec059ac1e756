"""The property-graph mapping, declared once: canonical graph → labelled nodes and typed
relationships, every one carrying its source documents. Neo4j push, the embedded FalkorDB
engine and the neo4j-admin CSV export all read these rows.

    (:Person)-[:HOLDS]->(:Membership)-[:IN]->(:Body)-[:PART_OF]->(:Collaboration)
    (:Membership)-[:ON_BEHALF_OF]->(:Organisation|:Body|:Collaboration)
    (:Person)-[:MEMBER_OF {role, membership}]->(:Body)              shortcut
    (:Person)-[:ATTENDED]->(:Attendance)-[:AT]->(:Meeting)-[:HELD_BY]->(:Body)
    (:Attendance)-[:SUBSTITUTE_FOR]->(:Person)
    (:Case)-[:HANDLED_AT]->(:Meeting), (:Case)-[:HANDLED_BY]->(:Body), (:Case)-[:PRESENTED_BY]->(:Person)
    (:Case)-[:CITES]->(:CaseReference)-[:RESOLVES_TO]->(:Case)
    (:Case)-[:REFERS_TO {identifier, meeting_date}]->(:Case)          shortcut, resolved references only
    (:Organisation)-[:PART_OF]->(:Organisation)
    (:Meeting)-[:RECORDED_IN]->(:Document)
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from samkart.graph.model import CanonicalGraph, Provenance
from samkart.timeline import seat_period

LABELS = ("Document", "Collaboration", "Body", "Organisation", "Person", "Membership", "Meeting", "Attendance", "Case", "CaseReference")


@dataclass
class PropertyGraph:
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # label → rows {id, ...}
    relationships: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)  # (type, from label, to label) → rows

    def counts(self) -> dict[str, int]:
        return {"nodes": sum(map(len, self.nodes.values())), "relationships": sum(map(len, self.relationships.values()))}


def _docs(sources: list[Provenance]) -> list[str]:
    return sorted({s.document for s in sources})


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """Neo4j stores no nulls and no maps: drop None, keep scalars and lists of scalars."""
    return {k: v for k, v in props.items() if v is not None and v != []}


def digest(row: dict[str, Any]) -> str:
    return hashlib.sha1(json.dumps(row, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def label_of(entity_id: str) -> str:
    prefix = entity_id.split("/", 1)[0]
    return {"person": "Person", "organisation": "Organisation", "body": "Body", "collaboration": "Collaboration",
            "membership": "Membership", "meeting": "Meeting", "attendance": "Attendance", "case": "Case", "document": "Document"}[prefix]


def build_property_graph(graph: CanonicalGraph) -> PropertyGraph:
    pg = PropertyGraph(nodes={label: [] for label in LABELS})
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = {}

    def node(label: str, props: dict[str, Any]) -> None:
        row = _clean(props)
        row["digest"] = digest(row)
        pg.nodes[label].append(row)

    def rel(kind: str, a: str, b: str, sources: list[str], labels: tuple[str, str] | None = None, **props: Any) -> None:
        """`labels` when an end's id does not say its label (case references' ids start with the case's)."""
        row = _clean({"id": f"{kind}:{a}>{b}", "from": a, "to": b, "sources": sources, **props})
        row["digest"] = digest(row)
        rels.setdefault((kind, *(labels or (label_of(a), label_of(b)))), []).append(row)

    for d in graph.documents.values():
        node("Document", {"id": f"document/{d.id}", "path": d.path, "family": d.family, "language": d.language,
                          "sensitivity": d.sensitivity, "sources": [d.id]})
    for c in graph.collaborations.values():
        node("Collaboration", {"id": c.id, "name": c.name, "aliases": sorted(c.aliases), "sources": sorted(c.documents)})
    for b in graph.bodies.values():
        node("Body", {"id": b.id, "name": b.name, "type": b.body_type, "aliases": sorted(b.aliases), "sources": sorted(b.documents)})
        rel("PART_OF", b.id, b.collaboration, sorted(b.documents))
    for o in graph.organisations.values():
        node("Organisation", {"id": o.id, "name": o.name, "kind": o.kind, "aliases": sorted(o.aliases), "sources": sorted(o.documents)})
        if o.parent:
            rel("PART_OF", o.id, o.parent, sorted(o.documents))
    for p in graph.people.values():
        node("Person", {"id": p.id, "name": p.name, "aliases": sorted(p.aliases), "sources": sorted(p.documents)})
    for m in graph.memberships.values():
        docs = _docs(m.sources)
        period = seat_period(m.start, m.end, m.first_seen)  # day bounds the Cypher queries compare (samkart/timeline.py)
        node("Membership", {"id": m.id, "role": m.role, "role_label": m.role_label, "start": m.start, "end": m.end,
                            "first_seen": m.first_seen, "last_seen": m.last_seen, "sources": docs,
                            "active_from": period.begin, "active_until": period.until,
                            "lines": [f"{s.document}:{s.line_start}" for s in m.sources]})
        rel("HOLDS", m.person, m.id, docs)
        rel("IN", m.id, m.body, docs)
        rel("MEMBER_OF", m.person, m.body, docs, role=m.role_label or m.role, membership=m.id)
        if m.organisation:
            rel("ON_BEHALF_OF", m.id, m.organisation, docs)
    for mt in graph.meetings.values():
        docs = sorted({*_docs(mt.sources), mt.document})
        node("Meeting", {"id": mt.id, "date": mt.date, "time": mt.time, "place": mt.place, "planned": mt.planned,
                         "date_inferred": mt.date_inferred, "sources": docs})
        rel("HELD_BY", mt.id, mt.body, docs)
        rel("RECORDED_IN", mt.id, f"document/{mt.document}", docs)
    for a in graph.attendance.values():
        docs = _docs(a.sources)
        node("Attendance", {"id": a.id, "status": a.status, "capacity": a.capacity, "remote": a.remote, "role": a.role, "sources": docs})
        rel("ATTENDED", a.person, a.id, docs)
        rel("AT", a.id, a.meeting, docs)
        if a.substitute_for:
            rel("SUBSTITUTE_FOR", a.id, a.substitute_for, docs)
    for c in graph.cases.values():
        docs = _docs(c.sources)
        node("Case", {"id": c.id, "identifier": c.identifier, "identifier_as_written": c.identifier_as_written, "title": c.title,
                      "type": c.case_type, "decision": c.decision.text if c.decision else None,
                      "decision_kind": c.decision.kind if c.decision else None, "sources": docs})
        if c.meeting:
            rel("HANDLED_AT", c.id, c.meeting, docs)
        if c.body:
            rel("HANDLED_BY", c.id, c.body, docs)
        for pid in c.presenters:
            rel("PRESENTED_BY", c.id, pid, docs)
    for r in graph.references.values():
        docs = _docs(r.sources)
        node("CaseReference", {"id": r.id, "identifier": r.identifier, "meeting_date": r.meeting_date, "sources": docs})
        rel("CITES", r.from_case, r.id, docs, labels=("Case", "CaseReference"))
        if r.resolved and r.resolved.startswith("case/"):
            rel("RESOLVES_TO", r.id, r.resolved, docs, labels=("CaseReference", "Case"))
            rel("REFERS_TO", r.from_case, r.resolved, docs, **_clean({"identifier": r.identifier, "meeting_date": r.meeting_date}))
    pg.relationships = rels
    return pg

