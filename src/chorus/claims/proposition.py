"""The event of a forecast as a short readable proposition in the article's own words.

"The rebels will take the northern valley within two years" gives "The rebels take the
northern valley within two years": the subject (pronouns and descriptions resolved to the
entity they stand for), the verb in the present tense, its objects and first prepositional
phrase; hedges, modals, the negation, conditions and stated figures are left out (they are
the forecast's direction, probability and condition). Words are taken from the text with
their own spacing, so no tokeniser piece ("wo", "n't") reaches a label. The event key
(content words, lower case) groups the same event across voices and articles.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from chorus import syntax
from chorus.records import Article, EntityMention, stable_id

MAX_EVENT_WORDS = 14
PERSONAL = frozenset({"he", "him", "his", "she", "her", "hers"})
NEUTER = frozenset({"it", "its"})
PLURAL = frozenset({"they", "them", "their"})
FIRST_PERSON = frozenset({"i", "me", "my"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")
#: How far back (characters) a pronoun looks for the person it stands for.
ANTECEDENT_WINDOW = 600
IRREGULAR_PRESENT = {"be": "is", "have": "has", "do": "does", "go": "goes"}
#: Words a label never ends on when it is cut to length.
FUNCTION_WORDS = frozenset(
    {"of", "to", "the", "a", "an", "and", "or", "in", "on", "at", "for", "by", "with", "from"}
    | {"without", "into", "than", "as", "that", "which", "who", "about", "over", "between"}
)


@dataclass(frozen=True)
class _Named:
    start: int  # original offsets
    end: int
    name: str  # the entity's full name
    kind: str
    from_people: bool = True  # found by the people stage (else a named entity of the parse)
    local_id: str | None = None  # the people stage's entity id within the article


class Names:
    """Who a token stands for: the entity whose mention covers it, or for a pronoun the
    entity it refers back to (named entities of the parse fill in places and groups)."""

    def __init__(self, article: Article, entities: list[EntityMention] | None, doc: Doc):
        self.article = article
        self.doc = doc
        found = [
            (0, _Named(start, end, e.name, e.kind, local_id=e.local_id))
            for e in entities or []
            for start, end, _surface in e.mentions
        ]
        for ent in doc.ents:  # places are no people-stage entities; names it may have missed
            if ent.label_ in ("GPE", "PERSON"):
                start, end = article.to_original(ent.start_char, ent.end_char)
                kind = "person" if ent.label_ == "PERSON" else "place"
                found.append((1, _Named(start, end, ent.text, kind, from_people=False)))
        # the people stage's entities first, then the smallest span that covers a token
        self.named = [n for _rank, n in sorted(found, key=lambda r: (r[0], r[1].end - r[1].start))]
        self._starts: list[int] | None = None

    def original(self, token: Token) -> tuple[int, int]:
        """The token's span in the article's original text."""
        return self.article.to_original(token.idx, token.idx + len(token.text))

    def head_between(self, start: int, end: int) -> Token | None:
        """The syntactic head of the tokens inside ``[start, end)`` (original offsets)."""
        if self._starts is None:  # each token's original start, computed once
            self._starts = [self.original(t)[0] for t in self.doc]
        first = bisect.bisect_left(self._starts, start)
        inside = [
            t
            for t in self.doc[first : bisect.bisect_left(self._starts, end)]
            if self.original(t)[1] <= end
        ]
        ids = {t.i for t in inside}
        return next((t for t in inside if t.head.i not in ids or t.head.i == t.i), None)

    def entity_at(self, token: Token) -> _Named | None:
        """The entity whose mention covers ``token`` (the people stage's first)."""
        start, end = self.original(token)
        return next((n for n in self.named if n.start <= start and end <= n.end), None)

    def name_at(self, token: Token) -> str | None:
        named = self.entity_at(token)
        return named.name if named is not None else None

    def local_id_at(self, token: Token) -> str | None:
        """The people stage's id of the entity whose mention covers ``token``."""
        named = self.entity_at(token)
        return named.local_id if named is not None else None

    def local_id_of(self, name: str | None) -> str | None:
        """The people stage's id of the entity called ``name`` in this article."""
        return next((n.local_id for n in self.named if n.from_people and n.name == name), None)

    def called(self, word: str) -> _Named | None:
        """The one person the people stage found whose name ends with ``word`` (a surname
        used alone where the parser saw no name: "Barnier: new leader cannot ...")."""
        found = {
            n.local_id: n
            for n in self.named
            if n.from_people and n.kind == "person" and n.name.split()[-1] == word
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def person_ending(self, head: Token) -> _Named | None:
        """A person named at the end of a phrase the parser headed elsewhere ("HOUSE of
        Commons Speaker John Bercow" headed by "HOUSE"): that person."""
        named = self.entity_at(head)
        if named is not None and named.kind == "person":
            return None
        phrase = syntax.phrase_tokens(head, ("relcl", "acl", "advcl"))  # not "who met X"
        last = max((t for t in phrase if not t.is_punct), key=lambda t: t.i, default=head)
        found = self.entity_at(last)
        if found is None or found.kind != "person" or not found.from_people:
            return None
        return found if found.end == self.original(last)[1] else None

    def description(self, token: Token) -> str | None:
        """What a definite description stands for: "the committee" the nearest organisation
        named before it whose name holds the word ("the Federal Open Market Committee")."""
        if token.pos_ != "NOUN" or not any(
            c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children
        ):
            return None
        words = {token.lower_, token.lemma_.lower()}
        start, _end = self.original(token)
        before = [
            n
            for n in self.named
            if n.from_people
            and n.kind == "organisation"
            and n.end <= start
            and start - n.end <= ANTECEDENT_WINDOW
            and words & {w.lower() for w in n.name.split()}
        ]
        return max(before, key=lambda n: n.end).name if before else None

    def antecedent(self, token: Token, exclude: frozenset[str] = frozenset()) -> str | None:
        """What a third-person pronoun stands for: "he"/"she" the nearest person before it;
        "it"/"they" as a subject the nearest subject before it, as an object the nearest
        noun, when that names an organisation or a place ("they"/"them" also a plural noun:
        "some troops ... send them in"); otherwise nothing (the pronoun stays)."""
        word = token.lower_
        if word in PERSONAL:
            subject = self._person_subject_before(token, exclude)
            if subject is not None:
                return subject
            start, _end = self.original(token)
            before = [
                n
                for n in self.named
                if n.kind == "person"
                and n.from_people
                and n.end <= start
                and start - n.end <= ANTECEDENT_WINDOW
                and n.name not in exclude
            ]
            return max(before, key=lambda n: n.end).name if before else None
        if word not in NEUTER | PLURAL:
            return None
        as_subject = token.dep_ in SUBJECT_DEPS
        for previous in reversed(self.doc[max(0, token.i - 80) : token.i]):
            if previous.pos_ not in ("NOUN", "PROPN") or previous.head.i == token.i:
                continue
            if as_subject and previous.dep_ not in SUBJECT_DEPS:
                continue
            named = self.entity_at(previous)
            plural = previous.tag_ in ("NNS", "NNPS") or any(
                c.dep_ == "conj" for c in previous.children
            )
            if word in PLURAL and not plural and (named is None or named.kind == "place"):
                continue  # "send them in": past singular nouns and places to "some troops"
            if word in PLURAL and previous.conjuncts and named is not None:
                return self._coordinated(previous)  # "the union and the guild ... they"
            if named is not None and named.kind != "person" and named.name not in exclude:
                return named.name
            if word in PLURAL and named is None:
                return " ".join(
                    t.text for t in previous.subtree if t.i <= previous.i and syntax.kept(t)
                )
            return None
        return None

    def _coordinated(self, token: Token) -> str:
        """Coordinated names as one phrase: "Varnian Parliament and Kestrian Senate"."""
        parts = []
        for member in sorted([token, *token.conjuncts], key=lambda t: t.i):
            named = self.entity_at(member)
            parts.append(named.name if named is not None else syntax.noun_phrase_text(member))
        return " and ".join(parts)

    def _person_subject_before(self, token: Token, exclude: frozenset[str]) -> str | None:
        """The nearest person named as a subject before ``token`` (subjects are the usual
        antecedents: "Ruiz won't back Ott for fear his party would split": Ruiz)."""
        for previous in reversed(self.doc[max(0, token.i - 80) : token.i]):
            if previous.dep_ not in SUBJECT_DEPS or previous.pos_ not in ("PROPN", "NOUN"):
                continue
            named = self.entity_at(previous)
            if (
                named is not None
                and named.kind == "person"
                and named.from_people
                and named.name not in exclude
            ):
                return named.name
        return None


def third_person(lemma: str) -> str:
    """The present tense of a verb for a singular subject ("ratify" -> "ratifies")."""
    if lemma in IRREGULAR_PRESENT:
        return IRREGULAR_PRESENT[lemma]
    if re.search(r"(?:s|sh|ch|x|z|o)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def _plural(subject: list[Token]) -> bool:
    heads = [t for t in subject if t.head not in subject or t.head.i == t.i]
    head = heads[0] if heads else None
    if head is None:
        return False
    if head.lower_ in ("we", "they", "them", "you", "these", "those") or head.tag_ in (
        "NNS",
        "NNPS",
    ):
        return True
    return any(c.dep_ == "conj" for c in head.children)


@dataclass
class EventWriter:
    """Writes one forecast's event label: tokens -> readable words, pronouns resolved;
    ``skip`` holds tokens that are not the event's (hedges, conditions, stated figures),
    ``bounds`` the character span of the forecast's line."""

    names: Names
    speaker: str | None = None
    skip: set[int] = field(default_factory=set)
    bounds: tuple[int, int] = (0, 1 << 30)
    subject_name: str = ""

    def word(self, token: Token) -> str:
        lower = token.lower_
        if token.pos_ != "PRON" and lower not in PERSONAL | NEUTER | PLURAL:
            return token.text
        possessive = token.tag_ == "PRP$"
        if lower in FIRST_PERSON and self.speaker:
            return self.speaker + ("'s" if possessive else "")
        name = self.names.name_at(token)
        if name is None:
            reflexive = frozenset() if possessive or token.dep_ in SUBJECT_DEPS else None
            exclude = reflexive if reflexive is not None else frozenset({self.subject_name})
            name = self.names.antecedent(token, exclude=exclude)
        if not name or (name == self.subject_name and token.dep_ not in SUBJECT_DEPS):
            return token.text  # "Johnson re-negotiates his deal"
        return name + ("'s" if possessive else "")

    def phrase(self, tokens: list[Token], drop_leading_det: bool = True) -> str:
        """The tokens in text order with the text's own spacing; a relative pronoun gives
        way to the phrase it stands for, a pronoun to its entity."""
        low, high = self.bounds
        tokens = sorted(
            (t for t in {t.i: t for t in tokens}.values() if low <= t.idx < high),
            key=lambda t: t.i,
        )
        tokens = [t for t in tokens if t.i not in self.skip]
        while drop_leading_det and tokens and tokens[0].lower_ in ("the", "a", "an"):
            tokens = tokens[1:]
        out: list[str] = []
        previous: Token | None = None
        for tok in tokens:
            if tok.is_quote or not syntax.kept(tok):
                continue
            if previous is not None:
                out.append(previous.whitespace_ if tok.i == previous.i + 1 else " ")
            out.append(self._resolved(tok))
            previous = tok
        return "".join(out).strip()

    def _resolved(self, tok: Token) -> str:
        if tok.tag_ in ("WDT", "WP") and tok.head.dep_ in ("relcl", "acl"):
            antecedent = tok.head.head
            return self.phrase([t for t in antecedent.subtree if t.i <= antecedent.i])
        return self.word(tok)

    def subject(self, verb: Token) -> tuple[str, bool]:
        tokens = syntax.clause_subject(verb)
        if not tokens:
            return "", False
        head = next((t for t in tokens if t.head not in tokens or t.head == t), tokens[0])
        name = self.names.name_at(head) if head.pos_ in ("NOUN", "PROPN") else None
        if name and all(t.i <= head.i or t.dep_ in ("compound", "flat") for t in tokens):
            return name, False  # "the Varnian president" -> "Ana Ruiz"
        if head.lower_ in FIRST_PERSON and self.speaker:
            return self.speaker, False
        text = self.phrase(tokens)
        if head.pos_ == "PRON" and head.text not in text:  # resolved: "they" -> "the DUP"
            named = any(n.name == text for n in self.names.named)
            return text, " and " in text or (not named and text.endswith("s"))
        return text, _plural(tokens)

    def clause(self, verb: Token, keep_negation: bool) -> str:
        subject, plural = self.subject(verb)
        self.subject_name = subject
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        pieces = syntax.glued(verb)
        lemma = "be" if passive else verb.lemma_.lower()
        if pieces:  # "re-negotiate"
            lemma = verb.doc[verb.i : pieces[-1].i + 1].text.lower()
            self.skip |= {p.i for p in pieces}
        if subject.lower() in ("there", "it") and lemma == "be":
            plural = False
        finite = lemma if plural or not subject else third_person(lemma)
        if plural and lemma == "be":
            finite = "are"
        if keep_negation:
            finite = (
                f"{finite} not" if lemma == "be" else f"{'do' if plural else 'does'} not {lemma}"
            )
        if passive:
            finite = f"{finite} {verb.text}"
        objects = [t for head in [verb, *pieces] for t in syntax.clause_objects(head, self.skip)]
        return label(f"{subject} {finite} {self.phrase(objects, drop_leading_det=False)}")

    def nominal(self, tokens: list[Token]) -> str:
        return label(self.phrase(tokens))


def label(text: str) -> str:
    """A tidy, bounded label: no quote marks, no dangling function word at a cut."""
    text = re.sub(r"[“”\"‘’]", lambda m: "'" if m[0] == "’" else "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:-–—")
    words = text.split()
    if len(words) > MAX_EVENT_WORDS:
        words = words[:MAX_EVENT_WORDS]
    while len(words) > 1 and words[-1].lower() in FUNCTION_WORDS:
        words.pop()
    return " ".join(words)


def _head(tokens: list[Token]) -> Token | None:
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), None)


def _object_head(verb: Token) -> Token | None:
    """The head of what the verb acts on: its object, complement or first prepositional
    object after it."""
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "oprd", "dative") and child.pos_ != "PRON":
            return child
    for child in verb.children:
        if child.dep_ in ("prep", "agent") and child.i > verb.i:
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


