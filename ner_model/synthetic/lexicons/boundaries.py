"""What follows a brand, and the people near it: the words that teach where a BRAND span
ends (docs/annotation.md, "Hard cases").

- :data:`OWNED_LINES`: named products and product lines of a brand. ``Samsung Galaxy S24``
  is two BRAND spans, the brand and the line.
- :data:`PROGRAMMES`: loyalty, membership and subscription programmes of a brand, and
  :data:`GENERIC_PROGRAMMES` any brand may run. ``Sephora Beauty Insider`` is the brand
  and then ``O``.
- :data:`DESCRIPTORS`: flavours, variants, sizes and store words after a brand, ``O``
  (``Pringles Sour Cream & Onion``, ``Nike outlet``).
- :data:`PEOPLE`: public figures in campaign copy ("with Serena Williams", "feat. Burna
  Boy"); :data:`LAST_NAMES` with the first names of the templates make private people.
  People are labelled with the internal type ``PERSON`` (never reported, see
  :mod:`ner_model.text.labels`), never BRAND. Names that are also brands (Michael Kors,
  Calvin Klein) are deliberately absent.

A key is ``"Owner|alias"`` like the entries of
:data:`~ner_model.synthetic.lexicons.brands.BRANDS`; each owner, line, programme and person
is held out by its own surface key like every other form.
"""

from __future__ import annotations

