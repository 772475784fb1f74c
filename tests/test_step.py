"""`zaitaku step` (a dated step before the designation, designation.steps) and `zaitaku share`
(designation.health_center_shared_on, seed 004 「※指定前に、道本庁から保健所へ指定予定医療機関を共有」)
through the installed command, on a copy of the embedded registry plus the edit fixtures. Every
edit is re-checked; a refusal exits 1 and leaves the file byte for byte as it was."""

from __future__ import annotations

import datetime
import json
import os

import pytest
import yaml

from zaitaku_cli.check import load_checked

from edit_support import CLINIC, EDIT_FIXTURES, HUB, changed_lines, git, init_repo, make_registry, zaitaku

TANAKA = "registry/institutions/tanaka-iin.yaml"  # planned, steps: [{status: planned, by: 2025-07-21}]
TOKACHI = "registry/hubs/tokachi.yaml"  # designated on 2025-10-01
TANAKA_STATUS = "  status: planned                    # 資料（R7.7.21現在）：積極的（予定）\n"
TANAKA_STEP = ("    - {status: planned, by: 2025-07-21}  # R7.7.21現在の資料に積極的（予定）として掲載："
               "この日までに予定になっていた\n")
CLINIC_TEXT = (EDIT_FIXTURES / "kitami-sample-clinic.yaml").read_text(encoding="utf-8")
CLINIC_NOTICE = "  notice: null                       # 告示番号は指定後に記入\n"


@pytest.fixture
def base(tmp_path):
    return make_registry(tmp_path)


def _text(base, rel=TANAKA) -> str:
    return (base / rel).read_text(encoding="utf-8")


def _added(before: str, after: str) -> list[str]:
    return [line.rstrip("\n") for sign, _, line in changed_lines(before, after) if sign == "+"]


def _removed(before: str, after: str) -> list[str]:
    return [line.rstrip("\n") for sign, _, line in changed_lines(before, after) if sign == "-"]


def _today_in_japan() -> datetime.date:
    return datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=9))).date()


def _designation(base, rel=TANAKA):
    from zaitaku_cli.model import parse_designation

    return parse_designation(yaml.safe_load(_text(base, rel)), lambda *a: None)


# -- what is written -------------------------------------------------------------------------------

@pytest.mark.parametrize("word", ["coordinating", "調整中"])
@pytest.mark.parametrize("date", ["2025-08-01", "令和7年8月1日", "R7.8.1", "令和７年８月１日"])
def test_a_step_is_appended_after_the_last_one_and_sets_the_status(base, word, date):
    before = _text(base)
    proc = zaitaku(["step", "institutions/tanaka-iin", word, "--on", date], base)
    assert proc.returncode == 0, proc.out + proc.err
    after = _text(base)
    assert after == before.replace(
        TANAKA_STATUS, "  status: coordinating               # 資料（R7.7.21現在）：積極的（予定）\n").replace(
        TANAKA_STEP, TANAKA_STEP + "    - {status: coordinating, date: 2025-08-01}\n")
    assert proc.out == (f"{TANAKA}: 経過に「調整中」（2025-08-01、令和7年8月1日）を記録しました（前の状況: 予定）。\n")
    assert proc.err == ""


def test_steps_are_created_in_the_style_of_the_file_for_a_record_without_steps(base):
    proc = zaitaku(["step", CLINIC, "applied", "--on", "2025-05-20"], base)
    assert proc.returncode == 0, proc.out + proc.err
    assert _text(base, CLINIC) == CLINIC_TEXT.replace(
        CLINIC_NOTICE, CLINIC_NOTICE + "  steps:\n    - {status: applied, date: 2025-05-20}\n")
    assert proc.out == (f"{CLINIC}: 経過に「申請書提出済（審査中）」（2025-05-20、令和7年5月20日）を記録しました"
                        "（状況は申請書提出済（審査中）のままです）。\n")
    assert zaitaku(["check", CLINIC], base).returncode == 0


def test_a_flow_style_record_gets_a_flow_list_with_the_bound_and_the_note(base):
    before = _text(base, HUB)
    proc = zaitaku(["step", "hubs/kushiro-sample-hub", "申請", "--by", "R7.9.30", "--note", "申請は令和7年9月"], base)
    assert proc.returncode == 0, proc.out + proc.err
    assert _text(base, HUB) == before.replace(
        "designation: { status: applied, notice: null }",
        "designation: { status: applied, notice: null, steps: [{status: applied, by: 2025-09-30, note: 申請は令和7年9月}] }")
    assert "2025-09-30、令和7年9月30日までに" in proc.out


