"""One record per person, organisation or outlet across the corpus.

Entities are blocked by surname key (and its one-letter deletions, so typos meet without
comparing all pairs), then merged by explicit rules: equal surname key with compatible given
names; a bare surname only when it fits one person (or the one in the same article); a
one-letter typo only with supporting context (same article or a shared role). Descriptions
left unresolved within an article ("the Russian president") join the one person of that
article whose roles anywhere in the corpus match them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from chorus.people import names
from chorus.people.provenance import normalise_text, same_statement
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
class _Group:
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


def _same_quotes(group: _Group, entity: EntityMention, quotes: Quotes) -> bool:
    """Both spellings are credited with the same statement (reported by different outlets)."""
    mine = set(quotes.get((entity.article, entity.local_id), ()))
    if not mine or not group.quotes:
        return False
    if mine & group.quotes:
        return True
    return any(same_statement(a, b) for a in mine for b in group.quotes)


def _context_supports(group: _Group, entity: EntityMention, quotes: Quotes) -> bool:
    """Evidence that a near-identical spelling is the same person: same article, the same
    quotes, or a role sharing its class or a content word."""
    if entity.article in group.articles or _same_quotes(group, entity, quotes):
        return True
    if _role_classes(entity.roles) & group.role_classes:
        return True
    return bool(_role_words(entity.roles) & group.role_words)


def _given_compatible(group: _Group, entity: EntityMention) -> bool:
    tokens = entity.name.split()
    if len(tokens) < 2:
        return True
    return all(names.given_names_compatible(g, tokens[0]) for g in group.given)


def _org_key(name: str) -> str:
    return " ".join(t.lower() for t in names.org_core(names.name_tokens(name)))


def _fix_kinds(entities: list[EntityMention]) -> list[EntityMention]:
    """A one-word "organisation" with no cue word that is a known person's surname is that
    person (spaCy often tags a lone surname ORG)."""
    surnames = {
        names.translit_key(e.name.split()[-1])
        for e in entities
        if e.kind == "person" and len(e.name.split()) > 1
    }
    fixed = []
    for entity in entities:
        tokens = entity.name.split()
        if (
            entity.kind == "organisation"
            and len(tokens) == 1
            and not tokens[0].isupper()
            and tokens[0].lower() not in names.org_cues()
            and names.translit_key(tokens[0]) in surnames
        ):
            entity = EntityMention(
                article=entity.article,
                local_id=entity.local_id,
                name=entity.name,
                kind="person",
                mentions=entity.mentions,
                roles=entity.roles,
            )
        fixed.append(entity)
    return fixed


def _resolve_persons(persons: list[EntityMention], quotes: Quotes) -> list[_Group]:
    """Full names first (they fix who exists), then bare surnames.

    A name that fits several people and none in its own article ("Trump" in a corpus citing
    Donald and Ivanka Trump) is left unresolved; every such mention of the same spelling joins
    one unresolved entry, kept out of the blocks, so ambiguity does not multiply the
    candidates later names are compared with.
    """
    groups: list[_Group] = []
    block: dict[str, list[int]] = defaultdict(list)
    unresolved: dict[tuple[str, ...], int] = {}

    def new_group(entity: EntityMention, blocked: bool = True) -> int:
        groups.append(_Group(kind="person"))
        groups[-1].add(entity, quotes)
        if blocked:
            for key in names.deletion_keys(names.translit_key(entity.name.split()[-1])):
                block[key].append(len(groups) - 1)
        return len(groups) - 1

    ordered = sorted(persons, key=lambda e: (-len(e.name.split()), e.name, e.article))
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


def _choose(groups: list[_Group], indices: list[int], entity: EntityMention) -> int | None:
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


def _attach_descriptions(
    groups: list[_Group], descriptions: list[EntityMention], quotes: Quotes
) -> None:
    """A description joins the one person of its article whose corpus roles match it
    (candidates come from an article index, not from every group)."""
    in_article: dict[str, list[_Group]] = defaultdict(list)
    signatures = {}
    for group in groups:
        if group.kind != "person":
            continue
        signatures[id(group)] = [names.role_signature(role) for role in group.roles()]
        for article in group.articles:
            in_article[article].append(group)
    for description in descriptions:
        nationalities, classes = names.role_signature(description.name)
        if not nationalities or not classes:
            continue
        matches = [
            group
            for group in in_article.get(description.article, [])
            if any(n & nationalities and c & classes for n, c in signatures[id(group)])
        ]
        if len(matches) == 1:
            matches[0].add(description, quotes)


def _canonical(group: _Group) -> str:
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


def _to_person(group: _Group) -> Person:
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


def resolve_people(
    entities: list[EntityMention], statements: list[Statement] | None = None
) -> Resolution:
    """Merge per-article entities into corpus-wide people, organisations and outlets.

    ``statements`` (optional) add one kind of evidence for merging one-letter spelling
    variants: the two spellings are credited with the same statement.
    """
    quotes: Quotes = defaultdict(list)
    for statement in statements or []:
        if statement.speaker_local_id:
            key = (statement.article, statement.speaker_local_id)
            quotes[key].append(normalise_text(statement.text))
    entities = _fix_kinds(entities)
    persons = [e for e in entities if e.kind == "person" and not is_description(e)]
    descriptions = [e for e in entities if is_description(e)]
    groups = _resolve_persons(persons, quotes)
    _attach_descriptions(groups, descriptions, quotes)

    by_org: dict[str, _Group] = {}
    for entity in sorted(
        (e for e in entities if e.kind != "person"), key=lambda e: (e.kind != "outlet", e.name)
    ):
        key = _org_key(entity.name)
        group = by_org.get(key)
        if group is None:
            group = by_org[key] = _Group(kind=entity.kind)
        group.add(entity)
    groups.extend(by_org.values())

    resolution = Resolution()
    taken: set[str] = set()
    for group in groups:
        person = _to_person(group)
        if person.id in taken:  # two groups left apart under one name keep distinct ids
            first = min((m.article, m.local_id) for m in group.members)
            person.id = stable_id(person.name, group.kind, *first)
        taken.add(person.id)
        resolution.people.append(person)
        for member in group.members:
            resolution.person_of[(member.article, member.local_id)] = person.id
    resolution.people.sort(key=lambda p: (p.kind, -len(p.articles), p.name))
    return resolution
