"""The root command group: plain metavars in `--help`, and how a usage error ends.

Every option that takes a value shows a plain metavar in `--help`: its own when it
declares one, else its name in capitals (`--db DB`, `--since SINCE`, `INPUTS`). A bad
option value, an unknown option or a missing argument is one line on stderr,
`error: <what click says, naming the option and the value>`, and exit code 2: no
usage block and no traceback. Ctrl-C ends with exit code 130.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import typer.core
from rich.text import Text
from typer._click.exceptions import ClickException  # typer vendors its click

from reportedly.cli.output import err


def _plain_metavars(command: Any) -> None:
    """Give every valued option of `command` and its subcommands a plain metavar."""
    for param in command.params:
        if isinstance(param, typer.core.TyperArgument):
            param.metavar = param.metavar or param.name.upper()
            # typer would print the Python type beside it (`INPUTS <list[str]>`)
            param.display_type_rich = lambda ctx: None
        elif isinstance(param, typer.core.TyperOption) and not param.is_flag and not param.metavar:
            long = next((o for o in param.opts if o.startswith("--")), param.opts[0])
            param.metavar = long.lstrip("-").replace("-", "_").upper()
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)


class CommandGroup(typer.core.TyperGroup):
    """The TyperGroup of `reportedly`, with plain metavars and one-line usage errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_metavars(self)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> NoReturn:
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except ClickException as exc:
            err.print(Text(f"error: {exc.format_message()}"), soft_wrap=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)