def test_a_month_only_date_is_written_as_the_month(base):
    proc = zaitaku(["step", "tanaka-iin", "applied", "--on", "令和7年9月"], base)
    assert proc.returncode == 0, proc.out + proc.err
    assert "    - {status: applied, date: 2025-09}" in _text(base).splitlines()
    assert "（2025-09、令和7年9月）" in proc.out


def test_a_note_that_needs_quotes_is_quoted(base):
    proc = zaitaku(["step", "tanaka-iin", "coordinating", "--on", "2025-08-01", "--note", "欄: 拠点（予定） #2"], base)
    assert proc.returncode == 0, proc.out + proc.err
    assert '    - {status: coordinating, date: 2025-08-01, note: "欄: 拠点（予定） #2"}' in _text(base).splitlines()
    assert yaml.safe_load(_text(base))["designation"]["steps"][-1]["note"] == "欄: 拠点（予定） #2"


def test_steps_in_a_row_check_clean_and_date_the_status_day_by_day(base):
    for args in (["coordinating", "--on", "2025-08-01"], ["applied", "--on", "2025-09-10"]):
        proc = zaitaku(["step", "tanaka-iin", *args], base)
        assert proc.returncode == 0, proc.out + proc.err
    assert _text(base).count("    - {status: ") == 3
    check = zaitaku(["check", TANAKA], base)
    assert check.returncode == 0, check.out
    d = _designation(base)
    day = datetime.date
    assert [d.status_on(day(2025, 7, n)) for n in (20, 21)] == [None, "planned"]
    assert [d.status_on(day(2025, 7, 31)), d.status_on(day(2025, 8, 1))] == ["planned", "coordinating"]
    assert [d.status_on(day(2025, 9, 9)), d.status_on(day(2025, 9, 10))] == ["coordinating", "applied"]


def test_a_crlf_file_with_a_bom_keeps_both(base):
    path = base / TANAKA
    original = _text(base)
    path.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))
    assert zaitaku(["step", "tanaka-iin", "coordinating", "--on", "2025-08-01"], base).returncode == 0
    expected = original.replace(TANAKA_STATUS, "  status: coordinating               # 資料（R7.7.21現在）：積極的（予定）\n").replace(
        TANAKA_STEP, TANAKA_STEP + "    - {status: coordinating, date: 2025-08-01}\n")
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode("utf-8")


# -- the format before steps ----------------------------------------------------------------------

def test_an_old_format_pending_record_gets_only_the_new_step_and_is_told_so(base):
    """A record without steps in status coordinating: the first step records only itself; the old
    status has no date, so the record is in the tables from the new step's date on."""
    path = base / CLINIC
    path.write_text(CLINIC_TEXT.replace("  status: applied                    # 申請書提出済（R7.5.20 受付）\n",
                                        "  status: coordinating               # 調整中\n"), encoding="utf-8")
    before = _text(base, CLINIC)
    proc = zaitaku(["step", CLINIC, "applied", "--on", "2025-05-20"], base)
    assert proc.returncode == 0, proc.out + proc.err
    assert _added(before, _text(base, CLINIC)) == ["  status: applied                    # 調整中", "  steps:",
                                                   "    - {status: applied, date: 2025-05-20}"]
    assert proc.out == (
        f"{CLINIC}: 経過に「申請書提出済（審査中）」（2025-05-20、令和7年5月20日）を記録しました（前の状況: 調整中）。"
        "前の状況「調整中」には日付の記録がないため、経過には入れていません。過去の日付の表（--as-of）では、"
        "この記録は 2025-05-20、令和7年5月20日 から載ります。前の状況になった日が分かれば、steps のこの行の前に "
        "{status: coordinating, date: 年月日} を手で加えてください。\n")
    d = _designation(base, CLINIC)
    assert (d.status_on(datetime.date(2025, 5, 19)), d.status_on(datetime.date(2025, 5, 20))) == (None, "applied")
    en = zaitaku(["step", CLINIC, "applied", "--on", "2025-05-20", "--lang", "en"], base)
    assert (en.returncode, en.out) == (0, f"{CLINIC}: already recorded; nothing to change.\n")


def test_an_old_format_record_dates_its_current_status(base):
    proc = zaitaku(["step", CLINIC, "applied", "--by", "2025-05-20", "--lang", "en"], base)
    assert proc.returncode == 0, proc.out + proc.err
    assert proc.out == f"{CLINIC}: recorded the step applied (by 2025-05-20) (the status stays applied).\n"
    assert _removed(CLINIC_TEXT, _text(base, CLINIC)) == []


# -- nothing to do -----------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["planned", "--by", "2025-07-21"], ["予定", "--by", "令和7年7月21日"]])
def test_the_recorded_step_again_changes_nothing(base, args):
    before = (base / TANAKA).read_bytes()
    proc = zaitaku(["step", "tanaka-iin", *args], base)
    assert (proc.returncode, proc.out, proc.err) == (0, f"{TANAKA}: 既にそのとおり記録されています。変更はありません。\n", "")
    assert (base / TANAKA).read_bytes() == before


