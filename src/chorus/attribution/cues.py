"""The reporting-verb rules of attribution: which tokens are cues, the cue's span, and who
the speaker of a cue is (its subject, a document's author, a relayed speaker).

Lexicons are read once from ``chorus/data/lexicons`` (see docs/lexicons.md).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Token

from chorus.lexicons import table, words
from chorus.syntax import (
    child_with,
    is_relative_pronoun,
    line_break_between,
    noun_phrase,
    noun_phrase_text,
    passive_agent,
)


@lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, str]:
    """Reporting verb lemma -> strength (speech | belief | evidence | quote)."""
    return {row[0]: row[1] if len(row) > 1 else "speech" for row in table("reporting_verbs.txt")}


def quote_only(verb: Token) -> bool:
    """ "“...,” she posted": a verb that reports only a quotation next to it; its clause or
    object is no statement ("she posted a photo", "he read the report")."""
    return reporting_verbs().get(verb.lemma_.lower()) == "quote"


#: Conjunctions that make a report one asked about or supposed, not one that was made.
_CONDITIONS = {"if", "whether", "unless"}
#: Auxiliaries that open a conditional when written before the subject ("should X insist").
_INVERTED_CONDITIONS = {"should", "were", "had"}


def discourse_formula(verb: Token) -> bool:
    """ "That said, ...", "This being said, ...": a connective opening a sentence, not a
    report of anything."""
    doc = verb.doc
    first = verb.i - 1
    if verb.lower_ == "said" and first >= 0 and doc[first].lower_ == "being":
        first -= 1
    if first < 0 or doc[first].lower_ not in ("that", "this"):
        return False
    opens = first == 0 or doc[first - 1].is_sent_end or doc[first].is_sent_start
    return bool(opens) and verb.i + 1 < len(doc) and doc[verb.i + 1].text == ","


def hypothetical(verb: Token) -> bool:
    """ "asked if she agreed", "should the council insist", "when asked whether ...": a report
    that is asked about or supposed, not one that was made."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if verb.lemma_.lower() == "ask" and verb.tag_ == "VBN" and not child_with(verb, ("nsubj",)):
        return True  # "(when) asked whether ...", "he was asked about ...": put to them
    for child in verb.children:
        if child.dep_ == "mark" and child.lower_ in _CONDITIONS:
            return True
        inverted = subject is not None and child.i < subject.i
        if child.dep_ == "aux" and inverted and child.lower_ in _INVERTED_CONDITIONS:
            return True
    return False


@lru_cache(maxsize=1)
def lead_verbs() -> frozenset[str]:
    return frozenset(words("attribution_lead_verbs.txt"))


@lru_cache(maxsize=1)
def relay_nouns() -> frozenset[str]:
    return frozenset(words("attribution_relay_nouns.txt"))


@lru_cache(maxsize=1)
def country_governments() -> dict[str, str]:
    """A country's (or its capital's) name, lower-cased -> the name of its government."""
    found = {}
    for row in table("attribution_countries.tsv"):
        for name in row[1].split(","):
            found[name.strip().lower()] = f"{row[0]} government"
    return found


@lru_cache(maxsize=1)
def speech_nouns() -> frozenset[str]:
    return frozenset(words("attribution_speech_nouns.txt"))


@lru_cache(maxsize=1)
def relay_verbs() -> frozenset[str]:
    return frozenset(words("attribution_relay_verbs.txt"))


@lru_cache(maxsize=1)
def particle_verbs() -> frozenset[tuple[str, str]]:
    pairs = set()
    for row in table("reporting_phrases.txt"):
        parts = row[0].split()
        if len(row) > 1 and row[1] == "verb" and len(parts) == 2:
            pairs.add((parts[0], parts[1]))
    return frozenset(pairs)


@lru_cache(maxsize=1)
def pronoun_kinds() -> dict[str, str]:
    return {row[0]: row[1] for row in table("attribution_pronouns.txt")}


@lru_cache(maxsize=1)
def title_classes() -> dict[str, str]:
    return {row[0]: row[1] for row in table("attribution_titles.txt")}


