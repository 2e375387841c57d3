"""Errors raised by docparse. Every failure to read a document is a ParseError."""


class ParseError(Exception):
    """A document could not be read. ``str(err)`` is bilingual: "中文 / English"."""

    def __init__(self, zh: str, en: str | None = None):
        self.zh = zh
        self.en = en or zh
        super().__init__(f"{zh} / {en}" if en else zh)

    @property
    def message(self) -> str:
        return str(self)

    def text(self, language: str | None) -> str:
        """The message in one language only, for a page in that language (zh… → Chinese)."""
        return self.zh if (language or "zh").lower().startswith("zh") else self.en
