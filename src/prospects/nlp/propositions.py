"""Propositions: the event a forecast is about, stated positively in the article's words.

`build(event, cue_tokens, excluded)` works on the dependency parse of one forecast:

1. the event's verb (`event`: the predicate under the cue, "recapture" in "it will be virtually
   impossible for Ukraine to recapture ...", or a noun for "the risk of an outbreak");
2. its subject: its own, or the raised one found by climbing the chain of complements ("Russia is
   unlikely to make", "leaders are expected to pledge", "Trump has pledged to initiate", "expects
   prices to rise" takes the object), skipping expletive "it"/"there" for the extraposed "for X to";
3. the subject's and the verb's words, without: modals, infinitive "to" and do-support; negation
   (it flips the probability, not the proposition); likelihood, degree and discourse adverbs
   (data/propositions.yaml); anything fronted before the subject (adverbial and subordinate
   clauses, "But"); attribution ("..., officials say" as parataxis); a coordinated clause of its
   own ("..., but Y can B"); the condition's clause (the caller's `excluded`) unless it is the
   subject itself ("a swift negotiation would force ..."); appositions and titles before a named
   person; quotation marks and trailing punctuation;
4. the first verb left, when it is a bare infinitive once the modal is gone, is put in the present
   tense agreeing with the subject ("Russia makes", "leaders pledge", "forecasts are undermined"):
   a rule (English third person singular is regular except "be" and "have"), no dictionary.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from spacy.tokens import Token

from prospects import wordlists
from prospects.nlp import likelihood

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# climbing from an infinitive to the word that carries its subject: "X is unlikely *to make*"
RAISING = ("xcomp", "acomp", "conj", "pcomp", "prep", "attr", "oprd", "advcl", "acl")
FRONTED = ("advcl", "prep", "npadvmod", "advmod", "cc", "mark", "punct", "intj", "dep", "ccomp")
QUOTES = {'"', "“", "”", "‘", "’", "'", "``", "''", "«", "»"}


@cache
def words() -> dict[str, Any]:
    """The lists (as sets, lower case) and tables of data/propositions.yaml by key, read once; and
    the contracted "will"s of data/forecast_cues.yaml, which go like the modals they are."""
    name = "propositions.yaml"
    data = wordlists.data_file("prospects.nlp", name)
    out: dict[str, Any] = {
        key: wordlists.table("prospects.nlp", name, key)
        if isinstance(value, dict)
        else wordlists.words("prospects.nlp", name, key)
        for key, value in data.items()
    }
    out["will_contractions"] = wordlists.words(
        "prospects.nlp", "forecast_cues.yaml", "will_contractions"
    )
    return out


def subject_of(event: Token) -> Token | None:
    """The subject of the event: its own, else the one its chain of complements raises."""
    t = event
    came_from: Token | None = None
    for _ in range(5):
        own = _own_subject(t, came_from)
        if own is not None:
            return own
        if t.head.i == t.i or t.dep_ not in RAISING:
            return None
        if t.dep_ == "advcl" and t.head.pos_ != "ADJ":
            return None  # an adverbial clause has a subject of its own, or none to take
        if t.dep_ == "acl" and t.head.pos_ != "NOUN":
            return None
        came_from, t = t, t.head
    return None


def _antecedent(subj: Token) -> Token:
    """ "a super PAC that intends to ...": the relative pronoun stands for the noun it follows."""
    clause = subj.head
    if subj.tag_ not in ("WDT", "WP"):
        return subj
    if clause.dep_ == "ccomp" and clause.head.dep_ == "relcl":
        clause = clause.head  # "models that analysts say will lift sales": "that" is "models"
    if clause.dep_ == "relcl" and clause.head.i != clause.i:
        return clause.head
    return subj


def _own_subject(t: Token, came_from: Token | None) -> Token | None:
    if came_from is not None and came_from.dep_ == "xcomp" and t.pos_ in ("VERB", "AUX"):
        # object control: "expects prices to rise", "forces Ukraine to cede"
        obj = next((ch for ch in t.children if ch.dep_ == "dobj" and ch.i < came_from.i), None)
        if obj is not None and obj.lemma_.lower() not in words()["intention_nouns"]:
            return obj
    subj = next((ch for ch in t.children if ch.dep_ in SUBJECTS), None)
    if subj is not None and not _dummy(subj):
        return _antecedent(subj)
    if t.pos_ == "NOUN" and came_from is not None and came_from.dep_ == "acl":
        # "Clark's plans to expand", "Clark revealed plans to expand": whose plans they are
        owner = next((ch for ch in t.children if ch.dep_ == "poss"), None)
        if owner is None and t.dep_ == "dobj":
            owner = next((ch for ch in t.head.children if ch.dep_ in SUBJECTS), None)
        return owner
    # extraposition: "it will be impossible for Ukraine to recapture": "for X" names the subject
    for ch in t.children:
        if ch.dep_ == "prep" and ch.lower_ == "for":
            obj = next((g for g in ch.children if g.dep_ == "pobj"), None)
            if obj is not None and came_from is not None and obj.i < came_from.i:
                return obj
    return None


def _dummy(t: Token) -> bool:
    if t.dep_ == "expl":
        return True
    if t.lower_ != "it" or t.head.lemma_ != "be":
        return False  # "it's going to go on": a real "it"
    return _extraposed(t.head) is not None


def _plural(subj: Token) -> bool:
    if subj.tag_ in ("NNS", "NNPS") or subj.lower_ in words()["plural_pronouns"]:
        return True
    return any(ch.dep_ == "conj" for ch in subj.children)


def present(verb: Token, subj: Token | None) -> str:
    """The present tense of a bare verb agreeing with its subject ("make" -> "makes")."""
    w = words()
    lemma = verb.lemma_.lower() if verb.lemma_ else verb.lower_
    if subj is not None and subj.lower_ == "i":
        form = "am" if lemma == "be" else lemma
    elif subj is None or not _plural(subj):
        form = w["irregular_third_person"].get(lemma) or third_person(lemma)
    else:
        form = w["irregular_plural"].get(lemma, lemma)
    return form[0].upper() + form[1:] if verb.text[:1].isupper() else form


def third_person(lemma: str) -> str:
    if re.search(r"(s|sh|ch|x|z|o)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def build(event: Token, cue_tokens: list[Token], excluded: set[int]) -> str:
    """The proposition of a forecast whose event is `event` (see the module docstring)."""
    doc = event.doc
    if event.pos_ in ("NOUN", "PROPN", "PRON") and event.dep_ not in SUBJECTS:
        return _render([doc[i] for i in sorted({t.i for t in event.subtree} - excluded)], {})
    if event.pos_ == "ADJ" and event.dep_ == "acomp":
        event = event.head  # "the report is due out next year": the clause of "is"
    event = _extraposed(event) or event
    if event.lemma_ == "be" and _judged_subject(event, cue_tokens):
        subj = subject_of(event)  # "a major breakthrough by Russia is now unlikely": the subject
        if subj is not None:
            return _render(_subject_words(subj), {})
    if event.dep_ in SUBJECTS:
        return _render(_subject_words(event), {})
    subj = subject_of(event)
    subject_words = _subject_words(subj) if subj is not None else []
    subject_ids = {t.i for t in subject_words}
    subject_tree = set(subject_ids)
    if subj is not None and not subj.is_ancestor(event):
        subject_tree |= {t.i for t in subj.subtree}  # appositions, titles: not the verb's words
    keep = {t.i for t in event.subtree} - subject_tree - subject_ids
    keep |= _glued(event)
    continued = _continued(event)
    for verb in continued:
        keep |= set(range(verb.left_edge.i, verb.right_edge.i + 1))
        keep |= {i for i in range(event.right_edge.i + 1, verb.left_edge.i)}
    # cue words go, except a preposition that is the event itself ("more money is on the way")
    drop = (set(excluded) | {t.i for t in cue_tokens if t.pos_ != "ADP"}) - subject_ids
    drop |= _function_words(event)
    drop |= _other_clauses(event, subj)
    # the relative pronoun gives way to its antecedent, which is the subject now
    drop |= {
        ch.i
        for ch in event.children
        if ch.dep_ in SUBJECTS and ch.tag_ in ("WDT", "WP") and subj is not None and ch.i != subj.i
    }
    verb_words = [doc[i] for i in sorted(keep - drop)]
    tokens = sorted([*subject_words, *verb_words], key=lambda t: t.i)
    first_verb = _first_verb(event, verb_words)
    forms: dict[int, str] = {}
    there = next((ch for ch in event.children if ch.dep_ == "expl"), None)
    if there is not None:
        # "there will be no deal": the event is that there is a deal (the negation is in the
        # probability); the verb agrees with what there is
        subj = next((ch for ch in event.children if ch.dep_ in ("attr", "dobj")), None)
        forms |= _undo_no(subj)
        if first_verb is not None:
            forms[first_verb.i] = present(first_verb, subj)
    if first_verb is not None and subj is not None:
        forms[first_verb.i] = present(first_verb, subj)
        # "Ukraine to cede X and abandon Y": every bare conjunct of the event agrees too
        for verb in [*event.children, *continued]:
            bare = verb.dep_ == "conj" and verb.tag_ in ("VB", "VBP") and verb.i not in drop
            if bare and not any(ch.dep_ in SUBJECTS for ch in verb.children):
                forms[verb.i] = present(verb, subj)
    return _render(tokens, forms)


def _extraposed(be: Token) -> Token | None:
    """ "it will be impossible for X to Y", "it is likely that X": the clause is the event."""
    if be.lemma_ != "be":
        return None
    subj = next((ch for ch in be.children if ch.dep_ in SUBJECTS), None)
    if subj is None or subj.lower_ != "it":
        return None
    complements = [ch for ch in be.children if ch.dep_ in ("acomp", "attr")]
    for holder in [*complements, be]:
        for ch in holder.children:
            if (
                ch.dep_ in ("xcomp", "ccomp", "advcl")
                and ch.i > subj.i
                and ch.pos_ in ("VERB", "AUX")
            ):
                return ch
    return None


def _continued(event: Token) -> list[Token]:
    """Bare verbs the parser hung on the cue rather than on the event: "are expected to pledge X,
    announce Y" (a passive participle cannot be coordinated with a subjectless present)."""
    if event.dep_ != "xcomp" or event.tag_ != "VB":
        return []
    head = event.head
    return [
        ch
        for ch in head.children
        if ch.dep_ == "conj"
        and ch.i > event.i
        and ch.tag_ in ("VB", "VBP")
        and head.tag_ == "VBN"
        and not any(g.dep_ in SUBJECTS for g in ch.children)
    ]


