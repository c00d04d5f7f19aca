"""Actors: who acts in an article, resolved to a country / organisation and a PLOVER v0.8 sector.

    from detente.actors import resolve, find_actors
    resolve("Azerbaijan's foreign ministry")      # Actor(code="AZE", sector="GOV", ...)
    find_actors(doc, date="2025-07-01")            # every actor mention in a spaCy Doc
    lookup("Raila Odinga", date="2010-01-01")      # the answer with its term and source

Knowledge lives in ``data/`` (see README.md); user dictionaries (YAML/CSV or PETRARCH
``.actors``/``.agents``) are added with ``load_kb(extra=[...])``.
"""
from detente.actors.kb import KnowledgeBase, load_kb
from detente.actors.resolver import predict, resolve, resolve_all
from detente.actors.mentions import find_actors
from detente.actors.lookup import lookup

# The version of this stage's output (detente.pipeline, stored with every article): change it whenever the
# output changes; tests/test_versions.py fails until you do.
VERSION = "8"  # 8: a role-only mention in a sentence naming no country takes the country of the place the sentence names as where something is, else the article's, else the one it names most (context.fill_home, most_named); a committee of creditor banks and a bank before what is owed to banks are MNC (mentions._mnc, words.yaml mnc_bodies, mnc_debts); 7: one-word aliases of imported dictionaries that are common words (data/words.yaml gloss_aliases: "Organization" read every unknown "X Organization" as an armed group) dropped; 6: a former state's members dated (data/former_states.yaml: "Moscow" in 1987 is SUN), bodies of trade news in organisations.yaml; 5: MNC for plural creditors, lenders, bondholders and banks named with no country (mentions._mnc)

__all__ = ["VERSION", "KnowledgeBase", "load_kb", "resolve", "resolve_all", "find_actors", "predict", "lookup"]
