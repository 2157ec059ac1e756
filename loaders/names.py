"""Is this run of words a person's name? Splitting name lists. Reading affiliations."""
from __future__ import annotations

import re
from dataclasses import dataclass

from samkart.ontology import fold, vocabularies

_UPPER = "A-ZÆØÅÄÖÜÉÈÁÓÚÍ"
_LOWER = "a-zæøåäöüéèáóúíñ"
_TOKEN = re.compile(rf"^[{_UPPER}][{_LOWER}]+(?:[-'][{_UPPER}]?[{_LOWER}]+)*\.?$|^[{_UPPER}]\.$")


def looks_like_person(name: str) -> bool:
    """Two to five capitalised words, none an organisation/heading word; 'Randi-Luise Møgster' yes, 'Region NH' no.
    The one name recogniser of the passes (loaders/person_names.py), in its name-slot form."""
    from samkart.loaders.person_names import plausible_name

    name = name.strip()
    return bool(name) and len(name) <= 60 and not any(map(str.isdigit, name)) and plausible_name(name)


def looks_like_first_name(word: str) -> bool:
    return bool(_TOKEN.match(word)) and fold(word) not in vocabularies().not_names


_LIST_SPLIT = re.compile(r"\s*,\s*|\s+(?:og|and|samt|&)\s+")


def split_names(text: str) -> list[str]:
    """'Mikkel, Daniel og Henrik' → ['Mikkel', 'Daniel', 'Henrik']."""
    return [part.strip(" .;:") for part in _LIST_SPLIT.split(text) if part.strip(" .;:")]


@dataclass
class Affiliation:
    organisation: str | None = None
    role: str | None = None  # as written
    body: str | None = None  # when the affiliation names a body (OU Voss, områdeutvalget for Bergen)
    remote: bool = False
    capacity: str | None = None
    start: str | None = None
    end: str | None = None


def read_affiliation(text: str) -> Affiliation:
    """Classify the words beside a name: an organisation, a role, a body, a mode or a status.

    'Universitetet i Bergen, leder' → org + role; 'OU Voss' → body; 'på teams' → remote;
    'gjest' → guest; 'brukerrepresentant, Ungdomsrådet i Helse Bergen' → role + org.
    """
    from samkart.loaders.dates import date_or_year

    vocab = vocabularies()
    aff = Affiliation()
    for part in [p.strip() for p in re.split(r"\s*[,;]\s*|\s+[–—]\s+", text) if p.strip()]:
        key = fold(part)
        m = re.match(r"^(ut|til|fra|frå|fram til|inn)\b\s*(.*)$", key)
        if m and date_or_year(part):
            value = date_or_year(part)
            if m.group(1) in ("ut", "til", "fram til"):
                aff.end = value
            else:
                aff.start = value
            continue
        if key in vocab.modifiers:
            mod = vocab.modifiers[key]
            aff.remote = aff.remote or bool(mod.get("remote"))
            aff.capacity = mod.get("capacity", aff.capacity)
            if mod.get("role"):
                aff.role = mod["role"]
            continue
        if vocab.role_key(part):
            aff.role = part if aff.role is None else f"{aff.role}, {part}"
            continue
        body = body_mention(part)
        if body and not vocab.organisation_key(part):
            aff.body = part
            continue
        leading_role = _leading_role(part)
        if leading_role:
            role, rest = leading_role
            aff.role = role
            if rest:
                if body_mention(rest) and not vocab.collaboration_key(rest):
                    aff.body = rest
                else:
                    aff.organisation = rest
            continue
        if aff.organisation is None:
            aff.organisation = part
        elif vocab.role_key(part) is None and aff.role is None and not vocab.organisation_key(part):
            # 'Universitetet i Bergen, rektorat': the second part is a unit of the first
            aff.organisation = f"{aff.organisation}, {part}"
        else:
            aff.organisation = f"{aff.organisation}, {part}"
    return aff


def _leading_role(text: str) -> tuple[str, str] | None:
    """'Klyngefasilitator Alrek helseklynge' → ('Klyngefasilitator', 'Alrek helseklynge')."""
    vocab = vocabularies()
    folded = fold(text)
    for alias, _key in vocab.aliases_starting("_role_index", folded):
        if folded.startswith(alias + " ") and len(alias) >= 4:
            return text[: len(alias)], text[len(alias):].strip()
    return None


def body_mention(text: str) -> str | None:
    """The body type a phrase names: 'OU Voss' → omradeutvalg; 'Styringsgruppen' → styringsgruppe."""
    vocab = vocabularies()
    folded = fold(text)
    for alias, key in vocab.aliases_starting("_body_index", folded):
        if folded == alias or folded.startswith(alias + " "):
            return key
    return None
