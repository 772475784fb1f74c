"""The warm cache (zaitaku_cli/cache.py): findings byte-identical with and without it, cold and
warm, and a cache that is wrong, damaged or out of reach never changes a result or raises.

conftest.py gives every test a cache folder of its own (ZAITAKU_CACHE_DIR); the tests of the
default place (.zaitaku_cache/ beside registry/) unset it."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from registry_builder import ACCEPTED, EMBEDDED, INVALID, REPO, build_registry
from run_cli import run

from zaitaku_cli import cache
from zaitaku_cli.check import check_registry, load_checked

AS_OF = ["--as-of", "2025-12-31"]
DAY = datetime.date(2025, 12, 31)
GENERATE = REPO / "benchmarks" / "generate.py"


def _check(base: Path, fmt: str = "text", *extra: str) -> tuple:
    proc = run(["check", "--format", fmt, *AS_OF, *extra], base)
    return proc.returncode, proc.stdout, proc.stderr


def _cache_dir() -> Path:
    return Path(os.environ["ZAITAKU_CACHE_DIR"])


def _clear_cache() -> None:
    shutil.rmtree(_cache_dir(), ignore_errors=True)


def _cache_files() -> list[str]:
    folder = _cache_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _assert_same_with_and_without(base: Path, *extra: str) -> None:
    """text and json: without the cache, then cold, then warm (twice: the whole result), equal."""
    for fmt in ("text", "json"):
        expected = _check(base, fmt, "--no-cache", *extra)
        _clear_cache()
        assert _check(base, fmt, *extra) == expected, f"cold {fmt}"
        assert _check(base, fmt, *extra) == expected, f"warm {fmt}"
        assert _check(base, fmt, *extra) == expected, f"warm again {fmt}"
    assert any(name.endswith(".states") for name in _cache_files())


def _with_fixtures(base: Path) -> Path:
    """The test registry with every invalid and accepted fixture file beside the valid records:
    unreadable encodings, YAML faults, dates marshal cannot carry, files that are not records."""
    root = build_registry(base)
    for fixtures in (INVALID, ACCEPTED):
        for kind_folder in fixtures.iterdir():
            if kind_folder.is_dir() and (root / kind_folder.name).is_dir():
                for path in kind_folder.iterdir():
                    if path.is_file() and path.suffix != ".expect":
                        shutil.copyfile(path, root / kind_folder.name / f"fx-{fixtures.name}-{path.name}")
    return root


def test_fixture_registry_same_with_and_without_the_cache(tmp_path):
    _with_fixtures(tmp_path)
    _assert_same_with_and_without(tmp_path)


@pytest.mark.parametrize("source", [EMBEDDED, REPO / "examples" / "kumamoto" / "registry",
                                    REPO / "examples" / "niigata" / "registry"], ids=["hokkaido", "kumamoto", "niigata"])
def test_shipped_registries_same_with_and_without_the_cache(tmp_path, source):
    shutil.copytree(source, tmp_path / "registry")
    _assert_same_with_and_without(tmp_path)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A generated registry large enough for the reading worker (parallel.PARALLEL_MIN), a
    quarter of its institutions faulty."""
    out = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(GENERATE), str(out), "--institutions", "700", "--hubs", "60",
                    "--zones", "190", "--fault-rate", "0.25"], check=True, capture_output=True)
    return out


def test_generated_registry_same_with_and_without_the_cache(generated, tmp_path):
    base = tmp_path / "g"
    shutil.copytree(generated, base)
    _assert_same_with_and_without(base)
    # one file changed, the rest warm: as without the cache
    path = base / "registry" / "institutions" / "inst-00003.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("intent: true", "intent: maybe"), encoding="utf-8")
    for fmt in ("text", "json"):
        assert _check(base, fmt) == _check(base, fmt, "--no-cache")
    # a file added and one removed
    shutil.copyfile(path, path.with_name("inst-99999.yaml"))
    (base / "registry" / "institutions" / "inst-00004.yaml").unlink()
    assert _check(base, "json") == _check(base, "json", "--no-cache")


