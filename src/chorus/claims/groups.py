"""The same forecast event across voices and articles: when two forecasts are about one event.

A forecast's event is summed up by its parts (``proposition.EventParts``): who (the subject's
entity, with its corpus-wide person id once the people step has run), the act (a verb's
lemma) and what it acts on (an object's head word); a nominal event ("a recession in 2024")
by its head. Two events are one when:

- both are nominal, with the same head, and the same object or one of them has none
  ("recession" / "US recession"; "rate cuts" and "job cuts" are two);
- both have an act, the same act, and either the same subject and compatible objects (equal,
  or one missing: "the bank cuts rates" / "the bank cuts") or one subject unknown (a pronoun,
  an intention noun: "a plan to invade the island") and the same object.

Subjects are the same when the people step resolved them to one person or organisation, or
their names are the same written differently: "U.S." / "US", an acronym of the other ("EU" /
"European Union"), a shortening of its first word ("Fed" / "Federal Reserve"). No story's
names are known in advance. The values here travel as JSON (lists and dicts).
"""

from __future__ import annotations

import re
from typing import Any

from chorus.records import stable_id

#: Words an acronym skips ("Bank of England" -> "BOE", "the European Union" -> "EU").
ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "on", "in", "de", "du", "la"})
#: A shortening of a first word is this long ("Fed" for "Federal Reserve", "Govt").
MIN_SHORTENING = 3
MAX_SHORTENING = 4


def signature(row: dict[str, Any]) -> dict[str, Any] | None:
    """What grouping compares of a forecast row (None: its event says too little)."""
    subject = (row.get("event_subject") or "").strip()
    act = (row.get("event_act") or "").strip()
    obj = (row.get("event_object") or "").strip()
    nominal = not act
    if nominal and not subject or not nominal and not (subject or obj):
        return None
    return {
        "subject": subject,
        "subject_id": row.get("event_subject_id"),
        "act": act,
        "object": obj,
    }


def identity(sig: dict[str, Any]) -> str:
    """Forecasts whose events are identical in every part are one event at once."""
    who = sig["subject_id"] or compact(sig["subject"])
    return "\x1f".join((who, sig["act"], compact(sig["object"])))


def blocks(sig: dict[str, Any]) -> set[str]:
    """Where an event looks for its equals: by act, or a nominal event by its head."""
    return {f"act:{sig['act']}"} if sig["act"] else {f"head:{compact(sig['subject'])}"}


def same_event(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """The rules of the module docstring."""
    if first["act"] != second["act"]:
        return False
    objects = compact(first["object"]), compact(second["object"])
    if not first["act"]:
        return same_subject(first, second) and (objects[0] == objects[1] or "" in objects)
    if not first["subject"] or not second["subject"]:
        return bool(objects[0]) and objects[0] == objects[1]
    return same_subject(first, second) and (objects[0] == objects[1] or "" in objects)


def same_subject(first: dict[str, Any], second: dict[str, Any]) -> bool:
    if first["subject_id"] and first["subject_id"] == second["subject_id"]:
        return True
    return same_name(first["subject"], second["subject"])


def same_name(first: str, second: str) -> bool:
    """One name written two ways: "U.S."/"US", "EU"/"European Union", "Fed"/"Federal
    Reserve"."""
    a, b = compact(first), compact(second)
    if not a or not b:
        return False
    if a == b:
        return True
    return _abbreviates(first, second) or _abbreviates(second, first)


def _abbreviates(short: str, long: str) -> bool:
    """``short`` is the initials of ``long`` ("EU", "BoV" for "Bank of Varnia") or a
    shortening of its first word ("Fed"); a whole word is no shortening ("Varnia" is not
    "Varnian government")."""
    every = re.findall(r"[a-z0-9]+", _without_article(long).lower())
    words = [w for w in every if w not in ACRONYM_SKIPS]
    letters = compact(short)
    if len(words) < 2 or " " in _without_article(short):
        return False
    if letters in ("".join(w[0] for w in words), "".join(w[0] for w in every)):
        return True
    return (
        MIN_SHORTENING <= len(letters) <= MAX_SHORTENING
        and words[0].startswith(letters)
        and words[0] != letters
    )


def _without_article(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def compact(text: str) -> str:
    """Lower case, no dots, spaces or a leading article ("The U.S." -> "us")."""
    return re.sub(r"[\s.'’]+", "", _without_article(text).lower())


def group_id(first_key: str) -> str:
    """A group's id: from the identity of its first event (stable across builds)."""
    return stable_id("forecast-event", first_key, length=12)
