import { randomUUID } from "node:crypto";
import { desc, eq, inArray, sql } from "drizzle-orm";
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
 * Posts balanced entries (they must sum to zero) in the caller's transaction. Accounts are locked in
 * a fixed order, so concurrent postings serialise without deadlock; a user account that would go
 * negative refuses the whole posting with 409.
 */
export async function post(tx: Db, entries: Entry[], reason: string, links: { transactionId?: string | null; actorId?: string | null } = {}): Promise<string> {
  if (entries.reduce((s, e) => s + e.amount, 0) !== 0) throw new Error("ledger posting does not balance");
  const accounts = [...new Set(entries.map((e) => e.account))].sort();
  await tx.insert(creditAccounts).values(accounts.map((account) => ({ account, balance: 0 }))).onConflictDoNothing();
  const locked = await tx.select().from(creditAccounts).where(inArray(creditAccounts.account, accounts)).orderBy(creditAccounts.account).for("update");
  const balance = new Map(locked.map((a) => [a.account, a.balance]));
  for (const account of accounts) {
    const next = (balance.get(account) ?? 0) + entries.filter((e) => e.account === account).reduce((s, e) => s + e.amount, 0);
    if (account.startsWith("user:") && next < 0) throw new DomainError("conflict", "Not enough credits", { amount: "Not enough credits" });
    await tx.update(creditAccounts).set({ balance: next }).where(eq(creditAccounts.account, account));
  }
  const postingId = randomUUID();
  await tx.insert(ledgerEntries).values(entries.map((e) => ({ postingId, account: e.account, amount: e.amount, reason, transactionId: links.transactionId ?? null, actorId: links.actorId ?? null })));
  return postingId;
}

export async function balanceOf(db: Db, account: string): Promise<number> {
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
