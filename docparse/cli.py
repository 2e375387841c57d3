"""Command line: ``duban-parse FILE`` / ``python -m docparse FILE`` -> one JSON object on stdout.

The parse runs as the web importer's does: in a forked child under a wall-clock and memory budget
(docparse.sandbox; ``--timeout`` / ``--max-memory``, defaults from DUBAN_PARSE_TIMEOUT / DUBAN_PARSE_MAX_MEMORY,
60 s and 1 GiB) and within the work bounds of docparse.limits.

Exit codes: 0 ok, 2 unreadable input or a budget passed (one-line reason on stderr, never a traceback)."""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import DEFAULT_MAX_SIZE, sandbox
from .errors import ParseError


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="duban-parse", description="Parse a work plan / filing form / status table / summary"
    )
    ap.add_argument("file")
    ap.add_argument(
        "--with-text", action="store_true", help="include the document text (indicator offsets refer to it)"
    )
    ap.add_argument("--max-size", type=int, default=DEFAULT_MAX_SIZE, help="maximum input size in bytes")
    ap.add_argument("--indent", type=int, default=None)
    ap.add_argument(
        "--timeout",
        type=float,
        default=float(os.environ.get("DUBAN_PARSE_TIMEOUT") or 60),
        help="seconds (default DUBAN_PARSE_TIMEOUT or 60)",
    )
    ap.add_argument(
        "--max-memory",
        type=int,
        default=int(os.environ.get("DUBAN_PARSE_MAX_MEMORY") or 1 << 30),
        help="bytes beyond the process's own (default DUBAN_PARSE_MAX_MEMORY or 1 GiB)",
    )
    args = ap.parse_args(argv)
    try:
        with open(args.file, "rb") as f:
            data = f.read(args.max_size + 1)
    except OSError as e:
        print(f"无法打开文件 / Cannot open file: {args.file}: {e.strerror or e}", file=sys.stderr)
        return 2
    try:
        # no warm-up in this one-shot process: the child loads only what the file needs (a refused file, no jieba)
        outcome = sandbox.call_limited(
            sandbox._parse,
            data,
            args.file,
            args.max_size,
            args.with_text,
            timeout=args.timeout,
            max_memory=args.max_memory,
        )
        if outcome.status != "ok":
            raise outcome.error
        result = outcome.value
    except ParseError as e:
        print(str(e).replace("\n", " "), file=sys.stderr)
        return 2
    except Exception as e:  # pragma: no cover - last line of defence
        print(f"无法解析文档 / Cannot parse document: {e.__class__.__name__}", file=sys.stderr)
        return 2
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=args.indent))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
