"""Named people, organisations and outlets within one article, clustered.

spaCy's NER is the starting point, but it errs on news text (places tagged PERSON, people tagged
ORG or WORK_OF_ART, titles and possessives inside spans, spans running over a line break), so
every span is re-examined (``chorus.people.kinds``): split at line breaks, trimmed, re-typed
from cue words, the syntax around it and every use of its words in the article, then clustered
by surname key. Names in the dateline the clean stage marked are the wire's, not the story's;
people the removed bylines and picture credits name are added (``chorus.people.credits``).
Roles come from pre-modifiers ("Belarusian President ...") and appositives/relative clauses;
definite descriptions ("the Belarusian leader") join the entity whose role has the same class
and nationality.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from chorus.people import likeness, names
from chorus.people.credits import credit_entities
from chorus.people.kinds import (
    PLACE_LABELS,
    ArticleContext,
    alone_name_keys,
    candidate_spans,
    classify,
    full_name_surnames,
    lone_persons,
    speech_lemmas,
)
from chorus.records import Article, EntityMention, stable_id

_DESCRIPTION_DETERMINERS = {"the"}
#: Adjectives that point a description at another holder of the role than the one named.
_OTHER_HOLDER = {"new", "next", "future", "incoming", "outgoing", "previous", "another", "last"}
_MAX_ROLE_TOKENS = 15
#: Left dependents that belong to a noun phrase (not a fronted clause before it).
_NOUN_PHRASE_DEPS = {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "advmod"}


@dataclass
class _Mention:
    """One surface occurrence before clustering (token indices into the doc)."""

    start: int  # first token of the whole mention (pre-modifiers included)
    name_start: int  # first token of the name proper
    end: int  # token after the name
    kind: str
    tokens: list[str]  # name tokens, titles and possessive removed
    roles: list[str] = field(default_factory=list)


@dataclass
class _Cluster:
    kind: str
    mentions: list[_Mention] = field(default_factory=list)
    extra_spans: list[tuple[int, int]] = field(default_factory=list)  # description tokens
    roles: list[str] = field(default_factory=list)

    @property
    def full_tokens(self) -> list[str]:
        """Fullest name form: most tokens, then most frequent."""
        counts = Counter(tuple(m.tokens) for m in self.mentions)
        best = max(counts, key=lambda toks: (len(toks), counts[toks]))
        return list(best)

    @property
    def surname(self) -> str:
        return self.full_tokens[-1]


def _premodifier_start(doc: Doc, name_start: int, taken: set[int]) -> int:
    """First token of the pre-modifiers that attach into the name ("foreign affairs expert")."""
    left = name_start
    while left > 0:
        token = doc[left - 1]
        if token.i in taken or token.is_space or token.pos_ in {"DET", "ADP"}:
            break
        possessive = token.tag_ == "POS"  # "Belarus' Lukashenko"
        abbreviation = (
            token.text == "."
            and left >= 2
            and (doc[left - 2].lower_ + ".",) in names.titles()  # "Lt . Gen."
        )
        if token.is_punct and not (possessive or abbreviation):
            break
        if abbreviation:
            left -= 1
            continue
        if (
            token.pos_ not in {"NOUN", "PROPN", "ADJ"}
            and token.ent_type_ not in PLACE_LABELS
            and not possessive
        ):
            break
        if not possessive and not (left <= token.head.i < name_start + 8):
            break
        left -= 1
    while left < name_start and (doc[left].tag_ == "POS" or doc[left].is_punct):
        left += 1  # a possessive whose owner is another name ("The Times' X")
    return left


def _premodifier_role(doc: Doc, start: int, name_start: int) -> str | None:
    """The pre-modifier phrase as a role, when it holds a role noun or title."""
    if start >= name_start:
        return None
    lowered = [t.lower_ for t in doc[start:name_start] if not t.is_punct]
    lowered = [w + "." if (w + ".",) in names.titles() else w for w in lowered]  # "Lt ."
    known = names.role_nouns()
    titles = names.titles()
    if any(w in known for w in lowered):
        return doc[start:name_start].text
    offices = [w for w in lowered if titles.get((w,), "honorific") != "honorific"]
    if offices and not any(w.endswith(".") for w in offices) and len(offices) == len(lowered):
        return doc[start:name_start].text  # "President" (not "Lt. Gen.", not "Mr")
    if offices and len(offices) < len(lowered):
        return doc[start:name_start].text  # "Belarusian President"
    return None


_NESTED_CLAUSE = {"which", "who", "whose", "where", "that"}


def _clause_text(doc: Doc, tokens: list[Token]) -> str | None:
    """The role an appositive or a "who is ..." clause gives, without its article, a nested
    clause (", which ...") or closing punctuation; None for a clause that tells what the
    person did ("who told the committee ...")."""
    if not tokens:
        return None
    first, last = tokens[0].i, tokens[-1].i + 1
    while first < last and doc[first].is_punct:
        first += 1
    if first < last and doc[first].lower_ == "who":
        if first + 1 >= last or doc[first + 1].lemma_ != "be":
            return None
        first += 2
    while first < last and doc[first].lower_ in {"a", "an", "now", "also", "currently"}:
        first += 1
    for k in range(first, last - 1):
        if doc[k].text == "," and doc[k + 1].lower_ in _NESTED_CLAUSE:
            last = k
            break
    while last > first and doc[last - 1].is_punct:
        last -= 1
    if last <= first or last - first > _MAX_ROLE_TOKENS:
        return None
    if doc[first:last].root.pos_ not in {"NOUN", "PROPN"}:
        return None  # a clause the parser hung on the name ("testifies before Congress")
    return doc[first:last].text


def _appositive_roles(
    doc: Doc, start: int, end: int, full_name: bool = True, limit: int | None = None
) -> tuple[list[str], tuple[int, int] | None]:
    """Roles from ", a former deputy foreign minister ..." / ", who ..." after the name, and
    from a role noun the name stands in apposition to ("The president of Belarus, X,").

    A relative clause counts only after a full name (an introduction, not a later aside).
    Also returns the token range of a preceding description the name is appositive to, which
    becomes a mention of the entity.
    """
    roles: list[str] = []
    head = doc[start:end].root
    parts = [
        child
        for child in head.children
        if child.i >= end
        and (
            child.dep_ == "appos"
            or (full_name and child.dep_ == "relcl" and doc[child.left_edge.i].lower_ == "who")
        )
    ]
    if parts and end < len(doc) and doc[end].text == ",":
        first = min(p.left_edge.i for p in parts)
        last = max(p.right_edge.i for p in parts)
        if first == end + 1:
            text = _clause_text(doc, list(doc[first : last + 1]))
            if text:
                roles.append(text)
    described = None
    governor = head.head
    if (  # "the president of Belarus, X": spaCy hangs X on "Belarus"
        governor.dep_ == "pobj"
        and governor.head.lower_ == "of"
        and governor.head.head.lemma_.lower() in names.role_nouns()
    ):
        governor = governor.head.head
    if (
        head.dep_ == "appos"
        and governor.i < start
        and governor.lemma_.lower() in names.role_nouns()
        and governor.pos_ == "NOUN"
    ):
        cut = start if limit is None else min(start, limit)
        lefts = [c.left_edge.i for c in governor.lefts if c.dep_ in _NOUN_PHRASE_DEPS]
        first = min([governor.i, *lefts])
        last = max([t.i for t in governor.subtree if t.i < cut], default=governor.i) + 1
        while last > first and doc[last - 1].is_punct:
            last -= 1
        if 0 < last - first <= _MAX_ROLE_TOKENS:
            roles.append(doc[first:last].text)
            described = (first, last)
    return roles, described


@dataclass
class _Description:
    """A definite description ("the Belarusian leader") or a bare role noun as speaker."""

    start: int
    end: int
    nationalities: set[str]
    classes: set[str]
    noun: str


def _descriptions(doc: Doc, taken: set[int]) -> list[_Description]:
    """ "the <Nationality> <role>", "the <role> of <Place>", and a bare role noun that speaks
    ("claims expert", "the analyst said")."""
    found = []
    known = names.role_nouns()
    for token in doc:
        lemma = token.lemma_.lower()
        if token.i in taken or token.pos_ != "NOUN" or lemma not in known:
            continue
        if token.tag_ in {"NNS", "NNPS"} or any(t.i in taken for t in token.subtree):
            continue
        left = list(token.lefts)
        if any(t.lower_ in _OTHER_HOLDER for t in left):
            continue  # "the new prime minister": whoever holds it next, not the one named
        speaks = token.dep_ in {"nsubj", "nsubjpass"} and token.head.lemma_ in speech_lemmas()
        definite = bool(left) and left[0].lower_ in _DESCRIPTION_DETERMINERS
        if not definite and not (speaks and not left):
            continue
        nationalities = {names.nationality_key(t.text) for t in left if t.ent_type_ in PLACE_LABELS}
        end = token.i + 1
        for child in token.rights:
            if child.lower_ == "of" and child.i == token.i + 1:
                objects = [t for t in child.children if t.dep_ == "pobj"]
                if objects and objects[0].ent_type_ in PLACE_LABELS:
                    nationalities.add(names.nationality_key(objects[0].text))
                    end = objects[0].i + 1
        start = left[0].i if left else token.i
        found.append(_Description(start, end, nationalities, {known[lemma]}, lemma))
    return found


def _local_name(cluster: _Cluster) -> str:
    if cluster.kind == "person":
        return " ".join(cluster.full_tokens)
    counts = Counter(" ".join(names.org_core(m.tokens)) for m in cluster.mentions)
    return max(counts, key=lambda n: (len(n.split()), counts[n], n))


def _cluster_people(mentions: list[_Mention]) -> list[_Cluster]:
    """Full names first (surname key + compatible given name), then bare surnames."""
    clusters: list[_Cluster] = []
    singles: list[_Mention] = []
    for mention in mentions:
        if len(mention.tokens) == 1:
            singles.append(mention)
            continue
        target = None
        for cluster in clusters:
            full = cluster.full_tokens
            if names.surname_match(full[-1], mention.tokens[-1]) == "same" and (
                len(full) == 1 or names.given_names_compatible(full[0], mention.tokens[0])
            ):
                target = cluster
                break
        if target is None:
            target = _Cluster(kind="person")
            clusters.append(target)
        target.mentions.append(mention)
    leftovers: list[_Mention] = []
    for mention in singles:
        word = mention.tokens[0]
        exact = [c for c in clusters if names.surname_match(c.surname, word) == "same"]
        if not exact:
            exact = [
                c
                for c in clusters
                if len(c.full_tokens) > 1
                and names.translit_key(c.full_tokens[0]) == names.translit_key(word)
            ]
            exact = [] if len(exact) != 1 else exact
        if exact:
            _nearest(exact, mention).mentions.append(mention)
        else:
            leftovers.append(mention)
    # bare names: group equal keys, then one-letter typos of an established name (same article)
    for mention in leftovers:
        word = mention.tokens[0]
        same = [c for c in clusters if names.surname_match(c.surname, word) == "same"]
        if same:
            _nearest(same, mention).mentions.append(mention)
            continue
        cluster = _Cluster(kind="person", mentions=[mention])
        clusters.append(cluster)
    return _merge_typos(clusters)


def _merge_typos(clusters: list[_Cluster]) -> list[_Cluster]:
    """Fold a rarer one-letter variant of a surname into the established spelling.

    Within one article a misspelling (Lavaleuski for Kavaleuski) is the likely explanation;
    it is only done when the rarer form has no given name of its own that disagrees.
    """
    ordered = sorted(clusters, key=lambda c: (-len(c.mentions), -len(c.full_tokens)))
    kept: list[_Cluster] = []
    for cluster in ordered:
        target = None
        for other in kept:
            if names.surname_match(other.surname, cluster.surname) != "typo":
                continue
            mine, theirs = cluster.full_tokens, other.full_tokens
            if (
                len(mine) > 1
                and len(theirs) > 1
                and not names.given_names_compatible(mine[0], theirs[0])
            ):
                continue
            target = other
            break
        if target is None:
            kept.append(cluster)
        else:
            target.mentions.extend(cluster.mentions)
    return kept


def _nearest(clusters: list[_Cluster], mention: _Mention) -> _Cluster:
    """The cluster whose latest mention before this one is closest (else the first)."""

    def distance(cluster: _Cluster) -> int:
        before = [m.start for m in cluster.mentions if m.start <= mention.start]
        return mention.start - max(before) if before else 10**9

    return min(clusters, key=distance)


def _org_key(tokens: list[str]) -> str:
    return " ".join(t.lower() for t in names.org_core(tokens))


def _cluster_orgs(mentions: list[_Mention]) -> list[_Cluster]:
    """Organisations/outlets by case-folded core name; a one-word form joins a longer name
    ending in it ("Times" -> "The New York Times")."""
    by_key: dict[tuple[str, str], _Cluster] = {}
    for mention in sorted(mentions, key=lambda m: -len(m.tokens)):
        key = _org_key(mention.tokens)
        cluster = by_key.get((mention.kind, key))
        if cluster is None and len(key.split()) == 1:
            for (kind, other_key), other in by_key.items():
                if kind == mention.kind and other_key.split()[-1] == key:
                    cluster = other
                    break
        if cluster is None:
            cluster = _Cluster(kind=mention.kind)
            by_key[(mention.kind, key)] = cluster
        cluster.mentions.append(mention)
    return list(by_key.values())


def extract_entities(doc: Doc, article: Article) -> list[EntityMention]:
    """People, organisations and outlets of one article, each with every mention and role."""
    seen = likeness.article_words(doc, speech_lemmas())
    context = ArticleContext(
        place_texts={e.text for e in doc.ents if e.label_ in PLACE_LABELS},
        person_surnames=full_name_surnames(doc, seen),
        seen=seen,
        lone_persons=lone_persons(doc, seen),
        alone_names=alone_name_keys(doc, seen),
    )
    furniture = _furniture_tokens(doc, article)
    candidates = candidate_spans(doc, context.alone_names)
    taken: set[int] = set()
    mentions: list[_Mention] = []
    for start, end, label in candidates:
        if any(i in furniture for i in range(start, end)):
            continue  # a name in the dateline is the wire's, not the story's
        kind = classify(doc, start, end, label, context)
        if kind is None:
            continue
        raw_tokens = names.name_tokens(doc[start:end].text)
        title, tokens = names.split_title(raw_tokens) if kind == "person" else ([], raw_tokens)
        if not tokens:
            continue
        name_start = start + len(title)
        mention = _Mention(start, name_start, end, kind, tokens)
        if kind == "person":
            taken_here = set(taken)
            pre = _premodifier_start(doc, start, taken_here)
            role = _premodifier_role(doc, pre, name_start)
            if role:
                mention.roles.append(role)
                mention.start = pre
            elif pre < start and any(
                doc[k].ent_type_ in PLACE_LABELS
                or (doc[k].lower_,) in names.titles()
                or doc[k].tag_ == "POS"
                for k in range(pre, start)
            ):
                mention.start = pre  # "Belarus' Lukashenko", "Mr Kavaleuski"
            roles, _described = _appositive_roles(
                doc, start, end, len(tokens) > 1, limit=mention.start
            )
            mention.roles.extend(roles)
        taken.update(range(mention.start, end))
        mentions.append(mention)

    _strip_leading_titles(mentions, seen.common_words)
    clusters = _cluster_people([m for m in mentions if m.kind == "person"])
    clusters += _cluster_orgs([m for m in mentions if m.kind != "person"])
    for cluster in clusters:
        for mention in cluster.mentions:
            for role in mention.roles:
                if role not in cluster.roles:
                    cluster.roles.append(role)

    _attach_appositive_descriptions(doc, clusters, taken)
    description_entities = _attach_descriptions(doc, article, clusters, taken)
    records = [_to_record(doc, article, c) for c in clusters] + description_entities
    return records + credit_entities(article, records)


def _furniture_tokens(doc: Doc, article: Article) -> set[int]:
    """Tokens of the page furniture the clean stage left in the body (the dateline)."""
    if article.dateline_start is None or article.dateline_end is None:
        return set()
    span = _to_clean(article, article.dateline_start, article.dateline_end)
    if span is None:
        return set()
    return {t.i for t in doc if span[0] <= t.idx < span[1]}


def _to_clean(article: Article, start: int, end: int) -> tuple[int, int] | None:
    """Original offsets to cleaned-body offsets (within one run of the offset map)."""
    segments = article.offsets.segments or [(0, 0, len(article.text))]
    for clean_start, orig_start, length in segments:
        if orig_start <= start < orig_start + length:
            shift = clean_start - orig_start
            return start + shift, min(end, orig_start + length) + shift
    return None


#: Endings of agent nouns, which titles unknown to the lexicon have ("Harbourmaster").
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "man", "woman", "ess")


def _reads_as_title(word: str, common_words: frozenset[str]) -> bool:
    """A word before a full name that is a title, not a given name: the article uses it as a
    common word, or it ends like an agent noun ("Harbourmaster")."""
    lowered = word.lower()
    return lowered in common_words or lowered.endswith(_AGENT_ENDINGS)


def _strip_leading_titles(mentions: list[_Mention], common_words: frozenset[str]) -> None:
    """ "Harbourmaster Leo Maddock" beside "Leo Maddock": extra leading words that read as a
    title the title lexicon does not know become a role and the names meet. A given name
    ("Recep Tayyip Erdogan" beside "Tayyip Erdogan") or a name that goes on with a particle
    ("Pierre de Vos", "de Vos") stays."""
    full = {tuple(m.tokens) for m in mentions if m.kind == "person" and len(m.tokens) >= 2}
    for mention in mentions:
        if mention.kind != "person" or len(mention.tokens) < 3:
            continue
        for size in range(len(mention.tokens) - 1, 1, -1):  # the longest name first
            tail = tuple(mention.tokens[-size:])
            extra = mention.tokens[: len(mention.tokens) - size]
            if tail not in full or not tail[0][:1].isupper():
                continue
            if all(_reads_as_title(word, common_words) for word in extra):
                mention.roles.append(" ".join(extra))
                mention.tokens = list(tail)
                mention.name_start += len(extra)
            break


def _attach_appositive_descriptions(doc: Doc, clusters: list[_Cluster], taken: set[int]) -> None:
    """ "The authoritarian president of Belarus, X," -> the description is a mention of X."""
    for cluster in clusters:
        if cluster.kind != "person":
            continue
        for mention in cluster.mentions:
            _roles, described = _appositive_roles(
                doc, mention.name_start, mention.end, limit=mention.start
            )
            if described and not any(i in taken for i in range(*described)):
                cluster.extra_spans.append(described)
                taken.update(range(*described))


def _attach_descriptions(
    doc: Doc, article: Article, clusters: list[_Cluster], taken: set[int]
) -> list[EntityMention]:
    """Join "the Belarusian leader" to the one person whose role matches it; descriptions
    that match nobody here become description entities for cross-article resolution."""
    signatures = {
        id(cluster): [names.role_signature(role) for role in cluster.roles]
        for cluster in clusters
        if cluster.kind == "person"
    }
    unresolved: dict[str, EntityMention] = {}
    for found in _descriptions(doc, taken):
        start, end = found.start, found.end
        if found.nationalities:
            matches = [
                cluster
                for cluster in clusters
                if cluster.kind == "person"
                and any(
                    n & found.nationalities and c & found.classes
                    for n, c in signatures[id(cluster)]
                )
            ]
        else:  # no nationality: the role word itself must be unique in the article
            matches = [
                cluster
                for cluster in clusters
                if cluster.kind == "person"
                and any(found.noun in role.lower().split() for role in cluster.roles)
            ]
        if len(matches) == 1:
            matches[0].extra_spans.append((start, end))
            continue
        if matches or not found.nationalities:
            continue  # ambiguous or too vague: say nothing rather than guess
        surface_start, surface_end = article.to_original(doc[start].idx, _end_char(doc, end))
        surface = article.original[surface_start:surface_end]
        text = doc[start:end].text
        name = "the " + " ".join(text.split()[1:])
        key = name.lower()
        entity = unresolved.get(key)
        if entity is None:
            entity = EntityMention(
                article=article.id,
                local_id=stable_id(article.id, "description", key),
                name=name,
                kind="person",
                roles=[name],
            )
            unresolved[key] = entity
        entity.mentions.append((surface_start, surface_end, surface))
    return list(unresolved.values())


def _end_char(doc: Doc, end_token: int) -> int:
    token = doc[end_token - 1]
    return token.idx + len(token.text)


def _to_record(doc: Doc, article: Article, cluster: _Cluster) -> EntityMention:
    name = _local_name(cluster)
    spans = sorted(
        {(m.start, m.end) for m in cluster.mentions} | set(cluster.extra_spans),
    )
    mentions = []
    for start, end in spans:
        o_start, o_end = article.to_original(doc[start].idx, _end_char(doc, end))
        surface = article.original[o_start:o_end]
        mentions.append((o_start, o_end, surface))
    return EntityMention(
        article=article.id,
        local_id=stable_id(article.id, name),
        name=name,
        kind=cluster.kind,
        mentions=mentions,
        roles=list(cluster.roles),
    )
