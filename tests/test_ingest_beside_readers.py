"""An ingest runs beside readers: `sources`, `quantities` and `export` in a loop, in
another process, never meet "database is locked" and never wait a second (each call's
wall time less its CPU time).

Real processes on a real SQLite file in WAL mode: the ingest (spaCy included) writes
each article in one short transaction, and readers read their snapshot meanwhile.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from analysis_data import figure, said
from reportedly.store import open_store

READER = """
import json, os, sys, time
from typer.testing import CliRunner
from reportedly.cli import app
from reportedly.store import sqlite

# a reader that would wait over 1 s for a lock fails with "database is locked" instead
sqlite.PRAGMAS = tuple(
    "PRAGMA busy_timeout=1000" if p.startswith("PRAGMA busy_timeout") else p
    for p in sqlite.PRAGMAS
)

db, out, stop = sys.argv[1:4]
runner = CliRunner()
commands = [["sources", "--db", db], ["quantities", "--db", db],
            ["export", "--out", out, "--db", db]]
for args in commands:  # the first round imports the modules: not a wait
    runner.invoke(app, args)
print(json.dumps({"ready": True}), flush=True)
while not os.path.exists(stop):
    for args in commands:
        start, cpu = time.perf_counter(), time.process_time()
        result = runner.invoke(app, args)
        seconds = time.perf_counter() - start
        print(json.dumps({"command": args[0], "code": result.exit_code, "seconds": seconds,
                          "waited": seconds - (time.process_time() - cpu),
                          "stderr": result.stderr, "output": result.output[-400:],
                          "error": repr(result.exception)}), flush=True)
"""
STORIES = (
    "The port authority said {n} containers fell into the bay during the storm on Monday.",
    "Firefighters said {n} homes burned in the hills north of the city, a spokesman added.",
    "The health ministry said {n} people were treated for smoke on Sunday.",
)


def write_articles(folder: Path, count: int) -> None:
    lines = []
    for n in range(count):
        story = STORIES[n % len(STORIES)].format(n=n + 12)
        text = f"{story} Officials gave no further details in the update number {n}."
        lines.append(json.dumps({"id": f"a{n}", "text": text, "date": "2025-05-01"}))
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_an_ingest_beside_looping_readers_never_locks_them_out(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with open_store(str(db)) as store:  # readers start on a store with something in it
        store.add(said("Red Cross", "2025-04-30", "Valley Post", [figure(40, "wounded")]))
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_articles(inputs, 40)
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db), str(tmp_path / "out"), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert reader.stdout is not None
        assert json.loads(reader.stdout.readline()) == {"ready": True}
        ingest = subprocess.run(
            [sys.executable, "-c", "from reportedly.cli import app; app()", "ingest",
             str(inputs), "--db", str(db)],
            capture_output=True, text=True, env=env, timeout=600,
            preexec_fn=lambda: os.nice(10),  # the readers first, on a busy machine
        )  # fmt: skip
    finally:
        stop.touch()
        output, errors = reader.communicate(timeout=120)
    assert ingest.returncode == 0, ingest.stderr
    assert "stored 40" in ingest.stdout
    assert "locked" not in ingest.stderr
    calls = [json.loads(line) for line in output.splitlines()]
    assert reader.returncode == 0, errors
    assert len(calls) >= 6, calls  # each command ran while the ingest wrote
    for call in calls:
        assert call["code"] == 0 and "locked" not in call["stderr"], json.dumps(call)
    # a reader blocked by the writer would wait without computing: wall time less CPU
    # time (which also counts the time a busy machine did not run the reader)
    longest = max(call["waited"] for call in calls)
    wall = max(call["seconds"] for call in calls)
    print(f"{len(calls)} reader calls; longest wait {longest:.3f} s, longest call {wall:.3f} s")
    assert longest < 1.0, json.dumps(sorted(calls, key=lambda c: -c["waited"])[:3])
    with open_store(str(db)) as store:
        assert store.count_articles() == 41
