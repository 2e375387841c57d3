"""docparse — read Chinese health-bureau work documents (plans, filing forms, status tables, summaries).

    >>> from docparse import parse, parse_document
    >>> d = parse(data, "plan.docx")          # JSON-ready dict (see README)
    >>> r = parse_document(data, "plan.docx") # typed ParseResult dataclass

No Django imports here: the Django importer calls this package.
"""

from __future__ import annotations

from .errors import ParseError
from .model import Document, Indicator, ParseResult, Section, Task
from .readers import DEFAULT_MAX_SIZE, read

__all__ = [
    "parse",
    "parse_document",
    "read",
    "ParseError",
    "ParseResult",
    "Section",
    "Task",
    "Indicator",
    "Document",
    "DEFAULT_MAX_SIZE",
    "__version__",
]
__version__ = "0.1.0"


def parse_document(data: bytes, filename: str, max_size: int = DEFAULT_MAX_SIZE) -> ParseResult:
    """Read and analyse a document. Raises ParseError (only) when it cannot be read."""
    doc = read(data, filename, max_size=max_size)
    from .structure import analyze

    try:
        result = analyze(doc)
    except RecursionError as e:  # pragma: no cover - defensive
        raise ParseError("无法解析文档：结构嵌套过深", f"Cannot parse document: structure too deep ({e})") from e
    except (ParseError, MemoryError):
        raise
    except Exception as e:  # pragma: no cover - defensive: never leak another exception type
        raise ParseError(
            "无法解析文档：内部错误", f"Cannot parse document: internal error ({e.__class__.__name__}: {e})"
        ) from e
    from . import exported, roles

    roles.apply(result)  # 牵头：X；配合：Y in one unit cell
    exported.apply(result)  # the task number leading a 目标任务 cell, a （指标：…） note
    if "成文日期" not in result.metadata:  # the date under the issuer's name (periods.issue_date)
        from .periods import issue_date

        dated = issue_date(doc.text)
        if dated:
            result.metadata["成文日期"] = dated
    return result


def parse(data: bytes, filename: str, max_size: int = DEFAULT_MAX_SIZE, with_text: bool = True) -> dict:
    """parse_document(...).to_dict(): the JSON contract, with the document text under "text"."""
    return parse_document(data, filename, max_size=max_size).to_dict(with_text=with_text)
