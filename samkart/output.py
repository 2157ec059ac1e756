"""Shared output options (sqlite-utils style): a readable table by default, --json or --csv."""
from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import shutil
import sys
from typing import Any, Callable, Iterable

import click

from samkart.csv_safe import neutralise
from samkart.terminal import safe


def output_options(func: Callable) -> Callable:
    @click.option("--json", "as_json", is_flag=True, help="Output JSON (the documented contract).")
    @click.option("--csv", "as_csv", is_flag=True, help="Output CSV: every field of --json, nested fields as named columns.")
    @click.option("--table", "as_table", is_flag=True, help="Output a readable table (default).")
    @functools.wraps(func)
    def wrapper(*args: Any, as_json: bool = False, as_csv: bool = False, as_table: bool = False, **kwargs: Any) -> Any:
        chosen = [name for name, flag in (("json", as_json), ("csv", as_csv), ("table", as_table)) if flag]
        if len(chosen) > 1:
            raise click.UsageError("--json, --csv and --table exclude each other: give one of them")
        return func(*args, fmt=chosen[0] if chosen else "table", **kwargs)

    return wrapper


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


_ID_VALUE = re.compile(r"^[a-z\-]+/\S+$|^https?://\S+$")


def _is_id_column(name: str, values: list[str]) -> bool:
    """Ids are never cut: a copied id must be whole."""
    return name == "id" or name.endswith("_id") or name.endswith(".id") or (bool(values) and all(_ID_VALUE.match(v) for v in values if v))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def terminal_width() -> int | None:
    """Columns of the terminal the table goes to ($COLUMNS wins); None when writing to a pipe
    or a file, where nothing needs to fit and nothing is cut."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def table(rows: list[dict[str, Any]], columns: Iterable[str] | None = None, max_width: int | None = None, width: int | None = -1) -> str:
    """A readable table that fits `width` (default: the terminal's). Cells that do not fit are cut
    and end in '…'; id columns are never cut. `max_width` caps every cell the same way."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if not rows:
        return "(no rows)"
    full = [[safe(_cell(r.get(c))).replace("\n", " ") for c in columns] for r in rows]
    keep = [_is_id_column(c, [row[i] for row in full]) for i, c in enumerate(columns)]
    widths = [max(len(c), *(len(row[i]) for row in full)) for i, c in enumerate(columns)]
    if max_width:
        widths = [w if k else min(w, max(max_width, len(c))) for w, k, c in zip(widths, keep, columns)]
    width = terminal_width() if width == -1 else width
    if width:
        floor = [w if k else min(w, max(len(c), 6)) for w, k, c in zip(widths, keep, columns)]
        while sum(widths) + 2 * (len(widths) - 1) > width:
            cuttable = [i for i in range(len(widths)) if widths[i] > floor[i]]
            if not cuttable:
                break  # ids and headers alone are wider than the terminal: let it wrap
            widest = max(cuttable, key=lambda i: widths[i])
            widths[widest] -= 1
    cells = [[_cut(v, w) for v, w in zip(row, widths)] for row in full]
    lines = ["  ".join(_cut(c, w).ljust(w) for c, w in zip(columns, widths)).rstrip(), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def to_csv(rows: list[dict[str, Any]], columns: Iterable[str] | None = None) -> str:
    columns = list(columns or (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: neutralise(_cell(row.get(c))) if not isinstance(row.get(c), (int, float)) else _cell(row.get(c)) for c in columns})
    return buffer.getvalue()


def flatten(data: Any) -> list[dict[str, Any]]:
    """JSON answers → CSV rows that lose nothing. Nested objects become named columns
    ('memberships.body'); each object of a list directly below a record becomes a row of its own,
    with the record's fields repeated (a person's memberships and attendance, a meeting's
    attendance and cases); lists of plain values are joined with '; '; deeper lists of objects
    are kept as JSON in their cell."""
    records = data if isinstance(data, list) else [data]
    out: list[dict[str, Any]] = []
    for record in records:
        if not isinstance(record, dict):
            out.append({"value": record})
            continue
        base: dict[str, Any] = {}
        parts: list[tuple[str, list[dict]]] = []
        for key, value in record.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                parts.append((key, value))
            else:
                base.update(_flat_fields(key, value))
        rows = [{**base, **_flat_fields(key, item)} for key, items in parts for item in items]
        out.extend(rows or [base])
    return out


def _flat_fields(prefix: str, value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, inner in value.items():
            if isinstance(inner, list) and inner and all(isinstance(v, dict) for v in inner):
                flat[f"{prefix}.{key}"] = json.dumps(inner, ensure_ascii=False)
            else:
                flat.update(_flat_fields(f"{prefix}.{key}", inner))
        return flat
    return {prefix: value}


def emit(data: Any, fmt: str, rows: list[dict[str, Any]] | None = None, columns: Iterable[str] | None = None,
         csv_rows: list[dict[str, Any]] | None = None) -> None:
    """Print `data` as JSON, as CSV (`csv_rows`, else every field of `data` flattened), or
    `rows` (a readable view of it) as a table."""
    if fmt == "json":
        click.echo(dump_json(data))
        return
    if fmt == "csv":
        flat = csv_rows if csv_rows is not None else flatten(data)
        names = list(columns or []) if csv_rows is not None and columns else list(dict.fromkeys(k for row in flat for k in row))
        click.echo(to_csv(flat, names), nl=False)
        return
    rows = rows if rows is not None else (data if isinstance(data, list) else [data])
    click.echo(table(rows, columns))
