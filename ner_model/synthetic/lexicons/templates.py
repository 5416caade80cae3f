"""Phrase grammar for the campaign-text generator.

``RULES`` maps a rule name to its alternatives. In an alternative, ``{ref}`` expands
another rule or a slot and ``{ref?}`` expands it half of the time. Entity slots:

* ``{B}`` the row's brand, ``{B2}`` another brand of the same sector, ``{B@}`` the brand
  as an @handle, ``{B#}`` as a #hashtag;
* ``{L:kind}`` a location (``city``, ``country`` (takes "the" where English needs it),
  ``country0`` (never "the"), ``state``, ``citystate`` ("Austin, TX": two entities),
  ``region``, ``hood``, ``venue``, ``local`` (hood or venue), ``place`` (any), ``#city``);
* ``{T:kind}`` a time expression (``date``, ``deadline``, ``when``, ``reld``, ``relp``,
  ``past``, ``period``, ``clock``, ``clockr``, ``dater``, ``day``, ``days``, ``holiday``,
  ``season``, ``month``, ``year``, ``#holiday``).

Other slots are filled in Python (``product``, ``Product``, ``pct``, ``money``, ``name``,
``url``, ``promo``, ``emoji``, ``num``, ``ordernum``, ``digits``, ``email``, ``phone``).
``{S:rule}`` picks the sector's own version of ``rule`` (``rule_fashion``) when there is
one. Literal template text must never contain an unlabeled entity: no brand, place or
time word outside a slot (a test checks this).
"""

from __future__ import annotations