def test_a_warm_check_reads_no_record(registry, monkeypatch):
    first = check_registry(registry, DAY)
    import zaitaku_cli.load.document as document

    def no_parsing(*args):
        raise AssertionError("a record was parsed")

    monkeypatch.setattr(document, "read_document", no_parsing)
    assert check_registry(registry, DAY).findings == first.findings
    _, again = load_checked(registry, DAY)  # the model too: every record from the cache
    assert again.findings == first.findings


def test_paths_select_after_the_cache(registry):
    """The whole result is kept before any `only` filter."""
    one = "registry/institutions/sample-clinic.yaml"
    first = check_registry(registry, DAY, only=lambda rel: rel == one)
    check_registry(registry, DAY)
    again = check_registry(registry, DAY, only=lambda rel: rel == one)
    assert (again.findings, again.files) == (first.findings, first.files)


def _edit_same_size(path: Path) -> None:
    """Change a file's bytes, keeping its size and putting its mtime back (the racy case)."""
    info = path.stat()
    data = path.read_bytes()
    changed = data.replace(b"intent: true", b"intent: 1234")
    assert changed != data and len(changed) == len(data)
    path.write_bytes(changed)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_an_edit_that_keeps_size_and_mtime_is_seen(tmp_path):
    build_registry(tmp_path)
    path = tmp_path / "registry" / "institutions" / "sample-clinic.yaml"
    _check(tmp_path, "json")  # the file was just written: racy, not trusted by its stat
    _edit_same_size(path)
    assert _check(tmp_path, "json") == _check(tmp_path, "json", "--no-cache")


def test_a_change_within_the_same_clock_tick_is_seen(registry, monkeypatch):
    """A coarse clock, simulated: every stat says its file last changed at `tick` (now), so a file
    changed again within that tick keeps its stat; only git's racy rule (a stat that recent is
    not trusted) sees the change."""
    tick = time.time_ns()
    real_stat, real_stats = cache._stat, cache._stats
    monkeypatch.setattr(cache, "_stat", lambda info: (*real_stat(info)[:2], tick, tick))
    monkeypatch.setattr(cache, "_stats", lambda paths: [s and (*s[:2], tick, tick) for s in real_stats(paths)])
    path = registry / "institutions" / "sample-clinic.yaml"
    check_registry(registry, DAY)
    check_registry(registry, DAY)
    _edit_same_size(path)
    assert check_registry(registry, DAY).findings == check_registry(registry, DAY, cache=False).findings


def test_an_old_file_edited_in_place_is_seen(tmp_path):
    """A file last changed long ago is known by its stat; an edit then moves its ctime (utime
    cannot set that one back)."""
    build_registry(tmp_path)
    path = tmp_path / "registry" / "institutions" / "sample-clinic.yaml"
    long_ago = 1_600_000_000
    for file in (tmp_path / "registry").rglob("*"):
        os.utime(file, (long_ago, long_ago))
    time.sleep(2.2)  # past cache.RACY_NS: the stats are trusted
    _check(tmp_path, "json")
    _check(tmp_path, "json")
    _edit_same_size(path)
    assert path.stat().st_mtime == long_ago
    assert _check(tmp_path, "json") == _check(tmp_path, "json", "--no-cache")


