import { z } from "zod";
import type { Db } from "@/src/platform/db/client";
import { DomainError } from "@/src/platform/http/errors";
import { getSetting } from "@/src/platform/settings/resolve";
import { CURRENCIES } from "./states";

/** `PAYMENTS_CREDITS_RATES`: credits per major unit of another currency, e.g. `{"UAH": 0.024}`. */
export const CreditRatesJson = z.partialRecord(z.enum(CURRENCIES), z.number().positive().max(1_000_000));

export function parseCreditRates(raw: string): Partial<Record<string, number>> {
  if (raw.trim() === "") return {};
  return CreditRatesJson.parse(JSON.parse(raw));
}

export interface CreditTerms {
  /** The currency one credit is worth one major unit of. */
  currency: string;
  rates: Partial<Record<string, number>>;
}

export async function creditTerms(db: Db): Promise<CreditTerms> {
  return { currency: await getSetting<string>(db, "PAYMENTS_CREDITS_CURRENCY"), rates: parseCreditRates(await getSetting<string>(db, "PAYMENTS_CREDITS_RATES")) };
}

/**
 * Credits per major unit of `currency`: 1 for the credits' own currency, the configured rate for
 * another, else a 400 naming the field (so a top-up or a price never moves credits at a made-up rate).
 */
export function rateFor(terms: CreditTerms, currency: string, field = "currency"): number {
  if (currency === terms.currency) return 1;
  const rate = terms.rates[currency];
  if (rate === undefined) {
    throw new DomainError("validation_failed", `Credits are kept in ${terms.currency}; there is no rate for ${currency}`, { [field]: `Use ${terms.currency}, or ask an admin to set a ${currency} rate in PAYMENTS_CREDITS_RATES` });
  }
  return rate;
}

/** The rate a transaction moved credits at (stored when it was created); older rows moved one credit per unit. */
export function rateOfTransaction(metadata: Record<string, unknown>): number {
  return typeof metadata.creditRate === "number" && metadata.creditRate > 0 ? metadata.creditRate : 1;
}
