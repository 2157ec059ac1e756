"""A synthetic corpus shaped like samkart's: collaborations → bodies → meetings with ~15
attendees, ~8 cases and ~2 references to earlier cases each. Written as real documents of the
seed families so that benchmarks exercise the loaders too."""
from __future__ import annotations

import random
from pathlib import Path

GIVEN = ["Kari", "Ola", "Ingrid", "Per", "Anne", "Lars", "Marit", "Nils", "Sigrid", "Tor", "Hilde", "Eirik", "Liv", "Arne", "Randi", "Jon",
         "Mette", "Knut", "Eva", "Bjørn", "Tone", "Geir", "Hanne", "Odd", "Silje", "Rune", "Bente", "Svein", "Heidi", "Trond"]
FAMILY = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen", "Johnsen",
          "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen",
          "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand"]
ORGS = ["Universitetet i Bergen", "Helse Bergen", "Bergen kommune", "Høgskulen på Vestlandet", "NORCE", "Haraldsplass Diakonale sykehus",
        "Folkehelseinstituttet", "VID", "Alver kommune"]
COLLABS = [("Alrek helseklynge", "Styringsgruppen"), ("Helsefellesskapet i bergensområdet", "Strategisk samarbeidsutvalg (SSU)")]


def person(rng: random.Random, pool: int) -> str:
    i = rng.randrange(pool)
    return f"{GIVEN[i % len(GIVEN)]} {FAMILY[(i // len(GIVEN)) % len(FAMILY)]}" + ("" if i < 900 else f" {FAMILY[i % 7]}sen")


def attendance_minutes(rng: random.Random, n: int, pool: int) -> str:
    collab, body = COLLABS[0]
    year = 20 + n % 5
    lines = ["<b>Referat</b>", f"<b>Prosjekt</b>\t{collab}", f"<b>Organ</b>\t{body}",
             f"<b>Sted</b>\tMøterom {n}\t<b>Dato:</b>\t{1 + n % 28:02d}.{1 + n % 12:02d}.20{year}",
             "<b>Organisasjon</b>\t<b>Navn</b>\t<b>Kode</b>\t<b>Møtt</b>"]
    names = sorted({person(rng, pool) for _ in range(15)})
    for name in names:
        code = "".join(w[0] for w in name.split())
        lines.append(f"{rng.choice(ORGS)}\t{name}\t{code}\t{'x' if rng.random() > 0.2 else ''}")
    lines.append("")
    for c in range(8):
        lines.append(f"## Sak {c + 1 + (n % 4) * 8:02d}-{year} Sak nummer {c}")
        if c < 2:
            lines.append(f"Oppfølging av sak {rng.randrange(1, 30):02d}-{year - 1} fra forrige møte.")
        lines.append(f"**Vedtak:** Styringsgruppen vedtar forslag {c}.")
        lines.append("")
    return "\n".join(lines)


def grouped_minutes(rng: random.Random, n: int, pool: int) -> str:
    names: list[str] = []
    while len(names) < 15:
        candidate = person(rng, pool)
        if candidate not in names:
            names.append(candidate)
    lines = [f"Referat Strategisk samarbeidsutvalg (SSU) {1 + n % 28}. {['januar', 'mars', 'juni', 'september', 'november'][n % 5]} 20{20 + n % 5}",
             "Deltakere i møtet:",
             "Kommunehelsetjenesten: " + ", ".join(f"{nm} (OU Voss)" for nm in names[:5]),
             "Spesialisthelsetjenesten: " + ", ".join(names[5:11]) + " (Helse Bergen)",
             "Brukerrepresentanter: " + ", ".join(names[11:14]),
             f"Forfall: {names[14]}", ""]
    for c in range(8):
        lines += [f"\t{c + 1 + (n % 4) * 8:02d}/{20 + n % 5}", f"\tSak om tema {c}", "Vedtak:", f"SSU vedtar forslag {c}.", ""]
    return "\n".join(lines)


def write_corpus(folder: Path, documents: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    pool = max(60, documents // 2)
    paths = []
    for n in range(documents):
        text = attendance_minutes(rng, n, pool) if n % 2 == 0 else grouped_minutes(rng, n, pool)
        path = folder / f"doc{n:06d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
