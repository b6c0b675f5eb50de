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
#: Plural suffixes of group nouns ("Brexiteers", "Remainers", "Democrats", "Republicans").
_GROUP_SUFFIXES = ("ers", "ists", "ites", "ians", "ans", "ats", "ics", "ies", "ees")
#: Verbs whose object is someone who speaks or is spoken to.
_ADDRESSING_VERBS = frozenset({"quote", "cite", "interview", "ask", "tell", "urge", "thank"})
#: Dependencies of a word that acts: the subject of a clause or the owner in "X's".
_AGENT_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})
_UNNAMING_DETERMINERS = frozenset({"a", "an", "the", "no", "every", "each", "this", "that"})


@lru_cache(maxsize=1)
def thing_nouns() -> frozenset[str]:
    """Nouns for named things (handbook, town, ship): a name in apposition to one of them is
    no person."""
    return frozenset(words("people_thing_nouns.txt"))


@dataclass
class ArticleWords:
    """What the whole article says about its capitalised words, computed once per article."""

    headline_tokens: frozenset[int]  # tokens on headline-cased lines
    common_words: frozenset[str]  # lower-case words used as nouns, verbs or adjectives
    unnamed: frozenset[str]  # capitalised words used as common nouns and never as a person
    agents: frozenset[str]  # capitalised words that act somewhere (a subject, an owner, titled)
    employers: frozenset[str]  # words that qualify a role noun ("X chief economist", "X aides")


def article_words(doc: Doc, speech_lemmas: frozenset[str] = frozenset()) -> ArticleWords:
    """``speech_lemmas``: verbs of saying, whose subject is a person."""
    common = {
        t.lower_
        for t in doc
        if t.text[:1].islower() and t.pos_ in {"NOUN", "VERB", "ADJ"} and t.is_alpha
    }
    capitalised = [t for t in doc if t.text[:1].isupper() and t.pos_ in {"PROPN", "NOUN"}]
    as_thing = {t.text for t in capitalised if _used_as_thing(t)}
    as_person = {t.text for t in capitalised if _used_as_person(t, speech_lemmas)}
    acting = {t.text for t in capitalised if t.dep_ in _AGENT_DEPS}
    return ArticleWords(
        headline_tokens=_headline_tokens(doc),
        common_words=frozenset(common),
        unnamed=frozenset(as_thing - as_person),
        agents=frozenset(as_person | acting),
        employers=frozenset(t.text for t in capitalised if _qualifies_role(t)),
    )


def _qualifies_role(token: Token) -> bool:
    """Modifies a lower-case role noun without a possessive: "Goldman Sachs chief economist",
    "BofA economists" name the employer."""
    head = token.head
    return (
        token.dep_ in {"compound", "nmod"}
        and head.i > token.i
        and head.text[:1].islower()
        and head.lemma_.lower() in names.role_nouns()
    )


def _used_as_thing(token: Token) -> bool:
    """A determiner before it ("the Border", "a hard Border"), a hyphenated adjective
    ("no-deal Brexit"), or modifying a common noun that is no role ("Brexit book")."""
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
        if child.dep_ == "amod" and "-" in child.text and child.text[:1].islower():
            return True
    return False


def _used_as_person(token: Token, speech_lemmas: frozenset[str]) -> bool:
    """The subject of saying, the one quoted, asked or told ("BelTA quoted X as saying"), the
    name a noun for someone stands beside ("his son, X"), or given a title, an honorific or a
    role ("dictator X")."""
    if token.dep_ in {"nsubj", "nsubjpass"} and token.head.lemma_ in speech_lemmas:
        return True
    if token.dep_ == "dobj" and token.head.lemma_ in speech_lemmas | _ADDRESSING_VERBS:
        return True
    head = token.head
    if token.dep_ == "appos" and head.pos_ == "NOUN" and head.text[:1].islower():
        return head.lemma_.lower() not in thing_nouns()  # "his son, Daniel,"
    before = token.doc[token.i - 1] if token.i > 0 else None
    if before is not None and (before.lower_.rstrip("."),) in names.titles():
        return True
    return any(  # "dictator X" (not "Editor's Note": a possessor is someone else)
        child.i < token.i and child.dep_ != "poss" and child.lemma_.lower() in names.role_nouns()
        for child in token.children
    )


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
    content = [t for t in alpha if t.lower_ not in _FUNCTION_WORDS]
    if len(content) < MIN_HEADLINE_CONTENT_WORDS:
        return []
    capitals = sum(t.text[:1].isupper() for t in content)
    closing = [t.text for t in line[-2:] if t.is_punct]
    # a full stop makes a sentence, unless every content word is capitalised
    share = 1.0 if "." in closing or "!" in closing else HEADLINE_CAPITAL_SHARE
    return [t.i for t in line] if capitals >= share * len(content) else []


