"""Non-entity vocabulary of ad-platform campaign names and the morphemes of invented brands.

``CN_FIELDS`` are the field values naming conventions use besides brand, market and time
(objectives, channels, audiences, formats ...); none of them is an entity. ``CONVENTIONS``
are naming conventions: ``(fields with inclusion probability, joiner, style, in-field
separator)``, styles ``as_is``, ``title``, ``upper``, ``lower`` and ``pascal``.
"""

from __future__ import annotations

CN_FIELDS: dict[str, list[str]] = {
    "objective": [
        "Prospecting", "Retargeting", "Awareness", "Consideration", "Conversion", "Conversions",
        "Traffic", "Reach", "Engagement", "Leads", "LeadGen", "AppInstall", "App Installs",
        "VideoViews", "Video Views", "Sales", "Remarketing", "Acquisition", "Retention", "Upsell",
        "Winback", "Brand", "Perf", "Performance", "PROSP", "RTG", "ACQ", "RET", "CONV", "AWR",
        "TOF", "MOF", "BOF", "TOFU", "MOFU", "BOFU", "Always On", "AO", "Evergreen", "Launch",
        "Sustain", "Burst", "Reactivation", "Loyalty", "CRM", "Catalog Sales", "DPA", "DABA",
        "ASC", "Advantage+", "Brand Lift", "Incrementality Test", "Holdout", "Lead Gen",
    ],
    "channel": [
        "FB", "IG", "FB+IG", "FB/IG", "Meta", "TikTok", "TT", "YT", "YouTube", "GADS", "SEM",
        "Search", "Display", "PMax", "DV360", "TTD", "CTV", "OLV", "OOH", "DOOH", "Email", "SMS",
        "Push", "Social", "Paid Social", "PS", "Programmatic", "Prog", "Native", "Affiliate",
        "Snap",
        "Snapchat", "Pinterest", "PIN", "LinkedIn", "LI", "Reddit", "Bing", "Criteo", "Taboola",
        "Outbrain", "Podcast", "Radio", "TV", "Print", "Influencer", "Creators", "Facebook",
        "Instagram", "Google Ads", "Discovery", "Demand Gen",
    ],
    "audience": [
        "LAL 1%", "LAL1%", "LAL 3-5%", "Lookalike", "Broad", "Interests", "Cart Abandoners",
        "ATC 7D", "VV 30D", "Lapsed", "Loyalty", "VIP", "Gen Z", "GenZ", "Millennials", "Parents",
        "Students", "New Customers", "NewCust", "Existing Customers", "F25-34", "M18-24",
        "A18-49", "18-34", "25-54", "35+", "HHI 100K+", "Women", "Men", "W25-44", "Affluent",
        "Sports Fans", "Gamers", "Foodies", "Travelers", "In-Market Auto", "Homeowners",
        "Competitor Conquest", "Site Visitors 30D", "Purchasers 180D", "Engagers",
        "Advantage+ Audience", "Custom Intent", "1P Data", "CRM Match", "Retargeting Pool",
    ],
    "format": [
        "Video", "Static", "Carousel", "Reels", "Stories", "15s", "6s", "30s", "1x1", "9x16",
        "16x9", "4x5", "1080x1080", "UGC", "DPA", "Collection", "Bumper", "Banner", "300x250",
        "728x90", "320x50", "GIF", "HTML5", "Motion", "Still", "Single Image", "Spark Ads",
        "TopView", "Shorts", "Pre-roll", "Masthead", "Rich Media", "Audio", "Feed", "InStream",
    ],
    "version": [
        "v1", "v2", "V3", "v4", "A", "B", "Test", "Ctrl", "Control", "Var2", "VarB", "01", "02",
        "002", "copy", "Copy", "Copy 2", "FINAL", "final_v2", "NEW", "OLD", "DO NOT USE", "Paused",
        "Dup", "v1.2", "R2", "Round 2", "Refresh", "Iter3",
    ],
    "bid": [
        "CPC", "CPM", "CPA", "tCPA", "tROAS", "ROAS", "Max Conv", "MaxConv", "oCPM", "Lowest Cost",
        "Cost Cap", "Bid Cap", "Manual CPC", "eCPC", "CPV", "CPCV",
    ],
    "match": [
        "Exact", "Phrase", "Broad", "BMM", "EM", "PM", "Brand", "NonBrand", "Non-Brand",
        "Competitor", "Generic", "DSA", "Brand Terms", "Category",
    ],
    "theme": [
        "Brand Refresh", "Launch", "New Product Launch", "Always On", "Loyalty Push", "Gifting",
        "Clearance", "EOSS", "Sitewide Sale", "App Launch", "Store Opening", "Hero Product",
        "Bestsellers", "New Arrivals", "Price Promo", "Free Shipping", "Rebrand", "Sustainability",
        "Membership Drive", "Referral", "Sweepstakes", "Giveaway", "Product Drop", "Flash Sale",
        "Mega Sale", "Brand Awareness", "Feel Good", "Refresh", "Big Game", "Game Day",
        "Members Week", "VIP Event", "Friends & Family", "Cashback", "Trade-In", "Price Lock",
    ],
    "lang": ["EN", "ENG", "en", "EN-only", "Multi-lang"],
}

