"""One record per person, organisation or outlet across the corpus.

Entities are blocked by surname key (and its one-letter deletions, so typos meet without
comparing all pairs), then merged by explicit rules: equal surname key with compatible given
names; a bare surname only when it fits one person (or the one in the same article); a
one-letter typo only with supporting context (same article or a shared role). Descriptions
left unresolved within an article ("the Russian president") join the one person of that
article whose roles anywhere in the corpus match them.

``resolve_people`` composes the steps below on one machine. The Spark engine
(``chorus.engines.spark_link``) runs the same steps distributed: ``resolve_persons`` per
connected group of surname keys (no person interacts with another outside it), descriptions
per article, organisations per ``org_key``, and ``person_from_group`` per group.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from chorus.linking.similarity import normalise_text, same_statement
from chorus.people import names
from chorus.records import EntityMention, Person, Statement, stable_id

_ROLE_STOPWORDS = {
    "the", "a", "an", "of", "and", "who", "in", "at", "for", "from", "with", "is", "was",
    "one", "former", "formerly", "his", "her", "their", "its", "to", "on", "after", "been",
}  # fmt: skip


@dataclass
class Resolution:
    """People of the corpus and the map from each article's local entity to its person."""

    people: list[Person] = field(default_factory=list)
    person_of: dict[tuple[str, str], str] = field(default_factory=dict)


#: Normalised statement texts per (article, local_id) of the speaker.
Quotes = dict[tuple[str, str], list[str]]


@dataclass
class Group:
    """A person (or organisation) being built, with the indices the merge rules consult kept
    up to date as members join, so checking a candidate costs the same however many articles
    already cite it."""

    kind: str
    members: list[EntityMention] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)
    given: set[str] = field(default_factory=set)
    role_words: set[str] = field(default_factory=set)
    role_classes: set[str] = field(default_factory=set)
    quotes: set[str] = field(default_factory=set)
    has_full_name: bool = False

    def add(self, entity: EntityMention, quotes: Quotes | None = None) -> None:
        self.members.append(entity)
        self.articles.add(entity.article)
        tokens = entity.name.split()
        if len(tokens) > 1 and not is_description(entity):
            self.given.add(tokens[0])
            self.has_full_name = True
        self.role_words |= _role_words(entity.roles)
        self.role_classes |= _role_classes(entity.roles)
        if quotes:
            self.quotes.update(quotes.get((entity.article, entity.local_id), ()))

    def surname(self) -> str:
        return self.members[0].name.split()[-1]

    def roles(self) -> list[str]:
        """Distinct roles of the members (case-insensitive), first spelling kept."""
        seen: dict[str, str] = {}
        for member in self.members:
            for role in member.roles:
                seen.setdefault(role.lower(), role)
        return list(seen.values())


def is_description(entity: EntityMention) -> bool:
    """A description entity ("the Belarusian leader") rather than a name."""
    return entity.kind == "person" and entity.name[:1].islower()


def _role_words(roles: list[str]) -> set[str]:
    return {
        w
        for role in roles
        for w in re.findall(r"[a-z]+", role.lower())
        if len(w) > 3 and w not in _ROLE_STOPWORDS
    }


def _role_classes(roles: list[str]) -> set[str]:
    return {c for role in roles for c in names.role_signature(role)[1]}


def _same_quotes(group: Group, entity: EntityMention, quotes: Quotes) -> bool:
    """Both spellings are credited with the same statement (reported by different outlets)."""
    mine = set(quotes.get((entity.article, entity.local_id), ()))
    if not mine or not group.quotes:
        return False
    if mine & group.quotes:
        return True
    return any(same_statement(a, b) for a in mine for b in group.quotes)


def _context_supports(group: Group, entity: EntityMention, quotes: Quotes) -> bool:
    """Evidence that a near-identical spelling is the same person: same article, the same
    quotes, or a role sharing its class or a content word."""
    if entity.article in group.articles or _same_quotes(group, entity, quotes):
        return True
    if _role_classes(entity.roles) & group.role_classes:
        return True
    return bool(_role_words(entity.roles) & group.role_words)


def _given_compatible(group: Group, entity: EntityMention) -> bool:
    tokens = entity.name.split()
    if len(tokens) < 2:
        return True
    return all(names.given_names_compatible(g, tokens[0]) for g in group.given)


def org_key(name: str) -> str:
    """Organisations and outlets are grouped by this key (their name's core, lower case)."""
    return " ".join(t.lower() for t in names.org_core(names.name_tokens(name)))


