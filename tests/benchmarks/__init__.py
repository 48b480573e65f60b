"""`make bench`: the benchmark suite (not collected by pytest; see tests/benchmarks/README in the
project README's "Benchmarks" section and docs/decisions/0012)."""
