"""Draft consistency (requires / conflicts / after), sequencing and party balance."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from clauselib.check import DRAFT_CHECKS, check_workspace
from clauselib.compose import compose
from clauselib.drafts import load_draft
from clauselib.library import Library, Workspace
from clauselib.loaders import digest_bytes
from clauselib.relations import check_draft_relations, draft_relation_findings, view_of_composed, view_of_spec
from clauselib.sequence import SequenceCycleError, build_sequence, readable_duration
from tests.conftest import write_clause

DATA = Path(__file__).resolve().parent / "data" / "relations-ws"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A private copy of the relations test workspace (a clean draft and a broken one)."""
    root = tmp_path / "ws"
    shutil.copytree(DATA, root)
    return root


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def write_draft(root: Path, draft_id: str, pins: list[tuple[str, int]]) -> Path:
    """A manifest pinning *pins* (with digests) in workspace *root*."""
    articles = "\n".join(
        f'  <article clause="{c}" version="{v}" '
        f'digest="{digest_bytes((root / "clauses" / c / f"{v}.xml").read_bytes())}"/>'
        for c, v in pins
    )
    path = root / "drafts" / f"{draft_id}.xml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<draft id="{draft_id}">\n  <title>T</title>\n{articles}\n</draft>\n'
    )
    return path


# --- the shipped broken example --------------------------------------------------------


