"""Who a point says holds its position: "Kyiv insists…", "Moscow's April draft…".

A news line or a negotiator's paraphrase often names the side it reports ("Kyiv refuses to
recognise…", "Under Moscow's text…"). That attribution is evidence of its own, and the one a
bag of words cannot see: "Kyiv refuses to give Russian equal status" shares its words with the
Russian demand it refuses. A speaker is an alias of a party (``clauses/parties.xml``) followed
by a verb of saying, wanting, refusing or framing another side's stance ("Putin inverts…"), or
by a possessive and the name of a document or stance ("Zelensky's seventh point"), or named as
a headline's source ("Kyiv: …") or holder ("For Moscow, …"); an institution (a bloc or
alliance) is also the speaker of its decisions ("the European Council made Ukraine a
candidate"), and a capital, leader or institution opening a sentence with a refusal is its
speaker ("Kyiv will not recognise…", "Brussels will never…"); a compromise, bridging text or
middle path with no party named is the mediator's (the party of ``kind="mediator"``). A party that is only the
grammatical subject of an obligation ("Ukraine will…", "Ukraine renounces…", "Ukraine
promises…") is not a speaker: a plan's points are written that way by whichever side. A source
that is no party ("analysts say", "a retired general wrote") is a commentator: a Speaker with
no party.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import Party
from .textnorm import clean

ROLE = (
    r"(?:negotiators?|negotiating team|officials?|delegation|delegates|government|leaders?|side|"
    r"foreign ministry|foreign minister|ministry|president|presidency|presidential office|"
    r"diplomats?|spokes(?:man|woman|person)|envoys?|team|authorities|administration|chief|(?:security )?compact|camp)"
)
SPEECH = (
    r"(?:says?|said|insists?|insisted|wants?|wanted|demands?|demanded|proposes?|proposed|rejects?|"
    r"rejected|refuses?|refused|argues?|argued|offers?|offered|asks?|asked|presses|pressed|"
    r"signall?e?d|signals|calls? for|called for|urges?|urged|maintains?|maintained|"
    r"made clear|makes clear|seeks?|sought|hopes?|hoped|expects?|tabled|tables|"
    r"puts? forward|floated|floats|suggests?|suggested|concedes?|conceded|sees|saw|no longer sees|"
    r"considers?|considered|believes?|believed|warns?|warned|opposes?|opposed|"
    r"(?:is|was|stands?) (?:ready|prepared)|could live with|"
    r"told|tells|reiterated|reiterates|accepts? only|(?:will|would) only accept|rules? out|ruled out|"
    r"(?:will|would|could|can) (?:never|not) accept|won't accept|cannot accept|can't accept|"
    r"dismiss(?:es|ed)?|rebuff(?:s|ed)?|(?:will|would|does|did) not (?:oppose|object)|(?:has|raises) no objection|"
    # framing another side's position: what follows is the speaker's answer to it
    r"counter(?:s|ed)|invert(?:s|ed)|flip(?:s|ped)|revers(?:es|ed)|turns? around|turned around|"
    r"breaks? with|broke with|goes further|went further|goes beyond|went beyond|calls?|called|"
    r"brands?|branded|sets? the bar|describ(?:es|ed)|fram(?:es|ed)|portray(?:s|ed)|"
    r"(?:is|are|was|were) (?:calling for|asking|pressing|demanding|insisting|seeking|proposing|offering|urging|"
    r"pushing for|refusing|rejecting))"
)
FILLER = r"(?:(?:has|have|had|also|now|still|again|repeatedly|publicly|firmly|long|already|only|is|was)\s+){0,2}"
STANCE = (
    r"(?:(?:\w+[- ])?(?:text|draft|offer|proposals?|plan|view|position|line|formula|reply|"
    r"counter-?proposals?|terms|conditions|demands?|stance|memorandum|insistence|red lines?|idea|"
    r"package|answer|response|approach|pledge|communiqu[eé]|declaration|framework|blueprint|"
    r"peace formula|request|deal|agreement|compact|points?|condition|price|model|counter|compromise|pact|"
    r"version|vision|roadmap|ultimatum|bottom line|wish list))"
)
INSTITUTIONS = ("bloc", "alliance")
"""Kinds of party (``kind`` in parties.xml) whose acts are decisions, so positions."""
# what an institution did: a decision ("made Ukraine a candidate", "opened negotiations"),
# not a meeting ("gathered", "discussed") or a participle ("NATO included")
DECIDED = (
    r"(?:made|gave|granted|opened|decided|agreed|adopted|approved|declared|called|endorsed|confirmed|"
    r"reaffirmed|launched|extended|imposed|renewed|lifted|set|took|spoke|committed|invited|welcomed|"
    r"recognised|recognized|backed|offered|announced|resolved|voted)"
)
# a source that is no party: what it says or proposes is commentary, nobody's position
COMMENTATOR = re.compile(
    r"\b(?:analysts?|experts?|think[- ]tanks?|commentators?|columnists?|scholars?|academics?|generals?|"
    r"observers?|critics?|researchers?|editorials?|professors?|pundits?|economists?)\s+"
    + FILLER
    + rf"(?:{SPEECH}|wr(?:ote|ites)|argues|proposes|suggests)\b"
)
# "will not say / comment / attend": silence or absence, not a refusal of a position
SILENT = (
    r"(?:say|said|comment|confirm|deny|disclose|reveal|specify|elaborate|speculate|discuss|attend|travel|go|"
    r"send|publish|hold|meet|answer|respond|release|name|give details)\b"
)
# a compromise between the sides is the mediator's genre ("a bridging formula", "the middle path")
BRIDGING = re.compile(
    r"\b(?:a|an|the|one|this|that)\s+(?:[\w'-]+\s+)?(?:compromise"
    r"|bridging (?:text|draft|formula|idea|plan|proposal|wording|language)s?"
    r"|middle (?:path|ground|way|road)|halfway house)\b"
)
REPORTING = re.compile(r"\b(?:says?|said|told|tells|reiterated|reiterates)$")
REFUSING = re.compile(
    r"(?<!not )(?<!never )\b(?:reject\w*|refus\w*|oppos\w*|rules? out|ruled out|dismiss\w*|rebuff\w*"
    r"|(?:never|not|won't|cannot|can't) accept)\b"
)
DENIED = re.compile(r"\b(?:no|not|without|nor)\s+(?:the\s+)?$")
REJECTING = re.compile(
    r"\b(?:reject\w*|refus\w*|dismiss\w*|oppos\w*|resist\w*|against|despite|counter\w*)\W+(?:\w+\W+)?$"
)


@dataclass(frozen=True)
class Speaker:
    """The party a point names as holding its position, and the words that name it."""

    party: str
    phrase: str
    name: str = ""
    """The alias that names the party ("kyiv" in "kyiv's third condition")."""
    owned: bool = False
    """True when the phrase names a document or stance of the party ("Kyiv's third condition")."""
    occasion: bool = False
    """True when the phrase is an occasion only this party's versions cite ("Jeddah")."""
    opening: bool = False
    """True when the phrase opens the point ("Blinken said a pullback…"), not a trailing attribution."""
    inferred: bool = False
    """True when the attribution is read from the sentence's shape alone: a report opening the
    point, a first-person refusal ("Kyiv will not…"), a compromise with no party named."""

    @property
    def stance(self) -> bool:
        """True when the words name a stance ("insists", "'s draft", "Blinken said…" opening the
        point), not only attribute a report ("…, officials said")."""
        return not self.occasion and (self.opening or not REPORTING.search(self.phrase))

    def without_label(self, text: str) -> str:
        """*text* with a document or stance label reduced to the party's name ("Kyiv's third
        condition" → "kyiv"): the label's words ("condition", "terms") are not the position."""
        if not self.owned:
            return text
        t = clean(text).casefold().replace("’", "'")
        return t.replace(self.phrase, self.name + (":" if self.phrase.endswith(":") else ""), 1)

    @property
    def commentator(self) -> bool:
        """True when the point's source is no party ("…, a retired general wrote")."""
        return not self.party

    @property
    def refuses(self) -> bool:
        """True when the speaker refuses what the point goes on to say ("Kyiv rejects…")."""
        return bool(REFUSING.search(self.phrase))

    def vouches_for(self, party: str) -> bool:
        """True when the point names *party* with a stance ("Kyiv insists…", not "…, Kyiv said")."""
        return self.stance and self.party == party


