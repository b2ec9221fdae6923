"""Export a view as PNG or SVG: pyqtgraph's exporters for plots, Qt's painter for widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget


def export_view(widget: QWidget, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"{path.name}: choose a .png or .svg file name")
    graphics = getattr(widget, "graphics", None)
    if graphics is not None:
        import pyqtgraph.exporters as exporters

        item = graphics.ci if hasattr(graphics, "ci") else graphics.getPlotItem()
        if suffix == ".png":
            exp = exporters.ImageExporter(item)
            exp.parameters()["width"] = max(800, int(graphics.width()))
        else:
            exp = exporters.SVGExporter(item)
        exp.export(str(path))
        return
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
    widget.render(painter)
    painter.end()
