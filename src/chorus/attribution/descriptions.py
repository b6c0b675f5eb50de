"""Which entity a description stands for ("the Swedish leader", "the Fed chair", "the
ministry"): an entity of the right kind whose name, roles or mentions hold the description's
role noun (or a noun of the same class: leader ~ president ~ head), and whose words agree with
the description's proper modifiers ("Swedish" ~ "Sweden", "Fed" ~ "Federal").
"""

from __future__ import annotations

from spacy.tokens import Token

from chorus.attribution.cues import title_classes
from chorus.attribution.entities import ArticleEntity

#: Title classes that describe organisations; every other class describes a person.
ORGANISATION_CLASS = "organisation"


def is_title(token: Token) -> bool:
    return token.lower_ in title_classes()


def _person_title(token: Token) -> bool:
    """A role noun of a person ("Prime" of "Prime Minister"), not of a body ("Commission")."""
    return title_classes().get(token.lower_, ORGANISATION_CLASS) != ORGANISATION_CLASS


def proper_modifiers(head: Token) -> list[str]:
    """Capitalised words that narrow a description: "Swedish", "U.S.", "Fed", "Finland's",
    the body of "the Commission president"."""
    found = []
    for child in head.lefts:
        if child.dep_ not in ("amod", "compound", "poss", "nmod") or not child.text[:1].isupper():
            continue
        for token in child.subtree:
            if token.text[:1].isupper() and not _person_title(token) and token.i < head.i:
                found.extend(w for w in token.lower_.replace(".", " ").split() if w)
    return found


def untitled(entity: ArticleEntity) -> bool:
    """A person the article names with no role noun anywhere ("Theresa May", "Mrs May"): a
    description of a role may stand for them without contradicting what the article says."""
    return entity.kind == "person" and not any(w in title_classes() for w in entity.words)


def _related(word: str, other: str) -> bool:
    """The same word or the same stem ("swedish" ~ "sweden", "fed" ~ "federal")."""
    if word == other:
        return True
    if min(len(word), len(other)) < 3:
        return False
    prefix = 0
    for a, b in zip(word, other, strict=False):
        if a != b:
            break
        prefix += 1
    return prefix >= 3 and prefix >= min(len(word), len(other)) - 3


def match_score(head: Token, modifiers: list[str], entity: ArticleEntity) -> int:
    """How well ``entity`` fits the description headed by ``head``: 0 not at all; higher is
    better (the same role noun beats one of its class; agreeing modifiers beat none)."""
    classes = title_classes()
    wanted = classes.get(head.lower_)
    if (wanted == ORGANISATION_CLASS) != (entity.kind != "person"):
        return 0
    words = entity.words
    if head.lower_ in words:
        role = 2
    elif wanted == ORGANISATION_CLASS:
        return 0  # bodies of one class are not one another ("the ministry" is no party)
    elif any(classes.get(w) == wanted for w in words):
        role = 1
    else:
        return 0
    if not modifiers:
        return role * 2
    if any(_related(m, w) for m in modifiers for w in words):
        return role * 2 + 1
    # modifiers that the entity's words do not show: acceptable only for an entity the
    # article qualifies with nothing that could contradict them
    return role * 2 - 1 if not entity.qualifiers else 0
