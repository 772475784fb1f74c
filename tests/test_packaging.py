"""What `pip install .` ships: every subpackage of zaitaku_cli is listed in setup.cfg (a package
left out works in an editable install and is missing from a real one)."""

from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_setup_cfg():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    listed = set(config["options"]["packages"].split())
    found = {".".join(init.parent.relative_to(ROOT).parts)
             for init in (ROOT / "zaitaku_cli").rglob("__init__.py") if "__pycache__" not in init.parts}
    assert found - listed == set(), f"not shipped by `pip install .`: {sorted(found - listed)}"
