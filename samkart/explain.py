"""Why a person's aliases were merged: the resolver's explanations for one person."""
from __future__ import annotations

from samkart.ontology import fold
from samkart.pipeline import current_graph
from samkart.store import StoreFolder


def explanations_for(store: StoreFolder, person: dict) -> list[dict]:
    graph = current_graph(store)
    names = {fold(person["name"]), *map(fold, person["aliases"])}
    out = []
    for e in graph.explanations:
        if fold(e.a) in names and fold(e.b) in names:
            out.append({"a": e.a, "b": e.b, "rule": e.rule, "score": e.score, "decided_by": e.decided_by,
                        "documents": [graph.documents[d].path for d in e.documents if d in graph.documents]})
    return out
