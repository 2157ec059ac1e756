"""Network measures on the canonical graph: brokers, central people in the co-membership
projection, organisations present in the most bodies, components, and the shortest person
paths between two collaborations."""
from __future__ import annotations

from collections import defaultdict
from itertools import islice
from typing import Any

import networkx as nx
from networkx.algorithms import bipartite

from samkart.sinks.networkx_graph import person_body_graph


def _people(g: nx.Graph) -> list[str]:
    return [n for n, d in g.nodes(data=True) if d["kind"] == "person"]


def brokers(g: nx.Graph, top: int = 15) -> list[dict[str, Any]]:
    """People who connect the most collaborations and bodies; betweenness on the person–body network."""
    pb = person_body_graph(g)
    betweenness = nx.betweenness_centrality(pb, normalized=True) if pb.number_of_nodes() > 2 else {}
    rows = []
    for person in _people(g):
        bodies = [n for n in pb.neighbors(person)] if person in pb else []
        rows.append({"id": person, "name": g.nodes[person]["label"], "collaborations": g.nodes[person]["collaborations"],
                     "bodies": len(bodies), "betweenness": round(betweenness.get(person, 0.0), 4)})
    rows.sort(key=lambda r: (-r["collaborations"], -r["bodies"], -r["betweenness"], r["name"]))
    return rows[:top]


def co_membership(g: nx.Graph, top: int = 15) -> list[dict[str, Any]]:
    """The person–person projection (two people are linked when they share a body): degree and
    weighted degree (number of shared bodies)."""
    pb = person_body_graph(g)
    people = [p for p in _people(g) if p in pb]
    if not people:
        return []
    projection = bipartite.weighted_projected_graph(pb, people)
    rows = [{"id": p, "name": g.nodes[p]["label"], "co_members": projection.degree(p),
             "shared_bodies": int(projection.degree(p, weight="weight"))} for p in people]
    rows.sort(key=lambda r: (-r["co_members"], -r["shared_bodies"], r["name"]))
    return rows[:top]


def organisations_in_most_bodies(graph, g: nx.Graph, top: int = 15) -> list[dict[str, Any]]:
    """Organisations (units counted with their parent) on whose behalf someone sits, by number of bodies."""
    bodies_of: dict[str, set[str]] = defaultdict(set)
    for m in graph.memberships.values():
        if m.person not in g or m.body not in g or not m.organisation or m.organisation not in graph.organisations:
            continue
        org = graph.organisations[m.organisation]
        bodies_of[org.id].add(m.body)
        if org.parent:
            bodies_of[org.parent].add(m.body)
    rows = [{"id": oid, "name": graph.organisations[oid].name, "bodies": len(b)} for oid, b in bodies_of.items()]
    rows.sort(key=lambda r: (-r["bodies"], r["name"]))
    return rows[:top]


def components(g: nx.Graph) -> list[dict[str, Any]]:
    out = []
    for comp in sorted(nx.connected_components(g), key=lambda c: (-len(c), sorted(c)[0])):
        kinds = defaultdict(int)
        for n in comp:
            kinds[g.nodes[n]["kind"]] += 1
        collabs = sorted(g.nodes[n]["label"] for n in comp if g.nodes[n]["kind"] == "collaboration")
        out.append({"size": len(comp), "people": kinds["person"], "bodies": kinds["body"], "collaborations": collabs})
    return out


def paths_between(g: nx.Graph, a: str, b: str, limit: int = 10) -> list[dict[str, Any]]:
    """Shortest person paths from collaboration a to collaboration b through shared bodies:
    people sitting in both are paths of one person."""
    pb = person_body_graph(g)
    bodies_a = {n for n in g.neighbors(a) if g.nodes[n]["kind"] == "body"} if a in g else set()
    bodies_b = {n for n in g.neighbors(b) if g.nodes[n]["kind"] == "body"} if b in g else set()
    if not bodies_a or not bodies_b:
        return []
    h = pb.copy()
    h.add_edges_from(("__A__", body) for body in bodies_a)
    h.add_edges_from(("__B__", body) for body in bodies_b)
    try:
        paths = list(islice(nx.all_shortest_paths(h, "__A__", "__B__"), 200))
    except nx.NetworkXNoPath:
        return []
    seen, out = set(), []
    for path in paths:
        people = tuple(n for n in path if n in g and g.nodes[n]["kind"] == "person")
        if people in seen:
            continue
        seen.add(people)
        out.append({"people": [g.nodes[p]["label"] for p in people], "ids": list(people), "length": len(people),
                    "via": [g.nodes[n]["label"] for n in path if n in g and g.nodes[n]["kind"] == "body"]})
    out.sort(key=lambda r: (r["length"], r["people"]))
    return out[:limit]


def analyse(graph, g: nx.Graph, between: tuple[str, str] | None = None) -> dict[str, Any]:
    report: dict[str, Any] = {
        "brokers": brokers(g),
        "central_people": co_membership(g),
        "organisations": organisations_in_most_bodies(graph, g),
        "components": components(g),
    }
    if between:
        report["paths"] = paths_between(g, *between)
    return report