def is_reporting_verb(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBD", "VBZ", "VBP", "VBG"):
        return False
    if quote_only(token):
        return not embedded_report(token)
    if token.lemma_.lower() in reporting_verbs():
        return True
    return any(
        (token.lemma_.lower(), child.lower_) in particle_verbs()
        for child in token.children
        if child.dep_ in ("prt", "dobj", "advmod")  # "shot back" parses "back" as an adverb
    )


def embedded_report(verb: Token) -> bool:
    """ "shirts that read “...”", "according to the paper, a sign read “...”", "she reports
    the sign read “...”": the verb is part of what something else names or reports, so the
    quotation belongs to that report."""
    if verb.dep_ in ("relcl", "acl"):
        return True
    if any(c.lower_ == "according" for c in verb.children):
        return True
    return any(is_reporting_verb(a) for a in verb.ancestors if a.dep_ != "conj")


def is_as_report(verb: Token) -> bool:
    """ "..., as the paper reports": a speech verb introduced by "as", with no clause of its
    own (not "as he believed", where "as" gives a reason)."""
    if reporting_verbs().get(verb.lemma_.lower(), "speech") != "speech":
        return False
    if any(c.dep_ == "ccomp" for c in verb.children):
        return False  # "as he said the army would respond": a report of its own
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


def cue_span(token: Token) -> tuple[int, int]:
    """The cue: the verb with its auxiliaries, negation and particle ("has not said")."""
    parts = [token] + [
        c
        for c in token.children
        if c.dep_ in ("aux", "auxpass", "neg", "prt")
        or (c.dep_ in ("dobj", "advmod") and (token.lemma_.lower(), c.lower_) in particle_verbs())
        if abs(c.i - token.i) <= 3
    ]
    start = min(p.idx for p in parts)
    end = max(p.idx + len(p) for p in parts)
    return start, end


@lru_cache(maxsize=1)
def document_nouns() -> frozenset[str]:
    return frozenset(words("attribution_document_nouns.txt"))


#: How many tokens back "the statement" looks for the statement it refers to.
_DOCUMENT_LOOK_BACK = 250


def author_of(noun: Token) -> Token | None:
    """The author of a document noun: "Ms Varga's speech", "a letter from her lawyer",
    "a speech the mayor delivered", "the board issued a statement"."""
    if noun.lemma_.lower() not in document_nouns() and noun.lower_ not in document_nouns():
        return None
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            return child
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and (obj.pos_ == "PROPN" or obj.ent_type_ in ("PERSON", "ORG")):
                return obj
        if child.dep_ in ("relcl", "acl"):
            subject = child_with(child, ("nsubj",))
            if subject is not None and subject.pos_ in ("PROPN", "PRON", "NOUN"):
                return subject
            issuer = passive_agent(child)
            if issuer is not None and issuer.pos_ in ("PROPN", "NOUN"):
                return issuer  # "a report published on Monday by the institute"
    if noun.dep_ == "dobj" or (noun.dep_ == "pobj" and noun.head.lower_ in ("in", "through")):
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head
        subject = child_with(verb, ("nsubj",))
        if subject is not None:
            return subject  # "the board issued a statement", "they said in a statement"
    if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children):
        return _earlier_author(noun)
    return None


def _earlier_author(noun: Token) -> Token | None:
    """ "They said in a joint statement ... The statement said ...": the author of the same
    document mentioned shortly before."""
    lemma = noun.lemma_.lower()
    for i in range(noun.i - 1, max(-1, noun.i - _DOCUMENT_LOOK_BACK), -1):
        earlier = noun.doc[i]
        if earlier.lemma_.lower() == lemma and earlier.pos_ == "NOUN":
            if any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in earlier.children
            ):
                continue  # itself a back reference
            return author_of(earlier)
    return None


def cited_source(verb: Token) -> Token | None:
    """ "The paper reported ..., citing party leaders": whom the reporting verb cites (not
    what: "..., citing higher prices" gives a reason)."""
    for child in verb.children:
        if child.lemma_.lower() == "cite" and child.tag_ == "VBG":
            cited = next((c for c in child.children if c.dep_ == "dobj"), None)
            return cited if cited is not None and is_source(cited) else None
    return None


