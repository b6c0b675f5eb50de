"""Finding statements in a parsed article: direct quotes, indirect speech, their cues and speakers.

Rules over the dependency parse, in three passes:

1. Indirect speech: a reporting verb (lexicon) outside quotes with a clausal complement
   ("X said that ...", "X told the Times that ...") or a colon ("X said in a post: ..."), and
   "according to X, ...". A complement that is (almost) all one quotation becomes that quote's
   cue; one that contains a quoted fragment is a mixed statement.
2. Direct quotes: a cue linked to the quote by the parse, else the nearest reporting verb in
   the quote's sentence, "according to", a colon introduction (same line or the line before),
   a dash attribution, and finally inheritance (continuation paragraphs, a quote paragraph after
   an attributed quote or a lead naming the speaker).
3. Speakers are resolved (``speakers.SpeakerResolver``) in text order so pronouns see the
   speakers before them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from chorus.attribution.confidence import features, load_model, probability
from chorus.attribution.cues import (
    author_of,
    cue_span,
    is_reporting_verb,
    lead_verbs,
    names_what,
    relay_nouns,
    reporting_verbs,
    speaker_like,
    subject_of,
    title_like,
)
from chorus.attribution.found import Found
from chorus.attribution.quotes import Quote, find_quotes, paragraphs
from chorus.attribution.speakers import Resolution, SpeakerResolver
from chorus.records import Article, EntityMention, Statement, stable_id
from chorus.syntax import child_with, noun_phrase, noun_phrase_text, trim_span

_DASHES = "-–—―"
#: Reporting verbs whose bare object is not a statement ("said nothing", "told reporters").
_NO_OBJECT_STATEMENT = {"say", "tell", "add", "continue", "write", "respond", "reply", "answer"}
_CONTENT_PREPOSITIONS = {"for", "on", "about", "of", "as", "to", "against", "that"}
_DASH_RE = re.compile(r"[^\S\n]*[-–—―]{1,2}[^\S\n]*(?=[A-Z])")
_LABEL_RE = re.compile(r"([A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,2}): +")
#: Rules whose evidence is a layout convention (a dash signature, a speaker label, a colon
#: introduction) that the training news rarely shows but that is precise where it occurs: the
#: confidence model scores them but does not filter them out. (Measured on PolNeAR train,
#: "as X reports", a lead sentence and paragraph-level inheritance are not precise enough to
#: be exempt.)
LAYOUT_RULES = {"dash", "label", "colon", "colon-line"}
#: Statements the confidence model scores below this are not reported (not plausible
#: attributions); those between it and the model's threshold are reported as uncertain.
OUTPUT_FLOOR = 0.25
#: Rules that found a quotation's own attribution (not one borrowed from a neighbour).
EXPLICIT_RULES = {
    "cue", "frame", "parse", "dash", "colon", "colon-line", "according", "label", "following",
}  # fmt: skip
#: Quotes shorter than this with no speaker found are scare quotes or titles, not statements.
MIN_UNATTRIBUTED_WORDS = 4


class _Quotes:
    """Quote lookup by character position."""

    def __init__(self, quotes: list[Quote]):
        self.quotes = quotes
        self.starts = [q.open_start for q in quotes]

    def at(self, pos: int) -> Quote | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.quotes[i].open_start <= pos < self.quotes[i].close_end:
            return self.quotes[i]
        return None

    def inside(self, start: int, end: int) -> list[Quote]:
        i = bisect.bisect_left(self.starts, start)
        found = []
        while i < len(self.quotes) and self.quotes[i].open_start < end:
            found.append(self.quotes[i])
            i += 1
        return found


def _content_words(text: str) -> int:
    return len(re.findall(r"\w+", text))


class Extractor:
    """Finds the statements of one parsed article (clean offsets)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.quotes = _Quotes(find_quotes(self.text))
        self.paragraphs = paragraphs(self.text)
        self.paragraph_starts = [p[0] for p in self.paragraphs]
        self.quote_cues: dict[int, tuple[Token, str]] = {}  # quote start -> (cue verb, rule)
        self.consumed: set[int] = set()
        self.relays: dict[int, str] = {}  # reporting verb index -> relay ("according to X")
        self.reported: list[Found] = []  # indirect statements, for quotes later in a paragraph

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.paragraph_starts, pos) - 1)

    def in_quote(self, token: Token) -> bool:
        return self.quotes.at(token.idx) is not None

    def speaker_of(self, verb: Token) -> tuple[Token | None, str | None]:
        """``subject_of`` outside quotations, else the noun phrase right next to the verb
        ("Flynn, a top surrogate, said" when the parser lost the subject)."""
        speaker, via = subject_of(verb)
        if speaker is not None and not self.in_quote(speaker):
            return speaker, via
        i = verb.i - 1
        while i >= verb.sent.start and (self.doc[i].is_punct or self.doc[i].pos_ in ("ADV", "AUX")):
            i -= 1
        if i >= verb.sent.start and not self.in_quote(self.doc[i]):
            token = self.doc[i]
            while token.dep_ == "appos" and token.head.i < token.i:
                token = token.head
            if token.pos_ in ("PROPN", "NOUN", "PRON") and not self.in_quote(token):
                return token, None
        return None, None

    # ---------------------------------------------------------------- indirect speech

    def indirect(self) -> list[Found]:
        found = []
        for token in self.doc:
            if token.lower_ == "according" and not self.in_quote(token):
                item = self._according(token)
                if item:
                    found.append(item)
                continue
            if not is_reporting_verb(token):
                continue
            quote = self.quotes.at(token.idx)
            if quote is not None and not self._nested_report(token, quote):
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
        Lukashenko announced ..." in an interviewee's words)."""
        subject, _ = subject_of(verb)
        if subject is None:
            return False
        if self.quotes.at(subject.idx) is not quote:
            return True
        return subject.pos_ == "PROPN" and subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")

    def _as_reports(self, verb: Token) -> Found | None:
        """ "Lukashenko keeps playing Hamlet, as Politico reports": the clause the as-phrase
        hangs on is what the subject of the reporting verb says."""
        if not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
            return None
        if verb.dep_ != "advcl" or verb.head is verb:
            return None
        subject = child_with(verb, ("nsubj",))
        if subject is None:
            return None
        head = verb.head
        sent = verb.sent
        first = verb.left_edge.i
        last = verb.right_edge.i
        before = (
            trim_span(self.doc, max(sent.start, head.left_edge.i), first - 1)
            if first > sent.start
            else None
        )
        after = (
            trim_span(self.doc, last + 1, min(sent.end, head.right_edge.i + 1) - 1)
            if last + 1 < sent.end
            else None
        )
        span = next((s for s in (before, after) if s is not None and s[0] <= head.idx < s[1]), None)
        if span is None or span[0] <= verb.idx < span[1]:
            return None
        return self._clause_statement(verb, span, "as-reports")

    def _reported_clause(self, verb: Token) -> Found | None:
        if names_what(verb):
            return None  # "Ban condemned what he called a “breach”": the main clause reports
        complement = child_with(verb, ("ccomp",))
        if complement is None:
            return (
                self._colon_clause(verb)
                or self._late_that_clause(verb)
                or self._quoted_object(verb)
                or self._object_statement(verb)
            )
        if self.paragraph_of(complement.idx) != self.paragraph_of(verb.idx):
            return None  # the parser joined two paragraphs
        if self.in_quote(complement):
            quote = self.quotes.at(complement.idx)
            if quote is not None and quote.start not in self.quote_cues:
                self.quote_cues[quote.start] = (verb, "cue")
            return None
        span = trim_span(self.doc, complement.left_edge.i, complement.right_edge.i)
        if span is None or span[0] <= verb.idx < span[1]:
            return None
        return self._clause_statement(verb, span, "clause")

    def _clause_statement(self, verb: Token, span: tuple[int, int], how: str) -> Found | None:
        start, end = span
        par_start, par_end = self.paragraphs[self.paragraph_of(verb.idx)]
        start, end = max(start, par_start), min(end, par_end)
        if end <= start:
            return None
        strength = reporting_verbs().get(verb.lemma_.lower(), "speech")
        speaker, via = subject_of(verb)
        if speaker is None or (strength == "belief" and speaker.lower_ in ("i", "we", "you")):
            return None
        if speaker.lemma_.lower() in relay_nouns() or speaker.ent_type_ == "ORG":
            # "State media reported that Lukashenko said ...": the outlet relays his words
            for token in self.doc[verb.i + 1 : verb.sent.end]:
                if start <= token.idx < end and is_reporting_verb(token):
                    inner_speaker, _ = subject_of(token)
                    if inner_speaker is not None:
                        self.relays.setdefault(token.i, noun_phrase_text(speaker))
        inner = self.quotes.inside(start, end)
        kind = "indirect"
        if inner:
            outside = self.text[start:end]
            for quote in inner:
                outside = outside.replace(self.text[quote.open_start : quote.close_end], " ")
            if _content_words(outside) <= 1 and len(inner) == 1:
                self.quote_cues.setdefault(inner[0].start, (verb, "cue"))
                return None
            kind = "mixed"
            for quote in inner:
                if quote.open_start >= start:
                    self.consumed.add(quote.start)
                    if quote.close_end > end and quote.paragraph == self.paragraph_of(start):
                        end = quote.close_end  # the parse left the closing mark outside
        return Found(start, end, kind, cue_span(verb), speaker, how, via=via)

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

    def _late_that_clause(self, verb: Token) -> Found | None:
        """ "X claimed without citing any evidence that ...": a that-clause the parser hung
        on a noun of an adjunct between the verb and the clause."""
        for token in self.doc[verb.i + 1 : min(verb.sent.end, verb.i + 9)]:
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
        if verb.lemma_.lower() in _NO_OBJECT_STATEMENT or any(
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
        span = trim_span(self.doc, rights[0].left_edge.i, rights[-1].right_edge.i)
        if span is None or _content_words(self.text[span[0] : span[1]]) < 2:
            return None
        if "\n" in self.text[span[0] : span[1]]:
            return None
        return self._clause_statement(verb, span, "object")

    def _colon_clause(self, verb: Token) -> Found | None:
        """ "X said in a post on Telegram: ..." with no parsed complement."""
        sent = verb.sent
        for token in self.doc[verb.i + 1 : min(sent.end, verb.i + 12)]:
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
                end_token = sent.end - 1
                span = trim_span(self.doc, after, end_token)
                if span is None:
                    return None
                return self._clause_statement(verb, span, "colon")
            if token.dep_ in ("ccomp", "dobj") and token.head is verb and not token.is_punct:
                return None
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
        sent = token.sent
        phrase_first, phrase_last = token.i, max(token.i, source.right_edge.i)
        before = (
            trim_span(self.doc, sent.start, phrase_first - 1) if phrase_first > sent.start else None
        )
        after = (
            trim_span(self.doc, phrase_last + 1, sent.end - 1)
            if phrase_last + 1 < sent.end
            else None
        )
        spans = [s for s in (before, after) if s is not None]
        if not spans:
            return None
        span = max(spans, key=lambda s: s[1] - s[0])
        relayed = [
            t
            for t in self.doc[sent.start : sent.end]
            if span[0] <= t.idx < span[1] and is_reporting_verb(t) and subject_of(t)[0] is not None
        ]
        if relayed:
            # "X told soldiers ..., according to BelTA": BelTA relays X's statement
            for verb in relayed:
                self.relays[verb.i] = noun_phrase_text(source)
            return None
        inner = self.quotes.inside(*span)
        kind = "mixed" if inner else "indirect"
        if inner and len(inner) == 1:
            quote = inner[0]
            outside = self.text[span[0] : quote.open_start] + self.text[quote.close_end : span[1]]
            if _content_words(outside) <= 1:
                self.quote_cues.setdefault(quote.start, (token, "according"))
                return None
        for quote in inner:
            self.consumed.add(quote.start)
        cue = (token.idx, to.idx + len(to))
        return Found(span[0], span[1], kind, cue, source, "according")

    # ---------------------------------------------------------------- direct quotes

    def direct(self, indirect: list[Found]) -> list[Found]:
        result: list[Found] = []
        previous: Found | None = None
        self.reported = sorted(indirect, key=lambda f: f.start)
        for quote in self.quotes.quotes:
            if quote.start in self.consumed:
                continue
            item = self._attribute_quote(quote, previous)
            if item is None:
                continue
            result.append(item)
            previous = item
        self._share_within_multi_paragraph_quotes(result)
        return result

    def _share_within_multi_paragraph_quotes(self, items: list[Found]) -> None:
        """A multi-paragraph quotation is attributed once, in any of its paragraphs (often the
        last: “... | “... ,” Viguerie says.): paragraphs without their own attribution take it."""
        chains: list[list[Found]] = []
        for item in items:
            quote = item.quote
            if quote is None:
                continue
            linked = chains and chains[-1][-1].quote.continued and quote.continuation
            if linked:
                chains[-1].append(item)
            else:
                chains.append([item])
        for chain in chains:
            if len(chain) < 2:
                continue
            source = next((f for f in chain if f.how in EXPLICIT_RULES and f.speaker), None)
            if source is None:
                continue
            for item in chain:
                if item.how not in EXPLICIT_RULES:
                    item.cue, item.speaker, item.via = source.cue, source.speaker, source.via
                    item.speaker_span, item.inherited = source.speaker_span, None
                    item.how = "continuation"

    def _frame_tokens(self, quote: Quote) -> list[Token]:
        """Tokens outside quotes in the quote's sentence(s), between its neighbouring quotes."""
        index = self.quotes.quotes.index(quote)
        lower = self.quotes.quotes[index - 1].close_end if index > 0 else 0
        upper = (
            self.quotes.quotes[index + 1].open_start
            if index + 1 < len(self.quotes.quotes)
            else len(self.text)
        )
        start_par, end_par = self.paragraphs[quote.paragraph]
        lower, upper = max(lower, start_par), min(upper, end_par)
        first = self.doc.char_span(quote.open_start, quote.close_end, alignment_mode="expand")
        if first is None:
            return []
        sent_start = first[0].sent.start
        sent_end = first[-1].sent.end
        # the sentence right after the quote ("...?” Graham asked.") or right before it
        starts_sentence = first[0].sent[0].idx >= quote.open_start
        if starts_sentence and sent_end < len(self.doc) and self.doc[sent_end].idx < upper:
            between = self.text[quote.close_end : self.doc[sent_end].idx]
            if not between.strip(" \t.,;!?"):
                sent_end = self.doc[sent_end].sent.end
        if sent_start > 0 and self.doc[sent_start - 1].idx >= lower:
            between = self.text[self.doc[sent_start - 1].idx + 1 : quote.open_start]
            if not between.strip() and self.doc[sent_start - 1].text in (":", ","):
                sent_start = self.doc[sent_start - 1].sent.start
        tokens = []
        for token in self.doc[sent_start:sent_end]:
            if lower <= token.idx < upper and not self.in_quote(token):
                tokens.append(token)
        return tokens

    def _attribute_quote(self, quote: Quote, previous: Found | None) -> Found | None:
        words_in_quote = _content_words(self.text[quote.start : quote.end])
        linked = self.quote_cues.get(quote.start)
        if linked is not None:
            verb, how = linked
            if verb.lower_ == "according":
                to = verb.doc[verb.i + 1]
                source = next((c for c in to.children if c.dep_ == "pobj"), None)
                return Found(
                    quote.start, quote.end, "direct", (verb.idx, to.idx + len(to)), source,
                    "according", quote,
                )  # fmt: skip
            speaker, via = self.speaker_of(verb)
            if speaker is not None:
                return Found(
                    quote.start, quote.end, "direct", cue_span(verb), speaker, how, quote, via
                )
        label = self._speaker_label(quote)
        if label is not None:
            return label
        if quote.continuation and previous is not None and previous.quote is not None:
            return self._inherit(quote, previous, "continuation")
        if title_like(self.text[quote.start : quote.end]):
            return None
        explicit = self._explicit_attribution(quote)
        if explicit is not None:
            return explicit
        following = self._following_quote_attribution(quote)
        if following is not None:
            return following
        if previous is not None and self._may_inherit(quote, previous):
            return self._inherit(quote, previous, "inherited")
        lead = self._lead_speaker(quote)
        if lead is not None:
            return lead
        reported = self._paragraph_report(quote)
        if reported is not None:
            return reported
        if words_in_quote < MIN_UNATTRIBUTED_WORDS:
            return None
        return Found(quote.start, quote.end, "direct", None, None, "none", quote)

    def _explicit_attribution(self, quote: Quote, look_ahead: bool = False) -> Found | None:
        """The quote's own attribution: a reporting verb it hangs on or shares a sentence with,
        "according to", a dash signature, a colon introduction, a governing verb."""
        governor = self._governing_reporting_verb(quote)
        if governor is not None:
            speaker, via = self.speaker_of(governor)
            if speaker is not None:
                return Found(
                    quote.start, quote.end, "direct", cue_span(governor), speaker, "parse", quote,
                    via,
                )  # fmt: skip
        frame = self._frame_tokens(quote)
        verbs = [t for t in frame if is_reporting_verb(t)]
        if verbs:
            verbs.sort(
                key=lambda t: (
                    reporting_verbs().get(t.lemma_.lower()) == "belief",
                    min(abs(t.idx - quote.close_end), abs(quote.open_start - t.idx)),
                )
            )
            for verb in verbs:
                speaker, via = self.speaker_of(verb)
                if speaker is not None:
                    return Found(
                        quote.start, quote.end, "direct", cue_span(verb), speaker, "frame", quote,
                        via,
                    )  # fmt: skip
        according = next((t for t in frame if t.lower_ == "according"), None)
        if according is not None:
            item = self._according_speaker(according, quote)
            if item:
                return item
        dash = self._dash_attribution(quote)
        if dash:
            return dash
        colon = self._colon_intro(quote)
        if colon:
            return colon
        if look_ahead:
            return None
        governing = self._governing_statement(quote)
        if governing:
            return governing
        return None

    def _following_quote_attribution(self, quote: Quote) -> Found | None:
        """ "“A.” “B,” Clinton said.": a quote followed, with nothing but spaces between, by
        another quote of the same paragraph that has its own attribution shares it."""
        index = self.quotes.quotes.index(quote)
        if index + 1 >= len(self.quotes.quotes):
            return None
        following = self.quotes.quotes[index + 1]
        between = self.text[quote.close_end : following.open_start]
        if following.paragraph != quote.paragraph or re.search(r"\w", between):
            return None
        found = self._explicit_attribution(following, look_ahead=True)
        if found is None or found.speaker is None:
            return None
        return Found(
            quote.start, quote.end, "direct", found.cue, found.speaker, "following", quote,
            found.via, speaker_span=found.speaker_span,
        )  # fmt: skip

    def _governing_reporting_verb(self, quote: Quote) -> Token | None:
        """A reporting verb the quotation hangs on in the parse, through clause links
        ("X said A and “B”": B is a conjunct of "said")."""
        span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None:
            return None
        paragraph = quote.paragraph
        for token in span:
            head = token.head
            if span.start <= head.i < span.end:
                continue
            for _ in range(3):
                if self.in_quote(head) or self.paragraph_of(head.idx) != paragraph:
                    break
                if is_reporting_verb(head):
                    return head
                if head.dep_ not in ("conj", "ccomp", "advcl") or head.head is head:
                    break
                head = head.head
        return None

    def _speaker_label(self, quote: Quote) -> Found | None:
        """A transcript turn: "PENCE: Well, look, ..." (a capitalised name and a colon)."""
        match = _LABEL_RE.match(self.text, quote.start, quote.end)
        if not match:
            return None
        span = self.doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if span is None:
            return None
        content_start = match.end()
        item = Found(content_start, quote.end, "direct", None, span[-1], "label", quote)
        item.speaker_span = (match.start(1), match.end(1))
        item.cue = (match.end(1), match.end(1) + 1)
        return item

    def _governing_statement(self, quote: Quote) -> Found | None:
        """A quotation inside the complement of a verb whose subject is a person or an
        organisation ("Trump likened the refugees to a “vicious snake”"): what that subject
        said, as a mixed statement (weaker evidence than a reporting verb)."""
        span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None:
            return None
        heads = [t.head for t in span if not (span.start <= t.head.i < span.end)]
        if not heads:
            return None
        verb, subject = heads[0], None
        for _ in range(6):
            if (
                verb.pos_ == "VERB"
                and verb.lemma_.lower() not in ("be", "have")
                and not names_what(verb)
            ):
                subject, _via = subject_of(verb)
                if subject is not None and speaker_like(subject) and not self.in_quote(subject):
                    break
                subject = None
            if verb.head is verb:
                break
            verb = verb.head
        if subject is None or self.in_quote(verb):
            return None
        rights = [c for c in verb.rights if not c.is_punct and c.dep_ not in ("cc", "conj")]
        if not rights:
            return None
        clause = trim_span(self.doc, rights[0].left_edge.i, rights[-1].right_edge.i)
        if clause is None or not (clause[0] <= quote.open_start < clause[1]):
            return None
        par_start, par_end = self.paragraphs[quote.paragraph]
        start, end = max(clause[0], par_start), min(max(clause[1], quote.close_end), par_end)
        outside = self.text[start : quote.open_start] + self.text[quote.close_end : end]
        kind = "mixed" if _content_words(outside) > 1 else "direct"
        if kind == "direct":
            start, end = quote.start, quote.end
        for other in self.quotes.inside(start, end):
            self.consumed.add(other.start)
        return Found(start, end, kind, cue_span(verb), subject, "governing", quote)

    def _according_speaker(self, according: Token, quote: Quote) -> Found | None:
        to = self.doc[according.i + 1] if according.i + 1 < len(self.doc) else None
        if to is None or to.lower_ != "to":
            return None
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return None
        cue = (according.idx, to.idx + len(to))
        return Found(quote.start, quote.end, "direct", cue, source, "according", quote)

    def _dash_attribution(self, quote: Quote) -> Found | None:
        """ "“...” -Commissioner Jane Roe": a quotation opening its paragraph, then a dash and a
        name that closes the paragraph (or is followed only by a comma and a role)."""
        par_start, par_end = self.paragraphs[quote.paragraph]
        before = self.text[par_start : quote.open_start]
        for other in self.quotes.inside(par_start, quote.open_start):
            before = before.replace(self.text[other.open_start : other.close_end], " ")
        if re.search(r"\w", before):
            return None
        match = _DASH_RE.match(self.text, quote.close_end, par_end)
        if not match:
            return None
        span = self.doc.char_span(match.end(), par_end, alignment_mode="expand")
        if span is None:
            return None
        tokens = []
        for token in span:
            if token.is_punct:
                break
            tokens.append(token)
        rest = self.text[tokens[-1].idx + len(tokens[-1]) : par_end].strip() if tokens else ""
        names = [t for t in tokens if t.pos_ == "PROPN" or t.ent_type_]
        if not names or len(tokens) > 8 or (rest and rest[0] not in ".,"):
            return None
        head = names[-1]
        item = Found(quote.start, quote.end, "direct", None, head, "dash", quote)
        item.speaker_span = (max(tokens[0].idx, match.end()), tokens[-1].idx + len(tokens[-1]))
        item.cue = (match.start(), match.end())
        return item

    def _intro_speaker(self, first: int, last: int) -> tuple[Token | None, Token | None]:
        """Speaker (and cue verb) of an introduction clause ending with a colon."""
        tokens = [t for t in self.doc[first : last + 1] if not self.in_quote(t)]
        for token in reversed(tokens):
            if is_reporting_verb(token) or token.lemma_.lower() in lead_verbs():
                speaker, _ = subject_of(token)
                if speaker is not None:
                    return speaker, token
        for token in reversed(tokens):
            if token.pos_ == "VERB":
                speaker, _ = subject_of(token)
                if speaker is not None and speaker_like(speaker):
                    return speaker, token
        named = [
            t
            for t in tokens
            if t.ent_type_ in ("PERSON", "ORG") or (t.pos_ == "PROPN" and t.dep_ != "compound")
        ]
        if named:
            return named[-1], None
        return None, None

    def _colon_intro(self, quote: Quote) -> Found | None:
        par_start, _ = self.paragraphs[quote.paragraph]
        before = self.text[par_start : quote.open_start].rstrip()
        if before.endswith(":"):
            colon = par_start + len(before) - 1
            span = self.doc.char_span(par_start, colon, alignment_mode="expand")
            if span is not None and len(span):
                sent_first = self.doc[span[-1].i].sent.start
                speaker, verb = self._intro_speaker(max(sent_first, span[0].i), span[-1].i)
                if speaker is not None:
                    cue = cue_span(verb) if verb is not None else (colon, colon + 1)
                    return Found(quote.start, quote.end, "direct", cue, speaker, "colon", quote)
            return None
        if before.strip() or quote.paragraph == 0:
            return None
        prev_start, prev_end = self.paragraphs[quote.paragraph - 1]
        if not self.text[prev_start:prev_end].endswith(":"):
            return None
        span = self.doc.char_span(prev_start, prev_end - 1, alignment_mode="expand")
        if span is None or not len(span):
            return None
        sent_first = span[-1].sent.start
        speaker, verb = self._intro_speaker(max(sent_first, span[0].i), span[-1].i)
        if speaker is None:
            return None
        cue = cue_span(verb) if verb is not None else (prev_end - 1, prev_end)
        return Found(quote.start, quote.end, "direct", cue, speaker, "colon-line", quote)

    def _may_inherit(self, quote: Quote, previous: Found) -> bool:
        """A quote with no attribution of its own continues the latest attributed quote when it
        is in the same paragraph, or opens the paragraph right after it."""
        if previous.quote is None or (previous.speaker is None and previous.inherited is None):
            return False
        if not quote.closed and not (quote.continuation or quote.continued):
            return False  # an unbalanced mark (a block quote of a text, a stray mark)
        if previous.quote.paragraph == quote.paragraph:
            return True
        par_start, _ = self.paragraphs[quote.paragraph]
        opens_paragraph = not self.text[par_start : quote.open_start].strip()
        return opens_paragraph and quote.paragraph - previous.quote.paragraph == 1

    def _inherit(self, quote: Quote, previous: Found, how: str) -> Found:
        source = previous.inherited or previous
        return Found(
            quote.start, quote.end, "direct", source.cue, source.speaker, how, quote, source.via,
            inherited=source, speaker_span=source.speaker_span,
        )  # fmt: skip

    def _paragraph_report(self, quote: Quote) -> Found | None:
        """A quoted fragment later in a paragraph that reports one source's account ("X
        confirms that ... The plan was foiled ..., which is “dangerous and expensive.”")."""
        par_start, _ = self.paragraphs[quote.paragraph]
        earlier = [
            f
            for f in self.reported
            if par_start <= f.start and f.end <= quote.open_start and f.speaker is not None
        ]
        earlier = [  # voices nested in another statement's content do not count
            f
            for f in earlier
            if not any(o is not f and o.start <= f.speaker.idx < o.end for o in earlier)
        ]
        if not earlier:
            return None
        source = earlier[-1]
        speakers = {f.speaker.i for f in earlier}
        if len(speakers) > 1:
            return None  # several voices in the paragraph: no way to tell
        return Found(
            quote.start, quote.end, "direct", source.cue, source.speaker, "paragraph", quote,
            source.via, speaker_span=source.speaker_span,
        )  # fmt: skip

    def _lead_speaker(self, quote: Quote) -> Found | None:
        """A quote paragraph after a lead that names who speaks ("expert X spoke about ...")."""
        par_start, _ = self.paragraphs[quote.paragraph]
        if self.text[par_start : quote.open_start].strip() or quote.paragraph == 0:
            return None
        prev_start, prev_end = self.paragraphs[quote.paragraph - 1]
        span = self.doc.char_span(prev_start, prev_end, alignment_mode="expand")
        if span is None:
            return None
        for token in reversed(list(span)):
            if self.in_quote(token):
                return None
            if token.lemma_.lower() in lead_verbs() or is_reporting_verb(token):
                speaker, _ = subject_of(token)
                if speaker is not None and (speaker.pos_ == "PROPN" or speaker.ent_type_):
                    return Found(
                        quote.start, quote.end, "direct", cue_span(token), speaker, "lead", quote
                    )
        return None


def _relay_of_sentence(doc: Doc, cue: tuple[int, int] | None) -> str | None:
    """ "as Politico reports" in the cue's sentence: the outlet relaying the statement."""
    if cue is None:
        return None
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None:
        return None
    for token in span[0].sent:
        if is_reporting_verb(token) and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in token.children
        ):
            subject = child_with(token, ("nsubj",))
            if subject is not None and not (span[0].i <= token.i < span[-1].i + 1):
                return noun_phrase_text(subject)
    return None


