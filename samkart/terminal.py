"""What reaches the terminal: control characters from file names and document text are shown
escaped (\\x1b, \\u009b) so that a hostile name cannot move the cursor, recolour or retitle
the terminal, or hide text."""
from __future__ import annotations

import re

import click

# C0 controls except tab and newline, DEL, and the C1 controls (0x9b is a one-byte CSI)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def echo_err(message: str) -> None:
    click.echo(safe(message), err=True)


def os_error_line(exc: OSError) -> str:
    """`[Errno 28] No space left on device: '/x'` → `/x: No space left on device`."""
    where = exc.filename if exc.filename is not None else ""
    return f"{where}: {exc.strerror}" if where and exc.strerror else (exc.strerror or str(exc))