OWNED_LINES: dict[str, list[str]] = {
    "Apple": ["iPhone 16", "iPhone 15 Pro", "iPad Air", "MacBook Air", "MacBook Pro",
              "AirPods Pro", "Vision Pro", "iMac", "Mac mini", "HomePod"],
    "Samsung": ["Galaxy S25", "Galaxy S24 Ultra", "Galaxy Z Fold6", "Galaxy Watch 7",
                "Galaxy Buds3", "Galaxy Tab S10", "Bespoke AI", "Neo QLED"],
    "Sony": ["PlayStation 5", "PS5 Pro", "WH-1000XM5", "Bravia 9", "Xperia 1 VI", "Alpha 7"],
    "Microsoft": ["Surface Pro", "Surface Laptop", "Xbox Series X"],
    "Nintendo": ["Switch 2", "Mario Kart World", "Zelda", "Animal Crossing"],
    "Lenovo": ["ThinkPad X1 Carbon", "Legion Go", "Yoga Slim 7", "IdeaPad"],
    "Dell": ["XPS 13", "Inspiron", "Alienware m18"],
    "HP": ["Spectre x360", "LaserJet"],
    "Bose": ["QuietComfort Ultra", "SoundLink Flex", "QuietComfort Earbuds"],
    "Beats": ["Studio Pro", "Powerbeats Pro", "Solo 4"],
    "JBL": ["Flip 6", "Charge 5", "PartyBox"],
    "GoPro": ["HERO13 Black"],
    "Canon": ["EOS R6", "PowerShot", "PIXMA"],
    "Garmin": ["Forerunner 965", "Fenix 8", "Venu 3"],
    "Fitbit": ["Charge 6", "Versa 4"],
    "Xiaomi": ["Redmi Note 13", "Mi Band 9"],
    "OnePlus": ["Nord CE4"],
    "Logitech": ["MX Master 3S", "G Pro X"],
    "Dyson": ["V15 Detect", "Airwrap", "Supersonic", "Pure Cool"],
    "Ninja": ["Creami", "Foodi"],
    "Stanley": ["Quencher"],
    "Toyota": ["RAV4", "Camry", "Corolla", "Prius", "Tacoma", "Land Cruiser", "bZ4X"],
    "Honda": ["Civic", "CR-V", "Accord", "HR-V"],
    "Ford": ["F-150 Lightning", "Mustang Mach-E", "Bronco"],
    "Kia": ["EV9", "EV6", "Sportage", "Sorento", "Niro"],
    "Hyundai": ["Ioniq 5", "Ioniq 6", "Tucson", "Santa Fe", "Kona"],
    "Volkswagen": ["ID.4", "ID. Buzz", "Golf GTI", "Tiguan", "Polo"],
    "BMW": ["i4", "iX", "X5", "3 Series", "M3"],
    "Mercedes-Benz": ["EQS", "GLC", "C-Class", "G-Class"],
    "Audi": ["Q4 e-tron", "A3", "Q5", "RS 6"],
    "Tesla": ["Model Y", "Model 3", "Cybertruck", "Model S"],
    "Nissan": ["Qashqai", "Rogue", "Ariya"],
    "Chevrolet": ["Silverado", "Equinox EV", "Corvette", "Tahoe"],
    "Jeep": ["Wrangler", "Grand Cherokee"],
    "Volvo": ["EX30", "XC90", "XC60"],
    "Mazda": ["CX-5", "MX-5 Miata", "CX-90"],
    "Subaru": ["Forester", "Crosstrek"],
    "Porsche": ["Taycan", "911 Carrera", "Macan"],
    "Nike": ["Air Max Dn", "Air Force 1", "Pegasus 41", "Dunk Low", "Vaporfly 3", "Tech Fleece"],
    "Adidas": ["Ultraboost", "Samba", "Gazelle", "Stan Smith", "Adizero"],
    "New Balance": ["990v6", "550", "Fresh Foam X", "9060"],
    "Puma": ["Speedcat", "Velocity Nitro"],
    "Asics": ["Gel-Kayano 31", "Gel-Nimbus", "Novablast 5"],
    "Hoka": ["Clifton 10", "Bondi 9", "Speedgoat 6"],
    "Levi's": ["501", "Ribcage"],
    "Lululemon": ["Define Jacket", "ABC Pant"],
    "Patagonia": ["Nano Puff", "Better Sweater", "Baggies"],
    "The North Face": ["Nuptse", "Denali"],
    "Chanel": ["No. 5", "Coco Mademoiselle"],
    "Dior": ["Sauvage", "J'adore", "Lip Glow"],
    "L'Oréal": ["Revitalift", "Elvive", "True Match"],
    "Maybelline": ["Sky High", "Fit Me", "Lash Sensational"],
    "Clinique": ["Moisture Surge", "Almost Lipstick"],
    "Estée Lauder": ["Advanced Night Repair", "Double Wear"],
    "Charlotte Tilbury": ["Pillow Talk", "Flawless Filter", "Magic Cream"],
    "Fenty Beauty": ["Gloss Bomb", "Pro Filt'r"],
    "Rare Beauty": ["Soft Pinch", "Positive Light"],
    "Olay": ["Regenerist"],
    "Neutrogena": ["Hydro Boost"],
    "Gillette": ["Fusion5", "Mach3"],
    "Vicks": ["VapoRub", "DayQuil", "NyQuil"],
    "McDonald's|McDonalds": ["Big Mac", "McRib", "McFlurry", "Quarter Pounder", "McCrispy",
                             "Happy Meal"],
    "Burger King": ["Whopper", "Chicken Royale"],
    "Wendy's": ["Baconator", "Dave's Single"],
    "Taco Bell": ["Crunchwrap Supreme", "Baja Blast", "Cheesy Gordita Crunch"],
    "Starbucks": ["Pumpkin Spice Latte", "Frappuccino", "Oleato"],
    "Dunkin'": ["Coolatta"],
    "Shake Shack": ["ShackBurger", "Chick'n Shack"],
    "Red Bull": ["Winter Edition", "Summer Edition"],
    "Nespresso": ["Vertuo Pop", "Vertuo Next"],
    "Nestlé": ["KitKat", "Nescafé Gold", "Milo"],
    "Cadbury": ["Dairy Milk", "Creme Egg", "Crunchie"],
    "Oreo": ["Double Stuf"],
    "Ben & Jerry's": ["Cherry Garcia", "Phish Food", "Half Baked"],
    "Kellogg's": ["Frosted Flakes", "Pop-Tarts", "Rice Krispies", "Special K"],
    "Lay's": ["Poppables"],
    "Amazon": ["Kindle", "Echo Dot", "Fire TV Stick", "Alexa", "Prime Video", "Ring Doorbell"],
    "Adobe": ["Photoshop", "Lightroom", "Acrobat", "Premiere Pro", "Firefly"],
    "Netflix": ["Stranger Things", "Squid Game"],
    "Disney+": ["Andor", "The Mandalorian"],
    "Salesforce": ["Agentforce", "Slack", "Tableau"],
    "HubSpot": ["Sales Hub"],
    "Zoom": ["Zoom Workplace"],
    "Ubisoft": ["Assassin's Creed Shadows", "Far Cry 6", "Just Dance"],
    "Electronic Arts": ["EA Sports FC 25", "Madden NFL 25", "The Sims 4", "Apex Legends"],
    "Activision": ["Call of Duty: Black Ops 6", "Crash Bandicoot"],
    "Capcom": ["Monster Hunter Wilds", "Resident Evil 4", "Street Fighter 6"],
    "Lego": ["Technic", "Duplo", "Star Wars"],
    "Mattel": ["Barbie", "Hot Wheels", "Uno"],
    "Hasbro": ["Monopoly", "Nerf", "Play-Doh"],
    "IKEA": ["Kallax", "Poäng", "Malm"],
    "Pampers": ["Swaddlers", "Cruisers"],
    "Colgate": ["Optic White"],
}