RULES: dict[str, list[str]] = {
    # ------------------------------------------------------------------ shared pieces
    "offer": [
        "{pct} off {product}", "{pct} off everything", "up to {pct} off", "extra {pct} off sale styles",
        "{money} off {product}", "buy-one-get-one-free {product}", "BOGO {product}",
        "free shipping on orders over {money}", "free delivery", "a free gift with purchase",
        "2 for {money}", "{money} off your first order", "half price {product}",
        "double points on {product}", "{pct} off sitewide", "free {product} with any order",
        "{pct} off for members", "{money} off {money}+", "{pct} off your next order",
        "an extra {pct} off clearance", "{pct} off full-price {product}", "{S:offer}",
        "{S:offer}", "{S:offer}",
    ],
    "offer_fashion": [
        "{pct} off new arrivals", "{pct} off outerwear", "3-for-2 on tees",
        "free returns on all {product}", "extra {pct} off markdowns",
    ],
    "offer_beauty": [
        "a free 5-piece gift with any {money} purchase", "{pct} off all {product}",
        "free minis with every order", "double points on skincare", "a free travel-size {product}",
    ],
    "offer_food": [
        "free fries with any purchase", "a {money} meal deal", "BOGO {product}",
        "{money} off delivery orders", "free delivery on orders {money}+", "a free drink with any combo",
        "{pct} off your app order",
    ],
    "offer_drinks": [
        "{pct} off 12-packs", "2 for {money} on {product}", "a free glass with every case",
        "{money} off your first case",
    ],
    "offer_grocery": [
        "{money} off your first 3 orders", "free delivery on orders over {money}",
        "{pct} off fresh produce", "members-only prices on {product}",
    ],
    "offer_auto": [
        "0% APR for 60 months", "leases from {money}/mo", "{money} cash back on select models",
        "a {money} loyalty bonus", "no payments for 90 days", "{money} off your next service",
    ],
    "offer_travel": [
        "flights from {money}", "{pct} off hotel stays", "free stays for kids", "a free room upgrade",
        "round-trip fares from {money}", "double miles on every booking", "{pct} off cruises",
    ],
    "offer_finance": [
        "a {money} welcome bonus", "0% intro APR", "3x points on dining",
        "{pct} cash back on every purchase", "no annual fee", "{money} when you switch",
    ],
    "offer_telecom": [
        "unlimited 5G for {money}/mo", "a free phone when you switch", "{pct} off family plans",
        "fiber from {money} a month", "no activation fee", "a free {product}",
    ],
    "offer_apps": [
        "3 months free", "{pct} off annual plans", "Premium free for 1 month",
        "{money}/month for your first year", "a free trial", "{pct} off Pro",
    ],
    "offer_fitness": [
        "no joining fee", "your first class free", "{money} off membership",
        "a free 7-day pass", "{pct} off annual memberships",
    ],
    "offer_gaming": [
        "{pct} off select games", "a free in-game bundle", "{money} off consoles",
        "double XP", "{pct} off DLC",
    ],
    "offer_home": [
        "{pct} off {product}", "free white-glove delivery", "{money} off orders over {money}",
        "100-night free trial", "free assembly",
    ],
    "offer_tech": [
        "{money} off {product}", "up to {money} off with trade-in", "{pct} off accessories",
        "free engraving", "{money} off when you trade in",
    ],
    "offer_retail": [
        "doorbusters up to {pct} off", "{pct} off toys", "extra {pct} off clearance",
        "free pickup in store", "{money} off {money}",
    ],
    "offer_snacks": [
        "2 for {money}", "{pct} off multipacks", "a free sample in every box", "{money} off your order",
    ],
    "Offer": [
        "Up to {pct} Off", "{pct} Off Everything", "Extra {pct} Off Sale", "Buy One, Get One Free",
        "Free Shipping, No Minimum", "{money} Off Your First Order", "Half-Price {Product}",
        "BOGO {Product}", "Save Big on {Product}", "{pct} Off Sitewide", "{pct} OFF {Product}",
        "Free Delivery", "{money} Off {money}+", "Double Points", "{pct} Off + Free Shipping",
        "Buy 2, Get 1 Free", "Save up to {money}",
    ],
    "deadline": [
        "ends {T:deadline}", "until {T:deadline}", "through {T:date}", "{T:reld} only",
        "now through {T:date}", "while supplies last", "for a limited time", "ends soon",
        "starting {T:date}", "from {T:date}", "ends {T:deadline}", "until {T:deadline}",
        "{T:when} only", "only {T:relp}", "ends at {T:clock} {T:reld}", "till {T:deadline}",
        "before {T:deadline}", "valid {T:dater}",
    ],
    "Deadline": [
        "Ends {T:deadline}", "{T:reld} Only", "Through {T:date}", "Starts {T:date}", "Limited Time",
        "While Supplies Last", "Ends Soon", "{T:when} Only", "Until {T:deadline}", "Last Chance",
        "{T:dater}", "Final Hours",
    ],
    "cta": [
        "Shop now", "Learn more", "Get yours", "Grab yours", "Don't miss out", "Claim your offer",
        "Order ahead in the app", "Book now", "Reserve your spot", "RSVP now", "Get tickets",
        "Sign up", "Join free", "Start your free trial", "Download the app", "Find a store",
        "See details", "Tap to redeem", "Treat yourself", "Shop the collection", "Explore more",
        "Order online", "Tap to shop", "Book a test drive", "Switch now", "Apply in minutes",
        "Browse the menu", "Shop the sale", "Get the look", "Pre-order now",
    ],
    "CTA": [
        "Shop Now", "Learn More", "Get Yours", "Order Now", "Book Now", "Shop the Sale",
        "Get Tickets", "Sign Up", "Start Free Trial", "Find a Store", "Shop Now →", "SHOP NOW",
        "Explore", "Discover More", "Get Started", "Claim Offer", "Reserve Now", "Buy Now",
    ],
    "distractor": [
        "Free Shipping", "New Arrivals", "Limited Edition", "Best Sellers", "Flash Sale",
        "Members Only", "Gift Guide", "Last Chance", "Early Access", "Just Dropped", "Back in Stock",
        "Final Sale", "Clearance", "Exclusive", "Top Picks", "Staff Picks", "Editor's Picks",
        "Free Returns", "Price Drop", "Mega Sale", "Sitewide Sale", "VIP Access", "Rewards Members",
        "Gift Cards", "Bundle & Save", "Online Only", "In-Store Only", "Grand Opening", "Now Open",
        "Coming Soon", "Sold Out", "Pre-Order", "New Collection", "The Essentials Edit",
        "Loyalty Program", "Bestsellers", "Fan Favorites", "Customer Favorites", "Doorbusters",
        "Warehouse Sale", "Sample Sale", "Outlet", "Student Discount", "Free Trial", "Deal of the Day",
        "Hot Deals", "Daily Deals", "Members Week", "Friends & Family", "Buy More Save More",
        "Price Match Guarantee", "Nationwide", "Worldwide Shipping", "Free Click & Collect",
    ],
    "intro": [
        "", "", "", "", "{emoji} ", "NEW: ", "JUST IN: ", "Psst… ", "Heads up: ", "Reminder: ",
        "Hurry! ", "🚨 ", "FINAL HOURS: ", "ICYMI: ", "Good news! ", "PSA: ", "Breaking: ",
        "LAST CALL: ", "Surprise! ", "Don't wait: ",
    ],
    "end": ["", "", "", "!", "!!", ".", " {emoji}", " {emoji}{emoji}", "!!!", " →", "…", " 👇"],
    "stop": [
        "Reply STOP to opt out", "Txt STOP to end", "Msg&data rates may apply", "STOP=stop",
        "Reply STOP to unsubscribe", "Text STOP to cancel", "Msg & data rates may apply. Reply HELP for help",
        "Reply STOP 2 end", "Unsub: reply STOP",
    ],
    "event_name": [
        "{B} Pop-Up", "{Product} Launch Party", "Sample Sale", "Grand Opening", "Trunk Show",
        "Expert Session", "Tasting Night", "Run Club", "Community Run", "Meet & Greet", "Open House",
        "Test Drive Event", "Launch Event", "Fan Fest", "Workshop", "Live Q&A", "Networking Mixer",
        "Creator Summit", "Brand Day", "{B} Live", "{B} Experience", "Warehouse Sale", "Book Signing",
        "Cooking Demo", "Styling Session", "{T:season} Social", "{T:holiday} Market", "Silent Disco",
        "Product Showcase", "Customer Appreciation Day", "Charity 5K", "Film Screening",
        "Listening Party", "Wine Tasting", "Yoga in the Park", "Demo Day", "Hackathon",
        "{B} Festival", "Gaming Tournament", "Skincare Clinic", "Maker Fair", "Supper Club",
    ],
    "topic": [
        "AI in Retail", "Retail Media 101", "Measuring ROAS", "First-Party Data", "Creator Marketing",
        "Loyalty That Lasts", "The Future of Checkout", "Building Brand Love", "Smarter Budgets",
        "Peak Season Planning", "Email That Converts", "The State of Social Commerce",
        "Winning the Cart", "Privacy-First Measurement",
    ],
    "greeting": ["Hi {name}", "Hey {name}", "{name}", "Hi there", "Hey", "Hello {name}", "Yo {name}", "Dear {name}"],
    "audience": [
        "members", "rewards members", "new customers", "students", "cardholders", "app users",
        "VIPs", "subscribers", "families", "first-time buyers", "everyone",
    ],
    # ------------------------------------------------------------------ headlines
    "headline": [
        "{Offer} {Product}", "{Offer} — {Deadline}", "{B} {T:season} Sale: {Offer}",
        "The {T:holiday} Sale Starts Now", "{T:holiday} Deals Are Here", "{T:holiday} Doorbusters: {Offer}",
        "{B} {Product}: {Offer}", "Now Open in {L:city}", "{B} Is Coming to {L:local}",
        "{distractor} | {B}", "Ends {T:deadline}: {Offer}", "{Offer} Everything — {T:day} Only",
        "Free Shipping on Orders Over {money}", "New Arrivals Just Landed", "{B} x {B2}: The Collab Is Here",
        "Made in {L:country0}. Loved in {L:city}.", "Limited Edition {Product} — Only at {B}",
        "Get {pct} Off Your First Order", "{T:holiday} Starts Early", "The Wait Is Over",
        "{B} {L:city} Grand Opening {T:date}", "Meet the All-New {B}", "{Product} Made for {L:city}",
        "Your {T:season} Starts Here", "{distractor}: {Offer}", "{distractor} {emoji}",
        "Treat Yourself This {T:holiday}", "{B}. {distractor}.", "{Offer} at {B}",
        "Big Savings on {Product}", "{Product} You'll Love", "Fresh Drops {T:when}",
        "{B} Members Get {Offer}", "{L:city}, We're Here!", "{B} Lands in {L:country0}",
        "The {B} {T:season} Collection", "Only {T:relp}: {Offer}", "Don't Miss {T:holiday} at {B}",
        "{S:headline}", "{S:headline}", "{S:headline}", "{Product} for Less", "Everything Must Go",
        "{Offer} | {CTA}", "Back in Stock: {Product}", "{distractor} Is Live", "Sale Ends {T:deadline}",
        "{T:dater}: {Offer}", "Celebrate {T:holiday} With {B}", "Shop {B} {distractor}",
        "Upgrade Your {Product}", "{B} — {CTA}", "Your New Favorite {Product}", "It's Here.",
        "{L:region} Exclusive: {Offer}", "Delivering Across {L:region} {T:when}",
        "Now in {L:city} and {L:city}", "{B} Lands in {L:city} & {L:city} {T:relp}",
        "{B} and {B2}: {distractor}", "{B} Flights to {L:city} From {money}",
        "From {L:country0} to {L:country0}: {Offer}",
        "{T:period} Drop: {Product}", "Live From {L:venue}", "Ready, Set, {CTA}",
        "{B} Brings Back the {Product} {T:when}", "{B} Opens Its First Store in {L:city}", "{B} Is Closed on {T:holiday}",
        "{B} Drops {Product} {T:date}", "{B} Launches {Product} in {L:country0}", "{B} Teams Up With {B2} for {T:season}",
        "Free Shipping on {B} Orders {T:relp}", "{B} {Product} Deals for {T:holiday}", "Order {B} Before {T:clock} {T:reld}",
        "Why Everyone Is Switching to {B}", "{B} Wants You Back: {Offer}", "Celebrate {T:holiday} With {B} in {L:city}",
        "{Offer} at {B} Until {T:date}", "{B} Just Got Better", "{B} Expands to {L:city} and {L:city}",
    ],
    "headline_fashion": [
        "Your {T:season} Wardrobe Starts Here", "New Season, New {Product}", "Denim Days Are Back",
        "Dress for {T:holiday}", "{B} Originals: Now {Offer}", "The Sneaker Edit", "Layer Up for Less",
    ],
    "headline_beauty": [
        "Glow Up for {T:holiday}", "Your Skin Will Thank You", "{B} Beauty Insider Event",
        "Meet Your New Holy-Grail {Product}", "Self-Care, On Sale",
    ],
    "headline_food": [
        "Taste the {T:season} Menu at {B}", "Lunch Just Got Better", "{Product} Are Back",
        "Your Cravings, Delivered", "{B} Now Delivers in {L:city}", "Late-Night {Product} in {L:city}",
    ],
    "headline_drinks": [
        "Cheers to {T:holiday}", "Stay Refreshed", "Raise a Glass This {T:holiday}",
        "Ice-Cold {Product}, Delivered", "{B}: Official Drink of {L:city}",
    ],
    "headline_travel": [
        "Fly to {L:city} from {money}", "{L:city} → {L:city} from {money}", "Escape to {L:place}",
        "Your {T:season} Getaway Awaits", "Flash Fare Sale: {L:region} from {money}",
        "Book by {T:date}, Travel by {T:date}", "48 Hours in {L:city}? Say Less",
    ],
    "headline_auto": [
        "The All-New {B}", "{T:holiday} Sales Event", "Test Drive the Future", "Drive Home a {B}",
        "{Offer} on {Product}", "Electrify Your Commute",
    ],
    "headline_finance": [
        "Earn More With {B}", "Your Money, Smarter", "Get {Offer}", "Banking Made Simple",
        "{B}: {Offer}", "Zero Fees. Seriously.",
    ],
    "headline_telecom": [
        "Switch to {B} and Save", "Unlimited Data, Unlimited Fun", "5G Now in {L:city}",
        "Fiber Is Coming to {L:local}", "The Best Network in {L:country0}",
    ],
    "headline_tech": [
        "Say Hello to {B}", "The New {B} Is Here", "{Offer} on {Product}", "Power Meets Portability",
        "Pre-Order {B} {T:reld}", "{B}: Built for {L:city}",
    ],
    # ------------------------------------------------------------------ email subjects
    "email_subject": [
        "{name}, your {pct} off code expires {T:deadline}", "⏰ Last chance: {offer}",
        "Re: your {B} order", "🎁 {T:holiday} gifts they'll actually love", "[{T:date}] {B} weekly deals",
        "Don't miss out — {offer} ends {T:deadline}", "We miss you, {name}", "Your cart is waiting 🛒",
        "{B} {L:city}: new arrivals + {pct} off", "Early access: {T:holiday} starts now for members",
        "You're invited: {event_name} in {L:city} on {T:date}", "Quick question, {name}",
        "Fwd: {B} Rewards update", "The {B} Newsletter | {T:period}", "Confirm your subscription",
        "{name}, this is for you", "Open for a surprise 🎉",
        "{T:holiday} hours at your local {B}", "Ends {T:deadline}: {offer}", "{distractor} inside 👀",
        "It's official: {B} is now in {L:city}", "Your order has shipped!", "{pct} OFF. DAILY DEAL.", "New in: {product} for {T:season}", "A little something for {T:holiday}",
        "{name}, you've got {num} points to spend", "Welcome to {B}, {name}!", "Your receipt from {B}",
        "Still thinking it over?", "Price drop on items in your cart", "{B}: {Offer} {emoji}",
        "Going, going… {offer} ends {T:deadline}", "Save the date: {event_name}, {T:date}",
        "Your {B} {T:year} in review", "Plan your {T:season} with {B}", "{T:reld} only: {offer}",
        "We're open {T:holiday} {emoji}", "Your weekly {L:city} picks", "{S:email}", "{S:email}",
        "Important update to your account", "[Action required] Verify your email",
        "Your exclusive invite to {event_name}", "RE: {T:holiday} plans?", "{Offer}? Yes, really.",
        "{B} x {B2}", "Trending in {L:city} {T:relp}", "{name}, {offer} just for you",
        "Don't forget: {offer} {deadline}", "Inside: {distractor} + {offer}",
    ],
    "email_fashion": [
        "Your {T:season} edit is here", "Just dropped: the {B} {T:season} collection",
        "{name}, these {product} are selling fast", "Outfit ideas for {T:holiday}",
    ],
    "email_travel": [
        "{name}, {L:city} is calling ✈️", "Fares to {L:city} just dropped", "Your trip to {L:city} is in {num} days",
        "Check in now for your flight to {L:city}", "Your {L:city} itinerary", "{T:season} escapes from {money}",
    ],
    "email_finance": [
        "Your {T:month} statement is available", "Your {B} card payment is due {T:date}",
        "{name}, you're pre-approved", "Your {T:year} tax documents are ready",
    ],
    "email_food": [
        "Your {B} order is on the way 🍔", "{name}, lunch is on us", "{T:holiday} menu is live",
        "The {T:season} menu just dropped",
    ],
    "email_apps": [
        "Your free trial ends {T:deadline}", "New on {B} {T:relp}", "Your {T:year} Wrapped is here",
        "{name}, your subscription renews {T:date}",
    ],
    # ------------------------------------------------------------------ SMS
    "sms": [
        "{B}: {offer} on {product} {deadline}! Shop {url} {stop}",
        "{B} ALERT: {Offer}. {T:reld} only. {url}",
        "{greeting}, your order #{ordernum} from {B} is out for delivery 🚚",
        "Your {B} appointment is confirmed for {T:date} at {T:clock}. Reply C to confirm, R to reschedule.",
        "{B}: Your verification code is {digits}. Don't share it with anyone.",
        "Flash sale 🔥 {pct} off everything til {T:clock} {T:reld}! {url}",
        "Reminder: {event_name} at {L:venue} starts {T:clock} {T:reld}. See you there!",
        "{B}: FREE {product} w/ any order {T:when}. Use code {promo} {url} {stop}",
        "{greeting}! {B} here. {offer} {deadline}. {url}",
        "{B} {L:city}: we're open {T:days} {T:clockr}. Walk-ins welcome!",
        "{B}: Your package will arrive {T:deadline}. Track: {url}",
        "Don't forget! {offer} ends {T:deadline}. {url} {stop}",
        "{B}: Thanks for shopping with us! Rate your experience: {url}",
        "{B}: {pct} off for you, {name}. Code {promo} {deadline}. {stop}",
        "Last chance!! {offer} {deadline} {emoji} {url}",
        "{B} Rewards: you have {num} pts. Redeem by {T:date} {url}",
        "Hey it's {B} 👋 {offer} {T:when}. Shop: {url}",
        "{B}: your pickup order is ready at {B} {L:hood}. Show this text at the counter.",
        "{B}: doors open {T:clock} {T:reld} at {L:venue}. Bring your ID!",
        "Your {B} order is ready for pickup at {L:local}. {stop}",
        "{B}: flights to {L:city} from {money}. Book by {T:deadline}. {url}",
        "{B}: {offer} in {L:city} and {L:city} {T:when}. {url}",
        "{pct} off ends at {T:clock}! Shop {url}", "Use code {promo} for {offer}. {stop}",
        "{greeting}, your {B} bill of {money} is due {T:date}. Pay: {url}",
        "{B}: back in stock! {Product} {url} {stop}",
        "It's {T:holiday}! {offer} at {B}. {url}",
        "{B}: We're closed {T:holiday}. Back {T:date} at {T:clock}.",
        "Free delivery in {L:city} {T:when} only w/ code {promo}",
        "{B}: storm update — {L:local} store closes at {T:clock} {T:reld}.",
        "Your {B} order #{ordernum} has shipped! Est. delivery {T:date}.",
        "ur {B} cart is waiting… {pct} off if u check out {T:reld} {url}",
        "{B} VIP: early access starts {T:date} {T:clock} {url} {stop}",
        "{S:sms}", "{S:sms}",
    ],
    "sms_food": [
        "{B}: Hungry? {offer} {T:reld} only. Order: {url}", "{B}: Your order is ready for pickup at {L:local}!",
        "{B}: Happy hour {T:days} {T:clockr}. {product} {money}!",
        "Your table for {num} at {B} {L:hood} is booked for {T:day} at {T:clock}.", "{B} {L:city}: {product} {money} {T:when} 🍕",
    ],
    "sms_fitness": [
        "{B}: Your {T:day} {T:clock} class is booked. Cancel 12h before to avoid a fee.",
        "{B}: No joining fee {T:when} at {B} {L:local}. {url}",
    ],
    "sms_travel": [
        "{B}: Flight to {L:city} on {T:date} is delayed. New departure {T:clock}.",
        "Your {B} flight to {L:city} departs {T:clock}. Gate info: {url}",
        "{B}: check-in for your stay in {L:city} opens {T:date}. {url}",
    ],
    # ------------------------------------------------------------------ push
    "push": [
        "{emoji} {Offer}", "{name}, the {product} you viewed just dropped in price 👀",
        "It's {T:holiday}! {pct} off starts now", "Your {B} order has shipped 📦",
        "{L:city}, we're live! Delivery now available near you", "⏰ {T:deadline}: last call for free delivery",
        "New drop 🔥 {B} {Product} just landed", "Your cart misses you 🛒", "{offer} — {T:reld} only",
        "Hey {name} 👋 {offer} is waiting", "Tap to unlock {offer} {emoji}", "{distractor} is live! {emoji}",
        "Game on! {event_name} starts {T:clock}",
        "{B} Rewards: {num} points expire {T:deadline}",
        "{Offer} {T:when} 🎉", "Order ahead & skip the line at {B} {L:local}", "Your {T:day} treat is here {emoji}",
        "{T:holiday} countdown: {offer}", "🎁 A gift for you: {offer}", "Back in stock: {product}",
        "{name}, {offer} ends {T:deadline}", "Feeling lucky? {offer}", "Ready for {T:season}? {offer}", "Flash sale! {Offer} {emoji}",
        "📍 New store near you: {B} {L:local}", "{B}: live now on the app", "{T:reld}: {offer}",
        "Price drop alert 🚨 {Product}", "{S:push}",
        "{B} is open until {T:clock} {T:reld}", "{B} just dropped: {product}", "New on {B}: {product} {T:when}",
        "{B} misses you! {offer} {T:reld}", "Your {B} delivery arrives {T:deadline}",
    ],
    "push_food": [
        "Lunch rush? Order ahead at {B} 🍔", "{product} o'clock? {offer} {T:reld}",
        "Craving {product}? {B} delivers in {L:city} 🛵",
        "Weather alert in {L:city}? Stay in, we deliver ☔",
    ],
    "push_apps": [
        "New episodes {T:reld} 🎬", "Your {T:year} Wrapped is ready", "Your daily lesson is waiting 🦉",
        "{B}: your ride is arriving", "Don't break your streak 🔥",
    ],
    # ------------------------------------------------------------------ social
    "social": [
        "Obsessed with the new {product} from {B@} 😍 {hashtags}",
        "Who's coming to our pop-up in {L:local} {T:when}? 👀 {hashtags}",
        "{T:#holiday} is here and so are the deals 🛍️ Link in bio!",
        "📍 {L:city} | {T:date} | Tickets in bio", "POV: you finally got your hands on the {B} {product} {emoji}",
        "giveaway time!! 🎉 to enter: 1) follow {B@} 2) like this post 3) tag 2 friends. winner announced {T:day} #giveaway",
        "{L:city} you were amazing {T:past} 🙌", "#ad Loving my {B} {product} for {T:season} {emoji} {hashtags}",
        "can't believe {B} is finally opening in {L:city} 😭😭", "RT if you're ready for {T:#holiday}",
        "Shoutout to the team at {B} {L:local} {emoji}", "{B@} when are you coming to {L:country0}??",
        "just tried the {product} at {B} and wow {emoji}", "{emoji} {Offer} {B#} {hashtags}",
        "Road trip to {L:city} ✅ {hashtags}", "Nothing compares to {L:city} in {T:month} {emoji}",
        "ok but why is nobody talking about the {B} {product}", "Tag someone who needs {product} {emoji}",
        "Thank you {L:city}!! {T:past} was unreal 🔥 {B#}", "Date night at {L:venue} {emoji} {hashtags}",
        "{B@} x {B2@} collab dropping {T:date} 🔥", "Sunsets in {L:place} hit different 🌅",
        "{name} and I finally made it to {L:venue}!! {emoji}", "Who else is shopping {T:holiday} deals {T:reld}? 🙋",
        "{B} customer service is 🔥🔥 thank you {B@}", "live from {L:local} {emoji} {hashtags}",
        "Drop a {emoji} if you're at {L:venue} {T:reld}", "{L:#city} we see you 👀 {B#}",
        "My {T:season} essentials ft. {B@} {hashtags}", "thread: best {product} in {L:city} 🧵",
        "not me buying {product} at {T:clock} again 🙃 {B#}", "PSA: {B} {offer} {T:reld} only!!",
        "Swipe ➡️ for our {T:season} lookbook {hashtags}", "{hashtags} {emoji}", "Link in bio 🔗 {hashtags}",
        "{B@} please bring back the {product} 🙏", "Happy {T:holiday} from all of us at {B}! {emoji}",
        "{S:social}",
        "{B} really said {offer} {T:reld} 😭", "ordering {B} again {T:reld} lol", "why is {B} closed on {T:day} 😩",
        "{B} just dropped the {product} and I need it", "shoutout {B} for the free {product} {emoji}", "{B} > {B2} and it's not close",
        "me waiting for {B} to open at {T:clock} 🥱", "got my {B} order {T:past} {emoji}", "anyone else's {B} app down {T:reld}??",
        "{B} in {L:city} is always packed on {T:days}", "the new {B} ad is everywhere in {L:city} {emoji}", "{B} and chill {T:reld} {emoji}",
    ],
    "social_food": [
        "brunch at {B} {L:local} never misses 🥞", "{B} {product} > everything else, don't @ me",
        "Best {product} in {L:city}? We'll wait 😏 {B#}",
    ],
    "social_travel": [
        "Wheels down in {L:city} ✈️ {hashtags}", "Take me back to {L:place} 🌴", "{L:local} at golden hour 😍",
        "Booked! {L:city} {T:date} 🎉 thanks {B@}",
    ],
    "social_fitness": [
        "{T:clock} class at {B} {L:local} hits different 💪", "new PR thanks to {B@} 🏋️", "{B} run club every {T:day} 🏃",
    ],
    # ------------------------------------------------------------------ events
    "event": [
        "{event_name} | {L:venue}, {L:city} | {T:date} | Doors {T:clock}",
        "Join {B} for {event_name} at {L:venue} on {T:date}, {T:clockr}.",
        "Free entry · {T:day} {T:clock} · {L:local}", "{B} Pop-Up Shop — {L:local}, {L:city} — {T:dater}",
        "Live in {L:city}! {T:date} at {L:venue}. Tickets from {money}",
        "Save the date: {event_name} returns to {L:city} in {T:period}", "Webinar: {topic} — {T:date}, {T:clock}",
        "RSVP by {T:date} to {email}", "{event_name} at {B} {L:local}: {T:date} from {T:clock} to {T:clock}",
        "You're invited! {event_name} · {T:dater} · {L:citystate}", "{event_name}\n{T:date} | {T:clockr}\n{L:venue}",
        "Tickets on sale {T:date} at {T:clock}", "{B} presents {event_name} — {L:city}, {T:date}",
        "Doors {T:clock} / Show {T:clock} / {L:venue}", "Join us {T:when} at {L:local} for {event_name}!",
        "{event_name} is coming to {L:citystate} {T:date} 🎉", "One night only: {event_name} at {L:venue}",
        "{T:days} at {L:local}: {event_name}, {T:clockr}", "{event_name} | {T:date} | Virtual",
        "Meet the {B} team at booth {num}, {L:venue}, {T:dater}", "Grand opening {T:date} — {B} {L:local}",
        "Free samples {T:when} at {B} {L:hood}", "Registration closes {T:deadline}. {CTA}",
        "Limited spots! {event_name} with {B}, {T:date}, {L:city}", "{L:city} {event_name} — {T:holiday} edition",
        "Come celebrate {T:holiday} with {B} at {L:venue} 🎉", "Family fun day at {L:venue}: {T:date}, {T:clockr}. Free entry!",
        "{event_name} ({L:city}): {T:date} · {money}", "Early-bird tickets end {T:deadline}",
        "Meet & greet at {B} {L:local}, {T:day} {T:clock}", "{B} Summit {T:year} — {L:city}, {T:dater}",
        "{event_name}: {L:venue}, {T:date} @ {T:clock}", "Last call for {event_name}: {T:reld} at {T:clock}",
        "Join {B} at {L:venue} {T:when} for {event_name}",
        "Pop-up alert! {L:local}, {T:dater}, {T:clockr}",
    ],
    # ------------------------------------------------------------------ body copy
    "body": [
        "{sent} {sent}", "{sent} {sent} {sent}", "{sent} {sent} {cta}.", "{sent}\n\n{sent} {cta}.",
        "{sent} {sent} {sent} {legal}", "{sent} {legal}", "{greeting}, {sent} {sent}",
        "{sent} {sent}\n{cta} →", "{S:body_open} {sent} {cta}.", "{S:body_open} {sent} {legal}",
    ],
    "sent": [
        "{S:line}", "{S:line}", "{S:line}", "{line}", "{line}", "{line}", "{store_line}", "{ship_line}",
    ],
    "line": [
        "This {T:season}, {B} is bringing back our best-selling {product}.",
        "For a limited time: {offer}.", "Don't miss it: {offer} {deadline}.", "Our {distractor} is on now.",
        "Save big: {offer} {deadline}.", "Members get early access starting {T:date}.",
        "Sign up and get {offer}.", "Everything you love, now {offer}.",
        "Join {crowd} happy customers.", "Discover the new {B} range of {product}.",
        "Fresh drops every {T:day}.", "Treat yourself {T:when}.", "Big news: we're opening in {L:city} {T:period}!",
        "From {L:city} to {L:city}, {B} has you covered.", "Celebrate {T:holiday} with {offer}.",
        "It's our biggest sale of the year.", "Handpicked {product} you'll love.",
        "Don't miss {T:holiday} deals on {product}.", "Order by {T:date} for delivery before {T:holiday}.",
        "Made for everyday life.", "Questions? Our team is here to help.",
        "Your favorites are back in stock.", "Stock up before they're gone.",
        "Shipping to {L:country} and {L:country} is free {T:relp}.",
        "Rated 4.8 stars by {crowd} customers.", "Crafted with care, built to last.",
        "New customers get {offer}.", "Available in stores and online.",
        "Now open in {L:city} and {L:city}.", "Coming to {L:city}, {L:city} and {L:city} {T:relp}.",
        "Available in {L:country0}, {L:country0} and {L:country0} from {T:date}.",
        "{B} and {B2} are teaming up {T:when}.", "Pop-ups in {L:city} & {L:city} {T:dater}.",
        "{B} is now shipping to {L:country0} and {L:region}.", "Find {B} at {L:local} or {L:local}.",
        "{B} stores in {L:state} and {L:state} close early on {T:holiday}.",
        "{B} is closed on {T:holiday} so our team can spend it with family.", "{B} opens its first store in {L:city} on {T:date}.", "{B} brings back the {product} {T:when}.",
        "Order {B} before {T:clock} for same-day delivery.", "Free shipping on all {B} orders {T:relp}.", "{B} delivers to {L:city} in under 30 minutes.",
        "{B} and {B2} launch a {product} collab in {L:country0}.", "Thousands of shoppers chose {B} {T:past}.", "{B} now accepts returns at any store in {L:state}.",
        "Get {offer} when you pay with the {B} app.", "{B} has been serving {L:city} since {T:year}.", "Every {B} order ships free {T:relp}.",
    ],
    "line_fashion": [
        "Our {T:season} collection is inspired by the streets of {L:city}.", "Layer up in our softest {product} yet.",
        "Free returns, always.", "Find your fit in sizes XS–4X.", "Bestselling {product} now in {num} new shades.",
    ],
    "line_beauty": [
        "Dermatologist-tested and fragrance-free.", "Your new go-to {product} is here.",
        "Get a free consultation in store at {B} {L:local}.", "Clean, vegan and cruelty-free.",
    ],
    "line_food": [
        "Our {T:season} menu is here, featuring {product}.", "Order ahead in the app and skip the line.",
        "Now delivering to {L:local}.", "Happy hour runs {T:days} {T:clockr}.",
        "Try the new {product}, available for a limited time.",
    ],
    "line_drinks": [
        "Best served ice cold.", "Please enjoy responsibly.", "Grab a case of {product} for {T:holiday}.",
        "Brewed in {L:city} since {T:year}.",
    ],
    "line_grocery": [
        "Fresh groceries delivered in as little as 1 hour.", "Same-day delivery is now available in {L:city}.",
        "Stock up on {product} for {T:holiday}.", "Prices valid {T:dater} at participating stores.",
    ],
    "line_travel": [
        "Book by {T:date} for travel {T:dater}.", "Fly nonstop from {L:city} to {L:city}.",
        "Discover {L:place} with {offer}.", "Stays at our {L:local} hotel start from {money}/night.",
        "Blackout dates apply.", "Earn double miles on flights to {L:region}.",
    ],
    "line_auto": [
        "Visit your local {B} dealer in {L:city}.", "Lease offers end {T:deadline}.",
        "Book a test drive {T:when}.", "0% APR available to well-qualified buyers.",
    ],
    "line_finance": [
        "Apply in minutes and get a decision instantly.", "Offer available to new customers in {L:country}.",
        "Your statement for {T:period} is ready to view.", "Payments made after {T:clock} may take longer to post.",
        "No foreign transaction fees, anywhere.",
    ],
    "line_telecom": [
        "5G coverage now reaches {num} cities across {L:country}.", "Switch {T:when} and get {offer}.",
        "Fiber is now live in {L:local}.", "Bring your own phone and keep your number.",
    ],
    "line_tech": [
        "The new {B} is available to pre-order {T:reld}.", "In stores {T:date}.",
        "Trade in your old device and save.", "Shipping to {L:country} from {T:date}.",
    ],
    "line_apps": [
        "Your free trial ends {T:date}.", "Cancel anytime.", "New episodes drop every {T:day}.",
        "Now available in {L:country}.",
    ],
    "line_fitness": [
        "Classes run {T:days} {T:clockr} at {B} {L:local}.", "Your first class is on us.",
        "Join {T:when} and pay no joining fee.",
    ],
    "line_home": [
        "Free delivery on furniture over {money}.", "Design services are free at our {L:local} showroom.",
        "Try it for 100 nights, risk-free.",
    ],
    "body_open": [
        "{greeting},", "Big news!", "Good news, {name}!", "{B} here 👋", "It's official.", "Hey there,",
        "Psst, {name}…", "The wait is over.",
    ],
    "store_line": [
        "Our {L:hood} store is open {T:clockr} {T:dater}.", "Find us at {L:venue}, {L:city}.",
        "Now open at {L:local}, {L:city}.", "Visit us in {L:hood} for in-store exclusives.",
        "Open late {T:days} until {T:clock}.", "Pickup is available at {B} {L:citystate}.",
        "Holiday hours: {T:holiday} {T:clockr}.", "Our {L:city} flagship reopens {T:date}.",
        "Find your nearest {B} in {L:state}.",
    ],
    "ship_line": [
        "Free standard shipping on orders over {money}.", "Order by {T:date} for guaranteed delivery by {T:holiday}.",
        "Ships to {L:country} in 2–4 business days.", "Free next-day delivery for members.",
        "Express delivery available across {L:region}.", "Order before {T:clock} for same-day dispatch.",
    ],
    "legal": [
        "Offer valid {T:dater} in participating stores only.", "*Terms apply. Not valid with other offers.",
        "Ends {T:date} at {T:clock}.", "Excludes gift cards. While supplies last.",
        "Offer ends {T:deadline}. See site for details.", "Valid in {L:country0} only.",
        "Prices valid {T:dater}.", "Exclusions apply.", "Online only. Limit one per customer.",
        "Available at participating locations in {L:region}.", "Offer expires {T:date} at {T:clock}.",
        "18+ only.", "See store for details.", "©{T:year} {B}. All rights reserved.",
        "Unsubscribe anytime.", "Min. spend {money}. One use per customer.",
    ],
}

