"""The small interface every rule module follows (after yamllint's rules):

    ENTRY   a catalogue Entry: stable code, default severity, ja/en message, source passage
    TARGET  the record kinds it checks ("institution", "hub", "zone"), or "registry"
    SCOPE   "record" when check reads only the record and the registry's scheme, reference data
            and as_of (default "registry": it may read other records). Record rules run where
            the record is read, in the reading worker too, on a registry whose records raise
            when touched.
    check(record, registry) -> Iterable[Report]   (check(registry) for TARGET == "registry")

Rules read thresholds, items and vocabularies from `registry.scheme` (prefecture.yaml), never
from constants, so another prefecture's scheme is data. A rule yields Reports; the checker turns
them into located Findings.
"""

from __future__ import annotations

from typing import NamedTuple

from zaitaku_cli.catalogue import Entry, message_terms


class Report(NamedTuple):
    path: tuple = ()  # where in the record: the finding's line is this value's line
    params: dict = {}
    record: object = None  # defaults to the record being checked
    key: bool = False  # point at the key instead of the value (e.g. an unknown id)
    file: str | None = None  # an explicit location, for findings about reference CSV rows
    line: int | None = None
    about: tuple = ()  # other paths the finding is about (a missing field reported where it belongs)


def rule_entry(code, severity, title_ja, title_en, ja, en, source, example="") -> Entry:
    return Entry(code, severity, {"ja": title_ja, "en": title_en}, {"ja": ja, "en": en}, source, example)


def terms(registry, lang: str = "ja") -> dict[str, str]:
    """The scheme's words as messages say them, for words a rule puts into its params in code
    (a message template says {t_zone}, {t_hub}, … instead): prefecture.yaml `terms` /
    `terms_en` over the national terms; in English also `<key>_plural` and `<key>_a`
    (catalogue.message_terms)."""
    return registry.memo(f"message-terms-{lang}", lambda: message_terms(registry.scheme.terms(lang), lang))


def status(record) -> str | None:
    return record.designation.status if record.designation else None


SOURCE_001 = "seed 001「在宅医療において積極的役割を担う医療機関（北海道在宅医療推進支援医療機関）」について"
SOURCE_004 = "seed 004「在宅医療に必要な連携を担う拠点」について"
SOURCE_004_GRANT = ("seed 004「【その他】在宅医療の枠組み」以下、各補助制度ほか参考資料："
                    "「在宅医療に必要な連携を担う拠点」に対する補助")
SOURCE_004_ENHANCE = ("seed 004「【その他】在宅医療の枠組み」以下、各補助制度ほか参考資料："
                      "在宅医療提供体制強化事業（メニュー 内容 基準額 実施主体 補助率）")
SOURCE_003 = "seed 003「在宅医療センター事業について」（熊本県）"
