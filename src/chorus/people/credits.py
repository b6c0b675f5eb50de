"""People the page furniture credits: the byline's authors, reporters, editors, photographers.

The clean stage removes bylines and picture credits from the body, so NER never sees them, yet
they name real people ("By Jane Roe", "(Reporting by A and B)", "AP Photo/Jane Roe",
"(Jane Roe/Agency)", "Editor: Jane Roe"). They are read here from the removed text, by cue
words (``people_credit_cues.txt``) and name shape, and become person entities whose role is
what the page credits them for. A name on a credit is a name only: it never becomes a speaker,
and the furniture around it never becomes an alias or a role.
"""

from __future__ import annotations

import re
from functools import lru_cache

from chorus.lexicons import table, words
from chorus.people import names
from chorus.records import Article, EntityMention, stable_id

#: Removed spans separated by no more than this much whitespace are read as one region.
MAX_REGION_GAP = 4
#: A credited name has two to four words ("Li Yan", "David Paul Morris").
MIN_NAME_WORDS, MAX_NAME_WORDS = 2, 4
_PARTICLES = frozenset({"de", "van", "von", "der", "da", "al", "bin", "el", "la", "le", "di"})
_TOKEN = re.compile(r"[^\s,;:/()\[\]|•·&]+|[,;:/()\[\]|•·&]|\n")
#: What may stand before a credit cue: a line break, a bracket or separator, a capitalised
#: word ("Xinhua Editor : Li Yan") or a date ("June 13, 2025 by Cal Brennan").
_FIELD_START = re.compile(r"^[\n(\[:;,|•·]$|[A-Z]\w*$|\d$")
#: The role of a name on either side of a picture-desk slash ("AP Photo/Jane Roe").
SLASH_ROLE = "photographer"


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Cue word sequences (lower case, longest first) -> the role they credit."""
    rows = [(tuple(row[0].lower().split()), row[1]) for row in table("people_credit_cues.txt")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _not_name_words() -> frozenset[str]:
    """Words that make a capitalised run an outlet, a firm or a credit, not a person."""
    cue_words = {w for cue, _role in _cues() for w in cue}
    credit = {w.lower() for w in words("boilerplate_credit.txt") for w in w.split()}
    articles = {"the", "a", "an", "of", "and"}
    return frozenset(set(names.org_cues()) | names.known_outlets() | cue_words | credit | articles)


def _is_agency(tokens: list[str]) -> bool:
    """The other side of a picture-desk slash names an agency or a credit ("Bloomberg",
    "AP Photo", "The Kestrian Herald"), which is what makes the slash a credit."""
    return any(t.lower() in _not_name_words() or (len(t) > 1 and t.isupper()) for t in tokens)


def _is_name_word(token: str) -> bool:
    """Capitalised and then lower case ("Mohsin", "O'Neill", "McVey", "Ó", "Tzu-hsuan")."""
    if not token[:1].isupper() or re.search(r"['’]s?$", token):
        return False  # a possessive ("Fed's") is not a credited name
    for part in re.split(r"['’-]", token):
        core = part[2:] if part.startswith("Mc") else part[1:]
        if part and (not part.isalpha() or any(c.isupper() for c in core)):
            return False
    return True


def _person_name(tokens: list[str]) -> bool:
    if not MIN_NAME_WORDS <= len(tokens) <= MAX_NAME_WORDS:
        return False
    if not _is_name_word(tokens[0]) or not _is_name_word(tokens[-1]):
        return False
    if any(t.lower() in _not_name_words() for t in tokens):
        return False
    return all(_is_name_word(t) or t.lower() in _PARTICLES for t in tokens)


def _regions(article: Article) -> list[tuple[int, int]]:
    """Removed stretches of the original text, adjacent removals joined."""
    regions: list[tuple[int, int]] = []
    for span in sorted(article.removed, key=lambda r: r.start):
        gap = article.original[regions[-1][1] : span.start] if regions else None
        if gap is not None and len(gap) <= MAX_REGION_GAP and not gap.strip():
            regions[-1] = (regions[-1][0], max(regions[-1][1], span.end))
        else:
            regions.append((span.start, span.end))
    return regions


Found = tuple[int, int, str]  # start, end (offsets in the region text), role


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _name_run(tokens: list[tuple[int, int, str]], i: int) -> int:
    """End index of the capitalised run starting at ``i`` (one line, at most four words; a
    repeat of its first word starts a doubled byline and ends it)."""
    j = i
    while j < len(tokens) and j - i < MAX_NAME_WORDS:
        word = tokens[j][2]
        if word == "\n" or (j > i and word == tokens[i][2]):
            break
        if not (_is_name_word(word) or (j > i and word.lower() in _PARTICLES)):
            break
        if word.lower() in _not_name_words():
            break  # "Rachel Siegel Washington Post": the outlet starts at "Washington"
        j += 1
    outlet_next = j < len(tokens) and (
        tokens[j][2].lower() in names.org_cues() or tokens[j][2].lower() in names.known_outlets()
    )
    if outlet_next and j - i > MIN_NAME_WORDS:
        j -= 1  # the word before an outlet word belongs to the outlet's name
    return j


def _names_after(tokens: list[tuple[int, int, str]], i: int, role: str) -> list[Found]:
    """Names listed from token ``i`` on: "A B, C D and E F" (each name may be doubled)."""
    found: list[Found] = []
    while i < len(tokens):
        while i < len(tokens) and tokens[i][2] in {"\n", ":"}:
            i += 1
        j = _name_run(tokens, i)
        if j == i:
            break
        run = [t[2] for t in tokens[i:j]]
        if _person_name(run):
            found.append((tokens[i][0], tokens[j - 1][1], role))
        i = j
        while i < len(tokens) and tokens[i][2] == "\n":
            i += 1
        repeat = _name_run(tokens, i)
        if [t[2] for t in tokens[i:repeat]] == run:
            i = repeat  # "Saleha Mohsin\nSaleha Mohsin"
        while i < len(tokens) and tokens[i][2] == "\n":
            i += 1
        if i >= len(tokens) or tokens[i][2].lower() not in {",", "and", "&"}:
            break
        i += 1
    return found


def _cue_at(tokens: list[tuple[int, int, str]], i: int) -> tuple[int, str] | None:
    """(index after the cue, role) when a credit cue starts at token ``i``."""
    for cue, role in _cues():
        got = [t[2].lower() for t in tokens[i : i + len(cue)]]
        if got == list(cue):
            return i + len(cue), role
    return None


def _slash_credits(tokens: list[tuple[int, int, str]]) -> list[Found]:
    """Names on either side of a picture-desk slash whose other side is an agency or a
    credit: "(Jane Roe/Agency)", "AP Photo/Jane Roe" (not "Log Out / Change")."""
    found: list[Found] = []
    for k, (_s, _e, word) in enumerate(tokens):
        if word != "/":
            continue
        left = k
        while left > 0 and k - left < MAX_NAME_WORDS and _is_name_word(tokens[left - 1][2]):
            left -= 1
        right = _name_run(tokens, k + 1)
        before = [t[2] for t in tokens[max(0, k - MAX_NAME_WORDS) : k] if t[2] != "\n"]
        after = [t[2] for t in tokens[k + 1 : k + 1 + MAX_NAME_WORDS] if t[2] != "\n"]
        if _person_name([t[2] for t in tokens[left:k]]) and _is_agency(after):
            found.append((tokens[left][0], tokens[k - 1][1], SLASH_ROLE))
        if _person_name([t[2] for t in tokens[k + 1 : right]]) and _is_agency(before):
            found.append((tokens[k + 1][0], tokens[right - 1][1], SLASH_ROLE))
    return found


def credits_in(text: str) -> list[Found]:
    """Credited people in a stretch of page furniture: (start, end, role), text offsets."""
    tokens = _tokens(text)
    found: list[Found] = []
    for i in range(len(tokens)):
        if i > 0 and not _FIELD_START.search(tokens[i - 1][2]):
            continue  # "Trump endorsed by X" in a list of headlines credits nobody
        cue = _cue_at(tokens, i)
        if cue:
            found.extend(_names_after(tokens, cue[0], cue[1]))
    found.extend(_slash_credits(tokens))
    unique: dict[tuple[int, int], Found] = {}
    for item in found:
        unique.setdefault((item[0], item[1]), item)
    return sorted(unique.values())


def credit_entities(article: Article, entities: list[EntityMention]) -> list[EntityMention]:
    """Person entities for the people the removed furniture credits; a name the body already
    names adds its credit role to that entity instead."""
    by_name = {e.name: e for e in entities if e.kind == "person"}
    made: dict[str, EntityMention] = {}
    for region_start, region_end in _regions(article):
        text = article.original[region_start:region_end]
        for start, end, role in credits_in(text):
            surface = text[start:end]
            name = " ".join(surface.split())
            entity = by_name.get(name) or made.get(name)
            if entity is None:
                entity = made[name] = EntityMention(
                    article=article.id,
                    local_id=stable_id(article.id, "credit", name),
                    name=name,
                    kind="person",
                )
            entity.mentions.append((region_start + start, region_start + end, surface))
            if role not in entity.roles:
                entity.roles.append(role)
    return list(made.values())
