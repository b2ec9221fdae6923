"""The concept views' colours now live in ``playground.gui.palette``; kept for older imports."""

from playground.gui.palette import (  # noqa: F401
    NEGATIVE,
    POSITIVE,
    curve_pen,
    series_colour,
    set_pen_scale,
)
