"""Which name-like spans of a parsed article are people, organisations or outlets.

spaCy's entities and the proper nouns it missed are the candidates; each is trimmed, split at
line breaks, and typed from cue words (``people_org_cues.txt``, ``people_outlets.txt``), the
syntax around it (titles, role appositives, saying) and what the whole article says about its
words (``chorus.people.likeness``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from chorus.lexicons import table
from chorus.people import likeness, names

NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "GPE", "NORP", "LOC"}
PLACE_LABELS = {"GPE", "LOC", "NORP"}
_LOCATIVE_PREPOSITIONS = {"in", "into", "to", "from", "near", "at", "towards", "toward", "across"}


@lru_cache(maxsize=1)
def speech_lemmas() -> frozenset[str]:
    """Reporting verbs, shared with attribution (a person is the subject of saying)."""
    try:
        return frozenset(row[0] for row in table("reporting_verbs.txt"))
    except (FileNotFoundError, OSError):
        return frozenset({"say", "tell", "add", "note", "explain", "claim", "write"})


def _token_is_name_like(token: Token) -> bool:
    text = token.text.strip(names.APOSTROPHES)
    return bool(text) and (text[0].isupper() or text[0].isdigit()) and not token.is_punct


#: Parts of speech that never begin a name ("Using Pelosi's visit", "Says Biden").
_NOT_NAME_START = {"VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PRON", "PART", "ADV", "INTJ", "DET"}


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners, verbs and punctuation and trailing possessives/punctuation."""
    while start < end and (
        doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct or doc[start].is_space
    ):
        start += 1
    while end - start > 1 and doc[start].pos_ in _NOT_NAME_START:
        start += 1
    while end > start and (
        doc[end - 1].is_punct
        or doc[end - 1].is_space
        or doc[end - 1].lower_.strip(names.APOSTROPHES) in {"", "s"}
    ):
        end -= 1
    return start, end


def _pieces(doc: Doc, span: Span) -> list[tuple[int, int]]:
    """Split an entity span at line breaks and slashes (a span never crosses a line)."""
    pieces: list[tuple[int, int]] = []
    start = span.start
    for token in span:
        if "\n" in token.text or token.text in {"/", "|", "•"} or "\n" in token.whitespace_:
            end = token.i if ("\n" in token.text or token.text in {"/", "|", "•"}) else token.i + 1
            pieces.append((start, end))
            start = token.i + 1
    pieces.append((start, span.end))
    return [p for p in (trim(doc, s, e) for s, e in pieces) if p[1] > p[0]]


def _org_kind(tokens: list[str]) -> str | None:
    """organisation / outlet from the lexicons, or None when no cue is present."""
    joined = " ".join(t.lower() for t in tokens)
    if joined in names.known_outlets():
        return "outlet"
    cues = names.org_cues()
    kinds = {cues[t.lower()] for t in tokens if t.lower() in cues}
    if "outlet" in kinds:
        return "outlet"
    if "organisation" in kinds:
        return "organisation"
    return None


def _described_as_person(doc: Doc, start: int, end: int) -> bool:
    """A title before the name, a role in apposition (", leader of ..."), or "who ..."."""
    if start > 0 and (doc[start - 1].lower_,) in names.titles():
        return True
    if end - start > 1 and (doc[start].lower_,) in names.titles():
        return True
    head = doc[start:end].root
    for child in head.children:
        if child.i >= end and child.dep_ == "appos" and child.lemma_.lower() in names.role_nouns():
            return True
        if child.dep_ == "relcl" and any(t.lower_ == "who" for t in child.subtree):
            return True
    if head.dep_ != "appos":
        return False
    governors = [head.head]
    set_off = start > 0 and doc[start - 1].text == ","
    if set_off and head.head.dep_ == "pobj" and head.head.head.lower_ == "of":
        governors.append(head.head.head.head)  # "the president of the Commission, X"
    return any(g.lemma_.lower() in names.role_nouns() for g in governors)


def has_person_context(doc: Doc, start: int, end: int) -> bool:
    """Syntax that only people have: a title before, a role appositive, "who", saying."""
    if _described_as_person(doc, start, end):
        return True
    head = doc[start:end].root
    if head.dep_ in {"nsubj", "nsubjpass"} and head.head.lemma_ in speech_lemmas():
        return True
    return head.dep_ == "dobj" and head.head.lemma_ == "quote"  # "BelTA quoted X as saying"