# Programmes named by their brand (the brand is BRAND, the programme O).
PROGRAMMES: dict[str, list[str]] = {
    "Sephora": ["Beauty Insider", "Rouge", "Beauty Insider Cash"],
    "Ulta Beauty|Ulta": ["Ultamate Rewards"],
    "Tesco": ["Clubcard", "Clubcard Plus"],
    "Boots": ["Advantage Card"],
    "Sainsbury's": ["Nectar"],
    "Loblaws": ["PC Optimum"],
    "Emirates": ["Skywards"],
    "Delta Air Lines|Delta": ["SkyMiles", "Sky Club", "Medallion"],
    "United Airlines": ["MileagePlus", "MileagePlus Premier"],
    "American Airlines": ["AAdvantage"],
    "British Airways|BA": ["Executive Club", "Avios"],
    "Lufthansa": ["Miles & More"],
    "Marriott": ["Bonvoy", "Bonvoy Elite"],
    "Hilton": ["Honors", "Honors Diamond"],
    "Hyatt": ["World of Hyatt"],
    "Starbucks": ["Rewards", "Star Days"],
    "Nike": ["Membership", "Run Club", "Member Days"],
    "Amazon": ["Prime", "Prime Student", "Subscribe & Save"],
    "Walmart": ["Walmart+", "Plus Week"],
    "Target": ["Circle", "Circle 360", "RedCard"],
    "Costco": ["Executive Membership"],
    "Kroger": ["Boost"],
    "CVS": ["ExtraCare", "ExtraCare Plus"],
    "Walgreens": ["myWalgreens"],
    "Best Buy": ["My Best Buy Plus", "Totaltech"],
    "Spotify": ["Premium", "Premium Family", "Premium Student"],
    "YouTube TV": ["NFL Sunday Ticket"],
    "Deliveroo": ["Plus", "Plus Silver"],
    "Uber Eats": ["Uber One"],
    "DoorDash": ["DashPass"],
    "Instacart": ["Instacart+"],
    "Robinhood": ["Gold", "Gold Card"],
    "Pret A Manger|Pret": ["Club Pret", "Pret Club"],
    "Chipotle": ["Rewards", "Extras"],
    "Panera Bread": ["Sip Club", "MyPanera"],
    "Dunkin'|Dunkin": ["Rewards"],
    "McDonald's": ["MyMcDonald's Rewards"],
    "Taco Bell": ["Rewards", "Taco Lover's Pass"],
    "Patagonia": ["Worn Wear"],
    "Duolingo": ["Super", "Max"],
    "Peloton": ["All-Access Membership", "App+"],
    "Xbox": ["Game Pass Ultimate"],
    "Apple": ["Apple One", "AppleCare+"],
    "American Express": ["Membership Rewards", "Platinum"],
    "Chase": ["Sapphire Reserve", "Ultimate Rewards"],
    "Capital One": ["Venture X", "Shopping"],
    "Barclays": ["Avios Plus"],
    "Vodafone": ["VeryMe Rewards"],
    "O2": ["Priority"],
    "T-Mobile": ["Tuesdays", "Magenta"],
    "Verizon": ["Unlimited Ultimate", "myPlan"],
    "Lidl": ["Lidl Plus"],
    "Rewe": ["Bonus"],
    "Qantas": ["Frequent Flyer"],
    "Air France": ["Flying Blue"],
    "KLM": ["Flying Blue"],
    "Singapore Airlines": ["KrisFlyer"],
    "Booking.com": ["Genius"],
    "Expedia": ["One Key"],
    "Airbnb": ["Guest Favourite"],
}

