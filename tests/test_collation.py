"""五十音順 (zaitaku_cli.collation): the pairs of issue 11 and their siblings, level by level, and
the order of `zaitaku export regional` rows for a registry with such readings."""

from __future__ import annotations

import csv
import io
import json
import random

import pytest

from registry_builder import build_registry
from run_cli import run
from zaitaku_cli.collation import sort_key


def in_order(words):
    """`words` sorted by sort_key, from two shuffled copies (the order must not depend on input)."""
    orders = []
    for seed in (1, 2):
        shuffled = list(words)
        random.Random(seed).shuffle(shuffled)
        orders.append(sorted(shuffled, key=sort_key))
    assert orders[0] == orders[1]
    return orders[0]


def primary(text):
    return sort_key(text)[0]


def levels(text):
    """(primary, secondary, tertiary) of `text`."""
    key = sort_key(text)
    return key[0], *key[1].levels()[:2]


# --- the pairs and their siblings ------------------------------------------------------

@pytest.mark.parametrize("first, second", [
    ("ガクエンマエ", "カワイ"),        # issue 11: a voiced kana sorts with its plain one (ガ as カ)
    ("スーパー", "スズキ"),            # issue 11: ー read as the vowel before it (スウハア < ススキ)
    ("がくえんまえ", "カワイ"),        # hiragana as katakana
    ("ｶﾞｸｴﾝﾏｴ", "カワイ"),            # half-width as full width
    ("コアラ", "コーチ"),              # コーチ is コオチ: after コアラ (pyuca puts it before)
    ("トウ", "トー"),                  # トー is トオ: after トウ (pyuca puts it before)
    ("パンダ", "ハンバーグ"),          # パ as ハ: the letters decide first, the dakuten last
    ("ビル", "ヒロ"),
    ("キャンプ", "キヨミ"),            # ャ as ヤ
    ("キッテ", "キテ"),                # ッ as ツ
    ("ヴィラ", "ウエノ"),              # ヴ as ウ, ィ as イ
])
def test_dictionary_pairs(first, second):
    assert sort_key(first) < sort_key(second)
    assert in_order([second, first]) == [first, second]


@pytest.mark.parametrize("words", [
    ["カ", "ガ", "カ゚", "カア"],                          # 清音 < 濁音 < 半濁音, then the next letter
    ["ハ", "バ", "パ", "ハア", "バア", "パア"],
    ["ホン", "ボン", "ポン", "ホンダ"],
    ["ウ", "ゔ", "ヴ", "ウア"],                           # ヴ after ウ (hiragana ゔ first: the last level)
])
def test_voicing_is_secondary(words):
    assert in_order(words) == words
    assert len({primary(w) for w in words if len(w) == len(words[0])}) == 1


@pytest.mark.parametrize("prolonged, spelt", [
    ("カー", "カア"), ("キー", "キイ"), ("スー", "スウ"), ("セー", "セエ"), ("トー", "トオ"),   # each vowel row
    ("ガー", "ガア"), ("パー", "パア"), ("ヴー", "ヴウ"),                                      # voiced ones
    ("シャー", "シャア"), ("キョー", "キョオ"), ("ッー", "ッウ"), ("ヮー", "ヮア"),             # after small kana
    ("ヵー", "カア"), ("ヶー", "ケエ"), ("ヰー", "ヰイ"), ("ヲー", "ヲオ"),
    ("カーー", "カアア"),                                                                     # ーー: the vowel twice
    ("ンー", "ンン"),                                                                         # after ン: ン (documented)
    ("かー", "かあ"), ("ｶｰ", "カア"),                                                       # hiragana, half-width
])
def test_prolonged_mark_reads_the_vowel_before_it(prolonged, spelt):
    assert primary(prolonged) == primary(spelt)
    assert sort_key(prolonged) < sort_key(spelt)  # ー before the vowel written out (as ICU "ja")


