"""Shared output options (sqlite-utils style): a readable table by default, --json or --csv."""
from __future__ import annotations

import csv
import functools
import io
import json
from typing import Any, Callable, Iterable

import click

from samkart.csv_safe import neutralise
from samkart.terminal import safe


def output_options(func: Callable) -> Callable:
    @click.option("--json", "fmt", flag_value="json", help="Output JSON (the documented contract).")
    @click.option("--csv", "fmt", flag_value="csv", help="Output CSV.")
    @click.option("--table", "fmt", flag_value="table", default=True, help="Output a readable table (default).")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

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


def table(rows: list[dict[str, Any]], columns: Iterable[str] | None = None, max_width: int = 60) -> str:
    columns = list(columns or (rows[0].keys() if rows else []))
    if not rows:
        return "(no rows)"
    cells = [[safe(_cell(r.get(c)))[:max_width] for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)), "  ".join("-" * w for w in widths)]
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


def emit(data: Any, fmt: str, rows: list[dict[str, Any]] | None = None, columns: Iterable[str] | None = None) -> None:
    """Print `data` as JSON, or `rows` (a flat view of it) as a table or CSV."""
    if fmt == "json":
        click.echo(dump_json(data))
        return
    rows = rows if rows is not None else (data if isinstance(data, list) else [data])
    if fmt == "csv":
        click.echo(to_csv(rows, columns), nl=False)
    else:
        click.echo(table(rows, columns))
