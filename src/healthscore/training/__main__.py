"""Command line: ``python -m healthscore.training --data-dir ../shared/data [--out models]``."""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from .train import SEED, TrainConfig, train


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, train, and return an exit status (2 when the data is missing)."""
    parser = argparse.ArgumentParser(
        prog="python -m healthscore.training",
        description="Train the claim-strength classifier and write model, manifest and card.",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path("../shared/data"),
        help="directory holding claim_strength_yu/ etc. (default: ../shared/data)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("models"), help="output directory (default: models)"
    )
    parser.add_argument(
        "--fixture",
        type=Path,
        default=None,
        help="consumer-health sentences CSV (default: fixtures/claims/consumer_health_claims.csv)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="train on a small subsample in a few seconds (for tests and CI)",
    )
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default: {SEED})")
    parser.add_argument(
        "--jobs", type=int, default=-1, help="parallel jobs for scikit-learn (default: all cores)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    if not (args.data_dir / "claim_strength_yu").is_dir():
        print(
            f"error: {args.data_dir}/claim_strength_yu not found; pass --data-dir",
            file=sys.stderr,
        )
        return 2
    train(
        TrainConfig(
            data_dir=args.data_dir,
            out=args.out,
            fixture=args.fixture,
            smoke=args.smoke,
            seed=args.seed,
            n_jobs=args.jobs,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
