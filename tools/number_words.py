"""Write `fedtui/core/number_words.py`: the number words `fedtui.core.lexicon` needs.

For every language num2words spells, the words of the numbers `NUMBERS` that are one word
each (the first number a word names keeps it). fedtui reads them from the written module
instead of importing num2words at run time, which imports all its 60 languages' modules
(3 MB) for 18 words a language.

    .venv/bin/python tools/number_words.py > fedtui/core/number_words.py

`tests/unit/test_number_words.py` checks the module against the installed num2words.
"""

from __future__ import annotations

import sys

# Not 0: Vietnamese says it "không", its "not".
NUMBERS = (*range(1, 13), 20, 30, 40, 50, 100, 1000)

HEADER = '''"""Number words of each language num2words spells, one word each, by number.

Written by `tools/number_words.py` from num2words {version}; do not edit. Every language
num2words has without a region (empty where it cannot spell them all); `fedtui.core.lexicon`
looks a code up as num2words does: whole, else its first two letters.
"""

NUM2WORDS_VERSION = "{version}"

WORDS: dict[str, dict[str, str]] = {{
'''


def extract(lang: str) -> dict[str, str]:
    """The one-word number words of `lang` (a num2words language), as num2words spells
    them; none when it cannot spell one of `NUMBERS`."""
    from num2words import num2words

    found: dict[str, str] = {}
    for number in NUMBERS:
        try:
            word = str(num2words(number, lang=lang)).casefold()
        except (NotImplementedError, KeyError, ValueError, TypeError, AttributeError):
            return {}
        if " " not in word and "-" not in word:
            found.setdefault(word, str(number))
    return found


def languages() -> list[str]:
    """num2words' languages without a region: `fedtui.core.lexicon` asks by a code case
    folded ("pt_BR" comes as "pt_br", which num2words too reads as "pt")."""
    from num2words import CONVERTER_CLASSES

    return sorted(lang for lang in CONVERTER_CLASSES if "_" not in lang)


def version() -> str:
    from importlib.metadata import version as installed

    return installed("num2words")


def main() -> int:
    out = [HEADER.format(version=version())]
    out += [f"    {lang!r}: {extract(lang)!r},\n" for lang in languages()]
    out.append("}\n")
    sys.stdout.write("".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
