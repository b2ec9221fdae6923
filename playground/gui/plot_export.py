"""Export a view as PNG (pyqtgraph's ImageExporter for plots) or SVG (Qt's SVG generator)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QPainter, QRegion
from PySide6.QtWidgets import QWidget

from playground.atomic_file import write_atomically


def export_view(widget: QWidget, path: Path) -> None:
    """Write the view to ``path`` (PNG or SVG); an existing file is replaced only by a whole
    new one."""
    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise ValueError(f"{path.name}: choose a .png or .svg file name")
    write_atomically(path, lambda tmp: _write_view(widget, tmp))


def _write_view(widget: QWidget, path: Path) -> None:
    suffix = path.suffix.lower()
    graphics = getattr(widget, "graphics", None)
    if graphics is not None:
        import pyqtgraph.exporters as exporters

        item = graphics.ci if hasattr(graphics, "ci") else graphics.getPlotItem()
        if suffix == ".png":
            exp = exporters.ImageExporter(item)
            exp.parameters()["width"] = max(800, int(graphics.width()))
            exp.export(str(path))
            return
        # pyqtgraph 0.14's SVGExporter fails on the path syntax Qt 6.12 writes (and leaves the
        # scene half-exported); Qt's own SVG generator draws the same plots as vectors.
        widget = graphics
    if suffix == ".png":
        if not widget.grab().save(str(path)):
            raise OSError(f"{path}: could not write the image")
        return
    from PySide6.QtSvg import QSvgGenerator

    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(widget.width(), widget.height()))
    gen.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    painter = QPainter(gen)
    try:
        # All arguments spelled out: PySide6 6.12 crashes in the short render(painter) overload.
        QWidget.render(
            widget,
            painter,
            QPoint(0, 0),
            QRegion(widget.rect()),
            QWidget.RenderFlag.DrawChildren | QWidget.RenderFlag.DrawWindowBackground,
        )
    finally:
        painter.end()
