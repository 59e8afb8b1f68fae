"""Everyday posts in European languages (en, de, es, fr, it, pt, pl, tr).

An entry is the post text, or `(content warning, text)`. Authors rotate among the accounts
writing in that language (see `fedtui.demo.accounts`).
"""

# ruff: noqa: E501 - one post per line reads better than wrapped prose

from __future__ import annotations

Entry = str | tuple[str, str]

EN: tuple[Entry, ...] = (
    "First broad beans are up on the allotment. Eleven out of twelve, which for me is a record. #gardening",
    "Today I learned that `tput cols` exists and I have been hardcoding 80 for about nine years. #terminal",
    "Translating a recipe where the author wrote 'a glass of flour'. Which glass? WHOSE glass?",
    "The slugs have discovered the lettuce. Negotiations have failed. Beer traps are going out tonight. #gardening",
    "Hot take: a good keyboard shortcut is worth ten buttons. Hotter take: a discoverable one is worth a hundred. #terminal",
    "Reminder that 'untranslatable' usually means 'needs a sentence instead of a word'. Still my favourite kind of puzzle.",
    "Rain all morning, so I sorted the seed tin instead. Found tomato seeds labelled only 'the good ones, 2019'. :blobcat:",
    "Wrote a tiny script that turns my todo.txt into a status line. It is ugly and I love it. https://example.org/todo-status #terminal",
    ("food, long rant", "Okay. I need to talk about people who put pineapple on pizza and then call it 'controversial'. It's just a fruit. It's fine. Eat what you like. This has been my rant."),
    "Anyone else keep a paper notebook of words they want to look up later? Mine has 'Torschlusspanik', 'saudade' and 'hygge' on one page.",
    "Compost thermometer says 58 °C. The heap is alive and very proud of itself. 🔥 #gardening",
    "My terminal colour scheme is now 'whatever is readable at 7 am with no coffee'. #terminal",
    "Just finished a 40-page contract translation. Going to look at trees for a while. 🌳",
    "The bees are all over the borage this week. If you want pollinators, plant borage. That's the whole post. #gardening",
    "Spent an hour debugging why my TUI flickered. The answer: I was clearing the whole screen on every keypress. :mastodon:",
    "Small joys: the library near me now has a shelf of bilingual children's books in Farsi and English.",
    "Sun's out, so the pea sticks are in. They look like a tiny forest of bad decisions. #gardening",
    "Pipes are the best UI ever invented and I will not be taking questions. #terminal",
)

DE: tuple[Entry, ...] = (
    "Guten Morgen aus Hamburg! Nebel über der Elbe, Kaffee in der Hand, alles gut.",
    "Die Bienen auf dem Balkon haben heute zum ersten Mal Rapshonig eingetragen. Ich bin ein bisschen stolz. #gardening",
    "Wer hat eigentlich entschieden, dass Montage um 8 Uhr anfangen müssen? Ich möchte mit dieser Person reden.",
    "Neues Patchkabel-Chaos im Studio. Der Synthesizer macht jetzt Geräusche, die ich nicht erklären kann. Gut so.",
    "Kleiner Tipp: `less -R` zeigt Farben aus Logdateien korrekt an. Spart mir jeden Tag Nerven. #terminal",
    "Mit dem Rad zur Arbeit, Gegenwind auf beiden Strecken. Wie geht das physikalisch überhaupt?",
    ("Politik", "Heute war Bürgerversammlung zum neuen Radweg. Drei Stunden Diskussion, am Ende Einigung. Demokratie ist anstrengend, aber sie funktioniert."),
    "Die Tomaten auf der Fensterbank sind schon zwanzig Zentimeter hoch. Ende Mai dürfen sie raus. #gardening",
    "Server-Update am Freitagnachmittag? Nein. Einfach nein. Ich habe Familie.",
    "Das Wort des Tages: Feierabend. Gibt es in keiner anderen Sprache so schön.",
    "Backup eingerichtet, Backup getestet, Backup wiederhergestellt. Erst dann ist es ein Backup. #terminal",
    "Franzbrötchen vom Bäcker um die Ecke. Mehr muss man zu diesem Samstag nicht sagen. 🥐",
    "Endlich mal wieder an der Ostsee gewesen. Wind, Möwen, kaltes Wasser, perfekt.",
    "Meine Shell-History ist ein Tagebuch, das ich nie schreiben wollte. #terminal",
    "Heute im Zug ein älteres Ehepaar beim Kreuzworträtsel belauscht. Sie wussten alles. Ich war beeindruckt.",
    "Der Balkon ist jetzt offiziell ein Dschungel. Die Nachbarn fragen schon nach Ablegern. #gardening",
    "Erste Erdbeeren! Drei Stück. Geteilt durch vier Personen. Es gab Streit.",
)

