-- When the next active hold of some ticket types lapses, for the "sold out"
-- answers a process keeps in memory (they count only until then) and for the
-- sweep of lapsed holds before answering "sold out".
--
-- It was a join of the types' reservation items with the active holds, in the
-- hold statement itself, so under the hot ticket type's row lock. On young
-- tables without statistics the planner chose a nested loop over both sets:
-- 13 ms for 500 holds of one type (quadratic), paid by the batch that sells
-- the last seats and by every batch refused before the answer is remembered.
--
-- Now it walks the first 64 active holds in expiry order (the partial index)
-- and reads each one's items by primary key. The work is bounded by that walk,
-- whatever the plan. `exact` tells what the answer is:
-- - exact, with a time: the next lapse of a hold of these types (maybe past);
-- - exact, NULL: no active hold of these types;
-- - not exact: none of the first 64 holds is of these types, and the 64th's
--   expiry is a bound no later than the real answer, so a remembered answer
--   ends early but never late. The bound says nothing about whether a hold of
--   these types has lapsed (the 64 may be other types' lapsed holds that the
--   sweep has not reached yet).
CREATE OR REPLACE FUNCTION ticketing_next_lapse(
  p_types integer[], OUT next_lapse timestamptz, OUT exact boolean)
  LANGUAGE plpgsql
  STABLE
  AS $$
DECLARE
  hold record;
  walked integer := 0;
BEGIN
  exact := true;
  FOR hold IN
    -- Each hold's items by primary key: the only index the lookup can use.
    SELECT r.expires_at, (
        SELECT bool_or(i.ticket_type_id = ANY (p_types)) FROM ticketing_reservation_items i
        WHERE i.reservation_id = r.id) AS ours
    FROM ticketing_reservations r
    WHERE r.status = 'active' ORDER BY r.expires_at LIMIT 64
  LOOP
    walked := walked + 1;
    next_lapse := hold.expires_at;
    IF hold.ours THEN
      RETURN;
    END IF;
  END LOOP;
  IF walked < 64 THEN
    next_lapse := NULL;
  ELSE
    exact := false;
  END IF;
END
$$;
