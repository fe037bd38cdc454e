"""Titles and roles: the words that introduce a person and say whether they speak for a state.

Shared by `people` (finding "Japanese Defense Minister Shinjiro Koizumi") and `quotes` (deciding
that a spokesperson's words are a government's and a professor's are not). Data plus two tiny
classification helpers; no text scanning here.
"""

from __future__ import annotations

import re
from functools import lru_cache

# English title heads, longest phrases included so the trie prefers them.
TITLE_HEADS: tuple[str, ...] = (
    "President", "Vice President", "Vice-President", "President-elect", "Prime Minister",
    "Deputy Prime Minister", "Premier", "Vice Premier", "Chancellor", "Minister",
    "Deputy Minister", "State Minister", "Minister of Defense", "Minister of Defence",
    "Minister of National Defense", "Minister of National Defence", "Minister of Foreign Affairs",
    "Minister for Foreign Affairs", "Minister of State", "Minister for Defence",
    "Secretary", "Secretary of War", "Secretary of Defense", "Secretary of State",
    "Secretary of the Navy", "Secretary of the Army", "Secretary of the Air Force",
    "Secretary of Homeland Security", "Secretary of the Treasury", "Secretary General",
    "Secretary-General", "Under Secretary", "Undersecretary", "Deputy Secretary",
    "Assistant Secretary", "Press Secretary", "Chief of Staff", "Chairman of the Joint Chiefs of Staff",
    "Chief of the General Staff", "Spokesman", "Spokeswoman", "Spokesperson", "spokesman",
    "spokeswoman", "spokesperson", "Ambassador", "ambassador", "Envoy", "envoy", "Special Envoy",
    "Chairman", "Chairwoman", "Chair", "Leader", "leader", "counterpart", "Counterpart",
    "King", "Queen", "Emperor", "Crown Prince", "Prince", "Emir", "Sultan", "Senator", "Sen.",
    "Representative", "Rep.", "Governor", "Gov.", "Mayor", "Director", "Director General",
    "Director-General", "Commander", "General", "Gen.", "Admiral", "Adm.", "Army General",
    "Lt. Gen.", "Lieutenant General", "Maj. Gen.", "Major General", "Colonel", "Col.", "Marshal",
    "Professor", "Prof.", "professor", "Dr.", "Mr.", "Mrs.", "Ms.", "State Councilor",
    "State Councillor", "Councilor", "Adviser", "Advisor", "National Security Adviser",
    "National Security Advisor", "official", "diplomat", "analyst", "expert", "researcher",
    "scholar", "minister", "president", "secretary", "premier", "chancellor",
    "Foreign Minister", "Defense Minister", "Defence Minister", "Defense Secretary",
    "Defence Secretary", "Foreign Secretary", "Chief Cabinet Secretary",
)
# Plural heads that introduce a list of names ("foreign ministers, Sergey Lavrov and Wang Yi").
PLURAL_HEADS: tuple[str, ...] = (
    "ministers", "Ministers", "presidents", "Presidents", "leaders", "Leaders", "counterparts",
    "defense chiefs", "defence chiefs", "foreign ministers", "defense ministers", "top diplomats",
)
# Words that may stand before a head as part of the title ("Japanese Defense Minister").
QUALIFIERS: frozenset[str] = frozenset(
    "Defense Defence Foreign Prime Vice Deputy Chief Press Senior Former Acting National Security "
    "State Cabinet Trade Finance Interior Home Justice Economy Economic Commerce Energy Health "
    "Army Navy Naval Air Force Marine Military Armed Forces Joint Chiefs Staff General Ministry "
    "Department Pentagon Kremlin NATO UN EU Party Communist CPC Central Committee Commission "
    "Assistant Under Principal Special Top Permanent Executive Spokesperson Spokesman House White "
    "Foreign-Ministry former then acting deputy chief top senior defense defence foreign prime "
    "vice press military Chinese-American then-".split()
)
# Role nouns that make an appositive ("Guo Jiakun, a spokesperson for ...") a person's role.
ROLE_NOUNS: frozenset[str] = frozenset(
    "spokesperson spokesman spokeswoman professor fellow researcher analyst expert scholar "
    "director minister secretary president ambassador official adviser advisor commentator dean "
    "head chief chairman chairwoman member lawmaker senator diplomat envoy editor journalist "
    "reporter leader general admiral commander officer scientist economist strategist lecturer "
    "deputy founder premier chancellor governor mayor spokespeople representative columnist "
    "observer specialist counselor councilor attache attaché lawyer businessman businesswoman "
    "activist candidate author historian".split()
)
# Roles whose words are a government's (a minister, a ministry's spokesperson, a president) ...
OFFICIAL_ROLES: frozenset[str] = frozenset(
    "president vice-president minister secretary spokesperson spokesman spokeswoman ambassador "
    "envoy premier chancellor official diplomat king queen emperor prince emir sultan senator "
    "governor general admiral commander marshal councilor councillor adviser advisor "
    "chairman leader counterpart representative ministry department readout statement "
    "government embassy kremlin pentagon house office side cabinet administration "
    "министр министра министром глава главы президент президента госсекретарь госсекретаря "
    "пресс-секретарь представитель посол минобороны мид кремль пентагон ведомство "
    "防衛相 防衛大臣 外相 外務大臣 首相 総理 官房長官 国防長官 国務長官 長官 大統領 国家主席 報道官 大臣 大使".split()
)
# ... and roles whose words are not, even when they work in the capital (scholars, media).
NON_OFFICIAL_ROLES: frozenset[str] = frozenset(
    "professor fellow researcher analyst expert scholar commentator dean journalist reporter "
    "editor columnist observer economist strategist lecturer scientist newspaper times post "
    "daily agency university academy institute think-tank former professors fellows researchers "
    "analysts experts scholars commentators observers journalists reporters media pundits "
    "эксперт политолог профессор журналист аналитик 専門家 教授 研究員 アナリスト".split()
)
# Title words dropped when making a person's matching key.
TITLE_WORDS: frozenset[str] = frozenset(
    w.lower().rstrip(".") for phrase in TITLE_HEADS + PLURAL_HEADS for w in phrase.split()
) | frozenset("of the for mr mrs ms dr prof sir lord madam madame his her".split())
NAME_SUFFIXES: frozenset[str] = frozenset({"Jr.", "Sr.", "II", "III", "IV", "Jr", "Sr"})

