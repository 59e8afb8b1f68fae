"""Write `fedtui/core/cldr_calendar.py`: the CLDR names `fedtui.core.calendar_words` needs.

For every language CLDR has (a locale without a territory), through Babel: the day periods
(wide and abbreviated), the weekday and month names (wide; every context), and the words
for yesterday and tomorrow. fedtui reads them from the written module instead of loading
Babel's locale data at run time, which keeps each language's whole CLDR data in memory
(about 1 MB a language: 16 MB after posts in 18 languages were translated).

    .venv/bin/python tools/cldr_calendar.py > fedtui/core/cldr_calendar.py

`tests/unit/test_cldr_calendar.py` checks the module against the installed Babel.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping

HEADER = '''"""CLDR's names of the parts of the day, weekdays, months, yesterday, tomorrow.

Written by `tools/cldr_calendar.py` from Babel {version}'s CLDR data; do not edit. Each value
is a JSON object read when its language is first asked for (`fedtui.core.calendar_words`):
"periods" (day period: names), "days" (0 is Monday), "months" (1 is January), "relative"
(-1: yesterday, 1: tomorrow).
"""

BABEL_VERSION = "{version}"

NAMES: dict[str, str] = {{
'''


def by_width(data: Mapping[str, Mapping[str, Mapping[object, str]]],
             *widths: str) -> dict[str, list[str]]:
    """Every context's ("format", "stand-alone") names of these widths, by key, once each."""
    found: dict[str, list[str]] = {}
    for names in data.values():
        for width in widths:
            for key, name in names.get(width, {}).items():
                kept = found.setdefault(str(key), [])
                if name not in kept:
                    kept.append(name)
    return found


def extract(lang: str) -> dict[str, dict[str, object]]:
    """The names of one language, as Babel gives them."""
    from babel import Locale, localedata

    locale = Locale.parse(lang)
    relative = localedata.load(str(locale)).get("date_fields", {}).get("day", {})
    return {"periods": by_width(locale.day_periods, "wide", "abbreviated"),
            "days": by_width(locale.days, "wide"),
            "months": by_width(locale.months, "wide"),
            "relative": {str(n): name for n, name in relative.get("relative", {}).items()
                         if n in (-1, 1)}}


def languages() -> list[str]:
    from babel import localedata

    return sorted(name for name in localedata.locale_identifiers() if "_" not in name)


def encoded(lang: str) -> str:
    return json.dumps(extract(lang), ensure_ascii=False, separators=(",", ":"))


def main() -> int:
    import babel

    out = [HEADER.format(version=babel.__version__)]
    out += [f"    {lang!r}: {encoded(lang)!r},\n" for lang in languages() if lang != "root"]
    out.append("}\n")
    sys.stdout.write("".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