class Speakers:
    """Finds the speaker of a point among the parties' aliases (``<aliases>`` in parties.xml)."""

    def __init__(
        self,
        aliases: Mapping[str, Iterable[str]],
        institutions: Iterable[str] = (),
        countries: Mapping[str, str] | None = None,
        mediator: str | None = None,
    ) -> None:
        self.mediator = mediator
        self.owner = {a.casefold(): party for party, names in aliases.items() for a in names if a.strip()}
        ordered = sorted(self.owner, key=len, reverse=True)
        names = "|".join(re.escape(a) for a in ordered)
        bodies = "|".join(re.escape(a) for a in ordered if self.owner[a] in set(institutions))
        # who refuses in the first person ("Kyiv will not recognise…"): a capital, a leader, an
        # office or an institution, not the country's own name ("Ukraine will never join NATO"
        # is the other side's term for Ukraine), which shares its stem with the party's name
        homes = {
            code: [w[:4].casefold() for w in name.split() if len(w) >= 4] for code, name in (countries or {}).items()
        }
        refusers = "|".join(re.escape(a) for a in ordered if a[:4] not in homes.get(self.owner[a], ()))
        self._pattern = self._joint = None
        if not names:
            return

        def actor(group: str, who: str = names) -> str:
            # "Kyiv", "the Kremlin's spokesman", "leaders of the Seven"
            return rf"(?:{ROLE}s?\s+of\s+)?(?:the\s+)?(?P<{group}>{who})(?:(?:'s)?\s+{ROLE})?"

        # an institution's act is its decision ("the European Council made Ukraine a candidate")
        acts = rf"|{actor('body', bodies)}\s+{FILLER}{DECIDED}\b" if bodies else ""

        self._joint = re.compile(rf"\b(?P<other>{names})\b[^.;:!?]{{0,40}}\band\s+(?:[\w-]+\s+){{0,4}}$")
        self._pattern = re.compile(
            rf"\b(?:according to\s+{actor('source')}\b|{actor('actor')}\s+{FILLER}{SPEECH}\b|"
            rf"(?P<owner>{names})'s\s+(?:[\w-]+\s+){{0,2}}?{STANCE}\b)"
            # a headline's attribution ("Kyiv: …", "Brussels' line: …") or "For Moscow, …" opening a sentence
            rf"|(?:^|[.;!?]\s+)(?:for\s+{actor('holder')}\b|{actor('headline')}(?:'s?\s+(?:[\w-]+\s+){{0,2}}{STANCE})?\s*:"
            rf"|{actor('refuser', refusers)}\s+{FILLER}(?:(?:will|would|shall)\s+(?:not|never)|won't|wouldn't)\b"
            rf"(?!\s+{SILENT}))" + acts
        )

    @property
    def alias_words(self) -> frozenset[str]:
        """Every word of every alias, casefolded."""
        return frozenset(w for alias in self.owner for w in alias.split())

    @classmethod
    def of(cls, parties: Mapping[str, Party]) -> Speakers:
        """The speakers of a library: each party's aliases (built once per set of aliases)."""
        institutions = tuple(code for code, p in parties.items() if p.kind in INSTITUTIONS)
        countries = tuple((code, p.name) for code, p in parties.items() if p.kind == "state")
        mediators = [code for code, p in parties.items() if p.kind == "mediator"]
        mediator = mediators[0] if len(mediators) == 1 else None
        return _speakers(tuple((code, p.aliases) for code, p in parties.items()), institutions, countries, mediator)

    def find(self, text: str) -> Speaker | None:
        """The first party *text* names as the holder of its position; else a commentator
        who is no party (a Speaker with no party: "analysts say"), or None."""
        if self._pattern is None:
            return None
        t = clean(text).casefold().replace("’", "'")
        for m in self._pattern.finditer(t):
            groups = ("actor", "source", "owner", "holder", "headline", "refuser", "body")
            name = next(m.group(g) for g in groups if m.group(g))
            if m.group("owner") and REJECTING.search(t[: m.start()]):
                continue  # "rejecting Moscow's demand…": the demand is what the speaker refuses
            if DENIED.search(t[: m.start()]):
                continue  # "no Russian say in…": a say denied, not a speaker
            both = self._joint.search(t[: m.start()])
            if both and self.owner[both.group("other")] != self.owner[name]:
                return None  # "both the Kremlin and Kyiv said…": no one side's position
            owned = bool(m.group("owner") or m.group("headline"))
            opening = not t[: m.start()].strip(" \"'")
            inferred = bool(m.group("refuser")) or (opening and bool(REPORTING.search(m.group(0))))
            return Speaker(self.owner[name], m.group(0), name, owned, opening=opening, inferred=inferred)
        bridge = BRIDGING.search(t) if self.mediator else None
        if bridge:
            return Speaker(self.mediator, bridge.group(0), inferred=True)
        comment = COMMENTATOR.search(t)
        return Speaker("", comment.group(0)) if comment else None


@functools.lru_cache(maxsize=8)
def _speakers(
    aliases: tuple[tuple[str, tuple[str, ...]], ...],
    institutions: tuple[str, ...],
    countries: tuple[tuple[str, str], ...],
    mediator: str | None,
) -> Speakers:
    return Speakers(dict(aliases), institutions, dict(countries), mediator)