def _confidence(item: Found) -> float:
    """Honest confidence: high for an explicit named speaker, lower for pronouns over distance,
    inherited speakers, and low when no speaker was found."""
    resolution = item.resolution
    if item.speaker is None or resolution is None or resolution.name is None:
        return 0.3
    base = {
        "cue": 0.95, "frame": 0.9, "clause": 0.85, "according": 0.85, "colon": 0.9,
        "colon-line": 0.85, "dash": 0.85, "continuation": 0.85, "inherited": 0.75, "lead": 0.7,
    }.get(item.how, 0.7)  # fmt: skip
    if resolution.kind in ("pronoun", "description"):
        base -= 0.05 + min(0.3, resolution.distance / 3000)
    elif resolution.kind == "description" or resolution.local_id is None:
        base -= 0.05
    return round(max(0.05, min(1.0, base)), 3)


@dataclass(frozen=True)
class Explained:
    """A statement with how it was found: the rule and the confidence model's features (for
    training, evaluation and error analysis; not part of the stored record)."""

    statement: Statement
    rule: str
    features: list[str]


def find_statements(
    doc: Doc, article: Article, entities: list[EntityMention], keep_all: bool = False
) -> list[Statement]:
    """All statements of a parsed article, with original offsets (see the module docstring).

    With the shipped confidence model, statements scored below ``OUTPUT_FLOOR`` are left out
    unless ``keep_all``.
    """
    return [e.statement for e in explain_statements(doc, article, entities, keep_all)]