def _judged_subject(be: Token, cue_tokens: list[Token]) -> bool:
    """ "X is unlikely" with nothing after the likelihood word: X is the event."""
    for ch in be.children:
        if ch.dep_ == "acomp" and any(c.i == ch.i for c in cue_tokens):
            return not any(g.dep_ in ("xcomp", "ccomp", "advcl") for g in ch.children)
    return False


def _undo_no(noun: Token | None) -> dict[int, str]:
    if noun is None:
        return {}
    no = next((ch for ch in noun.children if ch.dep_ == "det" and ch.lower_ == "no"), None)
    if no is None:
        return {}
    if noun.tag_ in ("NNS", "NNPS"):
        return {no.i: ""}
    article = "an" if noun.doc[no.i + 1].text[:1].lower() in "aeiou" else "a"
    return {no.i: article}


def _subject_words(subj: Token) -> list[Token]:
    """The subject phrase, without appositions and without titles before a named person."""
    drop: set[int] = set()
    for t in subj.subtree:
        if t.dep_ in ("appos",) and t.head.i == subj.i:
            drop |= {x.i for x in t.subtree}
            drop |= {x.i for x in subj.doc[t.left_edge.i - 1 : t.right_edge.i + 2] if x.text == ","}
    if subj.ent_type_ == "PERSON":
        ent = next((e for e in subj.doc.ents if e.start <= subj.i < e.end), None)
        before = [t for t in subj.subtree if ent is not None and t.i < ent.start]
        # a title goes ("Democratic rival Hillary Clinton"); a coordinated name does not
        # ("Trump and Democratic rival Hillary Clinton", however the parser hangs it)
        if ent is not None and not any(t.dep_ == "cc" for t in before):
            drop |= {t.i for t in before if t.dep_ != "poss"}
    # the antecedent of a relative pronoun comes without its relative clause
    for ch in subj.children:
        if ch.dep_ == "relcl" and ch.i > subj.i and _relative_subject(ch):
            drop |= {x.i for x in ch.subtree}
    words = [t for t in subj.subtree if t.i not in drop]
    while words and words[-1].is_punct:
        words.pop()
    return words


