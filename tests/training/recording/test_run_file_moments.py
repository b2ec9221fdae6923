"""A moment file read back: at its update, with its settings and arrays; a file that does not
say which update it is is skipped with its name."""

from __future__ import annotations

import numpy as np
import pytest

from playground.training.recording.moment import Moment
from playground.training.recording.run_file import (
    RunFileError,
    moment_name,
    read_moment,
    write_moment,
)


def test_a_moment_reads_back_at_its_update(tmp_path):
    weights = np.arange(6.0).reshape(2, 3)
    write_moment(tmp_path, Moment(12, {"updates": 12, "epoch": 1}, {"weights/0": weights}))
    moment = read_moment(tmp_path / "moment-000000000012.npz")
    assert moment.updates == 12 and moment.meta == {"updates": 12, "epoch": 1}
    assert list(moment.arrays) == ["weights/0"]
    assert np.array_equal(moment.arrays["weights/0"], weights)


@pytest.mark.parametrize("meta", [{"epoch": 1}, {"updates": "12"}, {"updates": 12.5}])
def test_a_moment_file_without_its_update_is_skipped_with_its_name(tmp_path, meta):
    write_moment(tmp_path, Moment(12, meta, {}))
    with pytest.raises(RunFileError) as info:
        read_moment(tmp_path / moment_name(12))
    assert str(info.value) == "moment-000000000012.npz does not describe a moment; it is skipped."
