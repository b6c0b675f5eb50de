"""Whose forecast it is: the speaker of the statement it sits in, a holder the text names
inside or outside a statement, a source or a speaker label on its line, or the article.

In order (``forecast_voice``; ``docs/forecasts.md`` "Speaker and voice" has examples):
1. inside a statement whose content names its own forecaster ("Moynihan said the bank
   expects ...", "Xi said he had heard reports that ...", "a vow by the senator to ..."):
   that holder, unless it is the statement's speaker again ("I think", "she expects");
2. inside a statement: the statement's speaker (``voice="speaker"``); an unattributed quote
   right after a known speaker's statement continues it (``continued_quote``); a statement of
   several named speakers is a forecast of each (``each_speaker``);
3. the holder of a belief or expectation ("the bank sees"), the subject of the
   communication verb the clause depends on ("Ministers have signalled that", "X, the
   economists concurred", "X, most analysts say, will"), the owner of a communication noun
   ("the envoy's assertion that") (``voice="holder"``), not a belief the article foresees
   ("she will hope that ...");
4. "according to X" on the forecast's clause, a speaker label on its line ("Barnier: New
   leader cannot ...", "... - Reuters poll"): ``voice="holder"``;
5. inside unattributed quotation marks: ``voice="unattributed"``;
6. the article's own forecast: ``voice="author"``, no speaker; an unnamed passive
   expectation right after a holder's forecast continues that holder (``continued_holder``).

A holder is named by the entity whose mention covers it (a person named at the end of a
mis-parsed phrase: "HOUSE of Commons Speaker John Bercow"), a pronoun by its antecedent, a
definite description ("the committee") by the organisation named before it whose name holds
its head noun; otherwise only its words are kept (``speaker_mention``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from chorus import lexicons, syntax
from chorus.claims.proposition import FIRST_PERSON, Names
from chorus.claims.scope import same_line
from chorus.claims.triggers import EXPECTATION_VERBS
from chorus.claims.words import frames, speech_verbs, word_set
from chorus.records import Forecast, Statement, stable_id
from chorus.syntax import doc_text

AUTHOR = "author"
#: Pronouns that name the statement's own speaker or the reader, never another forecaster.
OWN_PRONOUNS = FIRST_PERSON | {"we", "us", "our", "you"}
#: A speaker label: a short capitalised phrase and a colon at the start of a line.
LABEL_RE = re.compile(r"[ \t]*([A-Z][^:\n]{0,60}?)\s*:\s+\S")
#: A headline's trailing label: a dash and a few words at the end of a line without a stop.
TRAILING_LABEL_RE = re.compile(r"\s[-–—|]\s+([A-Z][\w.’' -]{1,40}?)[ \t]*$", re.MULTILINE)
MAX_LABEL_WORDS = 5
#: Quotation marks that open another speaker's words.
QUOTE_MARKS = ("\u201c", '"')
#: How far (characters) an unnamed expectation may follow the holder's forecast it continues.
CONTINUATION_CHARS = 300
#: Named-entity types that never speak (a dateline "WASHINGTON:", a date).
SILENT_ENTITY_TYPES = frozenset({"GPE", "LOC", "DATE", "TIME", "FAC", "EVENT", "CARDINAL"})
#: Kinds of people-stage entity that can be a forecast's voice.
VOICE_KINDS = frozenset({"person", "organisation", "outlet"})


@dataclass
class Voice:
    voice: str
    speaker: str | None = None
    mention: str | None = None
    statement: Statement | None = None
    local_id: str | None = None  # the people stage's entity (article-local id) of the speaker


def forecast_voice(
    verb: Token,
    holder: Token | None,
    statement: Statement | None,
    names: Names,
    statements: list[Statement] = (),
) -> Voice:
    """Whose forecast the clause headed by ``verb`` is (see the module docstring)."""
    holder = syntax.antecedent(holder) if holder is not None else None  # "which signaled"
    if statement is not None:
        inner = _inner_holder(holder, statement, names)
        if inner is not None:
            return inner
        said = continued_quote(statement, statements, names.article.original) or statement
        return Voice(
            "speaker", said.speaker, said.speaker_mention, statement, said.speaker_local_id
        )
    if holder is not None and holder.lower_ not in OWN_PRONOUNS and not _foreseen(holder):
        return holder_voice(holder, names)
    source = according_to(verb)
    if source is not None:
        return holder_voice(source, names)
    label = line_label(verb, names)
    if label is not None:
        return holder_voice(label[-1], names, mention=label.text)
    if inside_quotes(doc_text(verb.doc), verb.idx):
        return Voice("unattributed")
    return Voice(AUTHOR)


def continued_quote(
    statement: Statement, statements: list[Statement], original: str
) -> Statement | None:
    """A quotation nobody is credited with, in the paragraph after a statement whose speaker
    is known (with nothing quoted in between), continues that speaker's words."""
    if statement.speaker or statement.speaker_mention or statement.kind != "direct":
        return None
    before = [s for s in statements if s.end <= statement.start]
    if not before:
        return None
    previous = max(before, key=lambda s: s.end)
    if previous.speaker is None:
        return None
    between = original[previous.end : statement.start].rstrip().rstrip("".join(QUOTE_MARKS))
    paragraphs = [p for p in re.split(r"\n\s*\n", between) if p.strip()]
    near = len(between) <= CONTINUATION_CHARS * 2 and len(paragraphs) <= 2
    return previous if near and not any(q in between for q in QUOTE_MARKS) else None


