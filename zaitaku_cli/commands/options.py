"""Options that several commands share, defined once so that their names and help read the same
everywhere. Only click is imported here (every command module imports this at start-up)."""

from __future__ import annotations

import click

REGISTRY_HELP = "登録簿のフォルダ（既定: 現在のフォルダか親フォルダの registry/）/ registry folder"


def registry_option(f):
    """`--registry DIR` → the parameter `registry_dir` (None: registry/ in the current folder or
    the nearest parent; see load.registry.find_registry)."""
    return click.option("--registry", "registry_dir", metavar="DIR", help=REGISTRY_HELP)(f)
