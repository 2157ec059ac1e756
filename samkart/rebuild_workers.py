"""The work of a rebuild that runs in worker processes (or in this one, for small stores).

A rebuild of everything has four steps; three of them are the same work repeated for every
document or group, and run here, a chunk per task:

* names:     read an extraction, return what it says of each name (NameRecords, pickled);
* fragments: read an extraction, return its fragment (with the person ids resolved by the
             writer, handed over in a pickle file) and its document's own triples as N-Quads;
* groups:    merge a range of groups from the state file (read-only), return their triples as
             N-Quads for Oxigraph's bulk loader, with the digests and look-up rows they give;

Workers never write the store: the writer inserts what they return and feeds Oxigraph.
"""
from __future__ import annotations

import pickle
import sqlite3
from collections import defaultdict
from pathlib import Path

from samkart.graph.build import person_info
from samkart.graph.fragments import entity_tables, fragment, person_mentions, split_key
from samkart.graph.merge import GroupMerger, PersonInfo, case_lookup_keys, meeting_lookup_keys, reference_dependencies
from samkart.graph.model import Case, Meeting
from samkart.graph.people import name_records
from samkart.loaders.extraction import Extraction
from samkart.ontology import fold
from samkart.emission import COUNTED, DbLookups, Output, entity_quads
from samkart.sinks import rdf

_PIDS: dict[str, dict[str, str]] = {}  # pickle file → name key → person id (loaded once per worker)


def read_extraction(path: Path) -> Extraction:
    return Extraction.from_json(Path(path).read_text(encoding="utf-8"))


def names_task(docs: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, bytes]]]]:
    out = []
    for doc, path in docs:
        records = name_records(person_mentions(read_extraction(Path(path))))
        out.append((doc, [(key, pickle.dumps(record)) for key, record in records.items()]))
    return out


def fragments_task(task: tuple[str, list[tuple[str, str, str]]]) -> tuple[list[tuple], bytes, dict, int]:
    """Fragments of a chunk of documents, and their documents' own triples (a document's node,
    mentions and evidence need nothing but its fragment, so they go to Oxigraph now, while the
    next chunk is read)."""
    pid_file, docs = task
    if pid_file not in _PIDS:
        _PIDS.clear()
        _PIDS[pid_file] = pickle.loads(Path(pid_file).read_bytes())
    pids = _PIDS[pid_file]
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


def _open(db_path: str) -> sqlite3.Connection:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    db.execute("PRAGMA cache_size=-32768")
    return db


def groups_task(task: tuple[str, str, str | None]) -> tuple[bytes, dict, list[tuple], list[tuple], int]:
    """Merge the groups with keys in [low, high) (high None: to the end)."""
    db_path, low, high = task
    db = _open(db_path)
    try:
        def info(pid: str) -> PersonInfo:
            row = db.execute("SELECT name, aliases FROM clusters WHERE pid=?", (pid,)).fetchone()
            return person_info(row[0], pickle.loads(row[1]), pid) if row else PersonInfo(pid.split("/", 1)[-1], set(), set())

        dates: dict[str, str | None] = {}

        def date(doc: str) -> str | None:
            if doc not in dates:
                row = db.execute("SELECT date FROM docs WHERE doc=?", (doc,)).fetchone()
                dates[doc] = row[0] if row else None
            return dates[doc]

        merger = GroupMerger(info, date)
        lookups = DbLookups(db)
        out = Output()
        rows: list[tuple] = []  # (table, values)
        counted: list[tuple] = []
        sql = "SELECT gkey, doc, part FROM parts WHERE gkey >= ?" + (" AND gkey < ?" if high is not None else "") + " ORDER BY gkey, doc"
        current, parts, n = None, [], 0

        def flush() -> None:
            nonlocal n
            entities = merger.merge(current, parts, lookups)
            kind = split_key(current)[0]
            tally: dict[str, int] = defaultdict(int)
            for e in entities:
                tally[COUNTED[type(e)]] += 1
                if isinstance(e, Case) and e.decision:
                    tally["decisions"] += 1
                if kind == "case":
                    rows.extend(("lookups", (current, k, b, v, e.id)) for k, b, v in case_lookup_keys(e))
                elif kind == "meeting" and isinstance(e, Meeting):
                    rows.extend(("lookups", (current, k, b, v, e.id)) for k, b, v in meeting_lookup_keys(e))
                elif kind == "reference":
                    rows.extend(("ref_deps", (current, k, b, v)) for k, b, v in reference_dependencies(e))
            counted.extend((current, k, v) for k, v in tally.items())
            quads = entity_quads(entities)
            n += len(quads)
            out.add(quads)

        for key, doc, part in db.execute(sql, (low, high) if high is not None else (low,)):
            if key != current and parts:
                flush()
                parts = []
            current = key
            parts.append((doc, pickle.loads(part)))
        if parts:
            flush()
        data, digests = out.result()
        return data, digests, rows, counted, n
    finally:
        db.close()