ES: tuple[Entry, ...] = (
    "Buenos días desde Sevilla. Ya huele a azahar por todas partes y no pienso quejarme.",
    "Hoy en la biblioteca un niño me preguntó si los libros también duermen por la noche. Le dije que sí, de lado.",
    "Ruta en bici por el Guadalquivir: 42 km, dos pinchazos y un gazpacho buenísimo al final.",
    "Recomendación del día: «Cien años de soledad» en voz alta. Cambia todo.",
    "¿Alguien sabe por qué mi albahaca se pone amarilla? Le doy sol, agua y cariño. #gardening",
    "Me he pasado al terminal para gestionar mis correos. No sé si soy más productiva o solo más rara. #terminal",
    "Feria de libro usado este fin de semana. Ya tengo la mochila vacía preparada.",
    ("spoiler de la serie", "No me puedo creer el final de la temporada. ¡El bibliotecario era el culpable desde el principio!"),
    "Lo bueno de trabajar en una biblioteca: nadie te pregunta por qué lees tanto.",
    "Cuarenta grados a la sombra y todavía hay gente corriendo a las cuatro de la tarde. Admiración y miedo a partes iguales.",
    "Taller de reparación de bicis en el barrio este sábado. Traed cámaras viejas, que las reciclamos.",
    "Mi gato ha decidido que el teclado es su cama. Escribo esto con una sola mano. 🐈",
    "Los tomates del huerto comunitario ya están rojos. Salmorejo para todos. #gardening",
    "Pequeño truco: `Ctrl+R` en bash busca en el historial. Me ha cambiado la vida. #terminal",
    "Tarde de lluvia, café con leche y una novela negra. Plan perfecto.",
    "Hoy he catalogado 200 libros donados. Entre ellos, una primera edición con dedicatoria. ❤️",
    "El ayuntamiento por fin ha pintado el carril bici. Solo han tardado tres años.",
)

FR: tuple[Entry, ...] = (
    "Première fournée à 4 h du matin. Le levain était en forme, moi beaucoup moins. 🥖",
    "Petit rappel : un bon pain demande du temps. Comme la plupart des bonnes choses.",
    "Nouvelle version de ma lib Rust publiée ce soir. Zéro `unsafe`, j'en suis assez fier. #terminal",
    "Concert de jazz improvisé sur les quais de Saône. Lyon, tu me manques déjà quand je pars.",
    "Quelqu'un a une bonne recette de brioche sans beurre ? Je demande pour une amie allergique.",
    "Vélo-boulot sous la pluie nantaise. On ne dit pas 'il pleut', on dit 'il fait breton'.",
    "J'ai enfin configuré mon prompt pour afficher la branche git. Une heure pour trois caractères. #terminal",
    "Les radis du jardin partagé sont prêts. Beurre, sel, pain frais : le bonheur. #gardening",
    ("intoxication alimentaire", "Petit conseil d'ami : ne goûtez pas les champignons que votre voisin a 'presque sûrement' identifiés. Je vais mieux, merci."),
    "Dimanche au marché : trois sortes de fromages, deux bouquets de radis, zéro regret.",
    "Le compilateur Rust est sévère mais juste. Comme ma prof de maths au lycée.",
    "On a reçu une farine de petit épeautre locale. Le pain a un goût de noisette incroyable.",
    "Lecture du moment : un polar islandais. Il fait froid rien qu'à lire les descriptions.",
    "Mon chat a appris à ouvrir le placard des croquettes. Nous ne sommes plus en sécurité.",
    "Astuce : `htop` puis F5 pour la vue en arbre. Tout devient clair. #terminal",
    "Soleil sur Nantes, croissants encore tièdes, la journée commence bien. ☀️",
    "Le basilic a survécu à l'hiver sur le rebord de la fenêtre. Miracle. #gardening",
)

