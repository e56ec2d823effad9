"""`python3 -m lineage_client`: read runs and trials, or send a trace file, as JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import List, Optional

from .client import Lineage, LineageError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m lineage_client", description="Talk to a Lineage server: read runs and trials, send trace records.")
    p.add_argument("--url", default=os.environ.get("LINEAGE_URL", "http://127.0.0.1:3000"), help="the server (default $LINEAGE_URL or http://127.0.0.1:3000)")
    p.add_argument("--token", default=os.environ.get("LINEAGE_TOKEN"), help="API token for writes (default $LINEAGE_TOKEN)")
    sub = p.add_subparsers(dest="command", required=True)
    runs = sub.add_parser("runs", help="list runs with their summaries")
    runs.add_argument("--task", help="only runs of this task id")
    trials = sub.add_parser("trials", help="list a run's trials (no diffs or logs)")
    trials.add_argument("run", help="run id")
    trials.add_argument("--failure", help="only trials with this failure label")
    trials.add_argument("--q", help="hypothesis or source id contains")
    trial = sub.add_parser("trial", help="one trial in full")
    trial.add_argument("id", help="trial id")
    send = sub.add_parser("send", help="send a lineage-trace/1 JSONL file (or - for stdin) in batches")
    send.add_argument("file")
    send.add_argument("--batch", type=int, default=1000, help="records per request (default 1000)")
    return p


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        lx = Lineage(args.url, token=args.token)
        if args.command == "runs":
            out = lx.runs(task=args.task)
        elif args.command == "trials":
            out = list(lx.trials(args.run, failure=args.failure, q=args.q))
        elif args.command == "trial":
            out = lx.get_trial(args.id)
        else:
            out = _send(lx, args.file, args.batch)
    except LineageError as e:
        print(json.dumps({"error": {"code": e.code, "message": e.message}}), file=sys.stderr)
        return 1
    except (OSError, ValueError) as e:
        print(json.dumps({"error": {"code": "invalid_input", "message": str(e)}}), file=sys.stderr)
        return 2
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


def _send(lx: Lineage, path: str, batch: int) -> dict:
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    totals = {"created": 0, "unchanged": 0, "batches": 0}
    with stream:
        records = []
        for n, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except ValueError as e:
                raise ValueError(f"{path}:{n}: not JSON: {e}") from None
            if len(records) >= batch:
                _add(totals, lx.send(records))
                records = []
        if records:
            _add(totals, lx.send(records))
    return totals


def _add(totals: dict, result: dict) -> None:
    totals["created"] += sum(result["created"].values())
    totals["unchanged"] += sum(result["unchanged"].values())
    totals["batches"] += 1


if __name__ == "__main__":
    sys.exit(main())
