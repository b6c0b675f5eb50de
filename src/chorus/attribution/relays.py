"""Relays: who passes a statement on ("as the agency reports", "according to the paper",
"the agency quoted her as saying"). Found once per article, looked up per statement.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from spacy.tokens import Token

from chorus.attribution.cues import (
    QUOTING_VERBS,
    document_nouns,
    is_as_report,
    pronoun_kinds,
    relay_nouns,
    relay_text,
    relay_verbs,
    subject_of,
    title_classes,
)
from chorus.attribution.descriptions import ORGANISATION_CLASS
from chorus.attribution.found import Found
from chorus.attribution.state import REACH, ArticleState
from chorus.syntax import child_with, noun_phrase_text, passive_agent


def usable_relay(text: str | None) -> bool:
    """A relay names someone: a capitalised word that is not a pronoun, or a description of a
    person or a medium ("the official", "the TV channel"); not a document ("a report", "the
    minutes"), which is the speaker's own text rather than a go-between."""
    if not text:
        return False
    words = re.findall(r"[^\W\d_][\w'’.-]*", text)
    if not words or words[-1].lower() in document_nouns():
        return False
    if any(w[0].isupper() and w.lower() not in pronoun_kinds() for w in words):
        return True
    head = words[-1].lower()
    return (
        head in relay_nouns() or title_classes().get(head, ORGANISATION_CLASS) != ORGANISATION_CLASS
    )


#: A wire's credit near the start of a paragraph: "August 2 – (Bloomberg) —".
_WIRE_CREDIT = re.compile(r"\((?P<outlet>[A-Z][\w&.' -]{1,40})\)\s*[-–—]")
#: How far into a paragraph (in characters) a wire's credit is looked for.
_CREDIT_REACH = 80
#: A paragraph that opens a dated entry of a page: "January 13, 2023 – ...".
_DATED_ENTRY = re.compile(r"[A-Za-z]+\.? \d{1,2},? \d{4}\s*[-–—]\s")
#: The signature closing an embedded post: "— Lumen News (@LumenNews) April 3, 2023".
_EMBED_SIGNATURE = re.compile(
    r"[—–-]\s*(?P<outlet>[A-Z][\w&.' -]{1,40}?)\s*\(@\w+\)\s*[A-Z][a-z]+\.? \d{1,2},? \d{4}\s*$"
)


def _outlet_key(name: str) -> str:
    """An outlet's name as written any way: "N.T.A." and "NTA" are one wire."""
    return re.sub(r"[\W_]", "", name).casefold()


def _relay_of_speaker(speaker: Token | None) -> str | None:
    """ "analysts quoted by the Herald think ...": the relay named with the speaker."""
    if speaker is None:
        return None
    for child in speaker.children:
        if child.dep_ == "acl" and child.lemma_.lower() in relay_verbs():
            source = passive_agent(child)
            if source is not None:
                return relay_text(source)
    return None


def _a_person(item: Found) -> bool:
    """Is the statement's speaker a person (not a body, a country or a side)?"""
    if item.resolution is not None and item.resolution.entity_kind == "person":
        return True
    return item.speaker.ent_type_ == "PERSON" or item.speaker.lower_ in ("he", "she")


class RelayRules(ArticleState):
    """Relays of statements, from constructions that name who passes them on."""

    @cached_property
    def as_report_verbs(self) -> list[int]:
        """Indices of the "as X reports" verbs."""
        return [i for i in self.cue_tokens if is_as_report(self.doc[i])]

    def relay_of_sentence(self, cue: tuple[int, int] | None) -> str | None:
        """ "as the Courier reports" in the cue's sentence: the outlet relaying the statement."""
        if cue is None:
            return None
        first, end = self.tokens_of(*cue)
        if first >= end:
            return None
        sent_start, sent_end = self.sentences.bounds(first)
        verbs = self.as_report_verbs
        k = bisect.bisect_left(verbs, sent_start)
        while k < len(verbs) and verbs[k] < sent_end:
            token = self.doc[verbs[k]]
            k += 1
            if first <= token.i < end:
                continue
            subject = child_with(token, ("nsubj",))
            if subject is not None:
                return relay_text(subject)
        return None

    def trailing_relay(
        self, cue: tuple[int, int], speaker: Token | None, content: tuple[int, int] = (0, 0)
    ) -> str | None:
        """ "“...,” the minister said on Sunday, the agency reported.": a relay verb of the
        cue's sentence with a subject of its own and no content of its own."""
        first, end = self.tokens_of(*cue)
        if first >= end:
            return None
        sent_start, sent_end = self.sentences.bounds(first)
        for verb in self.doc[end : min(sent_end, end + REACH)]:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in relay_verbs():
                continue
            if first <= verb.i < end or any(c.dep_ == "xcomp" for c in verb.children):
                continue  # "Bremov had learned to answer ...": an act of its own, no relay
            if content[0] <= verb.idx < content[1]:
                continue  # "his comments, reported by the agency, are ...": what was said
            clauses = [c for c in verb.children if c.dep_ == "ccomp" and not self.in_quote(c)]
            if clauses and not any(c.left_edge.i <= first <= c.right_edge.i for c in clauses):
                continue  # it reports a clause of its own (not the cue's)
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:  # "in comments reported by the agency"
                source = next((c for c in agent.children if c.dep_ == "pobj"), None)
            else:
                source, _ = subject_of(verb)
            if source is not None and source is not speaker and source.pos_ != "PRON":
                return relay_text(source)
        return None

    def pasted_wire_copy(self, first_statement: int) -> list[tuple[int, int, str]]:
        """``(start, end, outlet)`` of wire copy pasted into a page of dated entries after
        statements of its own (a blog's "August 2, 2023 – (Bloomberg) — ..."): its statements
        are relayed by the wire, up to the next dated entry. A credit that does not follow an
        entry of the page's own is the page's dateline, no relay."""
        scopes = []
        entries = 0
        for k, (start, end) in enumerate(self.paragraphs):
            credit = _WIRE_CREDIT.search(self.text, start, min(end, start + _CREDIT_REACH))
            own_entry = credit is None and _DATED_ENTRY.match(self.text, start, end)
            entries += bool(own_entry)
            if credit is None or start <= first_statement or not entries:
                continue
            stop = next(
                (s for s, e in self.paragraphs[k + 1 :] if _DATED_ENTRY.match(self.text, s, e)),
                len(self.text),
            )
            scopes.append((start, stop, credit.group("outlet")))
        return scopes

    def cited_wire_copy(self) -> list[tuple[int, int, str]]:
        """``(start, end, outlet)`` of a paragraph of wire copy pasted whole: it opens with the
        wire's credit and closes with a citation of the same wire ("VARNO, 9 June (NTA) – ...
        (N.T.A. – ‘Headline’ 09.06.2025)."), so its statements are relayed by the wire
        whatever the page."""
        scopes = []
        for k, citation in self.wire_citations.items():
            start, end = self.paragraphs[k]
            credit = _WIRE_CREDIT.search(self.text, start, min(end, start + _CREDIT_REACH))
            if credit is None or citation.start() <= credit.end():
                continue
            if _outlet_key(credit.group("outlet")) == _outlet_key(citation.group("outlet")):
                scopes.append((start, end, credit.group("outlet")))
        return scopes

    def relayed_remarks(self) -> list[tuple[int, int, str]]:
        """``(start, end, relay)`` of the sentence before one that opens "His comments, reported
        by the agency X, ...": the remarks of that sentence reached the page through X."""
        scopes = []
        for sent_start in self.sentences.starts:
            head = self.doc[sent_start]
            if head.dep_ != "poss" or head.pos_ != "PRON" or sent_start == 0:
                continue
            remarks = head.head
            if remarks.lemma_.lower() not in document_nouns():
                continue
            relay = next(
                (
                    passive_agent(c)
                    for c in remarks.children
                    if c.dep_ == "acl" and c.lemma_.lower() in relay_verbs()
                ),
                None,
            )
            before = self.sentences.bounds(sent_start - 1)[0]
            if relay is None or self.paragraph_of(self.doc[before].idx) != self.paragraph_of(
                head.idx
            ):
                continue
            scopes.append((self.doc[before].idx, head.idx, relay_text(relay)))
        return scopes

    @staticmethod
    def signed_embeds(paragraphs: list[tuple[int, int]], text: str) -> list[tuple[int, int, str]]:
        """``(start, end, outlet)`` of embedded posts signed by an outlet ("... https://t.co/x —
        Lumen News (@LumenNews) April 3, 2023"): the statements of the post are relayed by it."""
        scopes = []
        for start, end in paragraphs:
            signature = _EMBED_SIGNATURE.search(text, start, end)
            if signature is not None:
                scopes.append((start, end, signature.group("outlet")))
        return scopes

    def assign_relays(self, items: list[Found], direct: list[Found]) -> None:
        """Each statement's relay: the speaker of the quotation it is reported in, a relay
        found for its cue ("according to X", "X reported that"), "as X reports", a trailing
        "X reported"; a relay that names no one is dropped."""
        by_quote = {item.quote.start: item for item in direct if item.quote is not None}
        for item in items:
            carrier = by_quote.get(item.nested_in.start) if item.nested_in is not None else None
            if carrier is not None and carrier.resolution is not None and item.via is None:
                item.via = carrier.resolution.name
            if item.via is None and item.cue is not None:
                first, end = self.tokens_of(*item.cue)
                relay = next((self.relays[i] for i in range(first, end) if i in self.relays), None)
                item.via = (
                    relay
                    or self.relay_of_sentence(item.cue)
                    or _relay_of_speaker(item.speaker)
                    or self.trailing_relay(item.cue, item.speaker, (item.start, item.end))
                )
            if item.via is None:
                item.via = self._reporter_around(item, items)
            if not usable_relay(item.via):
                item.via = None
        self._relays_of_unnamed_quoters(items)
        first = min((item.start for item in items), default=len(self.text))
        scopes = (
            self.pasted_wire_copy(first)
            + self.cited_wire_copy()
            + self.signed_embeds(self.paragraphs, self.text)
        )
        for start, end, outlet in scopes + self.relayed_remarks():
            for item in items:
                if item.via is None and start <= item.start < end:
                    item.via = outlet

    def _quoted_without_agent(self, item: Found) -> bool:
        """ "Lee was quoted as saying": a passive quoting verb with no "by": someone passed the
        words on without being named here."""
        if item.cue is None:
            return False
        first, end = self.tokens_of(*item.cue)
        for token in self.doc[first:end]:
            verb = token if token.lemma_.lower() in QUOTING_VERBS else token.head
            if verb.lemma_.lower() not in QUOTING_VERBS:
                continue
            deps = {c.dep_ for c in verb.children}
            if "nsubjpass" in deps and "agent" not in deps:
                return True
        return False

    def _relays_of_unnamed_quoters(self, items: list[Found]) -> None:
        """ "“...,” Lee told soldiers, according to the agency. “...,” Lee was quoted as saying.":
        an agentless quoting verb leaves the relay unnamed; it is the relay of the same speaker's
        statement just before (this paragraph or the one before), when that one names one."""
        ordered = sorted(items, key=lambda f: f.anchor)
        for k, item in enumerate(ordered):
            if item.via is not None or item.resolution is None or item.resolution.name is None:
                continue
            if not self._quoted_without_agent(item):
                continue
            here = self.paragraph_of(item.anchor)
            for before in reversed(ordered[:k]):
                if here - self.paragraph_of(before.anchor) > 1:
                    break
                if before.resolution is None or before.resolution.name != item.resolution.name:
                    continue
                item.via = before.via
                break

    def _reporter_around(self, item: Found, items: list[Found]) -> str | None:
        """ "Xi said he had heard the reports, said the official": a statement reported inside
        another speaker's statement is relayed by that speaker."""
        if item.cue is None or item.speaker is None or not _a_person(item):
            return None  # "the minister said Turkey demanded ...": he speaks for his side
        first, end = self.tokens_of(*item.cue)
        verbs = [t for t in self.doc[first:end] if t.pos_ in ("VERB", "AUX")]
        if not verbs or verbs[-1].tag_ == "VBG" or any(t.tag_ == "MD" for t in verbs):
            return None  # "with Lee saying ...", "Lee will announce ...": not passed on
        for outer in items:
            if outer is item or outer.kind == "direct" or outer.speaker is None:
                continue
            if not outer.start <= item.cue[0] < outer.end or outer.resolution is None:
                continue
            if outer.speaker.i == item.speaker.i or (
                item.resolution is not None
                and outer.resolution.local_id is not None
                and outer.resolution.local_id == item.resolution.local_id
            ):
                continue  # the same voice
            return outer.resolution.name or noun_phrase_text(outer.speaker)
        return None
