"""Running samkart as the user does: a real process per command (so that locks, signals and
crashes are real), on small generated minutes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

GIVEN = ["Kari", "Per", "Nina", "Ola", "Siri", "Jon", "Liv", "Arne", "Eva", "Tor"]
FAMILY = ["Fjell", "Dahl", "Berg", "Vik", "Lund", "Moe", "Hauge", "Strand", "Bakke", "Aas"]
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "200"}


def minutes(folder: Path, count: int, start: int = 0) -> list[Path]:
    """`count` one-meeting minutes, each with its own date and people (files start..start+count-1)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + count):
        a, b, c = (f"{GIVEN[(i + k) % 10]} {FAMILY[(i * 3 + k) % 10]}" for k in range(3))
        month, day = 1 + (i // 28) % 12, 1 + i % 28
        path = folder / f"referat-{i:03d}.txt"
        path.write_text(f"Referat SSU {day}. {['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'][month - 1]} 2024\n"
                        f"Kommunehelsetjenesten: {a} (OU Voss), {b} (OU Bergen)\nForfall: {c}\n", encoding="utf-8")
        out.append(path)
    return out


def samkart(*args: str | Path, store: Path | None = None, timeout: float = 300, check: bool = False,
            env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "samkart.cli", *(["--store", str(store)] if store else []), *map(str, args)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env or ENV, **kw)
    if check and result.returncode != 0:
        raise AssertionError(f"{cmd} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def spawn(*args: str | Path, store: Path | None = None, **kw) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "samkart.cli", *(["--store", str(store)] if store else []), *map(str, args)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, **kw)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    """A failure told in a line or two, never a traceback."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("Error: "), result.stderr
    return result.stderr


def meetings(store: Path) -> list[tuple]:
    data = json.loads(samkart("list", "meetings", "--json", store=store, check=True).stdout)
    return sorted((m["date"], m["body"], tuple(sorted(a["person"] for a in m["attendance"]))) for m in data)


def people(store: Path) -> list[str]:
    return sorted(p["name"] for p in json.loads(samkart("list", "people", "--json", store=store, check=True).stdout))


def manifest(store: Path) -> dict[str, str]:
    return json.loads((store / "manifest.json").read_text(encoding="utf-8"))
