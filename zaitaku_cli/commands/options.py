"""Options that several commands share, defined once so that their names and help read the same
everywhere. Only click is imported here (every command module imports this at start-up)."""

from __future__ import annotations

import contextlib
import sys

import click

REGISTRY_HELP = "登録簿のフォルダ（既定: 現在のフォルダか親フォルダの registry/）/ registry folder"


def registry_option(f):
    """`--registry DIR` → the parameter `registry_dir` (None: registry/ in the current folder or
    the nearest parent; see load.registry.find_registry)."""
    return click.option("--registry", "registry_dir", metavar="DIR", help=REGISTRY_HELP)(f)


@contextlib.contextmanager
def exit_if_unreadable(doing_ja: str):
    """Exit 2 with a one-line message when the registry, a revision or prefecture.yaml cannot be
    read (`doing_ja`: what could not be done, e.g. 比較). The exceptions' modules load lazily."""
    from zaitaku_cli.check import SchemeInvalid
    from zaitaku_cli.load.git_source import RevisionError
    from zaitaku_cli.load.registry import RegistryNotFound

    try:
        yield
    except (RegistryNotFound, RevisionError) as err:
        click.echo(f"zaitaku: {err}", err=True)
        sys.exit(2)
    except SchemeInvalid:
        click.echo(f"zaitaku: prefecture.yaml を読めないため{doing_ja}できません（zaitaku check で確認）"
                   " / prefecture.yaml is not usable (see zaitaku check)", err=True)
        sys.exit(2)
