"""`zaitaku check` through the installed console script (and `python -m zaitaku_cli`), as CI and
pre-commit run it. Every run goes through run_cli.run, which fails on any traceback."""

from __future__ import annotations

import json
import re

import pytest

from registry_builder import DEFAULT_AS_OF, INVALID, REPO, VALID, build_registry, load_case
from run_cli import ZAITAKU, locations, run, run_json

AS_OF = ["--as-of", DEFAULT_AS_OF.isoformat()]
CLINIC = "registry/institutions/sample-clinic.yaml"
INTENT_MESSAGE_JA = ("医療計画に位置付けられ公表されることについての意向（intent）が true ではありません（false）。"
                     "意向のない医療機関は指定できません。")
INTENT_MESSAGE_EN = "intent is not true (false); an institution without the intent to be listed cannot be designated."


def _fixture_registry(tmp_path, *names):
    """A registry under tmp_path with the named invalid fixtures placed; returns tmp_path."""
    files, withs = {}, {}
    for name in names:
        case = load_case(INVALID / name)
        files[case.place] = case.path
        withs.update({w: None for w in case.withs})
    from registry_builder import SUPPORT

    files.update({w: SUPPORT / w for w in withs})
    build_registry(tmp_path, files)
    return tmp_path


@pytest.fixture
def intent_false(tmp_path):
    """A registry whose clinic has `intent: false` at line 12, column 9."""
    return _fixture_registry(tmp_path, "institutions/sample-clinic_intent-false.yaml")


def test_the_command_is_installed_next_to_python():
    assert ZAITAKU.is_file()


