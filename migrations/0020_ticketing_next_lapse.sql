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
-- Now it walks the active holds in expiry order (the partial index) and
-- reads each one's items by primary key, so the plan cannot degrade. It stops
-- at the first hold of these types or after 64 holds of other types; then the
-- 64th hold's expiry is returned, a bound no later than the real answer, so
-- a remembered answer can end early but never late. NULL: no active hold.
CREATE OR REPLACE FUNCTION ticketing_next_lapse(p_types integer[])
  RETURNS timestamptz
  LANGUAGE plpgsql
  STABLE
  AS $$
DECLARE
  hold record;
  walked integer := 0;
BEGIN
  FOR hold IN
    -- Each hold's items by primary key: the only index the lookup can use.
    SELECT r.expires_at, (
        SELECT bool_or(i.ticket_type_id = ANY (p_types)) FROM ticketing_reservation_items i
        WHERE i.reservation_id = r.id) AS ours
    FROM ticketing_reservations r
    WHERE r.status = 'active' ORDER BY r.expires_at
  LOOP
    walked := walked + 1;
    IF hold.ours OR walked >= 64 THEN
      RETURN hold.expires_at;
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