def test_broken_example_reports_each_kind_of_finding(ws: Path, run) -> None:
    result = run(ws, "check", "broken-offer", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    by_code = {f["code"]: f for f in data["findings"]}
    assert set(by_code) == {
        "missing-requirement",
        "conflicting-articles",
        "after-not-in-draft",
        "sequence-cycle",
        "unmeetable-requirement",
    }
    manifest = (ws / "drafts" / "broken-offer.xml").read_text().splitlines()
    for finding in data["findings"]:
        assert finding["path"] == "drafts/broken-offer.xml"
        assert finding["hint"]
        pinned = manifest[finding["line"] - 1]
        clause = pinned.split('clause="')[1].split('"')[0]
        assert f"({clause}@" in finding["message"], (finding, pinned)
    missing = by_code["missing-requirement"]["message"]
    assert "Article 1 (neutrality@2) requires clause 'security-guarantees'" in missing
    assert "only against legally binding guarantees" in missing  # the reason written in the clause
    conflict = by_code["conflicting-articles"]["message"]
    assert "Article 1 (neutrality@2) and Article 2 (nato-accession@1)" in conflict
    assert "drafts/broken-offer.xml:7" in conflict
    assert "Article 4 (sanctions-relief@1) takes effect after 'withdrawal'" in by_code["after-not-in-draft"]["message"]
    cycle = by_code["sequence-cycle"]["message"]
    assert "Article 5 (constitutional-amendment@1)" in cycle and "Article 6 (end-of-war@1)" in cycle
    unmeetable = by_code["unmeetable-requirement"]["message"]
    assert "Article 3 (ceasefire@2) requires both 'nato-accession' and 'neutrality'" in unmeetable


def test_broken_example_text_output(ws: Path, run) -> None:
    result = run(ws, "check", "broken-offer")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "FAILED: draft broken-offer checked; 5 errors, 0 warnings"
    assert "error: drafts/broken-offer.xml:6: Article 1 (neutrality@2) requires" in result.stdout


def test_consistent_draft_checks_clean(ws: Path, run) -> None:
    result = run(ws, "check", "sequenced")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "ok: draft sequenced checked; 0 errors, 0 warnings\n"


def test_workspace_check_runs_relation_checks_on_every_draft(ws: Path, run) -> None:
    result = run(ws, "check", "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    drafts = {f["path"] for f in findings if f["path"].startswith("drafts/")}
    assert drafts == {"drafts/broken-offer.xml"}
    # the library itself: ceasefire@2 requires two clauses that always conflict
    library_level = [f for f in findings if f["path"] == "clauses/ceasefire/2.xml"]
    assert [f["code"] for f in library_level] == ["unmeetable-requirement"]
    assert library_level[0]["line"] == 6


def test_relation_check_is_registered() -> None:
    assert any(getattr(c, "__name__", "") == "relation_check" for c in DRAFT_CHECKS)


def test_check_unknown_draft_is_one_error_line(ws: Path, run) -> None:
    line = one_error_line(run(ws, "check", "sequencd"))
    assert "unknown draft 'sequencd'" in line and "did you mean 'sequenced'" in line


def test_findings_from_composed_document_match_manifest(ws: Path) -> None:
    workspace = Workspace(ws)
    library = Library.load(workspace)
    spec = load_draft(workspace, "sequenced")
    from_spec = build_sequence(view_of_spec(spec, library))
    from_doc = build_sequence(view_of_composed(compose(spec, library)))
    assert [[s.slot.number for s in st.steps] for st in from_spec.stages] == [
        [s.slot.number for s in st.steps] for st in from_doc.stages
    ]
    assert draft_relation_findings(view_of_composed(compose(spec, library)), library) == []


# --- bad input: each with a test ------------------------------------------------------


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    root = tmp_path / "bare"
    (root / "clauses").mkdir(parents=True)
    shutil.copy(DATA / "clauses" / "parties.xml", root / "clauses")
    shutil.copy(DATA / "clauses" / "topics.xml", root / "clauses")
    return root


def _codes(root: Path) -> list[tuple[str, str, int | None]]:
    findings = check_workspace(Workspace(root)).findings
    return [(f.code, f.path, f.line) for f in findings]


def test_unknown_clause_in_a_relation(bare: Path, run) -> None:
    body = (
        '<title>T</title><source>S</source>\n<requires clause="security-guarantes">needs them</requires>\n'
        '<text xml:lang="en"><p>Some text.</p></text>'
    )
    write_clause(bare, "neutrality", 1, body)
    assert ("unknown-relation-target", "clauses/neutrality/1.xml", 4) in _codes(bare)
    result = run(bare, "check")
    assert result.exit_code == 1
    assert "clauses/neutrality/1.xml:4: <requires> names unknown clause 'security-guarantes'" in result.stdout


def test_relation_to_itself(bare: Path) -> None:
    body = (
        '<title>T</title><source>S</source>\n<after clause="neutrality" step="x">itself</after>\n'
        '<text xml:lang="en"><p>Some text.</p></text>'
    )
    write_clause(bare, "neutrality", 1, body)
    assert ("self-relation", "clauses/neutrality/1.xml", 4) in _codes(bare)
    # in a draft, an article waiting for itself is not a cycle of its own: the self-relation finding covers it
    write_draft(bare, "d", [("neutrality", 1)])
    workspace = Workspace(bare)
    library, _ = Library.scan(workspace)
    assert [s.index for s in build_sequence(view_of_spec(load_draft(workspace, "d"), library)).stages] == [0]


def test_cycle_of_after(bare: Path, run) -> None:
    for a, b in (("ceasefire", "withdrawal"), ("withdrawal", "sanctions-relief"), ("sanctions-relief", "ceasefire")):
        write_clause(
            bare,
            a,
            1,
            f'<title>T</title><source>S</source>\n<after clause="{b}" step="done">waits</after>\n'
            '<text xml:lang="en"><p>Some text.</p></text>',
            topic="ceasefire",
        )
    write_draft(bare, "loop", [("ceasefire", 1), ("withdrawal", 1), ("sanctions-relief", 1)])
    codes = _codes(bare)
    assert ("sequence-cycle", "drafts/loop.xml", 4) in codes
    line = one_error_line(run(bare, "sequence", "loop"))
    assert "drafts/loop.xml:4: the implementation order has a cycle" in line
    # ceasefire waits for withdrawal, which waits for sanctions relief, which waits for the ceasefire
    assert "Article 1 (ceasefire@1) after Article 2 (withdrawal@1) after Article 3 (sanctions-relief@1) after" in line
    with pytest.raises(SequenceCycleError):
        workspace = Workspace(bare)
        build_sequence(view_of_spec(load_draft(workspace, "loop"), Library.load(workspace)))


def test_requires_that_can_never_be_met(bare: Path) -> None:
    text = '<text xml:lang="en"><p>Some text.</p></text>'
    write_clause(
        bare,
        "neutrality",
        1,
        f'<title>T</title><source>S</source>\n<conflicts clause="nato-accession">never both</conflicts>\n{text}',
    )
    write_clause(bare, "nato-accession", 1, topic="nato-accession")
    write_clause(
        bare,
        "ceasefire",
        1,
        '<title>T</title><source>S</source>\n<requires clause="neutrality">a</requires>\n'
        f'<requires clause="nato-accession">b</requires>\n{text}',
        topic="ceasefire",
    )
    assert ("unmeetable-requirement", "clauses/ceasefire/1.xml", 5) in _codes(bare)
    # a second version of neutrality that does not rule NATO out makes the requirement meetable
    write_clause(bare, "neutrality", 2, based_on="1")
    assert not [c for c in _codes(bare) if c[0] == "unmeetable-requirement"]
    workspace = Workspace(bare)
    library = Library.load(workspace)
    write_draft(bare, "d", [("ceasefire", 1), ("neutrality", 2)])
    findings = check_draft_relations(library, load_draft(workspace, "d"))
    assert [f.code for f in findings] == ["missing-requirement"]  # any nato-accession would fit
    # ... but not in a draft that pins neutrality@1, which rules out every nato-accession
    write_draft(bare, "d1", [("ceasefire", 1), ("neutrality", 1)])
    findings = check_draft_relations(library, load_draft(workspace, "d1"))
    assert [f.code for f in findings] == ["missing-requirement", "unmeetable-requirement"]
    assert findings[1].message.startswith("Article 1 (ceasefire@1) requires both 'nato-accession' and 'neutrality'")
    write_draft(bare, "d2", [("ceasefire", 1), ("neutrality", 1), ("nato-accession", 1)])
    codes = [f.code for f in check_draft_relations(library, load_draft(workspace, "d2"))]
    assert codes == ["conflicting-articles", "unmeetable-requirement"]


def test_requires_and_conflicts_with_the_same_clause(bare: Path) -> None:
    write_clause(
        bare,
        "neutrality",
        1,
        '<title>T</title><source>S</source>\n<requires clause="ceasefire">a</requires>\n'
        '<conflicts clause="ceasefire">b</conflicts>\n<text xml:lang="en"><p>Some text.</p></text>',
    )
    write_clause(bare, "ceasefire", 1, topic="ceasefire")
    assert ("unmeetable-requirement", "clauses/neutrality/1.xml", 4) in _codes(bare)


# --- sequence ---------------------------------------------------------------------------


def test_sequence_text(ws: Path, run, golden) -> None:
    result = run(ws, "sequence", "sequenced")
    assert result.exit_code == 0
    golden("sequence/sequenced.txt", result.stdout)
    assert result.stdout.index("On signature") < result.stdout.index("Stage 1") < result.stdout.index("Stage 2")
    assert "90 days after Article 2 (withdrawal): verified withdrawal to the agreed line" in result.stdout


def test_sequence_html(ws: Path, run, golden) -> None:
    result = run(ws, "sequence", "sequenced", "--format", "html")
    assert result.exit_code == 0
    golden("sequence/sequenced.html", result.stdout)


def test_sequence_json_stages(ws: Path, run) -> None:
    data = json.loads(run(ws, "sequence", "sequenced", "--format", "json").stdout)
    assert data["draft"] == "sequenced" and data["path"] == "drafts/sequenced.xml"
    stages = [[a["article"] for a in s["articles"]] for s in data["stages"]]
    assert stages == [[1, 3, 4, 6], [2, 7], [5]]
    assert data["stages"][0]["once"] == []
    assert data["stages"][2]["once"] == ["verified withdrawal to the agreed line (Article 2) + 90 days"]
    relief = data["stages"][2]["articles"][0]
    assert relief["clause"] == "sanctions-relief" and relief["party"] == "EU"
    assert relief["after"] == [
        {
            "clause": "withdrawal",
            "articles": [2],
            "in_draft": True,
            "step": "verified withdrawal to the agreed line",
            "delay": "P90D",
            "delay_text": "90 days",
            "verified_by": "the monitoring mission",
            "reason": "relief rewards deeds, not signatures",
        }
    ]


def test_sequence_dot(ws: Path, run, golden) -> None:
    result = run(ws, "sequence", "sequenced", "--format", "dot")
    golden("sequence/sequenced.dot", result.stdout)
    assert result.stdout.startswith('digraph "sequenced" {')
    assert "art_2 -> art_5" in result.stdout and "art_1 -> art_2" in result.stdout


def test_sequence_outside_condition_waits_a_stage(ws: Path, run) -> None:
    write_draft(ws, "partial", [("sanctions-relief", 1), ("ceasefire", 1)])
    data = json.loads(run(ws, "sequence", "partial", "--format", "json").stdout)
    assert [[a["article"] for a in s["articles"]] for s in data["stages"]] == [[2], [1]]
    assert data["stages"][1]["articles"][0]["after"][0]["in_draft"] is False
    text = run(ws, "sequence", "partial").stdout
    assert "90 days after 'withdrawal' (not in this draft)" in text
    dot = run(ws, "sequence", "partial", "--format", "dot").stdout
    assert "outside_1 -> art_1" in dot and "style=dashed" in dot


def test_sequence_html_is_self_contained_and_escaped(ws: Path, run) -> None:
    path = ws / "clauses" / "sanctions-relief" / "2.xml"
    source = (ws / "clauses" / "sanctions-relief" / "1.xml").read_text()
    source = source.replace('version="1"', 'version="2" based-on="1"').replace(
        "relief rewards deeds, not signatures", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"
    )
    path.write_text(source)
    write_draft(ws, "html", [("withdrawal", 1), ("sanctions-relief", 2), ("ceasefire", 1)])
    out = ws.parent / "seq.html"
    result = run(ws, "sequence", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "http" not in html.replace("http-equiv", "")  # nothing fetched from outside
    assert '<a href="#art_1">Article 1</a>' in html


def test_sequence_of_an_assembled_draft_uses_library_relations(ws: Path, run) -> None:
    from clauselib.assembled import to_xml

    workspace = Workspace(ws)
    library = Library.load(workspace)
    assembled = ws.parent / "assembled.xml"
    assembled.write_bytes(to_xml(compose(load_draft(workspace, "sequenced"), library)))
    data = json.loads(run(ws, "sequence", str(assembled), "--format", "json").stdout)
    assert [[a["article"] for a in s["articles"]] for s in data["stages"]] == [[1, 3, 4, 6], [2, 7], [5]]


def test_sequence_format_from_extension_and_bad_extension(ws: Path, run) -> None:
    out = ws.parent / "seq.dot"
    assert run(ws, "sequence", "sequenced", "-o", str(out)).exit_code == 0
    assert out.read_text().startswith("digraph")
    result = run(ws, "sequence", "sequenced", "-o", str(ws.parent / "seq.pdf"))
    assert result.exit_code == 2 and not (ws.parent / "seq.pdf").exists()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("P90D", "90 days"),
        ("P1D", "1 day"),
        ("P1Y6M", "1 year and 6 months"),
        ("PT72H", "72 hours"),
        ("P1M2DT3H", "1 month, 2 days and 3 hours"),
        ("P2W", "2 weeks"),
        ("-P1D", "1 day earlier"),
        ("P", "P"),
        ("soon", "soon"),
    ],
)
def test_readable_duration(value: str, text: str) -> None:
    assert readable_duration(value) == text


# --- balance ------------------------------------------------------------------------------


def test_balance_counts_parties_and_one_sided_topics(ws: Path, run) -> None:
    result = run(ws, "check", "sequenced", "--balance", "--format", "json")
    assert result.exit_code == 0
    [balance] = json.loads(result.stdout)["balance"]
    assert balance["articles"] == 7
    assert {p["party"]: p["articles"] for p in balance["parties"]} == {
        "UA": [1, 2, 3, 4],
        "EU": [5],
        "MED": [6],
        "JOINT": [7],
    }
    one_sided = {t["topic"]: t["party"] for t in balance["one_sided_topics"]}
    assert one_sided["sanctions"] == "EU" and one_sided["neutrality"] == "UA"
    assert "constitutional-amendment" not in one_sided  # a mediator's text is not one side's
    text = run(ws, "check", "sequenced", "--balance").stdout
    assert "UA       4 articles   57.1%  (Articles 1, 2, 3, 4)" in text
    assert "  sanctions: EU (Article 5)" in text


def test_balance_over_the_workspace_covers_every_draft(ws: Path, run) -> None:
    data = json.loads(run(ws, "check", "--balance", "--format", "json").stdout)
    assert sorted(b["draft"] for b in data["balance"]) == ["broken-offer", "sequenced"]


def test_relations_bench_smoke() -> None:
    from bench.relations import rows

    result = rows(smoke=True)
    assert [r.stage for r in result] == ["draft view (resolve pins)", "relation checks", "sequence"]
    assert all(r.clauselib_s > 0 and r.peer_s for r in result)


def test_relation_notes_explain_each_article(ws: Path) -> None:
    from clauselib.relations import relation_notes

    workspace = Workspace(ws)
    library = Library.load(workspace)
    notes = relation_notes(view_of_spec(load_draft(workspace, "sequenced"), library))
    assert notes[3] == (
        "Article 3 is conditional on Article 4 (security-guarantees): neutrality is offered only against legally"
        " binding guarantees",
    )
    assert notes[5] == (
        "Article 5 takes effect 90 days after Article 2 (withdrawal): verified withdrawal to the agreed line;"
        " verified by the monitoring mission",
    )
    assert 1 not in notes  # nothing to explain about the ceasefire
    broken = relation_notes(view_of_spec(load_draft(workspace, "broken-offer"), library))
    assert broken[1][0].startswith("Article 1 lacks security-guarantees, which it is conditional on")
    assert broken[2] == (
        "Article 2 conflicts with Article 1 (neutrality): membership is incompatible with permanent neutrality",
    )
    assert "withdrawal, which is not in the draft" in broken[4][0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["sequence", "sequencd"], "did you mean 'sequenced'"),
        (["sequence", "../x"], "draft file does not exist"),
        (["sequence", "Bad_Id"], "invalid draft id"),
        (["check", "missing.xml"], "draft file does not exist"),
    ],
)
def test_sequence_and_check_bad_draft_names(ws: Path, run, args: list[str], expected: str) -> None:
    assert expected in one_error_line(run(ws, *args))