def test_prolonged_mark_in_longer_words():
    assert in_order(["トオ", "トウ", "トー", "トカ"]) == ["トウ", "トー", "トオ", "トカ"]
    assert in_order(["コオリ", "コーチ", "コアラ"]) == ["コアラ", "コーチ", "コオリ"]
    assert in_order(["ケエル", "ケーキ", "ケイコ"]) == ["ケイコ", "ケーキ", "ケエル"]  # ケーキ is ケエキ
    assert in_order(["ンア", "ンン", "ンー", "ンワ"]) == ["ンア", "ンワ", "ンー", "ンン"]


def test_prolonged_mark_with_nothing_before_it_sorts_before_a():
    assert in_order(["ア", "ー", "カ"]) == ["ー", "ア", "カ"]
    assert primary("Aー") != primary("Aア")  # after a Latin letter: no vowel to read
    assert in_order(["1ア", "1ー"]) == ["1ー", "1ア"]


@pytest.mark.parametrize("small, large", [
    ("ッ", "ツ"), ("ャ", "ヤ"), ("ュ", "ユ"), ("ョ", "ヨ"), ("ァ", "ア"), ("ォ", "オ"), ("ヮ", "ワ"), ("ヵ", "カ"),
    ("ヶ", "ケ"), ("っ", "つ"), ("ゃ", "や"), ("ゎ", "わ"), ("ｯ", "ツ"), ("ｬ", "ヤ"), ("キャク", "キヤク"),
    ("キッテ", "キツテ"), ("ㇰ", "ク"),
])
def test_small_kana_as_large_then_first(small, large):
    assert primary(small) == primary(large)
    assert sort_key(small) < sort_key(large)


def test_small_kana_do_not_beat_the_letters():
    assert in_order(["キャク", "キヤ", "キヤク"]) == ["キヤ", "キャク", "キヤク"]
    assert in_order(["カー", "カァ", "カア"]) == ["カー", "カァ", "カア"]   # ー < small < large


def test_half_width_folds_to_full_width():
    assert levels("ｶﾞｸｴﾝﾏｴ") == levels("ガクエンマエ")
    assert levels("ﾊﾟｰｸ") == levels("パーク")
    assert in_order(["ﾊﾟ", "バ", "ハ"]) == ["ハ", "バ", "ﾊﾟ"]
    assert in_order(["ｶﾞ", "ガ", "カ"]) == ["カ", "ガ", "ｶﾞ"]  # equal letters: full width first
    assert levels("カ゛") == levels("ガ")                     # a spacing ゛ composes too


def test_hiragana_equals_katakana_then_hiragana_first():
    assert levels("もとわにしふぁみりー") == levels("モトワニシファミリー")
    assert in_order(["ｶﾜｲ", "カワイ", "かわい"]) == ["かわい", "カワイ", "ｶﾜｲ"]
    assert in_order(["すーぱー", "スズキ", "すずき"]) == ["すーぱー", "すずき", "スズキ"]


def test_decomposed_kana_as_composed():
    assert levels("カ\u3099") == levels("ガ")       # NFD, as a Mac writes it
    assert levels("ハ\u309a") == levels("パ")
    assert levels("か\u3099") == levels("ガ")
    assert in_order(["カ\u309a", "ガ", "カ"]) == ["カ", "ガ", "カ\u309a"]  # カ゚: no precomposed letter


@pytest.mark.parametrize("marked, spelt", [
    ("イスゞ", "イスズ"), ("いすゞ", "イスズ"), ("こゝろ", "ココロ"), ("ココヽ", "コココ"),
    ("カヾ", "カガ"), ("ズゝ", "ズス"), ("佐々木", "佐佐木"), ("ミスヾ", "ミスズ"),
])
def test_iteration_marks_repeat_the_letter_before(marked, spelt):
    assert primary(marked) == primary(spelt)
    assert sort_key(marked) < sort_key(spelt)


