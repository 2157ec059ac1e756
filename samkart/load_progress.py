"""Progress of a load through every phase — parse, resolve, write — on stderr, so stdout keeps
only the report. On a terminal one line per phase is redrawn in place; elsewhere (a log, a CI
run) each phase writes one line when it is done."""
from __future__ import annotations

import sys
import time
from typing import TextIO

LABELS = {"parse": "parsing documents", "resolve": "resolving people, organisations and bodies", "write": "writing named graphs",
          "index": "indexing the RDF store"}


class PhaseReporter:
    def __init__(self, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.current: str | None = None
        self.started = time.monotonic()
        self.last_draw = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if phase != self.current:
            self._finish()
            self.current, self.started = phase, time.monotonic()
        self.total = total
        self.done = done
        now = time.monotonic()
        if self.live and (now - self.last_draw > 0.1 or done == total):
            self.last_draw = now
            self.stream.write(f"\r{LABELS.get(phase, phase)}: {done}/{total}")
            self.stream.flush()

    def _finish(self) -> None:
        if self.current is None:
            return
        seconds = time.monotonic() - self.started
        if self.live:
            self.stream.write(f"\r{LABELS.get(self.current, self.current)}: {self.done}/{self.total} ({seconds:.1f} s)\n")
        else:
            self.stream.write(f"{LABELS.get(self.current, self.current)}: {self.done}/{self.total} done ({seconds:.1f} s)\n")
        self.stream.flush()
        self.current = None

    def __enter__(self) -> "PhaseReporter":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._finish()