# Top-level rules, one per row kind (campaign names are built in Python).
KINDS: tuple[str, ...] = ("headline", "body", "email_subject", "sms", "push", "social", "event")

GENERIC_HASHTAGS: list[str] = [
    "#sale", "#ootd", "#shoplocal", "#giveaway", "#ad", "#sponsored", "#newin", "#foodie",
    "#skincareroutine", "#techdeals", "#roadtrip", "#travelgram", "#fitfam", "#gaming", "#deals",
    "#treatyourself", "#smallbusiness", "#musthave", "#instagood", "#newarrivals", "#flashsale",
    "#fyp", "#foryou", "#haul", "#unboxing", "#selfcare", "#grwm", "#styleinspo", "#eats",
    "#coffeetime", "#carsofinstagram", "#wanderlust", "#bookworm", "#pcgaming", "#homedecor",
]

FIRST_NAMES: list[str] = [
    "Sarah", "James", "Priya", "Mohammed", "Olivia", "Liam", "Noah", "Ava", "Sofia", "Lucas",
    "Mia", "Ethan", "Chloe", "Aiden", "Zoe", "Daniel", "Hannah", "Ravi", "Aisha", "Wei", "Yuki",
    "Carlos", "Maria", "Fatima", "Kwame", "Amara", "Diego", "Ana", "Jack", "Grace", "Leo",
    "Isla", "Oscar", "Ruby", "Arjun", "Mei", "Tom", "Kate", "Ben", "Lily", "Sam", "Alex",
    "Taylor", "Chris", "Nina", "Marco", "Elena", "Tariq", "Nadia", "Jamal", "Keisha", "Hiro",
    "Sven", "Ingrid", "Pierre", "Camille", "Luca", "Giulia", "Hugo", "Lea", "Tobi", "Chidi",
    "Rosa", "Omar", "Layla", "Finn", "Freya", "Mateo", "Valentina", "Anika", "Jonah", "Bea",
    "there", "friend", "bestie", "valued customer", "team",
]