def is_source(token: Token) -> bool:
    """Someone or something that can be cited as saying ("officials", "a report", "Reuters",
    "people familiar with the talks"), rather than a fact cited as a reason."""
    return token.pos_ == "PROPN" or speaker_like(token)


def subject_of(token: Token) -> tuple[Token | None, str | None]:
    """``relayed_subject`` with document nouns replaced by their author when the text names one."""
    speaker, via = relayed_subject(token)
    if speaker is not None:
        speaker = author_of(speaker) or speaker
        if speaker.pos_ in ("NUM",) or speaker.lower_ == "one":
            # "One of her advisers, Franak Viacorka, confirms ..."
            named = next(
                (c for c in speaker.subtree if c.dep_ == "appos" and c.pos_ == "PROPN"), None
            )
            speaker = named or _counted_group(speaker) or speaker
        else:
            speaker = _counted_group(speaker) or speaker
        speaker = _past_parse_slip(speaker)
        if speaker.ent_type_ in ("DATE", "TIME", "MONEY") and not (
            _bare_name(speaker) or _age(speaker)
        ):
            return None, None
    return speaker, via


_DASHES = {"-", "–", "—", "--"}
_CLITIC = re.compile(r"['’](?:ve|s|re|ll|d|m)", re.IGNORECASE)


def _past_parse_slip(subject: Token) -> Token:
    """The speaker behind a subject the parser got wrong: a dateline's place with the name
    after its dash in apposition ("OSLO, May 3 (Lumen) — Former minister Kari Holm told ...");
    a day with the speaker named inside the phrase ("Saturday at the convention Ann Lee said");
    a contraction split from its pronoun ("members who’ve said": "who"); a thing coordinated
    with a person ("... has won a seat and Reyes said": Reyes)."""
    doc = subject.doc
    place = doc[subject.left_edge.i : subject.i + 1]
    if all(t.text.isupper() and len(t) > 1 for t in place if not t.is_punct):
        # the name after the dash parsed as the place's apposition, or as a second subject of
        # the verb ("WASHINGTON, Aug. 24 (UPI) — A spokesman for X called ...")
        candidates = [c for c in subject.children if c.dep_ == "appos"] + [
            c for c in subject.head.children if c.dep_ == "nsubj" and c.i > subject.i
        ]
        after_dash = [
            c for c in candidates if any(t.text in _DASHES for t in doc[subject.i + 1 : c.i])
        ]
        if after_dash:
            return max(after_dash, key=lambda c: c.i)
    if subject.ent_type_ in ("DATE", "TIME"):
        # "Saturday at the party's convention Sen. Ann Lee said": the day is no speaker; the
        # person named last in the phrase the parser made the subject is
        people = [
            t
            for t in subject.subtree
            if t.ent_type_ == "PERSON" and t.pos_ == "PROPN" and t.head.ent_type_ != "PERSON"
        ]
        if people:
            return people[-1]
    if _CLITIC.fullmatch(subject.text) and subject.i > 0:
        before = doc[subject.i - 1]
        if before.pos_ in ("PRON", "NOUN", "PROPN"):
            return before
    if subject.pos_ == "NOUN" and not speaker_like(subject):
        person = next(
            (c for c in subject.children if c.dep_ == "conj" and c.ent_type_ == "PERSON"), None
        )
        if person is not None:
            return person
    return subject


@lru_cache(maxsize=1)
def quantity_words() -> frozenset[str]:
    return frozenset(words("attribution_quantities.txt"))


def _counted_group(token: Token) -> Token | None:
    """ "More than half of the experts said", "59% of economists say": the group counted."""
    if not (token.like_num or token.pos_ == "NUM" or token.lower_ in quantity_words()):
        return None
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            group = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if group is not None and group.pos_ in ("NOUN", "PROPN"):
                return group
    return None


def _age(token: Token) -> bool:
    """ "the 52-year-old said": a person named by their age (the recogniser reads a date)."""
    return token.lower_ == "old" and any(t.lower_ in ("year", "years") for t in token.lefts)


