"""``nn-playground screenshot OUT.png``: the real window, offscreen, after N mini-batches."""

from __future__ import annotations

import argparse
import os
import sys

VIEWS = ("loss", "weights", "predictions")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1400x900, not {text!r}") from None
    if w < 200 or h < 150:
        raise argparse.ArgumentTypeError("size must be at least 200x150")
    return w, h


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT.png", help="where to save the picture")
    parser.add_argument("--view", choices=VIEWS, default="loss", help="the tab to show")
    parser.add_argument(
        "--train-batches",
        type=_positive,
        default=200,
        metavar="N",
        help="mini-batches to train before the picture (default 200)",
    )
    parser.add_argument(
        "--size",
        type=_size,
        default=(1400, 900),
        metavar="WxH",
        help="window size (default 1400x900)",
    )
    parser.add_argument(
        "--train-size",
        type=_positive,
        default=None,
        metavar="N",
        help="use only N training examples (faster epoch-end evaluations)",
    )
    parser.add_argument("--batch-size", type=_positive, default=None, metavar="N")
    parser.add_argument(
        "--hidden", default=None, metavar="UNITS,UNITS", help="hidden layer sizes, e.g. 128,64"
    )
    parser.add_argument("--timeout", type=float, default=300.0, help=argparse.SUPPRESS)


def main(args: argparse.Namespace) -> int:
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from playground.gui.app import make_application

    app = make_application(sys.argv[:1])
    from playground.gui.main_window import MainWindow
    from playground.gui.waiting import wait_until

    window = MainWindow(restore_settings=False)
    window.remember_settings = False
    window.resize(*args.size)
    window.show()
    wait_until(lambda: window.data.dataset is not None, timeout=60)
    if window.data.dataset is None:
        print(f"nn-playground screenshot: {window.last_message or 'no data set'}", file=sys.stderr)
        _dispose(window)
        return 1
    cfg = window.current_config()
    changes = {"epochs": max(cfg.epochs, 1)}
    if args.train_size:
        changes["train_size"] = min(args.train_size, len(window.data.dataset.y_train))
    if args.batch_size:
        changes["batch_size"] = args.batch_size
    if args.hidden:
        changes["hidden"] = tuple(int(u) for u in args.hidden.split(",") if u.strip())
    window.apply_config(cfg.replace(**changes))
    window.show_view(args.view)
    n = args.train_batches
    if window.problems():
        print(f"nn-playground screenshot: {window.problems()[0][1]}", file=sys.stderr)
        _dispose(window)
        return 2
    window.step()  # starts the worker thread, paused after one mini-batch
    if n > 1:
        window.controller.control.request_steps(n - 1)
    session = window.session
    ok = wait_until(
        lambda: session.updates >= n and window.state in ("paused", "diverged", "finished"),
        timeout=args.timeout,
    )
    if args.view == "predictions" and session.snapshot().confusion is None:
        session.request_confusion()
    window.views.refresh(force=True)
    wait_until(lambda: window.views.last_drawn >= session.updates, timeout=10)
    if args.view == "predictions":  # show what a click on a mistake shows
        view = window.predictions_view
        cell = view.first_mistake()
        view.select_cell(0 if cell is None else cell)
    app.processEvents()
    picture = window.grab()
    saved = picture.save(args.out)
    _dispose(window)
    if not ok:
        print("nn-playground screenshot: training did not finish in time", file=sys.stderr)
        return 1
    if not saved:
        print(f"nn-playground screenshot: cannot write {args.out}", file=sys.stderr)
        return 1
    print(f"saved {args.out} ({picture.width()}x{picture.height()}, {session.updates} updates)")
    return 0


def _dispose(window) -> None:
    """Close (stopping the thread) and delete the window now, not at interpreter exit."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


if __name__ == "__main__":
    p = argparse.ArgumentParser(prog="nn-playground screenshot")
    add_arguments(p)
    raise SystemExit(main(p.parse_args()))
