"""Campaign copy in German, French, Spanish, Italian, Portuguese and Dutch: the calendar
words of each language and short templates (:mod:`ner_model.synthetic.foreign` fills them).

Calendar words are a closed class, like English weekdays, so every split uses all of
them. Templates use these slots: ``{B}`` the row's brand, ``{L}`` a city, ``{C}`` a
country (sometimes its name in the language), ``{until}`` / ``{since}`` / ``{on}`` a
preposition (O) and a time (TIME), ``{rel}`` a deictic time (``heute``, ``ce soir``),
``{hol}`` a holiday, ``{season}`` a season, and the generator's own fillers (``{pct}``,
``{money}``, ``{promo}``, ``{product}``).
Articles and prepositions stay outside the TIME span (``hasta el [domingo]``,
``desde el [1 de marzo]``), as in English (docs/annotation.md).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """One language's calendar words, prepositions and templates."""

    days: tuple[str, ...]  # Monday first
    months: tuple[str, ...]  # January first
    date_formats: tuple[str, ...]  # "{d}", "{m}" (number), "{month}", "{y}"
    until: tuple[str, ...]  # prepositions (and articles) before a time, O
    since: tuple[str, ...]
    on: tuple[str, ...]
    rel: tuple[str, ...]  # deictic expressions, modifier inside the span
    holidays: tuple[str, ...]
    seasons: tuple[str, ...]
    countries: tuple[str, ...]  # country names as written in the language
    templates: tuple[str, ...]


