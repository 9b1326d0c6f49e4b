"""Who a point says holds its position: speakers found from the parties' aliases."""

from __future__ import annotations

import pytest

from clauselib.library import Library, Workspace
from clauselib.speakers import Speakers
from tests.conftest import REPO


@pytest.fixture(scope="module")
def speakers() -> Speakers:
    return Speakers.of(Library.load(Workspace(REPO)).parties)


@pytest.mark.parametrize(
    ("text", "party", "phrase"),
    [
        ("Kyiv refuses to recognise Crimea as part of Russia.", "UA", "kyiv refuses"),
        ("Moscow insists that Ukraine stay out of NATO.", "RU", "moscow insists"),
        ("Under Moscow's April draft, Ukraine would hold no exercises.", "RU", "moscow's april draft"),
        ("According to Washington, the guarantees must come from Europe.", "US", "according to washington"),
        ("The Ukrainian delegation has repeatedly said the border is not negotiable.", "UA", None),
        (
            "Britain's ten-year security agreement with Kyiv promises training.",
            "UK",
            "britain's ten-year security agreement",
        ),
        # the demand a speaker rejects is not the speaker's position
        ("Rejecting Moscow's demand for neutrality, the Ukrainian delegation called for guarantees.", "UA", None),
        ("Zelensky’s formula asks for a special tribunal.", "UA", "zelensky's formula"),
        # a headline's attribution, "For X, …", a numbered point, a camp
        ("Kyiv: neutrality only after a referendum.", "UA", "kyiv:"),
        ("For Moscow, there is no carve-out for the attacking state.", "RU", "for moscow"),
        ("Zelensky's seventh point: a special tribunal.", "UA", "zelensky's seventh point"),
        ("Zelensky's camp: no neutrality without guarantees.", "UA", "zelensky's camp:"),
        ("EU leaders will never accept the annexation.", "EU", "eu leaders will never accept"),
        ("The go-between proposes interim protection for both sides.", "MED", "the go-between proposes"),
        ("Leaders of the Seven said the reserves stay frozen.", "G7", "leaders of the seven said"),
        # the subject framing another side's stance is the speaker, not the stance's owner
        ("Putin inverts Kyiv's formula: Ukrainian troops leave the four regions.", "RU", "putin inverts"),
        ("Moscow calls the G7 loan scheme theft.", "RU", "moscow calls"),
        ("No alliance, ever: that is how the Russian president framed it.", "RU", "the russian president framed"),
        # a capital, leader or institution refusing in the first person, opening the sentence
        ("Kyiv will not recognise the republics as independent states.", "UA", "kyiv will not"),
        ("The EU will never hand the reserves back.", "EU", "the eu will never"),
    ],
)
def test_finds_the_speaker(speakers: Speakers, text: str, party: str, phrase: str | None) -> None:
    found = speakers.find(text)
    assert found is not None and found.party == party
    if phrase:
        assert found.phrase == phrase


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine will not join NATO.",  # the subject of an obligation is not a speaker
        "Ukraine will never join NATO.",  # the country's own name is the object of the terms
        "In that scenario, Kyiv would not renounce its bid for good.",  # not the sentence's opening
        "The Kremlin will not confirm whether Putin met the envoy.",  # silence, not a refusal
        "Zelensky will not travel to Istanbul for the signing.",
        "Ukraine renounces its intention to join military alliances.",
        "Russia shall withdraw its troops.",
        "Both the Kremlin and the presidential office in Kyiv said the contacts would continue.",
        "The European Commission is expected to publish its opinion in June.",
        "Neutrality was discussed for three hours.",
        "No guarantor and no Russian say in Ukraine's accession.",  # a say denied
    ],
)
def test_no_speaker(speakers: Speakers, text: str) -> None:
    assert speakers.find(text) is None


def test_a_report_is_not_a_stance(speakers: Speakers) -> None:
    said = speakers.find("No date has been fixed for the next round, a Kremlin spokesman said.")
    wants = speakers.find("The Kremlin wants the sanctions lifted.")
    assert said is not None and said.party == "RU" and not said.stance
    assert wants is not None and wants.stance


def test_a_refusal_is_marked(speakers: Speakers) -> None:
    refuses = speakers.find("Kyiv rejects the notion that the mandate has expired.")
    insists = speakers.find("Moscow insists the mandate has expired.")
    never = speakers.find("EU leaders will never accept the annexation.")
    assert refuses is not None and refuses.refuses
    assert never is not None and never.refuses
    assert insists is not None and not insists.refuses
    consents = speakers.find("Russia will not oppose Ukraine's accession to the EU.")
    assert consents is not None and consents.party == "RU" and not consents.refuses