def test_a_step_run_twice_is_written_once(base):
    args = ["step", "tanaka-iin", "coordinating", "--on", "2025-08", "--note", "調整開始"]
    assert zaitaku(args, base).returncode == 0
    once = (base / TANAKA).read_bytes()
    proc = zaitaku(args, base)
    assert proc.returncode == 0 and "変更はありません" in proc.out
    assert (base / TANAKA).read_bytes() == once


def test_a_recorded_step_with_a_status_left_behind_sets_the_status(base):
    """A hand edit added the step but left the status: the same step again sets the status only."""
    path = base / TANAKA
    path.write_text(_text(base).replace(TANAKA_STEP, TANAKA_STEP + "    - {status: coordinating, date: 2025-08-01}\n"),
                    encoding="utf-8")
    before = _text(base)
    proc = zaitaku(["step", "tanaka-iin", "coordinating", "--on", "2025-08-01"], base)
    assert proc.returncode == 0, proc.out + proc.err
    assert _added(before, _text(base)) == ["  status: coordinating               # 資料（R7.7.21現在）：積極的（予定）"]


# -- refusals: exit 1, bytes unchanged -------------------------------------------------------------

def _refused(base, args, rel=TANAKA):
    before = (base / rel).read_bytes()
    proc = zaitaku(args, base)
    assert proc.returncode == 1, proc.out + proc.err
    assert (base / rel).read_bytes() == before
    assert not [p for p in (base / rel).parent.iterdir() if p.name.startswith(".")]
    return proc


def test_a_designated_record_is_refused(base):
    proc = _refused(base, ["step", "hubs/tokachi", "applied", "--on", "2025-09-01"], TOKACHI)
    assert proc.err == (
        "zaitaku: 記録しませんでした: この記録は指定済（designated）と記録されています。経過（予定・調整中・申請）は"
        "指定より前のことなので、指定済・取消の記録には記録しません。指定の前のことを後から記録する場合は、手で編集し、"
        f"zaitaku check で確かめてください。 {TOKACHI} は変更していません。\n")
    en = _refused(base, ["step", "hubs/tokachi", "applied", "--on", "2025-09-01", "--lang", "en"], TOKACHI)
    assert en.err == (
        "zaitaku: not recorded: This record is designated; a step (planned, coordinating, applied) comes before the "
        "designation, so it is not recorded on a designated or withdrawn record. To record a past one, edit the file "
        f"by hand and run zaitaku check. {TOKACHI} is unchanged.\n")


def test_a_withdrawn_record_is_refused(base):
    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], base).returncode == 0
    assert zaitaku(["withdraw", CLINIC, "--on", "2026-03-31"], base).returncode == 0
    proc = _refused(base, ["step", CLINIC, "applied", "--on", "2025-05-20"], CLINIC)
    assert "指定取消・辞退（withdrawn）と記録されています" in proc.err


@pytest.mark.parametrize("args, message", [
    (["planned", "--on", "2025-08-02"],
     "既に「調整中」（2025-08-01、令和7年8月1日）が記録されています。経過は前へ進む順にだけ記録します"
     "（予定 → 調整中 → 申請書提出済（審査中））。"),
    (["coordinating", "--on", "2025-08-05"],
     "「調整中」（coordinating）の段階は既に「調整中」（2025-08-01、令和7年8月1日）として記録されています。"
     "同じ段階は二度記録しません。日が分かっただけなら（by を date に、年月を日に）その行を手で直してください。"
     "日付が誤りだったなら、その行を直し、designation.corrections に訂正の記録（field: steps、step: 段階、"
     "old: 前の日付、date: 訂正した日、reason: 理由）を加えてください（zaitaku check --base が確かめます）。"),
    (["applied", "--on", "2025-07-31"],
     "記録しようとした日（2025-07-31、令和7年7月31日）は、記録済みの段階「調整中」（2025-08-01、令和7年8月1日）"
     "より前です。経過は日付の順に記録します。記録済みの段階の日付が誤りなら、その行を直し、"
     "designation.corrections に訂正の記録（field: steps、step: 段階、old: 前の日付、date: 訂正した日、"
     "reason: 理由）を加えてください（zaitaku check --base が確かめます）。"),
    (["applied", "--by", "2025-07-31"], "記録しようとした日（2025-07-31、令和7年7月31日までに）は"),
    (["applied", "--on", "2025-07"], "記録しようとした日（2025-07、令和7年7月）は"),
])
def test_a_step_that_goes_back_or_before_the_latest_is_refused(base, args, message):
    assert zaitaku(["step", "tanaka-iin", "coordinating", "--on", "2025-08-01"], base).returncode == 0
    proc = _refused(base, ["step", "tanaka-iin", *args])
    assert proc.err.startswith("zaitaku: 記録しませんでした: " + message), proc.err
    assert proc.err.endswith(f" {TANAKA} は変更していません。\n")


