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
        lines += [f"\t{c + 1 + (n % 4) * 8:02d}/{20 + n % 5}", f"\tSak om tema {c} i Helsefellesskapet i bergensområdet", "Vedtak:", f"SSU vedtar forslag {c}.", ""]
    return "\n".join(lines)


DANISH_ORGS = ["Aalborg Kommune", "Jammerbugt Kommune", "Region Nordjylland"]
MONTHS_DA = ["januar", "februar", "marts", "april", "maj", "juni", "august", "september", "oktober", "november", "december"]


def danish_minutes(rng: random.Random, n: int, pool: int) -> str:
    names = _distinct(rng, pool, 8)
    run = " ".join(f"{nm}, {rng.choice(DANISH_ORGS)}" + (" (sekretariat)" if i == 7 else "") for i, nm in enumerate(names[:7]))
    lines = ["Møde\tKlyngestyregruppe Midt", f"Dato\t{1 + n % 28}. {MONTHS_DA[n % 11]} 20{20 + n % 5} kl. 13.00 – 14.30",
             "Sted\tAalborg", f"Deltagere\t{run} Gæster: {names[7]}, Region Nordjylland", f"Afbud\t{names[1]}", f"Referent\t{names[6]}", ""]
    for item in range(1, 8):
        lines += [f"{item}. Punkt om tema {item} i Sundhedsklynge Midt v/ {names[0].split()[0]}", "", "Indstilling:", "", "Det indstilles, at forslaget godkendes.",
                  "", "Referat:", "", f"Forslaget blev godkendt, jf. beslutning på mødet den 3. maj 2021, punkt {item}.", ""]
    return "\n".join(lines)


def agenda(rng: random.Random, n: int, pool: int) -> str:
    year = 20 + n % 5
    lines = ["Saksnr. Namn Sakstype"]
    for c in range(1, 8):
        lines.append(f"{c:02d}/{year} Sak om tema {c} {rng.choice(['V', 'O', 'D', 'D/V'])}")
    lines.append("")
    for c in range(1, 8):
        lines += [f"Sak {c:02d}/{year} Sak om tema {c}", "Framlegg til vedtak:",
                  f"Styringsgruppa sluttar seg til framlegg {c} for Region Nordhordland Helsehus (møte {n}).", ""]
    lines += [f"Møteplan for styringsgruppa 20{year}", f"Møte 1 - 20{year} Fredag 19.februar 10:30 – 11:30",
              f"Møte 2 - 20{year} Fredag 28.mai 10:00 – 11:00"]
    return "\n".join(lines)


def roster(rng: random.Random, n: int, pool: int) -> str:
    names = _distinct(rng, pool, 9)
    lines = ["Strategi for Helsefellesskapet i bergensområdet", "", "Arbeidsgruppa har bestått av:", ""]
    for i, nm in enumerate(names):
        period = " (ut 2023)" if i == 7 else " (fra 1. januar 2024)" if i == 8 else ""
        lines.append(f"- {nm}{period} — {rng.choice(['områdeutvalget for Voss', 'Helse Bergen', 'Haraldsplass', 'brukerrepresentant'])}")
    return "\n".join(lines)


def _distinct(rng: random.Random, pool: int, k: int) -> list[str]:
    names: list[str] = []
    while len(names) < k:
        candidate = person(rng, pool)
        if candidate not in names:
            names.append(candidate)
    return names


FAMILIES = [attendance_minutes, grouped_minutes, danish_minutes, agenda, roster]


def write_corpus(folder: Path, documents: int, seed: int = 1) -> list[Path]:
    """Documents of all five seed families, in turn."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    pool = max(60, documents // 2)
    paths = []
    for n in range(documents):
        text = FAMILIES[n % len(FAMILIES)](rng, n, pool)
        path = folder / f"doc{n:06d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
