"""HTTP to SPARQL 1.1 servers (query endpoints and Graph Stores): authentication, retries with
backoff, and errors that say what to do.

Standard library only (urllib): the requests are few and simple, and every server speaks plain
HTTP/1.1. Retried: connection errors, timeouts and 5xx answers (the server or a proxy in front
of it is busy or restarting); never retried: 4xx answers, which will not change by asking again.
"""
from __future__ import annotations

import base64
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Callable, Mapping

from samkart.errors import RemoteError

# Environment variables for credentials, so that they stay out of shell history and scripts.
ENV_USER = "SAMKART_SPARQL_USER"
ENV_PASSWORD = "SAMKART_SPARQL_PASSWORD"
ENV_TOKEN = "SAMKART_SPARQL_TOKEN"

_HINTS = {
    401: "the server wants credentials: pass --user/--password (or $SAMKART_SPARQL_USER/$SAMKART_SPARQL_PASSWORD) or --token ($SAMKART_SPARQL_TOKEN)",
    403: "the credentials given may not do this on that server (a read-only account, or writes disabled)",
    404: "check the URL: the query endpoint and the Graph Store often live at different paths (see `samkart push sparql --help`)",
    405: "this URL does not take that method: for pushes, pass the server's Graph Store URL with --graph-store",
    413: "the server limits request size: raise its limit, or split the document",
    415: "the server does not take this content type at this URL: check it is a SPARQL 1.1 endpoint / Graph Store",
}


@dataclass
class Credentials:
    user: str | None = None
    password: str | None = None
    token: str | None = None

    @classmethod
    def resolve(cls, user: str | None = None, password: str | None = None, token: str | None = None) -> "Credentials":
        """Options first, then the environment."""
        return cls(user or os.environ.get(ENV_USER) or None,
                   password if password is not None else os.environ.get(ENV_PASSWORD),
                   token or os.environ.get(ENV_TOKEN) or None)

    def header(self) -> str | None:
        if self.token:
            return f"Bearer {self.token}"
        if self.user:
            raw = f"{self.user}:{self.password or ''}".encode("utf-8")
            return "Basic " + base64.b64encode(raw).decode("ascii")
        return None


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes


class SparqlHttp:
    """One client per server: `request` sends, retrying what may pass on a second try."""

    def __init__(self, credentials: Credentials | None = None, *, retries: int = 4, backoff: float = 0.5,
                 timeout: float = 60.0, sleep: Callable[[float], None] = time.sleep) -> None:
        self.credentials = credentials or Credentials()
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.sleep = sleep
        self.attempts = 0  # requests actually sent, retries included (for reports and tests)

    def request(self, method: str, url: str, *, body: bytes | None = None, headers: Mapping[str, str] | None = None,
                ok_statuses: tuple[int, ...] = ()) -> Response:
        """Send; a 2xx answer (or one in `ok_statuses`) is returned, anything else raises RemoteError."""
        all_headers = {"User-Agent": "samkart", **(headers or {})}
        auth = self.credentials.header()
        if auth:
            all_headers["Authorization"] = auth
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            self.attempts += 1
            req = urllib.request.Request(url, data=body, method=method, headers=all_headers)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as answer:
                    return Response(answer.status, answer.headers.get("Content-Type", ""), answer.read())
            except urllib.error.HTTPError as exc:
                text = exc.read()[:500].decode("utf-8", "replace").strip()
                if exc.code in ok_statuses:
                    return Response(exc.code, exc.headers.get("Content-Type", ""), b"")
                if exc.code < 500:
                    raise RemoteError(f"{method} {_short(url)} was refused: HTTP {exc.code} {exc.reason}" + (f": {text}" if text else ""),
                                      status=exc.code, hint=_HINTS.get(exc.code)) from None
                last = f"HTTP {exc.code} {exc.reason}" + (f": {text}" if text else "")
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                last = f"cannot connect: {reason}"
        raise RemoteError(f"{method} {_short(url)} failed after {self.retries + 1} attempts: {last}",
                          hint="check that the server is running and the URL is right; --retries sets how often samkart tries")


def with_query(url: str, **params: str) -> str:
    """URL with extra query parameters (kept after any the URL already has)."""
    parts = urllib.parse.urlsplit(url)
    extra = urllib.parse.urlencode(params)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit(parts._replace(query=query))


def _short(url: str) -> str:
    return url if len(url) < 160 else url[:157] + "…"


__all__ = ["Credentials", "Response", "SparqlHttp", "with_query", "ENV_USER", "ENV_PASSWORD", "ENV_TOKEN"]
