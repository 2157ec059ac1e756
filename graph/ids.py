"""Stable, readable identifiers. The same input always gives the same id, in any load order."""
from __future__ import annotations

import hashlib
import re

from samkart.ontology import fold


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def short_hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()[:12]
