import type { z } from "zod";
import type { Actor } from "./auth/roles";
import type { Db } from "./db/client";
import type { Logger } from "./log/logger";

/** What every use case receives: who acts, on which database, with which clock and logger. */
export interface Ctx {
  actor: Actor;
  db: Db;
  log: Logger;
  now: () => Date;
}

/** Parses the input with zod, then runs the use case in one transaction: all of it is written, or none. */
export function defineUseCase<S extends z.ZodType, R>(
  schema: S,
  fn: (ctx: Ctx, input: z.output<S>, tx: Db) => Promise<R>,
): (ctx: Ctx, input: z.input<S>) => Promise<R> {
  return async (ctx, raw) => {
    const input = schema.parse(raw);
    return ctx.db.transaction((tx) => fn({ ...ctx, db: tx }, input, tx));
  };
}
