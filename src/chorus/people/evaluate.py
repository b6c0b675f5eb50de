"""Score the people table against hand annotations (``gold/*.json``, seeds format).

``python -m chorus.people.evaluate DIR`` runs ingest -> clean -> parse -> extract -> resolve
over the inputs in ``DIR`` (.txt, .html, .jsonl) and prints alias-placement precision/recall
against ``DIR/gold/*.json`` (gold people merged across files by canonical name).

A gold alias is *placed* when some resolved person holds it: as an alias, a role, or the
surface of one of the mentions resolved to that person (a titled form such as "Belarusian
President X" is the mention's surface; the person lists "X" as alias and "Belarusian
President" as role). Each gold person maps to the resolved person holding most of its
aliases; a placed alias is correct when it sits under that person. Precision = correct /
placed; recall = correct / gold. A false merge is a resolved person holding aliases of two
gold people.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from chorus.clean import CleaningError, clean_document
from chorus.ingest import read_inputs
from chorus.nlp import load_nlp
from chorus.people.extract import extract_entities
from chorus.people.resolve import Resolution, resolve_people
from chorus.records import EntityMention, RawDocument

#: Input files of an annotated folder (its ``gold/`` folder is not input).
INPUT_SUFFIXES = {".txt", ".html", ".htm", ".jsonl"}


@dataclass
class AliasScore:
    gold: int = 0
    placed: int = 0
    correct: int = 0
    false_merges: list[tuple[str, list[str]]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    misplaced: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.placed if self.placed else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def analyse_folder(folder: Path) -> tuple[list[EntityMention], Resolution, list[str]]:
    """Entities, their resolution and the cleaned texts of ``folder/*.txt``."""
    nlp = load_nlp()
    entities: list[EntityMention] = []
    texts: list[str] = []
    inputs = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in INPUT_SUFFIXES)
    for raw in read_inputs(inputs):
        if not isinstance(raw, RawDocument):
            continue
        try:
            article = clean_document(raw)
        except CleaningError:
            continue
        texts.append(article.text)
        entities.extend(extract_entities(nlp(article.text), article))
    return entities, resolve_people(entities), texts


def reachable(gold: dict[str, set[str]], texts: list[str]) -> dict[str, set[str]]:
    """Gold aliases that survive cleaning (an alias only in removed residue cannot be found)."""
    joined = "\n".join(" ".join(t.split()) for t in texts)
    return {
        name: {a for a in aliases if " ".join(a.split()) in joined}
        for name, aliases in gold.items()
    }


def gold_people(folder: Path) -> dict[str, set[str]]:
    """Canonical name -> aliases, merged across the gold files."""
    merged: dict[str, set[str]] = defaultdict(set)
    for path in sorted((folder / "gold").glob("*.json")):
        for person in json.loads(path.read_text(encoding="utf-8")).get("people", []):
            merged[person["name"]].update(person["aliases"])
    return merged


def score(
    gold: dict[str, set[str]],
    resolution: Resolution,
    entities: list[EntityMention] | None = None,
) -> AliasScore:
    """Alias placement of ``resolution`` (with the mention surfaces of ``entities``)."""
    holders: dict[str, set[str]] = defaultdict(set)  # normalised alias -> person ids
    names = {p.id: p.name for p in resolution.people}
    for person in resolution.people:
        for alias in [*person.aliases, *person.roles]:
            holders[_norm(alias)].add(person.id)
    for entity in entities or []:
        person_id = resolution.person_of.get((entity.article, entity.local_id))
        if person_id is not None:
            for _start, _end, surface in entity.mentions:
                holders[_norm(surface)].add(person_id)
    result = AliasScore()
    owner_of: dict[str, str] = {}
    for canonical, aliases in gold.items():
        votes = Counter(pid for a in aliases for pid in holders.get(_norm(a), ()))
        if votes:
            owner_of[canonical] = votes.most_common(1)[0][0]
    gold_of_person: dict[str, set[str]] = defaultdict(set)
    for canonical, aliases in gold.items():
        owner = owner_of.get(canonical)
        for alias in aliases:
            result.gold += 1
            found = holders.get(_norm(alias), set())
            if not found:
                result.missing.append((canonical, alias))
                continue
            result.placed += 1
            if owner in found:
                result.correct += 1
                gold_of_person[owner].add(canonical)
            else:
                result.misplaced.append((canonical, alias, names[sorted(found)[0]]))
    for pid, canonicals in gold_of_person.items():
        if len(canonicals) > 1:
            result.false_merges.append((names[pid], sorted(canonicals)))
    return result


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else "/work/shared/seeds")
    entities, resolution, texts = analyse_folder(folder)
    gold = gold_people(folder)
    in_body = score(reachable(gold, texts), resolution, entities)
    result = score(gold, resolution, entities)
    print(f"gold aliases {result.gold}  placed {result.placed}  correct {result.correct}")
    print(f"alias precision {result.precision:.3f}  recall {result.recall:.3f}")
    print(
        f"aliases left in the cleaned bodies {in_body.gold}: "
        f"precision {in_body.precision:.3f}  recall {in_body.recall:.3f}"
    )
    print(f"false merges {len(result.false_merges)} {result.false_merges}")
    for canonical, alias in result.missing:
        print(f"  missing   {canonical}: {alias!r}")
    for canonical, alias, holder in result.misplaced:
        print(f"  misplaced {canonical}: {alias!r} under {holder}")
    people = [p for p in resolution.people if p.kind == "person"]
    print(f"resolved people {len(people)} (gold {len(score_names(folder))})")
    for person in people:
        print(f"  {person.name} [{len(person.articles)} art] aliases={person.aliases}")
    return 0


def score_names(folder: Path) -> set[str]:
    return set(gold_people(folder))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
