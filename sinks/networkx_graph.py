"""Canonical graph → networkx: people, bodies, collaborations and organisations as typed nodes;
memberships as person–body edges labelled with the role. Filters by collaboration, body,
period and sensitivity happen here, so every view and every measure sees the same network."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from samkart.graph.model import CanonicalGraph, Membership
from samkart.ontology import fold
from samkart.timeline import seat_period, seen_since

SENSITIVE_WORDS = ("intern", "fortrolig", "unntatt", "begrenset", "confidential", "internal", "strengt")


@dataclass
class NetworkFilter:
    collaborations: list[str] = field(default_factory=list)  # collaboration ids
    bodies: list[str] = field(default_factory=list)  # body ids
    since: str | None = None
    as_of: str | None = None
    exclude_sensitive: bool = False


def is_sensitive(label: str | None) -> bool:
    return bool(label) and any(word in fold(label) for word in SENSITIVE_WORDS)


def _active(m: Membership, f: NetworkFilter) -> bool:
    if f.since and not seen_since(f.since, m.end, m.last_seen):
        return False
    return not f.as_of or seat_period(m.start, m.end, m.first_seen).active_on(f.as_of)


def build_network(graph: CanonicalGraph, f: NetworkFilter | None = None) -> tuple[nx.Graph, list[str]]:
    """The filtered network, and the notices a view should show (e.g. documents left out)."""
    f = f or NetworkFilter()
    notices: list[str] = []
    hidden_docs = {d.id for d in graph.documents.values() if f.exclude_sensitive and is_sensitive(d.sensitivity)}
    if hidden_docs:
        names = ", ".join(sorted(Path(graph.documents[d].path).name for d in hidden_docs))
        notices.append(f"{len(hidden_docs)} document(s) labelled internal or confidential were left out: {names}")
    paths = {d.id: Path(d.path).name for d in graph.documents.values()}
    g = nx.Graph()
    roles: dict[str, list[str]] = defaultdict(list)
    organisations: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    collabs_of: dict[str, set[str]] = defaultdict(set)

    def add_node(node_id: str, kind: str, label: str) -> None:
        if node_id not in g:
            g.add_node(node_id, kind=kind, label=label)

    for m in graph.memberships.values():
        body = graph.bodies[m.body]
        if f.collaborations and body.collaboration not in f.collaborations:
            continue
        if f.bodies and m.body not in f.bodies:
            continue
        visible = [s for s in m.sources if s.document not in hidden_docs]
        if not visible or not _active(m, f):
            continue
        person = graph.people[m.person]
        collab = graph.collaborations[body.collaboration]
        add_node(person.id, "person", person.name)
        add_node(body.id, "body", body.name)
        add_node(collab.id, "collaboration", collab.name)
        g.add_edge(body.id, collab.id, kind="part-of", label="")
        role = m.role_label or m.role or "medlem"
        if g.has_edge(person.id, body.id):
            g.edges[person.id, body.id]["label"] = ", ".join(sorted({*g.edges[person.id, body.id]["label"].split(", "), role}))
        else:
            g.add_edge(person.id, body.id, kind="membership", label=role)
        org_name = None
        if m.organisation:
            org = graph.organisations.get(m.organisation)
            if org is not None:
                org_name = org.name
                add_node(org.id, "organisation", org.name)
                g.add_edge(person.id, org.id, kind="on-behalf-of", label="for")
                if org.parent and org.parent in graph.organisations:
                    parent = graph.organisations[org.parent]
                    add_node(parent.id, "organisation", parent.name)
                    g.add_edge(org.id, parent.id, kind="part-of", label="")
                organisations[person.id].add(org.name)
            elif m.organisation in graph.bodies:
                org_name = graph.bodies[m.organisation].name
            elif m.organisation in graph.collaborations:
                org_name = graph.collaborations[m.organisation].name
        roles[person.id].append(f"{role} — {body.name} ({collab.name})" + (f", for {org_name}" if org_name else ""))
        collabs_of[person.id].add(collab.id)
        for s in visible:
            line = f"{paths[s.document]}:{s.line_start}"
            for node in (person.id, body.id, collab.id):
                sources[node].add(line)
    for node, data in g.nodes(data=True):
        data["roles"] = sorted(set(roles.get(node, [])))
        data["organisations"] = sorted(organisations.get(node, set()))
        data["sources"] = sorted(sources.get(node, set()))
        data["collaborations"] = len(collabs_of.get(node, ())) if data["kind"] == "person" else 0
    return g, notices


def members_of(g: nx.Graph, group: str) -> set[str]:
    """People with a seat in `group`: a body, or any body of a collaboration."""
    if group not in g:
        return set()
    kind = g.nodes[group]["kind"]
    bodies = {group} if kind == "body" else {n for n in g.neighbors(group) if g.nodes[n]["kind"] == "body"}
    return {p for b in bodies for p in g.neighbors(b) if g.nodes[p]["kind"] == "person" and g.edges[p, b]["kind"] == "membership"}


def overlap_subgraph(g: nx.Graph, a: str, b: str) -> tuple[nx.Graph, set[str]]:
    """A and B side by side: their members, the bodies those members sit in within A and B, and
    A and B themselves; and the people in both (the same people `samkart overlap` answers, as
    the network holds the same seats under the same period filters)."""
    side_a, side_b = members_of(g, a), members_of(g, b)
    groups = {x for x in (a, b) if x in g}
    bodies = {n for x in groups for n in ([x] if g.nodes[x]["kind"] == "body" else g.neighbors(x)) if g.nodes[n]["kind"] == "body"}
    bodies = {n for n in bodies if any(g.has_edge(p, n) for p in side_a | side_b)}
    collabs = {c for n in bodies for c in g.neighbors(n) if g.nodes[c]["kind"] == "collaboration" and c in groups}
    return g.subgraph(groups | bodies | collabs | side_a | side_b).copy(), side_a & side_b


def person_body_graph(g: nx.Graph) -> nx.Graph:
    """The bipartite person–body network the measures run on."""
    keep = [n for n, d in g.nodes(data=True) if d["kind"] in ("person", "body")]
    sub = g.subgraph(keep).copy()
    sub.remove_edges_from([(a, b) for a, b, d in sub.edges(data=True) if d["kind"] != "membership"])
    return sub


def graphml_ready(g: nx.Graph) -> nx.Graph:
    """GraphML takes scalars only: lists become '; '-joined strings."""
    out = nx.Graph()
    for node, data in g.nodes(data=True):
        out.add_node(node, **{k: "; ".join(v) if isinstance(v, list) else v for k, v in data.items()})
    for a, b, data in g.edges(data=True):
        out.add_edge(a, b, **{k: "; ".join(v) if isinstance(v, list) else v for k, v in data.items()})
    return out
