"""Reading Keras' HDF5 files in a child process, so that a damaged file cannot hang or crash
the app: the HDF5 C library can loop without end on some damaged files, where no Python
signal reaches it. The child gets a time and memory limit and hands back plain JSON and an
``.npz`` of float32 arrays (never a pickle).

    python -m playground.export.h5_child KIND PATH OUT_FOLDER
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from playground.export.foreign import DenseLayer, ModelImportError, Network

TIME_LIMIT = 60.0  # seconds; a sound model file of any allowed size reads in a few
MEMORY_LIMIT = 4 << 30  # bytes of address space for the child
_RESULT, _WEIGHTS = "result.json", "weights.npz"


def _write(net: Network, input_dim: int | None, out: Path) -> None:
    arrays = {}
    for i, layer in enumerate(net.layers):
        arrays[f"kernel_{i}"], arrays[f"bias_{i}"] = layer.kernel, layer.bias
    np.savez(out / _WEIGHTS, **arrays)
    layers = [
        {"name": x.name, "activation": x.activation, "alpha": x.alpha, "pieces": x.pieces}
        for x in net.layers
    ]
    document = {"layers": layers, "input_dim": input_dim, "loss": net.loss}
    document["optimizer"] = json.loads(json.dumps(net.optimizer, default=lambda _: None))
    (out / _RESULT).write_text(json.dumps(document), encoding="utf-8")


def _read(out: Path) -> tuple[Network, int | None]:
    document = json.loads((out / _RESULT).read_text(encoding="utf-8"))
    if "error" in document:
        raise ModelImportError(document["path"], document["error"])
    net = Network(loss=document["loss"], optimizer=document["optimizer"])
    with np.load(out / _WEIGHTS, allow_pickle=False) as weights:
        for i, layer in enumerate(document["layers"]):
            kernel, bias = weights[f"kernel_{i}"], weights[f"bias_{i}"]
            net.layers.append(
                DenseLayer(
                    layer["name"],
                    kernel,
                    bias,
                    layer["activation"],
                    layer["alpha"],
                    layer["pieces"],
                )
            )
    return net, document["input_dim"]


def read_isolated(kind: str, path: Path) -> tuple[Network, int | None]:
    """``read_keras_here`` or ``read_h5_here`` of ``path``, run in a child process (or here,
    in a frozen app, which has no Python to start)."""
    from playground.export import keras_import

    here = keras_import.read_keras_here if kind == "keras" else keras_import.read_h5_here
    if getattr(sys, "frozen", False):
        return here(path)
    with tempfile.TemporaryDirectory(prefix="nn-playground-h5-") as folder:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        command = [sys.executable, "-m", "playground.export.h5_child", kind, str(path), folder]
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, timeout=TIME_LIMIT, check=False
            )
        except subprocess.TimeoutExpired:
            raise ModelImportError(
                path, f"reading took over {TIME_LIMIT:.0f} seconds; the file is damaged"
            ) from None
        except OSError as exc:
            raise ModelImportError(path, f"cannot start the reader ({exc})") from None
        if not (Path(folder) / _RESULT).is_file():
            raise ModelImportError(
                path,
                f"the HDF5 reader failed on this file (status {done.returncode}); it is damaged",
            )
        try:
            return _read(Path(folder))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelImportError(path, f"the reader's answer is unreadable ({exc})") from None


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass  # not on this system: the time limit still holds


def main(argv: list[str]) -> int:
    from playground.export import keras_import

    kind, path, out = argv[0], Path(argv[1]), Path(argv[2])
    _limit_memory()
    try:
        here = keras_import.read_keras_here if kind == "keras" else keras_import.read_h5_here
        net, input_dim = here(path)
        _write(net, input_dim, out)
    except ModelImportError as exc:
        document = {"path": exc.path, "error": exc.reason}
        (out / _RESULT).write_text(json.dumps(document), encoding="utf-8")
    except MemoryError:
        document = {"path": str(path), "error": "reading it needs more memory than allowed"}
        (out / _RESULT).write_text(json.dumps(document), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
