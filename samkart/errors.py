"""The small exception hierarchy. Only the CLI turns these into messages for people."""
from __future__ import annotations

from pathlib import Path


class SamkartError(Exception):
    """Base of every error samkart raises on purpose. `hint` says how to fix it."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class DocumentError(SamkartError):
    """A document could not be read or understood. Always names the file."""

    def __init__(self, path: Path | str, reason: str, *, hint: str | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}", hint=hint)


class UnreadableDocument(DocumentError):
    """Binary, empty, truncated, too large or in an undecodable encoding."""


class StoreError(SamkartError):
    """The store folder is missing, locked or damaged."""


class QueryError(SamkartError):
    """A named query is unknown, a parameter is missing, or the query failed."""


class LookupFailed(SamkartError):
    """A name given on the command line matches nothing, or more than one thing."""

    def __init__(self, message: str, candidates: list[str] | None = None, *, hint: str | None = None) -> None:
        self.candidates = candidates or []
        super().__init__(message, hint=hint)


class CypherEngineError(SamkartError):
    """The Cypher engine (embedded FalkorDB or a Neo4j server) is unreachable or refused a statement."""


class StoreBusy(StoreError):
    """Another samkart holds the store's write lock (or is writing it right now)."""


class StoreDamaged(StoreError):
    """A file of the store is missing, unreadable or half-written; `samkart repair` says and fixes what it can."""


class ExportError(SamkartError):
    """An export could not be written (missing folder, not a directory, disk full, permission)."""


class RemoteError(SamkartError):
    """A SPARQL server (query endpoint or Graph Store) refused a request or could not be reached."""

    def __init__(self, message: str, *, status: int | None = None, hint: str | None = None) -> None:
        self.status = status
        super().__init__(message, hint=hint)
