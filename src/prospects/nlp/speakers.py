"""Speakers: from the words that name them to one `records.Source` per real speaker of an article.

A mention is resolved to a source by rules a reader would use:

- a personal name (a PERSON entity or a proper noun) opens a person source; a later name whose last
  word is that person's surname ("Ciaramella" after "Eric Ciaramella") is the same person — the most
  recently mentioned one when two people share a surname;
- "he"/"she" (and "his", "her", "I") is the person most recently named as a speaker or as the
  subject of a sentence, within the last few paragraphs: news writes "X said ... He added ...";
- "they" is the most recent group or organisation that spoke;
- an organisation ("the Pentagon", "The Post") is one source per name;
- a group or an unnamed person ("U.S. officials", "a senior official") is one source per wording
  (without articles); an indefinite singular ("a source", "another official") is a new source each
  time, a definite one ("the official") the last source with that head noun;
- groups and unnamed people are anonymous; so is any source whose description says so ("who spoke on
  condition of anonymity", "familiar with"), and, when the article says that its officials spoke on
  condition of anonymity, every source with that head noun.

Role and affiliation come from an apposition or a relative clause next to the name ("Michael Kofman,
senior fellow ... at the Carnegie Endowment") and from titles before it ("Ukrainian President ...").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from prospects import wordlists
from prospects.records import Source
from prospects.records import Span as TextSpan

_NAME_ENTS = {"PERSON"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_ORG_ENTS = {"ORG", "GPE", "NORP", "FAC"}
_LEFT_DEPS = {"det", "compound", "amod", "nummod", "quantmod", "nmod", "poss", "case", "advmod"}
_RIGHT_DEPS = {"prep", "amod", "acl", "pobj", "compound", "case"}
_DESCRIPTION_DEPS = {"appos", "relcl", "acl"}
_PRONOUN_WINDOW = 3000  # characters: a pronoun refers back a few paragraphs at most


@dataclass(frozen=True)
class Lexicon:
    group_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    document_nouns: frozenset[str]
    title_nouns: frozenset[str]
    anonymity_phrases: tuple[str, ...]
    person_reference_pronouns: frozenset[str]
    group_reference_pronouns: frozenset[str]
    time_nouns: frozenset[str]
    quantity_words: frozenset[str]
    determiners: frozenset[str]
    indefinite_determiners: frozenset[str]
    definite_determiners: frozenset[str]
    counted_nouns: frozenset[str]
    anonymity_note_words: tuple[str, ...]
    article_self_references: tuple[str, ...]


@cache
def lexicon() -> Lexicon:
    """The word lists of data/groups.yaml, read once per process."""

    def words(key: str) -> frozenset[str]:
        return wordlists.words("prospects.nlp", "groups.yaml", key)

    def phrases(key: str) -> tuple[str, ...]:
        return wordlists.phrases("prospects.nlp", "groups.yaml", key)

    return Lexicon(
        group_nouns=words("group_nouns"),
        organization_nouns=words("organization_nouns"),
        document_nouns=words("document_nouns"),
        title_nouns=words("title_nouns"),
        anonymity_phrases=phrases("anonymity_phrases"),
        person_reference_pronouns=words("person_reference_pronouns"),
        group_reference_pronouns=words("group_reference_pronouns"),
        time_nouns=words("time_nouns"),
        quantity_words=words("quantity_words"),
        determiners=words("determiners"),
        indefinite_determiners=words("indefinite_determiners"),
        definite_determiners=words("definite_determiners"),
        counted_nouns=words("counted_nouns"),
        anonymity_note_words=phrases("anonymity_note_words"),
        article_self_references=phrases("article_self_references"),
    )


_TIME_ENTS = frozenset(("DATE", "TIME"))


def names_a_time(head: Token) -> bool:
    """Whether a mention's head names a time ("the coming months", "last week"): never a
    speaker, whatever verb the parser hangs on it."""
    if head.ent_type_ in _TIME_ENTS:
        return True
    # a capitalised proper noun is a name ("Day said", "Sen. Day"), not a time noun
    named = head.pos_ == "PROPN" and head.text[:1].isupper()
    return not named and head.lemma_.lower() in lexicon().time_nouns


def can_speak(head: Token) -> bool:
    """Whether a mention's head can name a speaker: a person, an organisation, a group, a
    document that speaks for one, or a pronoun. "The war had favored Moscow" has a subject, not a
    speaker."""
    if head.pos_ in ("PRON", "PROPN"):
        return True
    if head.text[:1].isupper() and not head.is_sent_start:
        return True  # a name the tagger took for a noun: "says Ward"
    return names_a_speaker(head)


def names_a_speaker(head: Token) -> bool:
    """can_speak without trusting capitals or the proper-noun tag, for title-case lines where
    every word is capitalised ("Russia's Withdrawal from Ukraine: Prospects and Reality"): a
    name the entity recogniser found, or a noun of the speaker lists."""
    return head.ent_type_ in _NAME_ENTS | _ORG_ENTS or is_speaker_noun(head)


def is_speaker_noun(token: Token) -> bool:
    """A noun of the speaker lists: a group, an organisation, a document, a title ("Mayor")."""
    lex = lexicon()
    lemma = token.lemma_.lower()
    return any(
        lemma in words
        for words in (lex.group_nouns, lex.organization_nouns, lex.document_nouns, lex.title_nouns)
    )


def entity_end(token: Token) -> int | None:
    """The index after the named entity `token` is in, or None."""
    ent = _entity(token)
    return ent.end if ent is not None else None


def _entity(token: Token) -> Span | None:
    doc = token.doc
    if token.ent_iob_ in ("B", "I"):
        start = token.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = token.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return Span(doc, start, end, label=token.ent_type_)
    return None


def _trim(span: Span) -> Span:
    """Drop punctuation, possessive endings and spaces from the edges of a span."""
    doc, start, end = span.doc, span.start, span.end
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"
    ):
        end -= 1
    return doc[start:end]


def mention_of(head: Token) -> Span:
    """The words naming a speaker: the head's noun phrase, without appositions or relative
    clauses."""
    doc = head.doc
    ent = _entity(head)
    if ent is not None and ent.label_ in _NAME_ENTS | _ORG_ENTS:
        start, end = ent.start, ent.end
    else:
        start, end = head.i, head.i + 1
    # left modifiers that are contiguous with the head: "a senior administration official"
    for child in reversed(list(head.lefts)):
        if child.dep_ in _LEFT_DEPS and child.right_edge.i == start - 1:
            start = child.left_edge.i
    if head.pos_ != "PROPN" and head.pos_ != "PRON":
        # right modifiers of common nouns: "sources familiar with the talks", "a spokesman for X"
        for child in head.rights:
            if (
                child.dep_ in _RIGHT_DEPS
                and child.left_edge.i == end
                and child.right_edge.i < end + 12
            ):
                end = child.right_edge.i + 1
            else:
                break
    return _trim(doc[start:end]) if end > start else doc[head.i : head.i + 1]


def _description(head: Token) -> list[Span]:
    """Appositions and relative clauses that describe the speaker."""
    described = []
    for child in head.rights:
        if child.dep_ in _DESCRIPTION_DEPS:
            described.append(head.doc[child.left_edge.i : child.right_edge.i + 1])
    return described


def _role_and_affiliation(head: Token, mention: Span) -> tuple[str | None, str | None]:
    role: str | None = None
    affiliation: str | None = None
    for desc in _description(head):
        desc_head = desc.root
        if desc_head.dep_ == "relcl":
            # "who is a professor at X": the description is the attribute of the copula
            attrs = [c for c in desc_head.children if c.dep_ in ("attr", "acomp")]
            if not attrs:
                continue
            desc = head.doc[attrs[0].left_edge.i : attrs[0].right_edge.i + 1]
        orgs = [e for e in desc.ents if e.label_ == "ORG"] or [
            e for e in desc.ents if e.label_ in ("GPE", "FAC")
        ]
        cut = desc.end
        for nested in desc:
            # a relative clause inside an apposition ("..., who recently visited") is not the role
            if nested.dep_ == "relcl" and nested.head.i != head.i:
                cut = min(cut, nested.left_edge.i)
        orgs = [e for e in orgs if e.start < cut]
        if orgs:
            org = orgs[-1]
            affiliation = affiliation or _trim(_strip_determiner(org)).text or None
            if org.start > desc.start and head.doc[org.start - 1].pos_ == "ADP":
                cut = min(cut, org.start - 1)
            elif org.start > desc.start and org.start < cut:
                cut = min(cut, org.start) if org.end >= cut else cut
        body = _trim(head.doc[desc.start : cut])
        if len(body) and body[0].lower_ in lexicon().determiners:
            body = _trim(body[1:])
        if len(body) and role is None and len(body) <= 20:
            role = body.text
        if role:
            break
    if role is None and mention.start < head.i:
        # a title before a name: "Ukrainian President Volodymyr Zelensky"
        ent = _entity(head)
        if ent is not None and ent.start > mention.start:
            title = _trim(head.doc[mention.start : ent.start])
            if len(title) and title[0].lower_ in lexicon().determiners:
                title = _trim(title[1:])
            role = title.text or None
    return role, affiliation


def _normal(words: str) -> str:
    determiners = lexicon().determiners
    tokens = [w for w in words.lower().replace("’", "'").split() if w not in determiners]
    return " ".join(tokens).removesuffix("'s").strip()


def _is_anonymous_described(head: Token, mention: Span, phrases: tuple[str, ...]) -> bool:
    parts = [mention.text.lower()] + [d.text.lower() for d in _description(head)]
    return any(phrase in part for part in parts for phrase in phrases)


@dataclass
class _Entry:
    source: Source
    key: str
    head_lemma: str
    surname: str | None = None
    mentions: list[TextSpan] = field(default_factory=list)
    seen: set[TextSpan] = field(default_factory=set)


class SourceBook:
    """The sources of one Doc, built up mention by mention in text order."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc.text
        self.entries: list[_Entry] = []
        self._recent_people: list[tuple[int, int]] = []  # (char offset, entry index), in order
        self._recent_groups: list[tuple[int, int]] = []
        self._subject_names = _subject_names(doc)
        self._subject_offsets = [at for at, _ in self._subject_names]
        self._anonymous_heads: set[str] = set()
        for source in doc._.sources or []:
            self._reopen(doc, source)

    def _reopen(self, doc: Doc, source: Source) -> None:
        """A source written by an earlier component, matchable again by name, head word and
        surname, and its mentions recent again for pronouns: the book is rebuilt from the Doc's
        plain data, so that no resolver has to live beside the Doc between components."""
        key = _normal(source.name or source.id)
        head = _head_lemma(doc, source) or (key.split()[-1] if key else "")
        named = source.type == "person" and not source.anonymous and source.name
        surname = key.split()[-1] if named and key else None
        entry = _Entry(source, key, head, surname)
        self.entries.append(entry)
        index = len(self.entries) - 1
        target = self._recent_people if source.type == "person" else self._recent_groups
        for mention in source.mentions:
            entry.mentions.append(mention)
            entry.seen.add(mention)
            bisect.insort(target, (mention.start, index))

    # -- resolving ---------------------------------------------------------------------------

    def resolve(self, head: Token) -> tuple[str | None, TextSpan]:
        """The source id (None if unresolved) of the speaker whose head word is `head`, and the
        mention to store on the quote."""
        lex = lexicon()
        head = _counted(head)
        pronouns = lex.person_reference_pronouns | lex.group_reference_pronouns
        if head.pos_ == "PRON" or head.lower_ in pronouns:
            mention = head.doc[head.i : head.i + 1]
            return self._pronoun(head, mention), self._span(mention)
        mention = mention_of(head)
        index = self._find_or_add(head, mention)
        self._remember(index, mention)
        return self.entries[index].source.id, self._span(mention)

    def _span(self, mention: Span) -> TextSpan:
        return TextSpan.of(self.text, mention.start_char, mention.end_char)

    def _pronoun(self, head: Token, mention: Span) -> str | None:
        lex = lexicon()
        at = head.idx
        if head.lower_ in lex.group_reference_pronouns:
            found = _latest(self._recent_groups, at)
            index = found
        else:
            found = _latest(self._recent_people, at)
            i = bisect.bisect_left(self._subject_offsets, at)
            subject = self._subject_names[i - 1] if i else None
            index = found
            if subject is not None and (found is None or subject[0] > found[0]):
                # a person named as a sentence subject after the last speaker: he is that person
                name_head = head.doc[subject[1]]
                named = mention_of(name_head)
                index = (subject[0], self._find_or_add(name_head, named))
                self._remember(index[1], named)
        if index is None or at - index[0] > _PRONOUN_WINDOW:
            return None
        entry_index = index[1]
        self._remember(entry_index, mention)
        return self.entries[entry_index].source.id

    def _find_or_add(self, head: Token, mention: Span) -> int:
        lex = lexicon()
        bare = _normal(_strip_determiner(mention).text).split()
        capitalised = head.text[:1].isupper() and not head.is_sent_start
        if (head.pos_ == "PROPN" or capitalised) and len(bare) == 1:
            # a lone name that is a known person's surname is that person, whatever label the
            # entity recogniser or the tagger gave it ("Lindqvist added" after "said Ana
            # Lindqvist"; "Early says" after "Chris Early", the surname read as an adverb)
            for i in range(len(self.entries) - 1, -1, -1):
                if self.entries[i].surname == bare[0]:
                    return i
            named = _earlier_person(head, bare[0])
            if named is not None:
                # first quoted by surname, named in full earlier without a quote of their own
                key = _normal(named.text)
                return self._add(head, mention, "person", named.text, False, key, bare[0])
        kind, name, anonymous = self._classify(head, mention)
        key = _normal(name)
        lemma = head.lemma_.lower()
        if kind == "person" and not anonymous:
            surname = key.split()[-1] if key else lemma
            for i in range(len(self.entries) - 1, -1, -1):
                entry = self.entries[i]
                if entry.surname is None:
                    continue
                if entry.key == key or (
                    entry.surname == surname
                    and (len(key.split()) == 1 or len(entry.key.split()) == 1)
                ):
                    if len(key.split()) > len(entry.key.split()):
                        # the full name comes after a surname: keep the fuller name
                        entry.source = replace(entry.source, name=name)
                        entry.key = key
                    return i
            return self._add(head, mention, kind, name, anonymous, key, surname)
        first = mention[0].lower_ if len(mention) else ""
        indefinite = kind == "person" and first in lex.indefinite_determiners
        if not indefinite:
            definite_singular = kind == "person" and first in lex.definite_determiners
            for i in range(len(self.entries) - 1, -1, -1):
                entry = self.entries[i]
                if entry.key == key or (definite_singular and entry.head_lemma == lemma):
                    return i
        return self._add(head, mention, kind, name, anonymous, key, None)

    def _classify(self, head: Token, mention: Span) -> tuple[str, str, bool]:
        lex = lexicon()
        ent = _entity(head)
        lemma = head.lemma_.lower()
        name = _strip_determiner(mention).text
        described_anonymous = _is_anonymous_described(head, mention, lex.anonymity_phrases)
        if ent is not None and ent.label_ == "PERSON":
            return "person", ent.text.removesuffix("’s").removesuffix("'s"), False
        if ent is not None and ent.label_ in _ORG_ENTS and ent.root.i == head.i:
            if ent.label_ == "NORP" and head.tag_ in ("NNPS", "NNS"):
                return "group", name, True
            return "organization", name, described_anonymous
        if head.pos_ == "PROPN":
            if lemma in lex.organization_nouns or head.tag_ == "NNPS":
                return "organization", name, described_anonymous
            return "person", name, False
        plural = head.tag_ in ("NNS", "NNPS")
        if not plural and lemma in lex.title_nouns:
            return "person", name, described_anonymous
        if lemma in lex.group_nouns or head.lower_ in lex.group_nouns:
            if plural:
                return "group", name, True
            return "person", name, True
        if lemma in lex.organization_nouns:
            return "organization", name, described_anonymous
        if plural:
            return "group", name, True
        return "organization", name, described_anonymous

    def _add(
        self,
        head: Token,
        mention: Span,
        kind: str,
        name: str,
        anonymous: bool,
        key: str,
        surname: str | None,
    ) -> int:
        role, affiliation = _role_and_affiliation(head, mention)
        if head.lemma_.lower() in self._anonymous_heads:
            anonymous = True
        source = Source(
            id=self._next_id(),
            name=name,
            type=kind,
            anonymous=anonymous,
            affiliation=affiliation,
            role=role,
        )
        self.entries.append(_Entry(source, key, head.lemma_.lower(), surname))
        return len(self.entries) - 1

    def person(self, name: str, role: str | None) -> str:
        """The id of the person source called `name`, added with `role` when there is none: a
        speaker known from the article's metadata, not from a mention (an op-ed's byline)."""
        key = _normal(name)
        for entry in self.entries:
            if entry.source.type == "person" and entry.source.name == name:
                return entry.source.id
        surname = key.split()[-1] if key else None
        source = Source(id=self._next_id(), name=name, type="person", role=role)
        self.entries.append(_Entry(source, key, surname or "", surname))
        return source.id

    def _next_id(self) -> str:
        taken = {e.source.id for e in self.entries}
        n = len(self.entries) + 1
        while f"s{n}" in taken:
            n += 1
        return f"s{n}"

    def _remember(self, index: int, mention: Span) -> None:
        entry = self.entries[index]
        span = self._span(mention)
        if span not in entry.seen:
            entry.seen.add(span)
            entry.mentions.append(span)
        at = (mention.start_char, index)
        target = self._recent_people if entry.source.type == "person" else self._recent_groups
        bisect.insort(target, at)

    # -- article-level notes -----------------------------------------------------------------

    def mark_anonymous(self, head_lemmas: set[str]) -> None:
        """Sources with these head nouns spoke on condition of anonymity (an article-level note)."""
        self._anonymous_heads |= head_lemmas
        for entry in self.entries:
            if entry.head_lemma in head_lemmas and not entry.source.anonymous:
                entry.source = replace(entry.source, anonymous=True)

    def sources(self) -> list[Source]:
        """The sources, each with its mentions in text order."""
        return [
            replace(e.source, mentions=tuple(sorted(set(e.mentions), key=lambda s: s.start)))
            for e in self.entries
        ]


