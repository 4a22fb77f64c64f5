"""Exports for handouts: the canvas or the pipeline (with its current step) as PNG, SVG or PDF, at a chosen
scale, with the legend, and without the trace's dimming unless asked. The format follows the file's suffix.
(Qt's own writers: pyqtgraph's SVG exporter breaks on PySide6 >= 6.11.)"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPoint, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from . import themes

MARGIN = 30.0
FORMATS = {".png": "PNG image (*.png)", ".svg": "SVG drawing (*.svg)", ".pdf": "PDF document (*.pdf)"}
MAX_SIDE = 8000


def _write(path: str, size: QSizeF, paint: Callable[[QPainter, QRectF], None], scale: float) -> None:
    """Open a painter on the file the suffix names, with a target of `size` (scene units) times `scale`."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise OSError(f"`{Path(path).name}`: export as .png, .svg or .pdf")
    k = min(scale, MAX_SIDE / max(size.width(), size.height(), 1.0))
    w, h = max(1, int(size.width() * k)), max(1, int(size.height() * k))
    painter = QPainter()
    if suffix == ".png":
        image = QImage(QSize(w, h), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter.begin(image)
    elif suffix == ".svg":
        svg = QSvgGenerator()
        svg.setFileName(path)
        svg.setSize(QSize(w, h))
        svg.setViewBox(QRectF(0, 0, w, h))
        svg.setTitle("IAM Studio")
        if not painter.begin(svg):
            raise OSError(f"could not write `{path}`")
    else:
        pdf = QPdfWriter(path)
        pdf.setResolution(96)
        pdf.setPageLayout(QPageLayout(QPageSize(QSizeF(w * 25.4 / 96, h * 25.4 / 96),
                                                   QPageSize.Unit.Millimeter), QPageLayout.Orientation.Portrait,
                                         QMarginsF(0, 0, 0, 0)))
        if not painter.begin(pdf):
            raise OSError(f"could not write `{path}`")
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint(painter, QRectF(0, 0, w, h))
    painter.end()
    # the stubs type the format as bytes, but PySide6 accepts only str here
    if suffix == ".png" and not image.save(path, "PNG"):  # type: ignore[call-overload]
        raise OSError(f"could not write `{path}`")


def export_canvas(canvas, path: str, scale: float = 2.0, dimmed: bool = False, legend: bool = True) -> None:
    """The whole diagram (not just the visible part), every name whole at the legend's size: the names are
    set at the diagram's own label size (as when zoomed in) and the diagram drawn as much larger as the
    screen's names were, so that a handout has the room a small window had not. Raises OSError when the
    file cannot be written."""
    with canvas.detailed(), canvas.handout_labels() as grow:   # every node with its name, also for a big account
        _export_canvas(canvas, path, scale, dimmed, legend, grow)


def _export_canvas(canvas, path: str, scale: float, dimmed: bool, legend: bool, grow: float) -> None:
    vb = canvas.viewbox
    source = vb.childGroup.mapRectToScene(vb.childGroup.childrenBoundingRect()).adjusted(
        -MARGIN / grow, -MARGIN / grow, MARGIN / grow, MARGIN / grow)
    items = list(canvas.nodes.values()) + list(canvas.edges)
    opacity = {item: item.opacity() for item in items}
    old_legend = canvas.legend.expanded
    if legend:
        canvas.legend.set_expanded(True, fit=False)        # at its own size, whatever the window's
    legend_h = canvas.legend.height() if legend else 0
    drawn = QSizeF(source.width() * grow, source.height() * grow)      # the diagram, in legend pixels
    size = QSizeF(drawn.width(), drawn.height() + (legend_h + 10 if legend else 0))   # a margin under it
    if legend:
        size.setWidth(max(size.width(), canvas.legend.width() + 20))

    def paint(p: QPainter, target: QRectF) -> None:
        p.fillRect(target, QColor(canvas.theme["background"]))
        k = target.width() / size.width()        # the legend may be wider than the diagram: scale by the whole
        diagram = QRectF((target.width() - drawn.width() * k) / 2, 0, drawn.width() * k, drawn.height() * k)
        vb.scene().render(p, diagram, source, Qt.AspectRatioMode.KeepAspectRatio)
        if legend:
            p.save()
            p.translate(QPointF(10 * k, diagram.bottom()))
            p.scale(k, k)
            canvas.legend.render(p, QPoint(0, 0))
            p.restore()

    try:
        for item in canvas.nodes.values():     # cached items would be pasted as bitmaps: draw them as vectors
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        if not dimmed:
            for item in items:
                item.setOpacity(1.0)
        _write(path, size, paint, scale)
    finally:
        for item, value in opacity.items():
            item.setOpacity(value)
        for item in canvas.nodes.values():
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        canvas.legend.set_expanded(old_legend)


def export_pipeline(pipeline, path: str, scale: float = 2.0) -> None:
    """The pipeline as it stands (the step shown, the verdict once reached), with the step's sentence."""
    scene = pipeline.scene
    source = scene.content
    caption = " — ".join(t for t in (pipeline.verdict_text, pipeline.reason.text()) if t)
    font = themes.scaled_font(factor=1.2)
    font.setPixelSize(max(14, int(scene.sizes.title)))
    caption_h = font.pixelSize() * 2.2

    def paint(p: QPainter, target: QRectF) -> None:
        p.fillRect(target, scene.backgroundBrush())
        k = target.width() / source.width()
        p.save()
        p.scale(k, k)
        p.setFont(font)
        p.setPen(QColor(themes.colours()["text"]))
        p.drawText(QRectF(10, 0, source.width() - 20, caption_h), Qt.AlignmentFlag.AlignVCenter
                   | Qt.TextFlag.TextWordWrap, caption)
        p.restore()
        scene.render(p, QRectF(0, caption_h * k, target.width(), target.height() - caption_h * k), source)

    _write(path, QSizeF(source.width(), source.height() + caption_h), paint, scale)
