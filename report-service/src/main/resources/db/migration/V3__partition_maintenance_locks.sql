-- Day partition maintenance that neither races nor stalls the sinks:
-- - creating and dropping take the same transaction lock, so two instances' runs take turns;
-- - the lock is the two-key advisory lock ('qrcheckin report', 'day partitions'): two int keys are a key space of
--   their own, apart from the one-key (bigint) venue locks the check-in sink takes, so no venue id can collide;
-- - CREATE TABLE ... PARTITION OF and DROP TABLE take an ACCESS EXCLUSIVE lock on the parent: queued behind a long
--   query (a weekly report), every insert of the sinks would queue behind them. A lock not granted within
--   500 ms (lock_timeout, for these functions only) fails the call instead: nothing is made or dropped and the
--   next run (ReportPartitions, every hour) tries again.
CREATE OR REPLACE FUNCTION ensure_day_partitions(tbl text, first date, last date) RETURNS integer LANGUAGE plpgsql
SET lock_timeout = '500ms' AS $$
DECLARE
    d date := first;
    made integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('qrcheckin report'), hashtext('day partitions'));
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

CREATE OR REPLACE FUNCTION drop_day_partitions_before(tbl text, keep_from date) RETURNS integer LANGUAGE plpgsql
SET lock_timeout = '500ms' AS $$
DECLARE
    part record;
    dropped integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('qrcheckin report'), hashtext('day partitions'));
    FOR part IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = tbl::regclass AND c.relname ~ ('^' || tbl || '_[0-9]{8}$')
                  AND to_date(right(c.relname, 8), 'YYYYMMDD') < keep_from LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END $$;
