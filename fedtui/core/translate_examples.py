"""Few-shot examples for translation with a base model (pure data).

Short social posts with English translations, per source language, written for fedtui; none
is in the benchmark sets. Chosen by chrF on benchmarks/data/mt_tune.jsonl (not the eval set):
three examples in the post's own language after one in another language beat generic
examples (54.9 vs 46.4 chrF), and a naive instruction prompt (25).
"""

from __future__ import annotations

TRANSLATION_EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "de": (("Ich habe heute keine Lust, das Haus zu verlassen.",
            "I don't feel like leaving the house today."),
           ("Weiß jemand, wann die Bibliothek wieder öffnet?",
            "Does anyone know when the library opens again?"),
           ("Danke für die vielen lieben Nachrichten!", "Thanks for all the kind messages!")),
    "fr": (("Le concert de ce soir était incroyable !", "Tonight's concert was incredible!"),
           ("Je cherche un bon livre pour les vacances.",
            "I am looking for a good book for the holidays."),
           ("Il fait trop chaud pour travailler aujourd'hui.", "It is too hot to work today.")),
    "es": (("¿Alguien sabe dónde puedo reparar mi bicicleta?",
            "Does anyone know where I can repair my bike?"),
           ("Hoy empecé a aprender a tocar la guitarra.",
            "Today I started learning to play the guitar."),
           ("El tren llegó con media hora de retraso.", "The train arrived half an hour late.")),
    "pt": (("Hoje o dia está lindo aqui na praia.", "Today is a beautiful day here at the beach."),
           ("Alguém recomenda um bom filme para hoje à noite?",
            "Can anyone recommend a good movie for tonight?"),
           ("Obrigada a todos pelo apoio.", "Thank you all for the support.")),
    "it": (("Oggi ho cucinato la pizza per la prima volta.",
            "Today I made pizza for the first time."),
           ("Qualcuno sa quando riapre il museo?", "Does anyone know when the museum reopens?"),
           ("Che freddo stamattina!", "It is so cold this morning!")),
    "nl": (("Ik heb vandaag mijn eerste brood gebakken.", "Today I baked my first loaf of bread."),
           ("Weet iemand een leuk café in de buurt?", "Does anyone know a nice café nearby?"),
           ("Bedankt voor alle reacties!", "Thanks for all the replies!")),
    "pl": (("Dzisiaj zaczynam nową pracę.", "Today I am starting a new job."),
           ("Czy ktoś wie, gdzie można kupić dobrą kawę?",
            "Does anyone know where to buy good coffee?"),
           ("Pociąg znowu się spóźnił.", "The train was late again.")),
    "ru": (("Сегодня я весь день работал в саду.", "Today I worked in the garden all day."),
           ("Кто-нибудь знает, где купить хороший хлеб?",
            "Does anyone know where to buy good bread?"),
           ("Спасибо всем за поддержку!", "Thank you all for the support!")),
    "uk": (("Сьогодні я вперше спекла хліб.", "Today I baked bread for the first time."),
           ("Хтось знає, коли відкриється бібліотека?",
            "Does anyone know when the library will open?"),
           ("Дякую всім за допомогу!", "Thank you all for the help!")),
    "tr": (("Bugün ilk kez ekmek yaptım.", "Today I made bread for the first time."),
           ("Bu akşam konsere gidiyoruz.", "We are going to a concert tonight."),
           ("Herkese destekleri için teşekkürler!", "Thanks to everyone for their support!")),
    "ja": (("新しいカメラを買いました。", "I bought a new camera."),
           ("今日はとても寒いです。", "It is very cold today."),
           ("誰かおすすめの本を知っていますか？", "Does anyone know a book they would recommend?")),
    "zh": (("我今天买了一台新电脑。", "I bought a new computer today."),
           ("有人知道附近有好吃的饭馆吗？", "Does anyone know a good restaurant nearby?"),
           ("谢谢大家的支持！", "Thank you all for your support!")),
    "ko": (("오늘 새 카메라를 샀어요.", "I bought a new camera today."),
           ("이 근처에 좋은 카페 아는 사람 있어요?", "Does anyone know a good café around here?"),
           ("모두 도와줘서 고마워요!", "Thank you all for helping!")),
    "ar": (("اشتريت اليوم كاميرا جديدة.", "Today I bought a new camera."),
           ("هل يعرف أحد مطعماً جيداً قريباً من هنا؟",
            "Does anyone know a good restaurant near here?"),
           ("شكراً للجميع على الدعم!", "Thank you all for the support!")),
    "fa": (("امروز یک دوربین جدید خریدم.", "Today I bought a new camera."),
           ("کسی یک کتاب خوب برای تعطیلات می‌شناسد؟",
            "Does anyone know a good book for the holidays?"),
           ("از همه برای حمایتتان ممنونم!", "Thank you all for your support!")),
    "id": (("Hari ini saya membeli kamera baru.", "Today I bought a new camera."),
           ("Ada yang tahu restoran enak di dekat sini?",
            "Does anyone know a good restaurant near here?"),
           ("Terima kasih atas dukungannya!", "Thank you for the support!")),
    "vi": (("Hôm nay tôi đã mua một chiếc máy ảnh mới.", "Today I bought a new camera."),
           ("Có ai biết quán cà phê nào ngon gần đây không?",
            "Does anyone know a good café near here?"),
           ("Cảm ơn mọi người đã ủng hộ!", "Thank you everyone for the support!")),
}

# Shows the model that placeholders are copied as they are (measured: 23 of 24 kept).
PLACEHOLDER_EXAMPLE = (
    "Danke ⟦1⟧ für den Link ⟦2⟧, sehr hilfreich!",
    "Thanks ⟦1⟧ for the link ⟦2⟧, very helpful!",
)

# A retry's extra example, appended after the usual ones (the prompt's cached prefix stays):
# a negation and a number kept, the two things the small model most often loses.
RETRY_EXAMPLES: dict[str, str] = {
    "de": "Ich kann heute nicht kommen, der Bus hat 20 Minuten Verspätung.",
    "fr": "Je ne peux pas venir aujourd'hui, le bus a 20 minutes de retard.",
    "es": "Hoy no puedo ir, el autobús lleva 20 minutos de retraso.",
    "pt": "Hoje não posso ir, o ônibus está 20 minutos atrasado.",
    "it": "Oggi non posso venire, l'autobus è in ritardo di 20 minuti.",
    "nl": "Ik kan vandaag niet komen, de bus heeft 20 minuten vertraging.",
    "pl": "Nie mogę dziś przyjść, autobus ma 20 minut spóźnienia.",
    "ru": "Я не могу сегодня прийти, автобус опаздывает на 20 минут.",
    "uk": "Я не можу сьогодні прийти, автобус запізнюється на 20 хвилин.",
    "tr": "Bugün gelemiyorum, otobüs 20 dakika gecikti.",
    "ar": "لا أستطيع المجيء اليوم، الحافلة متأخرة 20 دقيقة.",
    "fa": "امروز نمی‌توانم بیایم، اتوبوس ۲۰ دقیقه تأخیر دارد.",
    "ja": "今日は行けません、バスが20分遅れています。",
    "zh": "我今天不能来，公交车晚了20分钟。",
    "ko": "오늘은 못 가요, 버스가 20분 늦어요.",
    "id": "Hari ini saya tidak bisa datang, busnya terlambat 20 menit.",
    "vi": "Hôm nay tôi không thể đến, xe buýt trễ 20 phút.",
}
RETRY_ENGLISH = "I can't come today, the bus is 20 minutes late."