IT: tuple[Entry, ...] = (
    "Buongiorno da Bologna! Portici, caffè e una pioggerella che non finisce più.",
    "Il treno regionale delle 7:42 è in orario. Segnatevelo, succede una volta all'anno. 🚆",
    "Tortellini fatti a mano con la nonna. Lei 200, io 12. Lei ha 84 anni.",
    "Sto leggendo un fumetto di Zerocalcare in treno e ridendo da sola come una pazza.",
    "Consiglio della settimana: il ragù va cotto almeno tre ore. Non trattabile.",
    "Ho piantato il basilico genovese sul balcone. Pesto a luglio, promesso. #gardening",
    "Qualcuno conosce un buon tutorial su vim? Voglio smettere di uscirne chiudendo il terminale. #terminal",
    ("spoiler del libro", "Quando ho capito chi era il narratore ho dovuto chiudere il libro e fare una passeggiata."),
    "Mercato del sabato: carciofi, fragole e una signora che mi ha spiegato come cucinarli tutti.",
    "Sciopero dei treni domani. Bici pronta, ombrello pronto, pazienza quasi pronta.",
    "La fiera del fumetto di quest'anno è stata bellissima. Ho speso troppo e non me ne pento.",
    "Il limone in vaso ha fatto sei fiori. Sei! Parlo con lui tutte le mattine. #gardening",
    "Stasera cinema all'aperto in piazza Maggiore. Bologna d'estate è magia.",
    "Crescentine calde e mortadella. Non serve aggiungere altro.",
    "Ho scoperto `tmux` e ora ho diciassette pannelli aperti e nessuna idea di cosa facciano. #terminal",
    "Pomeriggio in biblioteca a Sala Borsa. Sotto il pavimento di vetro ci sono le rovine romane. Incredibile.",
)

PT: tuple[Entry, ...] = (
    "Bom dia do Recife! Sol forte, água de coco e a horta comunitária cheia de gente.",
    "A horta do bairro já deu a primeira colheita de coentro. Dividimos entre vinte famílias. #gardening",
    "Forró no sábado à noite e dor nas pernas no domingo. Vale sempre a pena.",
    "Alguém tem dica de composteira para apartamento pequeno? Moro no décimo andar. #gardening",
    "Chuva de verão aqui é assim: cinco minutos de dilúvio, depois sol como se nada tivesse acontecido.",
    "Aprendi a usar o `grep` hoje e me sinto uma hacker de filme. #terminal",
    "Tapioca com queijo coalho no café da manhã. O dia já começou ganho.",
    ("política local", "A prefeitura prometeu uma praça nova no terreno baldio. Já é a terceira promessa. Vamos cobrar na reunião de quinta."),
    "Oficina de mudas na escola do bairro. As crianças deram nome a cada pé de alface. #gardening",
    "Maracujá no muro da vizinha finalmente floriu. A flor é uma obra de arte.",
    "Comecei a ler Clarice Lispector de novo. Cada frase é um soco delicado.",
    "Frevo tocando na rua às oito da manhã. Carnaval ainda está longe, mas ninguém avisou a banda.",
    "Ganhamos um edital para cisternas na horta. Água da chuva para o ano todo! 💧",
    "Pé de manjericão maior que o meu sobrinho. Fotos em breve.",
    "Moqueca de domingo com a família toda. Panela vazia em dez minutos.",
    "Meu terminal agora tem um gatinho em ASCII no prompt. Produtividade zero, felicidade máxima. #terminal",
)