# Product nouns per sector (plural or mass nouns; "{Product}" title-cases them).
PRODUCTS: dict[str, list[str]] = {
    "fashion": [
        "sneakers", "running shoes", "hoodies", "denim", "jackets", "leggings", "tees", "dresses",
        "activewear", "outerwear", "swimwear", "accessories", "bags", "boots", "sandals", "joggers",
        "puffer jackets", "knitwear", "trainers", "socks", "caps", "sunglasses", "watches", "jewelry",
    ],
    "beauty": [
        "skincare", "lipstick", "mascara", "serums", "moisturizers", "fragrance", "foundation",
        "SPF", "cleansers", "eyeshadow palettes", "nail polish", "haircare", "body lotion",
        "lip gloss", "face masks", "concealer", "blush", "hair oil", "dry shampoo", "gift sets",
    ],
    "food": [
        "burgers", "fries", "tacos", "pizza", "nuggets", "breakfast sandwiches", "wings", "burritos",
        "salads", "milkshakes", "combo meals", "family bundles", "lattes", "donuts", "bowls",
        "chicken sandwiches", "smoothies", "bagels", "sides", "desserts", "cold brew",
    ],
    "drinks": [
        "cold brew", "lattes", "energy drinks", "sparkling water", "lager", "craft beer", "seltzer",
        "iced tea", "soda", "cocktails", "rosé", "whisky", "tequila", "espresso pods", "mocktails",
        "sports drinks", "kombucha", "zero-sugar cola", "variety packs",
    ],
    "grocery": [
        "groceries", "fresh produce", "meal kits", "snacks", "weekly essentials", "pantry staples",
        "frozen pizza", "organic veggies", "baby essentials", "household basics", "bakery items",
        "dairy", "seafood", "deli favorites",
    ],
    "snacks": [
        "chips", "cookies", "chocolate", "candy", "cereal", "ice cream", "protein bars", "crackers",
        "popcorn", "gummies", "snack packs", "yogurt", "sauces", "pasta",
    ],
    "retail": [
        "electronics", "home goods", "toys", "gifts", "kitchenware", "home decor", "pet supplies",
        "TVs", "books", "beauty", "furniture", "luggage", "sporting goods", "school supplies",
        "gift cards", "video games", "appliances", "bedding",
    ],
    "home": [
        "sofas", "mattresses", "bedding", "rugs", "lighting", "outdoor furniture", "cookware",
        "vacuums", "storage", "air purifiers", "towels", "coffee makers", "grills", "candles",
        "tumblers", "blenders", "power tools", "paint",
    ],
    "tech": [
        "phones", "laptops", "headphones", "earbuds", "smartwatches", "tablets", "TVs", "speakers",
        "gaming laptops", "cameras", "chargers", "monitors", "keyboards", "smart home devices",
        "VR headsets", "drones", "cases", "power banks",
    ],
    "apps": [
        "subscriptions", "annual plans", "premium plans", "Pro plans", "playlists", "courses",
        "audiobooks", "podcasts", "rides", "templates", "family plans", "student plans",
    ],
    "gaming": [
        "games", "consoles", "controllers", "gaming headsets", "season passes", "DLC", "skins",
        "collectibles", "board games", "trading cards", "toys", "game keys", "bundles",
    ],
    "auto": [
        "SUVs", "EVs", "trucks", "sedans", "hybrids", "lease deals", "test drives", "service specials",
        "tires", "oil changes", "certified pre-owned cars", "crossovers", "accessories", "motorcycles",
    ],
    "travel": [
        "flights", "hotel stays", "getaways", "weekend breaks", "cruises", "vacation packages",
        "round-trip fares", "room upgrades", "rental cars", "all-inclusive resorts", "city breaks",
        "train tickets", "day passes", "theme park tickets",
    ],
    "finance": [
        "credit cards", "savings accounts", "checking accounts", "cashback cards", "travel rewards",
        "mortgages", "personal loans", "car insurance", "investing", "ETFs", "crypto", "business accounts",
        "home insurance", "pet insurance",
    ],
    "telecom": [
        "unlimited plans", "5G plans", "phones", "home internet", "fiber broadband", "prepaid plans",
        "family plans", "SIM-only deals", "tablets", "smartwatches", "TV bundles", "eSIMs",
    ],
    "fitness": [
        "memberships", "classes", "bikes", "trackers", "smart rings", "personal training",
        "protein powder", "supplements", "rowers", "treadmills", "yoga mats", "recovery tools",
    ],
}

