-- Suspended and non-compliant venues by day: each venue state that changes them adds its change (+1, -1) to the
-- area-day of the change (the local day of the venue event's occurredAt, not before the venue's registration day);
-- area_status keeps the current counts. A date's count is the current one minus the changes after the date, as for
-- registered venues. Databases migrated with counts already in area_status have no changes before this migration:
-- their earlier dates answer the count as of the migration.
ALTER TABLE area_days
    ADD COLUMN suspended_change     integer NOT NULL DEFAULT 0,
    ADD COLUMN non_compliant_change integer NOT NULL DEFAULT 0;
