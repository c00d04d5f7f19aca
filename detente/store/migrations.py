"""Schema migrations: an ordered list of named functions, each applied once, in a transaction,
and recorded in ``_migrations``. Never edit a released migration: append a new one."""
from __future__ import annotations

from detente.store.aggregates import table_exists
from detente.store.literal import literal

MIGRATIONS = []


def migration(fn):
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(con):
    con.execute("""
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY, title VARCHAR, url VARCHAR, author VARCHAR, outlet VARCHAR,
            published DATE, language VARCHAR, reader VARCHAR, source VARCHAR, status VARCHAR,
            note VARCHAR, text VARCHAR, coder VARCHAR, analysed_at TIMESTAMP
        )""")
    con.execute("""
        CREATE TABLE actors (
            article_id VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, code VARCHAR,
            sector VARCHAR, name VARCHAR, actor_id VARCHAR,
            PRIMARY KEY (article_id, start, "end")
        )""")
    con.execute("""
        CREATE TABLE events (
            key VARCHAR PRIMARY KEY, article_id VARCHAR, event VARCHAR, mode VARCHAR, cameo VARCHAR,
            score DOUBLE, modality VARCHAR, happened BOOLEAN, confidence DOUBLE,
            date DATE, date_value VARCHAR, date_precision VARCHAR, date_origin VARCHAR,
            place_name VARCHAR, lat DOUBLE, lon DOUBLE, place_country VARCHAR, geonames_id BIGINT,
            sentence VARCHAR, sentence_index INTEGER, sentence_start INTEGER,
            trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR,
            source_codes VARCHAR[], target_codes VARCHAR[], reporter_code VARCHAR,
            context VARCHAR[], coder VARCHAR
        )""")
    con.execute("""
        CREATE TABLE event_actors (
            event_key VARCHAR, role VARCHAR, idx INTEGER, code VARCHAR, sector VARCHAR, name VARCHAR,
            actor_id VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER,
            PRIMARY KEY (event_key, role, idx)
        )""")
    con.execute("""
        CREATE TABLE timexes (
            article_id VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, value VARCHAR, kind VARCHAR,
            PRIMARY KEY (article_id, start, "end")
        )""")
    con.execute("""
        CREATE TABLE places (
            article_id VARCHAR, start INTEGER, "end" INTEGER, name VARCHAR, lat DOUBLE, lon DOUBLE,
            country VARCHAR, geonames_id BIGINT, kind VARCHAR,
            PRIMARY KEY (article_id, start, "end")
        )""")
    con.execute("""
        CREATE TABLE quarantine (
            key VARCHAR PRIMARY KEY, locator VARCHAR, reason VARCHAR, reader VARCHAR, stage VARCHAR,
            article_id VARCHAR, first_seen TIMESTAMP
        )""")
    con.execute("CREATE INDEX events_article ON events (article_id)")
    con.execute("CREATE INDEX event_actors_code ON event_actors (code)")


