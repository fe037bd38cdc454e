"""The government gazetteer: the words news uses for a state, mapped to its ISO 3166 alpha-2 code.

pycountry supplies the formal country names (see `governments._lexicon`); this module adds what it
lacks and what readouts actually say: short forms ("US", "Britain"), demonyms ("Chinese"),
capitals and seats of government used as metonyms ("Beijing", "the Kremlin", "White House"), and
Russian and Japanese forms. It also lists geographic names that merely *contain* a country name
("South China Sea", "Sea of Japan", "New Mexico") so the matcher can consume them without emitting a
government. Data only; no logic.
"""

from __future__ import annotations

# Short and common names, abbreviations (case-sensitive surfaces).
ALIASES: dict[str, str] = {
    "US": "US", "U.S.": "US", "U.S": "US", "USA": "US", "U.S.A.": "US", "United States": "US",
    "United States of America": "US", "America": "US",
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB", "United Kingdom": "GB",
    "Russia": "RU", "Russian Federation": "RU",
    "China": "CN", "PRC": "CN", "P.R.C.": "CN", "People's Republic of China": "CN",
    "Mainland China": "CN", "mainland China": "CN",
    "Taiwan": "TW", "Chinese Taipei": "TW", "Republic of China": "TW", "ROC": "TW",
    "Japan": "JP", "Nippon": "JP",
    "South Korea": "KR", "Korea": "KR", "Republic of Korea": "KR", "ROK": "KR",
    "North Korea": "KP", "DPRK": "KP", "D.P.R.K.": "KP", "Democratic People's Republic of Korea": "KP",
    "Ukraine": "UA", "Iran": "IR", "Syria": "SY", "Vietnam": "VN", "Viet Nam": "VN", "Laos": "LA",
    "Moldova": "MD", "Bolivia": "BO", "Venezuela": "VE", "Tanzania": "TZ", "Brunei": "BN",
    "Turkey": "TR", "Türkiye": "TR", "Turkiye": "TR", "Czechia": "CZ", "Czech Republic": "CZ",
    "Holland": "NL", "The Netherlands": "NL", "Netherlands": "NL",
    "UAE": "AE", "U.A.E.": "AE", "United Arab Emirates": "AE", "Emirates": "AE",
    "Saudi Arabia": "SA", "KSA": "SA",
    "Ivory Coast": "CI", "Côte d'Ivoire": "CI", "Cote d'Ivoire": "CI",
    "DR Congo": "CD", "DRC": "CD", "Democratic Republic of the Congo": "CD",
    "Republic of the Congo": "CG", "Congo-Brazzaville": "CG",
    "Burma": "MM", "Myanmar": "MM", "East Timor": "TL", "Timor-Leste": "TL",
    "Vatican": "VA", "Holy See": "VA", "Palestine": "PS", "Kosovo": "XK",
    "Macedonia": "MK", "North Macedonia": "MK", "Swaziland": "SZ", "Eswatini": "SZ",
    "Cape Verde": "CV", "Micronesia": "FM",
    "Hong Kong": "HK", "Macau": "MO", "Macao": "MO",
    "Georgia": "GE", "Jordan": "JO", "Chad": "TD", "Israel": "IL",
}

# Forms that need a hyphen after them to be a government ("Sino-US", "Russo-Japanese").
PREFIX_FORMS: dict[str, str] = {"Sino": "CN", "Russo": "RU", "Franco": "FR", "Anglo": "GB"}

