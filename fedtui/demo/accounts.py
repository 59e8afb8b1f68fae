"""The people of the demo instance: the demo user and the accounts around them.

Every account has a fixed access token, so the seeding code and tests can act as anyone.
These are mock credentials for a throwaway loopback server, not secrets.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

DEMO_USERNAME = "demo"
DEMO_DISPLAY_NAME = "You (demo)"
DEMO_TOKEN = "fedtui-demo-token"  # a fixed mock token for a loopback server

# The demo user's lists: (title, member usernames).
LISTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Garden club", ("maren", "yui", "greta", "thiago")),
    ("Terminal folks", ("tobias", "jonas", "pavel", "jiwoo")),
)
FOLLOWED_TAGS: tuple[str, ...] = ("terminal", "gardening")


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    display_name: str
    lang: str  # the language this person mostly writes in
    note: str
    followed: bool = True  # the demo user follows them
    follows_demo: bool = False  # they follow the demo user (a follow notification)
    bot: bool = False

    @property
    def token(self) -> str:
        return token_for(self.username)


def token_for(username: str) -> str:
    """The fixed access token of a seeded account."""
    return DEMO_TOKEN if username == DEMO_USERNAME else f"fedtui-demo-token-{username}"


ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("maren", "Maren Holt 🌱", "en",
                "Allotment gardener, seed swapper, slow reader. #gardening", follows_demo=True),
    DemoAccount("tobias", "Tobias Reed", "en",
                "Terminal goblin. I write tools nobody asked for. #terminal"),
    DemoAccount("nadia", "Nadia Rahimi", "en",
                "Translator (fa/en/de). Collector of untranslatable words."),
    DemoAccount("greta", "Greta Vogel", "de",
                "Hamburg. Fahrrad, Hafen, Bienen auf dem Balkon.", follows_demo=True),
    DemoAccount("jonas", "Jonas Brandt", "de", "Admin bei Tag, Synthesizer bei Nacht."),
    DemoAccount("lucia", "Lucía Moreno", "es", "Sevilla. Bibliotecaria y ciclista."),
    DemoAccount("elodie", "Élodie Marchand", "fr", "Boulangère à Nantes. Pain au levain et vélo."),
    DemoAccount("bastien", "Bastien Roux", "fr", "Dev Rust à Lyon. Jazz le soir."),
    DemoAccount("giulia", "Giulia Ferri", "it", "Bologna. Cucina, treni regionali e fumetti."),
    DemoAccount("thiago", "Thiago Almeida", "pt", "Recife. Hortas urbanas e forró."),
    DemoAccount("yui", "山田ゆい", "ja", "京都の小さな庭と古本屋めぐり。", follows_demo=True),
    DemoAccount("mingzhi", "陈明志", "zh", "成都程序员，爱喝茶，也爱修自行车。"),
    DemoAccount("jiwoo", "김지우", "ko", "서울. 터미널, 키보드, 그리고 떡볶이."),
    DemoAccount("pavel", "Павел Орлов", "ru", "Новосибирск. Пишу на Go, хожу в походы."),
    DemoAccount("oksana", "Оксана Мельник", "uk", "Львів. Кава, книжки, волонтерство."),
    DemoAccount("darya", "دریا کاظمی", "fa", "شیراز. عکاسی و باغچه و شعر.", follows_demo=True),
    DemoAccount("karim", "كريم حداد", "ar", "عمّان. مهندس شبكات ومحبّ للقهوة."),
    DemoAccount("noa", "נועה לוי", "he", "חיפה. מורה למתמטיקה ורוכבת אופניים."),
    DemoAccount("ola", "Ola Wiśniewska", "pl", "Kraków. Góry, herbata i open source."),
    DemoAccount("emre", "Emre Yıldız", "tr", "İzmir. Balkon bahçesi ve açık kaynak."),
    # Not followed by the demo user: they reach the home timeline only through boosts.
    DemoAccount("harborwx", "Harbor Weather Bot", "en",
                "Automated coastal forecasts every few hours. Beep.", followed=False, bot=True),
    DemoAccount("ines", "Inês Carvalho", "pt", "Lisboa. Fotografia analógica e azulejos.",
                followed=False, follows_demo=True),
    DemoAccount("sven", "Sven Lindqvist", "en", "Woodworker. Mostly sawdust and patience.",
                followed=False),
    # A deliberately hostile profile: bidi override and an escape sequence in the name.
    DemoAccount("mallory", "Mallory \u202eeciffo tsop\u202c \x1b[5m(admin)\x1b[0m", "en",
                "I test how clients render strange text. \u200b\u200d\ufeff",
                followed=False, follows_demo=True),
)

ACCOUNTS_BY_NAME: MappingProxyType[str, DemoAccount] = MappingProxyType(
    {a.username: a for a in ACCOUNTS}
)
