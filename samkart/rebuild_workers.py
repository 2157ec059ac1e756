"""The work of a rebuild that runs in worker processes (or in this one, for small stores).

A rebuild of everything has four steps; three of them are the same work repeated for every
document or group, and run here, a chunk per task:

* names:     read an extraction, return what it says of each name (NameRecords, as `record_blob` stores them);
* fragments: read an extraction, return its fragment (with the person ids resolved by the
             writer, handed over in a pickle file) and its document's own triples as N-Quads;
* groups:    merge a range of groups from the state file (read-only), return their triples as
             N-Quads for Oxigraph's bulk loader, with the digests and look-up rows they give;

Workers never write the store: the writer inserts what they return and feeds Oxigraph.
"""
from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from samkart.graph.fragments import entity_tables, fragment, person_mentions, split_key
from samkart.graph.merge import GroupMerger
from samkart.graph.people import name_records, record_blob
from samkart.loaders.extraction import Extraction
from samkart.ontology import fold
from samkart.emission import Output, entity_quads, group_rows, summarised_group
from samkart.graph import summaries as chunking
from samkart.sinks import rdf

_SHARED: dict[str, object] = {}  # a rebuild's pickle file (person ids, document dates) → its content, loaded once per worker


def _shared(path: str) -> Any:
    """What the writer handed every task of this rebuild in a pickle file. Each rebuild names its
    files afresh (`Resolution.rebuild`), so a worker (or this process, for a small store) never
    answers from the files of an earlier rebuild."""
    if path not in _SHARED:
        _SHARED.clear()  # one rebuild's files at a time: the person ids' may not be the dates'
        _SHARED[path] = pickle.loads(Path(path).read_bytes())
    return _SHARED[path]


def read_extraction(path: Path) -> Extraction:
    return Extraction.from_json(Path(path).read_text(encoding="utf-8"))


def name_rows(extraction: Extraction) -> list[tuple[str, bytes]]:
    """(folded name, stored NameRecord) of what one document says of each name."""
    return [(key, record_blob(record)) for key, record in name_records(person_mentions(extraction)).items()]


def names_task(docs: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, bytes]]]]:
    return [(doc, name_rows(read_extraction(Path(path)))) for doc, path in docs]


def fragments_task(task: tuple[str, list[tuple[str, str, str]]]) -> tuple[list[tuple], bytes, dict, int]:
    """Fragments of a chunk of documents, and their documents' own triples (a document's node,
    mentions and evidence need nothing but its fragment, so they go to Oxigraph now, while the
    next chunk is read)."""
    pid_file, docs = task
    pids = _shared(pid_file)
    out = []
    triples = Output()
    n = 0
    for doc, path, stamp in docs:
        frag = fragment(read_extraction(Path(path)), lambda name: pids[fold(name)])
        row = (doc, stamp, frag.document.path, frag.date, pickle.dumps(frag.document), pickle.dumps(frag.mentions),
               pickle.dumps(frag.evidence))
        out.append((row, [(key, doc, pickle.dumps(part)) for key, part in frag.parts.items()], *entity_tables(doc, frag.parts)))
        quads = rdf.document_local(frag.document, frag.mentions, frag.evidence)
        n += len(quads)
        triples.add(quads)
    data, digests = triples.result()
    return out, data, digests, n


def groups_task(task: tuple[str, str, str | None, str]) -> tuple[bytes, dict, tuple[list[tuple], ...], list[tuple], int]:
    """Merge the groups with keys in [low, high) (high None: to the end) from the state file,
    read-only; large case, meeting and reference groups through their chunks, whose summaries
    are returned for the state. `dates_file`: every document's date (a seat reads the date of
    each document it is stated in; asked of the state, that was a twentieth of the groups' time)."""
    from samkart.resolution import Resolution

    db_path, low, high, dates_file = task
    dates = _shared(dates_file)
    state = Resolution(Path(db_path).parent, readonly=True)
    try:
        merger = GroupMerger(state.person_info, dates.get)
        out = Output()
        rows: tuple[list[tuple], ...] = ([], [], [], [])  # look-ups, dependencies, counts, seats
        summaries: list[tuple] = []
        n = 0
        sql = "SELECT gkey, doc, part FROM parts WHERE gkey >= ?" + (" AND gkey < ?" if high is not None else "") + " ORDER BY gkey, doc"
        current, parts = None, []
        for key, doc, part in [*state.db.execute(sql, (low, high) if high is not None else (low,)), (None, None, None)]:
            if key != current and parts:
                if chunking.kept_in_chunks(split_key(current)[0], len(parts)):
                    entities, quads, chunk_rows = summarised_group(current, parts, merger, state.lookups)
                    summaries.extend(chunk_rows)
                else:
                    entities = merger.merge(current, parts, state.lookups)
                    quads = entity_quads(entities)
                for table, more in zip(rows, group_rows(current, entities), strict=True):
                    table.extend(more)
                n += len(quads)
                out.add(quads)
                parts = []
            current = key
            if key is not None:
                parts.append((doc, pickle.loads(part)))
        data, digests = out.result()
        return data, digests, rows, summaries, n
    finally:
        state.close()
