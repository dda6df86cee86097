"""Regenerate the output blocks of README.md and docs/*.md from real runs.

    python scripts/docs.py           rewrite every marked block with what the commands print
    python scripts/docs.py --check   exit 1, naming each stale block, if any differs

A block is marked by an HTML comment on the line before its fence:

    <!-- docs: run -->          the block's `$ reportedly ...` lines are run, in order, and
                                each is followed by what it prints (stdout and stderr)
    <!-- docs: run head=12 --> the same, each output cut after 12 lines, with "..."
    <!-- docs: file NAME -->    the block's text is written to NAME before the runs
    <!-- docs: api -->          the block's `$ GET /api/...` lines are requests to the web
                                app over the scratch folder's `news.db` (FastAPI's test
                                client, in this process), each followed by the JSON it
                                answers, indented; `head=N` cuts it as for `run`

All the blocks of all the files run in one scratch folder, in file order, so a block can use
what an earlier one made (`news.db`). The folder starts with the demo articles as
`demo-articles/`, `note.txt` and `inbox/` (see `prepare`). Commands run in this process,
100 columns wide, without colour; timings and the extractor digest are masked, so the
output is the same from run to run.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
WIDTH = 100
MARKER = re.compile(r"^<!-- docs: ((run|api)(?: head=(\d+))?|file (\S+)) -->\n```[a-z]*\n", re.M)
API_DB = "news.db"
MASKS = (
    (re.compile(r"\(\d+\.\d s, \d+\.\d articles/s\)"), "(… s, … articles/s)"),
    (re.compile(r"(\d+\.\d+\.\d+)\+[0-9a-f]{12}\b"), r"\1+…"),
)
NOTE = "---\ntitle: Ferry strike\ndate: 2025-05-12\n---\n" + (
    "About 2,000 passengers were stranded on Monday, the port authority said.\n"
)


@dataclass
class Block:
    path: Path
    start: int  # offset of the block's body in the file
    end: int  # offset of its closing fence
    kind: str  # "run", "api" or "file"
    head: int | None
    name: str | None

    def where(self) -> str:
        line = self.path.read_text(encoding="utf-8")[: self.start].count("\n") + 1
        return f"{self.path.relative_to(ROOT)}:{line}"


def blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    found = []
    for match in MARKER.finditer(text):
        end = text.index("\n```", match.end() - 1) + 1
        kind = match.group(2) or "file"
        head = int(match.group(3)) if match.group(3) else None
        found.append(Block(path, match.end(), end, kind, head, match.group(4)))
    return found


def prepare(folder: Path) -> None:
    """The inputs the README's examples name."""
    from reportedly.cli.demo import DEMO_DIR

    shutil.copytree(DEMO_DIR, folder / "demo-articles")
    (folder / "note.txt").write_text(NOTE, encoding="utf-8")
    inbox = folder / "inbox"
    inbox.mkdir()
    (inbox / "blank.txt").write_text("\n", encoding="utf-8")
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff" * 16)
    first = sorted((folder / "demo-articles").iterdir())[0]
    shutil.copy(first, inbox / "again.txt")  # already stored: skipped


def run(command: str) -> str:
    """What `command` (a `reportedly ...` line) prints, stdout and stderr in order."""
    from typer.testing import CliRunner

    from reportedly.cli import app

    args = shlex.split(command)
    if args[0] != "reportedly":
        raise SystemExit(f"docs.py runs only reportedly commands, not {command!r}")
    result = CliRunner().invoke(app, args[1:], env={"COLUMNS": str(WIDTH), "NO_COLOR": "1"})
    output = "\n".join(line.rstrip() for line in result.output.splitlines())
    for pattern, replacement in MASKS:
        output = pattern.sub(replacement, output)
    return output


def request(line: str) -> str:
    """The JSON the web app answers to `line` ("GET /api/..."), indented, and its status
    when it is not 200."""
    import json

    from fastapi.testclient import TestClient

    from reportedly.web.server import Settings, create_app

    method, path = line.split(maxsplit=1)
    with TestClient(create_app(Settings(db=API_DB))) as client:
        response = client.request(method, path)
    answer = json.dumps(response.json(), indent=2, ensure_ascii=False)
    return answer if response.status_code == 200 else f"HTTP {response.status_code}\n{answer}"


def render(block: Block, body: str, folder: Path) -> str:
    """The new body of a block (its old `body` gives the commands)."""
    if block.kind == "file":
        (folder / str(block.name)).write_text(body, encoding="utf-8")
        return body
    parts = []
    for command in (line[2:] for line in body.splitlines() if line.startswith("$ ")):
        lines = (run(command) if block.kind == "run" else request(command)).splitlines()
        if block.head is not None and len(lines) > block.head:
            lines = [*lines[: block.head], "..."]
        parts.append("\n".join([f"$ {command}", *lines]).rstrip())
    return "\n".join(parts) + "\n"


def regenerate() -> dict[Path, tuple[str, list[str]]]:
    """{file: (its text with every block regenerated, the blocks that changed)}."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="reportedly-docs-") as tmp:
        folder = Path(tmp)
        prepare(folder)
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            for path in DOCS:
                text = path.read_text(encoding="utf-8")
                pieces, stale, last = [], [], 0
                for block in blocks(path):
                    body = text[block.start : block.end]
                    new = render(block, body, folder)
                    if new != body:
                        stale.append(block.where())
                    pieces += [text[last : block.start], new]
                    last = block.end
                results[path] = ("".join(pieces) + text[last:], stale)
        finally:
            os.chdir(cwd)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale blocks")
    args = parser.parse_args(argv)
    stale_blocks = []
    for path, (text, stale) in regenerate().items():
        stale_blocks += stale
        if stale and not args.check:
            path.write_text(text, encoding="utf-8")
    for where in stale_blocks:
        print(f"{where}: {'stale' if args.check else 'rewritten'}")
    return 1 if stale_blocks and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
