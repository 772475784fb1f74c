"""The files of a new prefecture's registry (`zaitaku init`): prefecture.yaml with the national
defaults, commented where the officer must decide, and reference/municipalities.csv from the
data package (municipalities.py). Building the files is separate from writing them
(commands/init.py), so that both can be tested on their own.

The national texts are those of the embedded Hokkaido registry: the five requirement items of
an active-role institution (seed 001, the national guideline's items ①–⑤) and the three roles
of a hub (seed 004 (1)–(3)); tests/test_init.py checks that they stay equal. Values the officer
must write begin with 【要記入】 (validate/build.py PLACEHOLDER), so `zaitaku check` points at
each of them until it is replaced.
"""

from __future__ import annotations

import csv
import io
from string import Template

from zaitaku_cli.municipalities import PACKAGE, Prefecture, Town

KIND_FOLDERS = ("zones", "institutions", "hubs")
KEEP = ".gitkeep"  # git keeps an empty folder only with a file in it; the loader skips dot files

PREFECTURE_YAML = Template('''\
# $name の制度設定（規則集）
# zaitaku init が国の指針の既定値で作ったひな形です。医療圏、選定要件、拠点の役割と設置数、
# 指定の目標、表の名称をここにまとめ、zaitaku check / zaitaku export はここに書かれた値で動きます。
#   【要記入】 その値をこの都道府県の値に書き換えるまで、zaitaku check がエラーとして示します。
#   【要確認】 国の既定値や第8次医療計画の値を入れてあります。医療計画・要綱と照らして確かめてください。
# 値の根拠となる資料は末尾の sources に書きます（北海道の registry/prefecture.yaml が例になります）。

id: $id
code: "$code"              # 都道府県コード（全国地方公共団体コード、6桁目は検査数字）
name: $name

# 【要記入】計画の正式な名称。【要確認】期間は第8次医療計画（令和6年度～令和11年度）の既定値です。
plan:
  name: 【要記入】${name}の医療計画の正式な名称
  start: 2024-04-01
  end: 2030-03-31

# 【要確認】この日より前の指定年月日は誤りとして報告します（既定：第8次医療計画の始まり）。
scheme_start: 2024-04-01

# 【要確認】三次医療圏（表の並び順）。多くの都府県では都府県の全域が1つの三次医療圏なので、
# 既定は空（表に三次医療圏の列を出さない）。複数ある場合は次のように書き、
# 二次医療圏の tertiary_area にその id を書きます。
#   tertiary_areas:
#     - {id: area-a, name: （三次医療圏の名称）}
tertiary_areas: []

# 【要記入】二次医療圏（コード順）。下の1行は例です。医療計画の二次医療圏を1行に1つずつ、4桁のコード
# （引用符で囲む）と名称で書き、reference/municipalities.csv の secondary_area の列に、各市町村が属する
# 二次医療圏のコードを書いてください。市町村のない二次医療圏は zaitaku check が警告します。
secondary_areas:
  - {code: "${number}01", name: 【要記入】二次医療圏の名称}

# 【要記入】在宅医療圏の数（医療計画で定めた数）。書くと、登録簿の在宅医療圏（zones/）の数と比べます。
# zone_total: 10

institution:
  title: 在宅医療において積極的役割を担う医療機関
  # local_name: （都道府県独自の名称があれば）
  # 【要確認】指定の対象となる医療機関の種類（在宅療養支援診療所、在宅療養支援病院、訪問診療を実施する医療機関）
  eligible_kinds: [zaitaku_clinic, zaitaku_hospital, home_visit_provider]
  # 国の指針の「積極的役割を担う医療機関」に求められる事項①～⑤。
  # 【要確認】必須（mandatory: true）と任意の別、任意の最低数（optional_minimum）は要綱に合わせてください
  # （既定：①～③が必須、④⑤が任意、任意の最低数の定めなし）。
  requirements:
    - id: after_hours_support
      mark: ①
      mandatory: true
      text: 医療機関（特に一人の医師が開業している診療所）が必ずしも対応しきれない夜間や医師不在時、患者の病状の急変時等における診療の支援を行うこと
      column: 他医療機関に対する医師不在時等の支援
    - id: care_coordination
      mark: ②
      mandatory: true
      text: 在宅での療養に移行する患者にとって必要な医療及び介護、障害福祉サービスが十分確保できるよう、関係機関に働きかけること
      column: 医療・介護・障がいサービス等との連携
    - id: family_support_referral
      mark: ③
      mandatory: true
      text: 地域包括支援センター等と協働しつつ、療養に必要な医療及び介護、障害福祉サービスや家族等の負担軽減につながるサービスを適切に紹介すること
      column: 家族等へ負担軽減に繋がるサービスを紹介
    - id: training
      mark: ④
      mandatory: false
      text: 臨床研修制度における地域医療研修において、在宅医療の現場での研修を受ける機会等の確保に努めること
      column: 在宅医療に関する研修の機会の確保
    - id: disaster_plan
      mark: ⑤
      mandatory: false
      text: 災害時等にも適切な医療を提供するための計画（人工呼吸器等の医療機器を使用している患者の搬送等に係る計画を含む。）を策定し、他の医療機関等の計画策定等の支援を行うこと
      column: 災害対応に係る計画を策定 他の医療機関の策定を支援
  optional_minimum: 0

hub:
  title: 在宅医療に必要な連携を担う拠点
  # local_name: （都道府県独自の名称があれば）
  # 【要確認】実施主体になれる者（国の指針の例：郡市医師会、市町村、医療機関、訪問看護事業所、保健所 等）
  body_types:
    - {id: medical_association, label: 郡市医師会}
    - {id: municipality, label: 市町村}
    - {id: medical_institution, label: 医療機関}
    - {id: nursing_station, label: 訪問看護事業所}
    - {id: health_center, label: 保健所}
  # 拠点の役割（１）～（３）。【要確認】要綱の役割に合わせてください。
  roles:
    - id: coordination
      mark: （１）
      text: 関係者の定期的な会合等におけるコーディネートにより、連携体制の構築を進めること
    - id: information_network
      mark: （２）
      text: 多職種連携に向けた情報連携ネットワークの整備を行うこと
    - id: training
      mark: （３）
      text: 多職種の人材育成を行うこと
  # 【要確認】在宅医療圏ごとの拠点の数。国の指針は「少なくとも1つ」で、上限は都道府県が定めます。
  # 人口で複数の拠点を認める場合（北海道：1月1日現在の人口が10万人を超える在宅医療圏）は
  # population_threshold: 100000 と counted_on: "01-01" を加え、reference/ に人口のCSVを置きます。
  count_rule:
    per_zone: 1

# 【要記入】指定の目標。書くと zaitaku status が年度ごとの進み具合と比べます。例：
# target:
#   zones: 10
#   first_fiscal_year: 2024
#   last_fiscal_year: 2029
#   per_year_min: 1
#   per_year_max: 2

# 表の番号（医療計画の「第○表」、未定なら null）と名称。
tables:
  # 医療情報ネット（ナビイ）の医療機関のページへのリンク（navii_id から作る。不要なら null）
  navii_url: https://www.iryou.teikyouseido.mhlw.go.jp/znk-web/juminkanja/S2430/initialize?prefCd={pref_cd}&kikanKbn={kikan_kbn}&kikanCd={kikan_cd}
  regional:
    number: null
    title: 「在宅医療において積極的役割を担う医療機関」一覧 <在宅医療圏別>
  functional:
    number: null
    title: 「在宅医療において積極的役割を担う医療機関」一覧 <積極的役割の機能別>
  hubs:
    number: null
    title: 在宅医療に必要な連携を担う拠点の指定状況
  hubs_planned:
    number: null
    title: 指定に向けて（調整状況及び今後の動き）

# 市町村の一覧（zaitaku init がデータのパッケージ $package から作成）と人口のCSV。
# 人口は、人口で拠点の数を判断する場合だけ必要です（例：reference/population-2025-01-01.csv）。
reference:
  municipalities: reference/municipalities.csv
  population: []

sources: []
''')

