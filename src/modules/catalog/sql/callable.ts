/**
 * The catalogue's SQL that other modules' SQL may call (like its TypeScript
 * API, at its door): the seat ports of seats.sql, which ticketing's holds
 * (ticketing/sql/holds.sql) use inside their own statements.
 */
export const CATALOG_SQL = {
  /** catalog_hold_seats(ids integer[], quantities integer[]): all or nothing, one row per type. */
  holdSeats: 'catalog_hold_seats',
  /** catalog_lock_seats_left(id integer): locks the type's row, returns seats left (NULL: gone). */
  lockSeatsLeft: 'catalog_lock_seats_left',
} as const;
