"""bench.py: the Python side of bench/bindings.sh.  Times planparse.parse()
(which copies the whole document into Python objects and frees the C one)
plus a walk that reads every field of every task.

    PLANPARSE_LIBRARY=... python3 bench.py FILE [RUNS]
"""
import statistics
import sys
import time
from dataclasses import fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import planparse  # noqa: E402


def main() -> None:
    data = Path(sys.argv[1]).read_bytes()
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    names = [f.name for f in fields(planparse.Task)]
    times, tasks, checksum = [], 0, 0
    for _ in range(runs):
        t0 = time.perf_counter()
        doc = planparse.parse(data)
        for task in doc.tasks:
            for name in names:
                value = getattr(task, name)
                checksum += len(value) if isinstance(value, (str, list)) else 1
        tasks = len(doc.tasks)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    print(f"python: best {times[0]:.1f} ms, median {statistics.median(times):.1f} ms "
          f"({runs} runs, {tasks} tasks)")


if __name__ == "__main__":
    main()
