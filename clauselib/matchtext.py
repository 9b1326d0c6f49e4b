"""Text features for plan-to-library matching: stems, negation scope, modality, figures.

A text becomes a :class:`Features` record:

* ``stems`` — content words, lowercased, stop words dropped, light suffix stripping and
  a small table of synonyms used in the reporting (``Kyiv`` → ``ukraine``, ``truce`` →
  ``ceasefire``), so that a journalist's rewording meets the clause's wording;
* ``marks`` — features that carry a position rather than a subject: a word inside the
  scope of a negation (``not``, ``never``, ``renounce``, ``give up`` …) becomes ``¬word``,
  so "will not join NATO" and "the right to join NATO" differ on ``¬join``/``join``;
  ``~may`` marks permission ("may", "can", "possible"), ``~only`` a condition ("only
  if", "provided", "in exchange for"), ``~open`` a statement that a matter is still
  undecided ("still open", "yet to be agreed", "unresolved", "far from clear whether") —
  such a point reports a state of the talks and restates nobody's position; ``~event`` a
  report of an event (a verb in the past tense or of observation, no word of stance);
* ``numbers`` — figures, with "85 thousand" read as 85000 (``#85000`` in ``marks``); a name
  with digits ("G7", "G20") is a word, not a figure; a period spelled out ("a ten-year deal",
  "a decade and a half") is a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .textnorm import clean


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOP = _set(
    """a an the and or of to in on at by for from with as is are was were be been being it its
    this that these those which who whom whose what there their they them he she his her
    we our you your i me my shall will would should must has have had do does did
    into onto upon about over under than then so such also any all each every other
    same own both more most some its itself per via said says say according officials
    including include includes up out off just being after before while during between
    set article paragraph state states party parties
    discuss discusses discussed discussing discussion discussions"""
)
FRAME = "insteadof"  # the token a contrast frame becomes: a negator whose scope runs to the clause's end
FRAME_SCOPE = 12
CONTRAST_FRAME = (
    r"\b(?:instead of|rather than|in place of|as opposed to|in contrast to|unlike|(?:further|higher|beyond) than"
    r"|(?:goes|go|going|gone|went) beyond|breaks? with|broke with|depart(?:s|ed)? from)\b"
)
NEGATORS = _set(
    """not no never nor without renounce renounces renounced renouncing renunciation
    abandon abandons abandoned drop drops dropped refuse refuses refused none cannot
    forgo forgoes exclude excludes excluded excluding ban bans banned prohibit prohibited
    prohibits forbid forbidden neither remove removes removed removing repeal repeals repealed
    scrap scraps scrapped abolish abolishes abolished reject rejects rejected rejecting oppose
    opposes opposed outlaw outlaws outlawed outlawing"""
) | {FRAME}
NEG_PHRASES = (
    ("give", "up"),
    ("gives", "up"),
    ("giving", "up"),
    ("ruled", "out"),
    ("rule", "out"),
    ("rules", "out"),
    ("keep", "out"),
    ("keeps", "out"),
    ("stay", "out"),
    ("stays", "out"),
    ("stay", "outside"),
    ("stays", "outside"),
    ("warn", "against"),
    ("warns", "against"),
    ("warned", "against"),
    ("outside",),
)
NEG_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {}
for _phrase in NEG_PHRASES:
    NEG_FIRST[_phrase[0]] = (*NEG_FIRST.get(_phrase[0], ()), _phrase)
PERMIT = _set("may can could possible possibly allowed allow allows permitted permit right rights remain")
# Conditions named as things ("not made conditional on"): a negation's scope reaches them.
CONDITION_NOUNS = _set(
    """condition conditions conditional conditioned precondition preconditions depend depends
    dependent depending contingent"""
)
CONDITION = CONDITION_NOUNS | _set("only unless provided providing if once until")
# Conditions and permissions named as things ("no right to") can be denied anywhere in a
# negation's scope; a conjunction ("unless", "if") starts a clause of its own.
DENIABLE = CONDITION_NOUNS | _set("right rights allowed permitted possible")
# "guarantees or not", "regardless of guarantees": the condition itself is denied.
NO_CONDITION = re.compile(
    r"\b(?:or not|with or without|whether or not|regardless of|irrespective of|no matter|no strings"
    r"|un(?:conditional|conditionally)|no (?:pre)?conditions?|without (?:any )?(?:pre)?conditions?)\b"
)
# The parties' names: shared with a version, they tie a point to no topic or side by themselves.
ACTORS = _set("ukraine russia us eu nato uk g7 turkiye")
SCOPE_BREAK = _set("but though although however except unless while whereas yet")
SCOPE = 5
NP_NEGATORS = _set("no without none nor neither")
NP_SCOPE = 2  # "without preconditions", "no foreign troops": a noun phrase
DOUBLE_NEGATION = 3  # a negator this close after another cancels it ("not to renounce")
CLAUSE_START = _set("shall will would must should may can to it they its")

# Reporting words mapped onto the library's words (a domain thesaurus, not tuned per point).
SYNONYMS = {
    "kyiv": "ukraine",
    "kiev": "ukraine",
    "ukrainian": "ukraine",
    "ukrainians": "ukraine",
    "moscow": "russia",
    "kremlin": "russia",
    "russian": "russia",
    "washington": "us",
    "american": "us",
    "america": "us",
    "brussels": "eu",
    "european": "europe",
    "london": "uk",
    "british": "uk",
    "britain": "uk",
    "ankara": "turkiye",
    "turkey": "turkiye",
    "alliance": "alliance",
    "bloc": "alliance",
    "blocs": "alliance",
    "truce": "ceasefire",
    "cease": "ceasefire",
    "soldiers": "troop",
    "soldier": "troop",
    "troops": "troop",
    "personnel": "troop",
    "servicemen": "troop",
    "army": "force",
    "armies": "force",
    "forces": "force",
    "military": "military",
    "drills": "exercise",
    "drill": "exercise",
    "cap": "limit",
    "capped": "limit",
    "caps": "limit",
    "ceiling": "limit",
    "ceilings": "limit",
    "limits": "limit",
    "limited": "limit",
    "demilitarization": "demilitarisation",
    "denazification": "de-nazification",
    "km": "kilometre",
    "kilometres": "kilometre",
    "kilometers": "kilometre",
    "disarm": "demilitarisation",
    "disarming": "demilitarisation",
    "disarmament": "demilitarisation",
    "swap": "exchange",
    "swaps": "exchange",
    "captives": "prisoner",
    "pows": "prisoner",
    "shelve": "suspend",
    "shelved": "suspend",
    "shelves": "suspend",
    "shelving": "suspend",
    "suspension": "suspend",
    "suspended": "suspend",
    "pull": "withdraw",
    "leave": "withdraw",
    "leaves": "withdraw",
    "airspace": "sky",
    "skies": "sky",
    "lifted": "lift",
    "lifting": "lift",
    "annexed": "annex",
    "annexations": "annex",
    "annexation": "annex",
    "immobilised": "frozen",
    "immobilized": "frozen",
    "immobilise": "frozen",
    "freeze": "frozen",
}
MULTIPLIERS = {"thousand": 1_000, "k": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "bn": 1_000_000_000}
WORD = re.compile(r"[^\W\d_]+\d+\b|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W\d_]+(?:[-'’][^\W\d_]+)*|[.;:!?,()]")
ONES = ("two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
NUMBER_WORDS = {
    **{w: n for n, w in enumerate(ONES, start=2)},
    **{w: n for n, w in enumerate(TEENS, start=10)},
    **{w: n * 10 for n, w in enumerate(TENS, start=2)},
}
# a period spelled out ("ten years", "a fifteen-year", "thirty-day", "a decade and a half"): a figure
SPELLED_PERIOD = re.compile(
    rf"\b(?P<n>{'|'.join(NUMBER_WORDS)})(?:[- ](?P<u>{'|'.join(ONES)}))?[- ](?P<unit>year|month|day|week|hour)s?\b"
    r"|\b(?:a|one) decade(?P<half> and a half)?\b"
)


def _spelled_period(m: re.Match[str]) -> str:
    if m.group("n") is None:
        return "15 years" if m.group("half") else "10 years"
    ones = NUMBER_WORDS[m.group("u")] if m.group("u") else 0
    return f"{NUMBER_WORDS[m.group('n')] + ones} {m.group('unit')}s"


PHRASES = (
    (SPELLED_PERIOD, _spelled_period),
    (
        re.compile(r"\b(?:(?:as|so) long as|in (?:return|exchange) for|subject to|on the understanding that)\b"),
        "provided",
    ),
    # "without the prior consent of Russia" = "unless Russia consents": a condition, not a negation
    (re.compile(r"\b(?:with|without) (?:the )?(?:prior )?(?:consent|approval|permission)\b"), "provided consent"),
    (
        re.compile(
            r"\b(?:(?:stop|halt|end)(?:s|ped|ed)?(?: to)?(?: the)? (?:firing|fighting|shooting|hostilities)"
            r"|cessation of hostilities|cease[- ]fire)\b"
        ),
        "ceasefire",
    ),
    # "a pause in the fighting", "the guns fall silent": a ceasefire
    (
        re.compile(
            r"\b(?:pause|lull|halt|break|stop) in (?:the )?(?:fighting|hostilities|shooting|combat)\b"
            r"|\bguns (?:(?:will|would|to|must|shall) )?(?:fall|falls|fell|go|goes|went) (?:silent|quiet)\b"
            r"|\bsilenc(?:e|es|ing) the guns\b"
        ),
        "ceasefire",
    ),
    (re.compile(r"\bpull(?:s|ed|ing)? (?:back|out)\b"), "withdraw"),
    (re.compile(r"\bun(?:frozen|freeze|freezes|freezing)\b"), "not frozen ,"),
    # "halt its operations", "end its military operation", "military operations would end": a ceasefire
    (
        re.compile(
            r"\b(?:end|ends|ended|ending|halt|halts|halted|halting|stop|stops|stopped)(?: (?:its|the|all|their))?"
            r" (?:special )?(?:(?:military )?(?:operations?|offensive)|military action)\b"
            r"|\b(?:military (?:operations?|action)|the fighting|hostilities) (?:(?:would|will|shall|to|must) )?"
            r"(?:end|stop|halt|cease)\b"
        ),
        "ceasefire",
    ),
    # "put its NATO bid on hold", "set aside its aim": suspend, keeping what is suspended
    (re.compile(r"\b(?:put|puts|putting|set|sets|setting) ((?:\w+ ){0,3}?)(?:on hold|aside)\b"), r"suspend \1"),
    (re.compile(r"\bon hold\b"), "suspend"),
    (re.compile(r"\b(?:(?:shall|must|may|will|would|could|do) not exceed|(?:no|not) more than|at most)\b"), "limit"),
    (re.compile(r"\bnorth atlantic (?:treaty organi[sz]ation|alliance)\b"), "nato"),
    # "not up for negotiation", "non-negotiable": what is not negotiable
    (re.compile(r"\bup for (?:negotiation|discussion|debate|bargaining)\b"), "negotiable"),
    (re.compile(r"\bnon-?negotiable\b"), "not negotiable"),
    # an office or a venue, not a foreign army or a host country: "the foreign minister", "hosting the talks"
    (re.compile(r"\bforeign (?=minist|affairs|office|secretar|polic)"), ""),
    (
        re.compile(
            r"\bhost(?:s|ed|ing)? (?:the |a |an )?(?:\w+ )?(?:talks|meeting|summit|round|negotiations|conference)\b"
        ),
        "venue",
    ),
    # "instead of X, Y", "goes further than X: Y": X is the position the point sets aside
    (re.compile(CONTRAST_FRAME), f" {FRAME} "),
)
# "The matter is still open": reported as undecided, which is nobody's position ("open to" is not).
UNDECIDED = re.compile(
    r"(?<!must )(?<!shall )(?<!should )(?<!will )(?<!would )"
    # (not a door, airspace or port that stays open, nor "open-ended")
    r"(?<!door )(?<!doors )(?<!airspace )(?<!sky )(?<!skies )(?<!ports )(?<!border )(?<!corridor )(?<!route )"
    r"\b(?:still|remains?|remained|left|is|are|was|were|stays?) (?:an? )?open\b(?! to\b)(?!-)"
    r"|\bopen (?:questions?|issues?)\b"
    r"|\byet to (?:be )?(?:agree|settle|decide|determine|define|resolve)d?\b"
    r"|\bnot (?:yet )?(?:been )?(?:agreed|settled|decided|resolved|determined|discussed|negotiated)\b"
    r"|\bun(?:decided|resolved|settled)\b"
    r"|\bnothing (?:has )?(?:yet )?been agreed\b|\bno agreement (?:yet|so far)\b"
    r"|\b(?:ask\w*|question\w*|unclear|uncertain|say|know\w*|doubt\w*|wonder\w*|debat\w*)\s+whether\b"
    r"|\bdisagree\w*\s+(?:on|over|about)\b"
    r"|^whether\b|\bwithout (?:reaching |any |an? )?(?:agreed )?(?:agreement|deal|result|decision|text)\b"
    r"|\bfail\w* to (?:agree|reach)\b|\bno decision (?:was |has been |had been )?(?:announced|taken|reached|made)\b"
    r"|\b(?:is|are|was|were|remains?|still) (?:unclear|uncertain)\b|\bunclear (?:how|what|when|who|if)\b"
    # a direct question states no position ("Will the West lift sanctions? Nobody is ready to say.")
    r"|\?"
    r"|\b(?:far from|not|hardly) (?:clear|certain)\b|\banyone's guess\b"
    r"|\b(?:cannot|can't|could not|couldn't) be (?:independently )?(?:verified|confirmed)\b"
    r"|\b(?:far|wide|still) apart\b|\b(?:remain\w*|still) (?:\w+ )?divided\b"
    r"|\b(?:are|were) (?:\w+ )?divided (?:on|over|about)\b"
    r"|\b(?:still|being|hotly|widely) (?:debated|discussed|disputed)\b|\bto discuss (?:what|how|whether)\b"
)
# Words that carry a position: obligation, permission, will, refusal, condition ("Kyiv wants",
# "Moscow rejects", "shall", "only if"). A point with none of them and a verb in the past tense
# reports an event ("The Rada voted to extend martial law"), not anyone's position.
POSITION = re.compile(
    r"\b(?:shall|must|should|would|will|won't|may|might|can|cannot|can't|could|(?:is|are|was|were|has|have|had|needs?)"
    r" to|wants?|wanted|demand\w*|insist\w*|calls? for|called for|ask\w*|propos\w*|offer\w*|reject\w*|refus\w*"
    r"|accept\w*|agree\w*|ready|prepared|willing|seeks?|sought|requir\w*|urg\w*|expects?|bars?|bans?|line is"
    r"|position|conditions?|only|never|no longer|rules? out|ruled out|oppos\w*|backs|backed|backing|supports?"
    r"|pledg\w*|commit\w*"
    r"|promis\w*|guarantee[sd]?|undertak\w*|renounc\w*|gives? up|keeps?|remains?|stays?|is|are"
    r"|described|declared|stated|announced|vowed|(?:re)?affirmed|confirmed|endorsed"
    r"|told|tells|called|calls|counter(?:s|ed)?|tabled|suggest\w*|argu\w*|warn\w*|terms|proposals?|stance"
    r"|stress\w*|emphasi[sz]\w*|decide[sd]? to"
    # "X said Y" reports a position; a trailing ", the agency said." only attributes a report
    r"|(?:said|says)(?!\s*[.!?]?\s*$))\b"
)
MONTH_MAY = re.compile(r"\b(?:in|of|since|until|by|early|late|mid) may\b|\bmay (?=\d)")
"""'in May 2022' names a month, not a permission."""
IRREGULAR_PAST = _set(
    """fell took spoke flew came made met went gave held began brought sent told left won lost rose wrote
    became broke built chose drew drove fought found got grew hit kept knew led let meant paid ran saw sold
    stood struck thought threw understood withdrew overtook sought shot spent dug sat slept spread stuck
    swore taught tore wore hung laid lay lit rode rang sank sang shook shone shut slid split sprang stole
    swept swung undertook upheld wept woke forgot forgave froze hid"""
)
PASSIVE_PAST = re.compile(
    r"\b(?:was|were|has been|have been|had been) (?:\w+ )?"
    r"(?:written|taken|given|made|done|seen|known|drawn|shown|held|built|signed)\b"
)
# Verbs that report what was observed ("satellite images show trenches"): a report, not a position.
OBSERVED = _set("show shows showed shown reveal reveals revealed indicate indicates indicated")
# A document handed over with nothing said of its content ("handed over its written proposals,
# officials said"): the delivery is an event, the document's name no word of stance.
DELIVERED = re.compile(
    r"\b(?:hand(?:s|ed)? over|submit(?:s|ted)|deliver(?:s|ed)|present(?:s|ed)|sent|exchang(?:es|ed)|pass(?:es|ed) on)"
    r"(?:\s+(?:its|their|the|a|an|new|fresh|written|revised|own|first|second|latest|draft|russian|ukrainian))*"
    r"\s+(?:proposals?|drafts?|texts?|documents?|repl(?:y|ies)|responses?|counter-?proposals?|memorand\w*|papers?)"
    r"(?=\s*(?:[,.;]|$)"
    r"|\s+(?:by|through|via|over|ahead|at|during|after|before|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)"
)
NOT_BEFORE_FINITE = _set("the a an of its their his her our this that these those and or with for to all any no newly")
AUXILIARIES = _set("was were been has have had is are")
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|[^}]*)?\}\}")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stem: synonyms first, then common suffixes stripped."""
    word = SYNONYMS.get(word, word)
    if len(word) <= 4 or "-" in word:
        return word
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("edly", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "es" and not word.endswith(("sses", "shes", "ches", "xes", "zes")):
                return word[:-1]
            return word[: -len(suffix)] + keep
    return word


@dataclass(frozen=True)
class Features:
    """What matching knows about one text."""

    stems: tuple[str, ...]
    marks: frozenset[str]
    numbers: frozenset[float]
    negated_only: frozenset[str] = frozenset()
    """Stems that occur only inside a negation's scope (never plainly)."""
    signed: tuple[str, ...] = ()
    """The stems in order, those inside a negation's scope written ``¬stem``."""
    heads: frozenset[str] = frozenset()
    """The first stem after each negator: what is negated ("will not *recognise* Crimea"),
    as against the objects that follow it."""
    set_aside: frozenset[str] = frozenset()
    """Stems of a position the point sets aside ("*instead of* recognising the republics, …")."""


def _number(token: str, following: str) -> float | None:
    try:
        value = float(token.replace(",", ""))
    except ValueError:
        return None
    return value * MULTIPLIERS.get(following, 1)


# the talks' calendar ("the next round will be held in Istanbul", "talks would resume on Monday"): news
SCHEDULED = re.compile(
    r"\b(?:talks|round|meeting|summit|negotiations|session|consultations|delegations?)\b[^.;:]{0,60}?"
    r"\b(?:will|would|is to|are to|is due to|are due to|is expected to|are expected to) "
    r"(?:be held|take place|resume|reconvene|meet|convene|start|begin|continue|travel)\b"
)


def _past_event(text: str) -> bool:
    """True when *text* (casefolded) has a verb in the past tense and no word carrying a position."""
    text = DELIVERED.sub(" delivered it", MONTH_MAY.sub(" month ", text))
    if POSITION.search(text):
        return False
    if PASSIVE_PAST.search(text):
        return True  # "was written into the constitution in 2019"
    tokens = re.findall(r"[a-z]+", text.replace("strings attached", "strings"))
    for k, tok in enumerate(tokens):
        past = tok in IRREGULAR_PAST or tok in OBSERVED or (tok.endswith("ed") and len(tok) > 4)
        before = tokens[k - 1] if k else ""
        after = tokens[k + 1] if k + 1 < len(tokens) else ""
        if not past or before in NOT_BEFORE_FINITE:
            continue
        if after == "by" and before not in AUXILIARIES:
            continue  # "the environment damaged by the war": a participle, not the sentence's verb
        return True
    return False


def features(text: str) -> Features:
    """The stems, position marks and figures of *text*."""
    text = clean(text).casefold().replace("’", "'")
    undecided = bool(UNDECIDED.search(text))
    unconditional = bool(NO_CONDITION.search(text))
    event = bool(SCHEDULED.search(text)) or _past_event(text)
    for pattern, replacement in PHRASES:
        text = pattern.sub(replacement, text)
    tokens = [t[:-2] if t.endswith("'s") else t for t in WORD.findall(text)]
    stems: list[str] = []
    marks: set[str] = set()
    numbers: set[float] = set()
    plain: set[str] = set()
    signed: list[str] = []
    scope = 0
    last_negator = -99
    since_negator = 0  # content words since the last negator
    heads: set[str] = set()
    set_aside: set[str] = set()
    framed = False  # inside a contrast frame's scope
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        new_clause = tok in ("and", "or") and nxt in CLAUSE_START
        if tok in ".;:!?,()" or tok in SCOPE_BREAK or new_clause:
            scope = 0
            framed = False
            if tok in CONDITION:
                marks.add("~only")
            i += 1
            continue
        if tok[0].isdigit():
            value = _number(tok, nxt)
            if value is not None:
                numbers.add(value)
                marks.add(f"#{value:g}")
            i += 2 if nxt in MULTIPLIERS else 1
            continue
        phrase = next((p for p in NEG_FIRST.get(tok, ()) if tuple(tokens[i : i + len(p)]) == p), None)
        if tok in NEGATORS or tok.endswith("n't") or phrase:
            # "will not renounce", "never give up": a negated negation keeps what follows.
            double = scope and i - last_negator <= DOUBLE_NEGATION
            scope = 0 if double else (NP_SCOPE if tok in NP_NEGATORS else FRAME_SCOPE if tok == FRAME else SCOPE)
            framed = tok == FRAME and not double
            last_negator = i
            since_negator = 0
            i += len(phrase) if phrase else 1
            continue
        # "not conditional on", "no right to": right after a negator, the condition or permission
        # itself is denied; later in the scope ("no exercises unless…") it starts a clause of its own.
        if tok in PERMIT or tok in CONDITION:
            denied = scope and (not since_negator or tok in DENIABLE)
            mark = "~may" if tok in PERMIT else "~only"
            marks.add(f"¬{mark}" if denied else mark)
            scope = 0  # denied, it is the negation's object; else it starts a clause of its own
            i += 1
            continue
        if tok in STOP or len(tok) < 2:
            i += 1
            continue
        s = stem(tok)
        stems.append(s)
        since_negator += 1
        if scope and since_negator == 1:
            heads.add(s)
        if scope:
            if framed:
                set_aside.add(s)
            marks.add(f"¬{s}")
            signed.append(f"¬{s}")
            scope -= 1
        else:
            plain.add(s)
            signed.append(s)
        i += 1
    if undecided:
        marks.add("~open")
    if unconditional:
        marks.add("¬~only")
    if event:
        marks.add("~event")
    negated = {m[1:] for m in marks if m.startswith("¬")}
    return Features(
        tuple(stems),
        frozenset(marks),
        frozenset(numbers),
        frozenset(negated - plain),
        tuple(signed),
        frozenset(heads),
        frozenset(set_aside - plain - ACTORS),
    )


def fill_defaults(text: str, defaults: dict[str, str]) -> str:
    """*text* with each ``{{ name }}`` placeholder replaced by its default (or the name)."""
    return PLACEHOLDER.sub(lambda m: defaults.get(m.group(1), m.group(1).replace("_", " ")), text)