def test_embedded_registry_is_clean_with_a_summary_line():
    proc = run(["check", *AS_OF], REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ ファイルを検査しました: エラー 0 件、警告 \d+ 件、情報 \d+ 件", last), last


def test_error_exits_1_with_the_located_finding_in_text(intent_false):
    proc = run(["check", *AS_OF], intent_false)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert f"{CLINIC}:12:9  エラー  institution-intent  {INTENT_MESSAGE_JA}" in lines
    assert lines[-1].startswith("7 ファイルを検査しました: エラー 1 件、警告 ")


def test_text_format_has_no_escape_codes_with_no_color(intent_false):
    proc = run(["check", *AS_OF], intent_false, env={"NO_COLOR": "1", "TERM": "xterm-256color"})
    assert "\x1b" not in proc.stdout and "\x1b" not in proc.stderr
    finding = re.compile(r"^registry/\S+:\d+:\d+  (エラー|警告|情報)  [a-z][a-z0-9-]*  \S.*$")
    lines = proc.stdout.splitlines()
    assert all(finding.match(line) for line in lines[:-1]), lines
    assert proc.returncode == 1


def test_strict_turns_warnings_into_exit_1(tmp_path):
    build_registry(tmp_path)  # warnings only (zone-count, zone-coverage, zone-designations)
    assert run(["check", *AS_OF], tmp_path).returncode == 0
    assert run(["check", "--strict", *AS_OF], tmp_path).returncode == 1


def test_json_is_exactly_the_contract_object(intent_false):
    status, report = run_json(AS_OF, intent_false)
    assert status == 1
    assert set(report) == {"findings", "summary"}
    assert set(report["summary"]) == {"files", "errors", "warnings"}
    assert report["findings"], "expected findings"
    for f in report["findings"]:
        assert set(f) == {"code", "severity", "file", "line", "column", "path", "message"}
        assert f["severity"] in ("error", "warning", "info")
        assert isinstance(f["line"], int) and f["line"] >= 1 and isinstance(f["column"], int) and f["column"] >= 1
        assert not f["file"].startswith("/") and "\\" not in f["file"]
    summary = report["summary"]
    assert summary == {"files": 7, "errors": 1,
                       "warnings": sum(1 for f in report["findings"] if f["severity"] == "warning")}
    [intent] = [f for f in report["findings"] if f["code"] == "institution-intent"]
    assert intent == {"code": "institution-intent", "severity": "error", "file": CLINIC, "line": 12, "column": 9,
                      "path": "intent", "message": INTENT_MESSAGE_JA}


def test_github_annotations(intent_false):
    proc = run(["check", "--format", "github", *AS_OF], intent_false)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert f"::error file={CLINIC},line=12,col=9,title=institution-intent::{INTENT_MESSAGE_JA}" in lines
    annotation = re.compile(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=[a-z0-9-]+::.+$")
    assert all(annotation.match(line) for line in lines[:-1]), lines
    assert any(line.startswith("::warning file=registry/prefecture.yaml,line=") for line in lines)


def test_lang_en_and_ja(intent_false):
    _, english = run_json([*AS_OF, "--lang", "en"], intent_false)
    [intent] = [f for f in english["findings"] if f["code"] == "institution-intent"]
    assert intent["message"] == INTENT_MESSAGE_EN
    _, default = run_json(AS_OF, intent_false)
    _, japanese = run_json([*AS_OF, "--lang", "ja"], intent_false)
    assert default == japanese
    assert [f for f in japanese["findings"] if f["code"] == "institution-intent"][0]["message"] == INTENT_MESSAGE_JA
    text = run(["check", *AS_OF, "--lang", "en"], intent_false)
    assert f"{CLINIC}:12:9  error  institution-intent  {INTENT_MESSAGE_EN}" in text.stdout.splitlines()
    assert text.stdout.splitlines()[-1].startswith("7 files checked: 1 error, ")


def test_named_paths_restrict_reporting_but_not_what_rules_see(tmp_path):
    # hub: an active institution that does not exist (an error in the hub file);
    # zone nishi-iburi: 登別市 is also in muroran (an error that depends on another record).
    base = _fixture_registry(tmp_path, "hubs/sample-hub_active-institution-missing.yaml",
                             "zones/nishi-iburi_overlap.yaml")
    status, report = run_json([*AS_OF, "registry/zones/nishi-iburi.yaml"], base)
    assert status == 1
    assert {f["file"] for f in report["findings"]} == {"registry/zones/nishi-iburi.yaml"}
    assert locations(report, "zone-overlap") == [("zone-overlap", "registry/zones/nishi-iburi.yaml", 11, 5)]
    assert not locations(report, "hub-active-institution")
    assert report["summary"]["files"] == 1
    # the zone it overlaps with is clean by itself
    status, report = run_json([*AS_OF, "registry/zones/muroran.yaml"], base)
    assert status == 0 and report["findings"] == [] and report["summary"] == {"files": 1, "errors": 0, "warnings": 0}
    # the hub alone: its error is reported
    status, report = run_json([*AS_OF, "registry/hubs/sample-hub.yaml"], base)
    assert status == 1
    assert locations(report) == [("hub-active-institution", "registry/hubs/sample-hub.yaml", 14, 5)]


def test_named_file_reports_a_finding_that_depends_on_another_record(tmp_path):
    base = _fixture_registry(tmp_path, "institutions/sample-clinic_municipality-outside-zone.yaml")
    status, report = run_json([*AS_OF, CLINIC], base)
    assert status == 1
    assert locations(report) == [("institution-municipality", CLINIC, 9, 15)]


def test_named_folder(tmp_path):
    base = _fixture_registry(tmp_path, "hubs/sample-hub_active-institution-missing.yaml",
                             "institutions/sample-clinic_intent-false.yaml")
    status, report = run_json([*AS_OF, "registry/hubs"], base)
    assert status == 1
    assert {f["file"] for f in report["findings"]} == {"registry/hubs/sample-hub.yaml"}


def test_named_path_outside_the_registry_is_skipped_and_nothing_is_checked(tmp_path):
    """Only files outside the registry (pre-commit without `files`): a note, 0 files, exit 0."""
    build_registry(tmp_path / "work")
    (tmp_path / "elsewhere.yaml").write_text("id: x\n", encoding="utf-8")
    proc = run(["check", *AS_OF, str(tmp_path / "elsewhere.yaml")], tmp_path / "work")
    assert proc.returncode == 0
    assert proc.stdout == "0 ファイルを検査しました: エラー 0 件、警告 0 件、情報 0 件\n"
    assert proc.stderr.splitlines() == [
        f"zaitaku: 登録簿（registry）の外のため検査しません: {tmp_path / 'elsewhere.yaml'}"
        f" / outside the registry (registry), not checked: {tmp_path / 'elsewhere.yaml'}",
        "zaitaku: 登録簿の中のファイルが指定されていないため、検査するものはありません"
        " / no file inside the registry was named: nothing to check"]


def test_files_outside_the_registry_beside_registry_files_are_skipped_with_a_note(tmp_path):
    """pre-commit passes every changed file: README.md next to a record is skipped, not an error."""
    build_registry(tmp_path / "work")
    (tmp_path / "work" / "README.md").write_text("# notes\n", encoding="utf-8")
    proc = run(["check", *AS_OF, "--format", "json", "README.md", "registry/hubs/sample-hub.yaml"], tmp_path / "work")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["summary"]["files"] == 1
    assert proc.stderr == ("zaitaku: 登録簿（registry）の外のため検査しません: README.md"
                           " / outside the registry (registry), not checked: README.md\n")


def test_a_named_symlinked_record_is_reported_as_a_link(tmp_path):
    root = build_registry(tmp_path / "work")
    target = tmp_path / "outside-hub.yaml"
    (root / "hubs" / "sample-hub.yaml").rename(target)
    try:
        (root / "hubs" / "sample-hub.yaml").symlink_to(target)
    except OSError:
        pytest.skip("no symlinks here")
    status, report = run_json([*AS_OF, "registry/hubs/sample-hub.yaml"], tmp_path / "work")
    assert status == 1
    assert [(f["code"], f["file"]) for f in report["findings"]] == [("file-symlink", "registry/hubs/sample-hub.yaml")]


def test_registry_option(tmp_path):
    build_registry(tmp_path / "data")
    (tmp_path / "empty").mkdir()
    status, report = run_json([*AS_OF, "--registry", str(tmp_path / "data" / "registry")], tmp_path / "empty")
    assert status == 0
    assert report["summary"]["errors"] == 0 and report["summary"]["files"] == 7
    assert ("zone-count", "registry/prefecture.yaml") in {(f["code"], f["file"]) for f in report["findings"]}
    proc = run(["check", *AS_OF, "--registry", str(tmp_path / "empty")], tmp_path / "empty")
    assert proc.returncode == 2 and "prefecture.yaml" in proc.stderr


def test_registry_found_from_a_subfolder(tmp_path):
    build_registry(tmp_path)
    status, report = run_json(AS_OF, tmp_path / "registry" / "institutions")
    assert status == 0
    assert all(f["file"].startswith("registry/") for f in report["findings"])


def test_no_registry_exits_2(tmp_path):
    proc = run(["check", *AS_OF], tmp_path)
    assert proc.returncode == 2
    assert "registry/prefecture.yaml" in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize("bad", ["2025-02-30", "yesterday", "令和7年13月1日", "R7.8"])
def test_bad_as_of_exits_2(registry, bad):
    proc = run(["check", "--as-of", bad], registry.parent)
    assert proc.returncode == 2
    assert "not a date" in proc.stderr


@pytest.mark.parametrize("old, new, code, line_prefix, column", [
    ("name: 北海道\n", "name: 北海道\nname: 道\n", "yaml-duplicate-key", "name: 道", 1),
    ("id: hokkaido", "id: [hokkaido", "yaml-syntax", "code:", 5),
    ("scheme_start: 2024-04-01\n", "", "schema-required", "id: hokkaido", 1),
    ("zone_total: 39", "zone_total: many", "schema-type", "zone_total:", 13),
], ids=["duplicate-key", "syntax", "required", "type"])
def test_broken_prefecture_exits_2_with_findings(tmp_path, old, new, code, line_prefix, column):
    root = build_registry(tmp_path, scheme=[(old, new)])
    lines = (root / "prefecture.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, l in enumerate(lines, 1) if l.startswith(line_prefix))
    status, report = run_json(AS_OF, tmp_path)
    assert status == 2
    assert locations(report) == [(code, "registry/prefecture.yaml", line, column)]
    text = run(["check", *AS_OF], tmp_path)
    assert text.returncode == 2 and "prefecture.yaml" in text.stderr


def test_a_bad_file_does_not_stop_the_check_of_the_others(tmp_path):
    root = _fixture_registry(tmp_path, "institutions/sample-clinic_intent-false.yaml")
    (root / "registry" / "hubs" / "sample-hub.yaml").write_text("id: sample-hub\nname: [unclosed\nzones: []\n",
                                                                encoding="utf-8")
    status, report = run_json(AS_OF, tmp_path)
    assert status == 1
    got = set(locations(report))
    assert ("institution-intent", CLINIC, 12, 9) in got
    assert ("yaml-syntax", "registry/hubs/sample-hub.yaml", 3, 6) in got  # libyaml stops at the ":" of "zones:"


def test_alias_bomb_is_refused_and_the_command_finishes(tmp_path):
    root = build_registry(tmp_path)
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    (root / "institutions" / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, report = run_json(AS_OF, tmp_path, timeout=10)
    assert status == 1
    bomb = locations(report, "yaml-alias", "registry/institutions/bomb.yaml")
    assert ("yaml-alias", "registry/institutions/bomb.yaml", 2, 8) in bomb  # "b: &b [" is 7 characters
    assert len(bomb) <= 81  # never one finding per expanded node


def test_python_tag_executes_nothing_through_the_cli(tmp_path):
    base = _fixture_registry(tmp_path, "institutions/sample-clinic_python-tag.yaml")
    status, report = run_json(AS_OF, base)
    assert status == 1
    assert ("yaml-tag", CLINIC, 29, 7) in locations(report)
    assert not (base / "zaitaku-yaml-tag-executed").exists()
    assert not list(base.rglob("zaitaku-yaml-tag-executed"))


@pytest.mark.parametrize("name", ["institutions/sample-clinic_shift-jis.yaml",
                                  "institutions/sample-clinic_utf-16.yaml",
                                  "institutions/sample-clinic_nul-byte.yaml",
                                  "institutions/sample-clinic_zero-byte.yaml"])
def test_binary_fixtures_through_the_cli(tmp_path, name):
    case = load_case(INVALID / name)
    base = _fixture_registry(tmp_path, name)
    status, report = run_json(AS_OF, base)
    assert status == 1
    assert set(locations(report, file=case.file)) == {e.key() for e in case.expects}


def test_python_m_help():
    proc = run(["--help"], REPO, module=True)
    assert proc.returncode == 0
    assert "check" in proc.stdout


def test_python_m_gives_the_same_report_as_the_command(intent_false):
    status, by_command = run_json(AS_OF, intent_false)
    status_m, by_module = run_json(AS_OF, intent_false, module=True)
    assert status == status_m == 1
    assert by_command == by_module


def test_version_and_help():
    from zaitaku_cli import __version__

    proc = run(["--version"], REPO)
    assert proc.returncode == 0 and __version__ in proc.stdout
    proc = run(["check", "--help"], REPO)
    assert proc.returncode == 0 and "--as-of" in proc.stdout and "--strict" in proc.stdout


def test_unknown_format_is_a_usage_error(registry):
    proc = run(["check", "--format", "xml", *AS_OF], registry.parent)
    assert proc.returncode == 2


def test_sarif_format_from_the_contract(intent_false):
    proc = run(["check", "--format", "sarif", *AS_OF], intent_false)
    assert proc.returncode == 1
    sarif = json.loads(proc.stdout)
    assert sarif["version"] == "2.1.0" and sarif["runs"]


def test_rules_command_prints_the_rules_doc():
    proc = run(["rules"], REPO)
    assert proc.returncode == 0
    assert proc.stdout == (REPO / "docs" / "rules.md").read_text(encoding="utf-8")


def test_valid_fixture_records_check_clean_alone(tmp_path):
    """Each valid record, named alone on the command line, has no finding of its own."""
    build_registry(tmp_path)
    for path in sorted(VALID.rglob("*.yaml")):
        rel = "registry/" + path.relative_to(VALID).as_posix()
        if rel.endswith("sapporo.yaml"):
            continue  # zone-designations: the sapporo zone has no designation yet (a warning)
        status, report = run_json([*AS_OF, rel], tmp_path)
        assert (status, report["findings"]) == (0, []), rel


def test_as_of_accepts_era_dates(intent_false):
    _, iso = run_json(AS_OF, intent_false)
    _, era = run_json(["--as-of", "令和7年12月31日"], intent_false)
    _, short = run_json(["--as-of", "R7.12.31"], intent_false)
    assert iso == era == short


def test_deeply_nested_record_gives_a_finding_not_a_traceback(tmp_path):
    root = build_registry(tmp_path)
    (root / "institutions" / "deep.yaml").write_text("id: deep\nnote: " + "[" * 1000 + "]" * 1000 + "\n",
                                                    encoding="utf-8")
    status, report = run_json(AS_OF, tmp_path, timeout=10)  # run_json fails on a traceback
    assert status == 1
    assert [f for f in report["findings"] if f["file"] == "registry/institutions/deep.yaml"
            and f["severity"] == "error" and f["line"] == 2]
