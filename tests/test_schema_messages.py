"""Schema messages that help (issue 11, kind 3): each names the field in the officer's words,
shows the value as written in the file and says what to write instead."""

from __future__ import annotations

import pytest

from registry_builder import DEFAULT_AS_OF, VALID, build_registry
from zaitaku_cli.findings import render
from zaitaku_cli.check import check_registry

CLINIC = "registry/institutions/sample-clinic.yaml"


def _findings(tmp_path, *replace):
    text = (VALID / "institutions/sample-clinic.yaml").read_text(encoding="utf-8")
    for old, new in replace:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    root = build_registry(tmp_path, {"institutions/sample-clinic.yaml": text.encode()})
    return [f for f in check_registry(root, DEFAULT_AS_OF).findings if f.file == CLINIC]


CASES = [
    # (replace, code, line, column, Japanese message, English message)
    pytest.param(('"0110312345"', '"０１１０３１２３４５"'), "schema-format", 6, 27,
                 "medical_institution_code（医療機関コード）「０１１０３１２３４５」の書式が正しくありません。"
                 "全角数字が含まれています。半角で「0110312345」と書いてください。",
                 "medical_institution_code '０１１０３１２３４５' is not in the expected form. It contains full-width "
                 "characters (０１３２４５); write it in half-width: '0110312345'.", id="full-width-digits"),
    pytest.param(('municipality: "012050"\nzone', 'municipality: "０１２０５０"\nzone'), "schema-format", 8, 15,
                 "municipality（所在市町村）「０１２０５０」の書式が正しくありません。全角数字が含まれています。"
                 "半角で「012050」と書いてください。", None, id="full-width-municipality"),
    pytest.param(('"0110312345"', '"011-031-2345"'), "schema-format", 6, 27,
                 "medical_institution_code（医療機関コード）「011-031-2345」の書式が正しくありません。"
                 "「0110312345」と書いてください（空白・区切りの記号・大文字は使えません）。", None, id="separators"),
    pytest.param(('"0110312345"', '"011031234"'), "schema-format", 6, 27,
                 "medical_institution_code（医療機関コード）「011031234」の書式が正しくありません。"
                 "10桁の数字で書いてください（今は9桁です）。先頭の 0 が抜けていませんか。",
                 "medical_institution_code '011031234' is not in the expected form. Write 10 digits (it has 9). "
                 "Is a leading 0 missing?", id="digit-count"),
    pytest.param(("zone: muroran", "zone: Muroran"), "schema-format", 9, 7,
                 "zone（在宅医療圏）「Muroran」の書式が正しくありません。「muroran」と書いてください"
                 "（空白・区切りの記号・大文字は使えません）。", None, id="capital-id"),
    pytest.param(("name: サンプル在宅クリニック", "name: ''"), "schema-format", 4, 7,
                 "name（医療機関名）「」の書式が正しくありません。空の文字列です。値を書いてください。", None, id="empty-name"),
    pytest.param(("operator: 医療法人サンプル会", "operator: ''"), "schema-format", 5, 11,
                 "operator（開設者）「」の書式が正しくありません。空の文字列です。分からなければ null と書いてください。",
                 None, id="empty-nullable"),
    pytest.param(("operator: 医療法人サンプル会", "operator: .nan"), "schema-type", 5, 11,
                 "operator（開設者）は文字列で書いてください（今は数値「.nan」です）。分からなければ null と書きます。",
                 "operator must be text (found a number '.nan'). If it is not known, write null.", id="nan"),
    pytest.param(("operator: 医療法人サンプル会", "operator: -.inf"), "schema-type", 5, 11,
                 "operator（開設者）は文字列で書いてください（今は数値「-.inf」です）。分からなければ null と書きます。",
                 None, id="inf"),
    pytest.param(("intent: true", "intent: はい"), "schema-type", 11, 9,
                 "intent（意向）は true か false で書いてください（今は文字列「はい」です）。分からなければ null と書きます。",
                 None, id="intent-words"),
    pytest.param(("  - {name: 室蘭サンプル内科医院, municipality: \"012050\"}", "  - [室蘭サンプル内科医院, \"012050\"]"),
                 "schema-type", 19, 5,
                 "linked_institutions[0]（医療機関）は「キー: 値」の形で書いてください（今はリスト「[室蘭サンプル内科医院, \"012050\"]」です）。",
                 None, id="list-shown-as-written"),
    pytest.param(("status: designated", "status: planed"), "schema-enum", 23, 11,
                 "designation.status（状況）「planed」は使えません。「planned」の書き間違いではありませんか。"
                 "次のいずれかを書いてください: planned, coordinating, applied, designated, withdrawn",
                 "designation.status 'planed' is not allowed. Did you mean 'planned'? Use one of: planned, "
                 "coordinating, applied, designated, withdrawn", id="enum-typo"),
    pytest.param(("status: designated", "status: Designated"), "schema-enum", 23, 11,
                 "designation.status（状況）「Designated」は使えません。「designated」の書き間違いではありませんか。"
                 "次のいずれかを書いてください: planned, coordinating, applied, designated, withdrawn", None, id="enum-case"),
    pytest.param(("status: designated", "status: 指定済"), "schema-enum", 23, 11,
                 "designation.status（状況）「指定済」は使えません。「designated」の書き間違いではありませんか。"
                 "次のいずれかを書いてください: planned, coordinating, applied, designated, withdrawn",
                 "designation.status '指定済' is not allowed. Did you mean 'designated'? Use one of: planned, "
                 "coordinating, applied, designated, withdrawn", id="enum-label-written"),
    pytest.param(("status: designated", "status: 申請書提出済(審査中)"), "schema-enum", 23, 11,
                 "designation.status（状況）「申請書提出済(審査中)」は使えません。「applied」の書き間違いではありませんか。"
                 "次のいずれかを書いてください: planned, coordinating, applied, designated, withdrawn", None,
                 id="enum-label-half-width-brackets"),
    pytest.param(("  training: true", "  training: {met: true, evidense: 調査票}"), "schema-unknown-key", 16, 25,
                 "「evidense」という項目はありません。「evidence」の書き間違いではありませんか。",
                 "There is no field 'evidense'. Did you mean 'evidence'?", id="typo-in-requirement-object"),
    pytest.param(("  training: true", "  training: {mett: true}"), "schema-unknown-key", 16, 14,
                 "「mett」という項目はありません。「met」の書き間違いではありませんか。", None, id="typo-met"),
    pytest.param(("  training: true", "  training: はい"), "schema-type", 16, 13,
                 "requirements.training（要件の充足）は true か false または「キー: 値」の形で書いてください（今は文字列「はい」です）。"
                 "分からなければ null と書きます。", None, id="requirement-words"),
    pytest.param(("  status: designated\n", ""), "schema-required", 23, 3,
                 "必須項目「status」（状況）がありません。例：「status: designated」", None, id="required-example"),
]


@pytest.mark.parametrize("replace, code, line, column, ja, en", CASES)
def test_message(tmp_path, replace, code, line, column, ja, en):
    findings = _findings(tmp_path, replace)
    hit = [f for f in findings if (f.code, f.line, f.column) == (code, line, column)]
    assert hit, [(f.code, f.line, f.column, render(f)) for f in findings]
    if ja is not None:
        assert render(hit[0], "ja") == ja
    if en is not None:
        assert render(hit[0], "en") == en


def test_a_repeated_item_is_named(tmp_path):
    text = (VALID / "hubs/sample-hub.yaml").read_text(encoding="utf-8").replace("zones: [muroran]",
                                                                                 "zones: [muroran, muroran]")
    root = build_registry(tmp_path, {"hubs/sample-hub.yaml": text.encode()})
    f = next(f for f in check_registry(root, DEFAULT_AS_OF).findings if f.code == "schema-unique-items")
    assert (f.file, f.line, f.column) == ("registry/hubs/sample-hub.yaml", 5, 8)
    assert render(f) == "zones（在宅医療圏）に同じ値「muroran」が2回以上書かれています。1回にしてください。"
