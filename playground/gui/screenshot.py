"""``nn-playground screenshot OUT.png``: the real window, offscreen, after N mini-batches."""

from __future__ import annotations

import argparse
import os
import sys

from playground import arguments

VIEWS = ("loss", "weights", "predictions")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "out", type=arguments.output_file, metavar="OUT.png", help="where to save the picture"
    )
    parser.add_argument("--view", choices=VIEWS, default="loss", help="the tab to show")
    parser.add_argument(
        "--train-batches",
        type=arguments.positive_int,
        default=200,
        metavar="N",
        help="mini-batches to train before the picture (default 200)",
    )
    parser.add_argument(
        "--size",
        type=arguments.window_size,
        default=(1400, 900),
        metavar="WxH",
        help="window size (default 1400x900)",
    )
    parser.add_argument(
        "--train-size",
        type=arguments.positive_int,
        default=None,
        metavar="N",
        help="use only N training examples (faster epoch-end evaluations)",
    )
    parser.add_argument("--batch-size", type=arguments.positive_int, default=None, metavar="N")
    parser.add_argument(
        "--hidden",
        type=arguments.layer_sizes,
        default=None,
        metavar="UNITS,UNITS",
        help="hidden layer sizes, e.g. 128,64",
    )
    parser.add_argument("--timeout", type=arguments.seconds, default=300.0, help=argparse.SUPPRESS)


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
    window.apply_config(_config(window, args))
    window.show_view(args.view)
    if window.problems():
        print(f"nn-playground screenshot: {window.problems()[0][1]}", file=sys.stderr)
        _dispose(window)
        return 2
    ok = _train(window, args.train_batches, args.timeout)
    session = window.session
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


def _config(window, args: argparse.Namespace):
    """The window's settings with the command line's changes."""
    cfg = window.current_config()
    changes = {"epochs": max(cfg.epochs, 1)}
    if args.train_size:
        changes["train_size"] = min(args.train_size, len(window.data.dataset.y_train))
    if args.batch_size:
        changes["batch_size"] = args.batch_size
    if args.hidden is not None:
        changes["hidden"] = tuple(args.hidden)
    return cfg.replace(**changes)


def _train(window, n: int, timeout: float) -> bool:
    """Train ``n`` mini-batches and pause; False when they did not end within ``timeout``."""
    from playground.gui.waiting import wait_until

    window.step()  # starts the run, paused after one mini-batch
    if n > 1:
        window.controller.control.request_steps(n - 1)
    session = window.session
    return wait_until(
        lambda: session.updates >= n and window.state in ("paused", "diverged", "finished"),
        timeout=timeout,
    )


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