DEMONYMS: dict[str, str] = {
    "American": "US", "Americans": "US", "US-led": "US",
    "British": "GB", "Briton": "GB", "Britons": "GB", "Brits": "GB",
    "Russian": "RU", "Russians": "RU",
    "Chinese": "CN",
    "Taiwanese": "TW",
    "Japanese": "JP",
    "South Korean": "KR", "South Koreans": "KR", "North Korean": "KP", "North Koreans": "KP",
    "Ukrainian": "UA", "Ukrainians": "UA",
    "Belarusian": "BY", "Belarusians": "BY",
    "French": "FR", "German": "DE", "Germans": "DE", "Italian": "IT", "Italians": "IT",
    "Spanish": "ES", "Portuguese": "PT", "Dutch": "NL", "Belgian": "BE", "Swiss": "CH",
    "Austrian": "AT", "Swedish": "SE", "Norwegian": "NO", "Danish": "DK", "Finnish": "FI",
    "Polish": "PL", "Czech": "CZ", "Slovak": "SK", "Hungarian": "HU", "Romanian": "RO",
    "Bulgarian": "BG", "Greek": "GR", "Serbian": "RS", "Croatian": "HR", "Estonian": "EE",
    "Latvian": "LV", "Lithuanian": "LT", "Irish": "IE", "Icelandic": "IS", "Turkish": "TR",
    "Georgian": "GE", "Armenian": "AM", "Azerbaijani": "AZ", "Kazakh": "KZ", "Kazakhstani": "KZ",
    "Uzbek": "UZ", "Kyrgyz": "KG", "Tajik": "TJ", "Turkmen": "TM", "Mongolian": "MN",
    "Indian": "IN", "Indians": "IN", "Pakistani": "PK", "Bangladeshi": "BD", "Sri Lankan": "LK",
    "Nepali": "NP", "Nepalese": "NP", "Afghan": "AF",
    "Iranian": "IR", "Iranians": "IR", "Iraqi": "IQ", "Syrian": "SY", "Israeli": "IL",
    "Israelis": "IL", "Palestinian": "PS", "Palestinians": "PS", "Lebanese": "LB",
    "Jordanian": "JO", "Saudi": "SA", "Emirati": "AE", "Qatari": "QA", "Kuwaiti": "KW",
    "Omani": "OM", "Yemeni": "YE", "Egyptian": "EG", "Libyan": "LY", "Tunisian": "TN",
    "Algerian": "DZ", "Moroccan": "MA", "Sudanese": "SD", "Ethiopian": "ET", "Kenyan": "KE",
    "Nigerian": "NG", "Ghanaian": "GH", "South African": "ZA", "Congolese": "CD",
    "Vietnamese": "VN", "Thai": "TH", "Cambodian": "KH", "Laotian": "LA", "Burmese": "MM",
    "Malaysian": "MY", "Singaporean": "SG", "Indonesian": "ID", "Filipino": "PH",
    "Philippine": "PH", "Australian": "AU", "Australians": "AU", "New Zealand": "NZ",
    "Canadian": "CA", "Canadians": "CA", "Mexican": "MX", "Brazilian": "BR", "Argentine": "AR",
    "Argentinian": "AR", "Chilean": "CL", "Colombian": "CO", "Peruvian": "PE",
    "Venezuelan": "VE", "Cuban": "CU", "Bolivian": "BO", "Ecuadorian": "EC",
    "Uruguayan": "UY", "Paraguayan": "PY", "Panamanian": "PA", "Nicaraguan": "NI",
    "Moldovan": "MD", "Slovenian": "SI", "Bosnian": "BA", "Albanian": "AL", "Montenegrin": "ME",
    "Cypriot": "CY", "Maltese": "MT", "Luxembourgish": "LU",
}

# Capitals and seats of government used as metonyms ("Beijing said", "talks with Moscow").
CAPITALS: dict[str, str] = {
    "Washington": "US", "Washington, D.C.": "US", "Washington DC": "US", "Washington D.C.": "US",
    "Beijing": "CN", "Peking": "CN", "Tokyo": "JP", "Moscow": "RU", "Kyiv": "UA", "Kiev": "UA",
    "London": "GB", "Paris": "FR", "Berlin": "DE", "Rome": "IT", "Madrid": "ES", "Lisbon": "PT",
    "Brussels": "BE", "The Hague": "NL", "Bern": "CH", "Vienna": "AT", "Stockholm": "SE",
    "Oslo": "NO", "Copenhagen": "DK", "Helsinki": "FI", "Warsaw": "PL", "Prague": "CZ",
    "Budapest": "HU", "Bucharest": "RO", "Sofia": "BG", "Athens": "GR", "Belgrade": "RS",
    "Ankara": "TR", "Tbilisi": "GE", "Yerevan": "AM", "Baku": "AZ", "Minsk": "BY",
    "Astana": "KZ", "Tashkent": "UZ", "Ulaanbaatar": "MN", "Seoul": "KR", "Pyongyang": "KP",
    "Taipei": "TW", "New Delhi": "IN", "Islamabad": "PK", "Dhaka": "BD", "Kabul": "AF",
    "Tehran": "IR", "Baghdad": "IQ", "Damascus": "SY", "Jerusalem": "IL", "Riyadh": "SA",
    "Abu Dhabi": "AE", "Doha": "QA", "Cairo": "EG", "Hanoi": "VN", "Bangkok": "TH",
    "Manila": "PH", "Jakarta": "ID", "Kuala Lumpur": "MY", "Canberra": "AU", "Wellington": "NZ",
    "Ottawa": "CA", "Mexico City": "MX", "Brasilia": "BR", "Brasília": "BR", "Buenos Aires": "AR",
    "Havana": "CU", "Caracas": "VE", "Pretoria": "ZA", "Nairobi": "KE", "Abuja": "NG",
    "Addis Ababa": "ET", "Vilnius": "LT", "Riga": "LV", "Tallinn": "EE", "Dublin": "IE",
    "Chisinau": "MD", "Phnom Penh": "KH", "Vientiane": "LA", "Naypyidaw": "MM",
}