def surname_key(entity: EntityMention) -> str | None:
    """The surname key a full person name makes known (``fix_kinds`` consults them)."""
    tokens = entity.name.split()
    if entity.kind == "person" and len(tokens) > 1:
        return names.translit_key(tokens[-1])
    return None


def lone_surname_key(entity: EntityMention) -> str | None:
    """The key of a one-word "organisation" with no cue word: it is a person when a full
    name in the corpus has that surname."""
    tokens = entity.name.split()
    if (
        entity.kind == "organisation"
        and len(tokens) == 1
        and not tokens[0].isupper()
        and tokens[0].lower() not in names.org_cues()
    ):
        return names.translit_key(tokens[0])
    return None


def fix_kinds(entities: list[EntityMention], surnames: set[str]) -> list[EntityMention]:
    """A lone surname tagged ORG (spaCy often does) whose key is in ``surnames`` (the
    ``surname_key`` of every entity of the corpus) is that person."""
    fixed = []
    for entity in entities:
        if lone_surname_key(entity) in surnames:
            entity = dataclasses.replace(entity, kind="person")
        fixed.append(entity)
    return fixed


def processing_order(entity: EntityMention) -> tuple[int, str, str]:
    """Persons are resolved in this order: full names first (they fix who exists); ties
    keep the store's order (article, local id)."""
    return (-len(entity.name.split()), entity.name, entity.article)


def resolve_persons(persons: list[EntityMention], quotes: Quotes) -> list[Group]:
    """Full names first (they fix who exists), then bare surnames.

    A name that fits several people and none in its own article ("Trump" in a corpus citing
    Donald and Ivanka Trump) is left unresolved; every such mention of the same spelling joins
    one unresolved entry, kept out of the blocks, so ambiguity does not multiply the
    candidates later names are compared with.
    """
    groups: list[Group] = []
    block: dict[str, list[int]] = defaultdict(list)
    unresolved: dict[tuple[str, ...], int] = {}

    def new_group(entity: EntityMention, blocked: bool = True) -> int:
        groups.append(Group(kind="person"))
        groups[-1].add(entity, quotes)
        if blocked:
            for key in names.deletion_keys(names.translit_key(entity.name.split()[-1])):
                block[key].append(len(groups) - 1)
        return len(groups) - 1

    ordered = sorted(persons, key=processing_order)
    for entity in ordered:
        surname = entity.name.split()[-1]
        candidates = sorted(
            {i for key in names.deletion_keys(names.translit_key(surname)) for i in block[key]}
        )
        same, typo = [], []
        for index in candidates:
            group = groups[index]
            match = names.surname_match(group.surname(), surname)
            if match is None or not _given_compatible(group, entity):
                continue
            if match == "same":
                same.append(index)
            elif _context_supports(group, entity, quotes):
                typo.append(index)
        fitting = same or typo
        chosen = _choose(groups, fitting, entity)
        if chosen is not None:
            groups[chosen].add(entity, quotes)
        elif len(fitting) > 1:
            spelling = tuple(names.translit_key(t) for t in entity.name.split())
            if spelling in unresolved:
                groups[unresolved[spelling]].add(entity, quotes)
            else:
                unresolved[spelling] = new_group(entity, blocked=False)
        else:
            new_group(entity)
    return groups


def _choose(groups: list[Group], indices: list[int], entity: EntityMention) -> int | None:
    """The single fitting group; with several, the one present in the entity's article."""
    if len(indices) == 1:
        return indices[0]
    if len(entity.name.split()) > 1:
        # a full name matching several groups: prefer one holding that very given name
        full = [i for i in indices if groups[i].has_full_name]
        if len(full) == 1:
            return full[0]
    local = [i for i in indices if entity.article in groups[i].articles]
    return local[0] if len(local) == 1 else None


Signature = tuple[frozenset[str], frozenset[str]]


def role_signatures(group: Group) -> list[Signature]:
    """(nationalities, role classes) of each of a person's roles."""
    return [names.role_signature(role) for role in group.roles()]


def description_match(description: str, candidates: Iterable[tuple[Any, list[Signature]]]) -> Any:
    """The one candidate (a person of the description's article, with its role signatures)
    whose roles match the description ("the Belarusian leader") in nationality and role
    class, or None."""
    nationalities, classes = names.role_signature(description)
    if not nationalities or not classes:
        return None
    matches = [
        key
        for key, signatures in candidates
        if any(n & nationalities and c & classes for n, c in signatures)
    ]
    return matches[0] if len(matches) == 1 else None