@pytest.mark.parametrize("change", ["scheme", "reference", "as-of"])
def test_what_else_decides_a_result_is_part_of_the_key(tmp_path, change):
    build_registry(tmp_path)
    root = tmp_path / "registry"
    _check(tmp_path, "json")
    extra = []
    if change == "scheme":
        text = (root / "prefecture.yaml").read_text(encoding="utf-8")
        (root / "prefecture.yaml").write_text(text + "\n# changed\n", encoding="utf-8")
    elif change == "reference":
        csv = root / "reference" / "municipalities.csv"
        lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
        csv.write_text("".join(lines[:-1]), encoding="utf-8")  # one municipality fewer
    else:
        extra = ["--as-of", "2024-04-01"]
    proc = run(["check", "--format", "json", *(extra or AS_OF)], tmp_path)
    fresh = run(["check", "--format", "json", "--no-cache", *(extra or AS_OF)], tmp_path)
    assert (proc.returncode, proc.stdout) == (fresh.returncode, fresh.stdout)


def _damage(path: Path, damage: str) -> None:
    """Spoil a cache file the way `damage` says."""
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "folder":  # cannot be read at all
        path.unlink()
        path.mkdir()
    elif damage == "checksum":  # one byte of the payload changed, the header kept
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "shape":  # a well-formed file of another shape
        cache.Store(_cache_dir()).save(path.name, ["not", "a", "cache"])
    else:  # "entries": the right shape, entries of another: every state not what state_of writes
        docs = cache.Store(_cache_dir()).load(path.name)
        cache.Store(_cache_dir()).save(path.name, {key: b"\x00" for key in docs})


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "folder", "checksum", "shape"])
def test_a_damaged_cache_file_is_ignored_and_written_again(tmp_path, damage):
    build_registry(tmp_path)
    expected = _check(tmp_path, "json", "--no-cache")
    _check(tmp_path, "json")
    for path in _cache_dir().glob("*.*"):
        if path.suffix not in (".index", ".states"):
            continue
        _damage(path, damage)
    assert _check(tmp_path, "json") == expected
    assert _check(tmp_path, "json") == expected
    if damage != "folder":
        assert _check(tmp_path, "text") == _check(tmp_path, "text", "--no-cache")


def test_store_reads_only_what_it_wrote(tmp_path):
    store = cache.Store(tmp_path / "c")
    assert store.load("x") is None
    assert store.save("x", {"a": [1, 2.5, "三"], ("k", b"\0"): None})
    assert store.load("x") == {"a": [1, 2.5, "三"], ("k", b"\0"): None}
    assert not store.save("y", [datetime.date(2025, 1, 1)])  # marshal cannot carry it: not written
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == [".gitignore", "CACHEDIR.TAG", "x"]


def test_a_file_of_the_former_format_is_not_read(tmp_path):
    # format 2 had a blake2b digest where format 3 has a CRC-32: its files are ignored, not misread
    import hashlib
    import marshal

    store = cache.Store(tmp_path / "c")
    assert store.save("x", {"a": 1})
    payload = marshal.dumps({"a": 1})
    magic = cache._MAGIC
    (tmp_path / "c" / "x").write_bytes(magic + bytes([2]) + hashlib.blake2b(payload, digest_size=16).digest() + payload)
    assert store.load("x") is None
    data = (tmp_path / "c" / "x").read_bytes()
    (tmp_path / "c" / "x").write_bytes(magic + bytes([3]) + data[len(magic) + 1:])  # the format byte alone changed
    assert store.load("x") is None  # the checksum does not match


def test_blob_ids_are_git_s(tmp_path):
    path = tmp_path / "f"
    path.write_bytes("id: a\n名前: 三\n".encode())
    git = subprocess.run(["git", "hash-object", str(path)], capture_output=True, text=True, check=True)
    assert cache.blob_id(path.read_bytes()) == git.stdout.strip()


@pytest.mark.parametrize("obstacle", ["file", "link"])
def test_a_cache_folder_that_cannot_be_used_means_no_cache(tmp_path, monkeypatch, obstacle):
    build_registry(tmp_path)
    expected = _check(tmp_path, "json", "--no-cache")
    place = tmp_path / "cache"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if obstacle == "file":
        place.write_text("not a folder")
    else:
        place.symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.setenv("ZAITAKU_CACHE_DIR", str(place))
    assert _check(tmp_path, "json") == expected
    assert _check(tmp_path, "json") == expected
    assert list(elsewhere.iterdir()) == []  # nothing written through the link