GENERIC_PROGRAMMES: list[str] = [
    "Rewards", "Rewards Club", "Insider", "Insiders", "Club", "VIP Club", "Membership",
    "Members", "Perks", "Points", "Loyalty", "Loyalty Club", "Gold", "Premium", "Pass",
    "Card", "Plus Membership", "Family Plan", "Student Plan", "Elite", "Circle", "Collective",
    "Friends", "Fan Club", "Pro", "Subscription", "Crew", "Advantage", "Priority",
]

# Words after a brand that describe what kind of thing or where, never a name.
DESCRIPTORS: dict[str, list[str]] = {
    "any": [
        "outlet", "Outlet", "store", "Store", "stores", "app", "App", "online", "shop", "Shop",
        "gift card", "Gift Card", "gift cards", "Sale", "sale", "Kitchen", "Home", "Kids",
        "Men", "Women", "Originals", "Essentials", "Collection", "Official", "HQ", "Support",
        "customer service", "Alert", "Deals", "Angebote", "Ofertas", "Soldes", "Offerte",
    ],
    "snacks": [
        "Sour Cream & Onion", "Salt & Vinegar", "BBQ", "Original", "Cool Ranch",
        "Nacho Cheese", "Salted Caramel", "Mint", "Family Size", "Party Size", "Minis",
        "Double Chocolate", "Peanut Butter", "Zero Sugar", "200g", "Multipack",
    ],
    "drinks": [
        "Zero Sugar", "Zero", "Diet", "Cherry", "Vanilla", "Lime", "500ml", "2L", "12-pack",
        "6-pack", "Light", "Original", "Tropical", "Sugar Free", "cans", "Mango", "Peach",
    ],
    "food": [
        "Spicy", "Large", "Meal", "Combo", "Value Menu", "breakfast", "Breakfast Menu",
        "delivery", "drive-thru", "nuggets", "fries", "Deluxe", "Double", "Family Bucket",
    ],
    "beauty": [
        "Gift Sets", "skincare", "Skincare", "Serum", "SPF 50", "Travel Size", "Mini", "Refill",
        "fragrance", "Eau de Parfum", "Shade 220", "Matte", "Hydrating",
    ],
    "tech": [
        "headphones", "earbuds", "laptops", "TVs", "chargers", "128GB", "256GB", "Wi-Fi",
        "Refurbished", "speakers", "cameras", "accessories", "5G", "Bundle",
    ],
    "auto": [
        "Hybrid", "Electric", "AWD", "Sport", "dealership", "dealers", "Service", "lease",
        "Certified Pre-Owned", "SUVs", "trucks", "Limited", "Plug-in Hybrid",
    ],
    "fashion": [
        "sneakers", "hoodies", "Kids", "Womens", "Mens", "denim", "outerwear", "jackets",
        "Running", "Golf", "Outlet", "Factory", "Performance",
    ],
    "home": ["vacuums", "furniture", "mattresses", "cookware", "Cordless", "Pro Series"],
    "travel": ["flights", "fares", "lounge", "Business Class", "Economy", "app", "hotels"],
    "finance": ["card", "app", "Checking", "Savings", "credit cards", "mortgage", "business"],
}