def each_speaker(forecast: Forecast, statement: Statement | None, names: Names) -> list[Forecast]:
    """A forecast said by several named speakers together ("Both the union and the guild
    said they would ...", "Other candidates, notably Ruiz and Ott, have said ...") is each
    one's forecast: one record per speaker, the first in place of an unnamed group."""
    if forecast.voice != "speaker" or statement is None:
        return [forecast]
    others = co_speakers(statement, names)
    if not others:
        return [forecast]
    if forecast.speaker is None:
        forecast = _spoken_by(forecast, others.pop(0), new_id=False)
    return [forecast, *(_spoken_by(forecast, other) for other in others)]


def co_speakers(statement: Statement, names: Names) -> list[Voice]:
    """Named people or organisations coordinated with the statement's speaker mention, or
    in apposition to it, other than its speaker."""
    if statement.speaker_start is None or statement.speaker_end is None:
        return []
    head = names.head_between(statement.speaker_start, statement.speaker_end)
    if head is None:
        return []
    members = list(head.conjuncts)
    for appos in (c for c in head.children if c.dep_ == "appos"):
        members += [appos, *appos.conjuncts]
    found: dict[str, Voice] = {}
    for token in sorted(set(members), key=lambda t: t.i):
        named = names.entity_at(token)
        if named is None or not named.from_people or named.kind not in VOICE_KINDS:
            continue
        if named.local_id in (None, statement.speaker_local_id):
            continue
        mention = syntax.noun_phrase_text(token)
        found.setdefault(
            named.local_id, Voice("speaker", named.name, mention, statement, named.local_id)
        )
    return list(found.values())


def _spoken_by(forecast: Forecast, voice: Voice, new_id: bool = True) -> Forecast:
    return dataclasses.replace(
        forecast,
        id=stable_id(forecast.id, "speaker", voice.local_id or "") if new_id else forecast.id,
        speaker=voice.speaker,
        speaker_mention=voice.mention,
        speaker_local_id=voice.local_id,
    )


def unnamed_expectation(hedges: list[Token]) -> bool:
    """ "is projected to", "growth expected to": an expectation in the passive, its holder
    not named."""
    return any(
        h.tag_ == "VBN"
        and h.lemma_.lower() in EXPECTATION_VERBS
        and not any(c.dep_ == "agent" or c.lemma_ == "have" for c in h.children)
        for h in hedges
    )


def continued_holder(forecast: Forecast, previous: Forecast) -> Forecast:
    """An unnamed expectation right after a named holder's forecast continues it ("The
    committee expects a recovery, with growth projected to ..."): the holder's voice."""
    near = 0 <= forecast.start - previous.end <= CONTINUATION_CHARS
    if previous.voice != "holder" or not near or previous.statement is not None:
        return forecast
    return dataclasses.replace(
        forecast,
        voice=previous.voice,
        speaker=previous.speaker,
        speaker_mention=previous.speaker_mention,
        speaker_local_id=previous.speaker_local_id,
    )