PL: tuple[Entry, ...] = (
    "Dzień dobry z Krakowa! Mgła nad Wisłą i pierwsza herbata dnia.",
    "Weekend w Tatrach: deszcz, mgła, zero widoków i najlepsza szarlotka w schronisku.",
    "Wysłałam pierwszy pull request do projektu open source. Trzęsą mi się ręce. #terminal",
    "Pierogi ruskie czy z kapustą i grzybami? Proszę o szczere odpowiedzi.",
    "Na działce babci już kwitną tulipany. Ona twierdzi, że to dzięki rozmowom z nimi. #gardening",
    "Nauczyłam się dziś `awk` i chyba się zakochałam. #terminal",
    "Tramwaj numer 8 znowu się spóźnił, ale za to widziałam piękny zachód słońca nad Kazimierzem.",
    "Herbata z malinami i dobra książka. Tak wygląda idealny wieczór w listopadzie.",
    ("spoiler: Wiedźmin", "Nadal nie mogę się pogodzić z zakończeniem sagi. Sapkowski, dlaczego?"),
    "Meetup open source w piątek. Przyjdźcie, będzie pizza i dużo rozmów o licencjach.",
    "Ogórki kiszone według przepisu mamy. Za tydzień będą gotowe. 🥒",
    "Przeszłam dziś 25 tysięcy kroków po Starym Mieście. Nogi bolą, serce się cieszy.",
    "Moje biurko to teraz dwa monitory, mechaniczna klawiatura i kot. Kot zajmuje najwięcej miejsca.",
    "Pomidory na balkonie rosną szybciej niż moja lista zadań. #gardening",
    "Kraków nocą jest zupełnie innym miastem. Cichym i trochę magicznym.",
    "Dzisiejsza lekcja: zawsze sprawdzaj, w którym katalogu jesteś, zanim wpiszesz `rm`. #terminal",
)

TR: tuple[Entry, ...] = (
    "Günaydın İzmir! Kordon'da sabah yürüyüşü, martılar ve sıcak simit.",
    "Balkondaki domatesler kızarmaya başladı. Bu yıl salata bizden! #gardening",
    "Açık kaynak projeme ilk dış katkı geldi. Çok mutluyum! #terminal",
    "Boyoz ve çay. İzmir kahvaltısı bundan ibarettir, tartışmaya kapalıdır.",
    "Bugün `sed` ile iki saatlik işi iki dakikada bitirdim. Kendimi sihirbaz gibi hissediyorum. #terminal",
    "Akşamüstü Alsancak'ta hafif bir meltem. Şehrin en güzel saati.",
    ("deprem anıları", "Bugün o gecenin yıl dönümü. Hâlâ çanta kapının yanında duruyor. Hazırlıklı olun, sevdiklerinizi arayın."),
    "Fesleğen fideleri komşulara dağıtıldı. Apartman yeşillendi. #gardening",
    "Pazar yerinde bir teyze bana enginar temizlemeyi öğretti. Bir saat sürdü, değdi.",
    "Yeni klavyem geldi. Tuş sesleri yüzünden kedim benimle konuşmuyor.",
    "Sahaf gezisi: üç roman, bir eski harita ve bir sürü toz. Harika bir gün.",
    "Kapuska pişirdim, annemin tarifiyle. Evin her yeri onun mutfağı gibi kokuyor.",
    "Bir hafta boyunca fare kullanmamaya karar verdim. Gün 2: zorlanıyorum ama eğlenceli. #terminal",
    "Limon ağacı saksıda üç limon verdi. Her birine isim koydum. #gardening",
    "Akşam vapuru, gün batımı ve bir bardak çay. Başka bir şey istemiyorum.",
    "İzmir'de yağmur yağınca herkes şaşırıyor. Sanki hiç görmemişiz gibi. ☔",
)