REFERENCE_README = Template('''\
# Reference data ($name)

Tables the registry is checked against; `prefecture.yaml` names them under `reference:`.

## municipalities.csv

`code,name,kana,secondary_area` — the $count municipalities of $name, one row each, UTF-8
(no BOM), LF. Written by `zaitaku init` from the data package `$package` $version (PyPI), not
typed by hand: a designated city (政令指定都市) is one row, its wards are not listed; Tokyo's
special wards (特別区) are municipalities. Every code passes its JIS X 0402 check digit.

- `code`: the 6-digit 全国地方公共団体コード (the last digit is a check digit).
- `name`, `kana`: the municipality's name and its reading in katakana.
- `secondary_area`: **to fill in** — the 4-digit code of the 二次医療圏 the municipality belongs
  to, one of `secondary_areas` in `prefecture.yaml`. `zaitaku check` reports every empty cell.

When a municipality changes (a merger, a new city), correct the row from the official list of
the Ministry of Internal Affairs and Communications (総務省) and note it here.

## Population

None yet. Add `population-YYYY-MM-DD.csv` (`code,population`, the figures of that day) and list
it in `prefecture.yaml` only if the hub count depends on population. A missing row means
*unknown*, never zero.
''')


def prefecture_yaml(pref: Prefecture) -> str:
    """prefecture.yaml of a new registry for `pref` (valid against schemas/prefecture.schema.json)."""
    return PREFECTURE_YAML.substitute(name=pref.name, id=pref.id, code=pref.code, number=pref.number,
                                      package=PACKAGE)


def municipalities_csv(towns: list[Town]) -> str:
    """code,name,kana,secondary_area with the secondary area empty, LF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "kana", "secondary_area"])
    writer.writerows([t.code, t.name, t.kana, ""] for t in towns)
    return out.getvalue()


def reference_readme(pref: Prefecture, towns: list[Town]) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        package_version = version(PACKAGE)
    except PackageNotFoundError:
        package_version = ""
    return REFERENCE_README.substitute(name=pref.name, count=len(towns), package=PACKAGE, version=package_version)


def registry_files(pref: Prefecture, towns: list[Town]) -> dict[str, str]:
    """Path inside registry/ -> text, for every file of a new registry."""
    files = {"prefecture.yaml": prefecture_yaml(pref),
             "reference/municipalities.csv": municipalities_csv(towns),
             "reference/README.md": reference_readme(pref, towns)}
    files.update({f"{folder}/{KEEP}": "" for folder in KIND_FOLDERS})
    return files
