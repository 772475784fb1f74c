"""`zaitaku designate` and `zaitaku withdraw` through the installed command, on a copy of the
embedded registry plus two applied records with comments (tests/fixtures/edit/). Every edit is
re-checked; a refused edit exits 1 and leaves the file byte for byte as it was."""

from __future__ import annotations

import json

import pytest

from edit_support import CLINIC, EDIT_FIXTURES, HUB, changed_lines, make_registry, zaitaku

ORIGINAL = (EDIT_FIXTURES / "kitami-sample-clinic.yaml").read_text(encoding="utf-8")
DESIGNATED = ORIGINAL.replace(
    "  status: applied                    # 申請書提出済（R7.5.20 受付）\n",
    "  status: designated" + " " * 17 + "# 申請書提出済（R7.5.20 受付）\n").replace(
    "  designated_on: null                # 審査中\n",
    "  designated_on: 2025-07-01" + " " * 10 + "# 審査中\n")


@pytest.fixture
def base(tmp_path):
    return make_registry(tmp_path)


def _bytes(base, rel=CLINIC):
    return (base / rel).read_bytes()


@pytest.mark.parametrize("record", [CLINIC, "institutions/kitami-sample-clinic", "institution/kitami-sample-clinic",
                                    "kitami-sample-clinic"])
@pytest.mark.parametrize("date", ["2025-07-01", "令和7年7月1日", "R7.7.1", "令和７年７月１日"])
def test_designate_writes_exactly_the_two_lines(base, record, date):
    proc = zaitaku(["designate", record, "--on", date], base)
    assert proc.returncode == 0, proc.out + proc.err
    assert (base / CLINIC).read_text(encoding="utf-8") == DESIGNATED
    assert "令和7年7月1日" in proc.out


def test_designate_from_a_subfolder_with_a_relative_path(base):
    proc = zaitaku(["designate", "kitami-sample-clinic.yaml", "--on", "2025-07-01"], base / "registry" / "institutions")
    assert proc.returncode == 0, proc.out + proc.err
    assert (base / CLINIC).read_text(encoding="utf-8") == DESIGNATED


def test_designate_then_withdraw_then_check_is_clean(base):
    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01", "--notice", "北海道告示第100号"], base).returncode == 0
    assert zaitaku(["withdraw", CLINIC, "--on", "2026-03-31"], base).returncode == 0
    text = (base / CLINIC).read_text(encoding="utf-8")
    changed = [(sign, line.rstrip("\n")) for sign, _, line in changed_lines(ORIGINAL, text) if sign == "+"]
    assert changed == [
        ("+", "  status: withdrawn" + " " * 18 + "# 申請書提出済（R7.5.20 受付）"),
        ("+", "  designated_on: 2025-07-01" + " " * 10 + "# 審査中"),
        ("+", "  withdrawn_on: 2026-03-31"),
        ("+", "  notice: 北海道告示第100号" + " " * 10 + "# 告示番号は指定後に記入"),
    ]
    check = zaitaku(["check", CLINIC, "--format", "json"], base)
    assert check.returncode == 0, check.out


def test_crlf_and_bom_file_keeps_both(base):
    path = base / CLINIC
    path.write_bytes(b"\xef\xbb\xbf" + ORIGINAL.replace("\n", "\r\n").encode("utf-8"))
    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], base).returncode == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + DESIGNATED.replace("\n", "\r\n").encode("utf-8")


def test_flow_style_hub(base):
    before = (base / HUB).read_text(encoding="utf-8")
    proc = zaitaku(["designate", "hubs/kushiro-sample-hub", "--on", "2025-10-15"], base)
    assert proc.returncode == 0, proc.out + proc.err
    after = (base / HUB).read_text(encoding="utf-8")
    assert after == before.replace("designation: { status: applied, notice: null }",
                                   "designation: { status: designated, designated_on: 2025-10-15, notice: null }")


def test_designating_again_on_the_same_day_changes_nothing(base):
    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], base).returncode == 0
    proc = zaitaku(["designate", CLINIC, "--on", "令和7年7月1日"], base)
    assert proc.returncode == 0
    assert "変更はありません" in proc.out
    assert (base / CLINIC).read_text(encoding="utf-8") == DESIGNATED


def test_the_notice_can_be_added_later_but_never_overwritten(base):
    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], base).returncode == 0
    proc = zaitaku(["designate", CLINIC, "--on", "2025-07-01", "--notice", "北海道告示第100号"], base)
    assert proc.returncode == 0, proc.err
    assert "notice: 北海道告示第100号" in (base / CLINIC).read_text(encoding="utf-8")
    before = _bytes(base)
    proc = zaitaku(["designate", CLINIC, "--on", "2025-07-01", "--notice", "北海道告示第999号"], base)
    assert proc.returncode == 1 and "手で編集" in proc.err
    assert _bytes(base) == before


