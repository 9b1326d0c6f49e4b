"""compare and search: attribution on the shipped library, the evidence, time, formats, cache."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from clauselib import match_index
from clauselib.compare import build_index, compare, search
from clauselib.documents import load_document
from clauselib.library import Library, Workspace
from clauselib.plaintext import read_text
from tests.conftest import write_clause
from tests.labelled import by_speaker, evaluate, load_points

PLAN = "reported-15-point-plan-2022-03-16"


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Library:
    from tests.conftest import REPO

    root = tmp_path_factory.mktemp("ws")
    import shutil

    for name in ("clauses", "drafts"):
        shutil.copytree(REPO / name, root / name)
    return Library.load(Workspace(root.resolve()))


# -- accuracy on the labelled set ----------------------------------------------------------


def test_labelled_set_is_large_enough_and_split() -> None:
    rows = load_points()
    assert len(rows) >= 60
    assert sum(r["hard"] for r in rows) * 2 >= len(rows)
    assert all(r["hard"] for r in rows if r.get("batch") == "adversarial")
    assert {r["split"] for r in rows} == {"tune", "heldout"}
    assert sum(r["party"] is None for r in rows) >= 10
    held = load_points("heldout")
    assert len(held) >= 60 and all(r["batch"] == "fresh8" for r in held)
    assert sum(r["party"] is None for r in held) >= 20
    # every fresh party point names the version it restates, of that party and topic
    assert all(r["evidence"] and r["why"] for r in held if r["party"])


def test_labelled_accuracy(library: Library, capsys) -> None:
    index = build_index(library)
    figures = {
        "held-out (fresh8)": evaluate(load_points("heldout"), library, index=index),
        "tuning": evaluate(load_points("tune"), library, index=index),
        **{
            f"tuning, round-{n} held-out ({batch})": evaluate(load_points("tune", batch), library, index=index)
            for n, batch in (
                (10, "fresh7"),
                (9, "fresh6"),
                (8, "fresh5"),
                (7, "fresh4"),
                (6, "fresh3"),
                (5, "fresh2"),
                (4, "fresh"),
            )
        },
        "tuning, adversarial batch": evaluate(load_points("tune", "adversarial"), library, index=index),
    }
    named, plain = by_speaker(load_points("heldout"), library)
    figures["held-out, points naming a speaker"] = evaluate(named, library, index=index)
    figures["held-out, points naming none"] = evaluate(plain, library, index=index)
    with capsys.disabled():
        print()
        for name, f in figures.items():
            print("compare labelled set —", f.line(name))
    held, tune = figures["held-out (fresh8)"], figures["tuning"]
    # The goals are 85 % overall, 75 % hard and <= 1 in 10 none points attributed on the held-out
    # part. Measured once at the end of round 11 (the speaker rule) on fresh8, a set written to
    # borrow the other side's vocabulary far more than any before (51 of its 82 party points
    # share more words with a wrong side's version; 16 in earlier sets): 59 %, 37 %, 2 in 34
    # (only the none goal met; see the README). The floors sit just under the measured levels.
    assert held.accuracy >= 0.56, held.wrong
    assert held.hard_accuracy >= 0.35, held.wrong
    assert held.false_rate <= 0.10, held.wrong
    assert tune.accuracy >= 0.85, tune.wrong
    assert tune.false_rate <= 0.05, tune.wrong


# -- the side step ---------------------------------------------------------------------------


def test_negation_separates_sides(library: Library) -> None:
    no = search("Ukraine will never join NATO.", library)
    yes = search("Ukraine's right to join NATO is preserved; its path to membership is irreversible.", library)
    assert (no.verdict, no.party) == ("restates", "RU")
    assert (yes.verdict, yes.party) == ("restates", "NATO")
    kinds = {e.kind for e in no.evidence}
    assert "negation" in kinds


def test_a_named_speaker_decides_the_side(library: Library) -> None:
    # The same words restate Russia's demand, unless the point says Kyiv refuses it.
    demand = search("Ukraine shall repeal its laws and change its government in the name of denazification.", library)
    refused = search(
        "Kyiv rejects Moscow's demand for 'denazification': the repeal of its laws and a change of government"
        " are not up for negotiation.",
        library,
    )
    assert (demand.verdict, demand.party) == ("restates", "RU")
    assert (refused.verdict, refused.party) == ("restates", "UA")
    speaker = [e for t in refused.topics for e in t.evidence if e.kind == "speaker"]
    assert speaker and "'kyiv rejects'" in speaker[0].detail
    assert not any(e.kind == "speaker" for t in demand.topics for e in t.evidence)


def test_a_speaker_refusing_the_best_match_holds_the_other_position(library: Library) -> None:
    # The words match Russia's claim about the mandate; the point says Kyiv dismisses it.
    claim = search("The president's mandate has run out and his signature would not be valid.", library)
    dismissed = search(
        "Kyiv dismisses the Kremlin line that the president's mandate has run out and his signature would not"
        " be valid.",
        library,
    )
    assert (claim.verdict, claim.party) == ("restates", "RU")
    assert (dismissed.verdict, dismissed.party) == ("restates", "UA")
    assert any(e.kind == "speaker" and "kyiv dismisses" in e.detail for t in dismissed.topics for e in t.evidence)


def test_an_institutions_past_decision_restates_its_position(library: Library) -> None:
    decided = search(
        "In June 2022 the European Council made Ukraine a candidate country, its progress depending"
        " on its own reforms.",
        library,
    )
    happened = search(
        "In June 2022 Ukraine became a candidate country, its progress depending on its own reforms.", library
    )
    assert (decided.verdict, decided.party) == ("restates", "EU")
    assert happened.verdict == "closest"  # the same fact with no one deciding it: an event


def test_an_open_door_is_not_an_open_question() -> None:
    from clauselib.matchtext import features

    assert "~open" in features("Whether Ukraine may join remains an open question.").marks
    assert "~open" in features("The question of neutrality remains open for now.").marks
    assert "~open" not in features("The EU door stays open and the airspace stays open.").marks
    assert "~open" not in features("The list of guarantors is open-ended.").marks
    assert "~open" in features("The two sides still disagree on the size of the army.").marks
    assert "~open" in features("Moscow and Kyiv remain sharply divided over Crimea.").marks
    assert "~open" in features("The casualty figures could not be independently verified.").marks


def test_a_document_handed_over_says_nothing_of_its_content() -> None:
    from clauselib.matchtext import features

    assert "~event" in features("The next round of talks on neutrality will be held in Istanbul.").marks

    assert "~event" in features("The Russian side handed over its written proposals, officials said.").marks
    assert "~event" in features("The delegations exchanged draft texts by e-mail on Sunday.").marks
    assert "~event" not in features("Russia handed over a draft demanding neutrality.").marks


def test_a_name_with_digits_is_a_word_not_a_figure() -> None:
    from clauselib.matchtext import features

    f = features("The G7 and the G20 agreed to train 85 thousand troops.")
    assert f.numbers == {85000} and {"g7", "g20"} <= set(f.stems)


def test_a_period_spelled_out_is_a_figure() -> None:
    from clauselib.matchtext import features

    assert features("a ten-year security agreement").numbers == {10}
    assert features("support for a decade").numbers == {10}
    assert features("no force for a decade and a half").numbers == {15}
    assert features("within twenty-five days").numbers == {25}
    assert features("the two sides met").numbers == set()  # a count of things is left a word


def test_an_office_a_venue_or_a_discussion_is_no_position(library: Library) -> None:
    from clauselib.matchtext import features

    assert "foreign" not in features("The foreign ministers met.").stems
    assert "host" not in features("Ankara is hosting the next round of talks.").stems
    assert "host" in features("Ukraine shall not host foreign bases.").stems
    assert "discuss" not in set(features("NATO ministers discussed Ukraine's neutrality.").stems)
    result = search("Turkey's foreign minister was upbeat after hosting the talks in Antalya.", library)
    assert result.verdict in ("none", "closest")


def test_a_commentators_view_is_nobodys_position(library: Library) -> None:
    demand = search("Ukraine shall never join NATO.", library)
    column = search("Ukraine shall never join NATO, one retired general argues.", library)
    assert (demand.verdict, demand.party) == ("restates", "RU")
    assert column.verdict == "closest"
    assert any(e.kind == "commentary" for t in column.topics for e in t.evidence)


def test_a_contrast_frame_sets_a_position_aside(library: Library) -> None:
    from clauselib.matchtext import features

    framed = "Instead of recognising the Donetsk and Luhansk republics as independent states, Ukraine would"
    f = features(framed + " restore its control over them.")
    assert {"recognis", "donetsk", "republic", "independent"} <= f.set_aside
    assert "control" not in f.set_aside and "ukraine" not in f.set_aside
    assert features("Rather than lifting sanctions at once, relief comes in stages.").set_aside >= {"lift"}
    plain = search("Ukraine recognises the Donetsk and Luhansk republics as independent states.", library)
    aside = search(framed + " restore its control over them under a compromise.", library)
    assert (plain.verdict, plain.party) == ("restates", "RU")
    assert aside.party != "RU"
    territory = next(t for t in aside.topics if t.topic == "territory")
    assert any("sets aside 'donetsk'" in e.detail for e in territory.evidence)


def test_figures_decide_between_same_wordings(library: Library) -> None:
    ru = search("The army of Ukraine is capped at 85,000 personnel.", library)
    ua = search("The army of Ukraine is capped at 250,000 personnel.", library)
    assert ru.party == "RU" and ua.party == "UA"
    assert any(e.kind == "figure" and "85,000" in e.detail for e in ru.evidence)
    ru_topic = next(t for t in ru.topics if t.topic == "armed-forces")
    assert any(e.party == "UA" and e.detail.startswith("against") for e in ru_topic.evidence)  # and what speaks against


def _tiny(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "clauses").mkdir(parents=True)
    from tests.conftest import REPO

    for name in ("parties.xml", "topics.xml"):
        (root / "clauses" / name).write_bytes((REPO / "clauses" / name).read_bytes())
    text = '<title>T</title><source>S</source><text xml:lang="en"><p>{}</p></text>'
    write_clause(
        root,
        "grain",
        1,
        text.format("Grain exports by sea stay open through the Black Sea ports."),
        topic="food-security",
        party="UA",
        date="2022-07-01",
    )
    write_clause(
        root,
        "grain",
        2,
        text.format("Grain exports by sea stay open through the Black Sea ports, says Ankara."),
        topic="food-security",
        party="TR",
        date="2022-08-01",
        based_on="1",
    )
    write_clause(
        root,
        "grain",
        3,
        text.format("Ships carrying grain are inspected in Istanbul."),
        topic="food-security",
        party="RU",
        date="2023-01-01",
        based_on="2",
    )
    return root


def test_earliest_party_decides_among_equal_matches(tmp_path: Path) -> None:
    library = Library.load(Workspace(_tiny(tmp_path).resolve()))
    result = search("Grain exports by sea through the Black Sea ports stay open.", library)
    topic = result.topics[0]
    assert (topic.verdict, topic.party) == ("restates", "UA")
    assert any(e.kind == "earliest" for e in topic.evidence)


def test_as_of_ignores_later_versions(tmp_path: Path) -> None:
    library = Library.load(Workspace(_tiny(tmp_path).resolve()))
    early = search("Ships with grain are inspected in Istanbul.", library, as_of=dt.date(2022, 9, 1))
    late = search("Ships with grain are inspected in Istanbul.", library)
    assert all(m.date <= "2022-09-01" for m in early.matches)
    assert late.party == "RU" and early.party != "RU"


def test_unrelated_sentence_is_none(library: Library) -> None:
    result = search("The weather in Geneva was sunny all week.", library)
    assert result.verdict == "none" and result.party is None


# -- whole plans -----------------------------------------------------------------------------


def test_reported_plan_every_point_gets_a_verdict(library: Library) -> None:
    plan = load_document(PLAN, library.workspace, library)
    result = compare(plan, library)
    assert result.as_of == plan.date
    reported = [p for p in result.points if p.status == "reported"]
    assert len(reported) == 6 and all(p.verdict in ("restates", "contested", "closest", "none") for p in reported)
    assert [p.verdict for p in result.points if p.status == "unknown"] == ["unknown"]
    assert all(m.date <= "2022-03-16" for p in result.points for m in p.matches)
    # Versions reconstructed from the plan's own report are left out: no circular evidence.
    assert {"neutrality@1", "language@1", "no-foreign-bases@1"} <= set(result.left_out)
    assert not {m.ref for p in result.points for m in p.matches} & set(result.left_out)
    assert "territory@1" not in result.left_out  # cites Peskov (7 March) as well: independent
    by_label = {p.label: p for p in reported}
    assert (by_label["2"].verdict, by_label["2"].party) == ("restates", "RU")  # Peskov 7 March, Lavrov 16 March
    assert (by_label["4"].verdict, by_label["4"].party) == ("restates", "RU")
    # Point 6 says questions are open: it restates nobody's position.
    assert by_label["6"].verdict != "restates"
    assert any(e.kind == "open" for e in by_label["6"].evidence)
    assert result.summary.parties == {"RU": 2}
    assert result.summary.answer.startswith("2 of 6 reported points restate RU positions")
    # With the derived versions kept, the press's reading ("a restatement of Russian positions").
    kept = compare(plan, library, keep_derived=True)
    assert kept.left_out == () and kept.summary.parties.get("RU", 0) >= 4


def test_single_party_topic_needs_real_evidence(library: Library) -> None:
    early = dt.date(2022, 3, 1)  # only UA had stated a ceasefire position then
    hit = search("Kyiv's delegation asked for an immediate ceasefire.", library, as_of=early)
    assert (hit.verdict, hit.party) == ("restates", "UA")
    assert any(
        e.kind == "single" and "no other party had a position on this topic by 2022-03-01" in e.detail
        for e in hit.evidence
    )
    weak = search("The delegations met in Belarus and agreed to meet again.", library, as_of=early)
    assert weak.verdict != "restates"


def test_assembled_draft_shows_party_balance(library: Library, tmp_path: Path) -> None:
    manifest = tmp_path / "d.xml"
    manifest.write_text(
        '<draft id="d"><title>Balance</title><article clause="neutrality" version="3"/>'
        '<article clause="armed-forces" version="2"/><article clause="sanctions-relief" version="3"/></draft>'
    )
    draft = load_document(str(manifest), library.workspace, library)
    result = compare(draft, library)
    assert [p.provenance_party for p in result.points] == ["UA", "RU", "EU"]
    assert [p.party for p in result.points] == ["UA", "RU", "EU"]


# -- CLI and formats ---------------------------------------------------------------------------


def test_cli_compare_all_formats(shipped: Path, run, golden) -> None:
    text = run(shipped, "compare", PLAN)
    assert text.exit_code == 0, text.output
    golden("compare/reported-plan.txt", text.output)
    data = json.loads(run(shipped, "compare", PLAN, "--format", "json").output)
    assert set(data) == {"plan", "settings", "summary", "points"}
    point = data["points"][0]
    assert {"label", "text", "verdict", "party", "topics", "evidence", "matches"} <= set(point)
    assert {"clause", "version", "party", "topic", "score", "shared"} <= set(point["matches"][0])
    rows = list(csv.DictReader(io.StringIO(run(shipped, "compare", PLAN, "--format", "csv").output)))
    assert {r["label"] for r in rows} >= {"1", "2", "3", "4", "5", "6"}
    out = shipped / "report.html"
    assert run(shipped, "compare", PLAN, "-o", str(out)).exit_code == 0
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<mark>" in html and "http" not in html.split("<body>")[0]
    golden("compare/reported-plan.html", html)


def test_csv_and_html_neutralise_hostile_text(shipped: Path, run) -> None:
    plan = shipped / "plan.md"
    plan.write_text('1. =HYPERLINK("http://x") no foreign military bases <script>alert(1)</script>\n2. @SUM(A1)\n')
    rows = list(csv.reader(io.StringIO(run(shipped, "compare", str(plan), "--format", "csv").output)))
    cells = [c for row in rows[1:] for c in row]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    html = run(shipped, "compare", str(plan), "--format", "html").output
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_cli_search_and_errors(shipped: Path, run) -> None:
    result = run(shipped, "search", "All sanctions imposed since 2014 are lifted.")
    assert result.exit_code == 0 and result.output.startswith("restates RU")
    data = json.loads(run(shipped, "search", "no foreign bases", "--format", "json").output)
    assert data["matches"] and data["verdict"]
    bad_topic = run(shipped, "search", "x y", "--topic", "neutrallity")
    assert bad_topic.exit_code == 1 and "did you mean 'neutrality'" in bad_topic.output
    bad_date = run(shipped, "compare", PLAN, "--as-of", "16/03/2022")
    assert bad_date.exit_code == 2
    missing = run(shipped, "compare", "no-such-plan")
    assert missing.exit_code == 1 and missing.output.startswith("Error:")


def test_topic_option_restricts(shipped: Path, run) -> None:
    data = json.loads(run(shipped, "compare", PLAN, "--topic", "neutrality", "--format", "json").output)
    assert {t["topic"] for p in data["points"] for t in p["topics"]} <= {"neutrality"}


# -- the index cache ------------------------------------------------------------------------------


def test_index_cache_is_json_validated_and_rebuilt(library: Library, tmp_path: Path) -> None:
    versions = list(library.all_versions())
    keywords = {t.id: t.keywords for t in library.topics.values()}
    first = match_index.cached_index(tmp_path, versions, keywords)
    files = list((tmp_path / match_index.CACHE_DIR).glob("match-index-*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text())["format"] == match_index.FORMAT
    again = match_index.cached_index(tmp_path, versions, keywords)
    assert [d.ref for d in again.docs] == [d.ref for d in first.docs] and again.docs == first.docs
    files[0].write_text('{"format": "clauselib-match-index/1", "key": "' + first.key + '", "docs": [[1, 2]]}')
    rebuilt = match_index.cached_index(tmp_path, versions, keywords)
    assert rebuilt.docs == first.docs
    changed = match_index.cached_index(tmp_path, versions[:-1], keywords)
    assert changed.key != first.key and len(changed.docs) == len(first.docs) - 1
    assert len(list((tmp_path / match_index.CACHE_DIR).glob("match-index-*.json"))) == 1


def test_plain_text_points_compare(library: Library) -> None:
    plan = read_text("Leaked plan\n\n1. Ukraine will hold no elections under martial law.\n2. Lunch was served.\n")
    result = compare(plan, library)
    assert (result.points[0].verdict, result.points[0].party) == ("restates", "UA")
    assert result.points[1].verdict in ("none", "closest")


def test_cache_folder_that_is_a_link_is_not_followed(library: Library, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "ws"
    root.mkdir()
    (root / match_index.CACHE_DIR).symlink_to(outside)
    versions = list(library.all_versions())
    index = match_index.cached_index(root, versions, {})
    assert len(index.docs) == len(versions) and list(outside.iterdir()) == []


def test_progress_bar_only_on_a_terminal_for_large_libraries(monkeypatch) -> None:
    import io
    import sys

    from clauselib.cli.compare_cmds import PROGRESS_MIN, _progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert _progress("x", PROGRESS_MIN) is None  # a pipe
    monkeypatch.setattr(sys, "stderr", Tty())
    assert _progress("x", 10) is None  # a small library
    wrap = _progress("Indexing", PROGRESS_MIN)
    assert wrap is not None and list(wrap(range(3))) == [0, 1, 2]
    assert "Indexing" in sys.stderr.getvalue()


def test_search_refuses_empty_text(shipped: Path, run) -> None:
    result = run(shipped, "search", "   ")
    assert result.exit_code == 1 and "nothing to search for" in result.output


def test_index_cache_tampering_is_caught(library: Library, tmp_path: Path) -> None:
    import base64
    from array import array

    versions = list(library.all_versions())
    keywords = {t.id: t.keywords for t in library.topics.values()}
    first = match_index.cached_index(tmp_path, versions, keywords)
    path = next((tmp_path / match_index.CACHE_DIR).glob("match-index-*.json"))
    good = json.loads(path.read_text())
    loaded = match_index.from_json(good, first.key)
    assert loaded.docs == first.docs and loaded.stem_topics == first.stem_topics
    topic = next(iter(first.topic_features))
    assert loaded.topic_features[topic] == first.topic_features[topic]
    assert all(list(loaded.postings[s]) == list(first.postings[s]) for s in first.postings)
    assert all(list(loaded.weights[s]) == list(first.weights[s]) for s in first.weights)

    def tampered(edit) -> dict:
        data = json.loads(json.dumps(good))
        edit(data)
        return data

    bad_docs = array("i", [len(first.docs)]) * (len(base64.b64decode(good["postings"]["docs"])) // 4)
    nan = array("d", [float("nan")]) * (len(base64.b64decode(good["postings"]["weights"])) // 8)
    edits = [
        lambda d: d["postings"].__setitem__("docs", base64.b64encode(bad_docs.tobytes()).decode()),
        lambda d: d["postings"].__setitem__("weights", base64.b64encode(nan.tobytes()).decode()),
        lambda d: d["postings"].__setitem__("counts", "not base64!"),
        lambda d: d["topic_features"].__setitem__(topic, "word\tRU=yesterday\n"),
        lambda d: d["docs"]["stems"].__setitem__(0, 42),
        lambda d: d["docs"]["versions"].pop(),
        lambda d: d["docs"]["numbers"].__setitem__(0, ["1"]),
    ]
    for edit in edits:
        with pytest.raises(ValueError):
            match_index.from_json(tampered(edit), first.key)


# -- round 3: polarity and generic keywords ------------------------------------------------------


def test_a_negated_condition_or_permission_is_its_own_mark() -> None:
    from clauselib.matchtext import features

    marks = features("Its non-aligned status is not conditional on any guarantee.").marks
    assert "¬~only" in marks and "~only" not in marks
    assert "~only" in features("Neutral only if the guarantees are binding.").marks
    assert "¬~may" in features("Ukraine shall have no right to host bases.").marks


def test_polarity_decides_within_the_margin(library: Library) -> None:
    text = (
        "Ukraine will not recognise the Republic of Crimea, the City of Sevastopol or the Donetsk and"
        " Luhansk People's Republics; their status is to be negotiated."
    )
    # UA's version (29 March) negates 'recognise' as the point does; RU's (7 March) asserts it.
    result = search(text, library, as_of=dt.date(2022, 4, 1), margin=10)
    (topic,) = [t for t in result.topics if t.topic == "territory"]
    assert (topic.verdict, topic.party, topic.runner_up) == ("restates", "UA", "RU")
    assert topic.score - topic.runner_up_score < 10  # within the margin: the polarity rule decided
    assert any("takes the point's side on negated 'recognise'" in e.detail for e in topic.evidence)


def test_one_generic_keyword_is_not_enough(library: Library) -> None:
    # 'border' is a keyword of both withdrawal and territory: it does not say which topic.
    alone = search("Questions about the border remain.", library, as_of=dt.date(2022, 3, 8))
    assert alone.verdict == "closest"
    assert any("but the generic 'border'" in e.detail for t in alone.topics for e in t.evidence)
    several = search("Crossing the border takes hours.", library)
    assert several.verdict != "restates"
    assert any("but the generic 'border'" in e.detail for t in several.topics for e in t.evidence)


# -- round 4: denied conditions, stance contradictions, grounds ------------------------------------


def test_a_denied_condition_is_read_in_its_common_wordings() -> None:
    from clauselib.matchtext import features

    for text in (
        "Ukraine stays neutral, guarantees or not.",
        "Neutrality regardless of any security guarantees.",
        "An unconditional ceasefire.",
        "Neutral status with no conditions attached.",
    ):
        assert "¬~only" in features(text).marks, text
    assert "~only" in features("Neutrality on two conditions: guarantees and a referendum.").marks
    assert "¬~only" not in features("Ukraine shall be neutral if guarantees are binding.").marks


def _neutral_pair(tmp_path: Path) -> Library:
    """RU: neutral, full stop. UA: the same words, but only with binding guarantees."""
    root = _tiny(tmp_path)
    text = '<title>T</title><source>S</source><text xml:lang="en"><p>{}</p></text>'
    ua = (
        "Ukraine declares itself a permanently neutral and non-aligned State, on condition that security"
        " guarantees are legally binding on the Guarantor States; without them this status has no effect."
    )
    write_clause(
        root,
        "neutral",
        1,
        text.format("Ukraine shall be a neutral State."),
        topic="neutrality",
        party="RU",
        date="2022-03-01",
    )
    write_clause(root, "neutral", 2, text.format(ua), topic="neutrality", party="UA", date="2022-03-02", based_on="1")
    return Library.load(Workspace(root.resolve()))


def test_denying_the_other_sides_condition_outweighs_its_wording(tmp_path: Path) -> None:
    library = _neutral_pair(tmp_path)
    # UA's words, but UA's condition denied: no longer UA's position (RU states no condition).
    copied = search("Ukraine declares itself a permanently neutral and non-aligned State, guarantees or not.", library)
    (topic,) = [t for t in copied.topics if t.topic == "neutrality"]
    assert not (topic.verdict == "restates" and topic.party == "UA"), topic
    assert (topic.verdict, topic.party, topic.runner_up) == ("restates", "RU", "UA"), topic.evidence
    plain = search("Ukraine is to be a neutral State, with or without guarantees.", library)
    assert (plain.verdict, plain.party) == ("restates", "RU"), plain.topics
    # With the condition kept, the same words are UA's.
    kept = search(
        "Ukraine declares itself a permanently neutral and non-aligned State, on condition that the"
        " guarantees are legally binding.",
        library,
    )
    assert (kept.verdict, kept.party) == ("restates", "UA")


def test_one_distinctive_word_is_not_a_restatement(library: Library) -> None:
    result = search("The document is said to run to about twenty pages.", library)
    assert result.verdict != "restates"
    assert any("one ground only" in e.detail for t in result.topics for e in t.evidence)


# -- round 5: events, questions, double negation, conditions carried ---------------------------------


def test_reports_of_events_and_indirect_questions_are_marked() -> None:
    from clauselib.matchtext import features

    for text in (
        "The Rada voted on Tuesday to extend martial law for another ninety days.",
        "Crimea was annexed by Russia in March 2014 after a disputed referendum.",
        "Wheat futures fell on the Chicago exchange.",
    ):
        assert "~event" in features(text).marks, text
    for text in (
        "Ukraine shall repair the environment damaged by the war.",  # a participle, and 'shall'
        "Moscow rejected any ceasefire without preconditions.",  # a refusal is a position
        "The demilitarisation of Ukraine.",  # a plan point without a verb
        "Sanctions relief with no strings attached.",
    ):
        assert "~event" not in features(text).marks, text
    assert "~open" in features("Analysts question whether a truce could be monitored.").marks
    assert "~open" in features("Neither delegation would say whether the army was discussed.").marks
    assert "~open" not in features("Its path to the Alliance must stay open.").marks


def test_a_report_of_an_event_restates_nobody(library: Library) -> None:
    result = search("The Rada voted on Tuesday to extend martial law for another ninety days.", library)
    assert result.verdict != "restates"
    assert any(e.kind == "event" for t in result.topics for e in t.evidence)


def test_double_negation_and_refusals() -> None:
    from clauselib.matchtext import features

    assert not any(m.startswith("¬") for m in features("Ukraine will not renounce NATO.").marks)
    assert not any(m.startswith("¬") for m in features("Ukraine will never give up its claim.").marks)
    assert "¬laws" in features("Ukraine shall repeal the laws.").marks
    assert "¬laws" not in features("Ukraine will not repeal the laws.").marks
    assert "¬demilitarisation" in features("Kyiv rejects demilitarisation.").marks
    assert "¬ideology" in features("Kyiv must outlaw the nationalist ideology.").marks
    assert "¬negotiable" in features("Its laws are not up for negotiation.").marks
    assert "¬negotiable" in features("Its laws are non-negotiable.").marks
    assert "¬reward" in features("Some governments warn against any easing that would reward Russia.").marks
    assert "ceasefire" in features("A 30-day pause in the fighting.").stems
    assert "ceasefire" in features("The guns will fall silent only after the pull-out.").stems
    # "without"/"no" negate a noun phrase, not the rest of the sentence
    marks = features("An immediate ceasefire without any delay as the first step to a settlement.").marks
    assert "¬delay" in marks and "¬step" not in marks and "¬settlement" not in marks
    marks = features("A ceasefire without preconditions as the first step.").marks
    assert "¬~only" in marks and "¬step" not in marks  # the denied condition ends the scope


def test_conditions_in_their_common_wordings() -> None:
    from clauselib.matchtext import features

    for text in (
        "Neutral as long as the guarantees are binding.",
        "Bases in return for guarantees.",
        "No exercises without the prior consent of Russia.",
        "Exercises with the consent of the Guarantor States.",
    ):
        assert "~only" in features(text).marks, text


def test_the_version_carrying_the_points_condition_wins_within_the_margin(tmp_path: Path) -> None:
    library = _neutral_pair(tmp_path)
    result = search("Ukraine is to be a neutral State as long as the guarantees are binding.", library)
    (topic,) = [t for t in result.topics if t.topic == "neutrality"]
    assert (topic.verdict, topic.party) == ("restates", "UA"), topic.evidence


def test_suspension_wordings_and_reported_statements() -> None:
    from clauselib.matchtext import features

    for text in (
        "Ukraine would put its NATO bid on hold.",
        "Kyiv shelves its NATO bid.",
        "Ukraine sets aside its aim.",
    ):
        stems = features(text).stems
        assert "suspend" in stems, text
    assert "nato" in features("Ukraine would put its NATO bid on hold.").stems
    # a past-tense statement of a position is a position, not an event
    assert "~event" not in features("The allies described Ukraine's path to membership as irreversible.").marks


# -- round 6 ----------------------------------------------------------------------------------------


def test_speech_verbs_report_positions_and_exchange_is_not_a_condition() -> None:
    from clauselib.matchtext import features

    assert "~event" not in features("Kyiv countered with a ceiling of 250,000 troops.").marks
    assert "~event" not in features("Peskov said Ukraine would have to change its constitution.").marks
    assert "~event" in features("IAEA inspectors rotated at the plant on Thursday, the agency said.").marks
    assert "~only" not in features("An all-for-all exchange of prisoners.").marks
    assert "~only" in features("Neutrality in exchange for guarantees.").marks
    assert "ceasefire" in features("Military operations would end once Kyiv is neutral.").stems


def test_plan_topic_whose_other_versions_are_left_out_is_single_party(library: Library) -> None:
    plan = load_document(PLAN, library.workspace, library)
    result = compare(plan, library)
    first = result.points[0]
    (withdrawal,) = [t for t in first.topics if t.topic == "withdrawal"]
    # RU's withdrawal@1 rests on the plan's own reporting and is left out: UA is alone there,
    # and UA's version has no condition while the point has one.
    assert withdrawal.verdict == "closest" and withdrawal.runner_up is None
    assert any("no other party had a position" in e.detail for e in withdrawal.evidence)


# -- round 7 ----------------------------------------------------------------------------------------


def test_round7_wordings() -> None:
    from clauselib.matchtext import features

    assert "ceasefire" in features("An immediate halt to the fighting.").stems
    assert "ceasefire" in features("Russia would halt its operations at once.").stems
    unfrozen = features("The reserves shall be unfrozen and returned.").marks
    assert "¬frozen" in unfrozen and "¬return" not in unfrozen
    assert "frozen" in features("The assets shall remain immobilised.").stems
    for text in (
        "It is far from clear whether the Rada could amend the constitution.",
        "How long a referendum would take is anyone's guess.",
        "The negotiators remain far apart on Crimea.",
        "How a tribunal would be set up is still debated.",
    ):
        assert "~open" in features(text).marks, text
    assert "~event" in features("The parliament wrote the goal of joining NATO into the constitution in 2019.").marks


def test_only_the_negated_head_counts_against_a_version() -> None:
    from clauselib.matchtext import features

    q = features("Kyiv will not recognise the self-proclaimed Donetsk and Luhansk republics.")
    assert q.heads == {"recognise"}
    assert {"donetsk", "luhansk"} <= q.negated_only  # still negated, but not what the negation is about


# -- round 8 ----------------------------------------------------------------------------------------


def test_round8_reports_and_open_questions() -> None:
    from clauselib.matchtext import features

    for text in (
        "Negotiators spent the afternoon on the article about exercises without reaching agreement.",
        "Whether the Rada could muster 300 votes is far from certain.",
        "The talks failed to agree on the size of the army.",
    ):
        assert "~open" in features(text).marks, text
    assert "~event" in features("Satellite images show new trenches along the front line.").marks
    assert "~event" not in features("Kyiv shows it will never accept a cap on its army.").marks


# -- round 9 ----------------------------------------------------------------------------------------


def test_round9_months_passives_and_wordings() -> None:
    from clauselib.matchtext import features

    assert "~event" in features("Finland and Sweden applied to join NATO in May 2022.").marks
    assert "~event" in features("The NATO course was written into the constitution in 2019.").marks
    assert "~event" not in features("Ukraine may join the EU.").marks
    assert "~open" in features("How quickly sanctions could be lifted has not yet been discussed.").marks
    assert "ceasefire" in features("The fighting would end once Kyiv is neutral.").stems
    assert "demilitarisation" in features("Moscow's goal is to disarm Ukraine.").stems
    assert {"exchange", "prisoner"} <= set(features("An all-for-all swap of captives.").stems)


# -- round 10 ---------------------------------------------------------------------------------------


def test_round10_questions_unclear_matters_and_back() -> None:
    from clauselib.matchtext import features

    for text in (
        "Will the West lift sanctions if a deal is reached? Nobody in Brussels is ready to say.",
        "How a neutral status would work for a country at war is unclear, scholars say.",
        "The ministers discussed the frozen assets, but no decision was announced.",
        "Talks on sequencing broke up without any agreed text.",
    ):
        assert "~open" in features(text).marks, text
    # 'back' is not 'backs' (supports): a report of troops pulling back is an event
    assert "~event" in features("Russian troops pulled back from Chernihiv, officials reported.").marks
    assert "~event" not in features("EU leaders made Ukraine a candidate, stressing its own merit.").marks


def test_an_inferred_speaker_needs_grounds_to_lift_the_threshold(library: Library) -> None:
    # "Kyiv will not …" opening the point names Kyiv, but "budge on the talks" is about no
    # topic: the speaker does not turn a stray word into a restated position
    stray = search("Kyiv will not budge on the talks until they are over.", library)
    scheduled = search("Peskov said the next round of talks on neutrality would be held in Istanbul.", library)
    assert stray.verdict != "restates"
    assert scheduled.verdict != "restates"
