"""SPARQL `SERVICE` clauses make the store fetch from other servers over HTTP; samkart refuses
them unless asked (`--allow-service`), so a query copied from somewhere cannot make the user's
machine call out."""
from __future__ import annotations

import re

from samkart.errors import QueryError

# what cannot hide the keyword: comments, strings (short and long), IRIs
_SKIP = re.compile(r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                   r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>')
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.IGNORECASE)


def uses_service(text: str) -> bool:
    return bool(_SERVICE.search(_SKIP.sub(" ", text)))


def refuse_service(text: str) -> None:
    if uses_service(text):
        raise QueryError("the query uses SERVICE, which would send requests from this machine to another server",
                         hint="pass --allow-service if you mean it")
