"""`kg push` timing against a real Oxigraph server: first push, unchanged re-push, a few added.

    .venv/bin/python scripts/bench_push.py [--articles 500] [--added 10]

Makes a build of N copies of the test suite's made-up article (one named graph each),
starts `oxigraph serve` on a free loopback port and prints a table.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_push import write_build  # noqa: E402 - the tests' build of made-up articles

from kg.push import push  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--added", type=int, default=10)
    args = ap.parse_args()
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or "oxigraph"
    with tempfile.TemporaryDirectory() as tmp, socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        build = Path(tmp) / "out"
        write_build(build, [f"a{i}" for i in range(args.articles)])
        server = subprocess.Popen([exe, "serve", "--location", f"{tmp}/db", "--bind",
                                   f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/store"
        rows = []
        try:
            time.sleep(1.5)
            for label in ("first push", "re-push, nothing changed", f"+{args.added} articles"):
                if label.startswith("+"):
                    write_build(build, [f"a{i}" for i in range(args.articles + args.added)])
                t = time.perf_counter()
                r = push(build, url)
                rows.append((label, len(r.sent), r.unchanged, time.perf_counter() - t))
        finally:
            server.terminate()
            server.wait(10)
    print(f"kg push to Oxigraph server on loopback, {args.articles} article graphs "
          "+ the entities graph")
    print("| push | graphs sent | unchanged | seconds |")
    print("| --- | ---: | ---: | ---: |")
    for label, sent, same, secs in rows:
        print(f"| {label} | {sent} | {same} | {secs:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