def test_a_stance_label_is_not_the_position(speakers: Speakers) -> None:
    labelled = speakers.find("Kyiv's third condition: end the strikes on power plants.")
    spoken = speakers.find("Kyiv insists on an end to the strikes.")
    assert labelled is not None and labelled.without_label(
        "Kyiv's third condition: end the strikes on power plants."
    ) == ("kyiv: end the strikes on power plants.")
    assert spoken is not None and spoken.without_label("Kyiv insists on an end.") == "Kyiv insists on an end."


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("The European Council made Ukraine a candidate country.", "EU"),
        ("Allied leaders called Ukraine's path to membership irreversible.", "NATO"),
        ("NATO leaders gathered in Vilnius.", None),  # a meeting, not a decision
        ("Every alliance, NATO included, stays closed to Ukraine.", None),  # a participle
        ("Russia annexed Crimea in 2014.", None),  # a state's act is an event; kind="state" in parties.xml
    ],
)
def test_an_institutions_decision_is_its_position(speakers: Speakers, text: str, party: str | None) -> None:
    found = speakers.find(text)
    assert (found.party if found else None) == party
    assert found is None or found.stance


def test_a_commentator_is_no_party(speakers: Speakers) -> None:
    general = speakers.find("Ukraine should host NATO nuclear weapons, a retired general wrote.")
    tank = speakers.find("A think tank proposes splitting the frozen reserves between Kyiv and Moscow.")
    party_first = speakers.find("Analysts say Kyiv insists on guarantees.")
    assert general is not None and general.commentator and not general.vouches_for("UA")
    assert tank is not None and tank.commentator
    assert party_first is not None and party_first.party == "UA"  # a party named as holder comes first


def test_aliases_come_from_the_workspace() -> None:
    assert Speakers({}).find("Kyiv insists on guarantees.") is None
    custom = Speakers({"CN": ("Beijing", "China")})
    found = custom.find("Beijing proposed a ceasefire.")
    assert found is not None and found.party == "CN"


def test_an_alias_given_to_two_parties_is_refused(shipped, run) -> None:
    parties = shipped / "clauses" / "parties.xml"
    text = parties.read_text(encoding="utf-8")
    parties.write_text(text.replace("<aliases>Ukraine, Kyiv", "<aliases>Ukraine, Moscow, Kyiv", 1), encoding="utf-8")
    line = next(
        n for n, row in enumerate(parties.read_text(encoding="utf-8").splitlines(), 1) if "Ukraine, Moscow" in row
    )
    result = run(shipped, "check")
    assert result.exit_code == 1
    assert f"clauses/parties.xml:{line}: alias 'Moscow' is given to both RU and UA" in result.output


def test_a_report_opening_the_point_states_the_speakers_position(speakers: Speakers) -> None:
    opening = speakers.find("Blinken said a pullback alone would not be enough to ease sanctions.")
    trailing = speakers.find("A pullback alone would not be enough to ease sanctions, Blinken said.")
    assert opening is not None and opening.party == "US" and opening.stance
    assert trailing is not None and trailing.party == "US" and not trailing.stance


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("Under the compromise being floated, Ukraine would shelve its NATO bid.", "MED"),
        ("A bridging formula would bar a guarantor that is the aggressor.", "MED"),
        ("A diplomat's middle path: the east returns to Kyiv's control.", "MED"),
        ("Kyiv's compromise offer keeps the door to the EU open.", "UA"),  # a named party comes first
        ("Neither side is ready to compromise on Crimea.", None),  # a verb, no compromise on the table
    ],
)
def test_a_compromise_is_the_mediators(speakers: Speakers, text: str, party: str | None) -> None:
    found = speakers.find(text)
    assert (found.party if found else None) == party


def test_a_speaker_read_from_the_sentence_shape_is_inferred(speakers: Speakers) -> None:
    assert speakers.find("Kyiv will not recognise the republics.").inferred
    assert speakers.find("Blinken said a pullback alone is not enough.").inferred
    assert speakers.find("Under the compromise, the bid is shelved.").inferred
    assert not speakers.find("Kyiv refuses to recognise the republics.").inferred