#: Lower-case particles inside names, and generation suffixes after them.
_NAME_PARTICLES = frozenset(
    {"bin", "ibn", "al", "el", "de", "da", "di", "du", "del", "der", "den", "van", "von", "la"}
    | {"le", "dos", "das", "ter", "ten", "y"}
)
_GENERATIONS = frozenset({"Jr", "Sr", "II", "III", "IV", "V"})
_ODD_CAPITALS = re.compile(r"^[A-Z]{2,}$|[a-z][A-Z]$|^[A-Z][a-z]+[A-Z][a-z]*[A-Z]")


def has_name_shape(token: Token) -> bool:
    """A personal name's word: capitalised and then lower case ("Xi", "McConnell", "O'Neill",
    "Ó", "Tzu-hsuan", "H.R."); not an acronym or a firm's casing ("NATO", "BofA", "PwC")
    unless the whole sentence is in capitals."""
    text = token.text.strip(names.APOSTROPHES)
    if token.is_punct or _after_hyphen(token):
        return True  # "Ing-wen", "Jean-Claude": the parts after a hyphen go with the first
    if text in _NAME_PARTICLES or text.rstrip(".") in _GENERATIONS:
        return True  # "Osama bin Laden", "Luther Pate IV", "Martin Luther King Jr."
    if not text[:1].isupper():
        return False
    if not _ODD_CAPITALS.search(text) or names.is_initial(text) or "." in text:
        return True
    sentence = [t for t in token.sent if t.is_alpha]
    return sum(t.is_upper for t in sentence) > len(sentence) / 2


def _after_hyphen(token: Token) -> bool:
    doc = token.doc
    return token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_


def all_titles(tokens: list[Token]) -> bool:
    """ "Chairman", "Secretary General", "Sir": titles and role nouns, no name."""
    titles, roles = names.titles(), names.role_nouns()
    return all(
        (t.lower_,) in titles or t.lower_ in roles or t.lemma_.lower() in roles for t in tokens
    )


def _is_group(token: Token) -> bool:
    """A plural group noun ("Brexiteers", "Democrats"): people, but no one person."""
    return token.tag_ == "NNPS" and token.lower_.endswith(_GROUP_SUFFIXES)


def _described_as_thing(span: Span) -> bool:
    """A name in apposition to a noun for a thing ("Erskine May, the procedural handbook";
    "Velmora, a port town")."""
    appositives = [
        child
        for child in span.root.children
        if child.dep_ == "appos" and child.i >= span.end and child.pos_ == "NOUN"
    ]
    if any(child.lemma_.lower() in names.role_nouns() for child in appositives):
        return False  # "X, author of a book, ...": a role says person
    return any(
        child.lemma_.lower() in thing_nouns()
        and any(d.dep_ == "det" and d.lower_ in {"the", "a", "an"} for d in child.children)
        for child in appositives
    )  # "X, whose 2005 book ..." describes the person's book, not the person


def _written_outside_headlines(doc: Doc, start: int, end: int, seen: ArticleWords) -> bool:
    """The same words stand as a name somewhere outside the headline-cased lines."""
    words_ = [t.text for t in doc[start:end]]
    size = len(words_)
    for i in range(len(doc) - size + 1):
        if i in seen.headline_tokens or doc[i].text != words_[0]:
            continue
        if [t.text for t in doc[i : i + size]] == words_:
            return True
    return False


def rejection(doc: Doc, start: int, end: int, seen: ArticleWords, known_person: bool) -> str | None:
    """Why ``doc[start:end]`` is not a person's name, or None when nothing speaks against it.

    ``known_person``: the article names this person in full elsewhere or puts a title or
    honorific before the name; then only what no personal name can be rejects it (a bare
    title, a firm's casing, a plural group, an indefinite "a ...")."""
    tokens = list(doc[start:end])
    if all_titles(tokens):
        return "title"
    if any(not has_name_shape(t) for t in tokens):
        return "shape"
    if _is_group(tokens[-1]):
        return "group"
    root = doc[start:end].root
    if any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in root.children):
        return "indefinite"
    if any(t.i in seen.headline_tokens for t in tokens) and not _written_outside_headlines(
        doc, start, end, seen
    ):
        return "headline"  # "Republican Donor Adelson and Trump May be Aligning"
    if known_person:
        return None
    if start > 0 and doc[start - 1].lower_ == "the" and doc[start - 1].head.i in range(start, end):
        return "determiner"  # "the Irish Border": a name takes no article of its own
    if _described_as_thing(doc[start:end]):
        return "thing"
    last = names.strip_possessive(tokens[-1].text)
    if end - start == 1:
        if tokens[0].text in seen.unnamed or last.lower() in seen.common_words:
            return "common-noun"
        if last not in seen.agents and tokens[0].text not in seen.agents:
            return "object-only"  # "assault on Kyiv", "sack Kyiv": nobody who acts
    elif last not in seen.agents and all(
        t.lower_ in seen.common_words for t in tokens if t.is_alpha
    ):
        return "common-words"  # "the Executive Order": words the article uses as words
    return None
