"""Lexical TIME expressions: holidays and retail events, relative expressions, seasons.

Holidays are ``"Canonical|alias"``; ``HOLIDAY_CODES`` gives the short codes that campaign
names use for some of them (``BF`` for Black Friday). ``DAY_HOLIDAYS`` marks single days,
which can take a "weekend" or "Eve" (Labor Day weekend) in copy.
"""

from __future__ import annotations

HOLIDAYS: list[str] = [
    "Black Friday|Black Fri", "Cyber Monday", "Black Friday Cyber Monday|BFCM", "Cyber Week",
    "Small Business Saturday", "Giving Tuesday|GivingTuesday", "Prime Day",
    "Prime Big Deal Days", "Singles' Day|Singles Day|11.11|Double 11", "Boxing Day",
    "Christmas|Xmas|X-mas", "Christmas Eve", "New Year's Eve|New Years Eve|NYE",
    "New Year's Day|New Years Day", "New Year|New Years", "Lunar New Year", "Chinese New Year",
    "Valentine's Day|Valentines Day|Valentine's|V-Day", "Galentine's Day",
    "St. Patrick's Day|St Patrick's Day|St. Paddy's Day|Paddy's Day", "Easter", "Easter Sunday",
    "Mother's Day|Mothers Day|Mothering Sunday", "Father's Day|Fathers Day", "Memorial Day",
    "Labor Day|Labour Day", "Fourth of July|4th of July|July 4th|July Fourth",
    "Independence Day", "Halloween", "Thanksgiving", "Friendsgiving", "Diwali|Deepavali",
    "Holi", "Ramadan", "Eid al-Fitr|Eid", "Eid al-Adha", "Hanukkah|Chanukah", "Kwanzaa",
    "Cinco de Mayo", "Oktoberfest", "Super Saturday", "Presidents' Day|Presidents Day",
    "MLK Day|Martin Luther King Jr. Day", "Juneteenth", "Bastille Day", "Canada Day",
    "Australia Day", "Golden Week", "Back to School|Back-to-School", "Bank Holiday",
    "Green Monday", "Super Bowl Sunday|Super Bowl Weekend", "Pi Day", "Earth Day",
    "Christmas in July", "Veterans Day", "Remembrance Day", "Mid-Autumn Festival",
    "Songkran", "Hari Raya", "Dragon Boat Festival", "Day of the Dead|Día de Muertos",
    "Carnaval", "Mardi Gras", "Pride Month", "Black History Month", "Hispanic Heritage Month",
    "Women's History Month", "International Women's Day|IWD", "El Buen Fin",
    "Summer Solstice", "Spring Break", "Half Term", "Tax Day", "National Coffee Day",
    "National Donut Day", "National Pizza Day", "National Taco Day", "World Chocolate Day",
    "Holiday Season", "Festive Season", "Cyber Five", "Hallowe'en", "Purim", "Passover",
    "Rosh Hashanah", "Yom Kippur", "Navratri", "Onam", "Pongal", "Vesak", "Obon",
    "Family Day", "Victoria Day", "Anzac Day", "King's Birthday",
    "Boxing Week", "Twelfth Night", "Epiphany", "Orthodox Easter", "Good Friday",
    "Easter Monday", "Whitsun", "Ascension Day", "Thanksgiving Weekend", "Cyber Sunday",
]

HOLIDAY_CODES: dict[str, list[str]] = {
    "Black Friday": ["BF", "BlkFri"],
    "Cyber Monday": ["CM", "CyberMon"],
    "Black Friday Cyber Monday": ["BFCM"],
    "Christmas": ["XMAS", "XMS"],
    "New Year's Eve": ["NYE"],
    "Lunar New Year": ["LNY"],
    "Chinese New Year": ["CNY"],
    "Valentine's Day": ["VDAY", "VDay"],
    "St. Patrick's Day": ["STPATS", "SPD"],
    "Mother's Day": ["MDAY", "MOTHERSDAY"],
    "Father's Day": ["FDAY", "FATHERSDAY"],
    "Memorial Day": ["MEMDAY"],
    "Labor Day": ["LABORDAY", "LDW"],
    "Fourth of July": ["JULY4", "J4"],
    "Halloween": ["HWEEN", "HALLOWEEN"],
    "Thanksgiving": ["TGIVING", "TDAY"],
    "Diwali": ["DIWALI"],
    "Ramadan": ["RAMADAN"],
    "Eid al-Fitr": ["EID"],
    "Back to School": ["BTS", "B2S"],
    "Prime Day": ["PD", "PRIMEDAY"],
    "Singles' Day": ["1111", "D11"],
    "Boxing Day": ["BXD", "BOXINGDAY"],
    "Easter": ["EASTER"],
    "Cyber Week": ["CW", "CYBERWK"],
    "International Women's Day": ["IWD"],
    "Spring Break": ["SPRINGBREAK"],
    "Holiday Season": ["HOL"],
    "Super Bowl Sunday": ["SB", "SUPERBOWL"],
}

# Single days that read naturally with " weekend" appended.
WEEKEND_HOLIDAYS = frozenset({
    "Black Friday", "Memorial Day", "Labor Day", "Easter", "Thanksgiving", "Presidents' Day",
    "Mother's Day", "Father's Day", "Fourth of July", "Halloween", "Valentine's Day",
    "Bank Holiday", "Independence Day", "Canada Day", "Australia Day", "Victoria Day",
    "Family Day", "MLK Day", "Veterans Day", "Cinco de Mayo", "St. Patrick's Day",
})

# Deictic expressions anchored to the moment of reading, with their split (hand-assigned
# so that every split gets several). Durations ("48 hours") are not here: they are not
# TIME (see the generator's annotation guideline).
RELATIVE_FUTURE_DAY: dict[str, str] = {
    "today": "train", "tonight": "train", "tomorrow": "train", "tomorrow night": "train",
    "this morning": "train", "this afternoon": "train", "this evening": "train",
    "later today": "train", "tonite": "train", "tmrw": "train", "tomorrow morning": "train",
    "2nite": "dev", "tmr": "dev", "tomorrow evening": "dev", "this AM": "dev",
    "later tonight": "test", "2morrow": "test", "this arvo": "test", "tomorrow afternoon": "test",
    "this eve": "test",
}
RELATIVE_FUTURE_PERIOD: dict[str, str] = {
    "this weekend": "train", "next weekend": "train", "this week": "train", "next week": "train",
    "this month": "train", "next month": "train", "this year": "train", "later this week": "train",
    "this coming weekend": "train",
    "next year": "dev", "this wknd": "dev", "this quarter": "dev", "this fortnight": "dev",
    "this season": "test", "later this month": "test", "early next year": "test",
    "next quarter": "test", "next wknd": "test",
}
RELATIVE_PAST: dict[str, str] = {
    "yesterday": "train", "last night": "train", "last weekend": "train", "last week": "train",
    "earlier today": "train", "last month": "dev", "this past weekend": "dev",
    "last year": "test", "earlier this week": "test", "the other night": "test",
}

SEASONS: dict[str, str] = {
    # season -> split (hand-assigned: a five-item class does not hash to 80/10/10).
    "Summer": "train", "Winter": "train", "Spring": "train", "Autumn": "dev", "Fall": "test",
}

CLOCK_WORDS: dict[str, str] = {
    "midnight": "train", "noon": "train", "midday": "dev", "12 midnight": "dev", "12 noon": "test",
    "noon sharp": "test",
}
