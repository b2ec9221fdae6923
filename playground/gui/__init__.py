"""The desktop window (PySide6 + pyqtgraph): the only part of nn-playground that imports Qt."""

from playground.gui import qt_compat

qt_compat.apply()