def test_a_step_with_a_known_date_before_a_bound_is_taken(base):
    """planned by 2025-07-21 says only that it was planned by then: coordinating on 2025-07-20 fits
    (planned earlier), and from that day on the record is coordinating, never back to planned."""
    assert zaitaku(["step", "tanaka-iin", "coordinating", "--on", "2025-07-20"], base).returncode == 0
    registry, _ = load_checked(base / "registry", datetime.date(2025, 8, 1))
    d = registry.institutions["tanaka-iin"].designation
    assert [d.status_on(datetime.date(2025, 7, day)) for day in (19, 20, 21, 22)] == [None] + ["coordinating"] * 3


def test_a_status_that_goes_back_from_an_old_format_status_is_refused(base):
    proc = _refused(base, ["step", CLINIC, "coordinating", "--on", "2025-05-01", "--lang", "en"], CLINIC)
    assert proc.err == ("zaitaku: not recorded: The status is already applied; steps are recorded only forward "
                        f"(planned → coordinating → applied). {CLINIC} is unchanged.\n")


def test_a_date_in_the_future_is_refused(base):
    tomorrow = _today_in_japan() + datetime.timedelta(days=1)
    proc = _refused(base, ["step", "tanaka-iin", "coordinating", "--on", tomorrow.isoformat()])
    assert f"{tomorrow.isoformat()} は今日（{_today_in_japan().isoformat()}）より後の日付です。" in proc.err
    proc = _refused(base, ["step", "tanaka-iin", "coordinating", "--by", "2099-01-01", "--lang", "en"])
    assert "2099-01-01 is after today" in proc.err
    _refused(base, ["step", "tanaka-iin", "coordinating", "--on", "2099-01"])


def test_a_different_note_for_a_recorded_step_is_refused(base):
    proc = _refused(base, ["step", "tanaka-iin", "planned", "--by", "2025-07-21", "--note", "別の備考"])
    assert "この段階は既に記録されています（備考: なし）。備考を変える場合は手で編集してください。" in proc.err


def test_a_record_with_an_error_is_refused_with_located_findings(base):
    path = base / CLINIC
    path.write_text(CLINIC_TEXT.replace("zone: kitami", "zone: no-such-zone"), encoding="utf-8")
    proc = _refused(base, ["step", CLINIC, "applied", "--on", "2025-05-20"], CLINIC)
    line = next(i for i, text in enumerate(CLINIC_TEXT.splitlines(), 1) if text.startswith("zone:"))
    assert f"{CLINIC}:{line}:7" in proc.out and "institution-zone" in proc.out
    # the fault was there before the step: the message says so (not "the edit would cause it")
    assert f"{CLINIC} には既に上のエラーがあります。先に直してから、もう一度実行してください。" in proc.err
    assert "この変更をすると" not in proc.err


def test_a_note_with_a_control_character_is_refused_at_its_line(base):
    proc = _refused(base, ["step", "tanaka-iin", "coordinating", "--on", "2025-08-01", "--note", "調整\x1b[0m"])
    assert "text-control-character" in proc.out
    assert f"{TANAKA}:31:" in proc.out  # the new step's line, where check would report it


def test_an_unreadable_step_date_is_refused_before_anything(base):
    path = base / TANAKA
    path.write_text(_text(base).replace("by: 2025-07-21}", "by: 2025-02-30}"), encoding="utf-8")
    proc = _refused(base, ["step", "tanaka-iin", "coordinating", "--on", "2025-08-01"])
    assert proc.err == ("zaitaku: 記録しませんでした: designation.steps の 1 件目の by（2025-02-30）が日付として読めません。"
                        f"先に zaitaku check の指摘どおりに直してください。 {TANAKA} は変更していません。\n")


# -- --commit -------------------------------------------------------------------------------------------

@pytest.fixture
def repo(base):
    init_repo(base)
    return base


