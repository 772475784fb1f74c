"""The registry gate that `zaitaku export` and `zaitaku site` share: a table or a page is a
public document, never produced from a broken registry.

The registry is found (exit 2 when there is none), loaded (at git revision `at`, if given) and
checked as of today; error-level findings refuse the command (exit 1, the first GATE_SHOWN
errors listed), a prefecture.yaml or a revision that cannot be used exits 2. Only click is
imported at the top (command modules import this at start-up).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import click

from zaitaku_cli.exits import EXIT_REFUSED, EXIT_USAGE
GATE_SHOWN = 20  # errors listed when the gate refuses; `zaitaku check` lists them all


@dataclass(frozen=True)
class Product:
    """What the command makes, in the words of its refusals: `cannot_*` when prefecture.yaml is
    unusable, `refused_*` when the registry has errors."""

    cannot_ja: str
    cannot_en: str
    refused_ja: str
    refused_en: str


TABLES = Product("一覧表を作成できません", "no table can be made", "一覧表を作成しません", "no table was written")
SITE = Product("サイトを作成できません", "no site can be built", "サイトを作成しません", "no site was built")
SURVEY_TEMPLATE = Product("調査票を作れません", "no survey template can be made", "", "")  # needs the scheme only


def find_root(registry_dir, lang: str):
    """The registry folder (load.registry.find_registry); exit 2 when there is none."""
    from zaitaku_cli.load.registry import RegistryNotFound, find_registry

    try:
        return find_registry(explicit=registry_dir)
    except RegistryNotFound as err:
        click.echo(f"zaitaku: {err.message(lang)}", err=True)
        sys.exit(EXIT_USAGE)


def checked_registry(root, lang: str, at=None, product: Product = TABLES, refuse_errors: bool = True):
    """The registry at `root` (at git revision `at`, if given), checked as of today (in Japan);
    exit 1 on error-level findings (unless not `refuse_errors`: a product of the scheme alone),
    2 when it cannot be used."""
    from zaitaku_cli.check import SchemeInvalid, load_checked
    from zaitaku_cli.cli import _today_in_japan
    from zaitaku_cli.findings import CheckResult
    from zaitaku_cli.load.git_source import RevisionError
    from zaitaku_cli.report.text import report

    try:
        registry, result = load_checked(root, _today_in_japan(), **({"at": at} if at is not None else {}))
    except SchemeInvalid as err:
        report(CheckResult(err.findings, 1), sys.stderr, lang)
        click.echo(f"zaitaku: prefecture.yaml is not usable, so {product.cannot_en} (see above)" if lang == "en" else
                   f"zaitaku: prefecture.yaml を読めないため{product.cannot_ja}（上の指摘を直してください）", err=True)
        sys.exit(EXIT_USAGE)
    except ImportError as err:  # --at needs GitPython
        click.echo(f"zaitaku: --at には GitPython が必要です / --at needs GitPython ({err})", err=True)
        sys.exit(EXIT_USAGE)
    except RevisionError as err:
        click.echo(f"zaitaku: {err.message(lang)}", err=True)
        sys.exit(EXIT_USAGE)
    if result.errors and refuse_errors:
        _refuse(result, lang, product)
    return registry


def _refuse(result, lang: str, product: Product):
    """List the first errors and exit 1."""
    from zaitaku_cli.catalogue import counted
    from zaitaku_cli.report.text import finding_line

    errors = [f for f in result.findings if f.severity == "error"]
    for f in errors[:GATE_SHOWN]:
        click.echo(finding_line(f, lang), err=True)
    if len(errors) > GATE_SHOWN:
        more = len(errors) - GATE_SHOWN
        click.echo(f"… and {more} more (zaitaku check shows them all)" if lang == "en"
                   else f"…ほか {more} 件（zaitaku check ですべて表示されます）", err=True)
    if lang == "en":
        click.echo(f"zaitaku: the registry has {counted(result.errors, 'error')} (as of today; `zaitaku check` shows them"
                   f" with the warnings); {product.refused_en}", err=True)
    else:
        click.echo(f"zaitaku: 登録簿にエラーが {result.errors} 件あるため（今日の日付で検査）、{product.refused_ja}。"
                   f"zaitaku check で確認し、直してからもう一度実行してください", err=True)
    sys.exit(EXIT_REFUSED)


def cannot_write(err, lang: str):
    """Exit 2 naming the output as the user gave it (never a temporary file beside it) and why,
    in the officer's words (edit.atomic.CannotWrite)."""
    reason, advice = err.reason(lang), err.advice(lang)
    if lang == "en":
        click.echo(f"zaitaku: {err.shown}: cannot write ({reason})" + (f". {advice}" if advice else ""), err=True)
    else:
        click.echo(f"zaitaku: {err.shown}: 書き出せません（{reason}）" + (f"。{advice}" if advice else ""), err=True)
    sys.exit(EXIT_USAGE)