def test_a_cache_folder_named_but_not_made_yet_is_made(tmp_path, monkeypatch):
    """ZAITAKU_CACHE_DIR may name a folder whose parents do not exist yet (a CI cache path):
    they are made, and the second run is served from it (the whole result: no .states read)."""
    build_registry(tmp_path)
    expected = _check(tmp_path, "json", "--no-cache")
    place = tmp_path / "ci" / "caches" / "zaitaku"
    monkeypatch.setenv("ZAITAKU_CACHE_DIR", str(place))
    assert _check(tmp_path, "json") == expected
    assert any(name.endswith(".index") for name in _cache_files())
    for name in _cache_files():
        if name.endswith(".states"):
            (place / name).write_bytes(b"garbage")  # a warm check that needed them would parse again
    assert _check(tmp_path, "json") == expected


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_means_no_cache(tmp_path, monkeypatch):
    build_registry(tmp_path)
    expected = _check(tmp_path, "json", "--no-cache")
    place = tmp_path / "ro"
    place.mkdir()
    place.chmod(0o555)
    monkeypatch.setenv("ZAITAKU_CACHE_DIR", str(place / "cache"))
    try:
        assert _check(tmp_path, "json") == expected
    finally:
        place.chmod(0o755)


def test_no_cache_reads_and_writes_nothing(tmp_path, monkeypatch):
    build_registry(tmp_path)
    place = tmp_path / "never"
    monkeypatch.setenv("ZAITAKU_CACHE_DIR", str(place))
    _check(tmp_path, "json", "--no-cache")
    run(["status", "--no-cache"], tmp_path)
    monkeypatch.setenv("ZAITAKU_NO_CACHE", "1")
    _check(tmp_path, "json")
    assert not place.exists()
    check_registry(tmp_path / "registry", DAY, cache=False)
    assert not place.exists()


def test_default_place_is_ignored_by_git(tmp_path, monkeypatch):
    monkeypatch.delenv("ZAITAKU_CACHE_DIR")
    build_registry(tmp_path)

    def git(*args):
        return subprocess.run(["git", "-C", str(tmp_path), *args], capture_output=True, text=True, check=True).stdout

    git("init", "-q")
    git("add", "registry")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "registry")
    expected = _check(tmp_path, "json", "--no-cache")
    assert not (tmp_path / ".zaitaku_cache").exists()
    assert _check(tmp_path, "json") == expected
    assert _check(tmp_path, "json") == expected
    folder = tmp_path / ".zaitaku_cache"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_bytes().startswith(b"Signature: 8a477f597d28d172789f06886806bc55")
    assert git("status", "--porcelain", "--ignored=no") == ""


