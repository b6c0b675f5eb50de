"""Relays: who passes a statement on ("as the agency reports", "according to the paper",
"the agency quoted her as saying"). Found once per article, looked up per statement.
"""

from __future__ import annotations

import bisect
from functools import cached_property

from spacy.tokens import Token

from chorus.attribution.state import ArticleState
from chorus.syntax import child_with, noun_phrase_text


def is_as_report(verb: Token) -> bool:
    """ "..., as the paper reports": a reporting verb introduced by "as"."""
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


class RelayRules(ArticleState):
    """Relays of statements, from constructions that name who passes them on."""

    @cached_property
    def as_report_verbs(self) -> list[int]:
        """Indices of the "as X reports" verbs."""
        return [i for i in self.cue_tokens if is_as_report(self.doc[i])]

    def relay_of_sentence(self, cue: tuple[int, int] | None) -> str | None:
        """ "as Politico reports" in the cue's sentence: the outlet relaying the statement."""
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
                return noun_phrase_text(subject)
        return None
