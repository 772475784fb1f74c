"""Shared fixtures. The registry harness is tests/registry_builder.py; the CLI runner is
tests/run_cli.py (both importable because pytest puts tests/ on sys.path)."""

from __future__ import annotations

import pytest

from registry_builder import build_registry


@pytest.fixture
def registry(tmp_path):
    """A fresh base registry: <tmp>/registry with the Hokkaido scheme and the valid records."""
    return build_registry(tmp_path)


# Tests that compare ways of reading the same registry (one process or two): a second run would
# come from the cache and compare nothing.
WITHOUT_CACHE = frozenset({"test_parallel"})


@pytest.fixture(autouse=True, scope="session")
def _cache_outside_the_repository(tmp_path_factory):
    """The same for module and session fixtures (they run before the fixture below): e.g. a
    table exported from the repository's own registry leaves no .zaitaku_cache/ in the checkout."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ZAITAKU_CACHE_DIR", str(tmp_path_factory.mktemp("zaitaku-cache-shared")))
        yield


@pytest.fixture(autouse=True)
def _cache_outside_the_test_folder(request, tmp_path_factory, monkeypatch):
    """Every test runs with the warm cache on (zaitaku_cli/cache.py), in a folder of its own
    outside the folders tests list (beside, not inside, tmp_path): a run and a second run then
    go through the cache as a user's do, and no test sees a .zaitaku_cache/ it did not make.
    tests/test_cache.py tests the default place."""
    monkeypatch.setenv("ZAITAKU_CACHE_DIR", str(tmp_path_factory.mktemp("zaitaku-cache")))
    monkeypatch.delenv("ZAITAKU_NO_CACHE", raising=False)
    if request.module.__name__ in WITHOUT_CACHE:
        monkeypatch.setenv("ZAITAKU_NO_CACHE", "1")