def attach_descriptions(
    groups: list[Group], descriptions: list[EntityMention], quotes: Quotes
) -> None:
    """A description joins the one person of its article whose corpus roles match it
    (candidates come from an article index, not from every group). Signatures are taken
    before any description joins, so each description is decided on its own."""
    in_article: dict[str, list[tuple[Group, list[Signature]]]] = defaultdict(list)
    for group in groups:
        if group.kind != "person":
            continue
        signatures = role_signatures(group)
        for article in group.articles:
            in_article[article].append((group, signatures))
    for description in descriptions:
        candidates = in_article.get(description.article, [])
        match = description_match(description.name, candidates)
        if match is not None:
            match.add(description, quotes)


def organisation_order(entity: EntityMention) -> tuple[bool, str]:
    """Organisation groups take the kind of their first member in this order (outlets
    first); ties keep the store's order."""
    return (entity.kind != "outlet", entity.name)


def group_organisations(entities: Iterable[EntityMention]) -> list[Group]:
    """Organisations and outlets, one group per ``org_key``."""
    by_org: dict[str, Group] = {}
    for entity in sorted(entities, key=organisation_order):
        key = org_key(entity.name)
        group = by_org.get(key)
        if group is None:
            group = by_org[key] = Group(kind=entity.kind)
        group.add(entity)
    return list(by_org.values())


def _canonical(group: Group) -> str:
    """The most frequent fullest name form (counted over mentions)."""
    counts: Counter[str] = Counter()
    for member in group.members:
        if is_description(member):
            continue
        form = member.name
        if group.kind != "person":
            form = " ".join(names.org_core(names.name_tokens(form)))
        counts[form] += max(1, len(member.mentions))
    if not counts:
        return group.members[0].name
    return max(counts, key=lambda n: (len(n.split()), counts[n], n))


def _name_part(surface: str, name: str) -> str:
    """The name inside a mention: "Mr Kavaleuski" -> "Kavaleuski" (titles, roles dropped)."""
    tokens = names.name_tokens(surface)
    parts = name.split()
    start = len(tokens)
    while start > 0 and any(names.surname_match(tokens[start - 1], p) for p in parts):
        start -= 1
    return " ".join(tokens[start:]) or " ".join(tokens)


def person_from_group(group: Group) -> Person:
    """The person a group makes, under its plain id (see ``distinct_id``)."""
    name = _canonical(group)
    aliases: dict[str, None] = {}  # insertion-ordered set
    for member in group.members:
        forms = [member.name] if not is_description(member) else []
        for _start, _end, surface in member.mentions:
            forms.append(" ".join(surface.split()))
            if not is_description(member):
                forms.append(_name_part(surface, member.name))
        aliases.update((form, None) for form in forms if form)
    return Person(
        id=stable_id(name, group.kind),
        name=name,
        kind=group.kind,
        aliases=list(aliases),
        roles=group.roles(),
        articles=sorted(group.articles),
    )


def distinct_id(person: Person, group: Group) -> str:
    """The id of a group whose plain id an earlier group took (two groups left apart
    under one name): the name plus the group's first member."""
    first = min((m.article, m.local_id) for m in group.members)
    return stable_id(person.name, group.kind, *first)


def people_order(person: Person) -> tuple[str, int, str, str]:
    """The order of the people table: by kind, most cited first."""
    return (person.kind, -len(person.articles), person.name, person.id)


def quotes_by_speaker(statements: Iterable[Statement]) -> Quotes:
    quotes: Quotes = defaultdict(list)
    for statement in statements:
        if statement.speaker_local_id:
            key = (statement.article, statement.speaker_local_id)
            quotes[key].append(normalise_text(statement.text))
    return quotes


def resolve_people(
    entities: list[EntityMention], statements: list[Statement] | None = None
) -> Resolution:
    """Merge per-article entities into corpus-wide people, organisations and outlets.

    ``entities`` come in the store's order (article, local id). ``statements`` (optional)
    add one kind of evidence for merging one-letter spelling variants: the two spellings are
    credited with the same statement.
    """
    quotes = quotes_by_speaker(statements or [])
    surnames = {key for key in map(surname_key, entities) if key}
    entities = fix_kinds(entities, surnames)
    persons = [e for e in entities if e.kind == "person" and not is_description(e)]
    descriptions = [e for e in entities if is_description(e)]
    groups = resolve_persons(persons, quotes)
    attach_descriptions(groups, descriptions, quotes)
    groups.extend(group_organisations(e for e in entities if e.kind != "person"))

    resolution = Resolution()
    taken: set[str] = set()
    for group in groups:
        person = person_from_group(group)
        if person.id in taken:
            person.id = distinct_id(person, group)
        taken.add(person.id)
        resolution.people.append(person)
        for member in group.members:
            resolution.person_of[(member.article, member.local_id)] = person.id
    resolution.people.sort(key=people_order)
    return resolution
