"""The large hostile-input run: generated bad inputs for every reader, SIGKILL-and-rerun ingests.

    python benchmarks/hostile.py [--inputs 10000] [--kills 50] [--batch 500] [--seed 1]
                                 [--sizes 100000,300000,1000000,10000000]

1. Bad inputs. `--inputs` files are generated (seeded) for every reader --
   text, JSON Lines, JSON, HTML, feeds, odd file names -- and for the URL
   reader (a real server on 127.0.0.1 answering with bad responses). A few in
   each batch are good articles. Each batch is read by the real `reportedly
   ingest` in its own process, with a time limit. Every input must end as a
   stored article or as one error line naming it; a traceback, a batch past
   its time limit (a hang), a good article missing (lost) or stored twice
   (duplicated) is counted.
2. Large adversarial inputs, each alone in a process: unbalanced quote marks
   over 1,000 paragraphs, nested parentheses, 1 MB of hyphenated words, and six
   shapes -- prose paragraphs, one paragraph with no line break, a list of
   numbers, a chain of "X said that", many quotations, a table of figures -- at
   each of `--sizes` characters (up to the hard cap); time and peak memory each,
   with the default limits.
3. `--kills` ingests of a folder are killed with SIGKILL at a random moment,
   then run again to the end; every article must be stored exactly once.

Prints one table of figures (cases tried, clean errors, tracebacks, hangs,
lost, duplicated, peak memory) and the time and memory of each large input.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CLI = [sys.executable, "-c", "from reportedly.cli import app; app()"]
BATCH_SECONDS = 1800  # a batch of bad inputs past this is a hang (a loaded machine is slow)
LARGE_SECONDS = 60.0
LARGE_BYTES = 1 << 30
TOWNS = ["Arden", "Bexley", "Corran", "Dunmore", "Elston", "Fenwick", "Garvan", "Holt"]
NASTY = ["\x00", "\x1b]0;t\x07", "\x1b[2J", "\x9b6n", "\u202e", "\ufeff", "\r", "=1+1", "\ud800"]


def good_text(rnd: random.Random, n: int) -> str:
    town = rnd.choice(TOWNS)
    return (
        f"Floods in {town} forced {100 + n} families from their homes on Tuesday, the "
        f"district council said in its note number {n}. Officials said {n % 9 + 2} schools "
        f"had closed and about {n * 3 + 10} people were moved to shelters."
    )


def _noise(rnd: random.Random, size: int) -> str:
    return "".join(chr(rnd.choice([rnd.randrange(0, 0x80), rnd.randrange(0x80, 0x3000)]))
                   for _ in range(size))  # fmt: skip


def bad_json_record(rnd: random.Random, n: int) -> str:
    """One line that is bad JSON or a bad record, in one of many ways."""
    text = good_text(rnd, n)
    kind = rnd.randrange(14)
    if kind == 0:
        return json.dumps({"text": text})[: rnd.randrange(1, 40)]  # cut short
    if kind == 1:
        depth = rnd.choice([500, 960, 2000, 20000])
        return "[" * depth + "]" * depth
    if kind == 2:
        digits = "9" * rnd.choice([310, 4301, 9000])
        return '{"text": "' + text + '", "n": ' + digits + "}"
    if kind == 3:
        return json.dumps({"text": text[:40] + "\ud800" + text[40:], "title": "\udfff"})
    if kind == 4:
        return json.dumps({"text": rnd.choice([None, 3, [text], {"a": text}, "", "  "])})
    if kind == 5:
        return json.dumps({"title": text})
    if kind == 6:
        return '{"text": "' + text + '", "x": NaN, "y": -Infinity}'
    if kind == 7:
        inner: object = text
        for _ in range(rnd.choice([70, 500, 900])):
            inner = {"m": inner}
        try:
            return json.dumps({"text": text, "meta": inner})
        except RecursionError:
            return json.dumps({"text": text})
    if kind == 8:
        return json.dumps({"text": text + "".join(rnd.choice(NASTY) for _ in range(6))})
    if kind == 9:
        return json.dumps({"text": "Officials said " + "1" * rnd.choice([310, 5000]) + " left."})
    if kind == 10:
        return json.dumps({"text": text, "date": _noise(rnd, 30), "url": _noise(rnd, 20)})
    if kind == 11:
        return _noise(rnd, rnd.randrange(1, 200))
    if kind == 12:
        return json.dumps([text, 1, None])
    return json.dumps({"text": text, "published": 10**30, "id": [1, 2]})


def bad_text(rnd: random.Random, n: int) -> bytes:
    kind = rnd.randrange(8)
    text = good_text(rnd, n)
    if kind == 0:
        return bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 400)))
    if kind == 1:
        return b""
    if kind == 2:
        return ("---\ntitle: " + text[:20] + "\n").encode()  # front matter never closed
    if kind == 3:
        return (text + "".join(rnd.choice(NASTY[:-1]) for _ in range(8))).encode()
    if kind == 4:
        return b"\xff\xfe" + text.encode("utf-16-le")[: rnd.randrange(1, 300)]
    if kind == 5:
        return text.encode()[: rnd.randrange(1, 60)] + b"\xc3\x28\xa0\xa1"
    if kind == 6:
        return _noise(rnd, rnd.randrange(1, 2000)).encode("utf-8", "surrogatepass")
    return ("(" * 300 + text + ")" * 300).encode()


def bad_markup(rnd: random.Random, n: int, feed: bool) -> bytes:
    text = good_text(rnd, n)
    kind = rnd.randrange(7)
    if kind == 0:
        body = "<html><body><p>" + text[: rnd.randrange(1, len(text))]
    elif kind == 1:
        body = '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        body += '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x SYSTEM "file:///etc/passwd">]>'
        body += "<rss><channel><item><description>&c;&x;</description></item></channel></rss>"
    elif kind == 2:
        body = "<rss><channel><item><title>x</title></item></channel></rss>"
    elif kind == 3:
        body = "<html><script>" + text + "</script></html>"
    elif kind == 4:
        body = "<" * rnd.randrange(1, 5000)
    elif kind == 5:
        body = "<div>" * 3000 + text + "</div>" * 3000
    else:
        body = f"<html><body><p>{text}</p><p>{''.join(rnd.choice(NASTY[:-1]) for _ in range(9))}"
    if feed and kind not in (1, 2):
        body = f"<rss><channel><item><description>{body}</description></item></channel></rss>"
    return body.encode("utf-8", "surrogatepass")


SUFFIXES = (".jsonl", ".json", ".txt", ".html", ".xml", "")


def write_batch(folder: Path, rnd: random.Random, start: int, count: int) -> list[str]:
    """`count` bad inputs (plus one good article in ten) in `folder`; the good texts."""
    folder.mkdir(parents=True)
    goods = []
    for n in range(start, start + count):
        suffix = SUFFIXES[n % len(SUFFIXES)]
        name = f"in{n:05d}{suffix}".encode()
        if n % 37 == 0:
            name = b"caf\xe9" + name  # not UTF-8
        if n % 10 == 0:
            text = good_text(rnd, n) + f" Case {n}."
            goods.append(text)
            data = json.dumps({"text": text}).encode() if suffix in (".json", ".jsonl") else (
                text.encode() if suffix in (".txt", "") else
                f"<html><body><article><p>{text}</p></article></body></html>".encode()
                if suffix == ".html" else
                f"<rss><channel><item><description>{text}</description></item></channel></rss>"
                .encode())  # fmt: skip
        elif suffix in (".jsonl", ".json"):
            data = bad_json_record(rnd, n).encode("utf-8", "surrogatepass")
        elif suffix in (".html", ".xml"):
            data = bad_markup(rnd, n, feed=suffix == ".xml")
        else:
            data = bad_text(rnd, n)
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(data)
    return goods


class BadServer(BaseHTTPRequestHandler):
    """Bad answers by path: /302, /loop, /500, /type, /short, /huge, /trickle, /bytes."""

    def do_GET(self) -> None:
        kind = self.path.strip("/").split("/")[0]
        try:
            if kind == "302":
                self.send_response(302)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif kind == "loop":
                self.send_response(302)
                self.send_header("Location", self.path)
                self.end_headers()
            elif kind == "trickle":
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for byte in b"X-Slow: " + b"a" * 60:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(1)
            elif kind == "short":
                self.send_response(200)
                self.send_header("Content-Length", "5000")
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"Officials said")
            elif kind == "huge":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                for _ in range(3000):
                    self.wfile.write(b"word " * 1000)
            else:
                body = {"500": b"oops", "type": b"\x89PNG\x00", "bytes": os.urandom(300)}.get(
                    kind, b"\xff\xfe\x00\x00"
                )
                self.send_response(500 if kind == "500" else 200)
                self.send_header("Content-Type", "image/png" if kind == "type" else "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


def run_ingest(args: list[str], timeout: float) -> tuple[int | None, str, str, float, int]:
    """(exit code or None if killed for a hang, stdout, stderr, seconds, peak RSS bytes)."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([*CLI, *args], stdout=out, stderr=err)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        code = None if process.returncode == -signal.SIGKILL else process.returncode
        return (code, out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                time.monotonic() - start, usage.ru_maxrss * 1024)  # fmt: skip