def test_commit_holds_exactly_the_file_with_its_message(repo):
    (repo / "memo.txt").write_text("別の作業\n", encoding="utf-8")
    git(repo, "add", "memo.txt")
    head = git(repo, "rev-parse", "HEAD").strip()
    proc = zaitaku(["step", "tanaka-iin", "調整中", "--on", "R7.8.1", "--commit"], repo)
    assert proc.returncode == 0, proc.out + proc.err
    assert git(repo, "rev-parse", "HEAD~1").strip() == head
    assert git(repo, "show", "--format=", "--name-only", "HEAD").split() == [TANAKA]
    assert git(repo, "log", "-1", "--format=%s%n%n%b") == (
        "経過: 田中医院 (tanaka-iin) 調整中 令和7年8月1日\n\n"
        f"{TANAKA}: designation.status = coordinating, designation.steps += {{status: coordinating, date: 2025-08-01}}"
        " (zaitaku step)\n\n")
    assert git(repo, "status", "--porcelain") == "A  memo.txt\n"
    proc = zaitaku(["share", "tanaka-iin", "--on", "2025-06-30", "--commit"], repo)
    assert proc.returncode == 0, proc.out + proc.err
    assert git(repo, "log", "-1", "--format=%s%n%n%b") == (
        "保健所への共有: 田中医院 (tanaka-iin) 令和7年6月30日\n\n"
        f"{TANAKA}: designation.health_center_shared_on = 2025-06-30 (zaitaku share)\n\n")
    assert git(repo, "status", "--porcelain") == "A  memo.txt\n"


def test_commit_by_bound_subject(repo):
    proc = zaitaku(["step", "tanaka-iin", "applied", "--by", "2025-09-30", "--commit"], repo)
    assert proc.returncode == 0, proc.out + proc.err
    assert git(repo, "log", "-1", "--format=%s") == "経過: 田中医院 (tanaka-iin) 申請書提出済（審査中） 令和7年9月30日までに\n"


def test_commit_of_a_file_with_uncommitted_changes_is_refused_with_the_step_command(repo):
    path = repo / TANAKA
    path.write_text(_text(repo).replace("name: 田中医院", "name: 田中医院 "), encoding="utf-8")
    before = path.read_bytes()
    proc = zaitaku(["step", "tanaka-iin", "coordinating", "--on", "2025-08-01", "--note", "調整 開始", "--commit"], repo)
    assert proc.returncode == 1
    assert path.read_bytes() == before
    assert ("zaitaku step tanaka-iin coordinating --on 2025-08-01 --note '調整 開始' --commit --with-changes"
            in proc.err)


@pytest.mark.parametrize("command", [
    ["share", "tanaka-iin", "--on", "2025-06-30"],
    ["step", "tanaka-iin", "coordinating", "--on", "2025-08-01"],
    ["designate", "institutions/motowanishi-family-clinic", "--on", "2025-07-21"],
])
def test_commit_after_the_same_command_without_it_is_never_a_silent_success(repo, command):
    """The officer records, then runs it again with --commit: the record is there but uncommitted.
    Not a quiet exit 0 that leaves it uncommitted: refused with the way on, and --with-changes
    commits the file as it is."""
    first = zaitaku(command, repo)
    assert first.returncode == 0 and git(repo, "status", "--porcelain").strip(), first.err
    changed = git(repo, "status", "--porcelain").split()[-1]
    before = (repo / changed).read_bytes()
    proc = zaitaku([*command, "--commit"], repo)
    assert proc.returncode == 1, proc.out + proc.err
    assert "にはこの記録がありますが、まだコミットされていません" in proc.err
    assert "@@" in proc.err  # the git diff of what is not committed
    assert f"zaitaku {' '.join(command)} --commit --with-changes" in proc.err
    assert (repo / changed).read_bytes() == before and git(repo, "status", "--porcelain").strip()
    proc = zaitaku([*command, "--commit", "--with-changes"], repo)
    assert proc.returncode == 0, proc.out + proc.err
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "show", "--format=", "--name-only", "HEAD").split() == [changed]
    proc = zaitaku([*command, "--commit"], repo)  # recorded and committed: nothing to do
    assert proc.returncode == 0 and "既にそのとおり記録され、コミットされています。変更はありません。" in proc.out


def test_commit_of_a_step_already_committed_leaves_other_changes_alone(repo):
    """HEAD holds the step; the file has another, unrelated edit: nothing to commit for this
    command, and that edit is neither committed nor lost."""
    assert zaitaku(["step", "tanaka-iin", "coordinating", "--on", "2025-08-01", "--commit"], repo).returncode == 0
    path = repo / TANAKA
    edited = _text(repo).replace("operator: null", "operator: 医療法人テスト会")
    path.write_text(edited, encoding="utf-8")
    head = git(repo, "rev-parse", "HEAD")
    proc = zaitaku(["step", "tanaka-iin", "coordinating", "--on", "2025-08-01", "--commit"], repo)
    assert proc.returncode == 0, proc.out + proc.err
    assert "ほかのコミットしていない変更は、そのままにしました" in proc.out
    assert git(repo, "rev-parse", "HEAD") == head and path.read_text(encoding="utf-8") == edited


