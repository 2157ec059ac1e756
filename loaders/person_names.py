"""The one name recogniser every pass uses: is there a person's name here, and where does it end?

A name is two to five capitalised words (hyphens, apostrophes and particles such as 'de' allowed,
initials such as 'T.' or 'H' inside), not an organisation, place, body or role. Outside a
name slot (running text, run-on cells) the first word must also be a known Nordic given name
(ontology/given_names.txt). Titles written before a name ('ordfører Kari Nordmann') and party
letters after it ('(S)') are read off, never kept as part of the name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from samkart.loaders.lexicon import lexicon
from samkart.ontology import fold, vocabularies

UPPER = "A-ZÆØÅÄÖÜÉÈÁÓÚÍČŠŽŊĐŦÂÏ"  # Sami letters too ('Čiŋa', 'Ŋuolja')
LOWER = "a-zæøåäöüéèáóúíñßðčšžŋđŧâï"
WORD = rf"[{UPPER}](?:['’][{UPPER}])?[{LOWER}'’]+(?:[-‐][{UPPER}]?[{LOWER}'’]+)*"  # 'O'Neill', 'Ødegård-Lie'
INITIAL = rf"[{UPPER}]\.?(?:-[{UPPER}]\.?)?"
PARTICLES = frozenset({"de", "van", "von", "af", "der", "la", "le", "da", "di", "du", "ten", "ter", "zu", "dos", "del"})
_TOKEN = re.compile(rf"{WORD}|{INITIAL}(?![{LOWER}])|(?:{'|'.join(PARTICLES)})(?=\s)")
_WORD_ONLY = re.compile(rf"^{WORD}$")
_INITIAL_ONLY = re.compile(rf"^{INITIAL}$")


@dataclass
class FoundName:
    name: str
    start: int  # offsets in the text searched
    end: int
    title: str | None = None  # words before the name that are a title or role ('ordfører')


@lru_cache(maxsize=1 << 16)
def _bad_word(token: str) -> bool:
    """An organisation or place word, alone or as the end of a compound ('Universitetssykehuset')."""
    vocab = vocabularies()
    word = fold(token.rstrip("."))
    if any(part in vocab.not_names for part in word.split("-") if part):
        return True  # 'Nord-Norge', 'Helse-Vest'
    return word in vocab.not_names or word.endswith(_long_not_names())


@cache
def _long_not_names() -> tuple[str, ...]:
    return tuple(w for w in vocabularies().not_names if len(w) >= 7)


@lru_cache(maxsize=1 << 16)
def plausible_name(name: str, strict: bool = False) -> bool:
    """Two to five name tokens, ending in a surname, none an organisation word; `strict` also
    asks that the first token is a known given name (for names found in running text)."""
    tokens = name.split()
    if not 2 <= len(tokens) <= 5:
        return False
    vocab = vocabularies()
    if vocab.organisation_key(name) or vocab.collaboration_key(name) or vocab.body_type_key(name) or vocab.role_key(name):
        return False
    lex = lexicon()
    if fold(tokens[0]) in lex.titles or vocab.role_key(tokens[0]) or \
            (not lex.is_given_name(tokens[0]) and fold(tokens[0]).endswith(lex.title_suffixes)):
        return False  # 'Rådmann Ola Nordmann', 'Afdelingschef Malene Skov': the title is read off by the caller
    if fold(tokens[0]) in lex.collaboration_types or any(fold(t) in lex.collaboration_types for t in tokens):
        return False
    for i, token in enumerate(tokens):
        if token in PARTICLES:
            if i == 0 or i == len(tokens) - 1:
                return False
            continue
        if _INITIAL_ONLY.match(token):
            if i == 0 and not token.endswith("."):
                return False  # 'B. Olofsson' is a name written with an initial; a bare capital letter opens none
            if i == len(tokens) - 1:
                return False
            continue
        if not _WORD_ONLY.match(token) or _bad_word(token):
            return False
        if i and (fold(token) in lex.titles or vocab.role_key(token)):
            return False  # 'Maria Sjöberg Ordförande': a signature's role, not a surname
    if _INITIAL_ONLY.match(tokens[0]):
        return tokens[0].endswith(".") and len(tokens[-1]) >= 3
    return not strict or lex.is_given_name(tokens[0])


def _tokens_from(text: str, pos: int) -> list[re.Match[str]]:
    """Consecutive name-shaped tokens starting at `pos`, separated by single spaces."""
    out: list[re.Match[str]] = []
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            break
        out.append(m)
        pos = m.end()
        if pos < len(text) and text[pos] == " " and pos + 1 < len(text) and text[pos + 1] != " ":
            pos += 1
        else:
            break
    return out


def name_at(text: str, pos: int = 0, strict: bool = False) -> FoundName | None:
    """The longest plausible name starting exactly at `pos` (trailing tokens dropped until it fits)."""
    tokens = _tokens_from(text, pos)
    # a known organisation or body word ends the name: 'Ola Nordmann Bergen kommune' is rare, 'Region Syddanmark Lars' is not a name
    for cut in range(min(len(tokens), 5), 1, -1):
        candidate = text[tokens[0].start(): tokens[cut - 1].end()]
        if plausible_name(candidate, strict):
            return FoundName(candidate, tokens[0].start(), tokens[cut - 1].end())
    return None


def leading_name(text: str, strict: bool = False) -> FoundName | None:
    """A name at the start of `text`, after any title or role words ('Rådmann Ola Nordmann', 'leder Kari Hansen')."""
    stripped = text.lstrip(" \t-•·*–—:")
    offset = len(text) - len(stripped)
    found = name_at(text, offset, strict)
    if found:
        return found
    title = _leading_title(stripped) or _title_words(stripped)
    if title:
        rest = stripped[len(title):]
        rest_stripped = rest.lstrip(" ,")
        at = offset + len(title) + (len(rest) - len(rest_stripped))
        found = name_at(text, at, strict)
        if found:
            found.title = title.strip()
            return found
    return None


@lru_cache(maxsize=1 << 14)
def _title_words(text: str) -> str | None:
    """Title words before a name no list knows ('sundheds- og omsorgsdirektør', 'Lægefaglig direktør, dr.med.',
    'prof. dr.', 'Afdelingschef'): lower-case words, abbreviations and words ending in a title suffix, up to the
    first run of words that is a name whose first word is a known given name."""
    lex = lexicon()
    for m in re.finditer(rf"(?<=[\s,])(?=[{UPPER}])", text[:80]):
        prefix = text[: m.start()]
        words = [w.strip(",") for w in prefix.split() if w.strip(",")]
        # a title opening a line is capitalised ('Lægefaglig direktør, dr.med. …')
        if not words or not _title_run(words, lex):
            continue
        found = name_at(text, m.start(), strict=True)
        if found and lex.is_given_name(found.name.split()[0]):  # after a title, the name starts with a given name
            return prefix
    return None


def _title_run(words: list[str], lex) -> bool:
    """Every word belongs to a title; capitalised words only as its first word or after a linking word
    ('chef for Social og Sundhed'), so an organisation before a name ('Viborg Kommune Lise Dam') is no title."""
    linked = False
    for i, w in enumerate(words):
        if fold(w) in _LINKS and i:
            linked = True
            continue
        if _title_word(w, lex, i == 0) and not (w[:1].isupper() and i and not linked and not w.endswith((".", "-"))
                                                 and not fold(w).endswith(lex.title_suffixes)):
            continue
        if i == 0 and len(words) > 1 and w[:1].isupper() and not lex.is_given_name(w):
            continue
        if linked and w[:1].isupper():
            continue
        return False
    return True


_LINKS = ("og", "and", "och", "&", "for", "för", "i", "af", "av", "ved", "på", "til", "til", "med")


def _title_word(word: str, lex, first: bool = False) -> bool:
    """A word of a title: an abbreviation ('dr.med.'), a compound's first part ('sundheds-'), a word ending in a
    title suffix ('omsorgsdirektør'), a known title, a linking word inside ('chef for Social og Sundhed')."""
    folded = fold(word)
    if folded in _LINKS:
        return not first
    return word.endswith(".") or word.endswith("-") or folded.endswith(lex.title_suffixes) \
        or folded in lex.titles


@cache
def _title_phrases() -> dict[str, list[str]]:
    """Known titles and role words, by their first word, longest first."""
    by_first: dict[str, list[str]] = {}
    for phrase in {*lexicon().titles, *(a for a, _ in vocabularies().role_aliases())}:
        by_first.setdefault(phrase.split()[0] if phrase.split() else phrase, []).append(phrase)
    return {k: sorted(v, key=len, reverse=True) for k, v in by_first.items()}


def _leading_title(text: str) -> str | None:
    """Title or role words at the start: the longest known phrase, possibly several ('nestleder og administrerende direktør')."""
    folded = fold(text)
    best = 0
    first = folded.split()[0] if folded.split() else ""
    for phrase in _title_phrases().get(first, ()):
        if folded == phrase or folded.startswith(phrase + " "):
            best = len(phrase)
            break
    if not best:
        return None
    rest = folded[best:]
    m = re.match(r"^\s+(og|och)\s+", rest)
    if m:
        more = _leading_title(text[best + m.end():])
        if more:
            return text[: best + m.end() + len(more)]
    return text[:best]


def find_names(text: str, strict: bool = True) -> list[FoundName]:
    """Every name in running text, left to right (titles before a name read off)."""
    found: list[FoundName] = []
    pos = 0
    for m in re.finditer(rf"(?<![{UPPER}{LOWER}\-])[{UPPER}]", text):
        if m.start() < pos:
            continue
        hit = name_at(text, m.start(), strict)
        if hit:
            before = text[max(0, m.start() - 60): m.start()]
            hit.title = _title_before(before)
            found.append(hit)
            pos = hit.end
    return found


def _title_before(before: str) -> str | None:
    """Title or role words right before a name in running text ('… og brukerrepresentant ')."""
    lex, vocab = lexicon(), vocabularies()
    words = before.rstrip().split()
    for n in range(min(4, len(words)), 0, -1):
        phrase = fold(" ".join(words[-n:]).strip(",;:("))
        if phrase in lex.titles or vocab.role_key(phrase):
            return " ".join(words[-n:]).strip(",;:(")
    return None


_GLUE_LOWER = re.compile(rf"(?<=[{LOWER}])(?=[{UPPER}][{LOWER}])")
_GLUE_UPPER = re.compile(rf"(?<=[{UPPER}]{{2}})(?=[{UPPER}][{LOWER}])")


def unglue(text: str) -> str:
    """Split text glued to a name by PDF or web extraction: 'VesterålenRita Johnsen', 'Vestre Viken HFArild Sønsteby'.
    Only where the right part starts with a known given name, so 'McDonald' or 'HelseVest' stay."""
    lex = lexicon()

    def cut(points: list[int], s: str) -> str:
        for p in reversed(points):
            word = re.match(rf"[{UPPER}][{LOWER}]+", s[p:])
            if word and lex.is_given_name(word.group(0)):
                s = s[:p] + " " + s[p:]
        return s

    text = cut([m.start() for m in _GLUE_LOWER.finditer(text)], text)
    return cut([m.start() for m in _GLUE_UPPER.finditer(text)], text)


_PARTY = re.compile(r"^\s*\(([A-ZÆØÅÄÖ][A-Za-zæøåÆØÅ]{0,3})\)")


def party_after(text: str) -> tuple[str | None, str]:
    """Party letters right after a name: '(S), ordförande …' → ('S', ', ordförande …')."""
    m = _PARTY.match(text)
    if m and m.group(1) in lexicon().parties:
        return m.group(1), text[m.end():]
    m = re.match(r"^\s*,\s*([A-ZÆØÅ][A-Za-z]{0,3})\s*(?=$|[,;])", text)
    if m and m.group(1) in lexicon().parties:
        return m.group(1), text[m.end():]
    return None, text