def _inner_holder(holder: Token | None, statement: Statement, names: Names) -> Voice | None:
    """A forecaster named inside the statement's own content, other than its speaker: the
    holder of a belief, expectation or communication word that is itself reported."""
    if holder is None or holder.lower_ in OWN_PRONOUNS:
        return None
    framing = framing_word(holder)
    if framing is None or not all(
        statement.start <= names.original(t)[0] and names.original(t)[1] <= statement.end
        for t in (holder, framing)
    ):
        return None
    voice = holder_voice(holder, names)
    voice.statement = statement
    if holder.pos_ == "PRON" and voice.speaker in (None, statement.speaker):
        return None  # "she expects": the speaker again, or nobody known
    if voice.local_id is not None and voice.local_id == statement.speaker_local_id:
        return None
    return voice


def _foreseen(holder: Token) -> bool:
    """ "May will hope that she can ...": a belief the article foresees, its own forecast."""
    framing = framing_word(holder)
    return framing is not None and any(
        c.dep_ == "aux" and c.lower_ in ("will", "'ll", "’ll") for c in framing.children
    )


def framing_word(holder: Token) -> Token | None:
    """The belief, expectation or communication word whose holder ``holder`` is: the verb it
    is the subject of ("the bank anticipates"), the noun it owns or authors ("Macron's
    assertion", "a vow by the senator", "reports from the capital"); None for the actor of
    an act ("the bank is preparing for")."""
    word = holder.head
    if holder.dep_ == "pobj" and word.dep_ == "prep":
        word = word.head
    lemma = word.lemma_.lower()
    if lemma in frames() or lemma in speech_verbs() or lemma in EXPECTATION_VERBS:
        return word
    return None


def holder_voice(holder: Token, names: Names, mention: str | None = None) -> Voice:
    """The voice of a holder token: its entity's name (and local id) when it names one."""
    mention = mention or mention_of(holder)
    named = names.person_ending(holder) or names.entity_at(holder)
    if named is None or not named.from_people:
        named = names.called(holder.text) or named
    name = named.name if named is not None else None
    if name is None and holder.pos_ == "PRON":
        name = names.antecedent(holder)
    if name is None and holder.pos_ == "NOUN":
        name = names.description(holder)
    framing = framing_word(holder) if holder.dep_ == "pobj" else None
    if framing is not None and framing.pos_ == "NOUN":
        mention = mention_of(framing)  # "various reports from the capital"
    if name is None and holder.pos_ == "PROPN":
        name = mention_of(holder)
    local_id = named.local_id if named is not None else names.local_id_of(name)
    return Voice("holder", name, mention, local_id=local_id)


def mention_of(holder: Token, limit: int = 10) -> str:
    """The words naming a holder, with what describes it ("economists surveyed by the WSJ"),
    without a clause it introduces ("reports that ...")."""
    clauses = [c for c in holder.children if _is_clause(c)]
    tokens = [
        t
        for t in holder.subtree
        if not (t.is_punct and t.i > holder.i)
        and not any(c.left_edge.i <= t.i <= c.right_edge.i for c in clauses)
    ]
    tokens = [t for t in tokens if abs(t.i - holder.i) <= limit]
    while len(tokens) > 1 and tokens[-1].dep_ == "case":  # "Macron's": "Macron"
        tokens.pop()
    low, high = line_bounds(holder)
    tokens = [t for t in tokens if low <= t.idx < high] or [holder]
    span = holder.doc[tokens[0].i : tokens[-1].i + 1]
    return span.text.strip(" ,;:")


def _is_clause(token: Token) -> bool:
    """A clause hanging on a noun: relative, content ("that ..."), not "surveyed by X"."""
    if token.dep_ in ("relcl", "ccomp"):
        return True
    return token.dep_ == "acl" and any(c.dep_ in ("mark", "nsubj", "aux") for c in token.children)


