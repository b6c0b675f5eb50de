"""A person's gender as the article and common first names tell it, so that a pronoun never
resolves to someone of the other gender ("she" is not Ted Cruz).

Evidence, strongest first: a gendered honorific or role noun the article writes with the name
("Mrs. Pell", "spokeswoman Ana Pell", lexicon ``gendered_words.txt``), then the first name,
looked up in the US Census 1990 first-name frequency lists that the ``names`` package ships
(public data): a name counts as one gender only when it is at least ``_DOMINANCE`` times as
frequent among that gender ("Hillary" is female; "Kelly", "Jan" and "Marty" are undecided). A
name not in the lists ("Sauli", "Recep") tells nothing. Appositions ("executive at her father's
company") are not evidence: a gendered noun there may be someone else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from chorus.lexicons import table

#: How many times more frequent a first name must be in one gender's list to decide.
_DOMINANCE = 10.0


@cache
def gendered_words() -> dict[str, str]:
    return {word: gender for word, gender in table("gendered_words.txt")}


@cache
def _census(file: str) -> dict[str, float]:
    """First name -> percent of that gender's population (a census list of the names package)."""
    text = resources.files("names").joinpath(file).read_text(encoding="utf-8")
    found = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            found[parts[0].lower()] = float(parts[1])
    return found


def first_name_gender(first: str) -> str | None:
    """ "male", "female" or None (unknown or shared) for a first name."""
    name = first.lower()
    male = _census("dist.male.first").get(name, 0.0)
    female = _census("dist.female.first").get(name, 0.0)
    if male > _DOMINANCE * female:
        return "male"
    if female > _DOMINANCE * male:
        return "female"
    return None


def gender_of(name: str, context: Iterable[str] = ()) -> str | None:
    """The gender of the person called ``name``, with ``context`` the titles and mention texts
    the article writes with it; None when nothing tells or the evidence disagrees."""
    marked = {
        gendered_words()[word]
        for text in context
        for word in re.findall(r"[a-z]+", text.lower())
        if word in gendered_words()
    }
    if len(marked) == 1:
        return marked.pop()
    if marked:
        return None
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", name) if w.lower() not in gendered_words()]
    return first_name_gender(words[0]) if len(words) > 1 else None
