"""Assembling drafts: compose + HTML, and the PDF, against WeasyPrint alone on the same HTML.

    python -m bench.drafts            # the largest shipped draft; HTML at 100/300/1,000 articles; PDF to ~200 pages
    python -m bench.drafts --smoke    # the smallest size, as the test suite runs it

The peer for the PDF is WeasyPrint given the finished HTML: the ratio (peer time / our
time) is the share of the work that is layout, so 1 − ratio is what composing, the
sandboxed templates and the rest of clauselib add.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.common import Row, command_time, format_table, median_time

REPO = Path(__file__).resolve().parent.parent


def _assembler(root: Path, draft: str):
    from clauselib.compose import compose
    from clauselib.drafts import load_draft
    from clauselib.library import Library, find_workspace
    from clauselib.render import RenderOptions, render

    workspace = find_workspace(root)
    library = Library.load(workspace)
    spec = load_draft(workspace, draft)
    options = RenderOptions(template=spec.template, workspace=workspace, source_lang=spec.lang)

    def assemble(fmt: str):
        return render(compose(spec, library), fmt, options)

    return spec, assemble


def _weasyprint(html: str):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint import HTML

    return lambda: HTML(string=html).write_pdf()


def draft_rows(
    root: Path, draft: str, size: str, repeat: int = 5, *, cli: bool = True, text: bool = True, pdf: bool = True
) -> list[Row]:
    """HTML, Markdown, AKN, PDF (WeasyPrint alone as the peer) and the cold CLI run for one draft."""
    _, assemble = _assembler(root, draft)
    rows = []
    if text:
        rows += [
            Row("assemble → html", size, median_time(lambda: assemble("html"), repeat=repeat)),
            Row("assemble → md", size, median_time(lambda: assemble("md"), repeat=repeat)),
            Row("assemble → akn", size, median_time(lambda: assemble("akn"), repeat=repeat)),
        ]
    if pdf:
        html = assemble("html")
        ours = median_time(lambda: assemble("pdf"), repeat=repeat, warmup=0 if repeat == 1 else 1)
        peer = median_time(_weasyprint(html), repeat=repeat, warmup=0 if repeat == 1 else 1)
        rows.append(
            Row(
                "assemble → pdf",
                size,
                ours,
                peer="weasyprint, HTML given",
                peer_s=peer,
                note=f"{_pages(assemble('pdf'))} pages; clauselib adds {max(ours - peer, 0):.2f} s over WeasyPrint",
            )
        )
    if cli:
        with tempfile.TemporaryDirectory() as tmp:
            exe = str(Path(sys.executable).parent / "clauselib")
            argv = [exe, "--workspace", str(root), "assemble", draft, "-o", f"{tmp}/d.pdf"]
            rows.append(Row("CLI assemble -o .pdf", size, command_time(argv, repeat=repeat), note="cold process"))
    return rows


def _pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def synthetic_workspace(root: Path, articles: int) -> Path:
    """A generated workspace with one draft pinning *articles* clauses, in parts of ten."""
    from bench.workspace import generate_workspace

    generate_workspace(root, clauses=articles, versions=1, seed=3)
    parts = []
    for start in range(0, articles, 10):
        pins = "".join(
            f'<article clause="clause-{n:05d}" version="1"/>' for n in range(start, min(start + 10, articles))
        )
        parts.append(f'<part heading="Part {start // 10 + 1}">{pins}</part>')
    (root / "drafts" / "big.xml").write_text(
        '<draft id="big" date="2022-04-01"><title>Synthetic draft</title>'
        "<preamble><p>The Parties have agreed as follows:</p></preamble>" + "".join(parts) + "</draft>\n",
        encoding="utf-8",
    )
    return root


def largest_shipped() -> str:
    from clauselib.drafts import draft_ids, load_draft
    from clauselib.library import find_workspace

    workspace = find_workspace(REPO)
    return max(draft_ids(workspace), key=lambda d: len(load_draft(workspace, d).articles()))


HTML_SIZES = (100, 300, 1000)
PDF_SIZES = (50, 830)  # 830 synthetic articles make about 200 A4 pages


def run(smoke: bool = False) -> list[Row]:
    """Every drafts row: the largest shipped draft, HTML at three sizes, PDF up to ~200 pages."""
    rows: list[Row] = []
    if smoke:
        with tempfile.TemporaryDirectory() as tmp:
            return draft_rows(synthetic_workspace(Path(tmp), 10), "big", "10 articles", repeat=1, cli=False)
    from clauselib.drafts import load_draft
    from clauselib.library import find_workspace

    draft = largest_shipped()
    n = len(load_draft(find_workspace(REPO), draft).articles())
    rows += draft_rows(REPO, draft, f"{draft} ({n} art.)", repeat=7)
    for articles in HTML_SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            root = synthetic_workspace(Path(tmp), articles)
            rows += draft_rows(root, "big", f"{articles} articles", repeat=5, cli=False, pdf=False)
    for articles in PDF_SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            root = synthetic_workspace(Path(tmp), articles)
            repeat = 3 if articles < 100 else 1
            rows += draft_rows(root, "big", f"{articles} articles", repeat=repeat, cli=False, text=False)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="smallest size only")
    args = parser.parse_args(argv)
    print(format_table(run(args.smoke)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
