"""The Markdown escapes (writers.markdown.escape, mdtext.escape) return a text with nothing to
escape as it is, without running their substitutions: the same result as the substitutions, on
every character they handle and on random texts."""

from __future__ import annotations

import random
import re

import pytest

from zaitaku_cli import mdtext
from zaitaku_cli.writers import markdown

_SPECIAL = re.compile(r"[\\|*_`\[\]~]|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)")
_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029]")


def _reference(text: str) -> str:
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), _BREAKS.sub(" ", text))


ALPHABET = "\\|*_`[]~<>&#;/!?aZ09 \r\n\u2028\u2029\u0085あ＜＆｜"


@pytest.mark.parametrize("escape", [markdown.escape, mdtext.escape])
def test_same_as_the_substitutions(escape):
    rng = random.Random(16)
    texts = list(ALPHABET) + ["", "ベンチマーク診療所1（函館市）", "&amp;", "<br>", "a|b", "x\r\ny"]
    texts += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12))) for _ in range(5000)]
    for text in texts:
        assert escape(text) == _reference(text), repr(text)