def test_concurrent_runs_agree(generated, tmp_path):
    base = tmp_path / "g"
    shutil.copytree(generated, base)
    expected = _check(base, "json", "--no-cache")
    results = []

    def one():
        results.append(_check(base, "json"))

    threads = [threading.Thread(target=one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4
    assert _check(base, "json") == expected
    assert not [name for name in _cache_files() if name.endswith(".tmp")]


def test_other_commands_same_warm(tmp_path):
    build_registry(tmp_path)
    for args in (["status", *AS_OF], ["export", "hubs", *AS_OF], ["status", "--format", "json", *AS_OF]):
        expected = run([*args, "--no-cache"], tmp_path)
        for _ in range(2):
            proc = run(args, tmp_path)
            assert (proc.returncode, proc.stdout, proc.stderr) == (expected.returncode, expected.stdout, expected.stderr)


def test_an_edit_being_tried_is_never_cached(registry):
    """load_checked with overrides: the overridden file comes from its bytes, and nothing is written."""
    path = registry / "institutions" / "sample-clinic.yaml"
    check_registry(registry, DAY)
    before = {p.name: p.stat().st_mtime_ns for p in _cache_dir().iterdir()}
    changed = path.read_bytes().replace(b"intent: true", b"intent: 12")
    _, tried = load_checked(registry, DAY, overrides={path: changed})
    _, expected = load_checked(registry, DAY, overrides={path: changed}, cache=False)
    assert tried.findings == expected.findings
    assert {p.name: p.stat().st_mtime_ns for p in _cache_dir().iterdir()} == before
    assert check_registry(registry, DAY).findings == check_registry(registry, DAY, cache=False).findings


def test_only_a_few_contexts_are_kept(registry):
    for day in range(1, 9):
        check_registry(registry, datetime.date(2025, 12, day))
    contexts = {name.split(".")[0] for name in _cache_files() if name.endswith((".index", ".states"))}
    assert len(contexts) == cache.KEEP


@pytest.mark.parametrize("carrier", ["marshal", "pickle"])
def test_the_worker_s_results_are_kept(generated, tmp_path, monkeypatch, carrier):
    """Read in two processes (parallel.py), by marshal or, for a value marshal cannot carry, by
    pickle: the worker's notes come back with its chunks, and the next run parses nothing."""
    from zaitaku_cli import parallel
    import zaitaku_cli.load.document as document

    base = tmp_path / "g"
    shutil.copytree(generated, base)
    root = base / "registry"
    monkeypatch.setattr(parallel, "CHUNK", 40)
    expected = check_registry(root, DAY, jobs=2, cache=False)
    if carrier == "pickle":  # a value marshal cannot carry sends the chunk by pickle
        real = parallel._plain_state
        monkeypatch.setattr(parallel, "_plain_state", lambda state: (*real(state), object()))
    packed = parallel._pack(7, [document.read_document("institutions/a.yaml", b"id: a\n")], [])
    assert packed[8:12] == (2 if carrier == "marshal" else 3).to_bytes(4, "little")  # with the notes
    assert check_registry(root, DAY, jobs=2).findings == expected.findings
    monkeypatch.setattr(document, "read_document", lambda *args: pytest.fail("a record was parsed"))
    _, again = load_checked(root, DAY, jobs=2)
    assert again.findings == expected.findings


def test_today_as_the_check_sees_it(registry):
    """`today` None or today equal to as_of decide the same (Registry.decisions_until): one context;
    a later today is another."""
    for as_of, today in ((DAY, None), (DAY, DAY), (datetime.date(2025, 6, 1), DAY), (datetime.date(2025, 6, 1), None)):
        got = check_registry(registry, as_of, today=today)
        assert got.findings == check_registry(registry, as_of, today=today, cache=False).findings


# The two levels: what reading and schema validation make of a file (per code, `.docs`) outlives
# the context (as_of, today, scheme, reference data) that the record rules' rows depend on.

RECORD_FOLDERS = ("zones/", "institutions/", "hubs/", "grants/")


def _no_record_parsed(monkeypatch) -> None:
    """Any record file parsed from here on fails the test (prefecture.yaml and the reference files
    are read every run), wherever it would be parsed."""
    import zaitaku_cli.load.document as document
    import zaitaku_cli.load.registry as registry_module

    real = document.read_document

    def guarded(rel, data):
        if any(f"/{folder}" in "/" + rel.replace(os.sep, "/") for folder in RECORD_FOLDERS):
            raise AssertionError(f"a record was parsed: {rel}")
        return real(rel, data)

    monkeypatch.setattr(document, "read_document", guarded)
    monkeypatch.setattr(registry_module, "read_document", guarded)


def test_a_new_day_parses_no_record(registry, monkeypatch):
    later = datetime.date(2026, 1, 15)
    expected = check_registry(registry, later, cache=False)
    expected_today = check_registry(registry, DAY, today=later, cache=False)
    check_registry(registry, DAY)  # warm for 2025-12-31 only
    _no_record_parsed(monkeypatch)
    assert check_registry(registry, later).findings == expected.findings  # another as_of
    assert check_registry(registry, DAY, today=later).findings == expected_today.findings  # another today
    _, again = load_checked(registry, later)  # the model too, and the new context now warm
    assert again.findings == expected.findings


def test_a_new_day_in_two_processes_parses_no_record(generated, tmp_path, monkeypatch):
    from zaitaku_cli import parallel

    base = tmp_path / "g"
    shutil.copytree(generated, base)
    root = base / "registry"
    monkeypatch.setattr(parallel, "CHUNK", 40)
    later = datetime.date(2026, 1, 15)
    expected = check_registry(root, later, jobs=2, cache=False)
    check_registry(root, DAY, jobs=2)
    _no_record_parsed(monkeypatch)
    assert check_registry(root, later, jobs=2).findings == expected.findings
    assert check_registry(root, later, jobs=2).findings == expected.findings  # its own context, warm


def test_another_as_of_is_byte_identical_to_no_cache(tmp_path):
    _with_fixtures(tmp_path)
    _check(tmp_path, "json")  # warm for 2025-12-31
    for fmt in ("text", "json"):
        got = run(["check", "--format", fmt, "--as-of", "2026-01-15"], tmp_path)
        fresh = run(["check", "--format", fmt, "--as-of", "2026-01-15", "--no-cache"], tmp_path)
        assert (got.returncode, got.stdout, got.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)


def test_a_changed_scheme_reuses_what_the_files_read_as(registry, monkeypatch):
    check_registry(registry, DAY)
    scheme = registry / "prefecture.yaml"
    scheme.write_text(scheme.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    expected = check_registry(registry, DAY, cache=False)
    _no_record_parsed(monkeypatch)
    assert check_registry(registry, DAY).findings == expected.findings
    assert len([n for n in _cache_files() if n.endswith(".docs")]) == 1  # one code: one level


@pytest.mark.parametrize("damage", ["truncated", "garbage", "checksum", "shape", "entries"])
def test_a_damaged_docs_file_is_ignored(registry, damage):
    later = datetime.date(2026, 1, 15)
    expected = check_registry(registry, later, cache=False)
    check_registry(registry, DAY)
    (path,) = _cache_dir().glob("*.docs")
    _damage(path, damage)
    assert check_registry(registry, later).findings == expected.findings
    assert check_registry(registry, later).findings == expected.findings
    assert check_registry(registry, datetime.date(2026, 2, 1)).findings == \
        check_registry(registry, datetime.date(2026, 2, 1), cache=False).findings


def test_the_docs_level_keeps_only_the_files_of_the_last_run(registry):
    check_registry(registry, DAY)
    (path,) = _cache_dir().glob("*.docs")
    before = cache.Store(_cache_dir()).load(path.name)
    gone = next(key for key in before if "/institutions/" in key[0])
    (registry.parent / gone[0]).unlink()
    check_registry(registry, datetime.date(2026, 1, 15))
    after = cache.Store(_cache_dir()).load(path.name)
    assert gone not in after and set(after) == set(before) - {gone}


def test_a_new_day_reads_no_record_file_known_by_its_stat(registry, monkeypatch):
    """A new context takes the stats and blob ids of the last run's index: nothing is read."""
    monkeypatch.setattr(cache, "RACY_NS", 0)  # the files were just written: trust their stats anyway
    later = datetime.date(2026, 1, 15)
    expected = check_registry(registry, later, cache=False)
    check_registry(registry, DAY)
    real = cache._read_bytes

    def no_record(path, rel):
        assert rel == "", f"a record file was read: {rel}"  # prefecture.yaml (rel "") is read every run
        return real(path, rel)

    monkeypatch.setattr(cache, "_read_bytes", no_record)
    assert check_registry(registry, later).findings == expected.findings