def test_iteration_marks_in_a_list():
    assert in_order(["イスズキ", "イスズ", "イスゞ", "いすゞ", "イスス"]) == ["イスス", "いすゞ", "イスゞ", "イスズ", "イスズキ"]
    assert in_order(["佐藤", "佐佐木", "佐々木"]) == ["佐々木", "佐佐木", "佐藤"]
    assert in_order(["カーゝ", "カアカ", "カアア"]) == ["カアア", "カーゝ", "カアカ"]  # ゝ after ー repeats カ
    assert in_order(["ア", "ゝ"]) == ["ゝ", "ア"]  # nothing to repeat: before ア, as ー


def test_spaces_and_punctuation_do_not_count_until_the_end():
    words = ["サトウクリニック", "サトウ・クリニック", "サトウア", "サトウ クリニック", "サトウ　クリニック"]
    # the same letters: the text by code point decides (U+0020 < U+3000 < ク U+30AF < ・ U+30FB)
    assert in_order(words) == ["サトウア", "サトウ クリニック", "サトウ　クリニック", "サトウクリニック",
                               "サトウ・クリニック"]
    assert primary("サトウ・クリニック") == primary("サトウクリニック") == primary("(サトウ)クリニック")


def test_classes_digits_latin_kana_kanji_in_order():
    """A name without よみ sorts by itself: symbols, digits, Latin letters, kana, then kanji in
    JIS X 0208 order (第1水準 by a reading of each kanji: 伊 イ < 佐 サ < 青 セイ), kanji outside
    JIS X 0208 after those, and other scripts last."""
    names = ["Ωクリニック", "髙橋医院", "青木医院", "佐藤医院", "伊藤医院", "あおば医院", "ABCクリニック",
             "abcクリニック", "24時間クリニック", "＋プラス医院"]
    assert in_order(names) == ["＋プラス医院", "24時間クリニック", "abcクリニック", "ABCクリニック", "あおば医院",
                               "伊藤医院", "佐藤医院", "青木医院", "髙橋医院", "Ωクリニック"]
    assert in_order(["10", "9", "１"]) == ["１", "10", "9"]  # digit by digit, full width as ASCII
    assert in_order(["b", "A", "a", "á"]) == ["a", "A", "á", "b"]


def test_matches_icu_ja_on_real_readings():
    """The order ICU 77's "ja" collation (via pyicu-wheels, not a dependency) gave for these
    readings when the module was written."""
    icu_ja = ["アオキイイン", "ヴィラクリニック", "ウイングクリニック", "オホーツクキンイキョウキタミビョウイン",
              "ガクエンマエクリニック", "カワイイイン", "キッズクリニック", "キツネザワイイン", "キャッスルクリニック",
              "キヤマイイン", "ケイアイクリニック", "ケーアイクリニック", "コウヨウビョウイン", "コーヨーカイビョウイン",
              "サトウナイカ", "サトウナイカイイン", "サトーナイカ", "シェイクリニック", "ジェイクリニック",
              "スーパーホスピタル", "スズキ゚", "スズキイイン", "センターヤクキョク", "セントラルクリニック",
              "ゼンリンイイン", "タナカイイン", "チェリークリニック", "ヂバイイン", "チューリップイイン", "ツバメイイン",
              "トウホクイイン", "トーホクイイン", "トオホクイイン", "ニューポートクリニック", "ヌマタイイン", "ノウザン",
              "ノーザンクリニック", "パークサイドクリニック", "ハコダテザイタククリニック", "ハシモトイイン",
              "バシャミチクリニック", "ヒマワリシンリョウショ", "ヒマワリシンリョウジョ", "ブドウノキイイン",
              "ホクセイキネンビョウイン", "ホンマナイカイイン", "モトワニシファミリークリニック",
              "リハビリテーションビョウイン", "ワタナベナイカ"]
    assert in_order(icu_ja) == icu_ja


def test_total_order_and_odd_text():
    """Keys are equal only for equal texts; nothing raises, whatever the text holds."""
    odd = ["", " ", "ー", "ーー", "ゝ", "々", "\u3099", "\u309aカ", "\x00\x1b[31m", "\u202e", "😀", "\ue000外字",
           "\U0010fffd", "\U00020bb7田", "𠮷", "ﾞ", "A\u3099", "\ufffe", "Ⅻ", "①", "㈱サトウ", "ヿ", "ゟ", "\ud800"]
    keys = {sort_key(text) for text in odd}
    assert len(keys) == len(odd)
    assert in_order(odd)[0] == ""


