import { randomUUID } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import { isCheckViolation } from "@/src/platform/db/errors";
import type { Db } from "@/src/platform/db/client";
import { DomainError } from "@/src/platform/http/errors";
import { creditAccounts, ledgerEntries } from "./schema";

export const userAccount = (userId: string) => `user:${userId}`;
export const PLATFORM = { sales: "platform:sales", grants: "platform:grants", spent: "platform:spent" } as const;

export interface Entry {
  account: string;
  amount: number;
}

/**
 * Posts balanced entries (they must sum to zero) in the caller's transaction. A user account's
 * balance moves with one atomic upsert (its row lock serialises concurrent postings; accounts are
 * taken in a fixed order, so never a deadlock); the check constraint refuses a negative balance,
 * which turns into a 409 and (the statement having failed) undoes the caller's whole transaction. Platform accounts keep no cached balance
 * (their balance is the sum of their entries), so no payment ever waits on a hot platform row.
 */
export async function post(tx: Db, entries: Entry[], reason: string, links: { transactionId?: string | null; actorId?: string | null } = {}): Promise<string> {
  if (entries.reduce((s, e) => s + e.amount, 0) !== 0) throw new Error("ledger posting does not balance");
  const accounts = [...new Set(entries.map((e) => e.account))].filter((a) => a.startsWith("user:")).sort();
  for (const account of accounts) {
    const delta = entries.filter((e) => e.account === account).reduce((s, e) => s + e.amount, 0);
    const notEnough = () => new DomainError("conflict", "Not enough credits", { amount: "Not enough credits" });
    try {
      if (delta >= 0) {
        await tx
          .insert(creditAccounts)
          .values({ account, balance: delta })
          .onConflictDoUpdate({ target: creditAccounts.account, set: { balance: sql`${creditAccounts.balance} + ${delta}` } });
      } else {
        // A debit never creates an account: no row means a zero balance.
        const moved = await tx.update(creditAccounts).set({ balance: sql`${creditAccounts.balance} + ${delta}` }).where(eq(creditAccounts.account, account)).returning({ balance: creditAccounts.balance });
        if (moved.length === 0) throw notEnough();
      }
    } catch (e) {
      if (isCheckViolation(e)) throw notEnough();
      throw e;
    }
  }
  const postingId = randomUUID();
  await tx.insert(ledgerEntries).values(entries.map((e) => ({ postingId, account: e.account, amount: e.amount, reason, transactionId: links.transactionId ?? null, actorId: links.actorId ?? null })));
  return postingId;
}

export async function balanceOf(db: Db, account: string): Promise<number> {
  if (!account.startsWith("user:")) {
    const [sum] = await db.select({ total: sql<string | null>`sum(${ledgerEntries.amount})` }).from(ledgerEntries).where(eq(ledgerEntries.account, account));
    return Number(sum?.total ?? 0);
  }
  const [row] = await db.select({ balance: creditAccounts.balance }).from(creditAccounts).where(eq(creditAccounts.account, account));
  return row?.balance ?? 0;
}

export async function entriesOf(db: Db, account: string, limit = 100) {
  return db.select().from(ledgerEntries).where(eq(ledgerEntries.account, account)).orderBy(desc(ledgerEntries.createdAt)).limit(limit);
}

/** Invariants the benchmark and tests check: every posting sums to zero and balances equal their entries. */
export async function ledgerInvariants(db: Db) {
  const [{ unbalanced }] = await db.select({ unbalanced: sql<number>`count(*)::int` }).from(sql`(select posting_id from ledger_entries group by posting_id having sum(amount) <> 0) p`);
  const [{ mismatched }] = await db
    .select({ mismatched: sql<number>`count(*)::int` })
    .from(sql`credit_accounts a left join (select account, sum(amount) as total from ledger_entries group by account) e on e.account = a.account`)
    .where(sql`a.balance <> coalesce(e.total, 0)`);
  return { unbalancedPostings: Number(unbalanced), mismatchedBalances: Number(mismatched) };
}
