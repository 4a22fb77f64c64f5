"""Export the canvas as PNG or SVG (Qt's QSvgGenerator: pyqtgraph's SVG exporter breaks on PySide6 ≥ 6.11)."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

MARGIN = 30.0


def _source_rect(canvas) -> QRectF:
    vb = canvas.viewbox
    rect = vb.childGroup.mapRectToScene(vb.childGroup.childrenBoundingRect())
    return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def _render(canvas, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.fillRect(target, QColor(canvas.theme["background"]))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    items = list(canvas.nodes.values())
    for item in items:      # cached items would be pasted as bitmaps: draw them as vectors
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        canvas.viewbox.scene().render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        for item in items:
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def export_png(canvas, path: str, scale: float = 2.0) -> None:
    """Write the whole diagram (not just the visible part) as a PNG image. Raises OSError on failure."""
    source = _source_rect(canvas)
    k = min(scale, 8000 / max(source.width(), source.height(), 1.0))
    size = QSize(max(1, int(source.width() * k)), max(1, int(source.height() * k)))
    image = QImage(size, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    _render(canvas, painter, QRectF(0, 0, size.width(), size.height()), source)
    painter.end()
    if not image.save(path, "PNG"):
        raise OSError(f"could not write `{path}`")


def export_svg(canvas, path: str) -> None:
    """Write the whole diagram as an SVG drawing. Raises OSError on failure."""
    source = _source_rect(canvas)
    gen = QSvgGenerator()
    gen.setFileName(path)
    gen.setSize(QSize(int(source.width()), int(source.height())))
    gen.setViewBox(QRectF(0, 0, source.width(), source.height()))
    gen.setTitle("IAM Studio diagram")
    painter = QPainter()
    if not painter.begin(gen):
        raise OSError(f"could not write `{path}`")
    _render(canvas, painter, QRectF(0, 0, source.width(), source.height()), source)
    painter.end()