def _named_person(doc: Doc, start: int, end: int) -> bool:
    """A full name (two or three name-shaped words) that the text describes as a person."""
    return (
        2 <= end - start <= 3
        and all(likeness.has_name_shape(t) for t in doc[start:end])
        and _described_as_person(doc, start, end)
    )


def _looks_like_place(doc: Doc, start: int, end: int, place_texts: set[str]) -> bool:
    """A one-word "person" that is really a place or a thing (Kyiv, Iskander missiles)."""
    text = doc[start:end].text
    if text in place_texts:
        return True
    if end - start != 1:
        return False
    if any(p.startswith(text) and 0 < len(p) - len(text) <= 3 for p in place_texts):
        return True  # "Gorvia" beside "Gorvian"
    token = doc[start]
    if start > 0 and doc[start - 1].lower_ in _LOCATIVE_PREPOSITIONS:
        return True
    if token.dep_ == "compound" and token.head.pos_ == "NOUN":
        return token.head.lemma_.lower() not in names.role_nouns()
    listed_with = [token.head] if token.dep_ == "conj" else []
    listed_with += [child for child in token.children if child.dep_ == "conj"]
    return any(other.ent_type_ in PLACE_LABELS for other in listed_with)


def _full_names(doc: Doc, seen: likeness.ArticleWords) -> list[list[str]]:
    """The multi-word PERSON entities (the people the article introduces); a headline's
    capitals introduce nobody."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        for start, end in _pieces(doc, ent):
            if likeness.rejection(doc, start, end, seen, known_person=False):
                continue
            tokens = names.split_title(names.name_tokens(doc[start:end].text))[1]
            if len(tokens) >= 2:
                found.append(tokens)
    return found


def full_name_surnames(doc: Doc, seen: likeness.ArticleWords) -> set[str]:
    """Surname keys of the people the article names in full."""
    return {names.translit_key(tokens[-1]) for tokens in _full_names(doc, seen)}


def alone_name_keys(doc: Doc, seen: likeness.ArticleWords) -> set[str]:
    """Keys of the one word a person named in full may go by alone: the surname, or the first
    word of a two-word name (a family name written first: "Wang Wenbin" ... "Wang said")."""
    keys = set()
    for tokens in _full_names(doc, seen):
        keys.add(names.translit_key(tokens[-1]))
        if len(tokens) == 2 and not names.is_initial(tokens[0]):
            keys.add(names.translit_key(tokens[0]))
    return keys


def candidate_spans(doc: Doc, alone_names: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) of name-like spans: entities plus proper nouns spaCy missed
    (a person context, an outlet name, the surname of a person named in full, or a full
    name ending in a word spaCy tagged a person alone elsewhere: "Theresa May's deal")."""
    spans: list[tuple[int, int, str]] = []
    covered: set[int] = set()
    lone_persons: set[str] = set()
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        for start, end in _pieces(doc, ent):
            spans.append((start, end, ent.label_))
            if ent.label_ == "PERSON" and end - start == 1:
                lone_persons.add(names.strip_possessive(doc[start].text))
        covered.update(range(ent.start, ent.end))
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in covered or token.pos_ != "PROPN" or not _token_is_name_like(token):
            i += 1
            continue
        j = i
        while j < len(doc) and j not in covered and doc[j].pos_ == "PROPN":
            if "\n" in doc[j].whitespace_:
                j += 1
                break
            j += 1
        start, end = trim(doc, i, j)
        last = names.strip_possessive(doc[end - 1].text) if end > start else ""
        if end > start and (
            has_person_context(doc, start, end)
            or _org_kind([t.text for t in doc[start:end]]) == "outlet"
            or (end - start == 1 and names.translit_key(last) in alone_names)
            or (2 <= end - start <= 3 and last in lone_persons)
        ):
            spans.append((start, end, "PROPN"))
        i = max(j, i + 1)
    return sorted(spans)


@dataclass
class ArticleContext:
    """What every classification in one article consults."""

    place_texts: set[str]
    person_surnames: set[str]
    seen: likeness.ArticleWords
    alone_names: set[str] = field(default_factory=set)  # ``alone_name_keys``
    lone_persons: set[str] = field(default_factory=set)  # one-word PERSON entities


