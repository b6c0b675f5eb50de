"""Whether a name-like span names a person: the span's shape, its syntax and every other use of
its words in the article must agree.

spaCy's PERSON label alone lets through what news pages capitalise for other reasons: headline
casing ("US Will Defend Island"), common nouns used as names ("a hard Border", "no-deal
Brexit"), bare titles ("Chairman"), groups ("Tory Brexiteers"), abbreviations of firms
("BofA") and things a name stands in apposition to ("Erskine May, the procedural handbook").
Each check here is a general property of English news text, never a list of names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from chorus.lexicons import words
from chorus.people import names

#: Lower-case words headline casing leaves uncapitalised.
_FUNCTION_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for"}
    | {"from", "with", "as", "into", "onto", "over", "via", "vs", "is", "are", "was", "were"}
    | {"be", "its", "it"}
)
#: A headline-cased line is short and capitalises (nearly) every content word.
MAX_HEADLINE_WORDS = 20
MIN_HEADLINE_CONTENT_WORDS = 3
HEADLINE_CAPITAL_SHARE = 0.8
#: Suffixes of nouns that denote people ("member", "negotiator", "economist", "student").
_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "ant", "ent", "ee", "eer", "ess")
#: Plural suffixes of group nouns ("Brexiteers", "Remainers", "Democrats", "Republicans").
_GROUP_SUFFIXES = ("ers", "ists", "ites", "ians", "ans", "ats", "ics", "ies", "ees")
_UNNAMING_DETERMINERS = frozenset({"a", "an", "the", "no", "every", "each", "this", "that"})


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Nouns for people that are not roles (son, friend, candidate): an appositive with one of
    them describes a person."""
    return frozenset(words("people_person_nouns.txt"))


@dataclass
class ArticleWords:
    """What the whole article says about its capitalised words, computed once per article."""

    headline_tokens: frozenset[int]  # tokens on headline-cased lines
    common_words: frozenset[str]  # lower-case words used as nouns, verbs or adjectives
    unnamed: frozenset[str]  # capitalised words some occurrence of which takes "the"/"a"/...


def article_words(doc: Doc) -> ArticleWords:
    common = {
        t.lower_
        for t in doc
        if t.text[:1].islower() and t.pos_ in {"NOUN", "VERB", "ADJ"} and t.is_alpha
    }
    unnamed = {t.text for t in doc if t.text[:1].isupper() and _takes_common_modifier(t)}
    return ArticleWords(_headline_tokens(doc), frozenset(common), frozenset(unnamed))


def _takes_common_modifier(token: Token) -> bool:
    """A determiner or a lower-case adjective before it ("the Border", "a hard Border",
    "no-deal Brexit"), or itself modifying a common noun that is no role ("Brexit book"):
    the word is used as a common noun or a thing's name."""
    if token.pos_ not in {"PROPN", "NOUN"}:
        return False
    head = token.head
    if (
        token.dep_ == "compound"
        and head.i > token.i
        and head.pos_ == "NOUN"
        and head.text[:1].islower()
        and head.lemma_.lower() not in names.role_nouns()
    ):
        return True
    for child in token.children:
        if child.i > token.i:
            continue
        if child.dep_ == "det" and child.lower_ in _UNNAMING_DETERMINERS:
            return True
        if child.dep_ in {"amod", "compound"} and child.text[:1].islower() and child.is_alpha:
            return True
        if child.dep_ == "amod" and "-" in child.text and child.text[:1].islower():
            return True
    return False


def _headline_tokens(doc: Doc) -> frozenset[int]:
    """Tokens of lines set in headline casing (short, every content word capitalised, no
    closing full stop): their capitals say nothing about names."""
    found: set[int] = set()
    line: list[Token] = []
    for token in doc:
        if token.is_space and "\n" in token.text:
            found.update(_headline_line(line))
            line = []
            continue
        line.append(token)
        if "\n" in token.whitespace_:
            found.update(_headline_line(line))
            line = []
    found.update(_headline_line(line))
    return frozenset(found)


