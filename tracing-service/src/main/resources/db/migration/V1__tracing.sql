-- tracing-service: visits (who was where), cases, exposure sites, the audit log.
-- Instants are UTC (timestamptz); a "day" is the calendar day in Asia/Ho_Chi_Minh.

-- One row per check-in (IN). Partitioned by local day of arrival: retention drops whole partitions, never rows.
-- Idempotent by check-in id: a check-in's day follows from its own occurredAt, so (local_day, checkin_id) is
-- the same key however often the event is delivered.
CREATE TABLE visits (
    local_day       date        NOT NULL,
    checkin_id      text        NOT NULL,
    venue_id        bigint      NOT NULL,
    person_ref      text        NOT NULL,  -- keyed pseudonym of the identity (<kid>.<base64url>)
    phone_ref       text,                  -- keyed pseudonym of the contact phone, links id types
    id_type         text        NOT NULL,
    number_enc      text        NOT NULL,  -- AES-GCM, opened only in answers to a tracer
    name_enc        text,
    phone_enc       text,
    commune_code    text,
    district_code   text,
    province_code   text,
    channel         text        NOT NULL,
    arrived_at      timestamptz NOT NULL,
    left_at         timestamptz,           -- the check-out, when one came
    ends_at         timestamptz NOT NULL,  -- left_at, else arrived_at + the venue type's default dwell
    venue_suspended boolean     NOT NULL DEFAULT false,
    received_at     timestamptz,           -- when checkin-service accepted it (202)
    stored_at       timestamptz NOT NULL DEFAULT clock_timestamp(), -- when this row was written: received -> stored is the pipeline's delay
    PRIMARY KEY (local_day, checkin_id)
) PARTITION BY RANGE (local_day);

-- F1: who was at a venue around a time; a person's own visits; people linked by contact phone.
CREATE INDEX visits_venue ON visits (venue_id, arrived_at) INCLUDE (ends_at, person_ref);
CREATE INDEX visits_person ON visits (person_ref, arrived_at);
CREATE INDEX visits_phone ON visits (phone_ref, arrived_at) WHERE phone_ref IS NOT NULL;

-- Check-outs that came before their check-in (offline apps upload in any order), applied when it arrives.
CREATE TABLE pending_checkouts (
    checkin_id  text        PRIMARY KEY,
    venue_id    bigint      NOT NULL,
    person_ref  text        NOT NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX pending_checkouts_person ON pending_checkouts (person_ref, venue_id, at);

-- Creates the daily partitions of [first, last] that do not exist yet.
CREATE FUNCTION ensure_visit_partitions(first date, last date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    d date := first;
    made integer := 0;
BEGIN
    WHILE d <= last LOOP
        IF to_regclass('visits_' || to_char(d, 'YYYYMMDD')) IS NULL THEN
            EXECUTE format('CREATE TABLE visits_%s PARTITION OF visits FOR VALUES FROM (%L) TO (%L)',
                           to_char(d, 'YYYYMMDD'), d, d + 1);
            made := made + 1;
        END IF;
        d := d + 1;
    END LOOP;
    RETURN made;
END $$;

-- Drops the daily partitions of days before keep_from; answers how many went.
CREATE FUNCTION drop_visit_partitions_before(keep_from date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    part record;
    dropped integer := 0;
BEGIN
    FOR part IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'visits'::regclass AND c.relname ~ '^visits_[0-9]{8}$'
                  AND to_date(substr(c.relname, 8), 'YYYYMMDD') < keep_from LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END $$;

CREATE TABLE cases (
    id              bigserial   PRIMARY KEY,
    label           text,
    id_type         text        NOT NULL,
    person_ref      text        NOT NULL,
    phone_ref       text,
    number_enc      text        NOT NULL,
    infectious_from timestamptz NOT NULL,
    infectious_to   timestamptz NOT NULL,
    province_code   text        NOT NULL,
    status          text        NOT NULL DEFAULT 'OPEN',
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    closed_at       timestamptz
);
CREATE INDEX cases_province ON cases (province_code, id);

-- Published exposure sites: venue and time window, no personal data (the public feed).
CREATE TABLE exposure_sites (
    id            bigserial   PRIMARY KEY,
    case_id       bigint      NOT NULL REFERENCES cases (id),
    venue_id      bigint      NOT NULL,
    venue_name    text,
    commune_code  text,
    province_code text,
    from_at       timestamptz NOT NULL,
    to_at         timestamptz NOT NULL,
    published_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exposure_sites_published ON exposure_sites (published_at, id);

-- Every answer that revealed personal data. Append-only: no API changes it, and the database refuses to.
CREATE TABLE audit_log (
    id            bigserial   PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT now(),
    actor         text        NOT NULL,
    role          text        NOT NULL,
    action        text        NOT NULL,
    case_id       bigint,
    province_code text,
    purpose       text        NOT NULL,
    people        integer     NOT NULL,
    person_refs   text[]      NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_people ON audit_log USING gin (person_refs);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