def apply(con) -> list[str]:
    """Apply pending migrations; return the names applied. A new store gets all of them in one transaction
    (17 commits, each with its own sync to disk, took 0.17-0.35 CPU-s and 0.25-0.65 s of wall clock of a
    one-article ``analyze``; one takes 0.09 CPU-s); a store that has some applies the others one by one."""
    con.execute("CREATE TABLE IF NOT EXISTS _migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    done = {r[0] for r in con.execute("SELECT name FROM _migrations").fetchall()}
    pending = [fn for fn in MIGRATIONS if fn.__name__ not in done]
    groups = [pending] if pending and not done else [[fn] for fn in pending]
    applied = []
    for group in groups:
        con.execute("BEGIN TRANSACTION")
        try:
            for fn in group:
                fn(con)
                con.execute(f"INSERT INTO _migrations VALUES ({literal(fn.__name__)}, now())")  # no parameters: literal.py
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied += [fn.__name__ for fn in group]
    return applied


@migration
def m002_stance(con):
    con.execute("""
        CREATE TABLE stance (
            article_id VARCHAR, actor VARCHAR, polarity DOUBLE, mentions INTEGER,
            PRIMARY KEY (article_id, actor)
        )""")


@migration
def m003_clusters(con):
    """Event clusters (detente.relations): one row per happening, and its member events."""
    con.execute("""
        CREATE TABLE clusters (
            cluster_id VARCHAR PRIMARY KEY, event VARCHAR, quad VARCHAR, mode VARCHAR,
            source VARCHAR, target VARCHAR, source_codes VARCHAR[], target_codes VARCHAR[],
            date DATE, date_value VARCHAR, date_precision VARCHAR, score DOUBLE, confidence DOUBLE,
            happened BOOLEAN, modality VARCHAR, mentions INTEGER, articles INTEGER, sources INTEGER,
            first_reported DATE, sentence VARCHAR, rule VARCHAR
        )""")
    con.execute("""
        CREATE TABLE cluster_events (
            cluster_id VARCHAR, event_key VARCHAR PRIMARY KEY, article_id VARCHAR, outlet VARCHAR,
            similarity DOUBLE, rank INTEGER
        )""")
    con.execute("CREATE INDEX cluster_events_cluster ON cluster_events (cluster_id)")


# One row per cluster and unordered pair of its actor codes (a <= b), physically ordered by (a, b, date) so a
# dyad's rows sit in a few row groups and DuckDB's zone maps skip the others: the relation index reads this table
# (detente.relations.index), not the code lists of every cluster. ``forward``: a is a source and b a target;
# ``backward``: b a source and a a target. ``pos``/``score_pos``: the row's place in its dyad by (date,
# cluster_id) and by (score, cluster_id), so the series orders by an integer. Rewritten with the clusters
# (detente.relations.clusters), by this statement.
CLUSTER_DYADS_FILL = """
    INSERT INTO cluster_dyads
    WITH pairs AS (
        SELECT DISTINCT cluster_id, least(s, t) AS a, greatest(s, t) AS b
        FROM clusters, unnest(source_codes) AS u1(s), unnest(target_codes) AS u2(t)
        WHERE s IS NOT NULL AND t IS NOT NULL),
    dyads AS (
        SELECT p.a, p.b, list_contains(c.source_codes, p.a) AND list_contains(c.target_codes, p.b) AS forward,
               list_contains(c.source_codes, p.b) AND list_contains(c.target_codes, p.a) AS backward,
               c.cluster_id, c.date, c.date_precision, c.happened, c.score, c.confidence, c.quad, c.mentions,
               c.event, c.source, c.target, c.date_value, c.articles, c.sentence
        FROM pairs p JOIN clusters c USING (cluster_id))
    SELECT *, CAST(row_number() OVER (PARTITION BY a, b ORDER BY date NULLS LAST, cluster_id) AS INTEGER),
              CAST(row_number() OVER (PARTITION BY a, b ORDER BY score + 0.0, cluster_id) AS INTEGER)
    FROM dyads ORDER BY a, b, date NULLS LAST, cluster_id"""


@migration
def m004_cluster_dyads(con):
    """The clusters of each dyad, ordered for fast series (detente.relations.index); filled by m005."""
    con.execute("""
        CREATE TABLE cluster_dyads (
            a VARCHAR, b VARCHAR, forward BOOLEAN, backward BOOLEAN, cluster_id VARCHAR, date DATE,
            date_precision VARCHAR, happened BOOLEAN, score DOUBLE, confidence DOUBLE, quad VARCHAR,
            mentions INTEGER, event VARCHAR, source VARCHAR, target VARCHAR, date_value VARCHAR,
            articles INTEGER, sentence VARCHAR
        )""")


@migration
def m005_cluster_dyads_positions(con):
    """Each cluster_dyads row's place in its dyad by date and by score (integer sort keys for the series)."""
    con.execute("ALTER TABLE cluster_dyads ADD COLUMN pos INTEGER")
    con.execute("ALTER TABLE cluster_dyads ADD COLUMN score_pos INTEGER")
    con.execute("DELETE FROM cluster_dyads")
    con.execute(CLUSTER_DYADS_FILL)


@migration
def m006_cluster_allusions(con):
    """Sentences of other articles that allude to a happening without coding it (detente.relations.allusions),
    and each cluster's count of them."""
    con.execute("ALTER TABLE clusters ADD COLUMN allusions INTEGER DEFAULT 0")
    con.execute("""
        CREATE TABLE cluster_allusions (
            cluster_id VARCHAR, article_id VARCHAR, outlet VARCHAR, sentence_index INTEGER, sentence VARCHAR,
            sentence_start INTEGER, cue_start INTEGER, cue_end INTEGER, cue_text VARCHAR, shared VARCHAR[]
        )""")
    con.execute("CREATE INDEX cluster_allusions_cluster ON cluster_allusions (cluster_id)")


# Pairs of actor codes per event (one row per event and unordered pair a < b of a source and a target code) and
# their running totals per pair: /api/dyads reads dyad_stats (a few thousand rows), not every event's code lists.
# detente.store.write appends both with each batch of articles; these statements (re)fill them from events.
EVENT_PAIRS_FILL = """
    INSERT INTO event_pairs
    SELECT DISTINCT least(s, t) AS a, greatest(s, t) AS b, key, article_id, score, happened, date
    FROM events, unnest(source_codes) AS u1(s), unnest(target_codes) AS u2(t)
    WHERE s IS NOT NULL AND t IS NOT NULL AND s <> t"""
DYAD_STATS_SELECT = """
    SELECT a, b, count(*) AS events, count(*) FILTER (WHERE happened) AS happened,
           coalesce(sum(score), 0) AS score_sum, count(score) AS scored,
           count(*) FILTER (WHERE score >= 0) AS cooperative, count(*) FILTER (WHERE score < 0) AS conflictual,
           min(date) AS first, max(date) AS last
    FROM {source} GROUP BY a, b"""


@migration
def m007_dyad_stats(con):
    """event_pairs and dyad_stats: the dyads listing as a pre-aggregate (detente.store.write keeps it current)."""
    con.execute("""
        CREATE TABLE event_pairs (
            a VARCHAR, b VARCHAR, event_key VARCHAR, article_id VARCHAR, score DOUBLE, happened BOOLEAN, date DATE
        )""")
    con.execute("""
        CREATE TABLE dyad_stats (
            a VARCHAR, b VARCHAR, events BIGINT, happened BIGINT, score_sum DOUBLE, scored BIGINT,
            cooperative BIGINT, conflictual BIGINT, first DATE, last DATE, PRIMARY KEY (a, b)
        )""")
    con.execute(EVENT_PAIRS_FILL)
    con.execute("INSERT INTO dyad_stats " + DYAD_STATS_SELECT.format(source="event_pairs"))
    con.execute("CREATE INDEX event_pairs_article ON event_pairs (article_id)")


# The events table's physical order: what /api/events and Store.events sort by (detente.store.queries.EVENT_ORDER).
# A page of events in this order reads the first row groups and DuckDB's zone maps on ``date`` skip the rest
# (keyset pages, detente.store.paging, start from their cursor's date). Rows appended later sit at the end
# (news arrives roughly in date order); sort_events puts them back in place.
EVENTS_ORDER_BY = "date NULLS LAST, article_id, sentence_index, trigger_start, key"


def sort_events(con) -> None:
    """Rewrite the events table in EVENTS_ORDER_BY (inside the caller's transaction): the same rows, keys
    and indexes, in order."""
    con.execute(f"CREATE TEMP TABLE _events_sorted AS SELECT * FROM events ORDER BY {EVENTS_ORDER_BY}")
    con.execute("DELETE FROM events")
    con.execute(f"INSERT INTO events SELECT * FROM _events_sorted ORDER BY {EVENTS_ORDER_BY}")
    con.execute("DROP TABLE _events_sorted")


@migration
def m008_events_in_order(con):
    """The events table in the order pages read it (keyset pagination at 10^7 events), and the index of
    events by article (m001's, restored on a store that lost it) that article pages count events with."""
    sort_events(con)
    con.execute("CREATE INDEX IF NOT EXISTS events_article ON events (article_id)")


@migration
def m009_listing_aggregates(con):
    """actor_stats and stance_outlets (detente.store.aggregates): /api/actors and /api/stance as pre-aggregates."""
    from detente.store import aggregates

    aggregates.create(con)
    aggregates.refill(con)


ARTICLES_ORDER_BY = "published NULLS LAST, id"  # what /api/articles pages by (detente.store.queries.articles)


def sort_articles(con) -> None:
    """Rewrite the articles table in ARTICLES_ORDER_BY (as sort_events does for events)."""
    con.execute(f"CREATE TEMP TABLE _articles_sorted AS SELECT * FROM articles ORDER BY {ARTICLES_ORDER_BY}")
    con.execute("DELETE FROM articles")
    con.execute(f"INSERT INTO articles SELECT * FROM _articles_sorted ORDER BY {ARTICLES_ORDER_BY}")
    con.execute("DROP TABLE _articles_sorted")


@migration
def m010_article_pages(con):
    """Articles in page order; event_actors indexed by event, actors and stance by article: an article's or an
    event's page reads a few rows of each by key (their composite keys are not used for these lookups)."""
    sort_articles(con)
    con.execute("CREATE INDEX IF NOT EXISTS event_actors_key ON event_actors (event_key)")
    con.execute("CREATE INDEX IF NOT EXISTS actors_article ON actors (article_id)")
    con.execute("CREATE INDEX IF NOT EXISTS stance_article ON stance (article_id)")


# The alignment network of a date window as a pre-aggregate: the happenings of cluster_dyads that the network
# counts (happened, reported, dated, two distinct codes) summed per day and pair, and the dated happenings per
# day, both physically ordered by date so a window reads its own row groups (DuckDB's zone maps on ``date``
# skip the rest) instead of every cluster_dyads row. Rewritten with the clusters (relations.replace_clusters).
NETWORK_DAYS_FILL = ("""
    INSERT INTO dyad_days
    SELECT date, a, b, count(*), sum(confidence), sum(confidence * score), count(*) FILTER (WHERE score > 0),
           count(*) FILTER (WHERE score < 0), sum(confidence) FILTER (WHERE forward),
           sum(confidence * score) FILTER (WHERE forward), sum(confidence) FILTER (WHERE backward),
           sum(confidence * score) FILTER (WHERE backward)
    FROM cluster_dyads WHERE happened AND articles >= 1 AND date IS NOT NULL AND a <> b
    GROUP BY date, a, b ORDER BY date, a, b""", """
    INSERT INTO cluster_days
    SELECT date, count(*) FROM clusters WHERE happened AND articles >= 1 AND date IS NOT NULL
    GROUP BY date ORDER BY date""")


def fill_network_days(con) -> None:
    """(Re)fill dyad_days and cluster_days from cluster_dyads and clusters, dyad_years from dyad_days once
    migration m013 has made it, and dyad_totals from dyad_years once m017 has (inside the caller's transaction)."""
    con.execute("DELETE FROM dyad_days")
    con.execute("DELETE FROM cluster_days")
    for statement in NETWORK_DAYS_FILL:
        con.execute(statement)
    if table_exists(con, "dyad_years"):
        con.execute("DELETE FROM dyad_years")
        con.execute(NETWORK_YEARS_FILL)
    if table_exists(con, "dyad_totals"):
        con.execute("DELETE FROM dyad_totals")
        con.execute(NETWORK_TOTALS_FILL)


# dyad_days summed per calendar year (``date``: the year's 1 January), ordered by year: a window's whole years are
# read from here and only its partial years at either end from dyad_days (30 years: 4.4 M day rows at 10^7
# events against 600,000 year rows).
NETWORK_YEARS_FILL = """
    INSERT INTO dyad_years
    SELECT CAST(date_trunc('year', date) AS DATE) AS year, a, b, sum(clusters), sum(weight), sum(net),
           sum(cooperation), sum(conflict), sum(forward_weight), sum(forward_net), sum(backward_weight),
           sum(backward_net)
    FROM dyad_days GROUP BY year, a, b ORDER BY year, a, b"""


# The columns of a network pair (dyad_days per day, dyad_years per year, dyad_totals over all time).
PAIR_COLUMNS = """a VARCHAR, b VARCHAR, clusters BIGINT, weight DOUBLE, net DOUBLE, cooperation BIGINT, conflict BIGINT,
    forward_weight DOUBLE, forward_net DOUBLE, backward_weight DOUBLE, backward_net DOUBLE"""


@migration
def m011_network_days(con):
    """dyad_days and cluster_days: the network of a date window summed from its days (NETWORK_DAYS_FILL)."""
    con.execute(f"CREATE TABLE dyad_days (date DATE, {PAIR_COLUMNS})")
    con.execute("CREATE TABLE cluster_days (date DATE, clusters BIGINT)")
    fill_network_days(con)


@migration
def m012_page_days(con):
    """event_days and article_days (detente.store.aggregates): page counts per day, so a deep offset is found
    on the day it falls on instead of stepping over every row before it."""
    from detente.store import aggregates

    aggregates.create_days(con)
    aggregates.refill_days(con)


@migration
def m013_network_years(con):
    """dyad_years: the network's pairs per year (NETWORK_YEARS_FILL), so a window of many years reads few rows."""
    con.execute(f"CREATE TABLE dyad_years (date DATE, {PAIR_COLUMNS})")
    con.execute(NETWORK_YEARS_FILL)


@migration
def m014_dyad_places(con):
    """dyad_places (detente.store.kept): each dyad's map as a pre-aggregate, kept by the write transaction."""
    from detente.store import kept

    kept.create_places(con)
    kept.refill_places(con)


@migration
def m015_cluster_ranks(con):
    """cluster_ranks (detente.store.kept): the clusters listing's order, rewritten with the clusters."""
    from detente.store import kept

    kept.create_ranks(con)
    kept.fill_ranks(con)


@migration
def m016_dyad_alerts(con):
    """dyad_alerts (detente.store.kept): every dyad's alerts per period unit under the default settings, kept
    with the clusters. Computed here by kept.ALERT_KEEPER (detente.relations.alerts.keep, where the alert rule
    lives); until they are kept, the alerts are computed as before."""
    from detente.store import kept

    kept.create_alerts(con)
    if kept.ALERT_KEEPER is not None:  # without it (the store alone), the next cluster rebuild fills them
        kept.ALERT_KEEPER(con)


# dyad_years summed over all time per pair: the network without a date window (the dashboard's default) reads
# these ~20,000 rows instead of grouping 600,000 year rows at 10^7 events.
NETWORK_TOTALS_FILL = """
    INSERT INTO dyad_totals
    SELECT a, b, sum(clusters), sum(weight), sum(net), sum(cooperation), sum(conflict), sum(forward_weight),
           sum(forward_net), sum(backward_weight), sum(backward_net)
    FROM dyad_years GROUP BY a, b ORDER BY a, b"""


@migration
def m017_network_totals(con):
    """dyad_totals: the network's pairs over all time (NETWORK_TOTALS_FILL), refilled with dyad_years."""
    con.execute(f"CREATE TABLE dyad_totals ({PAIR_COLUMNS})")
    con.execute(NETWORK_TOTALS_FILL)