# -- share -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("date", ["2025-06-30", "令和7年6月30日", "R7.6.30"])
def test_share_writes_the_date_after_the_steps(base, date):
    before = _text(base)
    proc = zaitaku(["share", "tanaka-iin", "--on", date], base)
    assert proc.returncode == 0, proc.out + proc.err
    assert _text(base) == before.replace(TANAKA_STEP, TANAKA_STEP + "  health_center_shared_on: 2025-06-30\n")
    assert proc.out == f"{TANAKA}: 保健所への共有日を 2025-06-30（令和7年6月30日）と記録しました。\n"
    again = zaitaku(["share", "tanaka-iin", "--on", "2025-06-30", "--lang", "en"], base)
    assert (again.returncode, again.out) == (0, f"{TANAKA}: already recorded; nothing to change.\n")
    assert zaitaku(["check", TANAKA], base).returncode == 0


def test_share_in_a_flow_style_record(base):
    before = _text(base, HUB)
    assert zaitaku(["share", "hubs/kushiro-sample-hub", "--on", "2025-09-01"], base).returncode == 0
    assert _text(base, HUB) == before.replace("designation: { status: applied, notice: null }",
                                              "designation: { status: applied, notice: null, "
                                              "health_center_shared_on: 2025-09-01 }")


def test_share_with_another_date_recorded_is_refused_and_says_how_to_correct(base):
    assert zaitaku(["share", "tanaka-iin", "--on", "2025-06-30"], base).returncode == 0
    proc = _refused(base, ["share", "tanaka-iin", "--on", "2025-07-01"])
    assert proc.err == (
        "zaitaku: 記録しませんでした: 保健所への共有日は既に 2025-06-30（令和7年6月30日）と記録されています"
        "（記録しようとした日: 2025-07-01）。記録した日付は黙って変えません。記録が誤りだったのなら、designation の "
        "health_center_shared_on を手で 2025-07-01 に直し、designation.corrections に訂正の記録 "
        "{field: health_center_shared_on, old: 2025-06-30, date: 訂正した日, reason: 理由} を加えてください"
        f"（zaitaku check --base が確かめます）。 {TANAKA} は変更していません。\n")
    en = _refused(base, ["share", "tanaka-iin", "--on", "2025-07-01", "--lang", "en"])
    assert "set designation.health_center_shared_on to 2025-07-01 by hand" in en.err


def test_a_shared_date_changed_silently_is_caught_by_check_base_and_a_correction_explains_it(base):
    """check --base keeps health_center_shared_on as it keeps the designation dates."""
    init_repo(base)
    assert zaitaku(["share", "tanaka-iin", "--on", "2025-06-30", "--commit"], base).returncode == 0
    path = base / TANAKA
    path.write_text(_text(base).replace("health_center_shared_on: 2025-06-30", "health_center_shared_on: 2025-07-01"),
                    encoding="utf-8")
    proc = zaitaku(["check", "--base", "HEAD", "--format", "json"], base)
    assert proc.returncode == 1
    changed = [f for f in json.loads(proc.out)["findings"] if f["code"] == "history-date-changed"]
    line = next(i for i, text in enumerate(_text(base).splitlines(), 1) if "health_center_shared_on:" in text)
    assert [(f["file"], f["line"], f["path"]) for f in changed] == [
        (TANAKA, line, "designation.health_center_shared_on")]
    assert "保健所への共有日（designation.health_center_shared_on）" in changed[0]["message"]
    path.write_text(_text(base).replace(
        "  health_center_shared_on: 2025-07-01",
        "  health_center_shared_on: 2025-07-01\n  corrections:\n    - {field: health_center_shared_on, old: 2025-06-30, "
        "date: 2025-08-01, reason: 共有の通知の日付の転記誤り}"), encoding="utf-8")
    proc = zaitaku(["check", "--base", "HEAD", "--format", "json"], base)
    assert [f["code"] for f in json.loads(proc.out)["findings"] if f["code"].startswith("history-")] == [], proc.out


def test_share_refuses_a_designated_record_and_a_future_date(base):
    proc = _refused(base, ["share", "hubs/tokachi", "--on", "2025-06-30"], TOKACHI)
    assert "保健所への共有は指定より前のことなので" in proc.err
    tomorrow = _today_in_japan() + datetime.timedelta(days=1)
    proc = _refused(base, ["share", "tanaka-iin", "--on", tomorrow.isoformat(), "--lang", "en"])
    assert f"{tomorrow.isoformat()} is after today" in proc.err