# Naming conventions: (fields with inclusion probability, joiner, style, in-field separator).
# Styles: "as_is" (natural words), "title", "upper", "lower", "pascal" (no spaces in a field).
CONVENTIONS: list[tuple[tuple[tuple[str, float], ...], str, str, str]] = [
    # an event and its year as two fields, two TIME spans (Booking_APAC_Golden Week_2025)
    (
        (("brand", 1), ("market", .9), ("holiday", 1), ("year", 1), ("objective", .7)),
        "_", "as_is", " ",
    ),
    ((("brand", 1), ("market", .9), ("holiday", 1), ("year", 1)), "_", "pascal", ""),
    ((("brand", 1), ("market", .9), ("time", .9), ("objective", .8)), "_", "pascal", ""),
    ((("brand", 1), ("theme", .9), ("market", .8), ("time", .9)), " | ", "as_is", " "),
    ((("brand", 1), ("market", .9), ("time", .9), ("objective", .8)), "-", "lower", "-"),
    (
        (("channel", 1), ("brand", 1), ("market", .8), ("objective", .8), ("audience", .6)),
        "_", "upper", "-",
    ),
    (
        (
            ("time", 1), ("brand", 1), ("market", .8), ("channel", .7), ("objective", .7),
            ("format", .5),
        ),
        "_", "as_is", "-",
    ),
    ((("market", 1), ("brand", 1), ("theme", .9)), " - ", "title", " "),
    ((("brand", 1), ("theme", 1), ("objective", .7), ("version", .4)), " - ", "as_is", " "),
    (
        (
            ("brand", 1), ("channel", .8), ("objective", .9), ("audience", .8), ("format", .7),
            ("version", .5),
        ),
        "_", "as_is", "",
    ),
    ((("brand", 1), ("time", .9), ("market", .9), ("objective", .7)), "_", "lower", "-"),
    ((("channel", 1), ("brand", 1), ("market", .9), ("match", 1)), " - ", "as_is", " "),
    ((("channel", 1), ("brand", 1), ("theme", .9), ("time", .8)), " / ", "as_is", " "),
    ((("id", 1), ("brand", 1), ("market", .9), ("time", .9)), "_", "upper", ""),
    (
        (("brand", 1), ("product", .9), ("market", .8), ("time", .8), ("objective", .6)),
        ".", "lower", "-",
    ),
    ((("time", 1), ("brand", 1), ("theme", .8), ("market", .8)), "-", "lower", "-"),
    ((("brand", 1), ("market", 1), ("lang", .8), ("theme", .8), ("bid", .6)), "_", "upper", ""),
    (
        (("brand", 1), ("time", 1), ("theme", .7), ("audience", .7), ("format", .6)),
        " | ", "title", " ",
    ),
    ((("brand", 1), ("product", 1), ("time", .8), ("channel", .8)), " :: ", "as_is", " "),
    (
        (("brand", 1), ("market", .8), ("time", .9), ("channel", .8), ("objective", .9)),
        "_", "pascal", "",
    ),
    ((("market", 1), ("brand", 1), ("time", 1), ("objective", .8), ("bid", .5)), "_", "upper", ""),
    (
        (("brand", 1), ("theme", 1), ("market", .9), ("time", .9), ("channel", .5)),
        " | ", "upper", " ",
    ),
]

