-- Venue registry schema. Instants are timestamptz (UTC); the reporting day is computed elsewhere.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Administrative units: province -> (district ->) commune. The depth comes from the loaded data set.
CREATE TABLE admin_unit (
    code        varchar(10) PRIMARY KEY,
    name        text        NOT NULL,
    unit_type   text        NOT NULL,
    level       varchar(10) NOT NULL CHECK (level IN ('PROVINCE', 'DISTRICT', 'COMMUNE')),
    parent_code varchar(10) REFERENCES admin_unit (code)
);
CREATE INDEX admin_unit_parent_idx ON admin_unit (parent_code);

-- Ed25519 keys that sign venue QR tokens. Retired keys stay published so printed codes keep verifying.
CREATE TABLE qr_signing_key (
    kid             varchar(32) PRIMARY KEY,
    public_key      bytea       NOT NULL,
    private_key_enc bytea       NOT NULL,
    created_at      timestamptz NOT NULL,
    active          boolean     NOT NULL,
    retired_at      timestamptz
);
CREATE UNIQUE INDEX qr_signing_key_one_active ON qr_signing_key (active) WHERE active;

-- Venue ids are drawn before the insert (the QR token signs the id), many per round trip for an import.
CREATE SEQUENCE venue_seq START WITH 1000;

CREATE TABLE venue (
    id                         bigint PRIMARY KEY,
    name                       varchar(200) NOT NULL,
    search_name                varchar(200) NOT NULL,
    venue_type                 varchar(32)  NOT NULL,
    address                    varchar(300) NOT NULL,
    commune_code               varchar(10)  NOT NULL REFERENCES admin_unit (code),
    district_code              varchar(10),
    province_code              varchar(10)  NOT NULL,
    owner_subject              varchar(200) NOT NULL,
    owner_name                 varchar(100) NOT NULL,
    owner_phone                varchar(16)  NOT NULL,
    latitude                   double precision,
    longitude                  double precision,
    status                     varchar(16)  NOT NULL,
    suspension_reason          varchar(500),
    reminders_since_compliance int          NOT NULL DEFAULT 0,
    flagged_for_suspension     boolean      NOT NULL DEFAULT false,
    non_compliant              boolean      NOT NULL DEFAULT false,
    last_violations            varchar(200),
    last_inspected_at          timestamptz,
    qr_token                   varchar(200) NOT NULL,
    qr_key_id                  varchar(32)  NOT NULL,
    created_at                 timestamptz  NOT NULL,
    updated_at                 timestamptz  NOT NULL,
    version                    int          NOT NULL DEFAULT 0
);
-- Keyset paging by id within an area at any level.
CREATE INDEX venue_province_idx ON venue (province_code, id);
CREATE INDEX venue_district_idx ON venue (district_code, id);
CREATE INDEX venue_commune_idx ON venue (commune_code, id);
CREATE INDEX venue_owner_idx ON venue (owner_subject, id);
CREATE INDEX venue_search_idx ON venue USING gin (search_name gin_trgm_ops);
CREATE INDEX venue_non_compliant_idx ON venue (id) WHERE non_compliant OR flagged_for_suspension OR status = 'SUSPENDED';

CREATE TABLE inspection (
    id                bigserial PRIMARY KEY,
    venue_id          bigint       NOT NULL REFERENCES venue (id),
    inspected_at      timestamptz  NOT NULL,
    inspector_subject varchar(200) NOT NULL,
    inspector_name    varchar(100),
    result            varchar(16)  NOT NULL,
    violations        varchar(200),
    fine_vnd          bigint       NOT NULL DEFAULT 0,
    note              varchar(1000),
    created_at        timestamptz  NOT NULL
);
CREATE INDEX inspection_venue_idx ON inspection (venue_id, inspected_at);

CREATE TABLE reminder (
    id         bigserial PRIMARY KEY,
    venue_id   bigint       NOT NULL REFERENCES venue (id),
    sent_by    varchar(200) NOT NULL,
    note       varchar(1000),
    created_at timestamptz  NOT NULL
);
CREATE INDEX reminder_venue_idx ON reminder (venue_id, created_at);

-- Transactional outbox: an event row commits with the change it describes, then is appended to the
-- Redis stream and deleted. Nothing is lost when Redis is briefly away.
CREATE SEQUENCE venue_outbox_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE venue_outbox (
    id         bigint PRIMARY KEY,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL
);
