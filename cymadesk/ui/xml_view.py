"""The XML tab: the original file's text, read-only, with tags and attributes highlighted."""

from __future__ import annotations

import re

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

_TAG = re.compile(r"</?[\w:.-]+|/?>|<\?[\w:.-]+|\?>")
_ATTRIBUTE = re.compile(r"\s([\w:.-]+)=")
_VALUE = re.compile(r"\"[^\"]*\"|'[^']*'")
_COMMENT = re.compile(r"<!--.*?-->")


def _format(colour: str, *, bold: bool = False) -> QTextCharFormat:
    text_format = QTextCharFormat()
    text_format.setForeground(QColor(colour))
    if bold:
        text_format.setFontWeight(QFont.Weight.Bold)
    return text_format


class XmlHighlighter(QSyntaxHighlighter):
    """Colours tags, attribute names, quoted values and comments, one line at a time."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._tag = _format("#1565c0", bold=True)
        self._attribute = _format("#6a1b9a")
        self._value = _format("#2e7d32")
        self._comment = _format("#757575")

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        for pattern, text_format in (
            (_TAG, self._tag),
            (_VALUE, self._value),
            (_COMMENT, self._comment),
        ):
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), text_format)
        for match in _ATTRIBUTE.finditer(text):
            self.setFormat(match.start(1), match.end(1) - match.start(1), self._attribute)


class XmlView(QPlainTextEdit):
    """Read-only text of the original bytes, decoded as the file declares them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.highlighter = XmlHighlighter(self.document())

    def show_text(self, text: str) -> None:
        self.setPlainText(text)
