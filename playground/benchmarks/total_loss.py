"""What the total loss L after every update costs: ``python -m playground.benchmarks.total_loss``.

L = sum of C^n is exact only from a forward pass over the whole training set, so evaluating it
after every update costs one inference pass over n examples per update. This times a preset's
updates with L after every update against the same updates with L at epoch ends only, in the
same process and one thread, alternating, best of ``--repeats``; it prints the seconds per
update of each and their ratio.
"""

from __future__ import annotations

import argparse
import time

from playground.data.datasets import load_dataset
from playground.training.blas_threads import limit_blas_threads
from playground.training.presets import load_presets
from playground.training.session import TrainingSession


def _seconds_per_update(config, dataset, updates: int, every_update: bool) -> float:
    session = TrainingSession(
        config, dataset, total_loss_per_epoch=None if every_update else 1, total_loss_every=None
    )
    session.step()  # warm-up: work arrays, first permutation
    start = time.perf_counter()
    for _ in range(updates):
        session.step()
    seconds = (time.perf_counter() - start) / updates
    if every_update:
        assert len(session.total_loss) >= updates, "L was not evaluated after every update"
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playground.benchmarks.total_loss")
    parser.add_argument("--preset", default="07-minibatch-loss")
    parser.add_argument("--updates", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    preset = next((p for p in load_presets() if p.key == args.preset), None)
    if preset is None:
        parser.error(f"no preset {args.preset!r}")
    config = preset.training_config()
    dataset = load_dataset(config.dataset)
    best = {True: float("inf"), False: float("inf")}
    with limit_blas_threads(1):
        for _ in range(args.repeats):
            for every in (False, True):
                seconds = _seconds_per_update(config, dataset, args.updates, every)
                best[every] = min(best[every], seconds)
    n = config.n_train(len(dataset.y_train))
    print(f"preset {preset.key}: {n:,} training examples, batch size {config.batch_size}")
    print(f"  L at epoch ends only: {best[False] * 1e3:8.2f} ms per update")
    print(f"  L after every update: {best[True] * 1e3:8.2f} ms per update")
    print(f"  ratio: {best[True] / best[False]:.1f}x (best of {args.repeats}, one thread)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
