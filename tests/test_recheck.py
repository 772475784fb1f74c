"""check.recheck_with (one check per edit, issue 16): the registry is read and checked once, and
an edit is checked by re-checking only the edited record files and the rules that compare
records. Its results must EQUAL what the old way gives, the whole registry checked again with the
edit as an override (check.load_checked(overrides=...)): every finding with its params, in order,
the number of files, the report's bytes and the model, for many kinds of edits."""

from __future__ import annotations

import datetime
import importlib.util
import io
import re
from pathlib import Path

import pytest

from edit_support import CLINIC, HUB, make_registry
from zaitaku_cli.check import check_state, load_checked, recheck_with
from zaitaku_cli.edit.decision import plan_designate, plan_withdraw, recheck
from zaitaku_cli.edit.records import RecordRef
from zaitaku_cli.edit.roundtrip import set_values
from zaitaku_cli.report import get_reporter

AS_OF = datetime.date(2025, 12, 31)
GENERATE = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
KINDS = ("zone", "institution", "hub", "grant")


def _generate(out: Path) -> Path:
    """A small generated registry with a quarter of its institutions faulty and a year of grants
    (benchmarks/generate.py): the grant and hub rules compare many records."""
    spec = importlib.util.spec_from_file_location("zaitaku_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(out, 60, 8, 6, fault_rate=0.25, grant_years=1)
    return out / "registry"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return _generate(tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> Path:
    return make_registry(tmp_path_factory.mktemp("embedded")) / "registry"


def _model(registry) -> list:
    return [[(r.id, r.rel, r.data, r.valid, r.cuts, r.designation) for r in registry.records(kind).values()]
            for kind in KINDS]


def _reports(result) -> list[str]:
    texts = []
    for name, lang in (("text", "ja"), ("text", "en"), ("json", "ja")):
        stream = io.StringIO()
        get_reporter(name)(result, stream, lang)
        texts.append(stream.getvalue())
    return texts


def assert_same(root: Path, overrides: dict, as_of=AS_OF, only=None, today=None, checked=None):
    """recheck_with on a state checked once equals a whole check with the overrides."""
    checked = checked or check_state(root, as_of, only, today=today)
    registry, result = recheck_with(checked, overrides)
    full_registry, full = load_checked(root, as_of, only, overrides=overrides, today=today)
    assert result.files == full.files
    assert [(f, f.params) for f in result.findings] == [(f, f.params) for f in full.findings]
    assert _reports(result) == _reports(full)
    assert _model(registry) == _model(full_registry)
    return checked, result


def _designated(path: Path, on: datetime.date) -> bytes:
    """The bytes `zaitaku designate` writes."""
    return _decided(path, lambda data, ref, day: plan_designate(data, ref, day, None), on)


def _withdrawn(path: Path, on: datetime.date) -> bytes:
    return _decided(path, plan_withdraw, on)


def _decided(path: Path, plan, on):
    from zaitaku_cli.load.document import read_document

    data = path.read_bytes()
    ref = RecordRef(path.parent.parent, path.parent.name[:-1], path.stem, path)
    change = plan(read_document(path.name, data).value, ref, on)
    return set_values(data, "designation", change.values)


def _replace(path: Path, old: str, new: str, count: int = 1) -> bytes:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    return text.replace(old, new, count).encode("utf-8")


# Edits of the generated registry: name -> (registry folder) -> overrides.
GENERATED_EDITS = {
    "designate a planned institution": lambda r: {
        p: _designated(p, datetime.date(2025, 6, 1)) for p in [_planned(r)]},
    "withdraw a hub its grants name (errors in other files)": lambda r: {
        r / "hubs/hub-0000.yaml": _withdrawn(r / "hubs/hub-0000.yaml", datetime.date(2025, 5, 1))},
    "withdraw an institution a hub names": lambda r: {
        r / "institutions/inst-00002.yaml": _withdrawn(r / "institutions/inst-00002.yaml", datetime.date(2025, 5, 1))},
    "an error in the record (check digit)": lambda r: {
        r / "institutions/inst-00001.yaml": re.sub(rb'medical_institution_code: "\d+"',
                                                   b'medical_institution_code: "0100000001"',
                                                   (r / "institutions/inst-00001.yaml").read_bytes())},
    "a zone takes another zone's municipality (zone overlap)": lambda r: {
        r / "zones/z0003.yaml": re.sub(rb'municipalities: \["(\d+)"\]',
                                       lambda m: b'municipalities: ["' + m.group(1) + b'", "011002"]',
                                       (r / "zones/z0003.yaml").read_bytes())},
    "a hub names a missing institution": lambda r: {
        r / "hubs/hub-0001.yaml": re.sub(rb"active_institutions: \[.*\]", b"active_institutions: [nobody]",
                                         (r / "hubs/hub-0001.yaml").read_bytes())},
    "an institution moves to a zone that does not exist": lambda r: {
        r / "institutions/inst-00002.yaml": re.sub(rb"zone: z\d+", b"zone: z9999",
                                                   (r / "institutions/inst-00002.yaml").read_bytes())},
    "fix pre-existing errors": lambda r: _fix(r),
    "a hub's file becomes unreadable YAML (its grants lose it)": lambda r: {
        r / "hubs/hub-0002.yaml": (r / "hubs/hub-0002.yaml").read_bytes() + b"\n  bad: [\n"},
    "a zone's file becomes empty": lambda r: {r / "zones/z0001.yaml": b""},
    "a grant duplicates another": lambda r: {
        r / "grants/hub-0001-2025.yaml": (r / "grants/hub-0000-2025.yaml").read_bytes().replace(
            b"id: hub-0000-2025", b"id: hub-0001-2025")},
    "a record's id no longer matches its file name": lambda r: {
        r / "institutions/inst-00005.yaml": _replace(r / "institutions/inst-00005.yaml", "id: inst-00005", "id: inst-x")},
    "the same bytes": lambda r: {r / "hubs/hub-0003.yaml": (r / "hubs/hub-0003.yaml").read_bytes()},
    "a new institution": lambda r: {
        r / "institutions/inst-new.yaml": _replace(r / "institutions/inst-00006.yaml", "id: inst-00006", "id: inst-new")},
    "a new institution that sorts first": lambda r: {
        r / "institutions/a-first.yaml": _replace(r / "institutions/inst-00006.yaml", "id: inst-00006", "id: a-first")},
    "a new hub naming a new institution, and more (an import of several files)": lambda r: {
        r / "institutions/inst-new.yaml": _replace(r / "institutions/inst-00007.yaml", "id: inst-00007", "id: inst-new"),
        r / "institutions/inst-newer.yaml": _replace(r / "institutions/inst-00008.yaml", "id: inst-00008", "id: inst-newer"),
        r / "hubs/hub-new.yaml": re.sub(rb"active_institutions: \[.*\]", b"active_institutions: [inst-new, inst-newer]",
                                        _replace(r / "hubs/hub-0004.yaml", "id: hub-0004", "id: hub-new")),
        r / "institutions/inst-00009.yaml": _designated(r / "institutions/inst-00009.yaml", datetime.date(2025, 7, 1))
        if b"status: planned" in (r / "institutions/inst-00009.yaml").read_bytes()
        else _withdrawn(r / "institutions/inst-00009.yaml", datetime.date(2025, 7, 1)),
        r / "institutions/inst-00010.yaml": b"id: [broken\n"},
}


def _planned(root: Path) -> Path:
    return next(p for p in sorted((root / "institutions").glob("*.yaml")) if b"status: planned" in p.read_bytes())


def _fix(root: Path) -> dict:
    """The faulty institutions' files replaced by a fault-free one's content under their own id."""
    _, result = load_checked(root, AS_OF)
    faulty = sorted({f.file for f in result.findings if f.severity == "error" and "/institutions/" in f.file})
    clean = next(p for p in sorted((root / "institutions").glob("*.yaml"))
                 if not any(rel.endswith("/" + p.name) for rel in faulty))
    out = {}
    for rel in faulty[:3]:
        path = root.parent / rel
        out[path] = clean.read_bytes().replace(f"id: {clean.stem}".encode(), f"id: {path.stem}".encode())
    assert out
    return out


@pytest.mark.parametrize("name", list(GENERATED_EDITS))
def test_an_edit_rechecked_equals_the_whole_check(generated, name):
    overrides = GENERATED_EDITS[name](generated)
    _, result = assert_same(generated, overrides)
    assert result.findings  # a faulty registry: there is something to compare


def test_the_edits_change_the_findings(generated):
    """The cases above are not trivial: most of them change what the check finds."""
    _, before = load_checked(generated, AS_OF)
    changed = [name for name, edit in GENERATED_EDITS.items()
               if load_checked(generated, AS_OF, overrides=edit(generated))[1].findings != before.findings]
    unchanged = set(GENERATED_EDITS) - set(changed)  # a clean copy adds a file and a record, no finding
    assert unchanged <= {"the same bytes", "a new institution", "a new institution that sorts first"}, unchanged


def test_one_state_serves_several_edits(generated):
    """An import re-checks twice (--take-good-rows): the state is not changed by a recheck."""
    checked = check_state(generated, AS_OF)
    for name in ("withdraw a hub its grants name (errors in other files)", "a new institution",
                 "a hub's file becomes unreadable YAML (its grants lose it)", "the same bytes"):
        assert_same(generated, GENERATED_EDITS[name](generated), checked=checked)
    assert_same(generated, {}, checked=checked)


def test_only_and_a_day_other_than_as_of(generated):
    edit = GENERATED_EDITS["withdraw a hub its grants name (errors in other files)"](generated)
    assert_same(generated, edit, as_of=datetime.date(2025, 9, 30), today=datetime.date(2025, 10, 2))
    assert_same(generated, edit, only=lambda rel: "/grants/" in rel)
    assert_same(generated, edit, as_of=datetime.date(2024, 3, 31), only=lambda rel: rel.endswith("hub-0000.yaml"))


def test_embedded_registry_designate_and_withdraw(embedded):
    clinic, hub = embedded.parent / CLINIC, embedded.parent / HUB
    assert_same(embedded, {clinic: _designated(clinic, datetime.date(2025, 8, 1))})
    assert_same(embedded, {hub: _designated(hub, datetime.date(2025, 8, 1))})
    kitami = embedded / "hubs/kitami.yaml"
    assert_same(embedded, {kitami: _withdrawn(kitami, datetime.date(2025, 11, 1))})
    tanaka = embedded / "institutions/tanaka-iin.yaml"
    assert_same(embedded, {tanaka: _designated(tanaka, datetime.date(2025, 9, 1))}, today=datetime.date(2025, 9, 1),
                as_of=datetime.date(2025, 9, 1))


def test_a_new_record_beside_an_unread_one(tmp_path):
    """A new x.yaml changes the advice given on an unread x.yml (its finding is recomputed)."""
    root = make_registry(tmp_path) / "registry"
    source = root / "institutions/tanaka-iin.yaml"
    (root / "institutions/new-clinic.yml").write_bytes(source.read_bytes())
    (root / "institutions/archive").mkdir()
    (root / "institutions/archive/new-clinic.yaml").write_bytes(source.read_bytes())
    new = _replace(source, "id: tanaka-iin", "id: new-clinic")
    _, result = assert_same(root, {root / "institutions/new-clinic.yaml": new})
    assert any(f.code == "record-not-read" for f in result.findings)


@pytest.mark.parametrize("where", ["prefecture.yaml", "institutions/.hidden.yaml", "institutions/x.yml",
                                   "reference/municipalities.csv", "elsewhere/x.yaml"])
def test_overrides_that_are_not_record_files_are_checked_the_whole_way(embedded, where):
    path = embedded / where
    data = path.read_bytes() if path.exists() else (embedded / "institutions/tanaka-iin.yaml").read_bytes()
    if where == "prefecture.yaml":
        data = data.replace("name: 北海道".encode(), "name: 北海道 ".encode(), 1)
    assert_same(embedded, {path: data})


def test_decision_recheck_answers_as_the_two_whole_checks_did(generated):
    """edit.decision.recheck's four results, against the old two load_checked calls."""
    for name in ("designate a planned institution", "withdraw a hub its grants name (errors in other files)",
                 "an error in the record (check digit)", "a hub names a missing institution",
                 "fix pre-existing errors", "a zone's file becomes empty"):
        for path, new in GENERATED_EDITS[name](generated).items():
            ref = RecordRef(generated, path.parent.name[:-1], path.stem, path)
            new_way, old_way = recheck(ref, new, AS_OF), _old_recheck(ref, new, AS_OF)
            assert new_way == old_way, name
            assert [[f.params for f in found] for found in new_way[:2]] == [[f.params for f in found] for found in old_way[:2]]


def _old_recheck(ref, new, as_of):
    """decision.recheck as it was: the whole registry checked before and after."""
    from zaitaku_cli.edit.decision import _key

    _, before = load_checked(ref.root, as_of)
    _, after = load_checked(ref.root, as_of, overrides={ref.path: new})
    seen = {_key(f, ref.rel) for f in before.findings}
    blocking = [f for f in after.findings if f.severity == "error" and (f.file == ref.rel or _key(f, ref.rel) not in seen)]
    warnings = [f for f in after.findings if f.severity == "warning" and _key(f, ref.rel) not in seen]
    earlier = bool(blocking) and all(_key(f, ref.rel) in seen for f in blocking)
    return blocking, warnings, after.files, earlier


def test_the_import_check_answers_as_the_whole_check_did(generated):
    """survey.run._check_after (new and updated records of one import, checked twice with
    --take-good-rows) against the old way: the whole registry checked with the files as overrides."""
    from types import SimpleNamespace

    from zaitaku_cli.survey.plan import FileChange
    from zaitaku_cli.survey.run import _check_after, _key

    overrides = GENERATED_EDITS["a new hub naming a new institution, and more (an import of several files)"](generated)
    files = [FileChange(path, path.relative_to(generated.parent).as_posix(), row, None if not path.exists()
                        else path.read_bytes(), new) for row, (path, new) in enumerate(overrides.items(), start=2)]
    request = SimpleNamespace(today=AS_OF)
    before = check_state(generated, AS_OF, today=AS_OF)
    for chosen in (files, files[:2], []):
        after, blocking = _check_after(request, generated, before, chosen)
        edited = {c.rel for c in chosen}
        seen = {_key(f, edited) for f in before.result.findings}
        old_after, result = load_checked(generated, AS_OF, overrides={c.path: c.new for c in chosen}, today=AS_OF)
        old_blocking = [f for f in result.findings if f.severity == "error" and _key(f, edited) not in seen]
        assert [(f, f.params) for f in blocking] == [(f, f.params) for f in old_blocking]
        assert _model(after) == _model(old_after)
    assert blocking == [] and old_blocking == []
