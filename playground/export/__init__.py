"""Take a network out of the playground: a runnable Keras 3 script, or an ONNX model.

Qt-free; the desktop app's File > Export menu and the ``export-keras`` / ``export-onnx``
commands both call these functions.
"""

from playground.export.keras_script import KerasExport, keras_script, write_keras_script
from playground.export.network import ExportError, NetworkSpec, describe
from playground.export.onnx_export import export_onnx, onnx_available

__all__ = [
    "ExportError",
    "KerasExport",
    "NetworkSpec",
    "describe",
    "export_onnx",
    "keras_script",
    "onnx_available",
    "write_keras_script",
]
