"""The app's colours, in one place: every view draws signs, layers and series from here.

- One sign pair everywhere: positive weights blue, negative weights vermillion (Okabe and
  Ito's pair, told apart with every common colour-vision deficiency). Images of weights use
  the diverging map vermillion - white - blue built from the same pair.
- Up to 12 layers in distinct colours that stay readable on white (no yellow); from the 8th
  on, a dashed line adds a second cue for the few who cannot tell two of them apart.
- Series colours (loss, accuracy, runs) come from the same list, so a lecture uses one set.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt

POSITIVE = "#0072B2"  # blue
NEGATIVE = "#D55E00"  # vermillion

# Okabe-Ito without its yellow and black, then Paul Tol's muted colours that differ from them.
LAYERS = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#E69F00",  # orange
    "#332288",  # indigo
    "#882255",  # wine
    "#44AA99",  # teal
    "#999933",  # olive
    "#AA4499",  # purple
    "#555555",  # dark grey
)
MAX_LAYERS = len(LAYERS)
DASHED_FROM = 7  # curves 8..12 are dashed as well as coloured

BLUE, ORANGE, GREEN, GREY = LAYERS[0], LAYERS[5], LAYERS[2], "#7f7f7f"
RIGHT = LAYERS[2]  # correctly classified: green
WRONG = NEGATIVE  # misclassified: vermillion
HIGHLIGHT = NEGATIVE  # a marker on a curve (the current point)


def rgb(colour: str) -> tuple[int, int, int]:
    """``"#RRGGBB"`` as an (r, g, b) tuple, for brushes with an alpha."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def layer_colour(index: int) -> str:
    """The colour of layer ``index`` (0-based); after 12 the colours repeat."""
    return LAYERS[index % MAX_LAYERS]


def series_colour(index: int) -> str:
    return layer_colour(index)


def line_style(index: int) -> Qt.PenStyle:
    return Qt.PenStyle.DashLine if index % MAX_LAYERS >= DASHED_FROM else Qt.PenStyle.SolidLine


def sign_colour(value: float) -> str:
    return POSITIVE if value >= 0 else NEGATIVE


def sign_caption() -> str:
    """The words every caption uses for the sign pair (translated)."""
    return QCoreApplication.translate("palette", "blue: positive, vermillion: negative")


def diverging_map() -> pg.ColorMap:
    """Negative (vermillion) - white - positive (blue): for images of weights in [-1, 1]."""
    return pg.ColorMap([0.0, 0.5, 1.0], [rgb(NEGATIVE), (255, 255, 255), rgb(POSITIVE)])


_pen_scale = [1.0]  # presentation mode thickens curves drawn from now on


def set_pen_scale(factor: float) -> None:
    _pen_scale[0] = float(factor)


def pen_scale() -> float:
    return _pen_scale[0]


def curve_pen(index: int, width: float = 2.5, dashed: bool = False):
    """A pen for series ``index``: its colour, dashed when asked or when the colour is one of
    the later ones."""
    style = Qt.PenStyle.DashLine if dashed else line_style(index)
    return pg.mkPen(series_colour(index), width=width * _pen_scale[0], style=style)