EMOJI_GENERIC: list[str] = [
    "🔥", "⚡", "🎉", "🛍️", "✨", "❤️", "👀", "🙌", "⏰", "🚨", "💥", "🎁", "😍", "💯", "👇", "✅", "🤩",
    "🥳", "💸", "🛒", "📣", "👏", "😱", "⭐", "🙏", "💫", "🌟", "👉", "🏷️", "📦",
]
EMOJI_SECTOR: dict[str, list[str]] = {
    "fashion": ["👟", "👗", "🧥", "👜", "🕶️", "💃"], "beauty": ["💄", "💅", "🧴", "💋", "🌸"],
    "food": ["🍔", "🍟", "🌮", "🍕", "🍩", "☕", "🥤"], "drinks": ["🍻", "🥂", "🍹", "🥤", "☕"],
    "grocery": ["🥑", "🍎", "🥦", "🛒"], "snacks": ["🍫", "🍪", "🍿", "🍦"], "retail": ["🛍️", "🎁", "📦"],
    "home": ["🛋️", "🏡", "🛏️", "🕯️"], "tech": ["📱", "💻", "🎧", "⌚", "📸"], "apps": ["📲", "🎬", "🎵", "📚"],
    "gaming": ["🎮", "🕹️", "👾", "🏆"], "auto": ["🚗", "🚙", "⚡", "🏁"], "travel": ["✈️", "🌴", "🏖️", "🧳", "🌍"],
    "finance": ["💳", "💰", "📈", "🏦"], "telecom": ["📶", "📱", "📡"], "fitness": ["💪", "🏃", "🧘", "🚴", "🏋️"],
}
