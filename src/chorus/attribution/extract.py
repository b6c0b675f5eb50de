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
from functools import lru_cache

from spacy.tokens import Doc, Token

from chorus.attribution.quotes import Quote, find_quotes, paragraphs
from chorus.attribution.speakers import Resolution, SpeakerResolver
from chorus.lexicons import table, words
from chorus.records import Article, EntityMention, Statement, stable_id

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_NP_LEFT_DEPS = {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "case", "punct"}
_NP_RIGHT_DEPS = {"compound", "flat", "case"}
_DASHES = "-–—"
#: Quotes shorter than this with no speaker found are scare quotes or titles, not statements.
MIN_UNATTRIBUTED_WORDS = 4


@lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, str]:
    """Reporting verb lemma -> strength (speech | belief)."""
    return {row[0]: row[1] if len(row) > 1 else "speech" for row in table("reporting_verbs.txt")}


@lru_cache(maxsize=1)
def lead_verbs() -> frozenset[str]:
    return frozenset(words("attribution_lead_verbs.txt"))


@lru_cache(maxsize=1)
def relay_nouns() -> frozenset[str]:
    return frozenset(words("attribution_relay_nouns.txt"))


@lru_cache(maxsize=1)
def particle_verbs() -> frozenset[tuple[str, str]]:
    pairs = set()
    for row in table("reporting_phrases.txt"):
        parts = row[0].split()
        if len(row) > 1 and row[1] == "verb" and len(parts) == 2:
            pairs.add((parts[0], parts[1]))
    return frozenset(pairs)


@dataclass
class Found:
    """A statement before speaker resolution, in clean offsets."""

    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None
    speaker: Token | None  # head token of the speaker mention
    how: str  # which rule found the attribution
    quote: Quote | None = None
    via: str | None = None
    inherited: Found | None = None
    speaker_span: tuple[int, int] | None = None
    resolution: Resolution | None = None