# -- usage errors: exit 2, never a traceback ------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (["step", "tanaka-iin", "designated", "--on", "2025-08-01"], ["'designated'", "zaitaku designate"]),
    (["step", "tanaka-iin", "辞退", "--on", "2025-08-01"], ["'辞退'", "zaitaku withdraw"]),
    (["step", "tanaka-iin", "foo", "--on", "2025-08-01"], ["'foo'", "planned（予定）"]),
    (["step", "tanaka-iin", "coordinating"], ["--on か --by"]),
    (["step", "tanaka-iin", "coordinating", "--on", "2025-08-01", "--by", "2025-08-01"], ["--on か --by"]),
    (["step", "tanaka-iin", "coordinating", "--on", "2025-02-30"], ["日付として読めません"]),
    (["step", "tanaka-iin", "coordinating", "--on", "平成32年1月"], ["日付として読めません"]),
    (["step", "tanaka-iin", "coordinating", "--by", "2025-08"], ["日まで"]),
    (["step", "tanaka-iin", "coordinating", "--on", "2025-08-01", "--note", " "], ["--note"]),
    (["step", "tanaka-iin", "coordinating", "--on", "2025-08-01", "--with-changes"], ["--with-changes"]),
    (["step", "no-such-record", "coordinating", "--on", "2025-08-01"], ["その記録はありません"]),
    (["step", "zones/kitami", "coordinating", "--on", "2025-08-01"], ["在宅医療圏"]),
    (["step", "tanaka-iin"], ["STATUS"]),
    (["share", "tanaka-iin", "--on", "2025-06"], ["日まで"]),
    (["share", "tanaka-iin"], ["--on"]),
    (["share", "no-such-record", "--on", "2025-06-30"], ["その記録はありません"]),
])
def test_usage_errors(base, args, words):
    before = (base / TANAKA).read_bytes()
    proc = zaitaku(args, base)
    assert proc.returncode == 2, proc.out + proc.err
    for word in words:
        assert word in proc.err, proc.err
    assert (base / TANAKA).read_bytes() == before


STEP_AND_SHARE = [["step", "tanaka-iin", "coordinating", "--on", "2025-08-01"],
                  ["share", "tanaka-iin", "--on", "2025-06-30"]]


@pytest.mark.parametrize("command", STEP_AND_SHARE)
def test_an_unusable_prefecture_yaml_stops_before_writing(base, command):
    (base / "registry" / "prefecture.yaml").write_bytes(b"\xff\xfe\x00garbage: [\n")
    before = (base / TANAKA).read_bytes()
    proc = zaitaku(command, base)
    assert proc.returncode == 2, proc.out + proc.err
    assert proc.err.endswith("zaitaku: prefecture.yaml を読めないため検査できません。何も書き込んでいません。\n")
    assert (base / TANAKA).read_bytes() == before


@pytest.mark.parametrize("command", STEP_AND_SHARE)
def test_a_read_only_record_is_not_written(base, command):
    path = base / TANAKA
    os.chmod(path, 0o444)
    try:
        before = path.read_bytes()
        proc = zaitaku([*command, "--lang", "en"], base)
        assert proc.returncode == 2, proc.out + proc.err
        assert f"zaitaku: {TANAKA}: cannot write (" in proc.err and f"{TANAKA} is unchanged." in proc.err
        assert path.read_bytes() == before
    finally:
        os.chmod(path, 0o644)


def test_help_lists_the_commands_in_both_languages(base):
    proc = zaitaku(["--help"], base)
    assert "step" in proc.out and "share" in proc.out
    proc = zaitaku(["step", "--help"], base)
    assert proc.returncode == 0 and "Usage: zaitaku step [OPTIONS] RECORD STATUS" in proc.out
    assert "指定に向けた段階（経過）を記録します / Record a step before the designation." in proc.out


@pytest.mark.parametrize("word, status", [
    ("planned", "planned"), ("予定", "planned"), ("coordinating", "coordinating"), ("調整中", "coordinating"),
    ("調整", "coordinating"), ("applied", "applied"), ("申請", "applied"), ("申請中", "applied"),
    ("申請済", "applied"), ("申請書提出済", "applied"), ("審査中", "applied"), ("申請書提出済（審査中）", "applied"),
    ("申請書提出済(審査中)", "applied"), ("ＡＰＰＬＩＥＤ", "applied"), (" 予定 ", "planned"),
    ("designated", None), ("指定", None), ("foo", None),
])
def test_the_words_a_step_status_may_be_given_in(word, status):
    from zaitaku_cli.edit.steps import step_status

    assert step_status(word) == status


# -- declining before the designation (辞退) ------------------------------------------------------------