def _headline_line(line: list[Token]) -> list[int]:
    alpha = [t for t in line if t.is_alpha]
    if not alpha or len(alpha) > MAX_HEADLINE_WORDS:
        return []
    closing = [t.text for t in line[-2:] if t.is_punct]
    if "." in closing or "!" in closing:
        return []  # a sentence, not a headline
    content = [t for t in alpha if t.lower_ not in _FUNCTION_WORDS]
    if len(content) < MIN_HEADLINE_CONTENT_WORDS:
        return []
    capitals = sum(t.text[:1].isupper() for t in content)
    return [t.i for t in line] if capitals >= HEADLINE_CAPITAL_SHARE * len(content) else []


_ODD_CAPITALS = re.compile(r"^[A-Z]{2,}$|[a-z][A-Z]$|^[A-Z][a-z]+[A-Z][a-z]*[A-Z]")


def has_name_shape(token: Token) -> bool:
    """A personal name's word: capitalised and then lower case ("Xi", "McConnell", "O'Neill",
    "Ó", "Tzu-hsuan", "H.R."); not an acronym or a firm's casing ("NATO", "BofA", "PwC")
    unless the whole sentence is in capitals."""
    text = token.text.strip(names.APOSTROPHES)
    if token.is_punct or _after_hyphen(token):
        return True  # "Ing-wen", "Jean-Claude": the parts after a hyphen go with the first
    if not text[:1].isupper():
        return False
    if not _ODD_CAPITALS.search(text) or names.is_initial(text) or "." in text:
        return True
    sentence = [t for t in token.sent if t.is_alpha]
    return sum(t.is_upper for t in sentence) > len(sentence) / 2


def _after_hyphen(token: Token) -> bool:
    doc = token.doc
    return token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_


def _all_titles(tokens: list[Token]) -> bool:
    """ "Chairman", "Secretary General", "Sir": titles and role nouns, no name."""
    titles, roles = names.titles(), names.role_nouns()
    return all(
        (t.lower_,) in titles or t.lower_ in roles or t.lemma_.lower() in roles for t in tokens
    )


def _is_group(token: Token) -> bool:
    """A plural group noun ("Brexiteers", "Democrats"): people, but no one person."""
    return token.tag_ == "NNPS" and token.lower_.endswith(_GROUP_SUFFIXES)


def _is_person_noun(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return (
        lemma in names.role_nouns() or lemma in person_nouns() or lemma.endswith(_PERSON_SUFFIXES)
    )


def _described_as_thing(span: Span) -> bool:
    """A name in apposition to a common noun that is no kind of person ("Erskine May, the
    procedural handbook"; "Kyiv, the capital")."""
    head = span.root
    for child in head.children:
        if child.dep_ != "appos" or child.i < span.end or child.pos_ != "NOUN":
            continue
        if child.text[:1].islower() and not _is_person_noun(child):
            return True
    return False


def rejection(doc: Doc, start: int, end: int, seen: ArticleWords, known_person: bool) -> str | None:
    """Why ``doc[start:end]`` is not a person's name, or None when nothing speaks against it.

    ``known_person``: the article names this person in full elsewhere or puts a title or
    honorific before the name; then only what no personal name can be rejects it (a bare
    title, a firm's casing, a plural group, an indefinite "a ...")."""
    tokens = list(doc[start:end])
    if _all_titles(tokens):
        return "title"
    if any(not has_name_shape(t) for t in tokens):
        return "shape"
    if _is_group(tokens[-1]):
        return "group"
    root = doc[start:end].root
    if any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in root.children):
        return "indefinite"
    if known_person:
        return None
    if any(t.i in seen.headline_tokens for t in tokens):
        return "headline"
    if _described_as_thing(doc[start:end]):
        return "thing"
    if end - start == 1:
        word = tokens[0].text
        if word in seen.unnamed or word.lower() in seen.common_words:
            return "common-noun"
    return None