# --- the table ---------------------------------------------------------------------------------

def _institution(record_id, name, kana=None, zone="muroran", town="012050") -> bytes:
    fields = {"id": record_id, "name": name, "kana": kana, "municipality": town, "zone": zone,
              "kind": "zaitaku_clinic", "intent": True,
              "requirements": {"after_hours_support": True, "care_coordination": True,
                               "family_support_referral": True, "training": True, "disaster_plan": True},
              "designation": {"status": "designated", "designated_on": "2025-04-01"}}
    if kana is None:
        del fields["kana"]
    return "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items()).encode("utf-8")


# (id, name, よみ, municipality) for zone 室蘭 (室蘭市 012050, 登別市 012301), written in no order;
# the valid base registry adds サンプル在宅クリニック (室蘭市), which has no よみ.
RECORDS = [
    ("ito", "伊藤医院", None, "012050"),
    ("aoki", "青木医院", None, "012050"),
    ("bashamichi", "馬車道クリニック", "バシャミチクリニック", "012050"),
    ("hakodate", "はこだて診療所", "ハコダテシンリョウジョ", "012050"),
    ("park", "パーク内科", "パークナイカ", "012050"),
    ("suzuki-c", "鈴木医院", "スズキイイン", "012050"),
    ("suzuki-a", "鈴木医院", "スズキイイン", "012301"),
    ("suzuki-b", "すずき医院", "スズキイイン", "012050"),
    ("super", "スーパー在宅クリニック", "スーパーザイタククリニック", "012050"),
    ("kochi", "コーチ内科", "ｺｰﾁﾅｲｶ", "012050"),
    ("koara", "こあら診療所", None, "012050"),
    ("kawai", "河合医院", "かわいいいん", "012050"),
    ("gakuen", "学園前クリニック", "ガクエンマエクリニック", "012050"),
    ("first", "1stクリニック", None, "012050"),
]


def test_export_regional_rows_in_gojuon_order(tmp_path):
    files = {f"institutions/{rid}.yaml": _institution(rid, name, kana, town=town)
             for rid, name, kana, town in RECORDS}
    build_registry(tmp_path, files)
    proc = run(["export", "regional", "--format", "csv", "--as-of", "2025-12-31"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout.lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    names = [row[header.index("医療機関名")] for row in body if row[header.index("在宅医療圏")] == "室蘭"]
    assert names == [
        "1stクリニック（室蘭市）",            # a digit, no よみ: before every kana
        "学園前クリニック（室蘭市）",          # ガクエンマエ: ガ as カ, before カワイ
        "河合医院（室蘭市）",                  # かわいいいん: hiragana as katakana
        "こあら診療所（室蘭市）",              # no よみ: its name in kana, コアラ
        "コーチ内科（室蘭市）",                # ｺｰﾁ: half-width, ー as オ (コオチ), after コアラ
        "サンプル在宅クリニック（室蘭市）",    # no よみ: its name, サンプル…
        "スーパー在宅クリニック（室蘭市）",    # ー as ウ (スウハア), before スズキ
        "すずき医院（室蘭市）",                # スズキイイン ×3: by name (kana before kanji) …
        "鈴木医院（登別市）",                  # … then by id: suzuki-a
        "鈴木医院（室蘭市）",                  #               suzuki-c
        "パーク内科（室蘭市）",                # ハアク: the letters before the dakuten, before ハコ
        "はこだて診療所（室蘭市）",            # ハコダテ
        "馬車道クリニック（室蘭市）",          # バシャ as ハシヤ: after ハコ
        "伊藤医院（室蘭市）",                  # kanji without よみ, after every kana: JIS X 0208
        "青木医院（室蘭市）",                  # order, 伊 (イ) before 青 (セイ)
    ]