@dataclass(frozen=True)
class EventParts:
    """What an event is about, for grouping it across voices and articles: who (an entity's
    name or the subject's head word, lower case, and the entity's local id), the act (a
    verb's lemma) and what it acts on (the object's head word). A nominal event ("a
    recession in 2024") has its head as ``subject`` and no act."""

    subject: str = ""
    act: str = ""
    object: str = ""
    subject_local_id: str | None = None
    nominal: bool = False

    @property
    def key(self) -> str:
        """The parts as one string; empty when they say too little (a clause needs two)."""
        words = [w for w in (self.subject, self.act, self.object) if w]
        return " ".join(words) if len(words) >= (1 if self.nominal else 2) else ""


def event_key(names: Names, verb: Token | None, nominal: list[Token] | None) -> str:
    """What groups the same event across voices and articles (``event_parts`` as one string):
    "the rebels will take the valley" and "the rebels could take the northern valley within
    a year" share the key "rebel take valley"."""
    return event_parts(names, verb, nominal).key


def event_parts(names: Names, verb: Token | None, nominal: list[Token] | None) -> EventParts:
    """Who, the act (the verb's lemma at the end of a "to"-chain) and what it acts on (the
    object's head word); for a nominal event its head and object words ("a plan to invade
    the island": plan, invade, island); "there will be X" is X. No pronouns."""
    if nominal:
        head = _head(nominal)
        if head is None:
            return EventParts(nominal=True)
        of = next(
            (g for c in head.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"),
            None,
        )
        act = next(
            (c for c in head.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"), None
        )
        if act is not None:  # "a plan to invade the island": the act planned
            target = _object_head(act)
            of = target if target is not None else of
        if of is None:  # "rate cuts" and "job cuts", "cutting rates": what it acts on
            of = next((c for c in head.children if c.dep_ in ("compound", "dobj")), None)
        return EventParts(
            subject=_key_word(names, head),
            act=act.lemma_.lower() if act is not None else "",
            object=_object_word(names, of),
            subject_local_id=names.local_id_at(head),
            nominal=True,
        )
    if verb is None:
        return EventParts()
    if verb.lemma_ == "be" and any(c.dep_ == "expl" for c in verb.children):
        attr = next((c for c in verb.children if c.dep_ == "attr"), None)  # "there will be X"
        return EventParts(subject=_key_word(names, attr) if attr is not None else "", nominal=True)
    controller = None
    while True:  # "tries to take over": the act taken
        deeper = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if deeper is None:
            break
        # "forces the bank to cut": the object of the verb above does the act
        controller = next(
            (c for c in verb.children if c.dep_ == "dobj" and c.i < deeper.i), controller
        )
        verb = deeper
    subject = controller or _head(syntax.clause_subject(verb))
    if subject is not None and subject.pos_ == "PRON":
        subject = None
    obj = _object_head(verb)
    return EventParts(
        subject=_key_word(names, subject) if subject is not None else "",
        act=verb.lemma_.lower(),
        object=_object_word(names, obj),
        subject_local_id=names.local_id_at(subject) if subject is not None else None,
    )


#: Entity types of a time or an amount: when or how much, not what an event acts on.
MEASURE_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


def _key_word(names: Names, token: Token) -> str:
    name = names.name_at(token)
    return (name or token.lemma_).lower()


def _object_word(names: Names, token: Token | None) -> str:
    """An object's key word; none for a time or an amount ("invades in 2027")."""
    if token is None or token.ent_type_ in MEASURE_TYPES or token.like_num:
        return ""
    return _key_word(names, token)


def event_group(key: str) -> str | None:
    return stable_id("event-group", key, length=12) if key else None


def _clitic(token: Token) -> bool:
    """A contraction piece that belongs to the word before it ("'ll", "n't")."""
    return token.text[:1] in "'’" or token.lower_ in ("n't", "n’t")


def hedge_text(tokens: list[Token]) -> str | None:
    """Hedge words as the text writes them: contiguous tokens joined with their own spacing
    ("won't", "isn't convinced"), separate runs joined with " … "."""
    tokens = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    runs: list[list[Token]] = []
    for tok in tokens:
        if runs and tok.i == runs[-1][-1].i + 1:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    parts = []
    for run in runs:
        first = run[0]
        if _clitic(first) and first.i > 0 and not first.nbor(-1).whitespace_:
            first = first.nbor(-1)  # "'ll" -> "she'll"
        last = run[-1]
        while last.i + 1 < len(last.doc) and not last.whitespace_ and _clitic(last.nbor()):
            last = last.nbor()  # "wo" -> "won't"
        parts.append(first.doc[first.i : last.i + 1].text)
    return " … ".join(parts) or None
