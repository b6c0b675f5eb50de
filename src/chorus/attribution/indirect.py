"""Indirect speech: a reporting verb outside quotations with a clausal complement ("X said
that ...", "X told the paper that ..."), a colon ("X said in a post: ..."), an object that is
what was said ("X called for ..."), "as X reports", and "according to X, ...". A complement
that is (almost) all one quotation becomes that quote's cue; one that holds a quoted fragment
is a mixed statement.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from chorus.attribution.cues import (
    author_of,
    cited_source,
    cue_span,
    discourse_formula,
    hypothetical,
    is_as_report,
    is_source,
    names_what,
    pronoun_kinds,
    quote_only,
    relative_who,
    relay_nouns,
    relay_text,
    relay_verbs,
    reporting_verbs,
    speaker_like,
    speech_nouns,
    subject_of,
)
from chorus.attribution.found import Found
from chorus.attribution.quotes import Quote
from chorus.attribution.state import (
    MAX_CONTENT_TOKENS,
    REACH,
    ArticleState,
    content_words,
    text_outside,
)
from chorus.syntax import child_with, trim_span

#: Reporting verbs whose bare object is not a statement ("said nothing", "told reporters").
_NO_OBJECT_STATEMENT = {
    "say", "tell", "add", "continue", "write", "respond", "reply", "answer", "maintain",
}  # fmt: skip
_CONTENT_PREPOSITIONS = {"for", "on", "about", "of", "as", "to", "against", "that"}


#: Entity types of a phrase that says when, where or to whom something was said, not what.
_CIRCUMSTANCE_TYPES = {"DATE", "TIME", "GPE", "LOC", "FAC", "ORG", "PERSON", "NORP", "CARDINAL"}


#: A dateline the parser took into a clause: "BEIJING: ", "NEW YORK: ", and one with a wire's
#: credit: "MINSK, 10 October (Lumen) – ", "OSLO (Lumen) - ".
_DATELINE = re.compile(
    r"[A-Z][A-Z.' -]{1,30}:\s+"
    r"|[A-Z][A-Za-z.' -]{1,30}(?:,[^()\n]{1,30})?\s*\([A-Z][\w&.' -]{1,40}\)\s*[-–—]{1,2}\s+"
)
#: Dependency labels of what only sets a clause in time, place or manner.
_ADJUNCTS = {"advcl", "prep", "npadvmod", "advmod", "cc", "mark"}
#: How far (in tokens) after a speech noun its that-clause may start.
_NOUN_REACH = 8
#: How far (in tokens) after a reporting verb the colon that introduces its words may come.
_COLON_REACH = 16


def _addressee(obj: Token) -> bool:
    """An object that is only someone spoken to (a name, a person, a role: "the senator"),
    with nothing said after them ("asked Lee to leave" says something)."""
    if obj.dep_ not in ("dobj", "dative") or any(c.dep_ in ("acl", "relcl") for c in obj.children):
        return False
    return is_source(obj)


def _owner_of(noun: Token) -> Token | None:
    """Who made the statement a speech noun names: "Lee's claim", "claims by the unions"."""
    for child in noun.children:
        if child.dep_ == "poss" and (
            child.pos_ in ("PROPN", "NOUN") or child.lower_ in pronoun_kinds()
        ):
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is None or obj.pos_ not in ("PROPN", "NOUN"):
                continue
            if child.lower_ != "of" or obj.pos_ == "PROPN" or speaker_like(obj):
                return obj  # "of" names a speaker only as a name ("the claim of fraud")
    return None


def _circumstance(phrase: Token) -> bool:
    """ "said on Sunday", "told to the paper", "said in a post on X:", "asked him about it":
    a short phrase of time, place, medium or addressee rather than content."""
    tokens = list(phrase.subtree)
    if tokens[-1].text == ":" or (phrase.pos_ == "PRON" and phrase.dep_ in ("dobj", "dative")):
        return True
    if phrase.dep_ != "prep" or len(tokens) > 6:
        return False
    heads = [t for t in tokens if t.dep_ == "pobj"]
    return any(t.ent_type_ in _CIRCUMSTANCE_TYPES or t.pos_ == "PRON" for t in heads)


class IndirectRules(ArticleState):
    """Rules that find reported speech outside quotation marks."""

    def indirect(self) -> list[Found]:
        found = []
        for token in self.doc:
            if token.lower_ == "according" and not self.in_quote(token):
                item = self._according(token)
                if item:
                    found.append(item)
                continue
            if token.pos_ == "NOUN" and token.lemma_.lower() in speech_nouns():
                item = None if self.in_quote(token) else self._speech_noun_clause(token)
                if item:
                    found.append(item)
                continue
            if not self.is_cue(token):
                continue
            quote = self.quotes.at(token.idx)
            if quote is not None and not self._nested_report(token, quote):
                continue
            if quote is not None and self.cited_headline(quote):
                continue
            if hypothetical(token) or discourse_formula(token):
                continue
            item = self._as_reports(token) or self._reported_clause(token)
            if item:
                if quote is not None and self.quotes.at(item.speaker.idx) is quote:
                    item.nested_in = quote  # relayed by whoever speaks the quotation
                found.append(item)
        return found

    def _nested_report(self, verb: Token, quote: Quote) -> bool:
        """A reporting verb inside a quotation counts when its subject stands outside it
        (he “stressed the need ...”) or is a named third party inside it ("Days ago,
        the governor announced ..." in an interviewee's words)."""
        subject, _ = subject_of(verb)
        if subject is None:
            return False
        if self.quotes.at(subject.idx) is not quote:
            return True
        return subject.pos_ == "PROPN" and subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")

    def _as_reports(self, verb: Token) -> Found | None:
        """ "The council keeps delaying the vote, as the Courier reports": the clause the as-phrase
        hangs on is what the subject of the reporting verb says."""
        if not is_as_report(verb):
            return None
        if verb.dep_ != "advcl" or verb.head.i == verb.i:
            return None
        subject = child_with(verb, ("nsubj",))
        if subject is None:
            return None
        head = verb.head
        if self.is_cue(head) and verb.lemma_.lower() not in relay_verbs():
            return None  # "“...,” Cruz said as the heckler yelled": a time, not a source
        sent_start, sent_end = self.sentence(verb)
        first = verb.left_edge.i
        last = verb.right_edge.i
        before = (
            trim_span(self.doc, max(sent_start, head.left_edge.i), first - 1)
            if first > sent_start
            else None
        )
        after = (
            trim_span(self.doc, last + 1, min(sent_end, head.right_edge.i + 1) - 1)
            if last + 1 < sent_end
            else None
        )
        span = next((s for s in (before, after) if s is not None and s[0] <= head.idx < s[1]), None)
        if span is None or span[0] <= verb.idx < span[1]:
            return None
        return self._clause_statement(verb, span, "as-reports")

    def _reported_clause(self, verb: Token) -> Found | None:
        complement = child_with(verb, ("ccomp",))
        if names_what(verb) and (complement is None or not relative_who(verb)):
            return None  # "Ban condemned what he called a “breach”": the main clause reports
        if self._relays_a_report(verb):
            return None
        if quote_only(verb):
            return self._quoted_complement(verb, complement)
        if complement is None:
            return (
                self._fronted_clause(verb)
                or self._trailing_verb(verb)
                or self._gerund_clause(verb)
                or self._medial_aside(verb)
                or self._colon_clause(verb)
                or self._late_that_clause(verb)
                or self._quoted_object(verb)
                or self._object_statement(verb)
            )
        if self.paragraph_of(complement.idx) != self.paragraph_of(verb.idx):
            return None  # the parser joined two paragraphs
        last = self._before_added_report(complement)
        if last == complement.right_edge.i:
            last = self._coordinated_that_clause(verb, self._glued_pieces(verb, last))
        first = self._clause_start(verb, complement)
        if first > verb.i:
            last = max(last, self._colon_passage_end(first))
        span = trim_span(self.doc, first, last)
        if self.in_quote(complement) and not self._says_more_than_quote(complement, span):
            quote = self.quotes.at(complement.idx)
            if quote is not None:
                self._link_quote(quote, verb)
            return None
        if span is None:
            return None
        if span[0] <= verb.idx < span[1] and not self._relative_report(verb, first):
            return None
        return self._clause_statement(verb, span, "clause")

    def _link_quote(self, quote: Quote, verb: Token) -> None:
        """Make ``verb`` the cue of a quotation that is all its reported clause (the first such
        verb wins). Not a verb written inside the quotation: in "Lee said Park is “telling
        voters what they want”", "telling" is part of Lee's words."""
        if not quote.start <= verb.idx < quote.end:
            self.quote_cues.setdefault(quote.start, (verb, "cue"))

    def _relative_report(self, verb: Token, first: int) -> bool:
        """ "a bill, which critics said was unfair": the relative pronoun is the subject of
        what was said, so the whole relative clause, speaker and verb included, is the
        statement."""
        pronoun = self.doc[first]
        return (
            verb.dep_ == "relcl"
            and pronoun.lower_ in ("which", "that")
            and pronoun.head.dep_ == "ccomp"
            and pronoun.head.head.i == verb.i
        )

    def _quoted_complement(self, verb: Token, complement: Token | None) -> Found | None:
        """A quote-only verb: its quoted clause is linked to it as a direct cue ("“...,” he
        concluded"), its quoted object is a mixed statement; nothing else is said."""
        if complement is None:
            return self._quoted_object(verb)
        quote = self.quotes.at(complement.idx)
        if quote is not None:
            self._link_quote(quote, verb)
        return None

    def _relays_a_report(self, verb: Token) -> bool:
        """ "A, the office said on Monday, following B, the agency reported": a relay verb one
        of whose clauses is itself a report with a speaker passes that report on (its subject
        is the report's relay) and says nothing of its own."""
        if verb.lemma_.lower() not in relay_verbs():
            return False
        source, _ = subject_of(verb)
        relayed = [
            c
            for c in verb.children
            if c.dep_ == "ccomp" and self.is_cue(c) and self.speaker_of(c)[0] not in (None, source)
        ]
        if source is None or not relayed:
            return False
        for clause in relayed:
            self.relays.setdefault(clause.i, relay_text(source))
        return True

    def _says_more_than_quote(self, complement: Token, span: tuple[int, int] | None) -> bool:
        """ "Lee will “honour” the deal in full, X said": a complement whose head is a quoted
        word but which holds the quotation whole and words of its own around it is a mixed
        statement, not the quotation's cue."""
        quote = self.quotes.at(complement.idx)
        if span is None or quote is None or not span[0] <= quote.open_start < quote.close_end:
            return False
        if re.search(r"\w", self.text[span[1] : quote.close_end]):
            return False  # the quotation runs on past the clause
        outside = text_outside(self.text, span[0], span[1], [quote])
        return content_words(outside) >= 3

    @staticmethod
    def _clause_start(verb: Token, complement: Token) -> int:
        """The first token of the complement; when the parser took its subject for the verb's
        object ("warn [a recession] [is imminent]"), from that object."""
        first = complement.left_edge.i
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in complement.children):
            return first
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and verb.i < obj.i and obj.right_edge.i == first - 1:
            return obj.left_edge.i
        return first

    def _coordinated_that_clause(self, verb: Token, last: int) -> int:
        """ "X said A, but that B", "X said that A, but B could follow": a clause coordinated
        with the complement by "but" (the parser hangs it on the verb) continues the same
        statement, when it is marked "that" or has a subject of its own and reports nothing.
        Not after a fronted complement ("A, said X, but B"), which ends before the verb."""
        if last < verb.i:
            return last
        for child in verb.rights:
            if child.i <= last or child.dep_ != "conj":
                continue
            if self.paragraph_of(child.idx) != self.paragraph_of(verb.idx):
                return last
            marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
            if marked or self._contrasting_clause(verb, child):
                return min(child.right_edge.i, verb.i + MAX_CONTENT_TOKENS)
        return last

    def _contrasting_clause(self, verb: Token, clause: Token) -> bool:
        """A "but" clause with its own subject and no reporting verb of its own or quotation."""
        joined = any(c.dep_ == "cc" and c.lower_ == "but" and c.i < clause.i for c in verb.children)
        subject = child_with(clause, ("nsubj", "nsubjpass", "expl"))
        if not joined or subject is None or self.in_quote(clause):
            return False
        first, end = clause.left_edge.i, clause.right_edge.i + 1
        return not self.cues_between(first, end) and not self.quotes.inside(
            self.doc[first].idx, self.doc[end - 1].idx + 1
        )

    def _colon_passage_end(self, first: int) -> int:
        """The last token of an unquoted passage introduced by a colon and opening with a
        capital ("X warned, saying: A. B."): the end of its paragraph; else -1."""
        if first == 0 or self.doc[first - 1].text != ":" or not self.doc[first].text[:1].isupper():
            return -1
        par_end = self.paragraphs[self.paragraph_of(self.doc[first].idx)][1]
        return self.tokens_of(self.doc[first].idx, par_end)[1] - 1

    def _glued_pieces(self, verb: Token, last: int) -> int:
        """ "he would not re-negotiate the deal": the parser split a hyphenated word into
        complements of their own; the complement runs to the end of the last piece."""
        for child in verb.rights:
            if child.dep_ != "ccomp" or child.left_edge.i != last + 1:
                continue
            if self.doc[last].whitespace_:
                break
            last = child.right_edge.i
        return last

    def _before_added_report(self, complement: Token) -> int:
        """The last token of a complement, before a participle that reports more ("A, adding
        that B": B is a statement of its own, so A ends before "adding")."""
        for token in self.cues_between(complement.i + 1, complement.right_edge.i + 1):
            if token.tag_ == "VBG" and token.dep_ in ("advcl", "conj", "xcomp"):
                return token.left_edge.i - 1
        return complement.right_edge.i

    def _speech_noun_clause(self, noun: Token) -> Found | None:
        """ "Lee's assertion this week that ...", "claims by the unions that ...": the
        that-clause of a speech noun with an owner is the owner's statement."""
        owner = _owner_of(noun)
        if owner is None or self.in_quote(owner):
            return None
        _, sent_end = self.sentence(noun)
        for token in self.doc[noun.i + 1 : min(sent_end, noun.i + _NOUN_REACH)]:
            if token.lower_ == "that" and token.dep_ == "mark":
                clause = token.head
                subject = child_with(clause, ("nsubj", "nsubjpass", "expl"))
                if clause.i < token.i or subject is None or subject.i < token.i:
                    return None
                span = trim_span(self.doc, token.i, clause.right_edge.i)
                return self._clause_statement(noun, span, "noun", owner) if span else None
            if token.is_punct or (token.pos_ in ("VERB", "AUX") and token.dep_ != "amod"):
                return None
        return None

    def _clause_statement(
        self, verb: Token, span: tuple[int, int], how: str, owner: Token | None = None
    ) -> Found | None:
        start, end = span
        par_start, par_end = self.paragraphs[self.paragraph_of(verb.idx)]
        start, end = max(start, par_start), min(end, par_end)
        opened = self.quotes.at(start)
        if opened is not None and opened.open_start < start <= opened.start:
            start = opened.open_start  # the parse left the opening mark outside
        dateline = _DATELINE.match(self.text, start, end)
        if dateline is not None:
            start = dateline.end()  # "BEIJING: ..." places the report, it is not said
        end = self._before_trailing_relay(verb, start, end)
        end = self.clip(start, end)
        if end <= start:
            return None
        strength = reporting_verbs().get(verb.lemma_.lower(), "speech")
        speaker, via = (owner, None) if owner is not None else subject_of(verb)
        if speaker is None or (strength == "belief" and speaker.lower_ in ("i", "we", "you")):
            return None
        if strength == "evidence" and (speaker.tag_ == "WDT" or speaker.lower_ in ("it", "this")):
            return None  # "the slowdown, which suggests that ...": a fact, not a speaker
        if strength == "belief" and speaker.tag_ == "NN" and not speaker_like(speaker):
            return None  # "it causes her angst to think that ...": no one believes
        source = cited_source(verb)
        if source is not None and via is None:
            speaker, via = source, relay_text(speaker)  # the cited source speaks
        relaying = verb.lemma_.lower() in relay_verbs()
        if relaying or speaker.lemma_.lower() in relay_nouns() or speaker.ent_type_ == "ORG":
            # "State media reported that Ann Lee said ...", "Ann Lee said ..., the agency
            # reported": the outlet relays her words
            relayed = self._relayed_cues(verb, speaker, start, end)
            for token in relayed:
                self.relays.setdefault(token.i, relay_text(speaker))
            if relaying and relayed:
                return None
        inner = self.quotes.inside(start, end)
        kind = "indirect"
        if inner:
            outside = text_outside(self.text, start, end, inner)
            if content_words(outside) <= 1 and len(inner) == 1:
                self._link_quote(inner[0], verb)
                return None
            kind = "mixed"
            for quote in inner:
                if quote.open_start >= start:
                    self.consumed.add(quote.start)
                    if quote.close_end > end and quote.paragraph == self.paragraph_of(start):
                        end = quote.close_end  # the parse left the closing mark outside
        return Found(start, end, kind, cue_span(verb), speaker, how, via=via)

    def _before_trailing_relay(self, verb: Token, start: int, end: int) -> int:
        """ "X said he would not run, the Courier reported on Thursday": a relay verb closing
        the content (after a comma, with a subject of its own) is not what X said."""
        first, last = self.tokens_of(start, end)
        for token in self.cues_between(first, last):
            if token.i == verb.i or token.lemma_.lower() not in relay_verbs():
                continue
            subject = child_with(token, ("nsubj",))
            if subject is None or not first < subject.i < token.i:
                continue
            comma = subject.left_edge.i - 1
            if comma > first and self.doc[comma].text == "," and token.right_edge.i < last + 1:
                return self.doc[comma - 1].idx + len(self.doc[comma - 1])
        return end

    def _relayed_cues(self, verb: Token, speaker: Token, start: int, end: int) -> list[Token]:
        """Reporting verbs with a speaker of their own in the content ``[start, end)`` of
        ``verb`` (near it, in its sentence)."""
        first, last = self.tokens_of(start, end)
        sent_start, sent_end = self.sentence(verb)
        first, last = max(first, sent_start, verb.i - REACH), min(last, sent_end, verb.i + REACH)
        found = []
        for token in self.cues_between(first, last):
            inner, _ = self.speaker_of(token)
            if token is not verb and inner is not None and inner is not speaker:
                found.append(token)
        return found

    def _quoted_object(self, verb: Token) -> Found | None:
        """ "X called Y a “nasty guy”", "X described Y as “...”": the verb's complements carry a
        quotation, so they are what X said (a mixed statement)."""
        if names_what(verb):
            return None  # "Ban condemned what he called a “breach”": the main clause reports
        rights = [
            c
            for c in verb.rights
            if not c.is_punct and c.dep_ not in ("nsubj", "cc", "conj", "advcl")
        ]
        if not rights:
            return None
        first, last = rights[0].left_edge.i, rights[-1].right_edge.i
        span = trim_span(self.doc, first, last)
        if span is None or not self.quotes.inside(*span):
            return None
        return self._clause_statement(verb, span, "object")

    def _fronted_clause(self, verb: Token) -> Found | None:
        """ "The port will reopen on Monday, the mayor said.": the parser made the reporting verb a
        conjunct (or an aside) of the clause before it; that clause, up to the comma before the
        speaker, is what was said."""
        head = verb.head
        if verb.dep_ not in ("conj", "parataxis") or head.i >= verb.i or self.in_quote(verb):
            return None
        subject = child_with(verb, ("nsubj",))
        reach = self._comma_after(verb)
        if reach + 1 >= len(self.doc) or self.doc[reach + 1].dep_ != "prep":
            reach = len(self.doc)  # only "he said, on condition of ...": an adjunct of saying
        if subject is None or any(
            c.dep_ in ("dobj", "ccomp", "xcomp", "dative") and verb.i < c.i < reach
            for c in verb.children
        ):
            return None
        if subject.i < verb.i:
            comma = subject.left_edge.i - 1
        elif subject.i < reach and self.doc[verb.i - 1].text == ",":
            comma = verb.i - 1  # "..., but it is under pressure, said the chief executive"
        else:
            return None
        if comma <= head.left_edge.i or self.doc[comma].text != ",":
            return None
        if self.sentence(head)[0] != self.sentence(verb)[0]:
            return None
        span = trim_span(self.doc, head.left_edge.i, comma - 1)
        if span is None or content_words(self.text[span[0] : span[1]]) < 3:
            return None
        return self._clause_statement(verb, span, "clause")

    def _trailing_verb(self, verb: Token) -> Found | None:
        """ "Owners who take on boat debt struggle, even in a “good” season, she said.": the parser
        hung the clause before the reporting verb on it as something other than its
        complement; the verb and its subject close the sentence after a comma, so everything
        before that comma is what was said."""
        subject = child_with(verb, ("nsubj",))
        if verb.head.i != verb.i or subject is None or subject.i > verb.i:
            return None
        if reporting_verbs().get(verb.lemma_.lower()) != "speech":
            return None
        comma = subject.left_edge.i - 1
        sent_start, sent_end = self.sentence(verb)
        if comma <= sent_start or self.doc[comma].text != "," or self.in_quote(verb):
            return None
        if any(not c.is_punct for c in verb.rights):
            return None  # the verb has words of its own after it ("he called for ...")
        before = self.doc[sent_start:comma]
        if not any(t.dep_ in ("nsubj", "nsubjpass") for t in before):
            return None  # "In a speech last July, he said.": no clause before the comma
        tops = [t for t in before if not sent_start <= t.head.i < comma and not t.is_punct]
        if all(t.dep_ in _ADJUNCTS for t in tops):
            return None  # "But even after the growth cooled, the borrowing continued."
        span = trim_span(self.doc, sent_start, comma - 1)
        if span is None or content_words(self.text[span[0] : span[1]]) < 4:
            return None
        return self._clause_statement(verb, span, "clause")

    def _comma_after(self, verb: Token) -> int:
        """The first comma after ``verb`` in its sentence (else the sentence's end): what the
        parser hangs on an aside verb past that comma ("he said, on condition of anonymity",
        "advisers say, to take cues from ...") belongs to the clause around it."""
        _, sent_end = self.sentence(verb)
        return next((t.i for t in self.doc[verb.i + 1 : sent_end] if t.text == ","), sent_end)

    def _medial_aside(self, verb: Token) -> Found | None:
        """ "Many of the closures, he said, have involved public courses.": a reporting verb set
        off by commas inside the clause it hangs on; the whole sentence is what was said."""
        head = verb.head
        if verb.dep_ != "parataxis" or head.i == verb.i or self.in_quote(verb):
            return None
        subject = child_with(verb, ("nsubj",))
        reach = self._comma_after(verb)
        if (
            subject is None
            or subject.i > verb.i
            or any(
                verb.i < c.i < reach and c.dep_ in ("dobj", "ccomp", "xcomp", "dative", "prep")
                for c in verb.children
            )
        ):
            return None
        before = subject.left_edge.i - 1
        if head.pos_ not in ("VERB", "AUX") and head.head.pos_ in ("VERB", "AUX"):
            head = head.head  # hung on the complement of the clause's verb
        while (
            before <= head.left_edge.i and head.dep_ == "ccomp" and head.head.i < before
        ):  # "He hoped, he said, that ...": hung on the clause the aside interrupts
            head = head.head
        carried = [c for c in verb.children if c.i > reach and not c.is_punct]
        if (
            head.i < verb.i
            and not carried
            and not any(
                c.i > verb.i and c.dep_ in ("attr", "acomp", "dobj", "ccomp", "xcomp", "oprd")
                for c in head.children
            )
        ):
            return None  # "It was late, he said.": a trailing verb, not an aside
        after = 1 + max(
            [verb.i] + [c.right_edge.i for c in verb.children if c.dep_ != "punct" and c.i < reach]
        )
        if before <= head.left_edge.i or after >= head.right_edge.i:
            return None
        if self.doc[before].text != "," or self.doc[after].text != ",":
            return None
        if self.sentence(head) != self.sentence(verb) or self.in_quote(self.doc[after + 1]):
            return None  # "In March, he said, “...”": the verb introduces the quotation
        span = trim_span(self.doc, head.left_edge.i, head.right_edge.i)
        if span is None or content_words(self.text[span[0] : span[1]]) < 4:
            return None
        return self._clause_statement(verb, span, "clause")

    def _gerund_clause(self, verb: Token) -> Found | None:
        """ "He said allowing it could bring jobs": a clause whose subject is a gerund, which
        the parser hangs on the verb as its complement ("allowing") with the clause's own verb
        below it; the whole of it is what was said."""
        if reporting_verbs().get(verb.lemma_.lower()) != "speech":
            return None
        gerund = next((c for c in verb.rights if c.dep_ == "xcomp" and c.tag_ == "VBG"), None)
        if gerund is None or gerund.left_edge.i != verb.i + 1:
            return None
        finite = any(
            t.tag_ == "MD" or (t.tag_ in ("VBD", "VBZ", "VBP") and t.dep_ in ("ccomp", "conj"))
            for t in gerund.subtree
        )
        span = trim_span(self.doc, gerund.left_edge.i, gerund.right_edge.i)
        if not finite or span is None:
            return None
        return self._clause_statement(verb, span, "clause")

    def _late_that_clause(self, verb: Token) -> Found | None:
        """ "X claimed without citing any evidence that ...": a that-clause the parser hung
        on a noun of an adjunct between the verb and the clause."""
        for token in self.doc[verb.i + 1 : min(self.sentence(verb)[1], verb.i + 9)]:
            if self.in_quote(token) or (token.pos_ == "VERB" and child_with(token, ("nsubj",))):
                return None
            if token.lower_ == "that" and token.dep_ == "mark":
                clause = token.head
                if clause.i < token.i or not any(a.i == verb.i for a in clause.ancestors):
                    return None
                span = trim_span(self.doc, token.i, clause.right_edge.i)
                return self._clause_statement(verb, span, "clause") if span else None
        return None

    def _object_statement(self, verb: Token) -> Found | None:
        """ "X called for steep tariffs", "X urged Y to vote", "X denied the report": a
        reporting verb whose object or prepositional complement is what was said."""
        lemma = verb.lemma_.lower()
        instructs = lemma == "tell" and any(
            c.dep_ == "xcomp" and c.i > verb.i and child_with(c, ("aux",)) is not None
            for c in verb.children
        )  # "officials told residents not to drink the water": an instruction is said
        if (lemma in _NO_OBJECT_STATEMENT and not instructs) or any(
            c.dep_ in ("auxpass", "nsubjpass") for c in verb.children
        ):
            return None
        rights = []
        for child in verb.rights:
            is_object = child.dep_ in ("dobj", "xcomp", "oprd", "attr", "dative")
            if is_object or (child.dep_ == "prep" and child.lower_ in _CONTENT_PREPOSITIONS):
                rights.append(child)
            elif child.dep_ == "prt" and not rights:
                continue
            elif rights:
                break
        if not rights or all(c.dep_ == "dative" for c in rights):
            return None
        if lemma == "cite" and rights[0].dep_ == "dobj" and is_source(rights[0]):
            return None  # "citing officials": a source, not what was said
        if lemma == "ask" and len(rights) == 1 and _addressee(rights[0]):
            return None  # "“...?” Todd asked the mogul": whom the question was put to
        span = trim_span(self.doc, rights[0].left_edge.i, rights[-1].right_edge.i)
        if span is None or content_words(self.text[span[0] : span[1]]) < 2:
            return None
        if "\n" in self.text[span[0] : span[1]] or all(map(_circumstance, rights)):
            return None
        return self._clause_statement(verb, span, "object")

    def _colon_clause(self, verb: Token) -> Found | None:
        """ "X said in a post online: ..." with no parsed complement; an unquoted passage that
        opens with a capital after the colon runs to the end of its paragraph ("X warned,
        saying: A. B."). An object before the colon does not stop it ("asked voters one
        question: ..."): stopping there was measured on PolNeAR train and changed nothing net."""
        _, sent_end = self.sentence(verb)
        for token in self.doc[verb.i + 1 : min(sent_end, verb.i + _COLON_REACH)]:
            if self.in_quote(token):
                return None
            if token.text == ":":
                after = token.i + 1
                if after >= len(self.doc) or self.paragraph_of(
                    self.doc[after].idx
                ) != self.paragraph_of(token.idx):
                    return None  # the quote follows on the next line: handled with quotes
                quote = self.quotes.at(self.doc[after].idx)
                if quote is not None:
                    self.quote_cues.setdefault(quote.start, (verb, "colon"))
                    return None
                last = max(min(sent_end, after + REACH) - 1, self._colon_passage_end(after))
                span = trim_span(self.doc, after, last)
                if span is None:
                    return None
                return self._clause_statement(verb, span, "colon")
        return None

    def _according(self, token: Token) -> Found | None:
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
            to = self.doc[token.i + 1]
        if to is None:
            return None
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return None
        source = author_of(source) or source
        phrase_first, phrase_last = token.i, max(token.i, source.right_edge.i)
        sent_start, sent_end = self.sentence(token)
        sent_start = max(sent_start, phrase_first - REACH)
        sent_end = min(sent_end, phrase_last + 1 + REACH)
        before = (
            trim_span(self.doc, sent_start, phrase_first - 1) if phrase_first > sent_start else None
        )
        after = (
            trim_span(self.doc, phrase_last + 1, sent_end - 1)
            if phrase_last + 1 < sent_end
            else None
        )
        spans = [s for s in (before, after) if s is not None]
        if not spans:
            return None
        span = max(spans, key=lambda s: s[1] - s[0])
        quote = self.quotes.at(span[0])
        if quote is not None and span[1] <= quote.close_end and quote.open_start < span[0]:
            # "Xi replied, “... at some point, we need to act,” according to the official": the
            # sentence break fell inside the quotation, which the source relays
            self.quote_relays[quote.start] = relay_text(source)
            return None
        relayed = [
            t for t in self.cues_between(*self.tokens_of(*span)) if subject_of(t)[0] is not None
        ]
        if relayed:
            # "X told staff ..., according to the agency": the agency relays X's statement
            for verb in relayed:
                self.relays[verb.i] = relay_text(source)
            return None
        inner = self.quotes.inside(*span)
        kind = "mixed" if inner else "indirect"
        if inner and len(inner) == 1:
            quote = inner[0]
            if content_words(text_outside(self.text, span[0], span[1], inner)) <= 1:
                self.quote_cues.setdefault(quote.start, (token, "according"))
                return None
        for quote in inner:
            self.consumed.add(quote.start)
        cue = (token.idx, to.idx + len(to))
        return Found(span[0], span[1], kind, cue, source, "according")
