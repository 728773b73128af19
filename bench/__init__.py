"""Benchmarks at national scale: a data generator and benchmarks a-f, each with a ratio (see README)."""