# Public figures campaign copy names (athletes, musicians, actors, chefs, creators).
PEOPLE: list[str] = [
    "Serena Williams", "Burna Boy", "Taylor Swift", "Beyoncé", "LeBron James", "Lionel Messi",
    "Cristiano Ronaldo", "Simone Biles", "Naomi Osaka", "Rihanna", "Zendaya", "Bad Bunny",
    "Dua Lipa", "Travis Scott", "Billie Eilish", "Olivia Rodrigo", "Harry Styles",
    "Kendrick Lamar", "SZA", "Doja Cat", "Ed Sheeran", "Adele", "Shakira", "Karol G",
    "Rosalía", "Stormzy", "Dave", "Central Cee", "Wizkid", "Tems", "Ayra Starr", "Davido",
    "Jennie", "Lisa", "Jungkook", "Priyanka Chopra", "Deepika Padukone", "Virat Kohli",
    "Shah Rukh Khan", "Lewis Hamilton", "Max Verstappen", "Charles Leclerc", "Erling Haaland",
    "Kylian Mbappé", "Jude Bellingham", "Marcus Rashford", "Megan Rapinoe", "Alex Morgan",
    "Caitlin Clark", "Stephen Curry", "Giannis Antetokounmpo", "Shohei Ohtani", "Patrick Mahomes",
    "Travis Kelce", "Coco Gauff", "Carlos Alcaraz", "Novak Djokovic", "Rafael Nadal",
    "Roger Federer", "Usain Bolt", "Eliud Kipchoge", "Mo Farah", "Tiger Woods", "Rory McIlroy",
    "Gordon Ramsay", "Jamie Oliver", "Nigella Lawson", "Padma Lakshmi", "Ina Garten",
    "Martha Stewart", "Oprah Winfrey", "Ryan Reynolds", "Jennifer Aniston", "Sydney Sweeney",
    "Timothée Chalamet", "Margot Robbie", "Pedro Pascal", "Jenna Ortega", "Florence Pugh",
    "Tom Holland", "Keanu Reeves", "Dwayne Johnson", "Kevin Hart", "Jimmy Fallon",
    "MrBeast", "Emma Chamberlain", "Charli D'Amelio", "Addison Rae", "Alix Earle",
    "Hailey Bieber", "Selena Gomez", "Kim Kardashian", "Kendall Jenner", "Gigi Hadid",
    "Bella Hadid", "Naomi Campbell", "Kate Moss", "David Beckham", "Victoria Beckham",
    "Pharrell Williams", "Jay-Z", "Snoop Dogg", "Post Malone", "Drake", "The Weeknd",
    "Ariana Grande", "Lady Gaga", "Katy Perry", "Miley Cyrus", "Sabrina Carpenter",
    "Chappell Roan", "Lil Nas X", "Megan Thee Stallion", "Cardi B", "Nicki Minaj",
    "Elon Musk", "Tim Cook", "Satya Nadella", "Sundar Pichai", "Jensen Huang",
    "Mary Berry", "Paul Hollywood", "Joe Wicks", "Kayla Itsines", "Chloe Ting",
]

LAST_NAMES: list[str] = [
    "Smith", "Johnson", "Garcia", "Martinez", "Nguyen", "Patel", "Kim", "Müller", "Rossi",
    "Silva", "Okafor", "Mensah", "Kowalski", "Novak", "Tanaka", "Sato", "Chen", "Wang",
    "Hernández", "López", "Dubois", "Laurent", "Jensen", "Larsen", "O'Brien", "Murphy",
    "Walsh", "Cohen", "Levi", "Haddad", "Khan", "Singh", "Sharma", "Ahmed", "Ali", "Mendes",
    "Costa", "Santos", "Bianchi", "Moreau", "Fischer", "Schmidt", "Eriksson", "Lindqvist",
    "Adeyemi", "Abubakar", "Kariuki", "Wanjiru", "Brown", "Taylor", "Wilson", "Clarke",
]

