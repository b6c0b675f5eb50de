"""Resolving a speaker mention to an entity of the article.

Names map to the people stage's ``EntityMention`` by span overlap (or, when that stage returns
nothing, to a minimal surname grouping of the parse's PERSON/ORG names). Pronouns go to the most
salient compatible entity before them (the latest speaker, else the latest named subject);
descriptions ("the Norvish leader") to the entity whose roles or title words share a word,
or a word of the same class, with the description.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from chorus.attribution.cues import country_governments, pronoun_kinds, relay_nouns, title_classes
from chorus.attribution.descriptions import (
    ORGANISATION_CLASS,
    is_title,
    match_score,
    proper_modifiers,
    untitled,
)
from chorus.attribution.entities import (
    ArticleEntity,
    add_titles,
    entities_in_clean_offsets,
    fallback_entities,
)
from chorus.records import Article, EntityMention
from chorus.syntax import (
    SentenceIndex,
    antecedent,
    doc_text,
    noun_phrase,
    noun_phrase_text,
    passive_agent,
)

_PERSON_LABELS = {"PERSON"}
_ORG_LABELS = {"ORG", "NORP", "GPE"}
#: How many mentions, speakers or tokens back a resolution reads (bounded work per mention).
_LOOK_BACK = 300
#: Longer than any one mention, in characters.
_LONGEST_MENTION = 200
#: How far back (in characters) a subject mention is preferred as a pronoun's antecedent.
_SUBJECT_REACH = 700
#: Words that do not make an entity name match a relay on their own.
_RELAY_STOP = {"the", "a", "an", "of", "news", "agency"}
#: How far after a description (in characters) the name it announces is looked for.
_CATAPHORA = 600
#: How often a person must be named before an unmatched role description may stand for them.
_MAIN_PERSON_MENTIONS = 2
_DEFINITE = {"the", "this", "that"}
_FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}


@dataclass
class Resolution:
    """The outcome of resolving one mention."""

    name: str | None
    local_id: str | None
    kind: str  # name | pronoun | description | unknown
    distance: int = 0  # characters back to the antecedent (pronouns, descriptions)
    entity_kind: str | None = None


_INDEFINITE = {"a", "an", "some", "many", "several", "other", "one", "few", "most", "no"}


def _generic(head: Token) -> bool:
    """A non-specific source ("reports", "some analysts", "a source"): no one to name."""
    if head.pos_ == "PROPN" or head.ent_type_:
        return False
    determiners = {c.lower_ for c in head.children if c.dep_ in ("det", "amod", "nummod")}
    if determiners & _INDEFINITE:
        return True
    has_owner = any(c.dep_ in ("det", "poss", "compound") for c in head.children)
    return head.tag_ in ("NNS",) and not has_owner


def _leader_of(head: Token) -> Token | None:
    """ "economists at the bank, led by Ann Lee,": the named person who leads a group; "other
    candidates, notably Ann Lee and Tom Park,": the first person the group is named by."""
    if head.tag_ != "NNS":
        return None
    for child in head.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            return child
        if child.dep_ == "acl" and child.lemma_.lower() == "lead":
            person = passive_agent(child)
            if person is not None and person.ent_type_ == "PERSON":
                return person
    return None


