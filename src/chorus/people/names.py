"""Name normalisation: titles, possessives, transliteration keys and name compatibility.

Everything here is pure string logic shared by the per-article clustering and the
cross-article resolution, so both stages agree on what counts as "the same name".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from chorus.lexicons import table, words

#: Apostrophes and quote marks that end a possessive ("Lukashenko’s", "Times'").
APOSTROPHES = "'’‘`´"
_POSSESSIVE = re.compile(r"[" + APOSTROPHES + r"]s?$", re.IGNORECASE)

#: Spelling rules applied in order to build a transliteration key. They fold the common
#: romanisations of Cyrillic names onto one form (kh/h, ks/x, y/i, Belarusian ou/ov ...).
_TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    ("x", "ks"),
    ("kh", "h"),
    ("tch", "ch"),
    ("zh", "j"),
    ("w", "v"),
    ("ck", "k"),
    ("ph", "f"),
    ("th", "t"),  # Martha = Marta
    ("ou", "ov"),  # Belarusian ў: Tsikhanouskaya = Tikhanovskaya
    ("eu", "ev"),  # Kavaleuski = Kavalevski
    ("yu", "u"),
    ("iu", "u"),
    ("ya", "a"),
    ("ia", "a"),
    ("ye", "e"),
    ("yo", "o"),
    ("y", "i"),
    ("j", "i"),
    ("ts", "t"),
    ("tz", "t"),
)


def strip_accents(text: str) -> str:
    """Fold accented letters onto ASCII (so "Łukašenka" and "Lukasenka" compare)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_possessive(text: str) -> str:
    """Drop a trailing possessive ("Lukashenko’s" -> "Lukashenko", "Times'" -> "Times")."""
    return _POSSESSIVE.sub("", text.strip()).strip()


#: Cache sizes for the pure name functions: the cross-article stage asks about the same few
#: thousand spellings millions of times on a large corpus.
_NAME_CACHE = 1 << 16
_PAIR_CACHE = 1 << 18


@lru_cache(maxsize=_NAME_CACHE)
def translit_key(token: str) -> str:
    """A spelling-insensitive key for one name token (Lukashenko = Lukashenka)."""
    key = re.sub(r"[^a-z]", "", strip_accents(token).lower())
    for old, new in _TRANSLIT_RULES:
        key = key.replace(old, new)
    key = re.sub(r"au$", "ov", key)  # Belarusian -au = Russian -ov (Ivanau = Ivanov)
    key = re.sub(r"(.)\1+", r"\1", key)  # doubled letters
    if len(key) > 4:
        key = key.rstrip("aeiou") or key  # Russian -o / Belarusian -a endings
    return key


def skeleton(token: str) -> str:
    """Consonant skeleton of a transliteration key (first letter kept): Aleksandr = Alexander."""
    key = translit_key(token)
    return key[:1] + re.sub(r"[aeiou]", "", key[1:])


@lru_cache(maxsize=1)
def _given_name_groups() -> dict[str, int]:
    groups: dict[str, int] = {}
    for number, row in enumerate(table("people_translit.txt")):
        for spelling in row:
            groups[translit_key(spelling)] = number
    return groups


@lru_cache(maxsize=1)
def titles() -> dict[tuple[str, ...], str]:
    """Title token sequences (lower case) -> kind (honorific | office | military)."""
    return {tuple(row[0].lower().split()): row[1] for row in table("people_titles.txt")}


@lru_cache(maxsize=1)
def role_nouns() -> dict[str, str]:
    """Role noun -> class (leader/president/dictator -> head)."""
    return {row[0].lower(): row[1] for row in table("people_role_nouns.txt")}


@lru_cache(maxsize=1)
def org_cues() -> dict[str, str]:
    """Cue word -> organisation | outlet."""
    return {row[0].lower(): row[1] for row in table("people_org_cues.txt")}


@lru_cache(maxsize=1)
def known_outlets() -> frozenset[str]:
    return frozenset(w.lower() for w in words("people_outlets.txt"))


def is_initial(token: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]\.?", token))


@lru_cache(maxsize=_PAIR_CACHE)
def given_names_compatible(first: str, second: str) -> bool:
    """Whether two given names can denote the same person.

    Same key, a shared equivalence group, an initial ("A." for "Alexander"), the same
    consonant skeleton with the same ending (Aleksandr/Alexander, but not Paul/Pauline or
    Maria/Mario), or a short form that opens the full one (Phil/Philip, Alex/Alexander; not
    Paul/Pauline or Louis/Louise, whose longer form ends in a vowel).
    """
    if is_initial(first) or is_initial(second):
        return first[:1].lower() == second[:1].lower()
    key_a, key_b = translit_key(first), translit_key(second)
    if key_a == key_b:
        return True
    groups = _given_name_groups()
    if key_a in groups and groups.get(key_a) == groups.get(key_b):
        return True
    raw_a = strip_accents(first).lower()
    raw_b = strip_accents(second).lower()
    if skeleton(first) == skeleton(second) and raw_a[-1:] == raw_b[-1:]:
        return True
    return _short_form(raw_a, raw_b) or _short_form(raw_b, raw_a)