# Seats and organs of government that stand for the state itself.
INSTITUTIONS: dict[str, str] = {
    "White House": "US", "Pentagon": "US", "State Department": "US", "Department of State": "US",
    "Department of War": "US", "Department of Defense": "US", "Foggy Bottom": "US",
    "Oval Office": "US", "Capitol Hill": "US",
    "Kremlin": "RU", "Zhongnanhai": "CN", "Great Hall of the People": "CN",
    "Downing Street": "GB", "Whitehall": "GB", "Elysee": "FR", "Élysée": "FR",
    "Elysee Palace": "FR", "Élysée Palace": "FR", "Quai d'Orsay": "FR",
    "Blue House": "KR", "Kantei": "JP", "Kasumigaseki": "JP", "Chancellery": "DE",
    "Bankova": "UA",
}

# Phrases that contain a country word but are not a mention of that government. Matched so that
# they consume the words, and then dropped.
NOT_GOVERNMENT: frozenset[str] = frozenset({
    "South China Sea", "South China Seas", "East China Sea", "East China Seas",
    "East and South China Seas", "South and East China Seas", "South China Morning Post",
    "Sea of Japan", "Japan Sea", "Korean Peninsula", "Korea Strait", "Taiwan Strait",
    "Taiwan Straits", "Philippine Sea", "Gulf of Mexico", "New Mexico", "New Jersey",
    "Indian Ocean", "Indian Oceans", "Arabian Sea", "Persian Gulf", "Arabian Peninsula",
    "Latin America", "Latin American", "South America", "South American", "North America",
    "North American", "Central America", "Central American", "African American",
    "Native American", "American Indian", "Indo-Pacific", "Washington Post", "Washington Times",
    "George Washington", "Washington state", "Washington State", "New England", "English Channel",
    "Paris Agreement", "Paris Climate Agreement", "Turkish Stream", "Great Hall",
    "Russian roulette", "Chinese Taipei Olympic", "French fries", "Dutch auction",
    "Japanese Garden", "Chinese New Year", "Korean War", "Georgia Tech",
    "Jordan River", "Jordan Valley", "Israel Defense Forces",
})

# Country names that are also common given names or US states: accepted only in a context that
# reads like a country (see governments._looks_like_person).
AMBIGUOUS_NAMES: frozenset[str] = frozenset({"Jordan", "Chad", "Israel", "Georgia"})

# pycountry names skipped because in running text they are mostly something else.
SKIPPED_PYCOUNTRY_NAMES: frozenset[str] = frozenset({"Jersey", "Guernsey", "Man", "Isle of Man"})