def explain_statements(
    doc: Doc, article: Article, entities: list[EntityMention], keep_all: bool = False
) -> list[Explained]:
    """``find_statements`` with the rule and features of each statement."""
    extractor = Extractor(doc)
    indirect = extractor.indirect()
    direct = extractor.direct(indirect)
    items = sorted(indirect + direct, key=lambda f: (f.start, f.end))
    resolver = SpeakerResolver(doc, article, entities, in_quote=extractor.in_quote)
    resolved_heads: dict[int, Resolution] = {}
    for item in sorted(items, key=lambda f: (f.cue or (f.start, f.end))[0]):
        if item.inherited is not None and item.inherited.resolution is not None:
            item.resolution = item.inherited.resolution
            item.speaker_span = item.inherited.speaker_span
            continue
        if item.speaker is None:
            continue
        if item.speaker_span is None:
            item.speaker_span = noun_phrase(item.speaker)
        key = item.speaker.i
        if key not in resolved_heads:
            resolved_heads[key] = resolver.resolve(item.speaker, item.speaker_span)
            resolver.note_speaker(item.speaker.idx, resolved_heads[key])
        item.resolution = resolved_heads[key]
    by_quote = {item.quote.start: item for item in direct if item.quote is not None}
    for item in items:
        carrier = by_quote.get(item.nested_in.start) if item.nested_in is not None else None
        if carrier is not None and carrier.resolution is not None and item.via is None:
            item.via = carrier.resolution.name
    for item in items:
        if item.via is None and item.cue is not None:
            cue_token = doc.char_span(*item.cue, alignment_mode="expand")
            relay = None
            if cue_token is not None:
                relay = next(
                    (extractor.relays[t.i] for t in cue_token if t.i in extractor.relays), None
                )
            item.via = relay or _relay_of_sentence(doc, item.cue)
    model = load_model()
    explained = []
    for item in items:
        names = features(item, doc, extractor.text)
        statement = _to_statement(item, article)
        if model is not None and item.speaker is not None:
            statement.confidence = round(probability(names, model), 3)
            layout = item.how in LAYOUT_RULES
            if not (keep_all or layout or statement.confidence >= OUTPUT_FLOOR):
                continue
        explained.append(Explained(statement, item.how, names))
    return explained


def is_confident(explained: Explained) -> bool:
    """At or above the model's tuned threshold (or found by a layout rule)."""
    model = load_model()
    if model is None or explained.rule in LAYOUT_RULES:
        return True
    return explained.statement.confidence >= model.get("threshold", 0.0)


def _to_statement(item: Found, article: Article) -> Statement:
    start, end = article.to_original(item.start, item.end)
    statement = Statement(
        id=stable_id(article.id, str(start), str(end)),
        article=article.id,
        source=article.source,
        start=start,
        end=end,
        text=article.original[start:end],
        kind=item.kind,
    )
    if item.cue is not None:
        statement.cue_start, statement.cue_end = article.to_original(*item.cue)
        statement.cue = article.original[statement.cue_start : statement.cue_end]
    if item.speaker_span is not None:
        statement.speaker_start, statement.speaker_end = article.to_original(*item.speaker_span)
        statement.speaker_mention = article.original[
            statement.speaker_start : statement.speaker_end
        ]
    if item.resolution is not None:
        statement.speaker = item.resolution.name
        statement.speaker_local_id = item.resolution.local_id
    statement.via = item.via
    statement.confidence = _confidence(item)
    return statement
