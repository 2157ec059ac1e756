"""An append-only log of merge decisions made by people (nomenklatura's judgements).

One JSON object per line, so the file diffs and merges well under version control. The last
judgement on a pair wins; nothing is ever rewritten or deleted.
"""
from __future__ import annotations

import getpass
import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from samkart.errors import SamkartError
from samkart.ontology import fold

Verdict = Literal["same", "different", "unsure"]
VERDICTS = ("same", "different", "unsure")


@dataclass(frozen=True)
class Judgement:
    a: str
    b: str
    verdict: Verdict
    kind: str = "person"
    who: str = ""
    when: str = ""
    note: str = ""


def pair_key(a: str, b: str) -> tuple[str, str]:
    return tuple(sorted((fold(a), fold(b))))  # type: ignore[return-value]


class JudgementLog:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def read(self) -> list[Judgement]:
        if not self.path.exists():
            return []
        out = []
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                out.append(Judgement(**json.loads(line)))
            except (json.JSONDecodeError, TypeError) as exc:
                raise SamkartError(f"{self.path}:{number}: not a judgement ({exc})", hint="fix or remove that line; the log is plain JSON lines") from exc
        return out

    def append(self, a: str, b: str, verdict: str, kind: str = "person", note: str = "") -> Judgement:
        if verdict not in VERDICTS:
            raise SamkartError(f"unknown verdict '{verdict}'", hint="use same, different or unsure")
        try:
            who = getpass.getuser()
        except Exception:  # no user in some containers
            who = "unknown"
        judgement = Judgement(a=a, b=b, verdict=verdict, kind=kind, who=who,
                              when=datetime.now(timezone.utc).isoformat(timespec="seconds"), note=note)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        record = json.dumps(asdict(judgement), ensure_ascii=False) + "\n"
        with self.path.open("ab") as handle:
            # editors and git often leave the last line without its newline: never glue onto it
            if handle.tell() > 0:
                with self.path.open("rb") as tail:
                    tail.seek(-1, 2)
                    if tail.read(1) != b"\n":
                        record = "\n" + record
            handle.write(record.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        return judgement

    def verdicts(self, kind: str = "person") -> dict[tuple[str, str], Judgement]:
        """Latest judgement per (folded) pair: later lines override earlier ones."""
        latest: dict[tuple[str, str], Judgement] = {}
        for judgement in self.read():
            if judgement.kind == kind:
                latest[pair_key(judgement.a, judgement.b)] = judgement
        return latest
