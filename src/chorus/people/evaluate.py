"""The people table of an annotated build against the gold people (seeds format).

Every record of kind person counts, so junk records ("ministry" as a person) and junk aliases
(a headline glued to a name) lower the figures. The rules are the real-news scorer's name
rules (``chorus.evaluation.names``):

- a record *matches* a gold person when one gold form (name or alias) holds every name word of
  the record's name (titles dropped, spelling variants allowed);
- people precision: matched records / person records; people recall: gold people with a
  record; split: gold people spread over several records;
- alias precision: over ALL aliases of ALL person records, an alias is right when its record
  matches a gold person and each of the alias's name words is a word of that person's forms;
- alias recall: gold aliases listed (as alias or role, same words and case-folded) by a record
  that matches their person;
- a false merge: a record whose aliases name two gold people (an alias that names several, such
  as a surname two gold people share, is no evidence).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from chorus.evaluation.gold import AnnotatedDoc
from chorus.evaluation.matching import ratio
from chorus.evaluation.names import covered, name_words
from chorus.records import Person


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).lower()


def _gold_persons(gold: dict[str, Any]) -> list[dict[str, Any]]:
    """The gold people of a document: the seeds' ``people``, or the persons among the
    real-news ``entities`` (their mentions as aliases)."""
    if "people" in gold:
        return gold["people"]
    return [
        {"name": e["name"], "aliases": e.get("mentions", [])}
        for e in gold.get("entities", [])
        if e.get("kind") == "person"
    ]


@dataclass
class GoldPeople:
    """Gold people merged across the annotated documents by canonical name."""

    forms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of(cls, docs: list[AnnotatedDoc]) -> GoldPeople:
        gold = cls()
        for doc in docs:
            for person in _gold_persons(doc.gold):
                aliases = person.get("aliases", [])
                gold.aliases[person["name"]].update(_norm(a) for a in aliases)
                gold.forms[person["name"]].update([person["name"], *aliases])
        return gold

    def named_by(self, name: str) -> list[str]:
        """The gold people one of whose forms holds every name word of ``name``."""
        return [
            canonical
            for canonical, forms in self.forms.items()
            if any(covered(name, name_words(form, drop_titles=True)) for form in forms)
        ]

    def matching(self, name: str) -> str | None:
        """The first gold person ``name`` names."""
        named = self.named_by(name)
        return named[0] if named else None

    def words(self, canonical: str) -> set[str]:
        return {w for form in self.forms[canonical] for w in name_words(form, drop_titles=True)}


@dataclass
class PeopleScore:
    records: int = 0
    matched: int = 0
    aliases: int = 0
    aliases_right: int = 0
    records_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    placed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    junk_records: list[str] = field(default_factory=list)
    junk_aliases: list[tuple[str, str]] = field(default_factory=list)
    false_merges: list[tuple[str, list[str]]] = field(default_factory=list)


def _score_record(person: Person, gold: GoldPeople, result: PeopleScore) -> None:
    result.records += 1
    canonical = gold.matching(person.name)
    result.aliases += len(person.aliases)
    if canonical is None:
        result.junk_records.append(person.name)
        result.junk_aliases.extend((person.name, a) for a in person.aliases)
        return
    result.matched += 1
    result.records_of[canonical].append(person.name)
    allowed = gold.words(canonical)
    for alias in person.aliases:
        if covered(alias, allowed):
            result.aliases_right += 1
        else:
            result.junk_aliases.append((person.name, alias))
    result.placed[canonical].update(_norm(a) for a in [*person.aliases, *person.roles])


def _false_merge(person: Person, gold: GoldPeople) -> list[str]:
    """The gold people this record's aliases name, counting only the aliases that name one
    gold person (a surname two gold people share is no evidence)."""
    named = (gold.named_by(alias) for alias in person.aliases)
    return sorted({people[0] for people in named if len(people) == 1})


def score_people(docs: list[AnnotatedDoc], people: list[Person]) -> dict[str, Any]:
    """People and alias precision over every person record; recall, splits, false merges."""
    gold = GoldPeople.of(docs)
    result = PeopleScore()
    for person in (p for p in people if p.kind == "person"):
        _score_record(person, gold, result)
        merged = _false_merge(person, gold)
        if len(merged) > 1:
            result.false_merges.append((person.name, merged))
    gold_aliases = {(c, a) for c, aliases in gold.aliases.items() for a in aliases}
    missing = sorted((c, a) for c, a in gold_aliases if a not in result.placed.get(c, set()))
    split = sorted(c for c, names in result.records_of.items() if len(names) > 1)
    return {
        "gold_people": len(gold.forms),
        "person_records": result.records,
        "people_precision": ratio(result.matched, result.records),
        "people_recall": ratio(sum(c in result.records_of for c in gold.forms), len(gold.forms)),
        "people_split": len(split),
        "alias_precision": ratio(result.aliases_right, result.aliases),
        "alias_recall": ratio(len(gold_aliases) - len(missing), len(gold_aliases)),
        "predicted_aliases": result.aliases,
        "gold_aliases": len(gold_aliases),
        "split_people": split,
        "false_merges": result.false_merges,
        "junk_records": result.junk_records,
        "junk_aliases": result.junk_aliases,
        "missing_aliases": missing,
    }
