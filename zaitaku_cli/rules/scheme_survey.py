"""prefecture.yaml `survey` (the answer words of `zaitaku import institutions`): a kind word must
name a kind of the scheme (else the import would ignore it without a word and read the survey's
kind cells as unknown), and a word may stand under only one of yes_words, no_words and
unknown_words (else its meaning would depend on the order the lists are read in)."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = "registry"
ENTRY = rule_entry(
    "scheme-survey", "error", "調査票の語の設定", "Survey word settings",
    "{problem}",
    "{problem_en}",
    "DESIGN §6 zaitaku import; issue 15 (prefecture.yaml survey)",
    "survey: {kinds: {強化型在支診: zaitaku_clinc}}")

ANSWER_KEYS = ("yes_words", "no_words", "unknown_words")


def check(registry):
    from zaitaku_cli.survey.mapping import norm

    survey = registry.scheme.data.get("survey")
    if not isinstance(survey, dict):
        return
    kinds = survey.get("kinds")
    known = list(registry.scheme.kinds)
    for word, kind_id in kinds.items() if isinstance(kinds, dict) else ():
        if isinstance(kind_id, str) and kind_id not in known:
            yield Report(("survey", "kinds", word), {
                "problem": f"survey.kinds の「{word}」の種類のID「{kind_id}」はありません（{'、'.join(known)}）。"
                           "この語は取り込みで読まれません。",
                "problem_en": f"survey.kinds: '{word}' names no kind id '{kind_id}' ({', '.join(known)}); "
                              "the import would not read this word."}, record=registry.scheme)
    given: dict = {}
    for key in ANSWER_KEYS:
        words = survey.get(key)
        for i, word in enumerate(words) if isinstance(words, list) else ():
            if not isinstance(word, str):
                continue
            other = given.setdefault(norm(word), key)
            if other != key:
                yield Report(("survey", key, i), {
                    "problem": f"「{word}」が survey の {other} と {key} の両方にあります。一つの語の意味は一つにしてください。",
                    "problem_en": f"'{word}' is under both survey.{other} and survey.{key}; a word must have one "
                                  "meaning."}, record=registry.scheme)
