"""Speed benchmarks of the NumPy engine, optionally side by side with PyTorch on the CPU.

``nn-playground bench`` (see :mod:`playground.benchmarks.cli`) times training of the default
784-500-500-10 network per batch size and relates it to this machine's float32 matrix-multiply
peak, which it measures itself. Nothing here imports Qt; PyTorch is imported only when a
comparison is asked for.
"""
