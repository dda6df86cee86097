"""What reportedly knows of the world: countries and the bodies claims come from.

Countries, their capitals and demonyms come from the `countryinfo` package (names
and alternative spellings; "Azerbaijani" -> Azerbaijan, "Seoul" -> South Korea);
a demonym or capital shared by several countries goes to the most populous one.
Bodies (UN agencies, intelligence services, armed groups, outlets...) are data in
`lexicons/bodies.jsonl`: a canonical name, a type, acronyms, aliases and the nouns
a later description may use for it ("the agency", "the rights group").

Names are compared by `form_key`: lower case, no dots, "&" as "and", British
spellings as American ones, and no "the", "of", "for", "and", "on". Acronyms are
matched only when written in capitals ("WHO", not "who"), and an acronym two
bodies share is used for neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

SPELLINGS = {
    "organisation": "organization",
    "defence": "defense",
    "centre": "center",
    "centres": "centers",
    "programme": "program",
    "labour": "labor",
    "mobilisation": "mobilization",
}
FUNCTION_WORDS = {"the", "of", "for", "and", "on", "in"}


def form_key(name: str) -> str:
    """The comparable form of a name: "the U.N. Refugee Agency" -> "un refugee agency"."""
    text = name.lower().replace("&", " and ").replace(".", "")
    text = re.sub(r"[’']s\b", "", text)
    words = [SPELLINGS.get(w, w) for w in re.findall(r"[\w-]+", text)]
    return " ".join(w for w in words if w not in FUNCTION_WORDS)


def acronym_key(text: str) -> str | None:
    """ "U.N." -> "UN"; None unless the text is written as an acronym."""
    bare = text.replace(".", "").replace(" ", "")
    if len(bare) < 2 or not bare.replace("-", "").replace("/", "").replace("&", "").isalnum():
        return None
    letters = [c for c in bare if c.isalpha()]
    return bare if letters and all(c.isupper() for c in letters) else None


@dataclass(frozen=True)
class Body:
    """A real-world body: its canonical name, type and the nouns describing it."""

    name: str
    type: str
    nouns: frozenset[str] = frozenset()
    country: str | None = None  # set for a country: the country's name


class Knowledge:
    """Looks up bodies and countries by any of their names."""

    def __init__(self, bodies: list[dict[str, Any]], countries: list[dict[str, Any]]) -> None:
        self._forms: dict[str, Body] = {}
        self._acronyms: dict[str, Body | None] = {}
        self._countries: dict[str, Body] = {}
        self._capitals: dict[str, Body] = {}
        self._add_countries(countries)
        for entry in bodies:
            if "name" not in entry:
                continue
            body = Body(entry["name"], entry["type"], frozenset(entry.get("nouns", ())))
            for form in (entry["name"], *entry.get("aliases", ())):
                self._forms[form_key(form)] = body
            for acronym in entry.get("acronyms", ()):
                key = acronym_key(acronym) or acronym
                known = self._acronyms.get(key, body)
                self._acronyms[key] = body if known == body else None

    def _add_countries(self, countries: list[dict[str, Any]]) -> None:
        by_size = sorted(countries, key=lambda c: -(c.get("population") or 0))
        for info in reversed(by_size):  # the most populous country written last wins
            name = info.get("name")
            if not name:
                continue
            country = Body(name, "country", frozenset({"country", "government"}), name)
            codes = (info.get("ISO") or {}).values()
            for form in (name, *(info.get("altSpellings") or ())):
                if form in codes:
                    continue  # "IN", "IT": ISO codes are words too
                if acronym_key(form):
                    self._acronyms[form] = country
                else:
                    self._countries[form_key(form)] = country
            if info.get("demonym"):
                self._countries[form_key(info["demonym"])] = country
            capitals = info.get("capital") or ()
            for capital in [capitals] if isinstance(capitals, str) else capitals:
                capital = re.sub(r"\s+[A-Z.]+$", "", capital)  # "Washington D.C."
                self._capitals[form_key(capital)] = country
            for code in (info.get("ISO") or {}).get("alpha2"), *(info.get("altSpellings") or ()):
                if code and len(code) == 2 and code.isupper():  # "U.S.", "U.K.": never a word
                    self._acronyms[".".join(code) + "."] = country

    def body(self, name: str) -> Body | None:
        """The body or country a name names: "UN refugee agency", "UNHCR", "Russia"."""
        if "." in name and name.replace(" ", "") in self._acronyms:
            return self._acronyms[name.replace(" ", "")]
        acronym = acronym_key(name)
        if acronym is not None and acronym in self._acronyms:
            return self._acronyms[acronym]
        key = form_key(name)
        return self._forms.get(key) or self._countries.get(key)

    def country(self, name: str) -> Body | None:
        """The country a country name, alternative spelling or demonym names."""
        found = self.body(name)
        return found if found is not None and found.country else None

    def capital(self, name: str) -> Body | None:
        """The country whose capital this is: "Seoul" -> South Korea."""
        return self._capitals.get(form_key(name))

    def forms(self) -> list[str]:
        """Every multi-word name form, for finding bodies inside longer spans."""
        return [k for k in self._forms if " " in k]


@cache
def bundled_knowledge() -> Knowledge:
    """The knowledge shipped with reportedly (bundled bodies, countryinfo's countries)."""
    from reportedly.extract.lexicon import bundled_lexicon

    return Knowledge(bundled_lexicon("bodies"), list(country_records()))


@cache
def country_records() -> tuple[dict[str, Any], ...]:
    """Name, spellings, capital, demonym and population of each country (countryinfo)."""
    from countryinfo import all_countries

    keys = ("name", "altSpellings", "capital", "demonym", "population", "ISO")
    return tuple({k: c.info().get(k) for k in keys} for c in all_countries())
