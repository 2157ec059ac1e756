"""Summaries of a large group's parts, so that an added or changed document re-merges the
chunk of the group it falls in, not the thousands of documents that mention the same case.

The merges of cases, meetings and references are left folds in document order in which the
result of merging a run of consecutive parts can stand in for those parts (the first non-empty
value, the longest title, the last decisive decision, the first non-planned record, the union of
presenters and attendees: each of these gives the same answer whether it is taken over the parts
or over merged runs of them). So a group's parts are cut into chunks by the first characters of
their documents' ids (ids sort in merge order, and a chunk is a run of consecutive documents),
each chunk is kept merged, and the group is merged from its chunks.

A chunk keeps only the earliest of its sources: what a fact says is merged from the chunks, and
which evidence supports it (one link per source, in the source's own document) is read from the
parts of the documents that changed (`samkart.emission.part_source_quads`).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable

from samkart.graph.merge import Parts, fold_reference, merge_case, merge_meeting
from samkart.graph.model import Provenance

FOLDED = ("case", "meeting", "reference")  # the kinds whose merge a chunk's summary can stand in for
SUMMARY_MIN = 64  # parts a group has before it is kept in chunks (smaller ones merge from their parts)
LARGE = 4096  # parts from which a group is cut into 256 chunks rather than 16


def kept_in_chunks(kind: str, parts: int) -> bool:
    """Whether a group of this kind and this many parts is kept in chunks."""
    return kind in FOLDED and parts >= SUMMARY_MIN


def prefix_for(parts: int) -> int:
    """Characters of a document id that name its chunk, for a group of this many parts (kept
    while the group lives: its chunks' length says it): 16 chunks of hexadecimal ids, or 256
    for the largest groups, so that a chunk merged again holds a few hundred parts at most."""
    return 2 if parts >= LARGE else 1


def chunk_of(doc: str, prefix: int) -> str:
    return doc[:prefix]


def chunks(parts: Parts, prefix: int) -> Iterable[tuple[str, Parts]]:
    """(chunk, its parts) of parts in document order."""
    current: str | None = None
    run: Parts = []
    for doc, part in parts:
        chunk = chunk_of(doc, prefix)
        if chunk != current and run:
            yield current, run  # type: ignore[misc]
            run = []
        current = chunk
        run.append((doc, part))
    if run:
        yield current, run  # type: ignore[misc]


def _earliest(sources: list[Provenance]) -> list[Provenance]:
    """The earliest source, without its quote (only its document counts: it decides which
    document's graph holds the fact's triples)."""
    if not sources:
        return []
    return [replace(min(sources, key=lambda s: (s.document, s.line_start, s.line_end)), quote="")]


def summarise(kind: str, parts: Parts) -> Any:
    """The merge of a run of consecutive parts, in the shape of one part, with its facts'
    sources cut to the earliest (what the owner of a fact's triples is chosen by)."""
    if kind == "case":
        case = merge_case(parts)
        return replace(case, sources=_earliest(case.sources))
    if kind == "meeting":
        meeting, attendance = merge_meeting(parts)
        return (replace(meeting, sources=_earliest(meeting.sources)),
                [replace(at, sources=_earliest(at.sources)) for at in attendance])
    if kind == "reference":
        ref = fold_reference(parts)
        return replace(ref, sources=_earliest(ref.sources))
    raise ValueError(f"groups of kind {kind!r} are not kept in chunks")


__all__ = ["FOLDED", "LARGE", "SUMMARY_MIN", "chunk_of", "chunks", "kept_in_chunks", "prefix_for", "summarise"]
