"""Every run recorded: its metrics, moments to replay or branch from, and what changed mid-run.

Why these formats: a run's log is JSON lines, appended as training goes, so a
crash cuts at most its last line, which a reader drops while keeping the rest; each moment
(weights, optimizer state, random generators, curves) is an ``.npz`` file, NumPy's own
format, written under a temporary name and renamed, so it is whole or absent. Both are read
without pickle: a run file from anywhere cannot run code. Moments thin to every 2^k-th and the
log to every 2^k-th update as a run grows, so a run of any length keeps a fixed budget.

- ``moment``: capture a session's state and restore it (bit-identical continuation).
- ``run_file``: the folder of one run, read and written.
- ``recorder``: writing a run within its budget.
- ``session_recording``: what the run loop calls (one hook in ``session_loop``).
- ``library``: the runs in the data folder, listed, sized and deleted.
- ``replay``: a session put back at a recorded moment, to draw it or to branch from it.
"""
