"""Benchmarks: run each from the repository root as a module, e.g. `python -m benchmarks.bench_engine`
(so `benchmarks` and the end-to-end tests' helpers in `tests.e2e` import by name)."""