# -- refusals: exit 1, bytes unchanged ------------------------------------------------------------

def _refused(base, args, rel=CLINIC, lang_word="記録しませんでした"):
    before = _bytes(base, rel)
    proc = zaitaku(args, base)
    assert proc.returncode == 1, proc.out + proc.err
    assert lang_word in proc.err
    assert _bytes(base, rel) == before
    assert not [p for p in (base / rel).parent.iterdir() if p.name.startswith(".")]
    return proc


def test_a_date_in_the_future_is_refused(base):
    proc = _refused(base, ["designate", CLINIC, "--on", "2099-04-01"])
    assert "designation-future" in proc.out and f"{CLINIC}:" in proc.out


def test_a_date_before_the_scheme_is_refused(base):
    proc = _refused(base, ["designate", CLINIC, "--on", "2020-04-01"])
    assert "designation-before-scheme" in proc.out


@pytest.mark.parametrize("change, code, clean_while_applied", [
    ("intent: true                         # 意向確認書（R7.5.1）", "institution-intent", True),
    ("care_coordination: true            # ② 必須", "institution-mandatory-requirement", True),
    ("kind: zaitaku_clinic                 # 在宅療養支援診療所", "institution-kind", True),
    ("zone: kitami", "institution-zone", False),  # an error in any status: it blocks the edit too
])
def test_an_ineligible_institution_is_refused_with_located_findings(base, change, code, clean_while_applied):
    key = change.split(":")[0]
    replacement = {"intent": "intent: false", "care_coordination": "care_coordination: false",
                   "kind": "kind: other", "zone": "zone: no-such-zone"}[key]
    path = base / CLINIC
    path.write_text(ORIGINAL.replace(change, replacement), encoding="utf-8")
    assert zaitaku(["check", CLINIC], base).returncode == (0 if clean_while_applied else 1)
    proc = _refused(base, ["designate", CLINIC, "--on", "2025-07-01"])
    assert code in proc.out
    line = next(i for i, text in enumerate(ORIGINAL.splitlines(), 1) if text.strip().startswith(key + ":"))
    assert f"{CLINIC}:{line}:" in proc.out


def test_english_messages(base):
    proc = zaitaku(["designate", CLINIC, "--on", "2099-04-01", "--lang", "en"], base)
    assert proc.returncode == 1
    assert "not recorded" in proc.err and "after the reference date" in proc.out


def test_an_edit_that_breaks_another_record_is_refused(base):
    """A second hub in a zone under 100,000 people, designated before the hub already there:
    the error lands on the other hub's file (the later one), and the edit is refused."""
    hub = base / HUB
    hub.write_text(hub.read_text(encoding="utf-8").replace("zones: [kushiro]", "zones: [nishi-tokachi]"), encoding="utf-8")
    proc = _refused(base, ["designate", HUB, "--on", "2025-09-01"], rel=HUB)
    assert "hub-count" in proc.out and "registry/hubs/tokachi.yaml" in proc.out
    proc = _refused(base, ["designate", HUB, "--on", "2025-11-01"], rel=HUB)
    assert "hub-count" in proc.out and HUB in proc.out


def test_an_error_elsewhere_that_was_already_there_does_not_block(base):
    other = base / "registry/institutions/tanaka-iin.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("kind: null", "kind: clinic"), encoding="utf-8")
    assert zaitaku(["check"], base).returncode == 1
    proc = zaitaku(["designate", CLINIC, "--on", "2025-07-01"], base)
    assert proc.returncode == 0, proc.out + proc.err
    assert (base / CLINIC).read_text(encoding="utf-8") == DESIGNATED


def test_a_different_date_needs_a_correction(base):
    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], base).returncode == 0
    proc = _refused(base, ["designate", CLINIC, "--on", "2025-07-02"])
    assert "訂正" in proc.err


def test_withdraw_needs_a_designated_record(base):
    proc = _refused(base, ["withdraw", CLINIC, "--on", "2025-07-01"])
    assert "指定されていません" in proc.err


def test_withdrawal_must_come_after_the_designation(base):
    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], base).returncode == 0
    for date in ("2025-07-01", "2025-06-30"):
        proc = _refused(base, ["withdraw", CLINIC, "--on", date])
        assert "designation-withdrawal" in proc.out


def test_withdrawn_records_are_not_designated_again(base):
    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], base).returncode == 0
    assert zaitaku(["withdraw", CLINIC, "--on", "2026-03-31"], base).returncode == 0
    assert zaitaku(["withdraw", CLINIC, "--on", "2026-03-31"], base).returncode == 0  # no-op
    _refused(base, ["withdraw", CLINIC, "--on", "2026-04-30"])
    _refused(base, ["designate", CLINIC, "--on", "2026-05-01"])


