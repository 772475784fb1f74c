"""Shared fixtures. The registry harness is tests/registry_builder.py; the CLI runner is
tests/run_cli.py (both importable because pytest puts tests/ on sys.path)."""

from __future__ import annotations

import pytest

from registry_builder import build_registry


@pytest.fixture
def registry(tmp_path):
    """A fresh base registry: <tmp>/registry with the Hokkaido scheme and the valid records."""
    return build_registry(tmp_path)
