-- report-service: roll-ups by area and local day (Asia/Ho_Chi_Minh), counted exactly once.
-- A batch of check-ins records each id in counted_checkins first; only the ids that were new there move the
-- counters, in the same transaction, acknowledged on the stream after the commit (docs/architecture.md, Reports).

-- Check-in ids counted, per local day of occurredAt: what makes a redelivered id count nothing.
CREATE TABLE counted_checkins (
    local_day  date NOT NULL,
    checkin_id text NOT NULL,
    PRIMARY KEY (local_day, checkin_id)
) PARTITION BY RANGE (local_day);

-- Who scanned in an area on a day, at every level (nation 'VN', province, district, commune): a fresh row is a
-- new distinct person of that area-day, exactly. Also what weekly distinct people are counted from.
CREATE TABLE person_days (
    local_day  date NOT NULL,
    area_code  text NOT NULL,
    person_ref text NOT NULL,
    PRIMARY KEY (local_day, area_code, person_ref)
) PARTITION BY RANGE (local_day);

-- Venues with at least one scan on a day (no scan count: every batch would rewrite the row of every venue in
-- it); a fresh row is a new active venue of its areas' day and may make the venue regular on the 7 days it
-- falls in. Area codes as at the check-in, for weekly active venues.
CREATE TABLE venue_days (
    local_day     date   NOT NULL,
    venue_id      bigint NOT NULL,
    commune_code  text   NOT NULL,
    district_code text,
    province_code text,
    PRIMARY KEY (venue_id, local_day)
) PARTITION BY RANGE (local_day);
CREATE INDEX venue_days_province ON venue_days (province_code, local_day);
CREATE INDEX venue_days_district ON venue_days (district_code, local_day) WHERE district_code IS NOT NULL;
CREATE INDEX venue_days_commune ON venue_days (commune_code, local_day);

-- Creates the daily partitions of one of the tables above for first..last (existing ones are kept). Instances
-- starting together take turns (a lock for the transaction), so none fails on a partition another just made.
CREATE FUNCTION ensure_day_partitions(tbl text, first date, last date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    d date := first;
    made integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('report day partitions'));
    WHILE d <= last LOOP
        IF to_regclass(tbl || '_' || to_char(d, 'YYYYMMDD')) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                           tbl || '_' || to_char(d, 'YYYYMMDD'), tbl, d, d + 1);
            made := made + 1;
        END IF;
        d := d + 1;
    END LOOP;
    RETURN made;
END $$;

-- Drops the daily partitions of one of the tables above before keep_from; answers how many went.
CREATE FUNCTION drop_day_partitions_before(tbl text, keep_from date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    part record;
    dropped integer := 0;
BEGIN
    FOR part IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = tbl::regclass AND c.relname ~ ('^' || tbl || '_[0-9]{8}$')
                  AND to_date(right(c.relname, 8), 'YYYYMMDD') < keep_from LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END $$;

-- The last day each venue had a scan (kept beyond the partitions above): the inactive-venue list for any N days.
CREATE TABLE venue_last_scan (
    venue_id bigint PRIMARY KEY,
    last_day date   NOT NULL
) WITH (fillfactor = 80);

-- The figures of an area on a local day, bumped by deltas only. Rows exist where something happened.
-- fillfactor: the rows are updated in place all day (HOT updates, no index entry per update).
CREATE TABLE area_days (
    area_code        text   NOT NULL,
    local_day        date   NOT NULL,
    scans            bigint NOT NULL DEFAULT 0,
    people           bigint NOT NULL DEFAULT 0,
    declarations     bigint NOT NULL DEFAULT 0,
    symptomatic      bigint NOT NULL DEFAULT 0,
    active_venues    integer NOT NULL DEFAULT 0,
    regular_venues   integer NOT NULL DEFAULT 0,
    new_venues       integer NOT NULL DEFAULT 0,
    communes_scanned integer NOT NULL DEFAULT 0,
    PRIMARY KEY (area_code, local_day)
) WITH (fillfactor = 70);

-- Current venue counts of an area: registered venues (minus those registered after a date gives that date's),
-- suspended and non-compliant now.
CREATE TABLE area_status (
    area_code     text    PRIMARY KEY,
    registered    integer NOT NULL DEFAULT 0,
    suspended     integer NOT NULL DEFAULT 0,
    non_compliant integer NOT NULL DEFAULT 0
) WITH (fillfactor = 70);

-- Venues as of the highest version seen (venue snapshot and stream). version 0: a row made only to lock on
-- before the venue's first state arrives; it counts nowhere.
CREATE TABLE report_venues (
    venue_id       bigint  PRIMARY KEY,
    version        bigint  NOT NULL,
    name           text,
    venue_type     text,
    commune_code   text,
    district_code  text,
    province_code  text,
    registered_day date,
    suspended      boolean NOT NULL DEFAULT false,
    non_compliant  boolean NOT NULL DEFAULT false
);
CREATE INDEX report_venues_province ON report_venues (province_code, venue_id);
CREATE INDEX report_venues_district ON report_venues (district_code, venue_id) WHERE district_code IS NOT NULL;
CREATE INDEX report_venues_commune ON report_venues (commune_code, venue_id);
