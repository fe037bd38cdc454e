"""Deterministic synthetic corpus of government readouts and news, for benchmarks.

    python bench/generate.py --docs 10000 --seed 1 --out bench/out/corpus-10k.jsonl

Writes one document a line in the corpus import format of DESIGN.md (`doc_id, government, issuer,
kind, title, date, url, text, language`) and, beside it, the ground-truth event labels
(`<out stem>.events.jsonl`: `event_id, title, date, contact_kind, governments, participants, doc_ids,
divergent, divergences[{type, only_in, point, evidence[], evidence_doc_ids[]}], shared_points,
related_event_ids`), in the spirit of ../shared/corpus/events.jsonl.

What it models:
- ~60 governments (US, CN, JP, RU, KR, DE, FR, GB, IN weighted up) with leaders, foreign, defence and
  trade ministers and national security advisers (fictional names: the texts put words in their mouths);
- calls, video calls, meetings and visits spread uniformly over `--months` (default 24);
- for each event 2-3 documents: one official readout per side, written in that government's house style
  (US "Readout of ...", Chinese "X Holds Phone Talks with ...", Japanese numbered overview, Kremlin
  "Telephone conversation with ..."), sharing some points phrased differently, with controlled omissions,
  strong wording the other side does not echo ("expressed serious concern", "firmly opposes"), and
  sometimes contradictions (who asked for the call, how long it lasted, the month of the next round);
- sometimes a news article quoting one or both readouts verbatim ("the X readout said ..."), journalist
  sentences and outside experts (who speak for no government);
- follow-up contacts between the same two people days or weeks later (separate events, similar wording).

Everything comes from one `random.Random(seed)`: the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

START_DATE = date(2024, 1, 1)
MIN_GAP_DAYS = 5  # two contacts between the same two people are at least this far apart...
FOLLOW_UP_MIN_GAP = 2  # ...unless one is a deliberate follow-up (the EV07/EV08 case)
NEWS_SHARE = 0.4  # share of events that also get a news article
FOLLOW_UP_SHARE = 0.08

# --- governments and people ----------------------------------------------------------------------

ROLES = ("leader", "fm", "dm", "trade", "nsa")
ROLE_WEIGHTS = (0.30, 0.36, 0.20, 0.09, 0.05)
ROLE_PLURAL = {
    "leader": ("leaders", "Summit"),
    "fm": ("foreign ministers", "Foreign Ministers'"),
    "dm": ("defence ministers", "Defense Ministers'"),
    "trade": ("trade ministers", "Trade Ministers'"),
    "nsa": ("national security advisers", "National Security Advisers'"),
}


@dataclass(frozen=True)
class Person:
    name: str
    title: str  # as a prefix: "Secretary of State"
    short: str  # with the surname: "Secretary"
    role: str

    @cached_property
    def last(self) -> str:
        parts = self.name.split()
        # East Asian names in this roster are family name first.
        return parts[0] if self.name in _FAMILY_FIRST else " ".join(parts[1:])


_FAMILY_FIRST: set[str] = set()
FEMALE = {"Laura", "Karen", "Sun", "Yoko", "Irina", "Kim", "Choi", "Annika", "Petra", "Claire", "Helene", "Olivia",
          "Sarah", "Kavita", "Grace", "Chloe", "Hannah", "Ruth", "Isla", "Giulia", "Ana", "Alejandra", "Lucia", "Aigerim",
          "Elif", "Dana", "Sri", "Teresa", "Iryna", "Agnieszka", "Petra", "Olena", "Eva", "Katalin", "Eleni", "Sanne",
          "Yael", "Ingrid", "Aino", "Liv", "Astrid", "Sofia", "Mariam", "Noura", "Layla", "Maryam", "Leila", "Parisa",
          "Sara", "Ayesha", "Nusrat", "Sadia", "Rashida", "Zara", "Naledi", "Amina", "Wanjiru", "Thandiwe", "Ngozi"}


@dataclass
class Government:
    code: str
    country: str
    adj: str
    capital: str
    style: str  # us | cn | jp | ru | generic
    weight: float
    people: dict[str, Person]
    issuers: dict[str, str]
    domain: str
    spokesperson: str


# Hand-written rosters for the governments the bot meets most. Names are fictional on purpose.
_CORE: list[dict[str, Any]] = [
    dict(code="US", country="the United States", adj="U.S.", capital="Washington", style="us", weight=6.0,
         domain="www.state.gov.example", spokesperson="Spokesperson Megan Caldwell",
         people=dict(leader=("Michael Grant", "President", "President"),
                     fm=("Daniel Whitfield", "Secretary of State", "Secretary"),
                     dm=("Laura Brennan", "Secretary of Defense", "Secretary"),
                     trade=("Thomas Reyes", "Secretary of Commerce", "Secretary"),
                     nsa=("Karen Doyle", "National Security Advisor", "Advisor")),
         issuers=dict(leader="The White House", fm="U.S. Department of State", dm="U.S. Department of Defense",
                      trade="U.S. Department of Commerce", nsa="The White House")),
    dict(code="CN", country="China", adj="Chinese", capital="Beijing", style="cn", weight=5.0,
         domain="www.fmprc.gov.cn.example", spokesperson="Spokesperson Zhou Hanwen",
         people=dict(leader=("Zhao Mingyuan", "President", "President"),
                     fm=("Liu Jianguo", "Foreign Minister", "Foreign Minister"),
                     dm=("Dong Weihai", "Defense Minister", "Minister"),
                     trade=("Sun Lihua", "Commerce Minister", "Minister"),
                     nsa=("Chen Haoran", "Director of the Office of the Central Foreign Affairs Commission", "Director")),
         issuers=dict(leader="Ministry of Foreign Affairs of the People's Republic of China",
                      fm="Ministry of Foreign Affairs of the People's Republic of China",
                      dm="Ministry of National Defense of the People's Republic of China",
                      trade="Ministry of Commerce of the People's Republic of China",
                      nsa="Ministry of Foreign Affairs of the People's Republic of China"),
         family_first=True),
    dict(code="JP", country="Japan", adj="Japanese", capital="Tokyo", style="jp", weight=4.5,
         domain="www.mofa.go.jp.example", spokesperson="Press Secretary Aiko Hoshino",
         people=dict(leader=("Hiroshi Tanabe", "Prime Minister", "Prime Minister"),
                     fm=("Yoko Morimoto", "Minister for Foreign Affairs", "Minister"),
                     dm=("Kenji Asakura", "Minister of Defense", "Minister"),
                     trade=("Takashi Nomura", "Minister of Economy, Trade and Industry", "Minister"),
                     nsa=("Akira Shibata", "Secretary General of the National Security Secretariat", "Secretary General")),
         issuers=dict(leader="Prime Minister's Office of Japan", fm="Ministry of Foreign Affairs of Japan",
                      dm="Japan Ministry of Defense", trade="Ministry of Economy, Trade and Industry",
                      nsa="Ministry of Foreign Affairs of Japan")),
    dict(code="RU", country="Russia", adj="Russian", capital="Moscow", style="ru", weight=4.0,
         domain="www.kremlin.ru.example", spokesperson="Spokeswoman Irina Zakharchenko",
         people=dict(leader=("Viktor Orlov", "President", "President"),
                     fm=("Sergei Volodin", "Foreign Minister", "Minister"),
                     dm=("Andrei Korolenko", "Defence Minister", "Minister"),
                     trade=("Pavel Lebedinsky", "Minister of Economic Development", "Minister"),
                     nsa=("Nikolai Zorin", "Secretary of the Security Council", "Secretary")),
         issuers=dict(leader="The Kremlin", fm="Ministry of Foreign Affairs of the Russian Federation",
                      dm="Ministry of Defence of the Russian Federation",
                      trade="Ministry of Economic Development of the Russian Federation", nsa="The Kremlin")),
    dict(code="KR", country="South Korea", adj="South Korean", capital="Seoul", style="generic", weight=3.5,
         domain="www.mofa.go.kr.example", spokesperson="Spokesperson Jung Min-seo",
         people=dict(leader=("Park Ji-hoon", "President", "President"),
                     fm=("Kim Soo-min", "Foreign Minister", "Minister"),
                     dm=("Han Dong-hyun", "Defense Minister", "Minister"),
                     trade=("Choi Eun-ji", "Trade Minister", "Minister"),
                     nsa=("Yoon Sang-woo", "National Security Adviser", "Adviser")),
         issuers=dict(leader="Office of the President of the Republic of Korea", fm="Ministry of Foreign Affairs of the Republic of Korea",
                      dm="Ministry of National Defense of the Republic of Korea", trade="Ministry of Trade, Industry and Energy",
                      nsa="Office of the President of the Republic of Korea"),
         family_first=True),
    dict(code="DE", country="Germany", adj="German", capital="Berlin", style="generic", weight=3.5,
         domain="www.auswaertiges-amt.de.example", spokesperson="Spokesperson Katrin Albers",
         people=dict(leader=("Martin Kessler", "Chancellor", "Chancellor"),
                     fm=("Annika Hoffmann", "Foreign Minister", "Minister"),
                     dm=("Jonas Wagner", "Defence Minister", "Minister"),
                     trade=("Petra Vogt", "Minister for Economic Affairs", "Minister"),
                     nsa=("Stefan Brandt", "Foreign and Security Policy Adviser", "Adviser")),
         issuers=dict(leader="Federal Chancellery of Germany", fm="German Federal Foreign Office",
                      dm="German Federal Ministry of Defence", trade="German Federal Ministry for Economic Affairs",
                      nsa="Federal Chancellery of Germany")),
    dict(code="FR", country="France", adj="French", capital="Paris", style="generic", weight=3.5,
         domain="www.diplomatie.gouv.fr.example", spokesperson="Spokesperson Camille Roussel",
         people=dict(leader=("Laurent Mercier", "President", "President"),
                     fm=("Claire Dubois", "Minister for Europe and Foreign Affairs", "Minister"),
                     dm=("Antoine Lefevre", "Minister of the Armed Forces", "Minister"),
                     trade=("Julien Moreau", "Minister of the Economy", "Minister"),
                     nsa=("Helene Garnier", "Diplomatic Adviser to the President", "Adviser")),
         issuers=dict(leader="Elysee Palace", fm="French Ministry for Europe and Foreign Affairs",
                      dm="French Ministry of the Armed Forces", trade="French Ministry of the Economy", nsa="Elysee Palace")),
    dict(code="GB", country="the United Kingdom", adj="British", capital="London", style="generic", weight=3.5,
         domain="www.gov.uk.example", spokesperson="A Downing Street spokesperson",
         people=dict(leader=("James Whitmore", "Prime Minister", "Prime Minister"),
                     fm=("Olivia Hart", "Foreign Secretary", "Foreign Secretary"),
                     dm=("Edward Pryce", "Defence Secretary", "Defence Secretary"),
                     trade=("Sarah Quinn", "Business and Trade Secretary", "Secretary"),
                     nsa=("Richard Ashby", "National Security Adviser", "Adviser")),
         issuers=dict(leader="Prime Minister's Office, 10 Downing Street", fm="Foreign, Commonwealth & Development Office",
                      dm="UK Ministry of Defence", trade="Department for Business and Trade",
                      nsa="Prime Minister's Office, 10 Downing Street")),
    dict(code="IN", country="India", adj="Indian", capital="New Delhi", style="generic", weight=3.5,
         domain="www.mea.gov.in.example", spokesperson="Official Spokesperson Anil Varma",
         people=dict(leader=("Arjun Mehta", "Prime Minister", "Prime Minister"),
                     fm=("Kavita Rao", "External Affairs Minister", "Minister"),
                     dm=("Vikram Rathore", "Defence Minister", "Minister"),
                     trade=("Sanjay Kulkarni", "Commerce and Industry Minister", "Minister"),
                     nsa=("Ramesh Iyer", "National Security Adviser", "Adviser")),
         issuers=dict(leader="Prime Minister's Office of India", fm="Ministry of External Affairs of India",
                      dm="Ministry of Defence of India", trade="Ministry of Commerce and Industry of India",
                      nsa="Ministry of External Affairs of India")),
]

# (code, country, adjective, capital, leader title, region) for the long tail.
_EXTRA: list[tuple[str, str, str, str, str, str]] = [
    ("AU", "Australia", "Australian", "Canberra", "Prime Minister", "anglo"),
    ("CA", "Canada", "Canadian", "Ottawa", "Prime Minister", "anglo"),
    ("NZ", "New Zealand", "New Zealand", "Wellington", "Prime Minister", "anglo"),
    ("IT", "Italy", "Italian", "Rome", "Prime Minister", "latin"),
    ("ES", "Spain", "Spanish", "Madrid", "Prime Minister", "latin"),
    ("BR", "Brazil", "Brazilian", "Brasilia", "President", "latin"),
    ("MX", "Mexico", "Mexican", "Mexico City", "President", "latin"),
    ("AR", "Argentina", "Argentine", "Buenos Aires", "President", "latin"),
    ("CL", "Chile", "Chilean", "Santiago", "President", "latin"),
    ("TR", "Turkey", "Turkish", "Ankara", "President", "turkic"),
    ("KZ", "Kazakhstan", "Kazakh", "Astana", "President", "turkic"),
    ("ID", "Indonesia", "Indonesian", "Jakarta", "President", "sea"),
    ("MY", "Malaysia", "Malaysian", "Kuala Lumpur", "Prime Minister", "sea"),
    ("VN", "Vietnam", "Vietnamese", "Hanoi", "Prime Minister", "sea"),
    ("PH", "the Philippines", "Philippine", "Manila", "President", "sea"),
    ("TH", "Thailand", "Thai", "Bangkok", "Prime Minister", "sea"),
    ("SG", "Singapore", "Singaporean", "Singapore", "Prime Minister", "sea"),
    ("UA", "Ukraine", "Ukrainian", "Kyiv", "President", "slavic"),
    ("PL", "Poland", "Polish", "Warsaw", "Prime Minister", "slavic"),
    ("CZ", "the Czech Republic", "Czech", "Prague", "Prime Minister", "slavic"),
    ("RO", "Romania", "Romanian", "Bucharest", "President", "latin"),
    ("HU", "Hungary", "Hungarian", "Budapest", "Prime Minister", "europe"),
    ("GR", "Greece", "Greek", "Athens", "Prime Minister", "europe"),
    ("NL", "the Netherlands", "Dutch", "The Hague", "Prime Minister", "europe"),
    ("SE", "Sweden", "Swedish", "Stockholm", "Prime Minister", "nordic"),
    ("FI", "Finland", "Finnish", "Helsinki", "President", "nordic"),
    ("NO", "Norway", "Norwegian", "Oslo", "Prime Minister", "nordic"),
    ("SA", "Saudi Arabia", "Saudi", "Riyadh", "Crown Prince and Prime Minister", "arab"),
    ("AE", "the United Arab Emirates", "Emirati", "Abu Dhabi", "President", "arab"),
    ("QA", "Qatar", "Qatari", "Doha", "Amir", "arab"),
    ("EG", "Egypt", "Egyptian", "Cairo", "President", "arab"),
    ("IL", "Israel", "Israeli", "Jerusalem", "Prime Minister", "europe"),
    ("IR", "Iran", "Iranian", "Tehran", "President", "persian"),
    ("PK", "Pakistan", "Pakistani", "Islamabad", "Prime Minister", "south_asia"),
    ("BD", "Bangladesh", "Bangladeshi", "Dhaka", "Prime Minister", "south_asia"),
    ("NG", "Nigeria", "Nigerian", "Abuja", "President", "africa"),
    ("KE", "Kenya", "Kenyan", "Nairobi", "President", "africa"),
    ("ZA", "South Africa", "South African", "Pretoria", "President", "africa"),
    ("ET", "Ethiopia", "Ethiopian", "Addis Ababa", "Prime Minister", "africa"),
    ("MN", "Mongolia", "Mongolian", "Ulaanbaatar", "President", "turkic"),
]

_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "anglo": (("Liam", "Grace", "Nathan", "Chloe", "Ben", "Hannah", "Oliver", "Ruth", "Connor", "Isla"),
              ("Corbett", "Holloway", "Price", "Talbot", "McKenzie", "Fraser", "Lachance", "Tremblay", "Whitaker", "Dunmore")),
    "latin": (("Giulia", "Marco", "Luca", "Carlos", "Ana", "Paulo", "Diego", "Alejandra", "Lucia", "Mateo"),
              ("Ferraro", "Bellini", "Santoro", "Andrade", "Ribeiro", "Herrera", "Ruiz", "Castellano", "Morales", "Ionescu")),
    "turkic": (("Mehmet", "Selim", "Murat", "Aigerim", "Nurlan", "Elif", "Batbayar", "Kemal", "Dana", "Erlan"),
               ("Aydin", "Kaya", "Demir", "Tokayeva", "Sarsenov", "Yildiz", "Ganbold", "Ozturk", "Abenova", "Bolat")),
    "sea": (("Budi", "Sri", "Agus", "Tran", "Le", "Ramon", "Teresa", "Somchai", "Marcus", "Aziz"),
            ("Santoso", "Wulandari", "Pratama", "Minh", "Quang", "Dela Cruz", "Villanueva", "Chaiyaporn", "Lim", "Rahman")),
    "slavic": (("Oleksandr", "Iryna", "Dmytro", "Tomasz", "Agnieszka", "Piotr", "Jan", "Petra", "Marek", "Olena"),
               ("Tkachenko", "Melnyk", "Bondar", "Nowicki", "Wrobel", "Zielinski", "Novak", "Dvorakova", "Kowal", "Hrytsenko")),
    "europe": (("Lars", "Eva", "Andras", "Katalin", "Nikos", "Eleni", "Pieter", "Sanne", "Yael", "Avi"),
               ("Varga", "Horvath", "Papadakis", "Georgiou", "de Vries", "Jansen", "Bakker", "Levin", "Mizrahi", "Szabo")),
    "nordic": (("Erik", "Ingrid", "Mikko", "Aino", "Sven", "Liv", "Jukka", "Astrid", "Henrik", "Sofia"),
               ("Lindqvist", "Halvorsen", "Virtanen", "Korhonen", "Berg", "Nygaard", "Lehtonen", "Dahl", "Strand", "Eklund")),
    "arab": (("Faisal", "Khaled", "Ahmed", "Mariam", "Omar", "Noura", "Tariq", "Layla", "Hassan", "Samir"),
             ("Al-Rashid", "Mansour", "Farouk", "Al-Nuaimi", "Haddad", "Al-Thani", "Saleh", "Nasser", "Khalil", "Aziz")),
    "persian": (("Reza", "Abbas", "Maryam", "Hossein", "Leila", "Mohsen", "Parisa", "Ali", "Sara", "Hamid"),
                ("Tehrani", "Karimi", "Hosseini", "Rahimi", "Moradi", "Jafari", "Ahmadi", "Sadeghi", "Nouri", "Kazemi")),
    "south_asia": (("Imran", "Ayesha", "Bilal", "Nusrat", "Farhan", "Sadia", "Kamal", "Rashida", "Tanvir", "Zara"),
                   ("Qureshi", "Siddiqui", "Chowdhury", "Haque", "Malik", "Sharif", "Hossain", "Akhtar", "Butt", "Islam")),
    "africa": (("Sipho", "Naledi", "Chinedu", "Amina", "Wanjiru", "Tesfaye", "Kwame", "Thandiwe", "Abebe", "Ngozi"),
               ("Ndlovu", "Mokoena", "Okafor", "Bello", "Kamau", "Bekele", "Mensah", "Dlamini", "Alemu", "Otieno")),
}

_EXTRA_TITLES = {
    "fm": ("Foreign Minister", "Minister"),
    "dm": ("Defence Minister", "Minister"),
    "trade": ("Trade Minister", "Minister"),
    "nsa": ("National Security Adviser", "Adviser"),
}


def build_governments() -> list[Government]:
    """The fixed roster (independent of the corpus seed)."""
    govs: list[Government] = []
    for spec in _CORE:
        people = {role: Person(n, t, s, role) for role, (n, t, s) in spec["people"].items()}
        if spec.get("family_first"):
            _FAMILY_FIRST.update(p.name for p in people.values())
        govs.append(Government(spec["code"], spec["country"], spec["adj"], spec["capital"], spec["style"],
                               spec["weight"], people, spec["issuers"], spec["domain"], spec["spokesperson"]))
    names_rng = random.Random(20240101)
    used: set[str] = set()
    for code, country, adj, capital, leader_title, region in _EXTRA:
        firsts, lasts = _NAMES[region]
        people = {}
        for role in ROLES:
            if role == "nsa" and names_rng.random() < 0.5:
                continue
            if role == "trade" and names_rng.random() < 0.3:
                continue
            while True:
                name = f"{names_rng.choice(firsts)} {names_rng.choice(lasts)}"
                if name not in used:
                    used.add(name)
                    break
            if role == "leader":
                title, short = leader_title, leader_title.split(" and ")[-1]
            else:
                title, short = _EXTRA_TITLES[role]
            people[role] = Person(name, title, short, role)
        plain = country.removeprefix("the ")
        issuers = {
            "leader": f"Office of the {leader_title.split(' and ')[-1]} of {plain}",
            "fm": f"Ministry of Foreign Affairs of {plain}",
            "dm": f"Ministry of Defence of {plain}",
            "trade": f"Ministry of Trade of {plain}",
            "nsa": f"Office of the {leader_title.split(' and ')[-1]} of {plain}",
        }
        domain = f"www.mfa.{code.lower()}.example"
        spokes = f"Spokesperson {names_rng.choice(firsts)} {names_rng.choice(lasts)}"
        govs.append(Government(code, country, adj, capital, "generic", 1.0, people, issuers, domain, spokes))
    return govs


# --- topics --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    key: str
    govs: tuple[str, ...] | None  # relevant governments (None: anyone)
    roles: tuple[str, ...]  # roles more likely to raise it
    sensitive: bool  # leaving it out is a real divergence
    nps: tuple[str, ...]  # noun phrases: "the situation in the South China Sea"
    props: tuple[str, ...]  # clauses after "that"
    negs: tuple[str, ...] = ()  # what one side objects to
    details: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


_ALL = ("leader", "fm", "dm", "trade", "nsa")
TOPICS: tuple[Topic, ...] = (
    Topic("taiwan", ("CN", "US", "JP", "AU", "GB", "DE", "FR", "PH", "KR"), ("leader", "fm", "dm", "nsa"), True,
          ("the Taiwan question", "peace and stability across the Taiwan Strait", "cross-Strait relations",
           "the situation in the Taiwan Strait"),
          ("peace and stability across the Taiwan Strait are indispensable to the security and prosperity of the region",
           "the Taiwan question bears directly on peace and stability in the wider region",
           "differences across the Strait should be resolved peacefully and without coercion",
           "{Sc} remains committed to its long-standing policy on the Taiwan question"),
          ("the large-scale military drills around Taiwan", "the arms sales to the Taiwan region",
           "official contacts with the Taiwan authorities",
           "any attempt to change the status quo across the Taiwan Strait by force or coercion",
           "the transit of warships through the Taiwan Strait on {recent}"),
          ("the transit of naval vessels", "the recent drills", "the upcoming elections on the island"),
          ("the Taiwan Strait",)),
    Topic("scs", ("CN", "PH", "VN", "US", "JP", "AU", "MY", "ID", "IN", "GB", "FR"), ("fm", "dm", "leader"), True,
          ("the situation in the South China Sea", "maritime security in the South China Sea",
           "freedom of navigation and overflight", "the code of conduct in the South China Sea"),
          ("disputes in the South China Sea must be settled peacefully in accordance with international law, including UNCLOS",
           "freedom of navigation and overflight in the South China Sea must be upheld",
           "the 2016 arbitral award is final and legally binding on the parties",
           "countries outside the region should respect the efforts of regional countries to keep the South China Sea stable"),
          ("the dangerous manoeuvres by coast guard vessels near {place}", "the water-cannon incident near {place} on {recent}",
           "the construction of outposts on disputed features", "the harassment of fishing vessels near {place}",
           "the ramming of a supply vessel near {place} on {recent}"),
          ("the resupply missions", "fishing rights", "joint patrols"),
          ("Second Thomas Shoal", "Scarborough Shoal", "the Spratly Islands", "the Paracel Islands", "Sabina Shoal")),
    Topic("ecs", ("JP", "CN", "US", "KR"), ("fm", "dm", "leader"), True,
          ("the situation in the East China Sea", "the security of the Senkaku Islands", "the security environment around {Sc}"),
          ("Article V of the security treaty applies to the Senkaku Islands",
           "the two countries oppose any unilateral attempt to change the status quo by force or coercion in the East China Sea",
           "the security environment surrounding the region is the most severe since the end of the Second World War"),
          ("the repeated intrusions into territorial waters around {place}",
           "the radar illumination of {S} aircraft by Chinese military aircraft on {recent}",
           "the joint flight of Chinese and Russian bombers near {place} on {recent}",
           "the entry of coast guard vessels into the contiguous zone"),
          ("the radar incident", "the activities of the coast guard", "the joint bomber flights"),
          ("the Senkaku Islands", "Okinawa", "the Miyako Strait", "Yonaguni")),
    Topic("korea", ("KR", "JP", "US", "CN", "RU"), _ALL, True,
          ("the situation on the Korean Peninsula", "North Korea's nuclear and missile programmes",
           "the complete denuclearization of the Korean Peninsula", "the North Korean abduction issue"),
          ("North Korea's nuclear and missile development poses a grave threat to regional security",
           "dialogue remains the only way to resolve the issues of the Korean Peninsula",
           "relevant UN Security Council resolutions must be fully implemented",
           "pressure and sanctions alone will not solve the issues of the Peninsula"),
          ("North Korea's ballistic missile launch on {recent}", "the military cooperation between Russia and North Korea",
           "the launch of a military reconnaissance satellite by North Korea", "the transfer of North Korean munitions"),
          ("the missile launches", "sanctions implementation", "humanitarian assistance"),
          ("the Sea of Japan", "the Yellow Sea")),
    Topic("ukraine", ("UA", "RU", "US", "DE", "FR", "GB", "PL", "IT", "TR", "FI", "SE", "NO", "NL", "CZ", "RO", "HU",
                      "CN", "IN", "BR", "ZA"), ("leader", "fm", "dm", "nsa"), True,
          ("the situation around Ukraine", "a just and lasting peace in Ukraine", "the humanitarian situation in Ukraine",
           "the security of the Zaporizhzhia nuclear power plant", "the peace process"),
          ("a just and lasting peace must respect the sovereignty and territorial integrity of Ukraine",
           "any settlement must address the root causes of the crisis",
           "all parties should support every effort conducive to the peaceful resolution of the crisis",
           "support for Ukraine will continue for as long as it takes"),
          ("the strikes on energy infrastructure in {place}", "the deployment of foreign troops to Ukraine",
           "the continued supplies of long-range weapons", "the missile attack on {place} on {recent}",
           "the seizure of the Zaporizhzhia nuclear power plant"),
          ("a 30-day ceasefire", "prisoner exchanges", "the return of deported children", "a ceasefire on energy infrastructure"),
          ("Kharkiv", "Odesa", "Kyiv", "the Kursk region", "Dnipro", "Zaporizhzhia")),
    Topic("mideast", None, ("leader", "fm", "nsa"), True,
          ("the situation in the Middle East", "the humanitarian situation in Gaza", "a ceasefire and the release of hostages",
           "security of shipping in the Red Sea", "the two-state solution"),
          ("an immediate ceasefire in Gaza is urgently needed", "humanitarian access to Gaza must be expanded without delay",
           "a two-state solution remains the only path to lasting peace",
           "the conflict must not spread further across the region"),
          ("the attacks on commercial shipping in the Red Sea", "the expansion of settlements in the West Bank",
           "the strikes on civilian infrastructure in {place}", "the blockade of humanitarian aid"),
          ("humanitarian corridors", "the hostage negotiations", "reconstruction"),
          ("Gaza", "Rafah", "the West Bank", "southern Lebanon", "the Bab el-Mandeb Strait")),
    Topic("trade", None, ("trade", "leader", "fm"), False,
          ("bilateral trade and investment", "the trade imbalance", "market access for {S} companies",
           "supply chain resilience", "economic security", "the free trade agreement negotiations"),
          ("bilateral trade reached a record {n} billion dollars last year",
           "both economies benefit from open, fair and rules-based trade",
           "the two sides should expand cooperation in {detail}",
           "the next round of the economic dialogue will be held in {city}"),
          ("the new tariffs on {detail}", "the discriminatory subsidies for {detail}",
           "the restrictions on investment by {S} companies", "the anti-dumping investigation into {S} {detail}"),
          ("agricultural exports", "electric vehicles", "steel and aluminium", "pharmaceuticals",
           "liquefied natural gas", "rare earths", "solar panels", "medical devices"),
          ()),
    Topic("tech", ("US", "CN", "JP", "KR", "NL", "DE", "GB", "IN", "FR"), ("trade", "leader", "fm", "nsa"), True,
          ("cooperation on semiconductors and critical technologies", "artificial intelligence governance",
           "the security of undersea cables", "5G network security", "quantum research cooperation"),
          ("trusted supply chains for critical technologies are essential to economic security",
           "the risks of frontier artificial intelligence require international cooperation",
           "technology issues should not be politicised or turned into security issues"),
          ("the export controls on advanced chips and chipmaking equipment", "the blacklisting of {S} technology firms",
           "the restrictions on {S} cloud service providers"),
          ("chip manufacturing", "AI safety testing", "research security"),
          ()),
    Topic("energy", None, ("trade", "leader", "fm"), False,
          ("energy security", "critical minerals supply chains", "the energy transition",
           "cooperation on civil nuclear energy", "LNG supplies", "hydrogen cooperation"),
          ("diversified energy supplies are vital to the economic security of both countries",
           "the two countries will deepen cooperation on critical minerals including lithium and cobalt",
           "long-term contracts for {detail} provide stability to both sides"),
          ("the restrictions on exports of {detail}", "the manipulation of energy markets"),
          ("liquefied natural gas", "lithium", "small modular reactors", "offshore wind"),
          ()),
    Topic("climate", None, ("leader", "fm"), False,
          ("climate change", "the outcomes of the COP{n} climate conference", "climate finance for developing countries",
           "methane emissions", "the global energy transition"),
          ("the world must accelerate the transition away from fossil fuels",
           "developed countries should honour their commitments on climate finance",
           "the two countries will work together for a successful outcome at the next COP"),
          (), ("adaptation finance", "carbon markets", "loss and damage"), ()),
    Topic("health", None, ("leader", "fm"), False,
          ("global health security", "pandemic preparedness", "vaccine production capacity", "the WHO pandemic agreement"),
          ("the world must be better prepared for the next pandemic",
           "equitable access to vaccines and medical countermeasures is essential"),
          (), ("mpox vaccines", "antimicrobial resistance"), ()),
    Topic("security_coop", None, ("nsa", "fm", "leader"), False,
          ("counter-terrorism cooperation", "the fight against transnational organized crime",
           "cooperation against drug trafficking", "the flow of synthetic drugs including fentanyl"),
          ("terrorism in all its forms must be condemned", "law enforcement agencies of the two countries will step up information sharing",
           "the two sides will strengthen cooperation against the trafficking of fentanyl precursors"),
          ("the terrorist attack in {place} on {recent}", "the safe havens provided to terrorist groups",
           "the flow of fentanyl precursors from {Oc}"),
          ("precursor chemicals", "money laundering", "extradition requests"),
          ("Islamabad", "Moscow", "Kabul", "Mogadishu")),
    Topic("mil", None, ("dm",), False,
          ("military-to-military communication channels", "defence cooperation", "joint exercises",
           "defence industrial cooperation", "interoperability of the armed forces", "maritime security cooperation"),
          ("open channels of military communication reduce the risk of miscalculation",
           "the two defence ministries will hold their next strategic dialogue in {month}",
           "the two countries will expand {detail}",
           "deterrence and response capabilities of the alliance must be further strengthened"),
          ("the unsafe intercept of a military aircraft over {place} on {recent}", "the joint bomber flights near {place}",
           "the deployment of intermediate-range missiles in the region", "the close approach of a warship near {place}"),
          ("the co-production of air defence interceptors", "port calls by naval vessels",
           "the upcoming {exercise} exercise", "pilot training programmes", "the maintenance of naval vessels"),
          ("the Black Sea", "the Baltic Sea", "the Sea of Japan", "the East China Sea", "the Arabian Sea")),
    Topic("multilateral", None, ("leader", "fm"), False,
          ("preparations for the G20 summit", "the upcoming APEC leaders' meeting", "reform of the UN Security Council",
           "cooperation within the G7", "the BRICS summit in {city}", "the ASEAN Regional Forum", "the UN General Assembly"),
          ("multilateral institutions must be reformed to reflect today's world",
           "the two countries will coordinate closely ahead of the summit in {city}",
           "{Sc} supports {Oc}'s bid for a non-permanent seat on the Security Council"),
          (), ("the summit agenda", "a joint declaration", "the presidency priorities"),
          ()),
    Topic("people", None, ("leader", "fm"), False,
          ("people-to-people exchanges", "student exchanges", "the resumption of direct flights", "visa facilitation",
           "tourism", "cultural exchanges"),
          ("the two countries agreed to increase direct flights to {n} a week",
           "more young people from both countries should study in each other's universities",
           "the two sides will mark the anniversary of diplomatic relations with a series of cultural events"),
          (), ("the working holiday programme", "sister-city ties", "the year of cultural exchange"), ()),
    Topic("cyber", None, ("nsa", "fm", "dm"), True,
          ("cyber security", "malicious cyber activity", "ransomware attacks on critical infrastructure",
           "responsible state behaviour in cyberspace"),
          ("states must not knowingly allow their territory to be used for malicious cyber activity",
           "the two countries will set up a working group on cyber issues"),
          ("the cyber attacks attributed to state-sponsored groups", "the hacking of government networks in {Sc}",
           "the intrusion into telecommunications networks"),
          ("critical infrastructure", "election security"), ()),
    Topic("space_arctic", None, ("fm", "dm", "leader"), False,
          ("cooperation in outer space", "the peaceful use of outer space", "Arctic governance", "space debris"),
          ("outer space must remain a domain of peaceful cooperation", "the Arctic should remain a region of low tension"),
          ("the testing of anti-satellite weapons",), ("satellite navigation", "lunar exploration"), ()),
    Topic("nonprolif", None, ("leader", "fm", "nsa"), True,
          ("nuclear non-proliferation", "the Iranian nuclear programme", "arms control", "strategic stability"),
          ("Iran must never be allowed to acquire a nuclear weapon", "arms control dialogue should be resumed",
           "the Treaty on the Non-Proliferation of Nuclear Weapons remains the cornerstone of the global regime"),
          ("the expansion of uranium enrichment", "the irresponsible nuclear rhetoric", "the suspension of inspections"),
          ("IAEA inspections", "strategic stability talks"), ()),
    Topic("food", None, ("leader", "fm", "trade"), False,
          ("global food security", "grain exports through the Black Sea", "fertilizer supplies", "agricultural cooperation"),
          ("uninterrupted food exports are critical for the most vulnerable countries",
           "the two sides will expand cooperation on agricultural technology"),
          (), ("wheat shipments", "irrigation projects"), ()),
    Topic("development", None, ("leader", "fm", "trade"), False,
          ("debt relief for developing countries", "infrastructure investment in Africa", "development finance",
           "the Belt and Road Initiative", "connectivity projects"),
          ("developing countries need fair access to financing", "the two sides will co-finance infrastructure projects in third countries"),
          ("the debt traps created by opaque lending",), ("railway projects", "port development"), ()),
    Topic("sanctions", ("RU", "IR", "CN", "US", "GB", "DE", "FR", "TR", "IN", "AE", "HU"), ("leader", "fm", "trade"), True,
          ("sanctions policy", "secondary sanctions", "the price cap on oil exports"),
          ("unilateral sanctions without a UN mandate are illegitimate", "sanctions evasion must be prevented"),
          ("the unilateral sanctions imposed on {S} entities", "the new sanctions package",
           "the freezing of sovereign assets", "the circumvention of sanctions through third countries"),
          ("the shadow fleet", "dual-use goods"), ()),
    Topic("maritime", None, ("fm", "dm", "trade"), False,
          ("fisheries cooperation", "illegal, unreported and unregulated fishing", "maritime search and rescue",
           "port infrastructure"),
          ("the two coast guards will hold a joint exercise in {month}",
           "sustainable fisheries management benefits coastal communities"),
          ("the illegal fishing by vessels flagged to {Oc}",), ("fishing quotas", "port state measures"), ()),
    Topic("border", ("IN", "CN", "PK", "BD"), ("leader", "fm", "dm", "nsa"), True,
          ("the situation along the Line of Actual Control", "border management", "peace and tranquillity in the border areas"),
          ("peace and tranquillity in the border areas are the basis for normal relations",
           "the two sides will continue talks through the working mechanism on border affairs"),
          ("the transgression in the {place} sector", "cross-border terrorism", "the construction of new villages along the border"),
          ("disengagement", "patrolling arrangements"), ("Depsang", "Demchok", "Galwan", "Kashmir")),
    Topic("detained", None, ("fm",), True,
          ("consular issues", "the cases of detained nationals", "the safety of {S} citizens abroad"),
          ("consular access must be granted without delay", "the rights of detained citizens must be respected"),
          ("the detention of {n} {S} nationals", "the sentencing of a {S} citizen on espionage charges",
           "the exit ban on a {S} businessman"),
          ("consular visits", "humanitarian release"), ()),
    Topic("migration", None, ("leader", "fm", "nsa"), False,
          ("irregular migration", "border security", "refugee flows", "legal pathways for migration"),
          ("migration must be managed in a safe, orderly and humane way",
           "the two countries will step up cooperation against people smuggling networks"),
          ("the instrumentalisation of migrants at the border",), ("returns agreements", "labour mobility"), ()),
    Topic("africa", None, ("leader", "fm"), False,
          ("the situation in the Sahel", "the conflict in Sudan", "peace and security in the Horn of Africa",
           "the situation in the eastern Democratic Republic of the Congo"),
          ("there can be no military solution to the conflict in Sudan",
           "African-led mediation efforts deserve the full support of the international community"),
          ("the atrocities against civilians in {place}",), ("humanitarian aid", "peacekeeping"), ("Darfur", "El Fasher", "Goma")),
    Topic("finance", None, ("leader", "trade"), False,
          ("macroeconomic policy coordination", "exchange rate stability", "financial stability", "reform of the international financial architecture"),
          ("close policy coordination supports a stable global economy",
           "the two sides will hold a high-level financial dialogue in {month}"),
          ("the manipulation of the currency",), ("payment systems", "local currency settlement"), ()),
    Topic("rights", ("CN", "US", "GB", "DE", "FR", "CA", "AU", "NL", "SE"), ("leader", "fm"), True,
          ("human rights", "the situation in Hong Kong", "Xinjiang", "Tibet", "freedom of the press"),
          ("human rights are universal values", "issues related to Hong Kong and Xinjiang are purely internal affairs"),
          ("interference in internal affairs under the pretext of human rights",
           "the sentencing of pro-democracy activists in {place}", "the transnational repression of diaspora communities"),
          ("the national security law", "forced labour"), ("Hong Kong",)),
    Topic("latam", ("US", "MX", "BR", "AR", "CL", "ES", "CN", "RU"), ("leader", "fm"), False,
          ("the situation in Venezuela", "regional integration in Latin America", "the situation in Haiti"),
          ("a peaceful and democratic solution in Venezuela is urgently needed",
           "the multinational security support mission in Haiti needs more resources"),
          ("the repression of the opposition in Venezuela",), ("elections", "the security mission"), ("Caracas", "Port-au-Prince")),
)

STRONG = (  # (label phrase, template)
    ("serious concern", "{sp} expressed serious concern over {neg}."),
    ("serious concern", "{both} expressed serious concern over {neg}, as such actions are not conducive to regional peace and stability."),
    ("firmly opposes", "{Sc} firmly opposes {neg}, {sp} said."),
    ("not conducive to regional peace and stability", "{sp} stressed that {neg} is not conducive to regional peace and stability."),
    ("grave concern", "{sp} conveyed grave concern about {neg} and called for restraint."),
    ("strongly condemned", "{sp} strongly condemned {neg}."),
    ("solemn representations", "{sp} lodged solemn representations over {neg} and urged the {O} side to act with prudence."),
    ("urged", "{sp} urged {Oc} to stop {neg} immediately."),
    ("deep concern", "{sp} voiced deep concern about {neg} and its implications for the region."),
    ("red line", "{sp} made clear that {neg} crosses a red line for {Sc}."),
    ("resolutely opposes", "{Sc} resolutely opposes {neg} and will take all necessary measures to safeguard its legitimate rights, {sp} said."),
    ("unacceptable", "{sp} said that {neg} was unacceptable and must not be repeated."),
    ("playing with fire", "{sp} warned that those who play with fire will get burned, referring to {neg}."),
    ("strongly protested", "{sp} strongly protested {neg} and demanded a full explanation."),
)

NEUTRAL = (
    "{both} discussed {np}{elab}.",
    "{both} exchanged views on {np}{elab}.",
    "{sp} and {op_last} reviewed {np} and agreed to stay in close communication.",
    "{sp} underscored the importance of {np}.",
    "{sp} emphasized that {prop}.",
    "{sp} noted that {prop}, and said {Sc} stands ready to work with {Oc} on {np}.",
    "On {np}, {sp} said that {prop}.",
    "{both} affirmed that {prop}.",
    "{both} agreed to continue close coordination on {np}{elab}.",
    "{sp} highlighted {Sc}'s commitment to {np}.",
    "{op_ref} briefed {sp_last} on {np}{elab}.",
    "{op_ref} said that {prop}.",
    "{both} also touched upon {np}.",
    "{sp} welcomed progress on {np}{elab} and called for further practical steps.",
    "{both} shared the view that {prop}.",
    "{sp} reiterated {Sc}'s position on {np} and expressed readiness to deepen dialogue{elab}.",
    "Regarding {np}, the two sides confirmed that {prop}.",
    "{sp} expressed appreciation for {O} efforts on {np}.",
    "{sp} pointed out that {prop}, and that the issue of {np} deserves the attention of both sides.",
    "{both} had an in-depth exchange on {np}{elab}.",
    "{sp} stated that {prop}.",
    "{both} committed to strengthening cooperation on {np}{elab}.",
)

ELAB = (
    "", "", "", ", including {detail}", ", in particular {detail}", " as well as {detail}", ", including the {rare} project",
    " and the case of the {rare} facility",
    " ahead of the meeting in {city}", " and the next steps on {detail}",
)

BOILERPLATE = (
    "The {kind_noun} took place in a {mood} atmosphere.",
    "{both} agreed to maintain communication at all levels.",
    "{both} noted the positive momentum in bilateral relations since {month}.",
    "{sp} thanked {op_last} for the {adjmood} exchange of views.",
    "{both} agreed that regular high-level exchanges serve the interests of both countries.",
    "{sp} said {Sc} values its relationship with {Oc} and looks forward to deepening it further.",
    "{op_ref} conveyed the greetings of the {O} leadership.",
)

CLOSERS = (
    "{both} agreed to remain in close contact.",
    "{sp} invited {op_last} to visit {Scap} at a mutually convenient time, and the invitation was accepted.",
    "{both} agreed to continue working together on these and other issues.",
    "{both} agreed to stay in touch on the way forward.",
    "The two sides agreed to keep up the momentum of high-level exchanges.",
)

MOODS = ("friendly and constructive", "candid and pragmatic", "frank and in-depth", "cordial", "businesslike and open")
ADJMOODS = ("productive", "candid", "substantive", "constructive", "useful")
EXERCISES = ("Pacific Shield", "Northern Resolve", "Keen Edge", "Blue Horizon", "Iron Guardian", "Coastal Dawn")
CITIES = ("Geneva", "Singapore", "Jakarta", "New York", "Brussels", "Vienna", "Doha", "Istanbul", "Kuala Lumpur",
          "Rio de Janeiro", "Johannesburg", "Lima", "Nairobi", "Helsinki", "Busan", "Osaka", "Riyadh")
SUMMITS = ("G20 summit", "G7 summit", "NATO summit", "APEC leaders' meeting", "East Asia Summit", "UN General Assembly",
           "Munich Security Conference", "Shangri-La Dialogue", "BRICS summit", "ASEAN Regional Forum")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
AGENCIES = (("Global Wire", "London"), ("Pacific Times", "Singapore"), ("Eurasia Daily", "Vienna"),
            ("The Meridian Post", "Washington"), ("Asia Courier", "Hong Kong"), ("Continental Press", "Brussels"),
            ("Northern Herald", "Stockholm"), ("Gulf Observer", "Dubai"), ("Atlas News Agency", "Geneva"))
EXPERT_FIRST = ("Li", "Anna", "David", "Priya", "Kenji", "Olga", "Marcus", "Fatima", "Jonas", "Mei", "Rafael", "Sunil",
                "Claire", "Hyun-woo", "Tomas", "Nadia", "Samuel", "Yuki")
EXPERT_LAST = ("Haidong", "Kowalski", "Feldman", "Raman", "Takeda", "Petrova", "Lindgren", "Haddad", "Weber", "Zhang",
               "Costa", "Narayan", "Laurent", "Choi", "Svoboda", "Rahimi", "Okoye", "Ishikawa")
EXPERT_JOBS = ("a professor of international relations at {univ}", "a senior fellow at the {think}",
               "director of the Asia programme at the {think}", "a former diplomat now at the {think}",
               "a research fellow at {univ}", "an analyst at the {think}")
UNIVS = ("Fudan University", "the University of Tokyo", "Georgetown University", "Sciences Po", "King's College London",
         "Seoul National University", "Jawaharlal Nehru University", "the Higher School of Economics",
         "the Australian National University", "China Foreign Affairs University", "the University of Toronto")
THINKS = ("Center for Strategic Studies", "Institute for International Affairs", "Lowy Institute",
          "Carnegie Endowment", "Asia Society Policy Institute", "European Council on Foreign Relations",
          "Observer Research Foundation", "Chatham House", "Stimson Center")
EXPERT_SAYS = (
    "What a readout leaves out is often as telling as what it puts in",
    "The two readouts were written for domestic audiences as much as for each other",
    "The gap between the two accounts shows that {Sc} and {Oc} still see {np} very differently",
    "Both capitals wanted the call to look like a success, but on {np} they are talking past each other",
    "The tone of the {S} readout was noticeably tougher than anything we heard from {Oc}",
    "This was a routine contact, and the readouts are broadly consistent",
    "The fact that the call happened at all matters more than the wording",
    "Expect {np} to dominate the next round of talks",
    "I would read the omission as deliberate rather than accidental",
)
BACKGROUND = (
    "{Sc} and {Oc} have been at odds over {np} for months.",
    "The {kind_noun} was the first between the two since {month}.",
    "Relations between the two countries have improved since the summit in {city} last year.",
    "The contact came days after {neg_bg}.",
    "Officials in both capitals have described the relationship as stable but fragile.",
    "Trade between the two countries reached {n} billion dollars last year, according to official figures.",
    "Neither side gave details on when the two would meet in person.",
)

BIG_CITIES = (
    "Mombasa", "Surabaya", "Chittagong", "Gdansk", "Rotterdam", "Piraeus", "Haiphong", "Chennai", "Mumbai", "Karachi",
    "Lagos", "Durban", "Alexandria", "Izmir", "Valparaiso", "Santos", "Veracruz", "Cartagena", "Busan", "Incheon",
    "Kaohsiung", "Yokohama", "Kobe", "Osaka", "Nagoya", "Sapporo", "Vladivostok", "Novosibirsk", "Kazan", "Almaty",
    "Tashkent", "Samarkand", "Baku", "Tbilisi", "Yerevan", "Odesa", "Lviv", "Krakow", "Wroclaw", "Leipzig", "Hamburg",
    "Munich", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Milan", "Turin", "Naples", "Genoa", "Barcelona", "Valencia",
    "Bilbao", "Porto", "Lisbon", "Seville", "Manchester", "Birmingham", "Glasgow", "Belfast", "Dublin", "Cork", "Oslo",
    "Bergen", "Gothenburg", "Malmo", "Aarhus", "Tampere", "Tallinn", "Riga", "Vilnius", "Bratislava", "Brno", "Graz",
    "Zurich", "Basel", "Antwerp", "Ghent", "Utrecht", "Eindhoven", "Dakar", "Abidjan", "Accra", "Kano", "Kigali",
    "Kampala", "Dar es Salaam", "Lusaka", "Harare", "Maputo", "Luanda", "Windhoek", "Gaborone", "Casablanca", "Tunis",
    "Algiers", "Amman", "Beirut", "Muscat", "Kuwait City", "Manama", "Jeddah", "Dammam", "Basra", "Erbil", "Lahore",
    "Peshawar", "Kolkata", "Bengaluru", "Hyderabad", "Ahmedabad", "Colombo", "Kathmandu", "Yangon", "Mandalay",
    "Phnom Penh", "Vientiane", "Da Nang", "Ho Chi Minh City", "Cebu", "Davao", "Penang", "Johor Bahru", "Medan",
    "Makassar", "Darwin", "Perth", "Brisbane", "Auckland", "Christchurch", "Vancouver", "Calgary", "Montreal", "Houston",
    "Seattle", "Honolulu", "Anchorage", "Monterrey", "Guadalajara", "Bogota", "Medellin", "Quito", "Guayaquil", "Lima",
    "Arequipa", "La Paz", "Cordoba", "Rosario", "Montevideo", "Asuncion", "Recife", "Fortaleza", "Manaus", "Curitiba",
)
INFRA = ("port expansion", "rail link", "deep-water terminal", "metro line", "solar park", "wind farm", "LNG terminal",
         "data centre", "semiconductor plant", "battery factory", "desalination plant", "industrial park", "bypass road",
         "airport terminal", "hydropower project", "grid interconnector", "fertilizer plant", "shipyard", "free trade zone",
         "innovation hub", "research reactor", "cable landing station", "logistics corridor", "green hydrogen hub")
SECTORS = ("shipbuilding", "aerospace", "biotechnology", "agritech", "fintech", "automotive", "textiles", "mining",
           "logistics", "tourism", "pharmaceuticals", "renewable energy", "telecommunications", "water management",
           "defence electronics", "machine tools", "petrochemicals", "space launch services", "cold-chain storage")
ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "twelfth", "fifteenth")
_CO_A = ("Nor", "Tek", "Vel", "Ar", "Sino", "Pan", "Meri", "Astra", "Kai", "Lum", "Orb", "Zen", "Hel", "Cor", "Vant",
         "Quor", "Bel", "Tri", "Cyr", "Ost", "Mar", "Sol", "Ter", "Hy", "Ever", "Nex", "Alto", "Riv", "Sky", "Fer")
_CO_B = ("dex", "ion", "vanta", "tron", "gate", "line", "wave", "field", "nova", "bridge", "stone", "forge", "port",
         "core", "path", "grid", "mark", "star", "sys", "works", "link", "crest", "ridge", "lux")
_CO_C = ("Holdings", "Group", "Industries", "Energy", "Logistics", "Systems", "Technologies", "Heavy Industries",
         "Motors", "Shipping", "Semiconductor", "Resources", "Infrastructure", "Capital")


def _build_lexicon(size: int = 40_000) -> tuple[str, ...]:
    """Pronounceable proper nouns (companies, vessels, projects, villages) for a Zipf-distributed long tail."""
    rng = random.Random(7)
    onsets = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "sh", "tr", "kr", "br", "st")
    vowels = ("a", "e", "i", "o", "u", "ai", "ou", "ei")
    codas = ("", "", "n", "r", "l", "s", "k", "m")
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < size:
        word = "".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(rng.randint(2, 3)))
        if word not in seen:
            seen.add(word)
            words.append(word.capitalize())
    return tuple(words)


LEXICON = _build_lexicon()


def _rare(rng: random.Random) -> str:
    """A lexicon word, Zipf-distributed: a few are common, most appear once or twice in a large corpus."""
    return LEXICON[min(int(rng.paretovariate(0.45)) - 1, len(LEXICON) - 1)]


def _company(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{_rare(rng)} {rng.choice(_CO_C)}"
    return f"{rng.choice(_CO_A)}{rng.choice(_CO_B)} {rng.choice(_CO_C)}"


SPECIFICS = (
    "{sp} cited {project} as an example of what the two countries can achieve together.",
    "The two sides reviewed the implementation of the {n} agreements signed at the {ordinal} session of the joint commission in {bigcity}.",
    "{sp} welcomed the decision by {company} to invest {n}0 million dollars in {project}.",
    "{sp} noted that more than {n0} {S} students are now studying in {Oc}.",
    "{both} looked forward to the opening of {project} later this year.",
    "{op_ref} raised the case of {company}, which has applied for a licence to operate in {bigcity}.",
    "The two sides agreed to set up a working group on {sector} that will meet for the first time in {bigcity}.",
    "{sp} invited {O} companies in the {sector} sector to take part in the investment forum in {bigcity} in {month}.",
    "{both} noted that {company} and its {O} partners signed a memorandum on {sector} cooperation in {month}.",
    "{sp} said {Sc} would send a business delegation of {n} companies from the {sector} sector to {Oc}.",
    "{op_ref} expressed interest in {S} expertise in {sector}, including the experience gained at {project}.",
    "{sp} thanked {op_last} for the assistance given to the crew of {vessel} in {month}.",
    "{both} noted the progress of the joint survey of {vessel} and agreed to share its findings.",
    "{op_ref} asked for support for the {bigcity} candidacy to host the {sector} expo, and {sp_last} promised to consider it.",
)

JOURNALIST = (
    "It was the {ordinal} contact between the two {plural} this year.",
    "Diplomats in {city} said preparations for an in-person meeting were under way.",
    "Neither readout gave a date for the next meeting.",
    "The talks took place against the backdrop of {np}.",
    "Both governments released their accounts within hours of each other.",
    "Officials declined to comment beyond the published readouts.",
    "The {kind_noun} had not been announced in advance.",
    "Shares of {company} rose after the readouts were published.",
    "Local media in {bigcity} described the {kind_noun} as overdue.",
    "The two sides last met in {city} in {month}.",
)

def _decap(sentence: str) -> str:
    first, _, rest = sentence.partition(" ")
    return (first.lower() if first in _DECAP else first) + " " + rest


_DECAP = {"The", "Both", "They", "Regarding", "On", "It"}
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")

CONTACT_KINDS = ("call", "video_call", "meeting", "visit")
CONTACT_WEIGHTS = (0.45, 0.12, 0.33, 0.10)
KIND_NOUN = {"call": "phone call", "video_call": "video call", "meeting": "meeting", "visit": "visit"}


# --- the generator -------------------------------------------------------------------------------


@dataclass
class EventPlan:
    seq: int
    day: int
    kind: str
    a: Government
    b: Government
    role: str
    shared: list[Topic]
    only: dict[str, list[Topic]]  # gov code -> topics only that side mentions
    strong: tuple[str, Topic] | None  # (gov code, topic)
    strong_echo: bool  # the other side mentions the topic neutrally
    contradiction: str | None  # initiator | duration | next_round
    location: str | None
    follow_of: int | None = None
    labels: dict[str, Any] = field(default_factory=dict)


def _fmt_date(d: date, british: bool = False) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}" if british else f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _md(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}"


_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:70]


class _Values(dict):
    """Template values: the document's fixed ones, plus per-sentence ones drawn on first use."""

    gen: "CorpusGenerator"
    topic: "Topic | None"

    def __missing__(self, key: str) -> Any:
        value = self.gen._lazy(key, self)
        self[key] = value
        return value


