"""A small workspace for the draft tests: three parties, two clauses, one manifest, one layout."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_clause

PARTIES = """<?xml version="1.0" encoding="UTF-8"?>
<parties>
  <party code="RU" kind="state"><name>Russian Federation</name></party>
  <party code="UA" kind="state"><name>Ukraine</name></party>
  <party code="MED" kind="mediator"><name>Mediator</name></party>
</parties>
"""

TOPICS = """<?xml version="1.0" encoding="UTF-8"?>
<topics>
  <topic id="neutrality"><title>Neutrality</title></topic>
  <topic id="security-guarantees"><title>Security guarantees</title></topic>
</topics>
"""

NEUTRALITY_1 = """<title>Permanent neutrality</title>
<source date="2022-03-16">Russian demand, as publicly reported</source>
<text xml:lang="en"><p>Ukraine shall be a neutral State and shall not join any military alliance.</p></text>"""

NEUTRALITY_2 = """<title>Non-aligned status backed by guarantees</title>
<source date="2022-03-29">Ukrainian proposals tabled in Istanbul, as publicly reported</source>
<param name="guarantors" type="list" label="Guarantor States"><item>United Kingdom</item><item>Türkiye</item></param>
<text xml:lang="en">
  <p>Ukraine shall adopt a permanent non-aligned status, <em>provided that</em> {{ guarantors | join_and }}
     give the guarantees set out in <ref clause="security-guarantees"/>.</p>
</text>
<text xml:lang="uk">
  <p>Україна набуває постійного позаблокового статусу <em>за умови</em>, що {{ guarantors | join_and }}
     нададуть гарантії, викладені в <ref clause="security-guarantees"/>.</p>
</text>"""

GUARANTEES_1 = """<title>Guarantees stronger than Article 5</title>
<source date="2022-03-29">Ukrainian proposals tabled in Istanbul, as publicly reported</source>
<text xml:lang="en">
  <p>After an armed attack on Ukraine the guarantors shall consult within {{ days }} days.</p>
</text>"""

GUARANTEES_PARAM = '<param name="days" type="number" label="Days of consultation" default="three"/>'

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<!-- a small draft for the tests -->
<draft id="mini" template="treaty" date="2022-03-29" status="working">
  <title>Treaty on the Status of Ukraine — test draft</title>
  <parties><party ref="UA"/><party ref="RU"/></parties>
  <param name="guarantors"><item>the United Kingdom</item><item>the United States</item><item>Türkiye</item></param>
  <preamble><p>The Parties, resolved to end the war,</p></preamble>
  <part heading="Status of Ukraine">
    <article clause="neutrality" version="2"/>
    <article clause="security-guarantees" version="1"/>
  </part>
  <article heading="Entry into force"><p>This Treaty enters into force on signature.</p></article>
</draft>
"""

TREATY = """{% extends "default:draft.html" %}
{% block extra_style %}.treaty-mark { font-variant: small-caps; }{% endblock %}
{% block closing %}<section class="signatures treaty-mark" aria-label="Signatures">
{% for party in doc.parties %}<div class="signature">For {{ party }}</div>{% endfor %}
</section>{% endblock %}
"""


def make_mini(root: Path, *, pinned: bool = True) -> Path:
    """Write the mini workspace into *root* and, with *pinned*, pin its draft."""
    (root / "clauses").mkdir(parents=True)
    (root / "clauses" / "parties.xml").write_text(PARTIES, encoding="utf-8")
    (root / "clauses" / "topics.xml").write_text(TOPICS, encoding="utf-8")
    write_clause(root, "neutrality", 1, NEUTRALITY_1, party="RU", date="2022-03-16")
    write_clause(root, "neutrality", 2, NEUTRALITY_2, based_on="1")
    write_clause(root, "security-guarantees", 1, GUARANTEES_1.replace("</source>", "</source>" + GUARANTEES_PARAM),
                 topic="security-guarantees")  # fmt: skip
    (root / "drafts").mkdir()
    (root / "drafts" / "mini.xml").write_text(MANIFEST, encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "treaty.html").write_text(TREATY, encoding="utf-8")
    if pinned:
        from clauselib.drafts import load_draft
        from clauselib.library import Library, Workspace
        from clauselib.pinning import missing_pins, rewrite_manifest

        workspace = Workspace(root.resolve())
        library = Library.load(workspace)
        spec = load_draft(workspace, "mini")
        rewrite_manifest(root / "drafts" / "mini.xml", spec, library, missing_pins(spec, library))
    return root