def parenthetical_reporter(verb: Token) -> Token | None:
    """ "X, around half of economists say, will ...": a speech verb set into the clause."""
    for child in verb.children:
        if child.dep_ != "parataxis" or not _communicates(child):
            continue
        subjects = [c for c in child.children if c.dep_ == "nsubj" and c.i < child.i]
        subject = max(subjects, key=lambda t: t.i) if subjects else None  # nearest the verb
        if subject is not None and subject.lower_ not in ("it", "this", "that"):
            return subject
    return None


def _communicates(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    return lemma in speech_verbs() or frames().get(lemma) in ("report", "belief", "expect")


def according_to(verb: Token) -> Token | None:
    """ "..., according to X" on the forecast's clause (or the clause above it): X, or the
    author of a document X names ("according to a statement from the ministry")."""
    governing = {verb.i}
    current = verb
    while current.dep_ != "conj" and current.head.i != current.i:  # not across "..., and X"
        current = current.head
        governing.add(current.i)
    for tok in verb.sent:
        if tok.lower_ != "according" or tok.head.i not in governing:
            continue
        if not same_line(tok, verb):
            continue
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if source is not None:
            return document_author(source) or source
    return None


def document_author(noun: Token) -> Token | None:
    """The author of a document noun: its owner ("the ministry's statement"), or "from/by/
    of X" ("a statement from the ministry")."""
    if noun.lemma_.lower() not in word_set("attribution_document_nouns.txt"):
        return None
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            author = next((g for g in child.children if g.dep_ == "pobj"), None)
            if author is not None:
                return author
    return None


def line_label(verb: Token, names: Names) -> Span | None:
    """A speaker label on the forecast's line: before a colon at its start ("Barnier: New
    leader cannot ...", "Source: Varnia to sign ..."), or after a dash at the end of a
    headline ("Chance of a strike holds at one-in-four - Reuters poll"). The label names a
    person, organisation or outlet, or ends in a role or source noun ("Analyst", "Source",
    "poll"); a place ("WASHINGTON:") or a topic is no label."""
    doc = verb.doc
    low, high = line_bounds(verb)
    match = LABEL_RE.match(doc_text(doc), low)
    if match is not None and match.end(1) <= verb.idx:
        start, end = match.start(1), match.end(1)
    else:
        match = TRAILING_LABEL_RE.search(doc_text(doc), low, high)
        if match is None or match.start(1) <= verb.idx:
            return None
        start, end = match.start(1), match.end(1)
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not 0 < len(span) <= MAX_LABEL_WORDS:
        return None
    if any(t.ent_type_ in SILENT_ENTITY_TYPES for t in span):
        return None
    named = names.entity_at(span[-1])
    if named is not None and named.from_people and named.kind in VOICE_KINDS:
        return span
    if len(span) == 1 and names.called(span[-1].text) is not None:
        return span
    if span[-1].lemma_.lower() in voice_nouns():
        return span
    return None


@cache
def voice_nouns() -> frozenset[str]:
    """Nouns that name a voice without a name: role nouns and "source" words."""
    roles = {row[0] for row in lexicons.table("people_role_nouns.txt")}
    return frozenset(roles) | word_set("claims_voice_nouns.txt")


def inside_quotes(text: str, position: int) -> bool:
    """True when ``position`` sits inside an open quotation in its paragraph."""
    para_start = text.rfind("\n\n", 0, position) + 1
    before = text[para_start:position]
    opened = before.count("\u201c") - before.count("\u201d")
    return opened > 0 or before.count('"') % 2 == 1


def statement_at(
    start: int, end: int, anchor: int, statements: list[Statement]
) -> Statement | None:
    """The statement holding the forecast: around its verb, else overlapping it most."""
    around = [s for s in statements if s.start <= anchor < s.end]
    if around:
        around.sort(key=lambda s: (s.speaker is None, s.end - s.start, -s.confidence))
        return around[0]
    best, best_overlap = None, 0
    for s in statements:
        overlap = min(end, s.end) - max(start, s.start)
        if overlap > best_overlap and overlap >= (end - start) / 2:
            best, best_overlap = s, overlap
    return best


def line_bounds(token: Token) -> tuple[int, int]:
    """Character bounds of the line (paragraph) holding ``token``."""
    text = doc_text(token.doc)
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    return start, len(text) if end < 0 else end