# Morphemes of invented brand names (Zentrova, Brightleaf Co., Luma Labs).
ONSETS = (
    "Zen", "Lum", "Nov", "Vel", "Aur", "Kin", "Sol", "Ver", "Bri", "Cal", "Dra", "Fen", "Gal",
    "Hal", "Kor", "Lyr", "Mer", "Nex", "Ori", "Pax", "Qua", "Ren", "Syl", "Tav", "Ula", "Vex",
    "Wyn", "Xan", "Yor", "Zef", "Bel", "Cor", "Dax", "Eli", "Fio", "Gry", "Ivo", "Jol", "Kai",
    "Lio", "Mav", "Nim", "Oza", "Pim", "Rhy", "Sav", "Tru", "Umb", "Vio", "Wex", "Zor", "Ax",
    "Bo", "Cy", "Du", "Ev", "Flo", "Ga", "He", "Io", "Ju", "Ka", "Le", "Mo", "Ny", "Pe", "Ro",
    "Ta", "Ve", "Za", "Kla", "Pro", "Stra", "Tri", "Bru", "Cle", "Gro", "Plu", "Sna", "Thi",
)
MIDS = (
    "", "", "", "a", "e", "i", "o", "ra", "ri", "lo", "ve", "na", "ta", "mi", "so", "du", "ne",
    "ka",
)
ENDINGS = (
    "ova", "ify", "ly", "ora", "ex", "io", "iva", "tra", "on", "is", "ix", "ent", "ara", "elle",
    "ique", "o", "a", "um", "us", "ia", "eo", "ast", "ine", "yx", "ori", "ando", "ello", "ux",
    "ana", "ea", "ium", "oni", "eka", "ani", "ira", "oto", "aro", "ette", "ista", "era",
)
WORD1 = (
    "Bright", "North", "Blue", "Silver", "Golden", "Little", "Wild", "True", "Green", "Red",
    "Iron", "Oak", "Stone", "River", "Cloud", "Moon", "Star", "Urban", "Fresh", "Pure", "Bold",
    "Happy", "Lucky", "Honest", "Simple", "Good", "Swift", "Maple", "Cedar", "Copper", "Velvet",
    "Coral", "Amber", "Juniper", "Ember", "Polar", "Summit", "Harbor", "Meadow", "Fox", "Bear",
    "Wolf", "Owl", "Hive", "Pixel", "Nova", "Echo", "Atlas", "Orbit", "Prism", "Arc", "Peak",
    "Salt", "Ivy", "Birch", "Sage", "Slate", "Indigo", "Rust", "Olive", "Lark", "Wren", "Kite",
    "Tiny", "Brave", "Clever", "Quiet", "Loud", "Sunny", "Misty", "Crisp", "Zest", "Hearth",
)
WORD2 = (
    "leaf", "peak", "wave", "field", "stone", "bird", "fox", "light", "line", "works", "craft",
    "lane", "well", "wood", "berry", "bloom", "mint", "path", "point", "gate", "side", "forge",
    "hub", "nest", "ridge", "harbor", "root", "seed", "sail", "cove", "yard", "shore", "glow",
    "spark", "loop", "stack", "bay", "mill", "barn", "press", "bean", "fern", "grove", "brook",
)
DESCRIPTORS: dict[str, tuple[str, ...]] = {
    "fashion": (
        "Apparel", "Athletics", "Outfitters", "Studio", "Denim", "Supply Co.", "Clothing", "Wear",
    ),
    "beauty": ("Beauty", "Skin", "Cosmetics", "Naturals", "Skincare", "Labs", "Botanicals"),
    "food": (
        "Kitchen", "Burger", "Burgers", "Coffee", "Pizza", "Tacos", "Eats", "Bakery", "Grill",
        "Cafe",
    ),
    "drinks": (
        "Brewing Co.", "Soda", "Spirits", "Tea", "Water", "Cellars", "Distillery",
        "Coffee Roasters",
    ),
    "grocery": ("Market", "Foods", "Grocers", "Fresh", "Pantry", "Farms"),
    "snacks": ("Snacks", "Foods", "Bakehouse", "Creamery", "Chocolate", "Co."),
    "retail": ("Store", "Goods", "Mart", "Outlet", "Shop", "Emporium", "& Co."),
    "home": ("Home", "Living", "Furniture", "Interiors", "Sleep", "Kitchenware"),
    "tech": ("Labs", "Tech", "Audio", "Devices", "Systems", "Electronics", "Robotics"),
    "apps": ("App", "AI", "HQ", ".io", ".ai", "Cloud", "Learn"),
    "gaming": ("Games", "Studios", "Interactive", "Play", "Arcade", "Toys"),
    "auto": ("Motors", "Auto", "EV", "Automotive", "Mobility", "Cars"),
    "travel": ("Air", "Airways", "Hotels", "Resorts", "Travel", "Stays", "Cruises", "Trips"),
    "finance": ("Bank", "Pay", "Capital", "Finance", "Money", "Card", "Insurance", "Invest"),
    "telecom": ("Mobile", "Wireless", "Telecom", "Fiber", "Connect", "Broadband"),
    "fitness": ("Fitness", "Gym", "Active", "Cycle", "Yoga", "Strength", "Nutrition"),
}