def lone_persons(doc: Doc, seen: likeness.ArticleWords) -> set[str]:
    """Words spaCy tags as a person on their own ("Juncker said") and nothing in the article
    speaks against ("the Border" is no one)."""
    return {
        names.strip_possessive(e.text)
        for e in doc.ents
        if e.label_ == "PERSON"
        and len(e) == 1
        and not likeness.rejection(doc, e.start, e.end, seen, known_person=False)
    }


def _titled(doc: Doc, start: int, end: int) -> bool:
    """A title or honorific before the name, or opening it ("Mr Lai", "President Tsai")."""
    if start > 0 and (doc[start - 1].lower_.rstrip("."),) in names.titles():
        return True
    return end - start > 1 and (doc[start].lower_,) in names.titles()


def classify(doc: Doc, start: int, end: int, label: str, context: ArticleContext) -> str | None:
    """person / organisation / outlet, or None for places and non-names."""
    kind = _classify_span(doc, start, end, label, context)
    if kind != "person":
        return kind
    tokens = names.name_tokens(doc[start:end].text)
    known = _surname_known(tokens, context)
    if label == "ORG" and not known and doc[end - 1].text in context.seen.employers:
        return "organisation"  # "X told clients" and "X chief economist Y": X employs people
    known = known or _titled(doc, start, end)
    reason = likeness.rejection(doc, start, end, context.seen, known)
    if reason == "shape" and (label == "ORG" or doc[end - 1].text in context.seen.employers):
        return "organisation"  # a firm's casing: "BofA economists"
    return None if reason else kind


def _surname_known(tokens: list[str], context: ArticleContext) -> bool:
    """The name ends in the surname of someone the article names in full (a one-word name
    may also be a family name written first)."""
    if not tokens:
        return False
    keys = context.alone_names if len(tokens) == 1 else context.person_surnames
    return names.translit_key(tokens[-1]) in keys


def _classify_span(
    doc: Doc, start: int, end: int, label: str, context: ArticleContext
) -> str | None:
    """person / organisation / outlet from the label, cue words and syntax."""
    place_texts = context.place_texts
    tokens = [t.text for t in doc[start:end]]
    if not any(_token_is_name_like(t) for t in doc[start:end]):
        return None
    core = names.org_core(tokens)
    org_kind = _org_kind(core) or _org_kind(tokens)
    if org_kind == "outlet" or (org_kind and label != "PERSON"):
        return org_kind
    if likeness.all_titles(list(doc[start:end])):
        return None  # "Taoiseach", "Chairman": a title names no one and no body
    if label in PLACE_LABELS and not _named_person(doc, start, end):
        return None  # a place, unless a full name described as a person ("X, leader of Y")
    surname_known = _surname_known(names.name_tokens(doc[start:end].text), context)
    if label == "PERSON" or label == "PROPN":
        if org_kind:
            return org_kind
        if end - start == 1 and not surname_known:
            token = doc[start]
            if token.pos_ not in {"PROPN", "NOUN"}:
                return None  # "Exiled" at a sentence start
            if start > 0 and doc[start - 1].lower_ == "the":
                return None  # "the Tarn": a river or a thing, not a person
        if not surname_known and _looks_like_place(doc, start, end, place_texts):
            return None
        return "person"
    # ORG / WORK_OF_ART / PRODUCT / FAC (or a place described as a person) without a cue word
    if doc[start:end].text in place_texts and not _named_person(doc, start, end):
        return None
    named = names.split_title(names.name_tokens(doc[start:end].text))[1]  # "Jean-Claude X"
    name_start = start + len(tokens) - len(names.split_title(tokens)[1])
    title_case = all(likeness.has_name_shape(t) for t in doc[name_start:end])
    if (
        1 < len(named) <= 3
        and title_case
        and (
            surname_known
            or (
                doc[name_start].text not in place_texts  # "Taiwan Xi warns": a place, a name
                and (
                    names.strip_possessive(tokens[-1]) in context.lone_persons
                    or has_person_context(doc, start, end)
                )
            )
        )
    ):
        return "person"
    if len(tokens) == 1 and surname_known:
        return "person"
    return "organisation" if label == "ORG" else None
