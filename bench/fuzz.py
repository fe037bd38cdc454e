"""The dedicated fuzz run: every input surface of readout-watch at volume, with a report.

    python bench/fuzz.py                      # 520 cases a target, 20 targets: 10,400 cases
    python bench/fuzz.py --examples 2000 --seed 7 --only jsonl-file,feed-body
    python bench/fuzz.py --json fuzz.json     # the report as JSON too

The targets, strategies and contracts live in tests/reliability/fuzz_targets.py (the test suite runs
the same targets with a few dozen cases each). A crash is any exception a target's check lets out,
or a broken contract (an error message that is not one clear line, offsets that do not match the
text, a renderer over a platform limit); hypothesis shrinks it to a minimal input, shown in the
report. Exit status 1 when any target crashed.

Counts are of calls to the code under test (hypothesis may call a failing target more while it
shrinks). With --seed the run is repeatable.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import traceback
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DEFAULT_EXAMPLES = 520


def run(examples: int, *, seed: int | None, only: set[str] | None) -> list[dict[str, Any]]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hypothesis_seed

    from tests.reliability.fuzz_targets import targets

    results = []
    for target in targets():
        if only and target.name not in only:
            continue
        calls = [0]
        started = time.perf_counter()
        crash: str | None = None
        with target.open() as check:
            @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck),
                      print_blob=True)
            @given(target.strategy)
            def property_holds(value: Any) -> None:
                calls[0] += 1
                check(value)

            if seed is not None:
                property_holds = hypothesis_seed(seed)(property_holds)
            try:
                property_holds()
            except Exception as exc:  # the shrunk failure: keep going with the other targets
                notes = "\n".join(getattr(exc, "__notes__", []))
                crash = f"{type(exc).__name__}: {exc}\n{notes}\n{''.join(traceback.format_exception(exc)[-6:])}"
        seconds = time.perf_counter() - started
        results.append({"target": target.name, "area": target.area, "cases": calls[0], "crashed": crash is not None,
                        "seconds": round(seconds, 1), "crash": crash})
        status = "CRASH" if crash else "ok"
        print(f"{target.name:28} {target.area:14} {calls[0]:7,d} cases {seconds:7.1f} s  {status}", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=DEFAULT_EXAMPLES, help=f"cases per target (default {DEFAULT_EXAMPLES})")
    parser.add_argument("--seed", type=int, default=None, help="repeatable run")
    parser.add_argument("--only", default="", help="comma-separated target names")
    parser.add_argument("--json", type=Path, default=None, help="also write the report here")
    args = parser.parse_args(argv)
    # Third-party parsers log every malformed page at ERROR; what matters here is what escapes.
    logging.basicConfig(level=logging.CRITICAL)

    started = time.perf_counter()
    results = run(args.examples, seed=args.seed, only={n for n in args.only.split(",") if n} or None)
    total = sum(r["cases"] for r in results)
    crashed = [r for r in results if r["crashed"]]
    elapsed = time.perf_counter() - started
    print(f"\n{len(results)} targets, {total:,} cases, {len(crashed)} crashed, {elapsed:.0f} s"
          + (f" (seed {args.seed})" if args.seed is not None else ""))
    for r in crashed:
        print(f"\n--- {r['target']} ---\n{r['crash']}")
    if args.json:
        args.json.write_text(json.dumps({"examples_per_target": args.examples, "seed": args.seed, "total_cases": total,
                                         "crashed_targets": len(crashed), "seconds": round(elapsed, 1),
                                         "targets": results}, indent=2), "utf-8")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
