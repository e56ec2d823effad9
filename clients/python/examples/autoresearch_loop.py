"""A minimal autoresearch-style loop, logged to Lineage as it runs.

The loop keeps one recipe (a few hyperparameters in a train.py), proposes one edit at a time,
evaluates it, keeps it when the score improves and discards it otherwise, exactly as
autoresearch's program.md describes. Each step is logged with its hypothesis, its diff against
the recipe it started from, its score or failure label, and the feedback the next step reads.

    python3 clients/python/examples/autoresearch_loop.py --url http://127.0.0.1:3000 --token $LINEAGE_TOKEN --trials 20

The "training" here is a deterministic toy (a loss surface over the hyperparameters) so the
example runs anywhere in a second; replace `evaluate` with your own training run.
"""

from __future__ import annotations

import argparse
import difflib
import math
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lineage_client import Lineage  # noqa: E402

BASELINE = {"lr": 0.02, "width": 256, "depth": 4, "warmup": 100}
STEP_BUDGET = 4096  # width × depth above this is over the compute budget


def recipe_text(params: dict) -> str:
    return "".join(f"{k} = {v}\n" for k, v in params.items())


def evaluate(params: dict) -> dict:
    """The evaluator: a score, or a failure label with its detail."""
    if params["lr"] > 0.2:
        return {"failure": "crash", "failure_detail": f"loss became NaN at step 12 (lr {params['lr']})"}
    cost = params["width"] * params["depth"]
    if cost > STEP_BUDGET:
        return {"failure": "budget_overrun", "failure_detail": f"width × depth {cost} over the budget of {STEP_BUDGET}"}
    loss = 1.0 + (math.log10(params["lr"]) + 1.4) ** 2 * 0.3 + 64.0 / params["width"] + 0.5 / params["depth"] + abs(params["warmup"] - 300) / 3000
    return {"score": round(loss, 6), "metrics": {"cost": cost}}


def propose(params: dict, rng: random.Random) -> tuple:
    key = rng.choice(sorted(params))
    factor = rng.choice([0.5, 2.0, 1.5, 0.75])
    new = dict(params)
    new[key] = round(params[key] * factor, 6) if key == "lr" else max(1, int(params[key] * factor))
    return f"{key} {params[key]} → {new[key]}", new


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", default=os.environ.get("LINEAGE_URL", "http://127.0.0.1:3000"))
    p.add_argument("--token", default=os.environ.get("LINEAGE_TOKEN"))
    p.add_argument("--trials", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--task-id", default="toy-autoresearch")
    p.add_argument("--run-name", default="toy loop")
    args = p.parse_args()

    lx = Lineage(args.url, token=args.token, batch_size=5)
    task = lx.create_task(args.task_id, name="Toy autoresearch", metric="val_loss", direction="minimize")
    rng = random.Random(args.seed)
    with lx.run(task, args.run_name, config={"seed": args.seed, "example": "autoresearch_loop.py"}) as run:
        best = dict(BASELINE)
        outcome = evaluate(best)
        best_id = run.log_trial(hypothesis="baseline", score=outcome["score"], parents=[], kept=True, agent="agent")
        best_score = outcome["score"]
        feedback = f"baseline {best_score}"
        for _ in range(args.trials):
            hypothesis, params = propose(best, rng)
            diff = "".join(difflib.unified_diff(recipe_text(best).splitlines(True), recipe_text(params).splitlines(True), "a/train.py", "b/train.py"))
            outcome = evaluate(params)
            improved = "score" in outcome and outcome["score"] < best_score
            if "score" in outcome:
                feedback = f"{hypothesis}: {outcome['score']} ({'kept' if improved else 'discarded'}; best {min(best_score, outcome['score'])})"
            else:
                feedback = f"{hypothesis}: {outcome['failure']} ({outcome['failure_detail']})"
            trial_id = run.log_trial(hypothesis=hypothesis, diff=diff, parents=[best_id], kept=improved, feedback=feedback, agent="agent", **outcome)
            if improved:
                best, best_id, best_score = params, trial_id, outcome["score"]
    print(f"run {run.id}: best val_loss {best_score} after {args.trials} trials")
    return 0


if __name__ == "__main__":
    sys.exit(main())