# Russian: (pattern, code). Patterns cover case endings; matched case-sensitively for proper nouns
# and case-insensitively for adjectives (they start lower-case mid-sentence).
RUSSIAN_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"США", "US"),
    (r"Соедин[её]нн(?:ые|ых|ым|ыми)\s+Штат(?:ы|ов|ам|ами|ах)(?:\s+Америки)?", "US"),
    (r"Америк(?:а|и|е|у|ой)", "US"),
    (r"[Аа]мерикан\w*", "US"),
    (r"Белы(?:й|м|ого|ом)\s+(?:дом|доме|дома|дому|домом)", "US"),
    (r"Пентагон\w*", "US"),
    (r"Госдеп\w*", "US"),
    (r"Вашингтон(?:а|е|у|ом)?", "US"),
    (r"Росси(?:я|и|ю|ей)", "RU"),
    (r"Российск(?:ая|ой|ую|ие|их|ими|ом)\s+Федераци(?:я|и|ю|ей)", "RU"),
    (r"РФ", "RU"),
    (r"[Рр]оссийск\w*", "RU"),
    (r"Москв(?:а|ы|е|у|ой)", "RU"),
    (r"Кремл(?:ь|я|ю|ем|е)", "RU"),
    (r"Минобороны(?!\s+(?:США|[А-ЯЁ]))", "RU"),
    (r"Кита(?:й|я|ю|ем|е)", "CN"),
    (r"КНР", "CN"),
    (r"[Кк]итайск\w*", "CN"),
    (r"Пекин(?:а|е|у|ом)?", "CN"),
    (r"Япони(?:я|и|ю|ей)", "JP"),
    (r"[Яя]понск\w*", "JP"),
    (r"Токио", "JP"),
    (r"Украин(?:а|ы|е|у|ой)", "UA"),
    (r"[Уу]краинск\w*", "UA"),
    (r"Ки(?:ев|ив)(?:а|е|у|ом)?", "UA"),
    (r"Турци(?:я|и|ю|ей)", "TR"),
    (r"[Тт]урецк\w*", "TR"),
    (r"Анкар(?:а|ы|е|у|ой)", "TR"),
    (r"(?:Велико)?[Бб]ритани(?:я|и|ю|ей)", "GB"),
    (r"[Бб]ританск\w*", "GB"),
    (r"Лондон(?:а|е|у|ом)?", "GB"),
    (r"Германи(?:я|и|ю|ей)", "DE"),
    (r"ФРГ", "DE"),
    (r"[Нн]емецк\w*", "DE"),
    (r"Берлин(?:а|е|у|ом)?", "DE"),
    (r"Франци(?:я|и|ю|ей)", "FR"),
    (r"[Фф]ранцузск\w*", "FR"),
    (r"Париж(?:а|е|у|ем)?", "FR"),
    (r"Инди(?:я|и|ю|ей)", "IN"),
    (r"[Ии]ндийск\w*", "IN"),
    (r"Иран(?:а|е|у|ом)?", "IR"),
    (r"[Ии]ранск\w*", "IR"),
    (r"Израил(?:ь|я|ю|ем|е)", "IL"),
    (r"[Ии]зраильск\w*", "IL"),
    (r"Беларус(?:ь|и|ью)|Белорусси(?:я|и|ю|ей)", "BY"),
    (r"[Бб]елорусск\w*", "BY"),
    (r"Казахстан(?:а|е|у|ом)?", "KZ"),
    (r"[Кк]азахстанск\w*", "KZ"),
    (r"Тайван(?:ь|я|ю|ем|е)", "TW"),
    (r"[Тт]айваньск\w*", "TW"),
    (r"Северн(?:ая|ой|ую)\s+Коре(?:я|и|ю|ей)", "KP"),
    (r"КНДР", "KP"),
    (r"[Сс]еверокорейск\w*", "KP"),
    (r"Пхеньян\w*", "KP"),
    (r"Южн(?:ая|ой|ую)\s+Коре(?:я|и|ю|ей)", "KR"),
    (r"Республик(?:а|и|у|ой)\s+Коре(?:я|и|ю|ей)", "KR"),
    (r"[Юю]жнокорейск\w*", "KR"),
    (r"Сеул\w*", "KR"),
    (r"Грузи(?:я|и|ю|ей)", "GE"),
    (r"[Гг]рузинск\w*", "GE"),
    (r"Сири(?:я|и|ю|ей)", "SY"),
    (r"Канад(?:а|ы|е|у|ой)", "CA"),
    (r"Польш(?:а|и|е|у|ей)", "PL"),
    (r"[Пп]ольск\w*", "PL"),
    (r"НАТО|Евросоюз\w*", ""),  # consumed, no single government
)

# Japanese: longer words (checked first) and single-character abbreviations that only count in a
# compound ("日米", "米軍", "訪中") because alone they are ordinary characters (米 = rice, 中 = middle).
JAPANESE_WORDS: dict[str, str] = {
    "アメリカ": "US", "米国": "US", "合衆国": "US", "ホワイトハウス": "US", "国防総省": "US",
    "国務省": "US", "ワシントン": "US",
    "日本": "JP", "東京": "JP", "防衛省": "JP", "外務省": "JP", "首相官邸": "JP",
    "中国": "CN", "中華人民共和国": "CN", "北京": "CN",
    "ロシア": "RU", "モスクワ": "RU", "クレムリン": "RU",
    "韓国": "KR", "大韓民国": "KR", "ソウル": "KR",
    "北朝鮮": "KP", "朝鮮民主主義人民共和国": "KP", "平壌": "KP",
    "台湾": "TW", "台北": "TW", "ウクライナ": "UA", "キーウ": "UA", "キエフ": "UA",
    "英国": "GB", "イギリス": "GB", "フランス": "FR", "ドイツ": "DE", "イタリア": "IT",
    "インド": "IN", "オーストラリア": "AU", "豪州": "AU", "カナダ": "CA", "フィリピン": "PH",
    "ベトナム": "VN", "イラン": "IR", "イスラエル": "IL", "トルコ": "TR",
}
JAPANESE_ABBREVIATIONS: dict[str, str] = {
    "日": "JP", "米": "US", "中": "CN", "露": "RU", "韓": "KR", "朝": "KP", "英": "GB",
    "仏": "FR", "独": "DE", "豪": "AU", "印": "IN", "台": "TW",
}