def _glued(event: Token) -> set[int]:
    """Words written onto the event's word, with their dependents: "co-moderate" is three tokens
    that the parser may take for three verbs."""
    doc = event.doc
    out: set[int] = set()
    i = event.i
    while i + 1 < len(doc) and not doc[i].whitespace_:
        nxt = doc[i + 1]
        if nxt.text == "-":
            out.add(nxt.i)
        elif nxt.is_punct or nxt.head.i not in (event.i, event.head.i):
            break
        else:
            out |= {t.i for t in nxt.subtree}
        i += 1
    return out


def _relative_subject(clause: Token) -> bool:
    """Whether a relative clause's pronoun is a subject: its own, or that of the clause it
    reports ("models that analysts say will lift sales")."""
    heads = [clause, *(ch for ch in clause.children if ch.dep_ == "ccomp")]
    return any(
        ch.dep_ in SUBJECTS and ch.tag_ in ("WDT", "WP") for head in heads for ch in head.children
    )


def _function_words(event: Token) -> set[int]:
    """Modals, "to", do-support, negation and hedging adverbs of the event's verb group."""
    w = words()
    out: set[int] = set()
    for ch in event.children:
        lower = ch.lower_
        if ch.dep_ in ("aux", "auxpass") and (
            ch.tag_ in ("MD", "TO") or ch.lemma_ == "do" or lower in w["will_contractions"]
        ):
            out.add(ch.i)  # a modal, infinitive "to", do-support
        elif ch.dep_ == "neg" or (ch.dep_ == "advmod" and lower in w["negation_adverbs"]):
            out.add(ch.i)
        elif ch.dep_ == "advmod" and (
            lower in w["drop_adverbs"]
            or likelihood.phrase(lower) is not None
            or likelihood.degree(ch.text) is not None
        ):
            out |= {x.i for x in ch.subtree}
        elif ch.dep_ == "mark" and ch.i < event.i and lower in ("for", "that", "to"):
            out.add(ch.i)
    return out


