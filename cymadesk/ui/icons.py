"""Icons drawn in code, so that no image files need to ship for them.

Risk icons differ in shape and symbol, not only in colour: the text beside them says the
level too, for readers who do not tell the colours apart.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPixmap, QPolygonF

from cymadesk.models.risk import RiskLevel

ICON_SIZE = 32

_RISK_STYLE = {
    RiskLevel.ALTO: ("#c62828", "!", "triangle"),
    RiskLevel.MEDIO: ("#ef6c00", "!", "diamond"),
    RiskLevel.BAJO: ("#f9a825", "i", "circle"),
    RiskLevel.SIN_HALLAZGOS: ("#2e7d32", "✓", "circle"),
}


def _shape(kind: str) -> QPainterPath:
    path = QPainterPath()
    size = float(ICON_SIZE)
    if kind == "triangle":
        path.addPolygon(
            QPolygonF([QPointF(size / 2, 1), QPointF(size - 1, size - 2), QPointF(1, size - 2)])
        )
        path.closeSubpath()
    elif kind == "diamond":
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(size / 2, 1),
                    QPointF(size - 1, size / 2),
                    QPointF(size / 2, size - 1),
                    QPointF(1, size / 2),
                ]
            )
        )
        path.closeSubpath()
    else:
        path.addEllipse(QRectF(2, 2, size - 4, size - 4))
    return path


def _symbol_icon(colour: str, symbol: str, kind: str) -> QIcon:
    pixmap = QPixmap(ICON_SIZE, ICON_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillPath(_shape(kind), QColor(colour))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(ICON_SIZE * 5 // 8)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    text_area = QRectF(0, ICON_SIZE * 0.12 if kind == "triangle" else 0, ICON_SIZE, ICON_SIZE)
    painter.drawText(text_area, Qt.AlignmentFlag.AlignCenter, symbol)
    painter.end()
    return QIcon(pixmap)


@cache
def risk_icon(level: RiskLevel) -> QIcon:
    return _symbol_icon(*_RISK_STYLE[level])


@cache
def state_icon(name: str) -> QIcon:
    """Icons for verdict states: ok, falla, and a neutral one for the rest."""
    if name == "ok":
        return _symbol_icon("#2e7d32", "✓", "circle")
    if name == "falla":
        return _symbol_icon("#c62828", "✗", "circle")
    return _symbol_icon("#757575", "–", "circle")