# Endings of invented product lines (``Zentrova`` + ``Aero 3``, ``Nimbus X``).
LINE_SUFFIXES: list[str] = [
    "", "", "", " 2", " 3", " 5", " X", " Pro", " Max", " Ultra", " Mini", " Air", " Lite",
    " S", " SE", " One", " Go", " 360", " X1", " V2", " 2.0", " Neo", " Edge", " Flex",
    " Sport", " Plus", "+",
]

# Words of invented product lines written as a model code or a name (``V15 Detect``,
# ``X1 Carbon``, ``F-150 Lightning``, ``Bike+``, ``No7``): :func:`near_brand.invented_line`.
LINE_CODE_PREFIXES: list[str] = [
    "V", "X", "S", "A", "Q", "Z", "G", "M", "R", "F-", "XR", "GT", "RS", "ID.", "iX", "No",
    "EQ", "TX", "Pro ",
]
LINE_WORDS: list[str] = [
    "Detect", "Carbon", "Lightning", "World", "Origin", "Studio", "Fusion", "Vision",
    "Absolute", "Pulse", "Nova", "Aura", "Titan", "Vortex", "Spark", "Force", "Classic",
    "Signature", "Prime", "Legend", "Bike", "Tread", "Row", "Charge", "Flow", "Wave",
    "Terra", "Sol", "Luna", "Apex", "Glide", "Dash", "Boost", "Shift", "Core", "Elite",
]

# Words that make a venue of a sponsor's name: ``T-Mobile Park``, ``Emirates Stadium``
# (one LOCATION, docs/annotation.md "Venues named after brands").
VENUE_WORDS: list[str] = [
    "Stadium", "Arena", "Park", "Center", "Centre", "Field", "Dome", "Hall", "Amphitheatre",
    "Pavilion", "Bowl", "Live", "Coliseum", "Theater", "Ballpark", "Garden",
]

# Airports as travel copy writes them after their city (``London Heathrow``) and their
# IATA codes (``DEL-BOM``): each is a LOCATION of its own.
AIRPORTS: list[tuple[str, str]] = [
    ("Heathrow", "LHR"), ("Gatwick", "LGW"), ("Stansted", "STN"), ("Narita", "NRT"),
    ("Haneda", "HND"), ("JFK", "JFK"), ("LaGuardia", "LGA"), ("O'Hare", "ORD"),
    ("Midway", "MDW"), ("Changi", "SIN"), ("Schiphol", "AMS"), ("Charles de Gaulle", "CDG"),
    ("Orly", "ORY"), ("Incheon", "ICN"), ("Dulles", "IAD"), ("Pearson", "YYZ"),
    ("Logan", "BOS"), ("Barajas", "MAD"), ("El Prat", "BCN"), ("Fiumicino", "FCO"),
    ("Malpensa", "MXP"), ("Linate", "LIN"), ("Dubai International", "DXB"), ("Hamad", "DOH"),
    ("Suvarnabhumi", "BKK"), ("Kansai", "KIX"), ("Tullamarine", "MEL"), ("Guarulhos", "GRU"),
    ("Ezeiza", "EZE"), ("Arlanda", "ARN"), ("Gardermoen", "OSL"), ("Sea-Tac", "SEA"),
    ("LAX", "LAX"), ("SFO", "SFO"), ("Hartsfield-Jackson", "ATL"), ("DFW", "DFW"),
    ("Denver International", "DEN"), ("Miami International", "MIA"), ("IGI", "DEL"),
    ("Mumbai Airport", "BOM"), ("Bengaluru Airport", "BLR"), ("Sydney Airport", "SYD"),
]

# Names of a brand's events and shows, ``O`` between the brand and the event's place or
# year (``Stripe Sessions 2025``, ``Figma Config San Francisco``).
EVENT_NAMES: list[str] = [
    "Sessions", "Summit", "Connect", "Config", "World", "Live", "Dev Days", "DevCon", "Forum",
    "Expo", "Masters", "Open", "Cup", "Championship", "Festival", "Fest", "Showcase",
    "Keynote", "Conference", "Experience", "Unpacked", "Invitational", "Classic",
    "Tour", "Awards", "Fashion Show", "Pop-Up", "Roadshow", "Hackathon",
]