def _bare_name(token: Token) -> bool:
    """A capitalised word alone ("May said", the recogniser read a month): a name, as no date
    is the subject of a reporting verb."""
    return token.pos_ == "PROPN" and not any(t.like_num for t in token.subtree)


def _reporting_ancestor(token: Token) -> tuple[Token, None] | None:
    """ "X said A, adding that B": a participle with no subject of its own speaks for the
    subject of the reporting verb it hangs on, not for the nearest clause's subject."""
    if token.tag_ != "VBG" or token.dep_ not in ("advcl", "xcomp", "conj"):
        return None
    if child_with(token, ("nsubj", "nsubjpass", "csubj")) is not None:
        return None
    head = token.head
    for _ in range(4):
        if head.i == head.head.i:
            break
        if is_reporting_verb(head):
            break
        head = head.head
    if not is_reporting_verb(head) or head.i == token.i:
        return None
    subject = child_with(head, ("nsubj",))
    return (subject, None) if subject is not None else None


def relay_text(token: Token) -> str:
    """The words naming a relay, with the name that follows a description of it ("the state
    news agency BelTA", where the parse makes "BelTA" an apposition of "agency", or a stray
    punctuation mark when the name ends in a full stop, "N.T.A.")."""
    text = noun_phrase_text(token)
    name = next(
        (c for c in token.rights if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i <= token.i + 2),
        None,
    )
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if name is None and following is not None and following.head.i != token.i:
        # "the state news agency N.T.A." with the name parsed as punctuation of the sentence
        glued = following.pos_ == "PROPN" and following.dep_ == "punct"
        name = following if glued and following.ent_type_ not in ("DATE", "TIME") else None
    if name is None:
        entity = (
            next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
            if token.ent_type_ == "ORG"
            else None
        )
        if entity is not None and len(entity.text) > len(text):
            # "the Center for Strategic Studies": the name runs past the noun phrase
            return re.sub(r"^(the|a|an)\s+", "", entity.text, flags=re.IGNORECASE)
        return text
    start, _ = noun_phrase(token)
    span = token.doc.char_span(start, name.idx + len(name), alignment_mode="expand")
    return span.text if span is not None else text


def _thing(subject: Token) -> bool:
    """A subject that is no one: "it", "this", or a singular common noun that is not a role
    ("the race", "a victory")."""
    if subject.pos_ == "PRON":
        return subject.lower_ in ("it", "this", "that", "there")
    return subject.tag_ == "NN" and not speaker_like(subject)


def _named_subject(verb: Token) -> Token | None:
    """The verb's subject; of two ("Ann Lee, spokesperson for the board, said" parsed with
    both as subjects), the name rather than the role noun."""
    subject = child_with(verb, ("nsubj", "csubj"))
    if subject is None or subject.pos_ != "NOUN":
        return subject
    named = [
        c
        for c in verb.children
        if c.dep_ == "nsubj" and c.pos_ == "PROPN" and c.i < subject.i
        and not line_break_between(verb.doc, c, verb)
    ]  # fmt: skip
    return named[-1] if named else subject


#: Verbs by which an intermediary passes on someone's words "as saying" ("cite" only so:
#: "they cited rising prices" is what they said).
QUOTING_VERBS = {"quote", "cite"}


