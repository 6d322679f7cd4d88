import { timestamp } from "drizzle-orm/pg-core";

/**
 * Every timestamp column: with time zone and millisecond precision, so a JS Date round-trips exactly
 * (keyset cursors compare the value a client got back).
 */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