VESSELS = ("the cargo ship", "the fishing vessel", "the tanker", "the research vessel")


class FastRandom(random.Random):
    """`random.Random` with cheaper `choice`/`randrange` (float-based; plenty for text generation)."""

    def choice(self, seq):  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randrange(self, start, stop=None, step=1):  # type: ignore[override]
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def randint(self, a, b):  # type: ignore[override]
        return a + int(self.random() * (b - a + 1))


class CorpusGenerator:
    def __init__(self, seed: int, months: int = 24, start: date = START_DATE) -> None:
        self.rng = FastRandom(seed)
        self.seed = seed
        self.start = start
        self.span_days = max(1, round(months * 30.44))
        self.govs = build_governments()
        self.gov_weights = [g.weight for g in self.govs]
        self.occupied: dict[tuple[str, str, str], list[int]] = {}
        self.history: list[EventPlan] = []
        self._makers = self._build_makers()

    # -- planning ---------------------------------------------------------------------------------

    def _pick_pair(self) -> tuple[Government, Government, str]:
        rng = self.rng
        while True:
            a, b = rng.choices(self.govs, weights=self.gov_weights, k=2)
            if a.code == b.code:
                continue
            role = rng.choices(ROLES, weights=ROLE_WEIGHTS)[0]
            if role in a.people and role in b.people:
                return a, b, role

    @staticmethod
    def _combo(a: Government, b: Government, role: str) -> tuple[str, str, str]:
        x, y = sorted((a.code, b.code))
        return (x, y, role)

    def _free(self, combo: tuple[str, str, str], day: int, gap: int) -> bool:
        return all(abs(day - d) >= gap for d in self.occupied.get(combo, ()))

    def _topics_for(self, a: Government, b: Government, role: str) -> list[Topic]:
        pool, weights = [], []
        for t in TOPICS:
            if t.govs is not None and a.code not in t.govs and b.code not in t.govs:
                continue
            w = 1.0
            if t.govs is not None:
                w *= 3.0 if (a.code in t.govs and b.code in t.govs) else 1.5
            if role in t.roles:
                w *= 3.0
            pool.append(t)
            weights.append(w)
        chosen: list[Topic] = []
        k = min(len(pool), self.rng.randint(3, 7))
        while len(chosen) < k:
            t = self.rng.choices(pool, weights=weights)[0]
            if t not in chosen:
                chosen.append(t)
        return chosen

    def plan_event(self, seq: int) -> EventPlan:
        rng = self.rng
        follow: EventPlan | None = None
        if self.history and rng.random() < FOLLOW_UP_SHARE:
            base = self.history[rng.randrange(max(0, len(self.history) - 200), len(self.history))]
            day = base.day + rng.randint(FOLLOW_UP_MIN_GAP, 40)
            combo = self._combo(base.a, base.b, base.role)
            if day < self.span_days and self._free(combo, day, FOLLOW_UP_MIN_GAP):
                follow = base
        if follow is not None:
            a, b, role = (follow.a, follow.b, follow.role) if rng.random() < 0.5 else (follow.b, follow.a, follow.role)
            combo = self._combo(a, b, role)
            topics = list(follow.shared) + [t for ts in follow.only.values() for t in ts]
            rng.shuffle(topics)
            extra = [t for t in self._topics_for(a, b, role) if t not in topics]
            topics = (topics[: rng.randint(2, 4)] + extra)[: rng.randint(3, 6)]
        else:
            for _ in range(50):
                a, b, role = self._pick_pair()
                combo = self._combo(a, b, role)
                day = rng.randrange(self.span_days)
                if self._free(combo, day, MIN_GAP_DAYS):
                    break
            topics = self._topics_for(a, b, role)
        self.occupied.setdefault(combo, []).append(day)

        kind = rng.choices(CONTACT_KINDS, weights=CONTACT_WEIGHTS)[0]
        if role == "leader" and kind == "call" and rng.random() < 0.2:
            kind = "video_call"
        location = None
        if kind == "meeting":
            location = rng.choice(("capital_a", "capital_b", "summit"))
        elif kind == "visit":
            location = "capital_b"  # b visits a's capital... decided below: visitor is b

        divergent_style = rng.random()
        n_shared = max(1, len(topics) - rng.randint(1, 2)) if divergent_style < 0.7 else len(topics)
        shared = topics[:n_shared]
        rest = topics[n_shared:]
        only: dict[str, list[Topic]] = {a.code: [], b.code: []}
        for t in rest:
            only[rng.choice((a.code, b.code))].append(t)
        strong = None
        strong_echo = False
        if rng.random() < 0.45:
            cands = [t for t in topics if t.negs]
            if cands:
                t = rng.choice(cands)
                side = rng.choice((a.code, b.code))
                strong = (side, t)
                strong_echo = t in shared or rng.random() < 0.5
        contradiction = None
        if rng.random() < 0.15:
            options = ["duration", "next_round"]
            if kind in ("call", "video_call"):
                options.append("initiator")
            contradiction = rng.choice(options)
        plan = EventPlan(seq, day, kind, a, b, role, shared, only, strong, strong_echo, contradiction, location,
                         follow.seq if follow else None)
        self.history.append(plan)
        return plan

    # -- writing ------------------------------------------------------------------------------------

    def _ctx(self, plan: EventPlan, s: Government, o: Government, d: date) -> dict[str, Any]:
        """What every sentence of one document may refer to; per-sentence values are drawn lazily."""
        ps, po = s.people[plan.role], o.people[plan.role]
        plural = ROLE_PLURAL[plan.role][0]
        return {
            "S": s.adj, "O": o.adj, "Sc": s.country[0].upper() + s.country[1:], "Oc": o.country,
            "Scap": s.capital, "sp_full": f"{ps.title} {ps.name}", "sp_last": ps.last,
            "op_full": f"{o.adj} {po.title} {po.name}", "op_last": po.last,
            "ps": ps, "po": po, "plural": plural, "kind_noun": KIND_NOUN[plan.kind], "date": d,
            "_refs": (
                (f"{ps.short} {ps.last}", ps.last, f"{ps.short} {ps.last}"),
                (f"{po.short} {po.last}", po.last, f"The {o.adj} {po.short.lower()}"),
                ("The two " + plural, "Both sides", "The two sides", f"{ps.last} and {po.last}",
                 "The " + plural.split()[-1].capitalize()),
            ),
        }

    def _values(self, ctx: dict[str, Any], topic: Topic | None = None, **fixed: Any) -> "_Values":
        values = _Values(ctx)
        values.gen = self
        values.topic = topic
        values.update(fixed)
        return values

    def _lazy(self, key: str, v: "_Values") -> Any:
        """One template field, drawn when a template first asks for it."""
        maker = self._makers.get(key)
        if maker is None:
            raise KeyError(key)
        return maker(v)

    def _build_makers(self) -> dict[str, Any]:
        rng = self.rng
        choice, randint = rng.choice, rng.randint

        def topic_pool(name: str) -> Any:
            return lambda v: choice(getattr(v.topic, name)).format_map(v)

        return {
            "sp": lambda v: choice(v["_refs"][0]),
            "op_ref": lambda v: choice(v["_refs"][1]),
            "both": lambda v: choice(v["_refs"][2]),
            "month": lambda v: MONTHS[(v["date"].month + randint(-3, 3)) % 12],
            "city": lambda v: choice(CITIES),
            "n": lambda v: randint(2, 60),
            "recent": lambda v: _md(v["date"] - timedelta(days=randint(1, 20))),
            "mood": lambda v: choice(MOODS),
            "adjmood": lambda v: choice(ADJMOODS),
            "rare": lambda v: _rare(rng),
            "exercise": lambda v: choice(EXERCISES),
            "elab": lambda v: choice(ELAB).format_map(v),
            "detail": lambda v: choice(v.topic.details) if v.topic and v.topic.details else "implementation",
            "place": lambda v: choice(v.topic.places) if v.topic and v.topic.places else choice(CITIES),
            "np": topic_pool("nps"),
            "prop": topic_pool("props"),
            "neg": topic_pool("negs"),
            "project": lambda v: f"the {choice(BIG_CITIES) if rng.random() < 0.5 else _rare(rng)} {choice(INFRA)}",
            "vessel": lambda v: f"{choice(VESSELS)} {_rare(rng)}",
            "company": lambda v: _company(rng),
            "bigcity": lambda v: choice(BIG_CITIES),
            "ordinal": lambda v: choice(ORDINALS),
            "n0": lambda v: choice((2, 3, 5, 8, 12, 15, 20, 40)) * 1000,
            "sector": lambda v: choice(SECTORS),
        }

    def _fill(self, template: str, ctx: dict[str, Any], topic: Topic | None = None) -> str:
        text = template.format_map(self._values(ctx, topic))
        return text[0].upper() + text[1:]

    def _point(self, ctx: dict[str, Any], topic: Topic) -> str:
        """A neutral sentence about `topic`, never one this document already has."""
        seen = ctx.setdefault("_seen", set())
        for _ in range(8):
            sent = self._fill(self.rng.choice(NEUTRAL), ctx, topic)
            if sent not in seen:
                break
        seen.add(sent)
        return sent

    def _specific(self, ctx: dict[str, Any]) -> str:
        """A routine concrete detail (projects, companies, numbers): the long tail of the vocabulary."""
        return self._fill(self.rng.choice(SPECIFICS), ctx)

    def _opener(self, plan: EventPlan, s: Government, o: Government, ctx: dict[str, Any], d: date,
                initiator: str | None) -> tuple[str, list[str]]:
        """(title, opening lines) in the house style of government `s`."""
        rng = self.rng
        ps, po = ctx["ps"], ctx["po"]
        kind = plan.kind
        place = ""
        if kind == "meeting":
            where = plan.location
            if where == "summit":
                place = f" on the sidelines of the {rng.choice(SUMMITS)} in {rng.choice(CITIES)}"
            else:
                place = f" in {(plan.a if where == 'capital_a' else plan.b).capital}"
        elif kind == "visit":
            place = f" in {plan.a.capital}"
        req = ""
        if initiator == o.code:
            req = rng.choice((" at the request of the latter", f" at the request of the {o.adj} side"))
        elif initiator == s.code:
            req = f" at the request of the {s.adj} side"
        verb_past = {
            "call": rng.choice(("spoke by phone with", "held a phone call with", "had a telephone conversation with")),
            "video_call": rng.choice(("held a video call with", "held a video conference with")),
            "meeting": rng.choice(("met with", "held talks with", "held a bilateral meeting with")),
            "visit": rng.choice(("held talks with", "received")),
        }[kind]
        title_noun = {"call": "Call", "video_call": "Video Call", "meeting": "Meeting", "visit": "Meeting"}[kind]
        lines: list[str] = []
        if s.style == "us":
            title = f"Readout of {ps.title} {ps.name}'s {title_noun} with {o.adj} {po.title} {po.name}"
            lines.append(rng.choice((f"The following is attributed to {s.spokesperson}:",
                                     f"{s.spokesperson} provided the following readout:")))
            when = rng.choice(("today", f"on {WEEKDAYS[d.weekday()]}"))
            lines.append(f"{ps.title} {ps.name} {verb_past} {o.adj} {po.title} {po.name}{place} {when}{req}.")
        elif s.style == "cn":
            tn = {"call": "Holds Phone Talks with", "video_call": "Holds Video Call with", "meeting": "Meets with",
                  "visit": "Holds Talks with"}[kind]
            title = f"{ps.name} {tn} {o.adj} {po.title} {po.name}"
            part = rng.choice(("On the evening of ", "On the afternoon of ", "On "))
            lines.append(f"{part}{_md(d)}, {ps.title} {ps.name} {verb_past} {o.adj} {po.title} {po.name}{place}{req}.")
        elif s.style == "jp":
            tn = {"call": "Telephone Talk", "video_call": "Video Conference", "meeting": "Meeting", "visit": "Meeting"}[kind]
            title = f"Japan-{o.country.removeprefix('the ')} {ROLE_PLURAL[plan.role][1]} {tn}"
            hon = "Ms." if ps.name.split()[0] in FEMALE else "Mr."
            mins = rng.choice((20, 25, 30, 40, 45, 50, 60))
            held = {"call": "held a telephone talk with", "video_call": "held a video conference with",
                    "meeting": "held a meeting with", "visit": "held a meeting with"}[kind]
            lines.append(f"On {_fmt_date(d)}, commencing at {rng.randint(8, 21)}:{rng.choice(('00', '15', '30', '45'))} "
                         f"for approximately {mins} minutes, {hon} {ps.name}, {ps.title}, {held} {po.name}, "
                         f"{po.title} of {o.country}{place}{req}. The overview is as follows.")
        elif s.style == "ru":
            tn = {"call": "Telephone conversation with", "video_call": "Videoconference with", "meeting": "Meeting with",
                  "visit": "Talks with"}[kind]
            title = f"{tn} {po.title} of {o.country} {po.name}"
            if plan.role != "leader":
                title = f"{ps.title} {ps.name}'s {tn[0].lower()}{tn[1:]} {po.title} of {o.country} {po.name}"
            lines.append(f"{ps.name} {verb_past} {po.title} of {o.country} {po.name}{place}.")
            if initiator:
                lines.append(f"The conversation was initiated by the {(o if initiator == o.code else s).adj} side.")
        else:
            tn = {"call": "speaks with", "video_call": "holds video call with", "meeting": "meets",
                  "visit": "hosts"}[kind]
            title = rng.choice((f"{ps.title} {ps.name} {tn} {o.adj} counterpart {po.name}",
                                f"{ps.title}'s {KIND_NOUN[kind]} with {o.adj} {po.title} {po.name}: {_fmt_date(d, True)}"))
            lines.append(f"{ps.title} {ps.name} {verb_past} {o.adj} {po.title} {po.name}{place} on {_fmt_date(d, True)}{req}.")
        return title, lines

    def _readout(self, plan: EventPlan, s: Government, o: Government, d: date, facts: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """One official readout by `s`. Returns (document, what it says: sentences by label)."""
        rng = self.rng
        ctx = self._ctx(plan, s, o, d)
        initiator = None
        if plan.contradiction == "initiator":
            initiator = o.code  # each side says the other asked for the call
        elif plan.kind in ("call", "video_call") and rng.random() < 0.3:
            initiator = facts.setdefault("initiator", rng.choice((s.code, o.code)))
        title, lines = self._opener(plan, s, o, ctx, d, initiator)
        said: dict[str, Any] = {"shared": {}, "only": {}, "strong": None, "contradiction": None}

        body: list[tuple[str, str | None]] = []  # (sentence, label key)
        ctx["_seen"] = set()
        if rng.random() < 0.4:
            filler = self._fill(rng.choice(BOILERPLATE), ctx)
            ctx["_seen"].add(filler)
            body.append((filler, None))
        for t in plan.shared:
            sent = self._point(ctx, t)
            body.append((sent, "shared:" + t.key))
            for _ in range(rng.choice((0, 0, 1, 1, 2))):
                body.append((self._point(ctx, t), None))
        for t in plan.only[s.code]:
            body.append((self._point(ctx, t), "only:" + t.key))
        if plan.strong and plan.strong[0] == s.code:
            phrase, tmpl = rng.choice(STRONG)
            body.append((self._fill(tmpl, ctx, plan.strong[1]), "strong:" + phrase))
        elif plan.strong and plan.strong_echo and plan.strong[1] not in plan.shared:
            body.append((self._point(ctx, plan.strong[1]), None))
        if plan.contradiction == "duration":
            mins = facts.setdefault("minutes", {})
            mins[s.code] = rng.choice((30, 40, 45, 50, 60, 75, 90)) if not mins else \
                rng.choice([m for m in (30, 40, 45, 50, 60, 75, 90) if m not in mins.values()])
            body.append((f"The {KIND_NOUN[plan.kind]} lasted about {mins[s.code]} minutes.", "contradiction"))
        elif plan.contradiction == "next_round":
            months = facts.setdefault("months", {})
            m = rng.choice([x for x in MONTHS if x not in months.values()])
            months[s.code] = m
            body.append((f"{ctx['ps'].last} and {ctx['po'].last} agreed to hold the next round of talks in {m}.",
                         "contradiction"))
        if plan.contradiction == "initiator":
            said["contradiction"] = lines[-1] if s.style != "ru" else lines[-1]
        rng.shuffle(body)
        body.append((self._fill(rng.choice(CLOSERS), ctx), None))

        # Size control: 1-4 KB.
        with_title = rng.random() < 0.3
        size = sum(len(x) + 2 for x in lines) + sum(len(x) + 2 for x, _ in body) + (len(title) + 2) * with_title
        guard = 0
        target = rng.choice((1150, 1400, 1700, 2000, 2400, 2800, 3300))
        while size < target and guard < 30:
            guard += 1
            roll = rng.random()
            if roll < 0.3:
                extra = self._specific(ctx)
            elif plan.shared and roll < 0.8:
                extra = self._point(ctx, rng.choice(plan.shared))
            else:
                extra = self._fill(rng.choice(BOILERPLATE), ctx)
                if extra in ctx["_seen"]:
                    continue
                ctx["_seen"].add(extra)
            body.insert(rng.randrange(len(body)), (extra, None))
            size += len(extra) + 2
        while size > 4000:
            idx = next((i for i, (_, lab) in enumerate(body) if lab is None), None)
            if idx is None:
                break
            size -= len(body.pop(idx)[0]) + 2

        for sent, lab in body:
            if lab is None:
                continue
            kind, _, key = lab.partition(":")
            if kind == "shared":
                said["shared"].setdefault(key, sent)
            elif kind == "only":
                said["only"][key] = sent
            elif kind == "strong":
                said["strong"] = (key, sent)
            elif kind == "contradiction":
                said["contradiction"] = sent

        if s.style == "jp":
            text_body = "\n".join(f"{i + 1}. {sent}" for i, (sent, _) in enumerate(body))
        else:
            paras, cur = [], []
            for sent, _ in body:
                cur.append(sent)
                if len(cur) >= rng.randint(1, 3):
                    paras.append(" ".join(cur))
                    cur = []
            if cur:
                paras.append(" ".join(cur))
            text_body = "\n\n".join(paras)
        head = "\n\n".join(lines)
        text = f"{title}\n\n{head}\n\n{text_body}" if with_title else f"{head}\n\n{text_body}"
        issuer = s.issuers[plan.role]
        doc = {
            "doc_id": f"S{self.seed}-E{plan.seq:06d}-{s.code}",
            "government": s.code,
            "issuer": issuer,
            "kind": "official_readout",
            "title": title,
            "date": d.isoformat(),
            "url": f"https://{s.domain}/readouts/{d.year}/{d.month:02d}/{_slug(title)}-{plan.seq}",
            "text": text,
            "language": "en",
        }
        return doc, said

    def _news(self, plan: EventPlan, docs: list[dict[str, Any]], saids: list[dict[str, Any]], d: date) -> dict[str, Any]:
        rng = self.rng
        a, b = plan.a, plan.b
        agency, city = rng.choice(AGENCIES)
        both_sides = len(docs) >= 2 and rng.random() < 0.7
        quoted = [0, 1] if both_sides else [rng.randrange(len(docs))]
        first = [a, b][quoted[0]]
        other = b if first is a else a
        ctx = self._ctx(plan, first, other, d)
        pa, pb = a.people[plan.role], b.people[plan.role]
        kn = KIND_NOUN[plan.kind]
        topic = rng.choice(plan.shared or [t for ts in plan.only.values() for t in ts] or list(TOPICS[:1]))
        np1 = rng.choice(topic.nps).format_map(self._values(ctx, topic))
        headline = rng.choice((
            f"{pa.last}, {pb.last} discuss {np1} in {kn}",
            f"{a.adj} and {b.adj} {ROLE_PLURAL[plan.role][0]} hold {kn}",
            f"{first.adj} readout of {pa.last}-{pb.last} {kn} stresses {np1}",
            f"{pa.last} and {pb.last} talk {np1}; readouts differ on emphasis",
        ))
        paras = [
            f"{city}, {_md(d)} ({agency}) -- {a.adj} {pa.title} {pa.name} and {b.adj} {pb.title} {pb.name} "
            f"{'spoke by phone' if plan.kind == 'call' else 'held a ' + kn} on {WEEKDAYS[(d - timedelta(days=1)).weekday()]}, "
            f"discussing {np1} among other issues, according to "
            + ("readouts released by both governments." if both_sides else f"the {first.adj} readout of the {kn}.")
        ]
        said_by: dict[str, list[str]] = {}
        pools: list[tuple[Government, str, list[str]]] = []
        for qi in quoted:
            gov = [a, b][qi]
            sents = [x.strip() for x in _SENT_SPLIT.split(docs[qi]["text"])]
            sents = [x for x in sents if 60 < len(x) < 320 and x[-1] == "." and not x[0].isdigit()]
            rng.shuffle(sents)
            pools.append((gov, docs[qi]["issuer"], sents))

        def quote() -> str | None:
            live = [p for p in pools if p[2]]
            if not live:
                return None
            gov, issuer, sents = rng.choice(live)
            sent = sents.pop()
            said_by.setdefault(gov.code, []).append(sent)
            comma = sent[:-1] + ","
            return rng.choice((
                f"\"{comma}\" the {gov.adj} readout said.",
                f"\"{comma}\" the {issuer} said in a statement.",
                f"\"{comma}\" read the {gov.adj} account of the {kn}.",
                f"A statement released by the {issuer} said: \"{sent}\"",
                f"According to the {gov.adj} readout, \"{_decap(sent)}\"",
            ))

        for _ in range(len(quoted) + rng.randint(0, 2)):
            q = quote()
            if q:
                paras.append(q)
        if plan.strong and both_sides:
            side, _ = plan.strong
            sgov = a if side == a.code else b
            ogov = b if sgov is a else a
            phrase = next((x["strong"][0] for x in saids if x.get("strong")), None)
            if phrase:
                paras.append(f"The {ogov.adj} account made no mention of \"{phrase}\", language that appeared only in the {sgov.adj} readout.")
        if both_sides and rng.random() < 0.5:
            for code, topics in plan.only.items():
                if topics:
                    missing = b if code == a.code else a
                    t = topics[0]
                    paras.append(f"The {missing.adj} readout did not mention {rng.choice(t.nps).format_map(self._values(ctx, t))}.")
                    break
        bg_neg = "a series of incidents at sea"
        for t in plan.shared + [plan.strong[1]] if plan.strong else plan.shared:
            if t.negs:
                bg_neg = rng.choice(t.negs).format_map(self._values(ctx, t))
                break
        sayings = rng.sample(EXPERT_SAYS, k=3)
        background = rng.sample(BACKGROUND, k=len(BACKGROUND))
        journalist = rng.sample(JOURNALIST, k=len(JOURNALIST))

        def expert() -> str | None:
            if not sayings:
                return None
            ex = f"{rng.choice(EXPERT_FIRST)} {rng.choice(EXPERT_LAST)}"
            job = rng.choice(EXPERT_JOBS).format(univ=rng.choice(UNIVS), think=rng.choice(THINKS))
            say = sayings.pop().format_map(self._values(ctx, np=np1))
            return rng.choice((f"\"{say},\" said {ex}, {job}.", f"{say}, {ex}, {job}, told {agency}."))

        def context() -> str | None:
            pool = background if background and (not journalist or rng.random() < 0.5) else journalist
            if not pool:
                return None
            return pool.pop().format_map(self._values(ctx, np=np1, neg_bg=bg_neg))

        paras.append(expert() or "")
        paras.append(context() or "")
        size = sum(len(x) + 2 for x in paras)
        news_target = rng.choice((1100, 1500, 1900, 2400, 3000))
        makers = (quote, quote, expert, context, context)
        while size < news_target:
            extra = None
            for maker in rng.sample(makers, k=len(makers)):
                extra = maker()
                if extra:
                    break
            if not extra:
                break
            paras.insert(rng.randint(2, len(paras)), extra)
            size += len(extra) + 2
        paras = [x for x in paras if x]
        body = "\n\n".join([headline] + paras) if rng.random() < 0.5 else "\n\n".join(paras)
        body = body[:4000]
        gov = None if both_sides else first.code
        return {
            "doc_id": f"S{self.seed}-E{plan.seq:06d}-N",
            "government": gov,
            "issuer": agency,
            "kind": "news" if both_sides else "quoted_in_news",
            "title": headline,
            "date": d.isoformat(),
            "url": f"https://news.{_slug(agency)}.example/{d.year}/{d.month:02d}/{d.day:02d}/{_slug(headline)}-{plan.seq}",
            "text": body,
            "language": "en",
        }, said_by

    def event(self, seq: int, max_docs: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Documents (2-3, at most `max_docs`) and the label of one event."""
        rng = self.rng
        plan = self.plan_event(seq)
        day0 = self.start + timedelta(days=plan.day)
        facts: dict[str, Any] = {}
        docs, saids = [], []
        sides = [(plan.a, plan.b), (plan.b, plan.a)]
        for s, o in sides[: max(1, min(2, max_docs))]:
            d = day0 + timedelta(days=1 if rng.random() < 0.25 else 0)
            doc, said = self._readout(plan, s, o, d, facts)
            docs.append(doc)
            saids.append(said)
        if max_docs >= 3 and rng.random() < NEWS_SHARE:
            news, _ = self._news(plan, docs, saids, day0 + timedelta(days=rng.randint(0, 1)))
            docs.append(news)
        return docs, self._label(plan, day0, docs, saids)

    def _label(self, plan: EventPlan, day0: date, docs: list[dict[str, Any]], saids: list[dict[str, Any]]) -> dict[str, Any]:
        a, b = plan.a, plan.b
        pa, pb = a.people[plan.role], b.people[plan.role]
        readouts = {d["government"]: (d, s) for d, s in zip(docs, saids) if d["kind"] == "official_readout"}
        divergences: list[dict[str, Any]] = []
        if len(readouts) == 2:
            for code, (doc, said) in readouts.items():
                for key, sent in said["only"].items():
                    t = next(t for t in TOPICS if t.key == key)
                    divergences.append({"type": "omission", "only_in": code, "sensitive": t.sensitive,
                                        "point": f"only the {code} readout raises {key}", "evidence": [sent],
                                        "evidence_doc_ids": [doc["doc_id"]]})
                if said["strong"]:
                    phrase, sent = said["strong"]
                    divergences.append({"type": "unechoed_wording", "only_in": code, "sensitive": True,
                                        "point": f"{phrase!r} appears only in the {code} readout", "evidence": [sent],
                                        "evidence_doc_ids": [doc["doc_id"]]})
            if plan.contradiction:
                ev = [readouts[c][1]["contradiction"] for c in (a.code, b.code)]
                if all(ev):
                    divergences.append({"type": "contradiction", "only_in": None, "sensitive": True,
                                        "point": {"initiator": "each side says the other requested the call",
                                                  "duration": "different durations of the contact",
                                                  "next_round": "different months for the next round"}[plan.contradiction],
                                        "evidence": ev, "evidence_doc_ids": [readouts[a.code][0]["doc_id"], readouts[b.code][0]["doc_id"]]})
        shared = [t.key for t in plan.shared]
        return {
            "event_id": f"S{self.seed}-E{plan.seq:06d}",
            "title": f"{pa.name}-{pb.name} {KIND_NOUN[plan.kind]}",
            "date": day0.isoformat(),
            "contact_kind": plan.kind,
            "governments": sorted((a.code, b.code)),
            "participants": [pa.name, pb.name],
            "doc_ids": [d["doc_id"] for d in docs],
            "divergent": any(d["sensitive"] for d in divergences),
            "divergences": divergences,
            "shared_points": shared,
            "related_event_ids": [f"S{self.seed}-E{plan.follow_of:06d}"] if plan.follow_of is not None else [],
        }

    def generate(self, n_docs: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """All documents in publication order (date, then event) and the event labels."""
        docs: list[tuple[str, int, int, dict[str, Any]]] = []
        labels: list[dict[str, Any]] = []
        seq = 0
        while len(docs) < n_docs:
            remaining = n_docs - len(docs)
            ev_docs, label = self.event(seq, remaining)
            for i, d in enumerate(ev_docs):
                docs.append((d["date"], seq, i, d))
            labels.append(label)
            seq += 1
        docs.sort(key=lambda x: (x[0], x[1], x[2]))
        labels.sort(key=lambda lab: (lab["date"], lab["event_id"]))
        return [d for *_, d in docs], labels


def generate(n_docs: int, seed: int = 1, months: int = 24) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return CorpusGenerator(seed, months).generate(n_docs)


def labels_path_for(out: Path) -> Path:
    name = out.name
    stem = name[: -len(".jsonl")] if name.endswith(".jsonl") else out.stem
    return out.with_name(stem + ".events.jsonl")


def read_labels(labels: Path) -> dict[str, str]:
    """doc_id -> labelled event id, from the labels file written beside a corpus."""
    truth: dict[str, str] = {}
    with labels.open(encoding="utf-8") as fh:
        for line in fh:
            ev = json.loads(line)
            for doc in ev["doc_ids"]:
                truth[doc] = ev["event_id"]
    return truth


def pairwise_quality(predicted: dict[str, Any], truth: dict[str, str]) -> dict[str, Any]:
    """Pairwise precision/recall/F1 of a grouping (doc_id -> event) against the labels, over the
    labelled documents that were grouped: every pair of documents put together is a prediction.

    Counted, not enumerated: a pair is in both groupings exactly when its two documents share a
    (predicted, labelled) cell, so the pairs are sums of n·(n-1)/2 over groups and cells: memory in
    the number of documents, not of pairs (at 100k, 51 MB instead of 67 for the check alone)."""
    docs = [d for d in truth if d in predicted]

    def pairs(sizes: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in sizes.values())

    p = pairs(Counter(predicted[d] for d in docs))
    t = pairs(Counter(truth[d] for d in docs))
    tp = pairs(Counter((predicted[d], truth[d]) for d in docs))
    precision = tp / p if p else 1.0
    recall = tp / t if t else 1.0
    return {
        "documents": len(docs),
        "events_predicted": len({predicted[d] for d in docs}),
        "events_labelled": len({truth[d] for d in docs}),
        "pairwise_precision": round(precision, 3),
        "pairwise_recall": round(recall, 3),
        "pairwise_f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
    }


def write_corpus(out: Path, n_docs: int, seed: int = 1, months: int = 24, labels: Path | None = None) -> tuple[Path, Path]:
    docs, events = generate(n_docs, seed, months)
    out.parent.mkdir(parents=True, exist_ok=True)
    labels = labels or labels_path_for(out)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(dumps(d) + "\n" for d in docs)
    with labels.open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(dumps(e) + "\n" for e in events)
    return out, labels


def iter_lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="number of documents (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--months", type=int, default=24, help="time span of the events (default 24)")
    parser.add_argument("--out", type=Path, default=None, help="output JSONL (default bench/out/corpus-<N>.jsonl)")
    parser.add_argument("--labels", type=Path, default=None, help="event labels JSONL (default <out>.events.jsonl)")
    args = parser.parse_args(argv)
    out = args.out or Path(__file__).resolve().parent / "out" / f"corpus-{args.docs}.jsonl"
    t0 = time.perf_counter()
    out, labels = write_corpus(out, args.docs, args.seed, args.months, args.labels)
    elapsed = time.perf_counter() - t0
    print(f"wrote {args.docs} documents to {out} and event labels to {labels} in {elapsed:.1f}s "
          f"({out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
