"""The docs keep up with the code: commands, options, record fields, the test command.

datasette's and sqlite-utils' habit: a command, option or field added without its
documentation fails here; and every output block of the docs must be what scripts/docs.py
regenerates from real runs (the one slow test, about 20 s).
"""

from __future__ import annotations

import re
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import typer.main

from reportedly.cli import app
from reportedly.model import Article, Attribution, Entity, Figure, RelayLink

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
DATA_MODEL_DOC = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")


def _is_group(command: Any) -> bool:
    return hasattr(command, "commands")  # typer vendors its own click: no isinstance check


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every command and subcommand as ("entities merge", command), groups included."""
    found = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix}{name}"
        found.append((path, command))
        if _is_group(command):
            found.extend(_commands(command, f"{path} "))
    return found


ROOT_COMMAND = typer.main.get_command(app)
COMMANDS = _commands(ROOT_COMMAND)
LEAF_COMMANDS = [(path, c) for path, c in COMMANDS if not _is_group(c)]
OPTIONS = sorted(
    {
        opt
        for command in [ROOT_COMMAND] + [c for _, c in COMMANDS]
        for param in command.params
        for opt in param.opts
        if opt.startswith("--") and opt != "--help"
    }
)


def test_the_cli_has_the_commands_we_expect_to_find():
    paths = {path for path, _ in COMMANDS}
    assert {"extract", "ingest", "eval", "entities", "entities merge"} <= paths


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS])
def test_every_command_has_a_section_in_cli_doc(path):
    assert re.search(rf"^#+ `{re.escape(path)}[ `]", CLI_DOC, re.MULTILINE), (
        f"docs/cli.md has no heading for `{path}`"
    )


@pytest.mark.parametrize("path", [path for path, _ in LEAF_COMMANDS])
def test_every_command_has_an_example_in_readme(path):
    assert re.search(rf"^\$ reportedly {re.escape(path)}\b", README, re.MULTILINE), (
        f"README.md shows no `$ reportedly {path}` example"
    )


@pytest.mark.parametrize("option", OPTIONS)
def test_every_option_is_in_cli_doc(option):
    assert re.search(rf"`[^`]*{re.escape(option)}\b", CLI_DOC), (
        f"docs/cli.md does not mention {option}"
    )


@pytest.mark.parametrize(
    ("record", "name"),
    [(cls.__name__, f.name) for cls in (Article, Attribution, RelayLink, Figure, Entity)
     for f in fields(cls)],
)  # fmt: skip
def test_every_record_field_is_in_data_model_doc(record, name):
    section = re.search(rf"^## {record}\n(.*?)(?=^## )", DATA_MODEL_DOC, re.MULTILINE | re.DOTALL)
    assert section, f"docs/data-model.md has no section '## {record}'"
    assert f"`{name}`" in section.group(1), f"{record}.{name} is not in its docs section"


def test_readme_lists_every_doc():
    listed = README[README.index("## Documentation") :]
    for doc in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{doc.name})" in listed, f"README's Documentation omits docs/{doc.name}"


def test_readme_test_command_is_what_ci_runs():
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line]
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)
    test_commands = [b for b in blocks if b.endswith("-m pytest")]
    assert len(test_commands) == 1, "README should show exactly one test command"
    setup, _, rest = test_commands[0].partition(" && ")
    assert setup in ci_lines, f"{setup!r} is not a line of .ci/run"
    assert rest == ci_lines[-1]


def _docs_script() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("docs_script", ROOT / "scripts" / "docs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_command_block_is_generated():
    """A block that shows `$ reportedly ...` must be marked for scripts/docs.py."""
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"(.*)\n```[a-z]*\n\$ reportedly ", text):
            line = text[: match.start()].count("\n") + 2
            assert match.group(1).startswith("<!-- docs: run"), (
                f"{path.name}:{line}: a command block without <!-- docs: run -->"
            )


@pytest.mark.model
def test_output_blocks_are_what_the_commands_print(capsys):
    """Every marked block is what a real run prints now (`python scripts/docs.py` fixes it)."""
    code = _docs_script().main(["--check"])
    assert code == 0, (
        f"stale output blocks; run `python scripts/docs.py`:\n{capsys.readouterr().out}"
    )
