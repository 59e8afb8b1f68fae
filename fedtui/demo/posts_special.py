"""The showcase part of the demo world: threads, polls, long posts, mentions, boosts, hostile text.

`SPECIALS` is posted in order (replies after their parents), spread over the newer part of
the timeline, so the first screens of the demo show a bit of everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from fedtui.demo.posts_long import LONG_DE, LONG_EN, LONG_ES

AUTO = "auto"  # tag a post with its author's usual language
DAY = 86_400


@dataclass(frozen=True, slots=True)
class Post:
    author: str
    text: str
    lang: str | None = AUTO  # None: no language tag at all
    key: str | None = None
    reply_to: str | None = None
    cw: str | None = None
    poll: tuple[tuple[str, ...], int, bool] | None = None  # options, expires_in (s), multiple
    long_text: str | None = None  # edited in after posting: the instance caps new posts at 500
    visibility: str = "public"


@dataclass(frozen=True, slots=True)
class Boost:
    booster: str
    key: str


@dataclass(frozen=True, slots=True)
class Favourite:
    """A favourite that belongs in the ordered sequence (it notifies the demo user)."""

    account: str
    key: str


ESC = "\x1b"

SPECIALS: tuple[Post | Boost | Favourite, ...] = (
    # Posts from accounts the demo user does not follow; they arrive as boosts.
    Post("harborwx", "🌊 Coastal forecast: wind SW 4-5, gusts 6 later. Sea state moderate. "
         "Visibility good, occasionally poor in showers.", key="wx1"),
    Boost("maren", "wx1"),
    Post("sven", "Finished the cedar raised beds for the community garden. No screws, just joinery "
         "and stubbornness. #gardening #woodworking", key="sven1"),
    Boost("maren", "sven1"),
    Post("ines", "Lisboa ao fim da tarde: a luz nos azulejos de Alfama é outra coisa. Rolo de "
         "Portra 400 quase acabado. 📷", key="ines1"),
    Boost("thiago", "ines1"),
    # A self-thread ("storm") by Maren.
    Post("maren", "Thread: what a year on a neglected allotment taught me. 🧵 #gardening",
         key="storm0"),
    Post("maren", "1/ Don't dig everything on day one. Cover half with cardboard and compost and "
         "let the worms do the work. Dig the other half and compare in June.",
         key="storm1", reply_to="storm0"),
    Post("maren", "2/ Your neighbours are the best seed catalogue. Old Mr Patel's runner beans "
         "outperformed everything I bought.", key="storm2", reply_to="storm1"),
    Post("maren", "3/ Water in the morning, not the evening. The slugs have a night shift and you "
         "should not be catering it.", key="storm3", reply_to="storm2"),
    Post("maren", "4/ Keep a notebook. Dates, weather, what failed. Memory lies; notebooks "
         "don't. /end", key="storm4", reply_to="storm3"),
    # Wrong language tags on purpose: the client default was left on "en" or "de".
    Post("nadia", "Heute habe ich zum ersten Mal ein ganzes Buch auf Deutsch übersetzt. Ich bin "
         "müde und glücklich.", lang="en", key="wrong1"),
    Post("darya", "ترجمه‌ی شعر همیشه یعنی از دست دادن چیزی و پیدا کردن چیز دیگری.", lang="en",
         key="wrong2"),
    Post("nadia", "@darya so true. I always say: every translation is a small new poem.",
         key="wrong3", reply_to="wrong2"),
    Post("darya", "@nadia دقیقاً! و گاهی شعر تازه از اصلش زیباتر می‌شود. 🌸", key="wrong4",
         reply_to="wrong3"),
    Post("ola", "Anyone else learning Japanese? 今日は漢字を十個覚えました！ Progress!",
         lang=None, key="mixed1"),
    # Links, emoji, custom emoji.
    Post("tobias", "Reading list for the weekend: https://www.gnu.org/software/bash/manual/ and "
         "https://example.org/a/really/long/path/to/an/article-about-terminal-escape-codes-and-"
         "why-they-matter?utm_source=fediverse&utm_medium=social #terminal", key="links1"),
    Post("jiwoo", "오늘의 이모지: 👩🏽‍💻 ⌨️ 🍜 🇰🇷 :blobcat: :mastodon:", key="emoji1"),
    Post("karim", "المشروع الجديد على https://example.org/ar/مشروع وكل الشيفرة مفتوحة المصدر. "
         "#terminal", key="links2"),
    Boost("noa", "links2"),
    # Long posts (their full text is edited in after posting).
    Post("jonas", "Warum ich Backups teste, eine lange Geschichte. #terminal", key="long_de",
         long_text=LONG_DE),
    Post("lucia", "Una carta a quien me enseñó a leer.", key="long_es", long_text=LONG_ES),
    # Polls: one that has already ended, one multiple choice, one single choice.
    Post("giulia", "Sondaggio chiuso ieri: pizza o pasta per la cena di quartiere?", key="poll3",
         poll=(("Pizza", "Pasta", "Tutte e due, ovviamente"), -DAY, False)),
    # Hostile text: escape sequences, bidi overrides, zero-width characters, fake markup.
    Post("mallory", f"Totally normal post {ESC}[2J{ESC}[H{ESC}]0;pwned{ESC}\\ "
         f"{ESC}[31mTHIS SHOULD NOT BE RED{ESC}[0m and a bell\x07 and a C1 CSI \x9b6n",
         lang=None, key="evil1"),
    Post("mallory", "Please review the attached invoice_\u202egnp.exe and the file "
         "report\u202ecod.ppt; \u2067مرحبا\u2069 \u202dforced LTR\u202c", key="evil2"),
    Post("mallory", "Log in at pay\u200bpal.example\u200d.com to c\u200blaim your "
         "pri\ufeffze! z\u0335\u0321a\u0336\u0322l\u0334\u0328g\u0337\u0327o\u0338", key="evil3"),
    Post("mallory", f"{ESC}]8;;https://evil.example/{ESC}\\click me, I'm a harmless link"
         f"{ESC}]8;;{ESC}\\ <script>alert('hi')</script> <b>not bold</b>", key="evil4",
         cw=f"escape {ESC}[7minside{ESC}[0m the content warning"),
    Post("mallory", "@demo hey, I noticed your account. Check your DMs "
         f"{ESC}[8mhidden text{ESC}[0m \u2028line separator\u2029paragraph separator",
         key="evil5"),
    Boost("tobias", "evil1"),
    Post("tobias", "Fun exercise: the post I just boosted is full of escape sequences. If your "
         "screen didn't clear and nothing turned red, your client is doing its job. #terminal",
         key="evil_note"),
    Boost("tobias", "evil2"),
    Post("sven", "A board with no line breaks, for testing how things wrap: "
         + "averyveryverylongwordwithoutanyspacesthatkeepsgoing" * 4, lang=None, key="wide1"),
    # A multi-level, multilingual conversation.
    Post("tobias", "What's the one terminal trick you'd teach a beginner first? Mine: Ctrl+R to "
         "search your history. #terminal", key="t0"),
    Post("greta", "@tobias `cd -` springt ins vorherige Verzeichnis zurück. Benutze ich "
         "hundertmal am Tag.", key="t1", reply_to="t0"),
    Post("jiwoo", "@tobias 저는 `Ctrl+A`, `Ctrl+E`로 줄 처음과 끝으로 이동하는 거요!",
         key="t2", reply_to="t0"),
    Post("tobias", "@greta oh that's a good one, and `pushd`/`popd` when one step back isn't "
         "enough.", key="t3", reply_to="t1"),
    Post("greta", "@tobias pushd kannte ich nicht. Danke! Wieder was gelernt.", key="t4",
         reply_to="t3"),
    Post("nadia", "@greta @tobias For the record, Greta said `cd -` jumps back to the previous "
         "directory. Translation service, at your service. 😄", key="t5", reply_to="t4"),
    Post("pavel", "@tobias `man` страницы! Серьёзно, их мало кто читает, а там всё есть.",
         key="t6", reply_to="t0"),
    Boost("jonas", "t0"),
    Post("tobias", "Which of these do you use every day? Pick all that apply. #terminal",
         key="poll2", poll=(("tmux", "screen", "a tiling WM", "just lots of tabs"), DAY, True)),
    # Mentions of the demo user (so there are notifications to read).
    Post("maren", "@demo welcome to the neighbourhood! The #gardening crowd here is lovely.",
         key="m1"),
    Post("yui", "@demo はじめまして！京都の庭の写真をよく投稿しています。よろしくお願いします。🌸",
         key="m2"),
    Post("ines", "@demo olá! Vi que também gostas de fotografia. Bem-vindo/a!", key="m3"),
    Post("karim", "@demo أهلًا وسهلًا! إذا احتجت مساعدة في أي شيء، أنا هنا.", key="m4"),
    # The demo user's own post, and what the neighbours do with it.
    Post("demo", "Hello from the fedtui demo! Trying out a keyboard-only Mastodon client. "
         "#terminal", lang="en", key="own"),
    Post("tobias", "@demo welcome! Press ? for the keys, I bet there's a help screen. 😉",
         key="own_r1", reply_to="own"),
    Post("greta", "@demo @tobias Willkommen! Viel Spaß beim Ausprobieren.", key="own_r2",
         reply_to="own_r1"),
    Favourite("maren", "own"),
    Favourite("tobias", "own"),
    Boost("maren", "own"),
    Favourite("yui", "own"),
    Boost("greta", "own"),
    Favourite("karim", "own"),
    Favourite("darya", "own"),
    Boost("ines", "own"),
    Favourite("mallory", "own"),
    # The newest part of the timeline: a long post, an open poll, wide and RTL text, a CW.
    Post("maren", "Allotment year in review, the long version. #gardening", key="long_en",
         long_text=LONG_EN),
    Post("elodie", "Sondage du dimanche : quel pain pour le petit-déjeuner ?", key="poll1",
         poll=(("Baguette tradition", "Pain de campagne", "Brioche", "Pas de pain, merci"),
               3 * DAY, False)),
    Post("mingzhi", "今天在茶馆里用终端写代码，旁边的大爷问我是不是在发电报。😂 #terminal",
         key="new1"),
    Post("noa", "שאלה לקהל: מה הספר האחרון שקראתם בשפה שאינה שפת האם שלכם?", key="new2"),
    Post("bastien", "Je viens de finir la saison 2. Alors là… le dernier épisode, c'était "
         "inattendu. Personne ne pouvait le prévoir.", key="new3", cw="spoiler série"),
    Boost("elodie", "new3"),
    Post("ines", "Hoje plantei alfaces num vaso da varanda. Primeira vez! #gardening",
         key="new4"),
    Boost("thiago", "new4"),
    Post("yui", "庭の紫陽花が満開です。雨の日がいちばんきれい。☔ #gardening", key="new5"),
)

# (voter, poll key, option indexes)
VOTES: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    ("bastien", "poll1", (0,)), ("greta", "poll1", (1,)), ("maren", "poll1", (1,)),
    ("giulia", "poll1", (2,)), ("thiago", "poll1", (0,)),
    ("jonas", "poll2", (0, 2)), ("jiwoo", "poll2", (0,)), ("pavel", "poll2", (2, 3)),
    ("greta", "poll2", (3,)), ("ola", "poll2", (0, 3)),
    ("lucia", "poll3", (1,)), ("elodie", "poll3", (2,)), ("thiago", "poll3", (2,)),
    ("emre", "poll3", (0,)), ("demo", "poll3", (2,)),
)

# (account, post key): favourites that only change counts (order doesn't matter).
FAVOURITES: tuple[tuple[str, str], ...] = (
    ("greta", "own_r1"), ("demo", "m1"), ("demo", "m2"), ("demo", "storm0"),
    ("tobias", "evil_note"), ("jonas", "t0"), ("jiwoo", "t0"), ("nadia", "wrong2"),
)
BOOKMARKS: tuple[str, ...] = ("long_en", "t0")
