"""Trigger phrases for IPTC Media Topics, written for newswired.

Labels alone are poor rules ("international relations" rarely stands in a text); these are the
words reporters use. Lower-case phrases match in any case; phrases with capitals match as
written. Keys are Media Topic qcodes of the top two levels (and a few level-3 topics that news
desks ask for by name). Phrases are whole words: list plural forms.
"""

TRIGGERS = {
    # politics and government
    "medtop:11000000": "politics|political|politician|politicians|lawmakers|parliament|parliamentary|opposition party|ruling party|Bundestag|Kremlin|White House",
    "medtop:20000574": "election|elections|vote|voters|ballot|ballots|polling station|polling stations|electoral|candidate|candidates|campaign trail|runoff|referendum|Wahl|Wahlen",
    "medtop:20000593": "government|cabinet|prime minister|president|chancellor|minister|ministers|ministry|coalition government",
    "medtop:20000621": "policy|policies|legislation|bill passed|reform plan",
    "medtop:20000638": "international relations|bilateral relations|relations between|foreign minister|foreign ministers|foreign policy|secretary of state|state department|foreign office|ambassador|ambassadors|embassy",
    "medtop:20000639": "diplomacy|diplomatic|diplomats|diplomat|talks|negotiations|negotiators|envoy|summit|visit to|Diplomatie",
    "medtop:20000640": "summit|summit meeting|G7 summit|G20 summit",
    "medtop:20000641": "treaty|treaties|accord|peace deal|agreement signed",
    "medtop:20000642": "sanctions|sanction|embargo|embargoes|asset freeze|export ban|blacklisted|Sanktionen",
    "medtop:20000645": "refugee|refugees|asylum seekers|asylum seeker|displaced people|internally displaced|refugee camp|Flüchtlinge",
    "medtop:20000646": "non-governmental organisation|non-governmental organization|NGO|NGOs|charity|aid group",
    "medtop:20000648": "political prisoner|political prisoners|dissident|dissidents",
    # conflict, war and peace
    "medtop:16000000": "war|conflict|conflicts|fighting|military|troops|soldiers|Krieg",
    "medtop:20000053": "terror attack|terrorist attack|terrorist|terrorists|suicide bomber|suicide bombing|jihadist|jihadists|Islamic State|al-Qaeda",
    "medtop:20000056": "armed conflict|fighting|offensive|shelling|airstrike|airstrikes|air strike|air strikes|rebels|separatist rebels|separatists|insurgents|militants|frontline|front line|ceasefire|cease-fire|troops|artillery|missile|missiles|drone strike|casualties",
    "medtop:20000065": "protest|protests|protesters|demonstration|demonstrators|riot|riots|unrest|tear gas",
    "medtop:20000070": "coup|coup d'etat|coup d'état|military takeover|junta",
    "medtop:20000071": "massacre|massacres|mass killing",
    "medtop:20000073": "peace process|peace talks|peace deal|peace agreement|peace plan|peace negotiations|truce|ceasefire|cease-fire|armistice",
    "medtop:20000077": "reconstruction|rebuilding",
    "medtop:20001361": "cyberattack|cyber attack|cyberattacks|cyber warfare|hackers|hacking",
    "medtop:20001377": "civilian casualties|war victims|prisoners of war|POWs",
    # crime, law and justice
    "medtop:02000000": "police|court|judge|prosecutor|prosecutors|crime|criminal",
    "medtop:20000082": "crime|crimes|murder|murdered|robbery|fraud|theft|arrested|suspect|suspects|homicide|kidnapping|smuggling|corruption",
    "medtop:20000106": "court|courts|judge|judges|supreme court|ruling|verdict|tribunal|jury",
    "medtop:20000121": "law|laws|legislation|legal|lawsuit|lawyers|constitution",
    "medtop:20000129": "police|policemen|police officers|arrest|arrests|investigators|FBI|Interpol",
    # disaster, accident and emergency incident
    "medtop:03000000": "disaster|emergency|accident|catastrophe",
    "medtop:20000139": "accident|crash|collision|derailment|derailed|explosion|plane crash|car crash|capsized",
    "medtop:20000148": "disaster|earthquake|quake|flood|floods|flooding|hurricane|typhoon|cyclone|tsunami|wildfire|wildfires|landslide|volcano|eruption|drought|avalanche",
    "medtop:20000168": "rescue workers|rescuers|emergency services|evacuation|evacuated|first responders|relief effort",
    # economy, business and finance
    "medtop:04000000": "economy|economic|business|finance|financial|market|markets|Wirtschaft",
    "medtop:20000344": "economy|economic growth|gross domestic product|GDP|inflation|recession|interest rates|central bank|unemployment rate|exports|imports|trade deficit|tariffs|tariff",
    "medtop:20000349": "company|companies|firm|corporation|chief executive|CEO|shareholders|merger|acquisition|takeover bid",
    "medtop:20000170": "quarterly results|earnings|profit|revenue|annual report",
    "medtop:20000209": "products|services|carmaker|retailer|airline|manufacturer",
    "medtop:20000385": "stock market|stocks|shares|share price|stock exchange|bond yields|currency|exchange rate|Dow Jones|Nasdaq|oil price|oil prices|commodities|investors",
    # education
    "medtop:05000000": "education|school|schools|university|universities|students|teachers|pupils",
    "medtop:20000400": "school|schools|pupils|classroom",
    "medtop:20000415": "students|student",
    "medtop:20000416": "teachers|teacher",
    # environment
    "medtop:06000000": "environment|environmental|pollution|climate|biodiversity|Umwelt",
    "medtop:20000418": "climate change|global warming|greenhouse gas|greenhouse gases|carbon emissions|emissions|net zero|Paris agreement|COP28|COP29|COP30|Klimawandel",
    "medtop:20000420": "conservation|endangered species|wildlife|national park",
    "medtop:20000424": "pollution|polluted|smog|oil spill|plastic waste|toxic waste",
    "medtop:20000430": "natural resources|mining|deforestation|water shortage",
    "medtop:20001374": "sustainability|sustainable|renewable energy|renewables",
    # health
    "medtop:07000000": "health|hospital|hospitals|doctors|patients|disease|medical|Gesundheit",
    "medtop:20000446": "disease|diseases|virus|infection|infections|cancer|diabetes|outbreak|epidemic|pandemic|COVID-19|coronavirus|Ebola|cholera|malaria|measles|HIV",
    "medtop:20000461": "hospital|hospitals|clinic|clinics",
    "medtop:20001358": "public health|vaccination|vaccine|vaccines|WHO",
    # human interest
    "medtop:08000000": "human interest",
    "medtop:20000498": "award|awards|prize|Nobel Prize|Oscar|Oscars|laureate",
    "medtop:20000505": "celebrity|celebrities|pop star|film star|Hollywood",
    "medtop:20001237": "anniversary",
    # labour
    "medtop:09000000": "workers|labour|labor|jobs|employment",
    "medtop:20000509": "jobs|employment|employees|hiring|layoffs|job cuts",
    "medtop:20000524": "labour dispute|labor dispute|wage talks|collective bargaining|strike|strikes|walkout",
    "medtop:20000533": "unemployment|jobless|unemployed",
    "medtop:20000536": "trade union|trade unions|labour union|labor union|unions|union leaders",
    # religion
    "medtop:12000000": "religion|religious|church|mosque|synagogue|temple|Pope|Vatican|Muslims|Christians|Jews|Islam|Christianity|Judaism|Buddhist|Hindu",
    "medtop:20000703": "Pope|pope|archbishop|imam|rabbi|bishop|patriarch|Dalai Lama",
    # science and technology
    "medtop:13000000": "science|scientists|research|researchers|technology|study published",
    "medtop:20000735": "researchers|study|studies|scientists|experiment",
    "medtop:20000756": "technology|tech|artificial intelligence|AI|software|smartphone|semiconductor|semiconductors|chips|internet|cybersecurity",
    "medtop:20000717": "physics|chemistry|biology|astronomy|astronomers|space|NASA|satellite|rocket",
    # society
    "medtop:14000000": "society|social|community|communities",
    "medtop:20000771": "immigration|immigrants|migrants|migration|border crossings|deportation|deported",
    "medtop:20000775": "discrimination|racism|racist|sexism|antisemitism|hate speech",
    "medtop:20000587": "human rights|civil rights|freedom of speech|press freedom|rights groups|Amnesty International|Human Rights Watch",
    "medtop:20000802": "poverty|homelessness|homeless|hunger|famine|addiction",
    # sport
    "medtop:15000000": "sport|sports|football|soccer|tennis|basketball|cricket|rugby|cycling|athletics|Olympics|Olympic|World Cup|Bundesliga|Premier League|Champions League|championship|tournament|match|goal|goals|striker|coach|Sport|Fußball",
    "medtop:20001108": "Olympics|Olympic Games|World Cup|Grand Prix|Grand Slam|Tour de France|championship|championships|tournament|final",
    "medtop:20001104": "doping|anti-doping|WADA",
    "medtop:20001125": "FIFA|UEFA|IOC|International Olympic Committee",
    # weather
    "medtop:17000000": "weather|forecast|temperatures|heatwave|heat wave|rainfall|snowfall|storm|storms|Wetter",
    "medtop:20001129": "storm|storms|heatwave|heat wave|blizzard|hurricane|typhoon|thunderstorms|tornado",
    "medtop:20001131": "weather warning|storm warning|red alert|flood warning",
    # arts, culture, entertainment and media
    "medtop:01000000": "arts|culture|cultural|film|films|movie|music|museum|theatre|theater|festival|Kultur",
    "medtop:20000002": "film|films|movie|movies|concert|album|band|singer|actor|actress|festival|exhibition|novel|Netflix",
    "medtop:20000038": "culture|cultural heritage|heritage|UNESCO World Heritage",
    "medtop:20000045": "media|journalist|journalists|newspaper|broadcaster|television|press freedom|social media",
    # lifestyle and leisure
    "medtop:10000000": "lifestyle|leisure|travel|tourism|tourists|holiday|vacation",
    "medtop:20000538": "leisure|hobby|travel|tourism|tourists",
}

# Topics that carry much meaning in one mention (a title word alone should be enough).
STRONG = {
    "medtop:20000642", "medtop:20000053", "medtop:20000070", "medtop:20000071", "medtop:20000148",
    "medtop:20000418", "medtop:20001104", "medtop:20000574", "medtop:20000645",
}