def relayed_subject(token: Token) -> tuple[Token | None, str | None]:
    """The speaker head for a reporting verb, and a relay when the verb is relayed.

    "the agency quoted Dahl as saying" -> (Dahl, "the agency"); "he was quoted (or cited) by
    the agency as saying" -> (he, "the agency"); "..., adding that" -> the subject of the verb
    it hangs on.
    """
    reporter = _reporting_ancestor(token)
    if reporter is not None:
        return reporter
    current = token
    through_adjective = False
    climbed_by = None
    for _ in range(3):
        subject = _named_subject(current)
        if through_adjective and subject is not None and _thing(subject):
            subject = None  # "It is safe to say ...", "A win is sure to help ..."
        lemma = current.lemma_.lower()
        if lemma == "quote" or (lemma in QUOTING_VERBS and current is not token):
            obj = next((c for c in current.children if c.dep_ == "dobj"), None)
            passive = next((c for c in current.children if c.dep_ == "nsubjpass"), None)
            agent_obj = passive_agent(current)
            if obj is not None and subject is not None:
                return obj, relay_text(subject)
            if passive is not None:
                return passive, noun_phrase_text(agent_obj) if agent_obj is not None else None
        if subject is None and climbed_by == "conj":
            # "Lee was joined on stage by X and joked, “...”": coordinated verbs share the
            # passive subject (not "Lee was expected to claim ...": no report was made)
            passive = child_with(current, ("nsubjpass",))
            if passive is not None and speaker_like(passive):
                subject = passive
        if subject is not None:
            if is_relative_pronoun(subject) and current.dep_ != "relcl":
                return None, None
            return subject, None
        if current.dep_ == "acl" and (
            current.tag_ == "VBN" or any(c.dep_ == "agent" for c in current.children)
        ):
            # "a play called “X”", "the town, called “X” by its citizens": the noun is named,
            # it says nothing; whoever names it is the agent, if any
            return passive_agent(current), None
        if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN"):
            owner = current.head
            if owner.pos_ == "NOUN" and owner.dep_ == "dobj" and not speaker_like(owner):
                current = owner.head  # "Lee took the opportunity to say ...": Lee says
                continue
            return owner, None  # "a video of Ms Varga asking, ..."
        if current.dep_ == "prep" and current.pos_ == "ADP" and current.head is not current:
            current = current.head  # "... by declaring that ..."
            continue
        if current.dep_ == "xcomp" and current.head.lemma_.lower() not in QUOTING_VERBS:
            obj = next((c for c in current.head.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.i < current.i and speaker_like(obj):
                return obj, None  # "the data led officials to signal": the officials signal
        if current.dep_ in ("advcl", "xcomp", "conj", "pcomp") and current.head is not current:
            climbed_by = current.dep_
            current = current.head
            if current.dep_ == "acomp" and current.pos_ == "ADJ" and is_reporting_verb(token):
                current = current.head  # "Lee was quick to add ...": the subject of "was"
                climbed_by = "xcomp"
            through_adjective = climbed_by == "xcomp" and any(
                c.dep_ == "acomp" for c in current.children
            )  # "Lee was quick to add", "It is safe to say" (not "It")
            continue
        if current.dep_ == "relcl":
            return current.head, None
        break
    return None, None


_TITLE_SMALL_WORDS = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "with", "or"}


def title_like(text: str) -> bool:
    """A short quotation in title case ("Fox and Friends") names a work, not a statement; so
    does a longer one with a subtitle ("Perfect Enough: The Story of a Merger")."""
    tokens = re.findall(r"[^\W\d_][\w'’-]*", text)
    longest = 14 if ":" in text else 6
    if not tokens or len(tokens) > longest or not tokens[0][0].isupper():
        return False
    return all(t[0].isupper() or t.lower() in _TITLE_SMALL_WORDS for t in tokens)


_PERSON_PRONOUNS = {"he", "she", "they", "we", "i"}


def names_what(verb: Token) -> bool:
    """ "what he called ...": the verb names something inside another clause's object."""
    return any(c.dep_ in ("dobj", "nsubj") and c.tag_ == "WP" for c in verb.children)


def relative_who(verb: Token) -> bool:
    """ "Republicans who say the law is ...": the verb of a relative clause whose subject is
    "who", standing for the people it hangs on."""
    return verb.dep_ == "relcl" and any(
        c.dep_ == "nsubj" and c.lower_ == "who" for c in verb.children
    )


def speaker_like(token: Token) -> bool:
    """Could this subject be someone who speaks (a named person or body, a pronoun for one,
    a role noun)?"""
    if token.pos_ == "PRON":
        return token.lower_ in _PERSON_PRONOUNS
    if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and (
        token.lower_ in title_classes() or lemma in title_classes() or lemma in document_nouns()
    )
