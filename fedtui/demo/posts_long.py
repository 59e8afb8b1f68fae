"""Long posts (well over 1,000 characters) for the demo world."""

from __future__ import annotations

LONG_EN = """\
Allotment year in review, the long version. #gardening

When I took over plot 14 last March it was waist-high couch grass, two broken cloches and a \
shed whose door opened only if you lifted it and said please. I had a plan drawn on squared \
paper, a borrowed fork and absolutely no idea what I was doing.

Spring was mostly cardboard. I covered half the plot with flattened boxes from the corner \
shop and a thick layer of municipal compost, and dug the other half by hand like a person \
in a Victorian novel. By June the covered half was soft and full of worms; the dug half had \
grown a fresh crop of couch grass out of spite.

Summer was beans, beans and more beans. Mr Patel from plot 9 gave me a handful of his runner \
bean seeds, saved every year since 1987, and they climbed past the top of the canes and kept \
going. I gave away beans to everyone on the site, to my colleagues, to the postman, to a \
confused tourist who asked for directions.

Autumn was squash and humility. The squash did wonderfully. The leeks did not. The \
strawberries were eaten by something with a very precise bite and a lot of patience.

Winter has been the notebook. Dates, temperatures, what failed, what surprised me. If you are \
starting out this year: cover instead of dig, ask your neighbours, water in the morning and \
write everything down. See you at the seed swap. 🌱"""

LONG_DE = """\
Warum ich Backups teste, eine lange Geschichte. #terminal

Vor ein paar Jahren war ich überzeugt, dass unsere Backups funktionieren. Jede Nacht lief ein \
Cronjob, jede Nacht kam eine E-Mail mit dem Betreff „Backup erfolgreich", und jede Nacht habe \
ich diese E-Mail ungelesen archiviert. Es war ein beruhigendes Ritual.

Dann ist an einem Dienstag im November die Festplatte des Dateiservers gestorben. Kein \
Problem, dachte ich, und habe die Wiederherstellung gestartet. Nach zwanzig Minuten stellte \
sich heraus, dass das Skript seit acht Monaten nur noch das leere Einhängeverzeichnis \
gesichert hatte, weil sich beim Umzug der Pfad geändert hatte. Die E-Mail kam trotzdem jede \
Nacht, denn das Skript prüfte nur, ob der Befehl ohne Fehler beendet wurde.

Wir hatten Glück: Eine Kollegin hatte die wichtigsten Ordner aus Gewohnheit auf eine externe \
Platte kopiert. Seitdem gilt bei uns eine einfache Regel. Ein Backup ist erst dann ein \
Backup, wenn man es wiederhergestellt hat. Einmal im Monat ziehen wir eine zufällige Datei \
aus dem Archiv und vergleichen die Prüfsumme mit dem Original. Einmal im Quartal spielen wir \
einen ganzen Server auf einer leeren Maschine zurück.

Das kostet einen Nachmittag. Es hat uns seitdem zweimal gerettet. Und die E-Mail heißt jetzt \
„Backup geschrieben, noch nicht geprüft". Ehrlichkeit beginnt im Betreff."""

LONG_ES = """\
Una carta a quien me enseñó a leer.

Querida señora Carmen: no sé si se acuerda de mí. Yo era la niña de la segunda fila que \
siempre preguntaba por qué. Por qué la hache no suena, por qué los cuentos se terminan, por \
qué los libros de la biblioteca tenían aquel sello azul que olía a tinta vieja.

Usted tenía una paciencia que entonces me parecía infinita y que ahora, después de quince \
años trabajando con niños en una biblioteca, sé que era un esfuerzo diario. Nos leía en voz \
alta después del recreo, con las ventanas abiertas y el ruido de los coches de fondo, y \
cambiaba la voz para cada personaje. El lobo siempre tenía acento de Cádiz.

Hoy un niño me ha preguntado si los libros también duermen por la noche, y me he acordado de \
usted. Le he contestado lo que usted me habría contestado: que sí, que duermen, pero que \
sueñan con quien los va a leer mañana. Se ha ido a casa con tres libros debajo del brazo.

Quería darle las gracias. Por las preguntas que nunca le parecieron tontas, por el sello \
azul, por el lobo de Cádiz. Todo lo que hago cada día en la biblioteca empezó en aquella \
segunda fila. Con muchísimo cariño, Lucía."""