LANGUAGES: dict[str, Language] = {
    "de": Language(
        days=("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
        months=("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                "September", "Oktober", "November", "Dezember"),
        date_formats=("{d}. {month}", "{d}. {month} {y}", "{d}.{m}.{y}"),
        until=("bis", "bis zum", "nur bis"),
        since=("ab", "ab dem", "seit"),
        on=("am",),
        rel=("heute", "morgen", "heute Abend", "dieses Wochenende", "diese Woche",
             "nächste Woche", "übermorgen", "nächsten Montag", "diesen Samstag"),
        holidays=("Weihnachten", "Heiligabend", "Ostern", "Silvester", "Muttertag", "Vatertag",
                  "Pfingsten", "Black Friday", "Cyber Monday", "Nikolaus", "Valentinstag"),
        seasons=("Sommer", "Winter", "Frühling", "Herbst"),
        countries=("Deutschland", "Österreich", "Schweiz"),
        templates=(
            "{B} {L}: Angebote {since}", "{B}: {pct} Rabatt auf alles {until}",
            "{B} {L}: Neue Öffnungszeiten {since}", "{season}-Sale bei {B}: bis zu {pct}",
            "{B}: Nur {rel} – {pct} auf {product}", "Jetzt neu bei {B} in {L}",
            "{B} eröffnet {on} in {L}", "{hol}-Angebote bei {B} {until}",
            "{B}: Kostenloser Versand nach {C} {until}", "{B} {L} hat {on} geschlossen",
            "Ihr {B} Newsletter: {rel} {pct} sparen", "{B}: Gutscheincode {promo} gültig {until}",
            "{B} Prospekt {since}: {product} für {money}", "Frohe {hol} von {B}!",
            "Nur für kurze Zeit: {pct} auf {product}", "Jetzt anmelden und {pct} sparen",
            "Versandkostenfrei ab {money}",
        ),
    ),
    "fr": Language(
        days=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                "septembre", "octobre", "novembre", "décembre"),
        date_formats=("{d} {month}", "{d1} {month}", "{d} {month} {y}", "{d}/{m}"),
        until=("jusqu'au", "jusqu'à"),
        since=("dès le", "à partir du", "dès"),
        on=("le",),
        rel=("aujourd'hui", "demain", "ce soir", "ce week-end", "cette semaine",
             "la semaine prochaine", "ce samedi", "lundi prochain"),
        holidays=("Noël", "Pâques", "la Fête des Mères", "la Fête des Pères", "Black Friday",
                  "la Saint-Valentin", "la rentrée", "le Nouvel An", "la Toussaint"),
        seasons=("été", "hiver", "printemps", "automne"),
        countries=("France", "Belgique", "Suisse"),
        templates=(
            "{B} {L} : les soldes commencent {on}", "{B} : {pct} sur tout le site {until}",
            "{B} : livraison offerte en {C} {until}", "Nouveau chez {B} {L} {since}",
            "{B} : offre valable {rel} seulement", "Collection {season} chez {B} : jusqu'à {pct}",
            "{B} ouvre à {L} {on}", "Préparez {hol} avec {B}",
            "{B} : code {promo} valable {until}", "Votre magasin {B} {L} fermé {on}",
            "{B} : {product} à {money} {rel}", "Bonne fête ! {B} vous offre {pct} {until}",
            "Livraison offerte dès {money} d'achat", "Inscrivez-vous et profitez de {pct}",
            "Derniers jours : {pct} sur {product}",
        ),
    ),
    "es": Language(
        days=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
        months=("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                "septiembre", "octubre", "noviembre", "diciembre"),
        date_formats=("{d} de {month}", "{d} de {month} de {y}", "{d}/{m}"),
        until=("hasta el", "hasta"),
        since=("desde el", "a partir del", "desde"),
        on=("el",),
        rel=("hoy", "mañana", "esta noche", "este fin de semana", "esta semana",
             "la próxima semana", "este domingo", "pasado mañana"),
        holidays=("Navidad", "Nochebuena", "Nochevieja", "Reyes", "Semana Santa",
                  "el Día de la Madre", "el Día del Padre", "Black Friday", "San Valentín",
                  "el Buen Fin", "el Hot Sale"),
        seasons=("verano", "invierno", "primavera", "otoño"),
        countries=("España", "México", "Colombia", "Argentina", "Chile", "Perú"),
        templates=(
            "{B} {L}: horario especial {hol}", "{B}: {pct} de descuento {until}",
            "{B} {C}: nuevas condiciones {since}", "Rebajas de {season} en {B}: hasta {pct}",
            "{B}: envío gratis a todo {C} {until}", "{B} abre en {L} {on}",
            "Solo {rel}: {pct} en {product} en {B}", "{B}: vuelos a {L} desde {money} {until}",
            "{B}: usa el código {promo} {until}", "Ofertas de {hol} en {B} {L}",
            "{B} {L} cerrado {on}", "¡Nuevo en {B}! Disponible {since}",
            "Envío gratis en pedidos de más de {money}", "Suscríbete y ahorra un {pct}",
            "Últimos días: {pct} en {product}",
        ),
    ),
    "it": Language(
        days=("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
        months=("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
                "agosto", "settembre", "ottobre", "novembre", "dicembre"),
        date_formats=("{d} {month}", "{d} {month} {y}", "{d}/{m}"),
        until=("fino a", "fino al", "entro"),
        since=("da", "dal", "a partire da"),
        on=("il",),
        rel=("oggi", "domani", "stasera", "questo weekend", "questa settimana",
             "la prossima settimana", "questo sabato"),
        holidays=("Natale", "Pasqua", "Ferragosto", "la Festa della Mamma", "Black Friday",
                  "San Valentino", "Capodanno", "la Vigilia di Natale"),
        seasons=("estate", "inverno", "primavera", "autunno"),
        countries=("Italia", "Svizzera"),
        templates=(
            "{B} {L}: saldi {since}", "{B}: {pct} di sconto su tutto {until}",
            "{B}: spedizione gratuita in {C} {until}", "Collezione {season} da {B}: fino al {pct}",
            "{B} apre a {L} {on}", "Solo {rel}: {pct} su {product} da {B}",
            "Offerte di {hol} da {B} {L}", "{B}: codice {promo} valido {until}",
            "{B} {L}: orari speciali {hol}", "Novità {B} disponibili {since}",
            "Spedizione gratuita sopra {money}", "Iscriviti e risparmia il {pct}",
        ),
    ),
    "pt": Language(
        days=("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
              "sábado", "domingo"),
        months=("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
                "setembro", "outubro", "novembro", "dezembro"),
        date_formats=("{d} de {month}", "{d} de {month} de {y}", "{d}/{m}"),
        until=("até", "até o", "até ao"),
        since=("a partir de", "desde", "a partir do"),
        on=("no", "em"),
        rel=("hoje", "amanhã", "hoje à noite", "este fim de semana", "esta semana",
             "próxima semana", "este sábado", "sábado que vem"),
        holidays=("Natal", "Páscoa", "Carnaval", "Dia das Mães", "Dia dos Pais",
                  "Black Friday", "Dia dos Namorados", "Ano Novo", "véspera de Natal"),
        seasons=("verão", "inverno", "primavera", "outono"),
        countries=("Brasil", "Portugal"),
        templates=(
            "{B} fora do ar em {L} {rel}", "{B}: {pct} de desconto {until}",
            "{B}: frete grátis para todo o {C} {until}", "Promoção de {season} na {B}",
            "{B} abre em {L} {on}", "Só {rel}: {pct} em {product} na {B}",
            "Ofertas de {hol} na {B} {L}", "{B}: cupom {promo} válido {until}",
            "{B} {L}: horário especial {hol}", "Novidade na {B} {since}",
            "Frete grátis acima de {money}", "Cadastre-se e ganhe {pct} de desconto",
        ),
    ),
    "nl": Language(
        days=("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
        months=("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december"),
        date_formats=("{d} {month}", "{d} {month} {y}", "{d}-{m}-{y}"),
        until=("t/m", "tot", "tot en met"),
        since=("vanaf", "sinds"),
        on=("op",),
        rel=("vandaag", "morgen", "vanavond", "dit weekend", "deze week", "volgende week"),
        holidays=("Kerst", "Kerstmis", "Pasen", "Sinterklaas", "Koningsdag", "Moederdag",
                  "Vaderdag", "Black Friday", "Oudejaarsavond"),
        seasons=("zomer", "winter", "lente", "herfst"),
        countries=("Nederland", "België"),
        templates=(
            "{B} {L}: aanbiedingen {since}", "{B}: {pct} korting op alles {until}",
            "{B}: gratis verzending in {C} {until}", "{season} sale bij {B}: tot {pct}",
            "{B} opent in {L} {on}", "Alleen {rel}: {pct} op {product} bij {B}",
            "{hol} aanbiedingen bij {B} {L}", "{B}: kortingscode {promo} geldig {until}",
            "{B} {L} gesloten {on}", "Nieuw bij {B} {since}",
            "Gratis verzending vanaf {money}", "Schrijf je in en krijg {pct} korting",
        ),
    ),
}
