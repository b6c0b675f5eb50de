"""Direct quotes: each quotation's attribution, tried in order: a cue linked by the parse, the
nearest reporting verb of its sentence, "according to", a dash signature, a colon introduction
(same line or the line before), a speaker label, a governing verb, the following quote's
attribution, and finally inheritance (continuation paragraphs, a quote paragraph after an
attributed quote or after a lead that names the speaker).
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Token

from chorus.attribution.cues import (
    cue_span,
    is_reporting_verb,
    lead_verbs,
    names_what,
    quote_only,
    relay_verbs,
    reporting_verbs,
    speaker_like,
    speech_nouns,
    subject_of,
    title_like,
)
from chorus.attribution.found import Found
from chorus.attribution.quotes import Quote
from chorus.attribution.state import REACH, ArticleState, content_words
from chorus.syntax import child_with, noun_phrase_text, same_person_named, trim_span

_DASH_RE = re.compile(r"[^\S\n]*[-–—―]{1,2}[^\S\n]*(?=[A-Z])")
_LABEL_RE = re.compile(r"([A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,2}): +")
#: Rules that found a quotation's own attribution (not one borrowed from a neighbour).
EXPLICIT_RULES = {
    "cue", "frame", "parse", "dash", "colon", "colon-line", "according", "label", "following",
}  # fmt: skip
#: Rules that found a verb, a source or a layout that introduces the quotation as what was said
#: (a reporting verb of the quotation's own sentence counts: a short quotation there is mostly
#: part of what the verb reports, "X blasted the plan as a “farce”").
INTRODUCED_RULES = {"cue", "parse", "frame", "dash", "colon", "colon-line", "according", "label"}
#: A quotation of at most this many words inside running text may be a borrowed term.
MAX_TERM_WORDS = 3
#: How many reported statements before a quote in its paragraph are read for its voice.
_RECENT_REPORTS = 12
#: Quotes shorter than this with no speaker found are scare quotes or titles, not statements.
MIN_UNATTRIBUTED_WORDS = 4
#: A sentence that introduces the speaker of the quotation after it is at most this long.
_LEAD_TOKENS = 20
#: How far (in tokens) after an attributed speaker a later mention of them is looked for.
_MENTION_REACH = 120
#: What a sentence that a quotation opens may follow: a full stop, or another quotation's close.
_SENTENCE_END = ".!?”\"'’»"
#: ``how`` of the stand-in for a quotation taken into a reported statement (never output).
_HELD = "held"
#: Dependents that say what a verb reports (its clause or object): then it is no lead.
_SAYS_WHAT = {"ccomp", "xcomp", "dobj", "obj", "advcl", "prep", "attr", "oprd"}


def _said_in_own_paragraph(item: Found) -> bool:
    """ "“A,” Lee said. “B ...": a quotation left open at the end of its paragraph continues,
    first, the speaker attributed earlier in that paragraph; it keeps that attribution."""
    source = item.inherited
    return (
        item.how == "inherited"
        and source is not None
        and source.quote is not None
        and item.quote is not None
        and source.quote.paragraph == item.quote.paragraph
    )


class DirectRules(ArticleState):
    """Rules that attribute each quotation."""

    def direct(self, indirect: list[Found]) -> list[Found]:
        result: list[Found] = []
        previous: Found | None = None
        self.reported = sorted(indirect, key=lambda f: f.start)
        self.reported_starts = [f.start for f in self.reported]
        for quote in self.quotes.quotes:
            if quote.start in self.consumed:
                previous = self._quoted_in_statement(quote) or previous
                continue
            item = self._attribute_quote(quote, previous)
            if item is None or self._scare_quote(quote, item):
                continue
            if item.via is None and item.how != "according":
                item.via = self.quote_relays.get(quote.start)
            result.append(item)
            previous = item
        self._share_within_multi_paragraph_quotes(result)
        return result

    def _quoted_in_statement(self, quote: Quote) -> Found | None:
        """ "Because of X, “she needs him,” Kunin said. “...”": a quotation taken into a
        reported statement with a speaker is the latest attributed quotation, so the next one
        continues it (as its own statement, inheriting that speaker)."""
        last = bisect.bisect_right(self.reported_starts, quote.start)
        holder = next(
            (
                f
                for f in reversed(self.reported[max(0, last - _RECENT_REPORTS) : last])
                if quote.start < f.end and f.speaker is not None
            ),
            None,
        )  # the innermost: the latest to start
        if holder is None:
            return None
        return Found(
            holder.start, holder.end, holder.kind, holder.cue, holder.speaker, _HELD, quote,
            holder.via, inherited=holder, speaker_span=holder.speaker_span,
        )  # fmt: skip

    def _opens_sentence(self, quote: Quote) -> bool:
        """The quotation starts a sentence of its own: after a sentence's end or a line break,
        with a capital ("... Kunin said. “The ...”"), not a term inside running text."""
        before = self.last_char_before(quote.open_start)
        opened = before in ("", "\n") or before in _SENTENCE_END
        return opened and self.text[quote.start : quote.start + 1].isupper()

    def _scare_quote(self, quote: Quote, item: Found) -> bool:
        """A few quoted words inside running text ("an “orderly exit” of the plan") that no
        reporting verb introduces as what was said: a term the writer borrows, not a
        statement."""
        if item.how in INTRODUCED_RULES or quote.continued or quote.continuation:
            return False
        if (item.start, item.end) != (quote.start, quote.end):
            return False  # the words around it are part of the statement
        if content_words(self.text[quote.start : quote.end]) > MAX_TERM_WORDS:
            return False
        return bool(re.match(r"\w|,", self.last_char_before(quote.open_start)))

    def _share_within_multi_paragraph_quotes(self, items: list[Found]) -> None:
        """A multi-paragraph quotation is attributed once, in any of its paragraphs (often the
        last: “... | “... ,” the coach says.): paragraphs without their own attribution take it."""
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
                if item.how not in EXPLICIT_RULES and not _said_in_own_paragraph(item):
                    item.cue, item.speaker, item.via = source.cue, source.speaker, source.via
                    item.speaker_span, item.inherited = source.speaker_span, None
                    item.how = "continuation"

    def _frame_tokens(self, quote: Quote) -> list[Token]:
        """Tokens outside quotes in the quote's sentence(s), between its neighbouring quotes."""
        before, after = self.quotes.neighbour(quote, -1), self.quotes.neighbour(quote, 1)
        lower = before.close_end if before is not None else 0
        upper = after.open_start if after is not None else len(self.text)
        start_par, end_par = self.paragraphs[quote.paragraph]
        lower, upper = max(lower, start_par), min(upper, end_par)
        first = self.doc.char_span(quote.open_start, quote.close_end, alignment_mode="expand")
        if first is None:
            return []
        opener = first[0]
        if len(first) > 1 and opener.is_quote and self.last_char_before(opener.idx) in ".!?":
            opener = first[1]  # the parser hung the opening mark on the sentence before it
        sent_start = self.sentence(opener)[0]
        sent_end = self.sentence(first[-1])[1]
        # the sentence right after the quote ("...?” the judge asked.") or right before it
        starts_sentence = self.doc[sent_start].idx >= quote.open_start
        if (
            starts_sentence
            and sent_end < len(self.doc)
            and self.doc[sent_end].idx < upper
            and (not self._ends_with_full_stop(quote) or self._bare_attribution(sent_end))
        ):
            between = self.text[quote.close_end : self.doc[sent_end].idx]
            if not between.strip(" \t.,;!?"):
                sent_end = self.sentence(self.doc[sent_end])[1]
        if sent_start > 0 and self.doc[sent_start - 1].idx >= lower:
            between = self.text[self.doc[sent_start - 1].idx + 1 : quote.open_start]
            if not between.strip() and self.doc[sent_start - 1].text in (":", ","):
                sent_start = self.sentence(self.doc[sent_start - 1])[0]
        first_token, end_token = self.tokens_of(lower, upper)
        window = self.doc[max(sent_start, first_token) : min(sent_end, end_token)]
        return [token for token in window if not self.in_quote(token)]

    def _attribute_quote(self, quote: Quote, previous: Found | None) -> Found | None:
        quoted = self.text[quote.start : quote.end]
        words_in_quote = content_words(quoted)
        if self.cited_headline(quote):
            return None  # the headline of the wire's story the paragraph cites
        # a title ("Meet the Press"), not a statement ("“Never,” he said")
        titled = (
            title_like(quoted)
            and not self._said_right_after(quote)
            and not self._said_right_before(quote)
        )
        if words_in_quote <= 3 and titled:
            return None
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
        if titled:
            return None
        explicit = self._explicit_attribution(quote) or self._verb_read_as_noun(quote)
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

    def _verb_read_as_noun(self, quote: Quote) -> Found | None:
        """ "“...,” the Danes state in the report": right after a quotation that ends like
        speech, the parser read a present-tense reporting verb as the head noun of the phrase
        before it ("Danes state"); the words before that noun are the speaker."""
        if not self.text[quote.start : quote.end].endswith((",", "?", "!")):
            return None
        first = self.tokens_of(quote.close_end, quote.close_end)[0]
        for token in self.doc[first : min(len(self.doc), first + 4)]:
            if token.is_punct or token.is_space or self.in_quote(token):
                return None
            speech = reporting_verbs().get(token.lemma_.lower()) == "speech"
            if token.pos_ == "NOUN" and token.text.islower() and speech:
                after = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
                before = self.doc[token.i - 1]
                if after is not None and not (after.is_punct or after.pos_ == "ADP"):
                    return None
                if before.i < first or before.pos_ not in ("NOUN", "PROPN", "NUM"):
                    return None
                span = (self.doc[first].idx, before.idx + len(before))
                cue = (token.idx, token.idx + len(token))
                return Found(
                    quote.start, quote.end, "direct", cue, before, "frame", quote,
                    speaker_span=span,
                )  # fmt: skip
        return None

    def _next_to(self, quote: Quote, verb: Token) -> bool:
        """The verb is written right before or after the quotation, in the same sentence
        ("“...,” the sign read", "she posted: “...”"), not elsewhere in its frame."""
        if verb.idx >= quote.close_end:
            between = self.text[quote.close_end : verb.idx]
        else:
            between = self.text[verb.idx + len(verb) : quote.open_start]
        return len(between) <= 40 and re.search(r"[.;!?]", between) is None

    def _opens_like_speech(self, quote: Quote) -> bool:
        """The quotation opens its sentence and ends like speech: a comma, "?" or "!" inside
        its marks, as in "“Never,” he said"."""
        if not self.text[quote.start : quote.end].endswith((",", "?", "!")):
            return False
        return self.last_char_before(quote.open_start) in ("", "\n", ".", "!", "?", ":", "”", '"')

    def _said_right_after(self, quote: Quote) -> bool:
        """ "“Never,” he said": the quotation opens its sentence, ends like speech (a comma,
        "?" or "!" inside its marks) and a reporting verb follows within a few words, with no
        punctuation between (not "on the show “Today,” she said")."""
        if not self._opens_like_speech(quote):
            return False
        first, end = self.tokens_of(quote.close_end, len(self.text))
        for token in self.doc[first : min(end, first + 4)]:
            if self.is_cue(token):
                return True
            if token.is_punct or "\n" in token.text_with_ws:
                return False
        return False

    def _said_right_before(self, quote: Quote) -> bool:
        """ "the crowd chanted “USA! USA!”", "she wrote: “Thank You Iowa!”": a reporting verb
        written right before the quotation (a comma or colon between at most) says the words
        are said, however title-like; not a participle naming it ("a show called “Brokers”")
        nor "told", whose object is the one told ("she told “Fox and Friends”")."""
        first, _ = self.tokens_of(quote.open_start, len(self.text))
        i = first - 1
        while i >= 0 and self.doc[i].text in (",", ":"):
            i -= 1
        if i < 0 or self.in_quote(self.doc[i]) or not self.is_cue(self.doc[i]):
            return False
        return self.doc[i].tag_ != "VBN" and self.doc[i].lemma_.lower() != "tell"

    def _framing_verb(self, quote: Quote) -> Token | None:
        """The verb a quotation hangs on when it frames it like speech, whatever the verb:
        "“...,” Bennett shot back with a laugh" (the quotation opens its sentence and ends
        like speech, its subject and verb follow at once) and "Hillary shot back, “...”" (a
        subject and verb, then a comma and the quotation)."""
        if self.last_char_before(quote.open_start) == ",":
            return self._framing_verb_before(quote)
        if not self._opens_like_speech(quote):
            return None
        if not self.text[quote.close_end : quote.close_end + 1].isspace():
            return None  # "...!”Former senator Jeb Bush broke down ...": the next sentence, glued
        first, end = self.tokens_of(quote.close_end, len(self.text))
        for token in self.doc[first : min(end, first + 6)]:
            if token.is_punct or "\n" in token.text_with_ws or self.in_quote(token):
                return None
            if token.pos_ == "VERB":
                return token if self._frames(token, quote, first) else None
        return None

    def _framing_verb_before(self, quote: Quote) -> Token | None:
        first, _ = self.tokens_of(quote.open_start, len(self.text))
        comma = first - 1
        sent_start, _ = self.sentence(self.doc[comma])
        for token in reversed(self.doc[max(sent_start, comma - 6) : comma]):
            if token.is_punct or self.in_quote(token):
                return None
            if token.pos_ == "VERB":
                return token if self._frames(token, quote, sent_start) else None
        return None

    def _frames(self, verb: Token, quote: Quote, subject_from: int) -> bool:
        """A finite verb with its subject in front of it (from ``subject_from``) whose clausal
        complement is inside the quotation (or, as the parser often has it, that is the
        complement of the quotation's verb)."""
        if verb.tag_ not in ("VBD", "VBZ", "VBP"):
            return False
        subject = child_with(verb, ("nsubj",))
        if subject is None or not subject_from <= subject.i < verb.i or self.in_quote(subject):
            return False
        clausal = ("ccomp", "parataxis")
        if verb.dep_ in clausal and quote.start <= verb.head.idx < quote.end:
            return True
        return any(c.dep_ in clausal and quote.start <= c.idx < quote.end for c in verb.children)

    def _verb_attribution(self, quote: Quote, verb: Token, how: str) -> Found | None:
        """The quotation as the words of ``verb``'s speaker, if it has one."""
        speaker, via = self.speaker_of(verb)
        if speaker is None:
            return None
        return Found(quote.start, quote.end, "direct", cue_span(verb), speaker, how, quote, via)

    def _explicit_attribution(self, quote: Quote, look_ahead: bool = False) -> Found | None:
        """The quote's own attribution: a reporting verb it hangs on or shares a sentence with,
        "according to", a dash signature, a colon introduction, a governing verb."""
        governor = self._governing_reporting_verb(quote)
        if governor is not None and governor.lemma_.lower() in relay_verbs():
            relayed = self._relayed_in_frame(quote, governor)
            if relayed is not None:
                return relayed
        found = self._verb_attribution(quote, governor, "parse") if governor else None
        if found is not None:
            return found
        frame = self._frame_tokens(quote)
        verbs = [
            t for t in frame if self.is_cue(t) and (not quote_only(t) or self._next_to(quote, t))
        ]
        if verbs:
            verbs.sort(
                key=lambda t: (
                    reporting_verbs().get(t.lemma_.lower()) == "belief",
                    min(abs(t.idx - quote.close_end), abs(quote.open_start - t.idx)),
                )
            )
            for verb in verbs:
                found = self._verb_attribution(quote, verb, "frame")
                if found is not None:
                    return found
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
        framing = self._framing_verb(quote)
        found = self._verb_attribution(quote, framing, "frame") if framing else None
        if found is not None:
            return found
        if look_ahead:
            return None
        governing = self._governing_statement(quote)
        if governing:
            return governing
        return None

    def _relayed_in_frame(self, quote: Quote, relay: Token) -> Found | None:
        """ "“...,” Ann Lee said, the Courier reports": the quotation hangs on the relay verb in
        the parse, but the speaker is the subject of the other reporting verb of its frame, and
        the relay verb's subject passes it on."""
        outlet, _ = self.speaker_of(relay)
        for verb in self._frame_tokens(quote):
            if verb.i == relay.i or not self.is_cue(verb) or verb.lemma_.lower() in relay_verbs():
                continue
            speaker, via = self.speaker_of(verb)
            if speaker is not None and (outlet is None or speaker.i != outlet.i):
                if via is None and outlet is not None:
                    via = noun_phrase_text(outlet)
                return Found(
                    quote.start, quote.end, "direct", cue_span(verb), speaker, "frame", quote, via
                )
        return None

    def _following_quote_attribution(self, quote: Quote) -> Found | None:
        """ "“A.” “B,” the mayor said.": a quote followed, with nothing but spaces between, by
        another quote of the same paragraph that has its own attribution shares it."""
        following = self.quotes.neighbour(quote, 1)
        if following is None:
            return None
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
                if head.dep_ not in ("conj", "ccomp", "advcl") or head.head.i == head.i:
                    break
                head = head.head
        return None

    def _speaker_label(self, quote: Quote) -> Found | None:
        """A transcript turn: "MORROW: Well, first of all, ..." (a capitalised name and a colon)."""
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
        organisation ("the senator compared the plan to a “leaking boat”"): what that subject
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
            if verb.head.i == verb.i:
                break
            verb = verb.head
        if subject is None or self.in_quote(verb):
            return None
        rights = [c for c in verb.rights if not c.is_punct and c.dep_ not in ("cc", "conj")]
        joined = [
            c for c in verb.rights if c.dep_ == "conj" and c.left_edge.idx <= quote.open_start
        ]
        if joined and joined[-1].right_edge.idx >= quote.close_end - 1:
            rights.append(joined[-1])  # "X accused Y of A and “B”": B is a conjunct
        if not rights:
            return None
        clause = trim_span(self.doc, rights[0].left_edge.i, rights[-1].right_edge.i)
        if clause is None or not (clause[0] <= quote.open_start < clause[1]):
            return None
        par_start, par_end = self.paragraphs[quote.paragraph]
        start, end = max(clause[0], par_start), min(max(clause[1], quote.close_end), par_end)
        end = max(self.clip(start, end), quote.close_end)
        outside = self.text[start : quote.open_start] + self.text[quote.close_end : end]
        kind = "mixed" if content_words(outside) > 1 else "direct"
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
        name that closes the paragraph (or is followed only by a comma and a role); the
        signature may stand alone on the next line when the quotation fills its paragraph."""
        if not self._only_quotes_before(quote):
            return None
        par_end = self.paragraphs[quote.paragraph][1]
        match = _DASH_RE.match(self.text, quote.close_end, par_end)
        following = quote.paragraph + 1
        if match is None and following < len(self.paragraphs):
            if re.search(r"\w", self.text[quote.close_end : par_end]):
                return None
            par_start, par_end = self.paragraphs[following]
            match = _DASH_RE.match(self.text, par_start, par_end)
        if match is None:
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

    def _only_quotes_before(self, quote: Quote) -> bool:
        """No word outside quotations before ``quote`` in its paragraph."""
        par_start = self.paragraphs[quote.paragraph][0]
        end, current = quote.open_start, quote
        while True:
            earlier = self.quotes.neighbour(current, -1)
            start = max(par_start, earlier.close_end) if earlier is not None else par_start
            if re.search(r"\w", self.text[start:end]):
                return False
            if earlier is None or earlier.close_end <= par_start:
                return True
            end, current = earlier.open_start, earlier

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

    def _speech_noun_before(self, comma: int) -> bool:
        """ "Lee issued a statement, “...”": the word before the comma at ``comma`` is a speech
        noun, so the comma introduces the quotation as a colon would."""
        before = self.doc.char_span(comma - 1, comma, alignment_mode="expand")
        return (
            before is not None
            and len(before) == 1
            and before[0].lemma_.lower() in speech_nouns()
            and not self.in_quote(before[0])
        )

    def _colon_intro(self, quote: Quote) -> Found | None:
        par_start, _ = self.paragraphs[quote.paragraph]
        mark = self.last_char_before(quote.open_start)
        if mark in (":", ",") and not self.opens_paragraph(quote):
            colon = self.text.rindex(mark, par_start, quote.open_start)
            if mark == "," and not self._speech_noun_before(colon):
                return None
            span = self.doc.char_span(par_start, colon, alignment_mode="expand")
            if span is not None and len(span):
                sent_first = max(self.sentence(span[-1])[0], span[-1].i - REACH)
                speaker, verb = self._intro_speaker(max(sent_first, span[0].i), span[-1].i)
                if speaker is not None:
                    cue = cue_span(verb) if verb is not None else (colon, colon + 1)
                    return Found(quote.start, quote.end, "direct", cue, speaker, "colon", quote)
            return None
        if not self.opens_paragraph(quote) or quote.paragraph == 0:
            return None
        prev_start, prev_end = self.paragraphs[quote.paragraph - 1]
        if not self.text[prev_start:prev_end].endswith(":"):
            return None
        span = self.doc.char_span(prev_start, prev_end - 1, alignment_mode="expand")
        if span is None or not len(span):
            return None
        sent_first = max(self.sentence(span[-1])[0], span[-1].i - REACH)
        speaker, verb = self._intro_speaker(max(sent_first, span[0].i), span[-1].i)
        if speaker is None:
            return None
        cue = cue_span(verb) if verb is not None else (prev_end - 1, prev_end)
        return Found(quote.start, quote.end, "direct", cue, speaker, "colon-line", quote)

    def _ends_with_full_stop(self, quote: Quote) -> bool:
        """The quotation ends its own sentence (“... the bully.”), so the sentence after it is
        a new one ("South Carolina, he said, was ..."), not its attribution as after “...?”."""
        inner = self.text[quote.start : quote.end].rstrip()
        return inner.endswith(".") and not inner.endswith("..")

    def _bare_attribution(self, first: int) -> bool:
        """The sentence starting at token ``first`` only attributes ("Trump said."): a short
        sentence, no quotation, whose root is a reporting verb."""
        end = self.sentence(self.doc[first])[1]
        sentence = self.doc[first:end]
        return (
            len(sentence) <= 8
            and self.is_cue(sentence.root)
            and not any(self.in_quote(t) or t.is_quote for t in sentence)
        )

    def _may_inherit(self, quote: Quote, previous: Found) -> bool:
        """A quote with no attribution of its own continues the latest attributed quote when it
        is in the same paragraph, or opens the paragraph right after it."""
        if previous.quote is None or (previous.speaker is None and previous.inherited is None):
            return False
        if not quote.closed and not (quote.continuation or quote.continued):
            return False  # an unbalanced mark (a block quote of a text, a stray mark)
        if previous.how == _HELD and not self._opens_sentence(quote):
            return False  # a term quoted after words taken into a statement: not its sequel
        if previous.quote.paragraph == quote.paragraph:
            return True
        return self.opens_paragraph(quote) and quote.paragraph - previous.quote.paragraph == 1

    def _inherit(self, quote: Quote, previous: Found, how: str) -> Found:
        source = previous.inherited or previous
        item = Found(
            quote.start, quote.end, "direct", source.cue, source.speaker, how, quote, source.via,
            inherited=source, speaker_span=source.speaker_span,
        )  # fmt: skip
        latest = self._latest_mention(source.speaker, quote) if how == "inherited" else None
        if latest is not None:
            item.speaker, item.speaker_span = latest, None
        return item

    def _latest_mention(self, speaker: Token | None, quote: Quote) -> Token | None:
        """ "“...,” says Ana Pell, 32, of Tern. Pell backs the mayor. “...”": the named speaker
        a quotation inherits was named again, as a subject, between the attribution and the
        quotation; the evidence points at that latest mention."""
        if speaker is None or self.in_quote(speaker):
            return None
        if speaker.pos_ != "PROPN":
            return None
        end = self.tokens_of(quote.open_start, quote.open_start)[0]
        latest = None
        for token in self.doc[speaker.right_edge.i + 1 : min(end, speaker.i + _MENTION_REACH)]:
            if (
                token.dep_ in ("nsubj", "nsubjpass")
                and same_person_named(speaker, token)
                and not self.in_quote(token)
            ):
                latest = token
        return latest

    def _lead_sentence(self, quote: Quote) -> Found | None:
        """ "Smith agreed. “We are out of time.”": the quotation opens a sentence right after
        a short one in its paragraph whose verb reports without saying what (no clause or
        object of its own) and whose subject is named: that sentence introduces the speaker."""
        first = self.doc.char_span(quote.open_start, quote.close_end, alignment_mode="expand")
        if first is None or self.sentence(first[0])[0] != first[0].i or first[0].i == 0:
            return None
        lead_start, lead_end = self.sentence(self.doc[first[0].i - 1])
        lead = self.doc[lead_start:lead_end]
        paragraph_start = self.paragraphs[quote.paragraph][0]
        if lead_end - lead_start > _LEAD_TOKENS or lead[0].idx < paragraph_start:
            return None
        if any(self.in_quote(t) for t in lead):
            return None
        verb = lead.root
        if any(c.dep_ in _SAYS_WHAT for c in verb.children):
            return None
        return self._named_lead(quote, verb)

    def _named_lead(self, quote: Quote, verb: Token) -> Found | None:
        """The quotation attributed to the named subject of a lead verb or reporting verb."""
        if not (verb.lemma_.lower() in lead_verbs() or is_reporting_verb(verb)):
            return None
        speaker, _ = subject_of(verb)
        if speaker is None or not (speaker.pos_ == "PROPN" or speaker.ent_type_):
            return None
        return Found(quote.start, quote.end, "direct", cue_span(verb), speaker, "lead", quote)

    def _paragraph_report(self, quote: Quote) -> Found | None:
        """A quoted fragment later in a paragraph that reports one source's account ("X
        confirms that ... The plan was foiled ..., which is “dangerous and expensive.”")."""
        par_start, _ = self.paragraphs[quote.paragraph]
        first = bisect.bisect_left(self.reported_starts, par_start)
        last = bisect.bisect_left(self.reported_starts, quote.open_start)
        earlier = [
            f
            for f in self.reported[max(first, last - _RECENT_REPORTS) : last]
            if f.end <= quote.open_start and f.speaker is not None
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
        """A quote paragraph after a lead that names who speaks ("expert X spoke about ..."),
        or a quotation right after a short sentence that does ("X agreed. “...”")."""
        if not self.opens_paragraph(quote):
            return self._lead_sentence(quote)
        if quote.paragraph == 0:
            return None
        prev_start, prev_end = self.paragraphs[quote.paragraph - 1]
        span = self.doc.char_span(prev_start, prev_end, alignment_mode="expand")
        if span is None:
            return None
        for token in reversed(list(span)):
            if self.in_quote(token):
                return None
            found = self._named_lead(quote, token)
            if found is not None:
                return found
        return None
