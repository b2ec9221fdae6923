"""Files are written whole or not at all."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys

import numpy as np
import pytest

from playground.atomic_file import write_atomically, write_text_atomically
from playground.regular_files import NotRegularFileError


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "curves.csv"
    target.write_text("old", encoding="utf-8")

    def half_then_fail(tmp):
        tmp.write_text("half of the new", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["curves.csv"]


def test_the_writer_gets_the_suffix_and_the_file_replaces_the_old_one(tmp_path):
    target = tmp_path / "weights.npz"
    target.write_text("old", encoding="utf-8")
    seen = []

    def save(tmp):
        seen.append(tmp.suffix)
        np.savez(tmp, w=np.arange(3))  # would add ".npz" to a name without it

    write_atomically(target, save)
    assert seen == [".npz"]
    np.testing.assert_array_equal(np.load(target)["w"], np.arange(3))
    assert [p.name for p in tmp_path.iterdir()] == ["weights.npz"]
    write_text_atomically(tmp_path / "a.txt", "line\n", newline="")
    assert (tmp_path / "a.txt").read_bytes() == b"line\n"


def test_a_new_file_gets_the_umask_mode_and_an_old_file_keeps_its_mode(tmp_path):
    old_mask = os.umask(0o027)
    try:
        write_text_atomically(tmp_path / "new.csv", "x")
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o640
    kept = tmp_path / "kept.csv"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o644)
    write_text_atomically(kept, "new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o644
    assert kept.read_text(encoding="utf-8") == "new"


def test_a_symlink_keeps_pointing_at_its_target_which_gets_the_new_content(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "model.npz"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.npz"
    link.symlink_to(target)

    written = write_text_atomically(link, "new")

    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_text(encoding="utf-8") == "new"
    assert written == target.resolve()
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["model.npz"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_a_fifo_or_a_link_to_one_is_refused_and_left_as_it_is(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    for path in (fifo, link):
        with pytest.raises(NotRegularFileError, match="FIFO"):
            write_text_atomically(path, "x")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "pipe"]


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(NotRegularFileError, match="folder"):
        write_text_atomically(tmp_path, "x")


_SIGTERM_MIDWAY = """
import os, signal, sys
from playground.atomic_file import write_atomically

def half(tmp):
    tmp.write_bytes(b"half of it")
    os.kill(os.getpid(), signal.SIGTERM)
    tmp.write_bytes(b"never")

write_atomically(sys.argv[1], half)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigterm_during_a_write_leaves_no_temporary_and_the_old_file(tmp_path):
    target = tmp_path / "model.npz"
    target.write_bytes(b"old")
    done = subprocess.run(
        [sys.executable, "-c", _SIGTERM_MIDWAY, str(target)], capture_output=True, timeout=60
    )
    assert done.returncode == -signal.SIGTERM, done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]
    assert target.read_bytes() == b"old"


def _device_node(path) -> bool:
    """A character device like /dev/null at ``path``; False where that is not permitted."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (OSError, AttributeError):
        return False
    return True


def test_a_device_node_is_never_replaced_by_a_regular_file(tmp_path):
    node = tmp_path / "model.npz"
    if not _device_node(node):
        pytest.skip("creating device nodes needs root")
    with pytest.raises(NotRegularFileError, match="character device"):
        write_atomically(node, lambda tmp: tmp.write_bytes(b"model"))
    assert stat.S_ISCHR(node.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]