def _other_clauses(event: Token, subj: Token | None) -> set[int]:
    """Fronted modifiers, attribution, quotes and coordinated clauses with a life of their own."""
    doc = event.doc
    out: set[int] = set()
    start = subj.left_edge.i if subj is not None and subj.i < event.i else event.i
    for ch in event.children:
        fronted = ch.i < start and ch.dep_ in FRONTED
        attribution = ch.dep_ == "parataxis" or (
            ch.dep_ == "ccomp" and ch.i > event.i and _says(ch)
        )
        if fronted or attribution:
            out |= {x.i for x in ch.subtree}
        elif ch.dep_ == "conj" and own_clause(ch, event):
            out |= set(range(clause_start(ch, event), ch.right_edge.i + 1))
    out |= {t.i for t in event.subtree if t.text in QUOTES or t.tag_ in ("``", "''")}
    # the commas between the fronted part and the subject, and between subject and verb
    if subj is not None and subj.i < event.i:
        out |= {i for i in range(event.left_edge.i, subj.left_edge.i) if doc[i].is_punct}
        out |= {i for i in range(subj.right_edge.i + 1, event.i) if doc[i].is_punct}
    return out


def _says(t: Token) -> bool:
    return any(ch.dep_ in SUBJECTS for ch in t.children) and t.lemma_ in words()["report_verbs"]


def own_clause(conj: Token, event: Token) -> bool:
    """ "X will A, but Y can B": a conjunct with its own subject, modal or contrast is a clause."""
    if any(ch.dep_ in SUBJECTS for ch in conj.children):
        return True
    if any(ch.dep_ == "aux" and ch.tag_ == "MD" for ch in conj.children):
        return True
    cc = [ch for ch in event.children if ch.dep_ == "cc" and event.i < ch.i < conj.i]
    return bool(cc) and cc[-1].lower_ in words()["contrast_conjunctions"]


def separate_forecast(conj: Token, head: Token) -> bool:
    """ "X will A, but Y could B": a contrasted clause with a subject of its own is a forecast
    of its own. With "and" the second clause mostly goes on with the first ("workers will come,
    and it could get out of control"): one forecast."""
    if not any(ch.dep_ in SUBJECTS for ch in conj.children):
        return False
    cc = [ch for ch in head.children if ch.dep_ == "cc" and head.i < ch.i < conj.i]
    return bool(cc) and cc[-1].lower_ in words()["contrast_conjunctions"]


def clause_start(conj: Token, event: Token) -> int:
    """Where a coordinated clause begins, with the comma and conjunction before it."""
    doc = event.doc
    i = conj.left_edge.i
    while i - 1 > event.i and (doc[i - 1].is_punct or doc[i - 1].dep_ == "cc"):
        i -= 1
    return i


def _first_verb(event: Token, kept: list[Token]) -> Token | None:
    """The first word of the verb group still there, when it is a bare form to inflect."""
    group = [
        t for t in kept if t.i == event.i or (t.head.i == event.i and t.dep_ in ("aux", "auxpass"))
    ]
    if not group:
        return None
    first = group[0]
    if first.tag_ == "VB" or (first.tag_ == "VBG" and first.i == event.i and event.dep_ == "pcomp"):
        return first
    return None


def _render(tokens: list[Token], forms: dict[int, str]) -> str:
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in ("cc",) or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    parts: list[str] = []
    previous: Token | None = None
    for t in tokens:
        word = forms.get(t.i, t.text)
        if not word or (t.is_punct and previous is not None and previous.is_punct):
            continue  # a dropped "no"; ", ," left by a dropped "though"
        if previous is not None and not previous.whitespace_ and t.i != previous.i + 1:
            parts.append(" ")  # "It" + dropped "'ll" + "gets": the words were apart
        parts.append(word + t.whitespace_)
        previous = t
    text = "".join(parts)
    return re.sub(r"\s+", " ", text).strip()