# Titles that name one government's office even without a country word.
TITLE_COUNTRY: dict[str, str] = {
    "secretary of war": "US", "secretary of defense": "US", "secretary of state": "US",
    "defense secretary": "US", "department of war": "US", "white house": "US", "pentagon": "US",
    "secretary of the navy": "US", "secretary of the army": "US", "chief cabinet secretary": "JP",
    "防衛相": "JP", "防衛大臣": "JP", "外相": "JP", "外務大臣": "JP", "首相": "JP", "総理": "JP",
    "官房長官": "JP", "国防長官": "US", "国務長官": "US", "госсекретарь": "US", "пентагона": "US",
    "кремля": "RU",
}

# Common East Asian family names: a two-token name starting with one is surname-first ("Xi
# Jinping", "Kim Jong Un"), which decides the token used as the matching key.
EAST_ASIAN_SURNAMES: frozenset[str] = frozenset(
    "li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng "
    "liang xie song tang deng feng han cao peng zeng xiao tian dong pan yuan cai jiang yu du ye "
    "cheng wei su lu lyu lv ding ren yao shen zhong cui tan fan liao shi jin jia xia fu fang zou "
    "xiong bai meng qin qiu hou yin xue yan duan lei long shao qian mao hao kong xing xi wen bo "
    "kim lee park choi jung chung kang cho yoon yun jang lim shin moon ryu kwon hwang ahn "
    "ko oh seo nam".split()
)

RUSSIAN_TITLE_HEADS = (
    r"[Мм]инистр\w*|[Гг]лав(?:а|ы|е|у|ой)|[Пп]резидент\w*|[Гг]оссекретар\w*|[Пп]ремьер-министр\w*|"
    r"[Кк]оллег\w*|[Пп]ресс-секретар\w*|[Пп]редставител\w*|[Лл]идер\w*|[Кк]анцлер\w*|"
    r"[Пп]осл(?:а|у|ом|е)|[Гг]енерал\w*|[Сс]пикер\w*|[Сс]екретар\w*|[Дд]иректор\w*|"
    r"[Сс]оветник\w*|[Ээ]ксперт\w*|[Пп]олитолог\w*|[Пп]рофессор\w*|[Пп]ремьер\w*"
)
RUSSIAN_MODIFIERS: frozenset[str] = frozenset(
    "обороны иностранных дел внутренних финансов экономики безопасности армии штаба генерального "
    "совета государственного департамента ведомства военного оборонного правительства "
    "пресс-службы официальный официальная и минобороны мид пентагона кремля белого дома "
    "министерства госдепартамента вооруженных вооружённых сил генштаба".split()
)
JAPANESE_TITLES = (
    "防衛相|防衛大臣|外相|外務大臣|首相|総理大臣|総理|官房長官|国防長官|国務長官|長官|大統領|"
    "国家主席|主席|報道官|大臣|大使|国防相|外交部長|国防部長"
)

_WORD = re.compile(r"[^\W\d_][\w\-]*")


@lru_cache(maxsize=4096)  # a document asks about its same few titles and phrases again and again
def role_is_official(title: str | None) -> bool | None:
    """True for a government voice (minister, spokesperson, readout), False for scholars and media,
    None when the title says neither."""
    if not title:
        return None
    words = [w.lower() for w in _WORD.findall(title)]
    if any(w in NON_OFFICIAL_ROLES for w in words):
        return False
    if any(w in OFFICIAL_ROLES for w in words) or any(t in title for t in JAPANESE_TITLES.split("|")):
        return True
    return None


@lru_cache(maxsize=4096)  # a document gives its few titles to speaker after speaker
def title_country(title: str | None) -> str | None:
    """The government a title implies by itself ("Secretary of War" -> US), if any."""
    if not title:
        return None
    lowered = " ".join(title.lower().split())
    for phrase, code in TITLE_COUNTRY.items():
        if phrase in lowered:
            return code
    return None
