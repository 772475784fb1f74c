"""Temporary git repositories for the history tests (`zaitaku diff`, `check --base`, `status`).

A repository holds `registry/` with prefecture.yaml, reference/ and zones/ copied from the
embedded Hokkaido registry, and hubs and institutions written here from small templates (so that
the tests do not depend on the embedded records, and line numbers are known: in both templates
`designation:` is on line DESIGNATION_LINE, then status, designated_on, designated_by,
withdrawn_on, one line each). Every command runs through the installed `zaitaku`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

EMBEDDED = Path(__file__).resolve().parent.parent / "registry"
ZAITAKU = str(Path(sys.executable).parent / "zaitaku")
DESIGNATION_LINE = 12
LINE = {"status": 13, "designated_on": 14, "designated_by": 15, "withdrawn_on": 16}
VALUE_COLUMN = {"status": 11, "designated_on": 18, "designated_by": 18, "withdrawn_on": 17}

HUB = """\
# 試験用の拠点
id: {id}
name: {name}
zones: [{zones}]
implementing_bodies:
  - {{name: 試験市医師会, type: medical_association}}
joint_bodies: []
core_hub: null
area_hubs: []
active_institutions: []
roles: {{coordination: true, information_network: true, training: true}}
designation:
  status: {status}
  designated_on: {designated_on}
  designated_by: {designated_by}
  withdrawn_on: {withdrawn_on}
  notice: null
{extra}"""

INSTITUTION = """\
# 試験用の医療機関
id: {id}
name: {name}
municipality: "{municipality}"
zone: {zone}
kind: zaitaku_clinic
intent: true
requirements: {{after_hours_support: true, care_coordination: true, family_support_referral: true, training: false, disaster_plan: false}}
linked_institutions: []
linked_nursing_stations: []
operator: null
designation:
  status: {status}
  designated_on: {designated_on}
  designated_by: {designated_by}
  withdrawn_on: {withdrawn_on}
  notice: null
{extra}"""


def hub(id, name=None, zones=None, status="designated", designated_on="null", designated_by="null",
        withdrawn_on="null", extra="") -> str:
    return HUB.format(id=id, name=name or f"{id}拠点", zones=", ".join(zones or [id]), status=status,
                      designated_on=designated_on, designated_by=designated_by, withdrawn_on=withdrawn_on,
                      extra=extra)


def institution(id, name=None, zone="muroran", municipality="012050", status="designated",
                designated_on="null", designated_by="null", withdrawn_on="null", extra="") -> str:
    return INSTITUTION.format(id=id, name=name or f"{id}医院", zone=zone, municipality=municipality,
                              status=status, designated_on=designated_on, designated_by=designated_by,
                              withdrawn_on=withdrawn_on, extra=extra)


BASE_RECORDS = {
    "hubs/muroran.yaml": hub("muroran", "室蘭拠点", designated_on="2025-07-01"),
    "hubs/sapporo.yaml": hub("sapporo", "札幌拠点", designated_on="令和7年4月1日"),
    "hubs/kitami.yaml": hub("kitami", "北見拠点", status="planned"),
    "institutions/clinic-a.yaml": institution("clinic-a", "Aクリニック", designated_on="2025-07-01"),
    "institutions/clinic-b.yaml": institution("clinic-b", "Bクリニック", zone="sapporo", municipality="011002",
                                              status="planned"),
}


def run(*args, cwd, check=False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE")}
    env.update({"NO_COLOR": "1", "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"})
    result = subprocess.run([ZAITAKU, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                            env=env, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


class Repo:
    def __init__(self, path: Path, records=None):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "試験")
        self.git("config", "user.email", "test@example.invalid")
        self.git("config", "commit.gpgsign", "false")
        root = path / "registry"
        root.mkdir()
        shutil.copy(EMBEDDED / "prefecture.yaml", root / "prefecture.yaml")
        shutil.copytree(EMBEDDED / "reference", root / "reference")
        shutil.copytree(EMBEDDED / "zones", root / "zones")
        for rel, text in (BASE_RECORDS if records is None else records).items():
            self.write(rel, text)

    @property
    def registry(self) -> Path:
        return self.path / "registry"

    def git(self, *args) -> str:
        result = subprocess.run(["git", *args], cwd=self.path, capture_output=True, text=True, encoding="utf-8")
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def write(self, rel: str, text: str) -> None:
        target = self.registry / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        target = self.registry / rel
        text = target.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
        target.write_text(text.replace(old, new), encoding="utf-8")

    def remove(self, rel: str) -> None:
        (self.registry / rel).unlink()

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def zaitaku(self, *args, check=False) -> subprocess.CompletedProcess:
        return run(*args, cwd=self.path, check=check)


def four_revisions(path: Path, link: bool = False) -> Repo:
    """A repository of four commits (HEAD~3 … HEAD) for tests that read two revisions: the base
    records plus a file whose id is not its name, a faulty and an unreadable file (and, with
    `link`, a link inside the registry); then kitami designated, a rename, a deletion and an
    addition; then a comment added to prefecture.yaml (its bytes differ, its values do not);
    then a new hub."""
    r = Repo(path)
    r.write("institutions/函館クリニック.yaml", institution("hakodate"))  # a finding: id ≠ file name
    r.write("institutions/faulty.yaml", institution("faulty", status="bogus", designated_on="2025-13-01"))
    r.write("institutions/broken.yaml", "id: broken\nname: [\n")
    r.write("institutions/old-name.yaml", institution("old-name", designated_on="2025-07-01"))
    if link:
        os.symlink("../hubs/muroran.yaml", r.registry / "institutions" / "link.yaml")
    r.commit("基準")
    r.edit("hubs/kitami.yaml", "status: planned", "status: designated")
    r.edit("hubs/kitami.yaml", "designated_on: null", "designated_on: 2025-08-20")
    r.git("mv", "registry/institutions/old-name.yaml", "registry/institutions/new-name.yaml")
    r.remove("institutions/clinic-b.yaml")
    r.write("institutions/clinic-d.yaml", institution("clinic-d", status="planned"))
    r.commit("北見を指定、改名、削除、追加")
    text = (r.registry / "prefecture.yaml").read_text(encoding="utf-8")
    (r.registry / "prefecture.yaml").write_text(text + "\n# 注記: 値は変わらない\n", encoding="utf-8")
    r.commit("prefecture.yaml の注記")
    r.write("hubs/nemuro.yaml", hub("nemuro", "根室拠点", zones=["kushiro-nemuro"]))
    r.commit("根室")
    return r