def is_reporting_verb(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBD", "VBZ", "VBP", "VBG"):
        return False
    if token.lemma_.lower() in reporting_verbs():
        return True
    return any(
        (token.lemma_.lower(), child.lower_) in particle_verbs()
        for child in token.children
        if child.dep_ == "prt"
    )


def cue_span(token: Token) -> tuple[int, int]:
    """The cue: the verb with its auxiliaries, negation and particle ("has not said", "pointed out")."""
    parts = [token] + [
        c for c in token.children if c.dep_ in ("aux", "auxpass", "neg", "prt") and abs(c.i - token.i) <= 3
    ]
    start = min(p.idx for p in parts)
    end = max(p.idx + len(p) for p in parts)
    return start, end


def subject_of(token: Token) -> tuple[Token | None, str | None]:
    """The speaker head for a reporting verb, and a relay when the verb is relayed.

    "BelTA quoted Eismant as saying" -> (Eismant, "BelTA"); "he was quoted by BelTA as saying"
    -> (he, "BelTA"); "..., adding that" -> the subject of the verb it hangs on.
    """
    current = token
    for _ in range(3):
        subject = next((c for c in current.children if c.dep_ in ("nsubj", "csubj")), None)
        if current.lemma_.lower() == "quote" and current is not token:
            obj = next((c for c in current.children if c.dep_ == "dobj"), None)
            passive = next((c for c in current.children if c.dep_ == "nsubjpass"), None)
            agent = next((c for c in current.children if c.dep_ == "agent"), None)
            agent_obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            if obj is not None and subject is not None:
                return obj, noun_phrase_text(subject)
            if passive is not None:
                return passive, noun_phrase_text(agent_obj) if agent_obj is not None else None
        if subject is not None:
            if subject.tag_ == "WP" or subject.lower_ in ("that", "which", "who"):
                head = current.head if current.dep_ == "relcl" else None
                return head, None
            return subject, None
        if current.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl") and current.head is not current:
            current = current.head
            continue
        if current.dep_ == "relcl":
            return current.head, None
        break
    return None, None


def noun_phrase(token: Token) -> tuple[int, int]:
    """Clean char span of the noun phrase headed by ``token`` (without clauses after it)."""
    first = token
    for child in token.lefts:
        if child.dep_ in _NP_LEFT_DEPS and child.i < first.i:
            first = child.left_edge if child.left_edge.i < first.i else child
    while first.i < token.i and (first.is_punct or first.dep_ == "case"):
        first = token.doc[first.i + 1]
    last = token
    for child in token.rights:
        if child.dep_ in _NP_RIGHT_DEPS and child.i == last.i + 1:
            last = child
    return first.idx, last.idx + len(last)


def noun_phrase_text(token: Token) -> str:
    start, end = noun_phrase(token)
    return token.doc.text[start:end]


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


def _trim(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Char span of tokens first..last without edge punctuation (quote marks are kept)."""
    while first <= last and doc[first].is_punct and not doc[first].is_quote:
        first += 1
    while last >= first and (doc[last].is_punct and not doc[last].is_quote or doc[last].is_space):
        last -= 1
    while last >= first and doc[last].is_quote and doc[last].idx > 0:
        # a quote mark at the very end belongs to the content only when the content has its pair
        inner = doc[first : last + 1].text
        if inner.count(doc[last].text) >= 2 or doc[last].text in ("”", "»"):
            break
        last -= 1
    if first > last:
        return None
    return doc[first].idx, doc[last].idx + len(doc[last])


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

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.paragraph_starts, pos) - 1)

    def in_quote(self, token: Token) -> bool:
        return self.quotes.at(token.idx) is not None

    # ---------------------------------------------------------------- indirect speech

    def indirect(self) -> list[Found]:
        found = []
        for token in self.doc:
            if token.lower_ == "according" and not self.in_quote(token):
                item = self._according(token)
                if item:
                    found.append(item)
                continue
            if not is_reporting_verb(token) or self.in_quote(token):
                continue
            item = self._reported_clause(token)
            if item:
                found.append(item)
        return found

    def _reported_clause(self, verb: Token) -> Found | None:
        complement = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if complement is None:
            return self._colon_clause(verb)
        if self.in_quote(complement):
            quote = self.quotes.at(complement.idx)
            if quote is not None and quote.start not in self.quote_cues:
                self.quote_cues[quote.start] = (verb, "cue")
            return None
        span = _trim(self.doc, complement.left_edge.i, complement.right_edge.i)
        if span is None or span[0] <= verb.idx < span[1]:
            return None
        return self._clause_statement(verb, span, "clause")

    def _clause_statement(self, verb: Token, span: tuple[int, int], how: str) -> Found | None:
        start, end = span
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
                if quote.open_start >= start and quote.close_end <= end + 1:
                    self.consumed.add(quote.start)
        strength = reporting_verbs().get(verb.lemma_.lower(), "speech")
        speaker, via = subject_of(verb)
        if speaker is None:
            return None
        if strength == "belief" and speaker.lower_ in ("i", "we", "you"):
            return None
        return Found(start, end, kind, cue_span(verb), speaker, how, via=via)

    def _colon_clause(self, verb: Token) -> Found | None:
        """ "X said in a post on Telegram: ..." with no parsed complement."""
        sent = verb.sent
        for token in self.doc[verb.i + 1 : min(sent.end, verb.i + 12)]:
            if self.in_quote(token):
                return None
            if token.text == ":":
                after = token.i + 1
                if after >= len(self.doc) or self.paragraph_of(self.doc[after].idx) != self.paragraph_of(token.idx):
                    return None  # the quote follows on the next line: handled with quotes
                quote = self.quotes.at(self.doc[after].idx)
                if quote is not None:
                    self.quote_cues.setdefault(quote.start, (verb, "colon"))
                    return None
                end_token = sent.end - 1
                span = _trim(self.doc, after, end_token)
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
        sent = token.sent
        phrase_first, phrase_last = token.i, max(token.i, source.right_edge.i)
        before = _trim(self.doc, sent.start, phrase_first - 1) if phrase_first > sent.start else None
        after = (
            _trim(self.doc, phrase_last + 1, sent.end - 1) if phrase_last + 1 < sent.end else None
        )
        spans = [s for s in (before, after) if s is not None]
        if not spans:
            return None
        span = max(spans, key=lambda s: s[1] - s[0])
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
        for quote in self.quotes.quotes:
            if quote.start in self.consumed:
                continue
            item = self._attribute_quote(quote, previous)
            if item is None:
                continue
            result.append(item)
            previous = item
        return result

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
            speaker, via = subject_of(verb)
            if speaker is not None:
                return Found(
                    quote.start, quote.end, "direct", cue_span(verb), speaker, how, quote, via
                )
        if quote.continuation and previous is not None and previous.quote is not None:
            return self._inherit(quote, previous, "continuation")
        frame = self._frame_tokens(quote)
        verbs = [t for t in frame if is_reporting_verb(t)]
        if verbs:
            verbs.sort(key=lambda t: min(abs(t.idx - quote.close_end), abs(quote.open_start - t.idx)))
            for verb in verbs:
                speaker, via = subject_of(verb)
                if speaker is not None and not self.in_quote(speaker):
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
        if previous is not None and self._may_inherit(quote, previous):
            return self._inherit(quote, previous, "inherited")
        lead = self._lead_speaker(quote)
        if lead is not None:
            return lead
        if words_in_quote < MIN_UNATTRIBUTED_WORDS:
            return None
        return Found(quote.start, quote.end, "direct", None, None, "none", quote)

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
        """ "“...” -Commissioner Jane Roe": a dash and a name right after the closing mark."""
        _, par_end = self.paragraphs[quote.paragraph]
        match = re.compile(r"[ \t]*[-–—]{1,2}[ \t]*(?=[A-Z])").match(self.text, quote.close_end, par_end)
        if not match:
            return None
        span = self.doc.char_span(match.end(), par_end, alignment_mode="expand")
        if span is None:
            return None
        tokens = []
        for token in span:
            if token.is_punct and token.text not in (".",):
                break
            tokens.append(token)
        names = [t for t in tokens if t.pos_ == "PROPN" or t.ent_type_]
        if not names or len(tokens) > 8:
            return None
        head = names[-1]
        item = Found(quote.start, quote.end, "direct", None, head, "dash", quote)
        item.speaker_span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
        return item

    def _intro_speaker(self, first: int, last: int) -> tuple[Token | None, Token | None]:
        """Speaker (and cue verb) of an introduction clause ending with a colon."""
        tokens = [t for t in self.doc[first : last + 1] if not self.in_quote(t)]
        for token in reversed(tokens):
            if is_reporting_verb(token) or token.lemma_.lower() in lead_verbs():
                speaker, _ = subject_of(token)
                if speaker is not None:
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
        if is_reporting_verb(token) and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
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


def find_statements(doc: Doc, article: Article, entities: list[EntityMention]) -> list[Statement]:
    """All statements of a parsed article, with original offsets (see the module docstring)."""
    extractor = Extractor(doc)
    indirect = extractor.indirect()
    direct = extractor.direct(indirect)
    items = sorted(indirect + direct, key=lambda f: (f.start, f.end))
    resolver = SpeakerResolver(doc, article, entities)
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
    for item in items:
        if item.via is None:
            item.via = _relay_of_sentence(doc, item.cue)
    return [_to_statement(item, article) for item in items]


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
        statement.speaker_mention = article.original[statement.speaker_start : statement.speaker_end]
    if item.resolution is not None:
        statement.speaker = item.resolution.name
        statement.speaker_local_id = item.resolution.local_id
    statement.via = item.via
    statement.confidence = _confidence(item)
    return statement
