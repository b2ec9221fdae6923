"""The window with its trainer process: it streams, obeys, survives the trainer's death, and
leaves no trainer behind when it closes or is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from playground.engine import load_model
from playground.gui.process_runner import ProcessRunner

TIMEOUT = 60_000
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="signals used to fake faults")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    with open(f"/proc/{pid}/stat") as stat:  # a zombie trains no more
        return stat.read().split(")")[-1].split()[0] == "Z"


def _paused(event) -> bool:
    from playground.training.events import Paused

    return isinstance(event, Paused)


def _trainer_pid(window) -> int:
    trainer = window.runner._trainer
    assert trainer is not None and trainer.pid != os.getpid()
    return trainer.pid


def test_training_streams_into_the_views_and_obeys_the_buttons(window, qtbot, tmp_path):
    assert isinstance(window.runner, ProcessRunner)
    window.step()
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 1, timeout=TIMEOUT
    )
    _trainer_pid(window)
    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 1, timeout=TIMEOUT)
    assert window.session.updates == 20  # 1,000 digits in batches of 50
    window.start()
    qtbot.waitUntil(lambda: window.views.last_drawn > 40, timeout=TIMEOUT)  # drawn as it trains
    window.training_panel.learning_rate.edit.setText("0.0005")
    window.training_panel.learning_rate.edit.editingFinished.emit()
    qtbot.waitUntil(lambda: window.session.learning_rate == 0.0005, timeout=TIMEOUT)
    # Paused in the trainer (its Paused event comes after the weights it paused with).
    with qtbot.waitSignal(
        window.runner.eventReceived, timeout=TIMEOUT, check_params_cb=lambda e: _paused(e)
    ):
        window.pause()
    # The window's copy of the weights follows the trainer's: saved by the trainer, read back.
    path = tmp_path / "m.npz"
    assert window.files.save_model(path)
    saved = load_model(str(path)).get_weights()

    def mirrored() -> bool:
        copy = window.session.model.get_weights()
        return all(np.array_equal(a, b) for a, b in zip(saved, copy, strict=True))

    qtbot.waitUntil(mirrored, timeout=TIMEOUT)
    assert window.stop()
    assert window.state == "stopped" and not window.runner.is_running()


def test_a_dead_trainer_is_reported_and_the_window_goes_on(window, qtbot, dialogs_seen):
    window.start()
    qtbot.waitUntil(lambda: window.session.updates > 2, timeout=TIMEOUT)
    os.kill(_trainer_pid(window), signal.SIGKILL)
    qtbot.waitUntil(lambda: window.state == "error", timeout=TIMEOUT)
    assert dialogs_seen and "ended unexpectedly" in dialogs_seen[-1][1]
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=TIMEOUT)
    window.reset()
    window.step()  # a new trainer
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 1, timeout=TIMEOUT
    )
    window.stop()


def test_closing_mid_epoch_ends_the_trainer(make_window, qtbot):
    # Only that the trainer ends; how long Stop takes is measured by
    # `python -m playground.commands.responsiveness`, not by a unit test.
    window = make_window(hidden=(256, 256), batch_size=100)
    window.start()
    qtbot.waitUntil(lambda: window.session.updates > 2, timeout=TIMEOUT)
    pid = _trainer_pid(window)
    window.close()
    assert _gone(pid)


def test_a_killed_window_leaves_no_trainer(tmp_path):
    script = tmp_path / "window.py"
    script.write_text(
        textwrap.dedent(
            """
            import sys

            def main():
                from PySide6.QtWidgets import QApplication

                app = QApplication([])
                from playground.gui.main_window import MainWindow
                from playground.gui.waiting import wait_until
                from playground.training import TrainingConfig

                window = MainWindow(restore_settings=False, host_extras=False)
                window.show()
                wait_until(lambda: window.data.dataset is not None, timeout=60)
                window.apply_config(TrainingConfig(hidden=(32,), train_size=1000, epochs=1000))
                window.start()
                wait_until(lambda: window.session.updates > 2, timeout=60)
                print(window.runner._trainer.pid, flush=True)
                app.exec()

            if __name__ == "__main__":
                main()
            """
        )
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH")])
    )
    app = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        trainer = int(app.stdout.readline())
        assert not _gone(trainer)
    finally:
        app.kill()  # no close event, no clean-up: the trainer must notice by itself
        app.wait(10)
    deadline = time.monotonic() + 10
    while not _gone(trainer) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(trainer), "the trainer outlived the killed window"


def test_the_visible_view_decides_what_the_trainer_streams(make_window, qtbot):
    window = make_window(host_extras=True, epochs=1000)
    window.show_view("loss")
    window.start()
    mirror = window.session
    qtbot.waitUntil(lambda: mirror.demand == (False, False, False, False), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.views.last_drawn > 5, timeout=TIMEOUT)
    assert mirror.snapshot().gradient_norms == []

    window.show_view("weights")
    qtbot.waitUntil(lambda: mirror.demand == (True, False, True, False), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: len(mirror.snapshot().gradient_norms) == 2, timeout=TIMEOUT)
    assert all(len(series) > 0 for series in mirror.snapshot().gradient_norms)

    before = [w.copy() for w in mirror.model.get_weights()]
    window.show_view("network")  # it probes the model: the weights follow the trainer
    qtbot.waitUntil(lambda: mirror.demand is not None and mirror.demand[3], timeout=TIMEOUT)

    def moved() -> bool:
        now = mirror.model.get_weights()
        return not all(np.array_equal(a, b) for a, b in zip(before, now, strict=True))

    qtbot.waitUntil(moved, timeout=TIMEOUT)
    assert window.stop()


def test_the_window_hears_when_its_trainer_has_built_the_session(window, qtbot):
    """app-bench times the windowed epoch from here, as it times a headless one from a built
    session: the flag turns on with the trainer's first message, not when the process starts."""
    session = window.controller.prepare(window.current_config(), window.data.dataset)
    assert session is window.session
    assert not session.heard_from_trainer  # its message is taken on this thread's event loop
    qtbot.waitUntil(lambda: session.heard_from_trainer, timeout=TIMEOUT)
    assert session.snapshot().updates == 0


def test_the_trainer_process_sends_its_large_products_to_onemkl(window, qtbot):
    # The test extra installs oneMKL and TBB: the trainer's plan beside the window uses them.
    # (Whether the window's own process loads them is checked in a fresh interpreter below:
    # this one has loaded them for the engine's tests.)
    from playground.training.blas_threads import plan_beside_window, usable_cpus

    assert plan_beside_window().mkl_threads == usable_cpus() >= 2
    window.step()
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 1, timeout=TIMEOUT
    )
    maps = Path(f"/proc/{_trainer_pid(window)}/maps").read_text()
    assert "libmkl_rt" in maps and "libtbb" in maps


def test_the_windows_own_process_never_loads_onemkl():
    script = textwrap.dedent(
        """
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from playground.gui.app import make_application
        app = make_application(["test"])
        from playground.gui.main_window import MainWindow
        window = MainWindow(restore_settings=False)
        window.show()
        app.processEvents()
        assert "libmkl" not in open("/proc/self/maps").read(), "the window loaded oneMKL"
        window.shutdown()
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-2000:]
