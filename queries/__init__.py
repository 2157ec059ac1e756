"""Named SPARQL (.rq) and Cypher (.cypher) queries, shipped as package data.

Each file opens with comment lines naming its description and parameters:

    # description: People who ...
    # param a: IRI of a collaboration or a body
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from samkart.errors import QueryError

_HEADER = re.compile(r"^\s*(?://|#)\s*(description|param)\s*(\w*)\s*:\s*(.*)$")


@dataclass
class NamedQuery:
    name: str
    language: str  # sparql | cypher
    text: str
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    def optional(self) -> set[str]:
        """Parameters described as 'optional …': unbound ones are passed as null."""
        return {k for k, v in self.params.items() if v.lower().startswith("optional")}

    def with_defaults(self, values: dict) -> dict:
        return {**{k: None for k in self.optional()}, **values}


def _parse(name: str, language: str, text: str, path: Path | None = None) -> NamedQuery:
    query = NamedQuery(name=name, language=language, text=text, path=path)
    for line in text.splitlines():
        m = _HEADER.match(line)
        if not m:
            if line.strip() and not line.lstrip().startswith(("#", "//")):
                break
            continue
        kind, param, value = m.groups()
        if kind == "description":
            query.description = value.strip()
        elif param:
            query.params[param] = value.strip()
    return query


def catalog() -> list[NamedQuery]:
    out = []
    root = resources.files(__name__)
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        suffix = Path(entry.name).suffix
        if suffix in (".rq", ".cypher"):
            language = "sparql" if suffix == ".rq" else "cypher"
            out.append(_parse(Path(entry.name).stem, language, entry.read_text(encoding="utf-8"), Path(str(entry))))
    return out


def named(name: str, language: str = "sparql") -> NamedQuery:
    for query in catalog():
        if query.name == name and query.language == language:
            return query
    known = ", ".join(q.name for q in catalog() if q.language == language)
    raise QueryError(f"no named {language} query '{name}'", hint=f"run `samkart queries` to list them: {known}")


def resolve_query(spec: str, language: str = "sparql") -> NamedQuery:
    """QUERY on the command line: a named query, a file, or inline text."""
    suffix = ".rq" if language == "sparql" else ".cypher"
    if re.fullmatch(r"[\w\-]+", spec):
        return named(spec, language)
    path = Path(spec)
    if "\n" not in spec and len(spec) < 4096 and path.is_dir():
        raise QueryError(f"{spec} is a folder, not a query", hint=f"give a {suffix} file, a named query (`samkart queries`) or the query text")
    if path.suffix in (suffix, ".sparql", ".txt") and path.exists():
        try:
            return _parse(path.stem, language, path.read_text(encoding="utf-8"), path)
        except UnicodeDecodeError as exc:
            raise QueryError(f"{spec}: not UTF-8 text (byte {exc.start})", hint="save the query file as UTF-8") from exc
        except OSError as exc:
            raise QueryError(f"cannot read {spec}: {exc.strerror or exc}") from exc
    if path.suffix == suffix and not path.exists():
        raise QueryError(f"no such query file: {spec}")
    return _parse("inline", language, spec)