def _earlier_person(head: Token, surname: str) -> Span | None:
    """The last PERSON entity before `head` whose last word is `surname` (lower case)."""
    found = None
    for ent in head.doc.ents:
        if ent.start >= head.i:
            break
        if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].lower_ == surname:
            found = ent
    return found


def _counted(head: Token) -> Token:
    """ "a growing number of U.S. officials" speaks as the officials."""
    if head.lemma_.lower() not in lexicon().counted_nouns:
        return head
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN"):
                    return pobj
    return head


def _strip_determiner(span: Span) -> Span:
    if len(span) > 1 and span[0].lower_ in lexicon().determiners:
        return span[1:]
    return span


def _latest(recent: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    i = bisect.bisect_left(recent, (at, -1))
    return recent[i - 1] if i else None


def _subject_names(doc: Doc) -> list[tuple[int, int]]:
    """(char offset, token index) of the heads of PERSON entities that are sentence subjects, in
    text order (one linear pass). Indexes, not Tokens: a Token would keep its Doc alive."""
    names = []
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.root.dep_ in _SUBJECT_DEPS:
            names.append((ent.start_char, ent.root.i))
    return names


def _head_lemma(doc: Doc, source: Source) -> str | None:
    """The lemma of the head word of a source's first mention that is not a pronoun."""
    for mention in source.mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and span.root.pos_ != "PRON":
            return span.root.lemma_.lower()
    return None


def find_or_add_source(book: SourceBook, mention: Span) -> str | None:
    """Resolve the speaker named by `mention` (a name, surname, pronoun or group) to a source id
    of `book`, adding a new Source when none matches. Returns None only for a pronoun that refers
    to nobody in reach. Components that attribute text (quotes, forecasts) call this so they
    resolve speakers the same way; each writes `book.sources()` back to `doc._.sources`."""
    source_id, _ = book.resolve(mention.root)
    return source_id


def anonymity_note_heads(doc: Doc) -> set[str]:
    """Head nouns of "Officials interviewed for this article spoke on condition of anonymity"."""
    lex = lexicon()
    heads: set[str] = set()
    for sent in doc.sents:
        lowered = sent.text.lower()
        if not any(word in lowered for word in lex.anonymity_note_words):
            continue
        if not any(ref in lowered for ref in lex.article_self_references):
            continue
        for tok in sent:
            if tok.dep_ in _SUBJECT_DEPS and tok.tag_ in ("NNS", "NN"):
                heads.add(tok.lemma_.lower())
    return heads