class SpeakerResolver:
    """Resolves mentions of one article, remembering the speakers already seen (salience)."""

    def __init__(
        self,
        doc: Doc,
        article: Article,
        entities: list[EntityMention],
        in_quote: Callable[[Token], bool] = lambda token: False,
        sentences: SentenceIndex | None = None,
    ):
        self.doc = doc
        self.entities = entities_in_clean_offsets(article, entities) if entities else []
        if not self.entities:
            self.entities = fallback_entities(doc)
        self.by_surname: dict[str, ArticleEntity] = {}
        for entity in self.entities:
            parts = re.findall(r"\w+", entity.name.lower())
            if parts and not entity.is_description:
                current = self.by_surname.get(parts[-1])
                if current is None or len(entity.name) > len(current.name):
                    self.by_surname[parts[-1]] = entity
        self.mention_index = sorted(
            ((start, end, entity) for entity in self.entities for start, end in entity.mentions),
            key=lambda m: (m[0], m[1]),
        )
        self.mention_starts = [m[0] for m in self.mention_index]
        self.by_id = {entity.local_id: entity for entity in self.entities}
        self.sentences = sentences or SentenceIndex(doc)
        add_titles(doc, self.entities, self.sentences.token_at)
        #: indices of the named (PROPN) subjects, the antecedents a pronoun may take
        self.named_subjects = [
            t.i for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN"
        ]
        #: indices of the plural common noun subjects, the antecedents a group pronoun may take
        self.plural_subjects = [
            t.i
            for t in doc
            if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ == "NNS" and t.pos_ == "NOUN"
        ]
        #: tells whether a token is inside a quotation (the extractor's quote index)
        self.in_quote = in_quote
        #: (char pos, entity, name, kind) of the speakers seen so far
        self.speakers: list[tuple[int, ArticleEntity | None, str, str]] = []
        #: (char pos, mention) of the speakers described but never named, in resolution order
        self.unnamed: list[tuple[int, str]] = []

    def note_speaker(self, pos: int, resolution: Resolution) -> None:
        """Remember a resolved speaker: later pronouns prefer recent speakers."""
        entity = self.by_id.get(resolution.local_id) if resolution.local_id else None
        if resolution.name:
            kind = resolution.entity_kind or ("person" if resolution.kind == "name" else "other")
            self.speakers.append((pos, entity, resolution.name, kind))

    def _mentions_before(self, pos: int):
        """Mentions starting before ``pos``, nearest first (at most ``_LOOK_BACK``)."""
        k = bisect.bisect_left(self.mention_starts, pos)
        for i in range(k - 1, max(-1, k - 1 - _LOOK_BACK), -1):
            yield self.mention_index[i]

    def _mentions_in(self, start: int, end: int):
        """Mentions starting in ``[start, end)``, in text order."""
        k = bisect.bisect_left(self.mention_starts, start)
        while k < len(self.mention_index) and self.mention_index[k][0] < end:
            yield self.mention_index[k]
            k += 1

    def _overlapping(self, start: int, end: int) -> ArticleEntity | None:
        """The entity of the first mention overlapping ``[start, end)``."""
        found = None
        for m_start, m_end, entity in self._mentions_before(end):
            if m_end > start:
                found = entity
            if m_start < start - _LONGEST_MENTION:
                break
        return found

    def resolve(self, head: Token, span: tuple[int, int]) -> Resolution:
        """Resolve the mention whose head token is ``head`` and clean char span ``span``."""
        if antecedent(head) is not head:
            head = antecedent(head)
            span = noun_phrase(head)
        leader = _leader_of(head)
        if leader is not None:
            head, span = leader, noun_phrase(leader)
        lower = head.lower_
        if head.pos_ == "PRON" or lower in pronoun_kinds():
            return self._resolve_pronoun(head)
        at_head = self._overlapping(head.idx, head.idx + len(head))
        government = self._government_of(head, span, at_head)
        if government is not None:
            return government
        entity = at_head or self._overlapping(*span)
        if is_title(head) and (at_head is None or at_head.is_description):
            found = (
                self._named_in_apposition(head)
                or self._resolve_description(head, span)
                or self._main_untitled_person(head, span)
            )
            if found is not None:
                return found
            if title_classes().get(lower) != ORGANISATION_CLASS:
                # a person the article describes but never names: no canonical name
                self.unnamed.append((span[0], doc_text(self.doc)[span[0] : span[1]]))
                return Resolution(None, None, "description", 0, "person")
            entity = at_head or self._organisation_of(head)
        if entity is None and head.pos_ == "PROPN":
            entity = self.by_surname.get(lower)
        if entity is not None:
            return Resolution(entity.name, entity.local_id, "name", 0, entity.kind)
        if _generic(head):
            return Resolution(None, None, "generic", 0, None)
        text = self.doc.char_span(*span, alignment_mode="expand")
        name = text.text if text is not None else head.text
        name = re.sub(r"^(the|a|an)\s+", "", name.lstrip("-–—―~ "), flags=re.IGNORECASE)

        is_org = head.ent_type_ in _ORG_LABELS or lower in title_classes()
        kind = "name" if head.pos_ == "PROPN" else "description"
        return Resolution(name, None, kind, 0, "organisation" if is_org else None)

    def _government_of(
        self, head: Token, span: tuple[int, int], entity: ArticleEntity | None
    ) -> Resolution | None:
        """ "Turkey said", "Berlin warned": a country (or its capital) speaks through its
        government, which is the speaker's name (no person record stands for a place)."""
        if head.ent_type_ != "GPE" or (entity is not None and entity.kind == "person"):
            return None
        text = self.doc.char_span(*span, alignment_mode="expand")
        name = re.sub(
            r"^(the|a|an)\s+", "", text.text if text is not None else head.text, flags=re.I
        )
        government = country_governments().get(name.lower())
        if government is None:
            return None
        return Resolution(government, None, "name", 0, "organisation")

    def canonical_relay(self, text: str, pos: int | None = None) -> str:
        """A relay as the article's entity it names ("the state news agency Lumen" and
        "Lumen" are one outlet): the fullest entity name whose words all appear in ``text``;
        a medium described without its name ("the TV channel") is the outlet named last before
        ``pos``; else ``text`` without its leading article."""
        words = {w.lower() for w in re.findall(r"\w+", text)}
        best = None
        for entity in self.entities:
            if entity.is_description:
                continue
            own = {w.lower() for w in re.findall(r"\w+", entity.name)} - _RELAY_STOP
            if own and own <= words and (best is None or len(own) > len(best[0])):
                best = (own, entity.name)
        if best is not None:
            return best[1]
        media = relay_nouns()
        named = any(w[0].isupper() and w.lower() not in media for w in re.findall(r"\w+", text))
        described = not named and words & media
        if described and pos is not None:
            outlet = next(
                (e for _s, _e, e in self._mentions_before(pos) if e.kind == "outlet"), None
            )
            if outlet is not None:
                return outlet.name
        if not named and pos is not None and re.match(r"(?i)the\s", text.strip()):
            # "according to the source": the person an earlier statement describes
            earlier = [m for p, m in self.unnamed if p < pos and not re.match(r"(?i)the\s", m)]
            if earlier:
                text = earlier[-1]
        return re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)

    def _organisation_of(self, head: Token) -> ArticleEntity | None:
        """ "the leadership of the Green Union": the named organisation a body belongs to."""
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    entity = self._overlapping(obj.idx, obj.idx + len(obj))
                    if obj.dep_ == "pobj" and entity is not None and entity.kind != "person":
                        return entity
        return None

    def _named_in_apposition(self, head: Token) -> Resolution | None:
        """A title followed by the name it belongs to: "the minister, Anna Berg," or "Chairman
        of the Board General Ann Lee" (a person named in the title's own phrase)."""
        last = head.right_edge
        for start, _end, entity in self._mentions_in(head.idx + len(head), last.idx + len(last)):
            if entity.kind != "person" or entity.is_description:
                continue
            between = self.doc[head.i + 1 : self.sentences.token_at(start)]
            if any(t.pos_ in ("VERB", "AUX") for t in between):
                return None
            return Resolution(entity.name, entity.local_id, "description", 0, entity.kind)
        return None

    def _compatible(self, entity: ArticleEntity | None, pronoun_kind: str) -> bool:
        if entity is None:
            return pronoun_kind == "group"
        if pronoun_kind in ("male", "female", "person"):
            gender = entity.gender
            return entity.kind == "person" and (
                pronoun_kind == "person" or gender is None or gender == pronoun_kind
            )
        return entity.kind != "person" or pronoun_kind == "group"

    def _subject_antecedent(self, head: Token, kind: str) -> Resolution | None:
        """The named subject, outside quotations, of the pronoun's own sentence before it:
        "Dahl met Ruud ..., and state media reported that he ..." -> Dahl."""
        sent_start, _ = self.sentences.bounds(head.i)
        found = self._first_named_subject(head, kind, sent_start, head.i, main_only=False)
        return (
            found
            or self._only_person_of_sentence(head, kind, sent_start)
            or self._previous_subject(head, kind, sent_start)
        )

    def _previous_subject(self, head: Token, kind: str, sent_start: int) -> Resolution | None:
        """ "Rita Moss was far less relaxed. She told the Courier ...": a pronoun that is the
        subject of its sentence's main verb, first in its sentence, takes the named subject of
        the main verb of the sentence before it (in its paragraph or closing the one before)."""
        if head.dep_ != "nsubj" or head.head.dep_ != "ROOT" or head.i != sent_start:
            return None
        if sent_start == 0:
            return None
        previous_start, _ = self.sentences.bounds(sent_start - 1)
        return self._first_named_subject(head, kind, previous_start, sent_start, main_only=True)

    def _first_named_subject(
        self, head: Token, kind: str, low_token: int, high_token: int, main_only: bool
    ) -> Resolution | None:
        """The first named subject between two token indices, outside quotations (only of a
        sentence's main verb when ``main_only``), whose entity the pronoun may stand for."""
        low = bisect.bisect_left(self.named_subjects, low_token)
        high = bisect.bisect_left(self.named_subjects, high_token)
        for i in self.named_subjects[low : min(high, low + _LOOK_BACK)]:
            token = self.doc[i]
            if self.in_quote(token) or (main_only and token.head.dep_ != "ROOT"):
                continue
            entity = self._overlapping(token.idx, token.idx + len(token))
            entity = entity or self.by_surname.get(token.lower_)
            if entity is not None and self._compatible(entity, kind):
                return Resolution(
                    entity.name, entity.local_id, "pronoun", head.idx - token.idx, entity.kind
                )
        return None

    def _only_person_of_sentence(
        self, head: Token, kind: str, sent_start: int
    ) -> Resolution | None:
        """The one person named before the pronoun in its sentence, outside quotations and not
        as an owner or an object, when the parse lost the subject ("After years of fighting
        inflation, Lee, in a speech, turned to jobs, which she said ...")."""
        found = None
        for m_start, m_end, entity in self._mentions_in(self.doc[sent_start].idx, head.idx):
            if entity.is_description or not self._compatible(entity, kind):
                continue
            if self.in_quote(self.doc[self.sentences.token_at(m_start)]):
                continue
            if self._role_of(m_start, m_end) in ("poss", "pobj", "dobj", "compound"):
                continue
            if found is not None and found[1] is not entity:
                return None  # two people: no way to tell
            found = (m_start, entity)
        if found is None:
            return None
        m_start, entity = found
        return Resolution(entity.name, entity.local_id, "pronoun", head.idx - m_start, entity.kind)

    def _is_subject(self, start: int, end: int) -> bool:
        """Is the mention at ``[start, end)`` a clause subject outside quotations?"""
        first = self.sentences.token_at(start)
        return self._role_of(start, end) in ("nsubj", "nsubjpass") and not self.in_quote(
            self.doc[first]
        )

    def _recent_mention(self, pos: int, kind: str) -> tuple[int, ArticleEntity] | None:
        """The most salient compatible mention before ``pos``: the latest subject within
        ``_SUBJECT_REACH`` characters ("Lee ruled out a vote on Kay's plan. He said" -> Lee),
        else the first mention, not a possessive, of the sentence of the latest mention (the
        sentence's topic, when the parse lost its subject)."""
        latest, sentence, candidates = None, None, []
        for m_start, m_end, entity in self._mentions_before(pos):
            if entity.is_description or not self._compatible(entity, kind):
                continue
            if latest is None:
                latest = (m_start, entity)
                sentence = self.sentences.bounds(self.sentences.token_at(m_start))
            if pos - m_start > _SUBJECT_REACH:
                break
            if self._is_subject(m_start, m_end):
                return m_start, entity
            first = self.sentences.token_at(m_start)
            if sentence[0] <= first < sentence[1] and self.doc[first].dep_ != "poss":
                candidates.append((m_start, entity, self._role_of(m_start, m_end)))
        topical = [(p, e) for p, e, role in candidates if role != "poss"]
        return topical[-1] if topical else latest

    def _role_of(self, start: int, end: int) -> str:
        """The dependency label of the mention's root token."""
        first = self.sentences.token_at(start)
        last = self.sentences.token_at(max(start, end - 1))
        for token in self.doc[first : last + 1]:
            if not first <= token.head.i <= last or token.head.i == token.i:
                return token.dep_
        return ""

    def _resolve_pronoun(self, head: Token) -> Resolution:
        kind = pronoun_kinds().get(head.lower_, "person")
        pos = head.idx
        if head.lower_ in _FIRST_PERSON and not self.in_quote(head):
            return Resolution(None, None, "unknown", 0)  # the writer's own voice
        if kind in ("male", "female", "person"):
            found = self._subject_antecedent(head, kind)
            if found is not None:
                return found
        recent_speaker = next(
            (
                (p, e, n)
                for p, e, n, k in reversed(self.speakers[-_LOOK_BACK:])
                if p < pos
                and (
                    self._compatible(e, kind)
                    or (e is None and (k == "person") == (kind != "group"))
                )
            ),
            None,
        )
        recent_mention = self._recent_mention(pos, kind)
        if kind == "group":
            group = self._plural_subject_before(head)
            nearest = max(
                [
                    recent_speaker[0] if recent_speaker else -1,
                    recent_mention[0] if recent_mention else -1,
                ]
            )
            if group is not None and group.idx > nearest:
                if _leader_of(group) is not None:
                    found = self.resolve(group, noun_phrase(group))
                    return Resolution(found.name, found.local_id, "pronoun", pos - group.idx)
                name = re.sub(r"^(the|a|an)\s+", "", noun_phrase_text(group), flags=re.I)
                return Resolution(name, None, "pronoun", pos - group.idx, "organisation")
        if recent_speaker and (
            recent_mention is None or recent_speaker[0] >= recent_mention[0] - 400
        ):
            p, entity, name = recent_speaker
            return Resolution(
                name, entity.local_id if entity else None, "pronoun", pos - p,
                entity.kind if entity else None,
            )  # fmt: skip
        if recent_mention:
            p, entity = recent_mention
            return Resolution(entity.name, entity.local_id, "pronoun", pos - p, entity.kind)
        if kind in ("male", "female", "person") and self.speakers:
            # the entity kinds of the parse are unreliable: the latest named speaker nearby
            p, entity, name, speaker_kind = self.speakers[-1]
            if speaker_kind != "other" and pos - p < 600:
                return Resolution(name, entity.local_id if entity else None, "pronoun", pos - p)
        if kind in ("male", "female", "person") and recent_mention is None:
            return self._first_person_after(head) or Resolution(None, None, "unknown", 0)
        return Resolution(None, None, "unknown", 0)

    def _plural_subject_before(self, head: Token) -> Token | None:
        """The latest plural common noun subject outside quotations within reach before a group
        pronoun ("Economists at the bank cut their forecast. They cited ...")."""
        k = bisect.bisect_left(self.plural_subjects, head.i)
        for i in reversed(self.plural_subjects[max(0, k - _LOOK_BACK) : k]):
            token = self.doc[i]
            if head.idx - token.idx > _SUBJECT_REACH:
                return None
            if not self.in_quote(token):
                return token
        return None

    def _first_person_after(self, head: Token) -> Resolution | None:
        """A pronoun with nothing before it (an excerpt that starts mid-story: "“...,” he told
        reporters. Lee then said ..."): the first person named as a subject soon after."""
        for m_start, m_end, entity in self._mentions_in(head.idx, head.idx + _CATAPHORA):
            named = entity.kind == "person" and not entity.is_description
            if named and self._is_subject(m_start, m_end):
                distance = m_start - head.idx
                return Resolution(entity.name, entity.local_id, "pronoun", distance, entity.kind)
        return None

    def _main_untitled_person(self, head: Token, span: tuple[int, int]) -> Resolution | None:
        """A definite role description no named person's titles fit ("The prime minister said"
        in a story that only ever writes "Mrs May"): the person the story has named most often
        so far, when the story gives them no role at all (and at least twice)."""
        definite = any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in head.children)
        if not definite or title_classes().get(head.lower_) == ORGANISATION_CLASS:
            return None
        counts: dict[str, list] = {}
        for m_start, _m_end, entity in self._mentions_before(span[0]):
            if entity.is_description or not untitled(entity):
                continue
            seen = counts.setdefault(entity.local_id, [0, m_start, entity])
            seen[0] += 1
            seen[1] = max(seen[1], m_start)
        if not counts:
            return self._opening_description(head, span)
        times, latest, entity = max(counts.values(), key=lambda c: (c[0], c[1]))
        if times < _MAIN_PERSON_MENTIONS:
            return None
        return Resolution(
            entity.name, entity.local_id, "description", span[0] - latest, entity.kind
        )

    def _opening_description(self, head: Token, span: tuple[int, int]) -> Resolution | None:
        """A role description before any person is named ("The commission president told the
        radio ... | Ann Lee said ..."): the first person named as a subject soon after."""
        if any(e.kind == "person" for _s, _e, e in self._mentions_before(span[0])):
            return None
        for m_start, m_end, entity in self._mentions_in(span[1], span[1] + _CATAPHORA):
            named = entity.kind == "person" and not entity.is_description
            if named and self._is_subject(m_start, m_end):
                distance = m_start - span[0]
                return Resolution(entity.name, entity.local_id, "description", distance, "person")
        return None

    def _resolve_description(self, head: Token, span: tuple[int, int]) -> Resolution | None:
        """The entity a description stands for: the best-fitting one mentioned before it, else
        (a description that opens a story: "The top general said ...") one named soon after."""
        modifiers = proper_modifiers(head)
        best, best_score = None, 0
        for m_start, _m_end, entity in self._mentions_before(span[0]):
            if entity.is_description:
                continue
            score = match_score(head, modifiers, entity)
            if score > best_score:
                best, best_score = (m_start, entity), score
        if best is None:
            for m_start, _m_end, entity in self._mentions_in(span[1], span[1] + _CATAPHORA):
                if not entity.is_description and match_score(head, modifiers, entity) > 0:
                    best = (m_start, entity)
                    break
        if best is None:
            return None
        m_start, entity = best
        return Resolution(
            entity.name, entity.local_id, "description", abs(span[0] - m_start), entity.kind
        )