def test_sequence_of_a_malformed_manifest_names_file_and_line(ws: Path, run) -> None:
    bad = ws / "drafts" / "bad.xml"
    bad.write_text('<?xml version="1.0"?>\n<draft id="bad">\n  <title>T</title>\n  <article clause="x"\n</draft>\n')
    line = one_error_line(run(ws, "sequence", str(bad)))
    assert "bad.xml:" in line and "malformed XML" in line


def test_balance_of_a_one_party_draft_says_so(ws: Path, run) -> None:
    write_draft(ws, "ua-only", [("ceasefire", 1), ("withdrawal", 1)])
    text = run(ws, "check", "ua-only", "--balance").stdout
    assert "UA       2 articles  100.0%  (Articles 1, 2)" in text
    assert "Every article from the library carries UA's wording." in text
    assert "Topics one party wrote entirely" not in text


def test_relation_changes_between_two_drafts(ws: Path) -> None:
    from clauselib.relations import relation_changes

    workspace = Workspace(ws)
    library = Library.load(workspace)
    before = view_of_spec(load_draft(workspace, "sequenced"), library)
    # the later draft drops the guarantees and renumbers everything after them
    write_draft(
        ws,
        "weaker",
        [("neutrality", 2), ("ceasefire", 1), ("withdrawal", 1), ("sanctions-relief", 1), ("nato-accession", 1)],
    )
    after = view_of_spec(load_draft(workspace, "weaker"), library)
    changes = relation_changes(before, after, library)
    assert [f.code for f in changes.new] == ["missing-requirement", "conflicting-articles"]
    assert changes.lines()[0] == (
        "now: Article 1 (neutrality@2) requires clause 'security-guarantees', which is not in the draft:"
        " neutrality is offered only against legally binding guarantees"
    )
    assert changes.resolved == ()
    back = relation_changes(after, before, library)
    assert [f.code for f in back.resolved] == ["missing-requirement", "conflicting-articles"] and back.new == ()
    broken = view_of_spec(load_draft(workspace, "broken-offer"), library)
    assert {f.key for f in relation_changes(broken, before, library).resolved} == {
        ("missing-requirement", "neutrality", "security-guarantees"),
        ("conflicting-articles", "nato-accession", "neutrality"),
        ("after-not-in-draft", "sanctions-relief", "withdrawal"),
        ("sequence-cycle", "constitutional-amendment", "end-of-war"),
        ("unmeetable-requirement", "ceasefire", "nato-accession", "neutrality"),
    }


