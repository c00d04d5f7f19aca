"""Actor codes: the one place that knows PLOVER v0.8 sectors and the international codes.

PETRARCH/Phoenix (CAMEO) codes are strings of three-letter chunks (``AZEGOVBUS``,
``IGOUNOHLHWHO``); :func:`split_code` turns one into ``(country, sector, secondary)``
with CAMEO sectors mapped to PLOVER v0.8 (``MED`` media -> ``JRN``, ``HLH`` health ->
``MED``, ``INS``/``SEP`` -> ``REB``...).  Codes NGEC still emits in CAMEO style
(``HLH`` for health IGOs, ``BUD``, ``NGO``) are kept where the source used them for an
organisation's identity; see README.md.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# PLOVER v0.8 sectors (PLOVER_MANUAL "Country Names and Sector Codes").
SECTORS = frozenset({
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
    "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "OPP", "PRE",
    "REF", "REL", "SOC",
})
# CAMEO-style sector codes NGEC (the reference resolver) still emits; accepted as sectors.
LEGACY_SECTORS = frozenset({"BUD", "HLH", "NGO"})

# International (non-state) country-field codes.
INTERNATIONAL = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
IGO_CODES = frozenset({"IGO", "UNO", "EUR"})  # the intergovernmental ones


def code_kind(code: str | None) -> str:
    """The kind of party a code names, as the trained side models read it: none, igo, intl (another
    international code), state (a country) or other."""
    if not code:
        return "none"
    if code in IGO_CODES:
        return "igo"
    if code in INTERNATIONAL:
        return "intl"
    return "state" if len(code) == 3 else "other"

# Non-ISO country codes: Kosovo is XKX (the user-assigned code NGEC and most data use;
# PLOVER writes KOS, which we read as an alias); ISO 3166-3 codes for former states.
SPECIAL_COUNTRIES = {"XKX": "Kosovo", "SUN": "Soviet Union", "YUG": "Yugoslavia",
                     "CSK": "Czechoslovakia", "DDR": "East Germany"}
COUNTRY_ALIASES = {"KOS": "XKX", "KSV": "XKX", "USR": "SUN", "ROM": "ROU", "ZAR": "COD", "BUL": "BGR",
                   "ITL": "ITA", "JAP": "JPN", "VTN": "VNM", "TMP": "TLS", "GDR": "DDR", "HKN": "HKG",
                   "TAW": "TWN", "WSB": "PSE", "GZS": "PSE", "PAL": "PSE", "SUD": "SDN", "ANG": "AGO",
                   "SCG": "SRB", "KRJ": "HRV"}
# CAMEO regional and religious codes that are not countries (PLOVER: regions get no country).
NOT_COUNTRIES = frozenset({"AFR", "ASA", "BAL", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR_", "LAM",
                           "MEA", "NAF", "NMR", "SAF", "SAM", "SAS", "SEA", "WAF", "WEU", "WST", "INT",
                           "HIN", "MOS", "BAH", "KNT", "KKL"})

# CAMEO sector/role chunks -> PLOVER v0.8 (None: drop the chunk).
CAMEO_TO_PLOVER = {
    "MED": "JRN", "HLH": "MED", "INS": "REB", "SEP": "REB", "RAD": None, "HRI": "SOC",
    "ENV": "SOC", "DEV": None, "MOD": None, "IRC": None, "PPL": "CVL", "CIV": "CVL",
    "MUS": "REL", "CHR": "REL", "JEW": "REL", "HIN": "REL", "CTH": "REL", "PRO": "REL",
    "ORT": "REL", "SHI": "REL", "SUN": "REL", "ALE": "REL", "JAN": "REL", "SIK": "REL",
    "BUD": "BUD", "NGO": "NGO", "KID": None,
}


def is_country(code: str | None) -> bool:
    """An ISO 3166 alpha-3 (current or former), a special or an international code."""
    if not code:
        return False
    if code in INTERNATIONAL or code in SPECIAL_COUNTRIES:
        return True
    import pycountry

    return pycountry.countries.get(alpha_3=code) is not None


def is_sector(code: str | None) -> bool:
    return bool(code) and (code in SECTORS or code in LEGACY_SECTORS)


def normalize_country(code: str | None) -> str | None:
    """An upper-case country-field code with the aliases above folded in."""
    if not code:
        return None
    code = code.strip().upper()
    return COUNTRY_ALIASES.get(code, code)


@lru_cache(maxsize=1)
def _former_states() -> dict:
    """{member code: (former state's code, last day as its member)} (``data/former_states.yaml``)."""
    import yaml

    data = yaml.safe_load((Path(__file__).parent / "data" / "former_states.yaml").read_text(encoding="utf-8"))
    return {k: (v[0], str(v[1])) for k, v in data["members"].items()}


def code_at(code: str | None, date: str) -> str | None:
    """The country-field code of a state at an ISO ``date``: a member of a former state up to its last day inside
    it is the former state ("Moscow" in 1987 is SUN, "Prague" in 1990 CSK); any other code is itself."""
    former = _former_states().get(code) if code else None
    return former[0] if former is not None and date <= former[1] else code


def _sector_chunk(chunk: str, keep_health: bool) -> str | None:
    if chunk == "MED":
        return "JRN"  # CAMEO MED is media
    if chunk == "HLH" and keep_health:
        return "HLH"  # health IGOs keep CAMEO's HLH, as NGEC codes them
    if chunk in SECTORS:
        return chunk
    return CAMEO_TO_PLOVER.get(chunk)


def split_code(code: str, *, cameo: bool = True) -> tuple[str | None, str | None, tuple]:
    """``"AZEGOVBUS"`` -> ``("AZE", "GOV", ("BUS",))``; ``"~COP"`` -> ``(None, "COP", ())``.

    ``cameo=True`` reads sector chunks as CAMEO (MED = media); ``False`` as PLOVER v0.8.
    UN bodies give ``UNO`` and EU bodies ``EUR`` as the country field, NGOs ``NGO``.
    """
    code = code.strip().upper().lstrip("~").rstrip("~")
    chunks = [code[i:i + 3] for i in range(0, len(code), 3) if len(code[i:i + 3]) == 3]
    country = None
    if chunks and not is_sector(chunks[0]) or (chunks and chunks[0] in INTERNATIONAL):
        country = normalize_country(chunks.pop(0))
    if country == "IGO" and chunks and chunks[0] in ("UNO", "EUR"):
        country = chunks.pop(0)
    health = country in INTERNATIONAL
    sectors = []
    for chunk in chunks:
        mapped = _sector_chunk(chunk, keep_health=health) if cameo else (chunk if is_sector(chunk) else None)
        if mapped and mapped not in sectors:
            sectors.append(mapped)
    sector = sectors[0] if sectors else None
    return country, sector, tuple(sectors[1:])