#: A short form of a given name keeps at least this many letters of it ("Dan", "Phil").
MIN_SHORT_FORM = 3


def _short_form(short: str, full: str) -> bool:
    return (
        MIN_SHORT_FORM <= len(short) < len(full)
        and full.startswith(short)
        and full[-1:] not in "aeiouy"
    )


@lru_cache(maxsize=_PAIR_CACHE)
def surname_match(first: str, second: str) -> str | None:
    """``"same"`` for equal surname keys, ``"typo"`` for a one-letter difference, else None.

    A typo needs a long enough name (six letters) so short names never fuzzily collide.
    """
    return keys_match(translit_key(first), translit_key(second))


def keys_match(key_a: str, key_b: str) -> str | None:
    """``surname_match`` on transliteration keys (what the Spark engine compares)."""
    if key_a == key_b:
        return "same"
    if min(len(key_a), len(key_b)) >= 6 and Levenshtein.distance(key_a, key_b) <= 1:
        return "typo"
    return None


def deletion_keys(key: str) -> set[str]:
    """The key and its one-letter deletions: two keys one edit apart share one (blocking)."""
    keys = {key}
    if len(key) >= 6:
        keys.update(key[:i] + key[i + 1 :] for i in range(len(key)))
    return keys


def nationality_key(word: str) -> str:
    """Fold a country/nationality word onto a short key: Belarus = Belarusian = Belarussian."""
    key = re.sub(r"[^a-z]", "", strip_accents(word).lower())
    return key[:5] if len(key) >= 5 else key


def name_tokens(text: str) -> list[str]:
    """Tokens of a name with possessives and punctuation (but not initials' dots) removed."""
    tokens = []
    for raw in strip_possessive(text).split():
        token = raw.strip(',;:()[]"“”' + APOSTROPHES)
        if token:
            tokens.append(token)
    return tokens


#: Lower-case words that describe an outlet rather than name it ("the state news agency BelTA").
GENERIC_ORG_WORDS = frozenset(
    {"the", "state", "news", "agency", "state-run", "official", "national"}
)


def org_core(tokens: list[str]) -> list[str]:
    """An organisation's name without lower-case descriptors: "BelTA news agency" -> BelTA."""
    core = [t for t in tokens if t.lower() not in GENERIC_ORG_WORDS or t[:1].isupper()]
    return [t for t in core if t.lower() != "the"] or tokens


def _is_title(head: tuple[str, ...]) -> bool:
    """A title ("prime minister", "Mr"), or one role noun, singular or plural ("Spokeswoman",
    "Presidents")."""
    if head in titles():
        return True
    roles = role_nouns()
    return len(head) == 1 and (head[0] in roles or head[0].removesuffix("s") in roles)


def split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split leading title tokens off a name: ["President", "Alexander", "X"] -> title, rest."""
    title: list[str] = []
    rest = list(tokens)
    changed = True
    while changed and len(rest) > 1:
        changed = False
        for size in (3, 2, 1):
            head = tuple(t.lower() for t in rest[:size])
            if len(rest) > size and _is_title(head):
                title.extend(rest[:size])
                rest = rest[size:]
                changed = True
                break
    return title, rest


@lru_cache(maxsize=_NAME_CACHE)
def role_signature(role: str) -> tuple[frozenset[str], frozenset[str]]:
    """(nationality keys, role classes) of a role's head phrase and its "of <Place>" part."""
    known = role_nouns()
    tokens = role.replace(",", " ").split()
    head_part: list[str] = []
    rest: list[str] = []
    for i, token in enumerate(tokens):
        if token.lower() in {"of", "who", "in", "at", "for", "and", "from", "with"}:
            rest = tokens[i:]
            break
        head_part.append(token)
    # the first role noun decides: "opposition leader" is a politician, not a head of state
    classes = {known[t.lower()] for t in head_part if t.lower() in known}
    classes = (
        {next(known[t.lower()] for t in head_part if t.lower() in known)} if classes else set()
    )
    nationalities = {
        nationality_key(t)
        for t in head_part
        if t[:1].isupper()
        and t.lower() not in known
        and t.lower() not in {"the", "a", "an"}
        and (t.lower(),) not in titles()
    }
    if rest and rest[0].lower() == "of" and len(rest) > 1 and rest[1][:1].isupper():
        nationalities.add(nationality_key(rest[1]))
    return frozenset(nationalities), frozenset(classes)
