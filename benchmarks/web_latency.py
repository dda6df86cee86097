"""Latency of the web app's pages and API calls against a real `reportedly serve`, by store size.

    python benchmarks/web_latency.py [--sizes 1000,50000] [--runs 20] [--timeout 30]
                                     [--keep DIR] [--reuse]
                                     [--paths PATH,...] [--extra-paths PATH,...]

Each store is filled as benchmarks/reads.py fills its stores (`reads.py --fill`: copies
of an extracted pool of synthetic articles, written as rows, with the derived state and
the search indexes the write path keeps), then served by `reportedly serve` in a child
process. Every path is requested once to warm up, then `--runs` times, one after the
other, from this process over loopback HTTP; the table gives the median and 95th
percentile wall time of a request as the client sees it, and the server's CPU time per
request (user + system, read from /proc before and after the runs: what a loaded machine
changes least). The server runs with `--time-limit` set to `--timeout` (30 s): a path
whose reads take longer answers 503 and is shown as "> 30 s", not run again. `--paths`
replaces the default list (every API route and the start page); `--extra-paths` adds to
it (the pages of the web app). In a path, {quantity}, {source} and {article} are the
store's most claimed quantity, a claimant and an article id. The load average is printed
before and after each store.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx
from reads import first_names

HERE = Path(__file__).resolve().parent
TICKS = os.sysconf("SC_CLK_TCK")
DEFAULT_PATHS = (
    "/api/status",
    "/api/articles",
    "/api/articles?outlet=Outlet%20AB",
    "/api/articles/{article}",
    "/api/claims",
    "/api/claims?source=ministry",
    "/api/claims?text=soldiers&since=2025",
    "/api/figures",
    "/api/figures?category=killed",
    "/api/quantities",
    "/api/quantities/{quantity}",
    "/api/sources",
    "/api/sources/{source}",
    "/api/entities",
    "/api/entities/history",
    "/api/search?q=soldiers",
    "/api/search?q=%22north%20korean%22%20-injured&kind=indirect",
    "/api/search",
    "/api/search?category=killed&outlet=Outlet%20AB",
    "/api/search?q=soldiers&claimed=2025-01",
    "/",
)
TARGET_MS = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def serve(db: Path, time_limit: float) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    exe = str(Path(sys.executable).with_name("reportedly"))
    limit = str(time_limit)
    argv = [exe, "serve", "--db", str(db), "--port", str(port), "--time-limit", limit]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/status", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("reportedly serve did not start")


def bench_store(db: Path, size: int, paths: list[str], runs: int, timeout: float) -> None:
    quantity, source, _ = first_names(str(db))
    names = {
        "quantity": quote(quantity or "x killed"),
        "source": quote(source or "x"),
        "article": "1",
    }
    mb = db.stat().st_size / 1e6
    print(f"\n{size:,} articles, {mb:.0f} MB; load average {load()}")
    print(f"  {'path':<62} {'median ms':>9} {'p95 ms':>7} {'CPU ms':>7} {'status':>6}")
    process, base = serve(db, timeout)
    slow = []
    try:
        with httpx.Client(base_url=base, timeout=timeout + 60) as client:
            for template in paths:
                path = template.format(**names)
                shown = template if len(template) <= 62 else template[:61] + "…"
                status = client.get(path).status_code  # warm-up
                if status == 503:  # its reads ran past the server's time limit
                    slow.append(template)
                    print(f"  {shown:<62} {'> ' + format(timeout, 'g') + ' s':>9}", flush=True)
                    continue
                times = []
                before = cpu_seconds(process.pid)
                for _ in range(runs):
                    start = time.perf_counter()
                    client.get(path)
                    times.append(time.perf_counter() - start)
                cpu = (cpu_seconds(process.pid) - before) / runs
                times.sort()
                median = statistics.median(times) * 1000
                p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] * 1000
                if median > TARGET_MS:
                    slow.append(template)
                row = f"{median:>9.1f} {p95:>7.1f} {cpu * 1000:>7.1f} {status:>6}"
                print(f"  {shown:<62} {row}", flush=True)
    finally:
        process.terminate()
        process.wait()
    print(f"  over {TARGET_MS} ms median: {', '.join(slow) or 'none'}; load average {load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,50000")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="the server's time limit: slower is '> T s'"
    )
    parser.add_argument("--keep", help="folder for the stores (kept); default: a temporary one")
    parser.add_argument("--reuse", action="store_true", help="use stores already in --keep")
    parser.add_argument("--paths", help="the paths to request, by comma (default: every route)")
    parser.add_argument("--extra-paths", help="paths to request besides the default ones")
    args = parser.parse_args()
    paths = args.paths.split(",") if args.paths else list(DEFAULT_PATHS)
    if args.extra_paths:
        paths += args.extra_paths.split(",")
    folder = Path(args.keep or tempfile.mkdtemp(prefix="reportedly-web-"))
    folder.mkdir(parents=True, exist_ok=True)
    for size in [int(s) for s in args.sizes.split(",")]:
        db = folder / f"store-{size}.db"
        if not (args.reuse and db.exists()):
            db.unlink(missing_ok=True)
            fill = [
                sys.executable,
                str(HERE / "reads.py"),
                "--fill",
                str(db),
                str(size),
                str(folder),
            ]
            subprocess.run(fill, check=True)
        bench_store(db, size, paths, args.runs, args.timeout)


if __name__ == "__main__":
    main()