def test_an_unreadable_record_is_refused_with_its_findings(base):
    path = base / CLINIC
    path.write_text(ORIGINAL.replace("zone: kitami", "zone: [kitami"), encoding="utf-8")
    proc = _refused(base, ["designate", CLINIC, "--on", "2025-07-01"])
    assert "yaml-syntax" in proc.out


def test_a_record_with_unknown_facts_cannot_be_designated(base):
    """tanaka-iin (planned, kind/intent/requirements unknown) fails eligibility."""
    rel = "registry/institutions/tanaka-iin.yaml"
    proc = _refused(base, ["designate", "institutions/tanaka-iin", "--on", "2025-07-01"], rel=rel)
    assert "institution-intent" in proc.out and "institution-mandatory-requirement" in proc.out


def test_the_day_of_a_month_only_designation_can_be_filled_in(base):
    rel = "registry/hubs/kitami.yaml"
    before = (base / rel).read_text(encoding="utf-8")
    _refused(base, ["designate", "hubs/kitami", "--on", "2025-09-01"], rel=rel)
    proc = zaitaku(["designate", "hubs/kitami", "--on", "2025-08-04"], base)
    assert proc.returncode == 0, proc.out + proc.err
    after = (base / rel).read_text(encoding="utf-8")
    old_line = next(line for line in before.splitlines(keepends=True) if line.startswith("  designated_on:"))
    assert [line for sign, _, line in changed_lines(before, after) if sign == "+"] == [
        old_line.replace("2025-08   ", "2025-08-04")]  # the comment keeps its column


def test_a_known_day_replaces_the_designated_by_bound(base):
    rel = "registry/institutions/motowanishi-family-clinic.yaml"
    before = (base / rel).read_text(encoding="utf-8")
    _refused(base, ["designate", "institutions/motowanishi-family-clinic", "--on", "2025-07-22"], rel=rel)
    proc = zaitaku(["designate", "institutions/motowanishi-family-clinic", "--on", "2025-07-01"], base)
    assert proc.returncode == 0, proc.out + proc.err
    after = (base / rel).read_text(encoding="utf-8")
    lines = before.splitlines(keepends=True)
    on_line = next(line for line in lines if line.startswith("  designated_on:"))
    by_line = next(line for line in lines if line.startswith("  designated_by:"))
    assert [line for sign, _, line in changed_lines(before, after) if sign == "+"] == [
        on_line.replace("null      ", "2025-07-01"), by_line.replace("2025-07-21", "null      ")]


# -- usage errors: exit 2 ----------------------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (["designate", "institutions/kitami-sample", "--on", "2025-07-01"], ["institutions/kitami-sample-clinic"]),
    (["designate", "hubs/kitami-sample-clinic", "--on", "2025-07-01"], ["institutions/kitami-sample-clinic"]),
    (["designate", "zones/kitami", "--on", "2025-07-01"], ["在宅医療圏"]),
    (["designate", "clinics/x", "--on", "2025-07-01"], ["institutions/ID"]),
    (["designate", "registry/prefecture.yaml", "--on", "2025-07-01"], ["記録ファイルではありません"]),
    (["designate", CLINIC, "--on", "2025-02-30"], ["日付として読めません"]),
    (["designate", CLINIC, "--on", "令和7年8月"], ["日まで"]),
    (["designate", CLINIC, "--on", "2025-07-01", "--notice", " "], ["--notice"]),
    (["designate", CLINIC], ["--on"]),
    (["withdraw", "nothing-like-it", "--on", "2025-07-01"], ["その記録はありません"]),
])
def test_usage_errors(base, args, words):
    before = _bytes(base)
    proc = zaitaku(args, base)
    assert proc.returncode == 2, proc.out + proc.err
    for word in words:
        assert word in proc.err
    assert _bytes(base) == before


def test_no_registry_is_a_usage_error(tmp_path):
    proc = zaitaku(["designate", "institutions/x", "--on", "2025-07-01"], tmp_path)
    assert proc.returncode == 2 and "registry" in proc.err


# -- a changed recorded date: how to record the correction ------------------------------------------

def _shown_lines(err: str) -> list[str]:
    """The YAML lines the refusal shows under `designation:`."""
    lines = err.splitlines()
    start = lines.index("designation:") + 1
    out = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        out.append(line)
    return out


def test_a_changed_date_refusal_shows_the_correction_to_write(base):
    import datetime

    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], base).returncode == 0
    proc = _refused(base, ["designate", CLINIC, "--on", "2025-07-02"])
    assert "今後の版" not in proc.err and "corrections" in proc.err
    shown = _shown_lines(proc.err)
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=9))).date().isoformat()
    assert shown == ["  designated_on: 2025-07-02", "  corrections:",
                     f"    - {{field: designated_on, old: 2025-07-01, date: {today}, reason: 訂正の理由}}"]
    en = _refused(base, ["designate", CLINIC, "--on", "2025-07-02", "--lang", "en"], lang_word="not recorded")
    assert "corrections entry" in en.err and _shown_lines(en.err) == shown


