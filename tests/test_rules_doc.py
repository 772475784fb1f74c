"""docs/rules.md is generated from the catalogue and the rule modules, and each rule module
follows the interface of rules/base.py (after yamllint's one-module-per-rule layout)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import zaitaku_cli.rules as rules_package
from registry_builder import REPO
from zaitaku_cli.findings import all_entries
from zaitaku_cli.findings import SEVERITIES
from zaitaku_cli.rules import RULES, RULES_BY_CODE
from zaitaku_cli.rules_doc import render_rules_doc

CODE = re.compile(r"^[a-z][a-z0-9-]*$")


def test_docs_rules_md_is_generated():
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render_rules_doc(), "docs/rules.md is stale: regenerate with `zaitaku rules > docs/rules.md`"


def test_rules_doc_documents_every_code():
    doc = render_rules_doc()
    for e in all_entries():
        assert doc.count(f"### `{e.code}` — ") == 1, e.code


def test_codes_are_unique_and_well_formed():
    codes = [e.code for e in all_entries()]
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)
    for code in codes:
        assert CODE.match(code), code


def _rule_module_names():
    return sorted(m.name for m in pkgutil.iter_modules(rules_package.__path__)
                  if not m.name.startswith("_") and m.name != "base")


def test_every_rule_module_is_registered():
    registered = {rule.__name__.rsplit(".", 1)[1] for rule in RULES}
    assert set(_rule_module_names()) == registered
    assert len(RULES) == len(registered) == len(RULES_BY_CODE)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.ENTRY.code)
def test_rule_module_interface(rule):
    assert inspect.getdoc(rule), f"{rule.__name__} has no docstring"
    e = rule.ENTRY
    assert CODE.match(e.code)
    assert e.severity in SEVERITIES
    for lang in ("ja", "en"):
        assert isinstance(e.message.get(lang), str) and e.message[lang].strip(), (e.code, lang)
        assert isinstance(e.title.get(lang), str) and e.title[lang].strip(), (e.code, lang)
    assert e.source.strip(), f"{e.code} has no source"
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", e.message["ja"] + e.title["ja"]), f"{e.code}: ja is not Japanese"
    assert rule.TARGET == "registry" or (isinstance(rule.TARGET, tuple) and rule.TARGET
                                         and set(rule.TARGET) <= {"zone", "institution", "hub", "grant"}), rule.TARGET
    assert callable(rule.check)
    # the module name is the code with underscores
    assert rule.__name__.rsplit(".", 1)[1] == e.code.replace("-", "_")


def test_catalogue_entries_have_both_languages():
    for e in all_entries():
        assert e.severity in SEVERITIES, e.code
        for lang in ("ja", "en"):
            assert e.message[lang].strip() and e.title[lang].strip(), (e.code, lang)
        assert e.source.strip(), e.code


def test_rules_module_reloads_cleanly():
    """Importing a rule module twice gives the same entry (no import-time side effects)."""
    module = importlib.import_module("zaitaku_cli.rules.hub_count")
    assert importlib.reload(module).ENTRY.code == "hub-count"
