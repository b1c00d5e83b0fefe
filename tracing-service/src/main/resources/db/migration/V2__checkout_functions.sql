-- Check-outs applied one at a time inside the database. The set-based statements they replace (probe, then
-- UPDATE ... FROM the probes) were planned as a hash join over whole day partitions whenever the statistics of a
-- young partition were stale: 120-160 ms a batch, four times the insert of the batch's check-ins
-- (docs/benchmarks.md). Here every statement is a key lookup or a primary-key update whatever the statistics
-- say, and check-outs of one batch apply in stream order (two check-outs of one visit cannot both close it).

-- Closes, for each check-out, the person's latest visit at the venue that started before it (within max_visit)
-- and is open or closed by this very check-out (a redelivery finds the visit it closed). The visit is looked for
-- in the check-out's local day and the day before (max_visit is under a day). A check-out that finds none came
-- before its check-in (offline apps upload in any order): it is kept. Answers how many were kept.
CREATE FUNCTION apply_checkouts(ids text[], venues bigint[], refs text[], ats timestamptz[], days date[], max_visit interval)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    found_day date;
    found_id text;
    kept integer := 0;
BEGIN
    FOR i IN 1 .. coalesce(array_length(ids, 1), 0) LOOP
        SELECT v.local_day, v.checkin_id INTO found_day, found_id FROM visits v
         WHERE v.local_day IN (days[i], days[i] - 1) AND v.person_ref = refs[i] AND v.venue_id = venues[i]
           AND v.arrived_at <= ats[i] AND v.arrived_at > ats[i] - max_visit
           AND (v.left_at IS NULL OR v.left_at = ats[i])
         ORDER BY v.arrived_at DESC LIMIT 1;
        IF FOUND THEN
            UPDATE visits SET left_at = ats[i], ends_at = ats[i] WHERE local_day = found_day AND checkin_id = found_id;
        ELSE
            INSERT INTO pending_checkouts (checkin_id, venue_id, person_ref, at) VALUES (ids[i], venues[i], refs[i], ats[i])
                ON CONFLICT DO NOTHING;
            kept := kept + 1;
        END IF;
    END LOOP;
    RETURN kept;
END $$;

-- Applies kept check-outs to visits just stored: each visit takes the earliest kept check-out of its person at its
-- venue after its arrival (within max_visit); the latest visits choose first, so of two visits before one
-- check-out the later one is closed, as apply_checkouts would have. Nothing is read while none is kept (the
-- usual case). Answers how many were applied.
CREATE FUNCTION apply_kept_checkouts(days date[], ids text[], venues bigint[], refs text[], arrivals timestamptz[], max_visit interval)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    pair record;
    applied integer := 0;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pending_checkouts) THEN
        RETURN 0;
    END IF;
    FOR pair IN SELECT f.day, f.id, k.checkin_id AS out_id, k.at
                  FROM unnest(days, ids, venues, refs, arrivals) AS f(day, id, venue, ref, arrived)
                  CROSS JOIN LATERAL (SELECT p.checkin_id, p.at FROM pending_checkouts p
                                       WHERE p.person_ref = f.ref AND p.venue_id = f.venue
                                         AND p.at > f.arrived AND p.at <= f.arrived + max_visit
                                       ORDER BY p.at LIMIT 1) k
                 ORDER BY f.arrived DESC LOOP
        DELETE FROM pending_checkouts WHERE checkin_id = pair.out_id;
        IF FOUND THEN
            UPDATE visits SET left_at = pair.at, ends_at = pair.at
             WHERE local_day = pair.day AND checkin_id = pair.id AND left_at IS NULL;
            applied := applied + 1;
        END IF;
    END LOOP;
    RETURN applied;
END $$;