def test_a_candidate_with_steps_that_declines_is_withdrawn_before_any_designation(base):
    """planned (by R7.7.21), then declined on 2025-08-20: `withdraw` records it; the record checks
    clean without a designation date, and the tables drop it from that day."""
    before = _text(base)
    proc = zaitaku(["withdraw", "tanaka-iin", "--on", "2025-08-20"], base)
    assert proc.returncode == 0, proc.out + proc.err
    assert "指定の前の辞退（2025-08-20、令和7年8月20日）として記録しました（状況は予定でした）。" in proc.out
    assert sorted((s, line.strip()) for s, _, line in changed_lines(before, _text(base))) == [
        ("+", "status: withdrawn                  # 資料（R7.7.21現在）：積極的（予定）"),
        ("+", "withdrawn_on: 2025-08-20"),
        ("-", "status: planned                    # 資料（R7.7.21現在）：積極的（予定）"),
        ("-", "withdrawn_on: null"),
    ]
    registry, result = load_checked(base / "registry", datetime.date(2025, 12, 1))
    assert [f.code for f in result.findings if f.file == TANAKA and f.severity == "error"] == []
    d = registry.institutions["tanaka-iin"].designation
    assert [d.status_on(datetime.date(2025, 8, day)) for day in (19, 20)] == ["planned", "withdrawn"]
    assert [(f.code, f.severity) for f in result.findings if f.file == TANAKA and f.code.startswith("designation")] == [
        ("designation-declined", "info")]  # said, so that a designation date lost by mistake is seen
    proc = _refused(base, ["designate", "tanaka-iin", "--on", "2025-09-01"])
    assert "この記録は指定の前に辞退した（withdrawn）と記録されています。" in proc.err


def test_a_pending_record_without_steps_is_not_withdrawn(base):
    proc = _refused(base, ["withdraw", CLINIC, "--on", "2025-08-20"], CLINIC)
    assert "経過（designation.steps）を記録した指定前の記録（辞退）だけです" in proc.err
    assert "zaitaku step" in proc.err


def test_a_withdrawal_before_a_known_step_is_refused_by_the_check(base):
    assert zaitaku(["step", "tanaka-iin", "coordinating", "--on", "2025-08-01"], base).returncode == 0
    proc = _refused(base, ["withdraw", "tanaka-iin", "--on", "2025-07-25"])
    assert "designation-step-after" in proc.out


def test_withdrawn_without_a_designation_date_or_steps_is_still_missing_its_date(base):
    """Only a record with steps can have declined before its designation; any other withdrawn
    record without a designation date lacks it (designation-date-missing, at its status)."""
    path = base / TANAKA
    text = _text(base).replace("  status: planned ", "  status: withdrawn ").replace(
        "  withdrawn_on: null", "  withdrawn_on: 2025-08-20")
    path.write_text(text, encoding="utf-8")
    _, result = load_checked(base / "registry", datetime.date(2025, 12, 1))
    assert [f.code for f in result.findings if f.file == TANAKA and f.severity == "error"] == []
    path.write_text("".join(line for line in text.splitlines(keepends=True)
                            if not line.startswith(("  steps:", "    - {status: planned"))), encoding="utf-8")
    _, result = load_checked(base / "registry", datetime.date(2025, 12, 1))
    status_line = next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                       if line.startswith("  status:"))
    assert [(f.code, f.line) for f in result.findings if f.file == TANAKA and f.severity == "error"
            and f.code == "designation-date-missing"] == [("designation-date-missing", status_line)]


@pytest.mark.parametrize("edits, reasons", [
    ((("intent: null", "intent: false"),), ["意向（intent）が false です。"]),
    ((("kind: null", "kind: other"),), ["種別（kind）が「その他」で、指定できる種別ではありません。"]),
    ((("  after_hours_support: null", "  after_hours_support: false"),),
     ["必須要件①「他医療機関に対する医師不在時等の支援」を満たしていません。"]),
    ((("intent: null", "intent: false"), ("kind: null", "kind: other")),
     ["種別（kind）が「その他」で、指定できる種別ではありません。", "意向（intent）が false です。"]),
])
def test_a_step_for_an_institution_its_answers_rule_out_is_refused(base, edits, reasons):
    """The eligibility gate, as designate's: known answers that rule the institution out refuse the
    step (unknown answers — null — do not: tanaka-iin's are all null and it takes steps)."""
    text = _text(base)
    for old, new in edits:
        line = next(line for line in text.splitlines() if line.startswith(old))
        text = text.replace(line, new)
    (base / TANAKA).write_text(text, encoding="utf-8")
    proc = _refused(base, ["step", "tanaka-iin", "applied", "--on", "2025-08-01"])
    assert proc.err.startswith("zaitaku: 記録しませんでした: 記録されている回答では、この医療機関は指定できません: "
                               + "".join(reasons) + "指定に向けた段階は記録しません。")
    proc = _refused(base, ["step", "tanaka-iin", "applied", "--on", "2025-08-01", "--lang", "en"])
    assert "The recorded answers rule this institution out: " in proc.err
