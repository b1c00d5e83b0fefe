-- A venue's version orders its states for consumers (VenueEvent.version): it increases with every change in
-- the change's own transaction (JPA @Version), so two writers cannot publish an older state as the newer one,
-- as outbox event ids (drawn in blocks per instance) could. The first stored version is 1; rows written before
-- move up by one so their order is kept. bigint: VenueEvent.version is a long.
ALTER TABLE venue ALTER COLUMN version TYPE bigint;
UPDATE venue SET version = version + 1;
ALTER TABLE venue ALTER COLUMN version SET DEFAULT 1;