def test_the_shown_correction_satisfies_the_history_rule(tmp_path):
    """Written as shown (with a real reason), the correction passes `zaitaku check --base`."""
    from history_repo import Repo, hub

    r = Repo(tmp_path / "repo", records={"hubs/muroran.yaml": hub("muroran", "室蘭拠点", designated_on="2025-07-01")})
    r.commit("基準")
    proc = r.zaitaku("designate", "hubs/muroran", "--on", "2025-07-15")
    assert proc.returncode == 1 and "今後の版" not in proc.stderr
    shown = _shown_lines(proc.stderr)
    assert shown[0] == "  designated_on: 2025-07-15"
    text = "\n".join(shown).replace("訂正の理由", "告示の日付の転記誤り") + "\n"
    r.edit("hubs/muroran.yaml", "  designated_on: 2025-07-01\n", text)
    check = r.zaitaku("check", "--base", "HEAD", "--format", "json")
    assert check.returncode == 0, check.stdout
    assert not [f for f in json.loads(check.stdout)["findings"] if f["code"].startswith("history-")]
    # and without the corrections lines the same change is a history error
    r.edit("hubs/muroran.yaml", "\n".join(shown[1:]).replace("訂正の理由", "告示の日付の転記誤り") + "\n", "")
    assert "history-date-changed" in r.zaitaku("check", "--base", "HEAD").stdout


def test_a_changed_month_shows_the_month(base):
    rel = "registry/hubs/kitami.yaml"
    proc = _refused(base, ["designate", "hubs/kitami", "--on", "2025-09-01"], rel=rel)
    assert "2025-08（令和7年8月）" in proc.err and "8月31日" not in proc.err
    assert _shown_lines(proc.err)[-1].startswith("    - {field: designated_on, old: 2025-08, date: ")


def test_a_changed_withdrawal_date_shows_the_correction(base):
    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], base).returncode == 0
    assert zaitaku(["withdraw", CLINIC, "--on", "2026-03-31"], base).returncode == 0
    proc = _refused(base, ["withdraw", CLINIC, "--on", "2026-04-30"])
    assert _shown_lines(proc.err)[0] == "  withdrawn_on: 2026-04-30"
    assert "{field: withdrawn_on, old: 2026-03-31, date: " in proc.err


def test_a_later_day_than_the_designated_by_bound_shows_the_correction(base):
    rel = "registry/institutions/motowanishi-family-clinic.yaml"
    proc = _refused(base, ["designate", "institutions/motowanishi-family-clinic", "--on", "2025-07-22"], rel=rel)
    assert _shown_lines(proc.err)[:2] == ["  designated_on: 2025-07-22", "  designated_by: null"]
    assert "{field: designated_by, old: 2025-07-21, date: " in proc.err


def test_refusals_name_statuses_by_their_labels(base):
    proc = _refused(base, ["withdraw", CLINIC, "--on", "2025-07-01", "--lang", "en"], lang_word="not recorded")
    assert "status: applied (under review)" in proc.err
    proc = zaitaku(["designate", CLINIC, "--on", "2025-07-01", "--lang", "en"], base)
    assert "(was: applied (under review))" in proc.out


# -- over-long RECORD: a usage error, never an OSError ------------------------------------------------

@pytest.mark.parametrize("action", ["designate", "withdraw"])
@pytest.mark.parametrize("record", ["a" * 300, "institutions/" + "a" * 300, "registry/institutions/" + "a" * 300 + ".yaml",
                                    "a" * 300 + "/" + "b" * 300])
def test_an_over_long_record_is_a_usage_error(base, action, record):
    before = _bytes(base)
    proc = zaitaku([action, record, "--on", "2025-07-01"], base)
    assert proc.returncode == 2, proc.err
    assert "OSError" not in proc.err and ("長すぎ" in proc.err or "使えない" in proc.err)
    assert _bytes(base) == before


@pytest.mark.parametrize("notice, code", [("北海道告示\n第100号", "text-line-break"), ("北海道告示\t第100号", "text-control-character"),
                                          ("北海道告示\x1b[0m", "text-control-character")])
def test_a_notice_that_would_put_a_bad_character_in_the_record_is_refused_where_it_would_be(base, notice, code):
    """The notice reads back as given (the edit is sound), and the re-check refuses it with the
    finding at the notice's line, as `check` would report it; the file is left as it was."""
    proc = _refused(base, ["designate", CLINIC, "--on", "2025-07-01", "--notice", notice])
    assert code in proc.out and f"{CLINIC}:" in proc.out
