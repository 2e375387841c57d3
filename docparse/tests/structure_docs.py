"""Small documents built in memory for the structure stage tests (no reader involved)."""

from __future__ import annotations

from docparse.model import Cell, Document, Paragraph, Table
from docparse.text import normalize


def text_doc(*lines: str) -> Document:
    """One paragraph per line, as the text reader makes them."""
    text, blocks, pos = "\n".join(lines), [], 0
    for line in lines:
        blocks.append(Paragraph(line, pos, pos + len(line)))
        pos += len(line) + 1
    return Document(text, blocks, "txt", normalize(text))


def table_doc(rows: list[list[str]], before: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> Document:
    """Paragraphs ``before``, one table of ``rows`` (cells separated by tabs in the text), paragraphs ``after``."""
    text, blocks = "", []

    def para(line: str) -> None:
        nonlocal text
        blocks.append(Paragraph(line, len(text), len(text) + len(line)))
        text += line + "\n"

    for line in before:
        para(line)
    start, trows = len(text), []
    for row in rows:
        cells = []
        for v in row:
            cells.append(Cell(v, len(text), len(text) + len(v)))
            text += v + "\t"
        text += "\n"
        trows.append(cells)
    blocks.append(Table(trows, start, len(text)))
    for line in after:
        para(line)
    return Document(text, blocks, "docx", normalize(text))


def paras_of(doc: Document) -> list[tuple[int, Paragraph]]:
    return [(i, b) for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph)]
