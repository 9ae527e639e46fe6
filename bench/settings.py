"""Benchmark settings: production's, plus a minimal view (bench.urls) as a reference."""

from cestpossible.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