def stored(db: Path) -> list[str]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("select text from articles")]


def bad_inputs(root: Path, total: int, batch: int, seed: int, urls: bool) -> dict[str, int]:
    figures = dict(cases=0, errors=0, tracebacks=0, hangs=0, lost=0, duplicated=0, peak=0)
    rnd = random.Random(seed)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BadServer)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    kinds = ["302", "loop", "500", "type", "short", "huge", "bytes", "other"]
    targets = [f"{base}/{kinds[i % len(kinds)]}/{i}" for i in range(max(total // 50, 8))]
    targets += [f"{base}/trickle/{i}" for i in range(2)] + ["http://user:secret@127.0.0.1:9/x"]
    done = 0
    index = 0
    while done < total:
        count = min(batch, total - done)
        folder = root / f"batch{index}"
        goods = write_batch(folder, rnd, done, count)
        extra = targets if index == 0 and urls else []
        db = root / f"batch{index}.db"
        args = ["ingest", str(folder), *extra, "--db", str(db), "--allow-private"]
        code, _, err, seconds, peak = run_ingest(args, BATCH_SECONDS)
        texts = stored(db)
        figures["cases"] += count + len(extra)
        figures["hangs"] += code is None
        figures["tracebacks"] += err.count("Traceback")
        figures["errors"] += sum(1 for line in err.splitlines() if ": " in line
                                 and not line.startswith("error:"))  # fmt: skip
        figures["lost"] += sum(1 for g in goods if g not in texts)
        figures["duplicated"] += len(texts) - len(set(texts))
        figures["peak"] = max(figures["peak"], peak)
        if "secret" in err:
            figures["tracebacks"] += 1  # an unmasked credential counts as a failure too
        print(f"  batch {index}: {count + len(extra)} inputs, {seconds:.0f} s, exit {code}; "
              f"so far {figures}", file=sys.stderr, flush=True)  # fmt: skip
        done += count
        index += 1
    httpd.shutdown()
    return figures


PARAGRAPH = (
    "The coastal authority said on Monday that at least 40 boats had been damaged, "
    'according to a statement. "We are still counting," a spokeswoman told reporters.\n\n'
)
SHAPES = {
    "prose paragraphs": lambda i: PARAGRAPH,
    "one paragraph, no line break": lambda i: PARAGRAPH.replace("\n\n", " "),
    "a list of numbers": lambda i: f"{i * 7:,}, ",
    '"X said that" chain': lambda i: f"Speaker{i} said that ",
    "many quotations": lambda i: f"“Berth {i} is shut,” the harbour master said. ",
    "a table of figures": lambda i: f"District {i} | killed {i % 40} | injured {i % 90}\n",
}


def shaped(shape: str, size: int) -> str:
    """`size` characters of one of SHAPES, made of its unit repeated."""
    unit, parts, length, i = SHAPES[shape], [], 0, 0
    while length < size:
        parts.append(unit(i))
        length += len(parts[-1])
        i += 1
    return "".join(parts)[:size]


def large_inputs(root: Path, sizes: list[int]) -> list[tuple[str, int, float, int, str]]:
    """(name, characters, seconds, peak bytes, outcome) of each large adversarial input."""
    cases = {
        "unbalanced quotes, 1,000 paragraphs": "".join(
            f"“The harbour master said berth {i} was closed.\n\n" for i in range(1000)),
        "nested parentheses": "The agency said " + "(officials say " * 3000 + "9 died" + ")" * 3000,
        "1 MB of hyphenated words": "-".join(["harbour"] * 125_000),
    }  # fmt: skip
    for size in sizes:
        for shape in SHAPES:
            cases[f"{shape}, {size:,}"] = shaped(shape, size)
    results = []
    for name, text in cases.items():
        path = root / f"large-{len(results)}.txt"
        path.write_text(text, encoding="utf-8")
        db = root / f"large-{len(results)}.db"
        _, _, err, seconds, peak = run_ingest(["ingest", str(path), "--db", str(db)], 900)
        outcome = "stored" if stored(db) else (err.strip().splitlines() or ["?"])[0][-60:]
        if "Traceback" in err:
            outcome = "traceback"
        results.append((name, len(text), seconds, peak, outcome))
        print(f"  {name}: {seconds:.1f} s, {peak / 2**20:.0f} MB, {outcome}", file=sys.stderr)
    return results


def kill_runs(root: Path, runs: int, seed: int) -> dict[str, int]:
    figures = dict(runs=0, lost=0, duplicated=0, tracebacks=0)
    rnd = random.Random(seed)
    folder = root / "kill-articles"
    folder.mkdir()
    texts = [good_text(rnd, n) + f" Note {n}." for n in range(40)]
    for n, text in enumerate(texts):
        (folder / f"a{n:03d}.txt").write_text(text, encoding="utf-8")
    for run in range(runs):
        db = root / f"kill{run}.db"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        process = subprocess.Popen([*CLI, "ingest", str(folder), "--db", str(db)], **quiet)
        time.sleep(rnd.uniform(1.0, 5.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        code, _, err, *_ = run_ingest(["ingest", str(folder), "--db", str(db)], 300)
        kept = stored(db)
        figures["runs"] += 1
        figures["lost"] += sum(1 for t in texts if t not in kept)
        figures["duplicated"] += len(kept) - len(set(kept))
        figures["tracebacks"] += err.count("Traceback") + (code is None)
        print(f"  kill run {run}: {len(kept)} stored", file=sys.stderr, flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument(
        "--sizes", default="100000,300000,1000000,10000000", help="characters, comma-separated"
    )
    parser.add_argument("--no-urls", action="store_true", help="no URL inputs")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        root = Path(tmp)
        bad = bad_inputs(root, options.inputs, options.batch, options.seed, not options.no_urls)
        sizes = [int(size) for size in options.sizes.split(",") if size]
        large = [] if options.skip_large else large_inputs(root, sizes)
        kills = kill_runs(root, options.kills, options.seed)
    over = [r for r in large if r[2] > LARGE_SECONDS or r[3] > LARGE_BYTES]
    print("| figure | value |\n|---|---|")
    print(f"| bad inputs tried (all readers, URLs included) | {bad['cases']:,} |")
    print(f"| clean one-line errors | {bad['errors']:,} |")
    print(f"| tracebacks | {bad['tracebacks'] + kills['tracebacks']} |")
    print(f"| hangs (a batch past {BATCH_SECONDS} s) | {bad['hangs']} |")
    print(f"| good articles lost / duplicated | {bad['lost']} / {bad['duplicated']} |")
    print(f"| SIGKILL-and-rerun ingests | {kills['runs']} |")
    print(f"| articles lost / duplicated after kills | {kills['lost']} / {kills['duplicated']} |")
    print(f"| peak memory of a batch | {bad['peak'] / 2**20:.0f} MB |")
    print(f"| large inputs over {LARGE_SECONDS:g} s or 1 GB | {len(over)} of {len(large)} |")
    if large:
        slowest = max(large, key=lambda r: r[2])
        print(f"| slowest large input | {slowest[0]}: {slowest[2]:.1f} s |")
        print(f"| peak memory of a large input | {max(r[3] for r in large) / 2**20:.0f} MB |")
        print("\n| large input | characters | seconds | peak memory | outcome |")
        print("|---|---|---|---|---|")
        for name, size, seconds, peak, outcome in large:
            print(f"| {name} | {size:,} | {seconds:.1f} | {peak / 2**20:.0f} MB | {outcome} |")


if __name__ == "__main__":
    socket.setdefaulttimeout(30)
    main()
