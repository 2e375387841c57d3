"""Command line: ``duban-parse FILE`` / ``python -m docparse FILE`` -> one JSON object on stdout.

Exit codes: 0 ok, 2 unreadable input (one-line reason on stderr, never a traceback)."""

from __future__ import annotations

import argparse
import json
import sys

from . import DEFAULT_MAX_SIZE, parse
from .errors import ParseError


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="duban-parse", description="Parse a work plan / filing form / status table / summary")
    ap.add_argument("file")
    ap.add_argument("--with-text", action="store_true", help="include the document text (indicator offsets refer to it)")
    ap.add_argument("--max-size", type=int, default=DEFAULT_MAX_SIZE, help="maximum input size in bytes")
    ap.add_argument("--indent", type=int, default=None)
    args = ap.parse_args(argv)
    try:
        with open(args.file, "rb") as f:
            data = f.read(args.max_size + 1)
    except OSError as e:
        print(f"无法打开文件 / Cannot open file: {args.file}: {e.strerror or e}", file=sys.stderr)
        return 2
    try:
        result = parse(data, args.file, max_size=args.max_size, with_text=args.with_text)
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
