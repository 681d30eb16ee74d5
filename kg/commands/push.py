"""`kg push DIR --store URL`: a build's graphs into any SPARQL 1.1 Graph Store Protocol store."""

from __future__ import annotations

import argparse
import os

HELP = ("Send each article's named graph of a build to a SPARQL 1.1 Graph Store Protocol "
        "endpoint (PUT per graph); a re-push sends only the graphs that changed.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", metavar="DIR", help="a build directory")
    p.add_argument("--store", required=True, metavar="URL",
                   help="the store's Graph Store Protocol URL, e.g. "
                        "http://localhost:7878/store (Oxigraph) or "
                        "http://localhost:3030/DATASET/data (Fuseki)")
    p.add_argument("--user", help="user name for HTTP basic authentication")
    p.add_argument("--password", help="password for --user (default: the environment "
                                      "variable KG_PUSH_PASSWORD, so it stays out of ps)")
    p.add_argument("--token-env", metavar="NAME",
                   help="name of an environment variable holding a bearer token "
                        "(sent as 'Authorization: Bearer ...')")
    p.add_argument("--all", action="store_true",
                   help="send every graph, not only those changed since the last push")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="give up on one HTTP request after this long (default: %(default)s)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from kg.errors import KgError
    from kg.push import push

    auth = None
    if args.user is not None:
        password = args.password if args.password is not None else os.environ.get(
            "KG_PUSH_PASSWORD")
        if password is None:
            raise KgError("--user needs --password or the environment variable "
                          "KG_PUSH_PASSWORD.")
        auth = (args.user, password)
    elif args.password is not None:
        raise KgError("--password needs --user.")
    token = None
    if args.token_env:
        token = os.environ.get(args.token_env)
        if not token:
            raise KgError(f"--token-env {args.token_env}: that environment variable is "
                          "not set.")
    with tqdm(desc="graphs sent", unit="graph", disable=args.quiet or None) as bar:
        report = push(args.dir, args.store, auth=auth, token=token, force=args.all,
                      timeout=args.timeout, progress=bar.update)
    print(f"{len(report.sent)} graphs sent, {report.unchanged} unchanged, "
          f"{len(report.deleted)} deleted -> {args.store}")
    return 0
