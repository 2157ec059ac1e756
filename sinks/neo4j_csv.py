"""The bulk path for very large corpora: node and relationship CSV files in the header format
`neo4j-admin database import full` reads (id spaces per label, typed array columns)."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from samkart.csv_safe import neutralise
from samkart.export_files import atomic_output
from samkart.sinks.property_graph import PropertyGraph

_ARRAY_DELIMITER = ";"


def _columns(rows: list[dict[str, Any]], skip: set[str]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            if key not in skip:
                seen.setdefault(key, None)
    return list(seen)


def _type(rows: list[dict[str, Any]], column: str) -> str:
    for row in rows:
        value = row.get(column)
        if isinstance(value, bool):
            return ":boolean"
        if isinstance(value, list):
            return ":string[]"
        if isinstance(value, int):
            return ":long"
        if value is not None:
            return ""
    return ""


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return neutralise(_ARRAY_DELIMITER.join(str(v) for v in value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else neutralise(value)


def write_neo4j_csv(pg: PropertyGraph, folder: Path) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    # each file written beside its target and renamed over it: an earlier export is replaced
    # whole or not at all
    for label, rows in pg.nodes.items():
        if not rows:
            continue
        columns = _columns(rows, {"id"})
        path = folder / f"nodes-{label}.csv"
        with atomic_output(path) as tmp, tmp.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([f"id:ID({label})", *[c + _type(rows, c) for c in columns], ":LABEL"])
            for row in rows:
                writer.writerow([row["id"], *[_cell(row.get(c)) for c in columns], label])
        files.append(path)
    for (kind, from_label, to_label), rows in pg.relationships.items():
        if not rows:
            continue
        columns = _columns(rows, {"from", "to"})
        path = folder / f"relationships-{kind}-{from_label}-{to_label}.csv"
        with atomic_output(path) as tmp, tmp.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([f":START_ID({from_label})", f":END_ID({to_label})", *[c + _type(rows, c) for c in columns], ":TYPE"])
            for row in rows:
                writer.writerow([row["from"], row["to"], *[_cell(row.get(c)) for c in columns], kind])
        files.append(path)
    return files
