"""`python -m reportedly`: the same command line as the `reportedly` script."""

from reportedly.cli import app

app(prog_name="reportedly")