def test_relation_findings_json_has_only_the_documented_keys(ws: Path, run) -> None:
    data = json.loads(run(ws, "check", "broken-offer", "--format", "json").stdout)
    assert all(set(f) == {"severity", "code", "message", "path", "line", "hint", "about"} for f in data["findings"])


def test_annotated_draft_shows_relations(ws: Path, run) -> None:
    html = run(ws, "assemble", "broken-offer", "--annotate").stdout
    assert '<p class="relation">Article 1 lacks security-guarantees, which it is conditional on' in html
    assert '<p class="relation">Article 2 conflicts with Article 1 (neutrality)' in html
    text = run(ws, "assemble", "sequenced", "--format", "txt", "--annotate").stdout
    assert "Article 5 takes effect 90 days after Article 2 (withdrawal)" in text
    plain = run(ws, "assemble", "sequenced").stdout
    assert "takes effect" not in plain and 'class="relation"' not in plain  # only with --annotate


def test_annotated_relation_reasons_are_escaped(ws: Path, run) -> None:
    source = (ws / "clauses" / "sanctions-relief" / "1.xml").read_text()
    (ws / "clauses" / "sanctions-relief" / "2.xml").write_text(
        source.replace('version="1"', 'version="2" based-on="1"').replace(
            'verified-by="the monitoring mission"', 'verified-by="&lt;b&gt;mission&lt;/b&gt;"'
        )
    )
    write_draft(ws, "esc", [("withdrawal", 1), ("sanctions-relief", 2), ("ceasefire", 1)])
    html = run(ws, "assemble", "esc", "--annotate").stdout
    assert "verified by &lt;b&gt;mission&lt;/b&gt;" in html and "<b>mission" not in html


def test_balance_does_not_count_an_unresolved_pin_as_own_text() -> None:
    from clauselib.balance import balance
    from clauselib.relations import DraftView, Slot

    view = DraftView("d", "D", "drafts/d.xml", (Slot(1, clause="ceasefire", version=9), Slot(2, heading="Preamble")))
    result = balance(view)
    assert result.own_text == (2,) and result.shares == () and result.total == 2
