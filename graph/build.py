"""The resolve step, all in memory: every document's extraction → one canonical graph.

    mentions (per document) → people resolved → fragments (per document) → groups merged

The store does the same in steps it can redo for only what changed (`samkart.resolution`);
this is the whole of it at once, for tests, benchmarks and small corpora. Deterministic: the
same extractions give the same graph in any order.
"""
from __future__ import annotations

from samkart.graph.fragments import document_context, fragment, person_mentions
from samkart.graph.ids import short_hash, slug
from samkart.graph.judgements import Judgement
from samkart.graph.merge import GroupMerger, PersonInfo, assemble
from samkart.graph.model import CanonicalGraph
from samkart.graph.people import PersonCluster, resolve_people
from samkart.loaders.extraction import Extraction
from samkart.ontology import fold


def person_ids(clusters: list[PersonCluster]) -> dict[str, str]:
    """root name key → person id: the slug of the person's fullest spelling (`PersonCluster.id_name`,
    not the name shown, which follows usage); when two people are written alike,
    the one whose first key sorts first keeps the plain id and the other gets a suffix (from its
    own key, so it never moves when documents come and go)."""
    by_base: dict[str, list[str]] = {}
    for cluster in clusters:
        by_base.setdefault(cluster.base, []).append(min(cluster.keys))
    return assign_ids(by_base)


def assign_ids(by_base: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for base, roots in by_base.items():
        for i, root in enumerate(sorted(roots)):
            out[root] = base if i == 0 else f"{base}-{short_hash(root)[:4]}"
    return out


def person_info(name: str, aliases: set[str], pid: str) -> PersonInfo:
    # an id a person had under another spelling (before a merge) still finds them; only a person
    # whose id is a plain slug of one of their spellings (not one written alike) has former ids
    spellings = {f"person/{slug(a)}" for a in {name, *aliases}}
    former = spellings - {pid} if pid in spellings else set()
    return PersonInfo(name, set(aliases), former)


def build_graph(extractions: list[Extraction], judgements: dict[tuple[str, str], Judgement] | None = None) -> CanonicalGraph:
    extractions = sorted(extractions, key=lambda e: e.document.id)
    mentions = []
    for ex in extractions:
        mentions.extend(person_mentions(ex))
    resolution = resolve_people(mentions, judgements)
    ids = person_ids(resolution.clusters)
    pid_of_cluster = [ids[min(c.keys)] for c in resolution.clusters]
    info = {pid_of_cluster[i]: person_info(c.name, c.aliases, pid_of_cluster[i]) for i, c in enumerate(resolution.clusters)}

    def person_id(name: str) -> str:
        return pid_of_cluster[resolution.cluster_of[fold(name)]]

    fragments = [fragment(ex, person_id) for ex in extractions]
    dates = {f.document.id: f.date for f in fragments}
    graph = assemble(fragments, GroupMerger(info.__getitem__, dates.get))
    graph.explanations = resolution.explanations
    graph.uncertain = resolution.uncertain
    return graph


__all__ = ["build_graph", "person_ids", "person_info", "document_context"]
