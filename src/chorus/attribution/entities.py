"""The entities of one article as the speaker resolver sees them: the people stage's entities
in clean offsets, with the words of their names, roles and mentions (or, without that stage, a
minimal grouping of the parse's names)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span

from chorus.attribution.cues import title_classes
from chorus.attribution.gender import gender_of
from chorus.records import Article, EntityMention

_PERSON_LABELS = {"PERSON"}
_ORG_LABELS = {"ORG", "NORP", "GPE"}
#: The most words a title before a name runs to.
_LONGEST_TITLE = 6
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sen", "rep", "gov", "gen", "col"}


@dataclass
class ArticleEntity:
    local_id: str
    name: str
    kind: str
    mentions: list[tuple[int, int]]  # clean offsets
    roles: list[str] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)  # the mentions' texts
    titles: list[str] = field(default_factory=list)  # title words written before a mention

    @cached_property
    def words(self) -> frozenset[str]:
        """Lower-cased words of the name, the roles and every mention."""
        found = set()
        for text in [self.name, *self.roles, *self.surfaces, *self.titles]:
            found.update(w.lower() for w in re.findall(r"\w+", text))
        return frozenset(found)

    @cached_property
    def qualifiers(self) -> frozenset[str]:
        """Proper words of the entity's roles and titles that are not role nouns nor its own
        name ("swedish" of "Swedish Prime Minister"): what a description must agree with."""
        own = {w.lower() for w in re.findall(r"\w+", self.name)}
        found = set()
        for text in [*self.roles, *self.titles]:
            for word in re.findall(r"\w+", text):
                lower = word.lower()
                if word[0].isupper() and lower not in own and lower not in title_classes():
                    found.add(lower)
        return frozenset(found)

    @cached_property
    def gender(self) -> str | None:
        """ "male", "female" or None, for a person (``chorus.attribution.gender``)."""
        if self.kind != "person" or self.is_description:
            return None
        return gender_of(self.name, [*self.titles, *self.surfaces])

    @cached_property
    def is_description(self) -> bool:
        """A record named by a description rather than a name ("General", "the Swedish
        leader"): its name ends with a role noun or has no capitalised word."""
        words = re.findall(r"[^\W\d_][\w'’.-]*", self.name)
        if not words:
            return True
        if self.kind == "organisation" and len(words) > 1 and all(w[0].isupper() for w in words):
            return False  # "Foreign Ministry", "Central Bank": the body's own name
        return words[-1].lower() in title_classes() or not any(w[0].isupper() for w in words)


def _roles_from_doc(doc: Doc, ent: Span) -> list[str]:
    """Title words written right before a name ("Norvish Prime Minister Elin Dahl")."""
    i = ent.start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "amod") and doc[i].head.i >= ent.start:
        i -= 1
    title = doc[i + 1 : ent.start].text
    appos = [
        t for t in ent.root.children if t.dep_ == "appos" and t.pos_ == "NOUN" and t.i > ent.end
    ]
    roles = [title] if title else []
    roles.extend(doc[t.left_edge.i : t.right_edge.i + 1].text for t in appos)
    return roles


def fallback_entities(doc: Doc) -> list[ArticleEntity]:
    """A minimal grouping of names: PERSON names by surname, other names by their text."""
    groups: dict[str, ArticleEntity] = {}
    for ent in doc.ents:
        if ent.label_ not in _PERSON_LABELS | _ORG_LABELS:
            continue
        tokens = [t for t in ent if t.is_alpha and t.lower_ not in _HONORIFICS]
        while len(tokens) > 1 and tokens[0].lower_ in title_classes():
            tokens = tokens[1:]  # a title the entity recogniser took in ("President X")
        if not tokens:
            continue
        is_person = ent.label_ in _PERSON_LABELS
        key = ("p:" + tokens[-1].lower_) if is_person else ("o:" + ent.text.lower())
        name = " ".join(t.text for t in tokens) if is_person else ent.text
        entity = groups.get(key)
        if entity is None:
            entity = groups[key] = ArticleEntity(
                f"a{len(groups) + 1}", name, "person" if is_person else "organisation", []
            )
        elif len(name) > len(entity.name):
            entity.name = name
        entity.mentions.append((ent.start_char, ent.end_char))
        entity.surfaces.append(ent.text)
        entity.roles.extend(_roles_from_doc(doc, ent))
    return list(groups.values())


def _to_clean(article: Article, start: int, end: int) -> tuple[int, int] | None:
    """Original offsets back to clean ones (through the offset map's runs)."""
    for clean_start, orig_start, length in article.offsets.segments or [(0, 0, len(article.text))]:
        if orig_start <= start < orig_start + length:
            return clean_start + start - orig_start, clean_start + min(
                end, orig_start + length
            ) - orig_start
    return None


def entities_in_clean_offsets(
    article: Article, entities: list[EntityMention]
) -> list[ArticleEntity]:
    result = []
    for entity in entities:
        mentions = []
        for start, end, _surface in entity.mentions:
            clean = _to_clean(article, start, end)
            if clean:
                mentions.append(clean)
        surfaces = [surface for _start, _end, surface in entity.mentions]
        result.append(
            ArticleEntity(
                entity.local_id,
                entity.name,
                entity.kind,
                sorted(mentions),
                list(entity.roles),
                surfaces,
            )
        )
    return result


def title_before(doc: Doc, first: int) -> str:
    """The title words right before the name starting at token ``first`` ("NATO Secretary
    General" before "Jens Stoltenberg"): the nouns and adjectives that modify the name."""
    i = first - 1
    while i >= 0 and first - i <= _LONGEST_TITLE:
        token = doc[i]
        if token.dep_ not in ("compound", "amod", "nmod", "punct") or not (
            token.i < token.head.i <= first + _LONGEST_TITLE
        ):
            break
        i -= 1
    return doc[i + 1 : first].text


def add_titles(doc: Doc, entities: list[ArticleEntity], token_at) -> None:
    """Give each entity the title words written before its mentions (``token_at`` maps a
    char offset to its token index)."""
    for entity in entities:
        for start, _end in entity.mentions:
            title = title_before(doc, token_at(start))
            if title:
                entity.titles.append(title)
