import { and, desc, eq, gte, isNotNull, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { user } from "@/src/platform/auth/schema";
import { requireUser } from "@/src/platform/auth/require-user";
import { appUrl, env } from "@/src/platform/config/env";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { isUniqueViolation } from "@/src/platform/db/errors";
import { DomainError, notFound } from "@/src/platform/http/errors";
import { logger } from "@/src/platform/log/logger";
import { getSetting } from "@/src/platform/settings/resolve";
import { audit } from "@/src/modules/audit/service";
import { creditTerms, rateFor, rateOfTransaction } from "./credit-rates";
import { balanceOf, entriesOf, PLATFORM, post, userAccount } from "./ledger";
import { enabledProviders, paymentProvider } from "./providers";
import type { CheckoutStart, ParsedEvent } from "./providers/port";
import { isModuleEnabled } from "@/src/platform/config/ring-config";
import { attachPayment, orderForPayment } from "@/src/modules/store/orders";
import { refundsOf } from "./refunds";
import { paymentEvents, paymentTransactions } from "./schema";
import { applyRefund, settle, withHistory, type Transaction } from "./settle";
import { canMove, creditsCost, creditsFor, CURRENCIES, parseCreditPacks, PROVIDERS, PURPOSES, type PaymentStatus, type Provider } from "./states";
import { metrics } from "@/src/platform/metrics/metrics";

export function toTransactionDto(t: Transaction) {
  return {
    id: t.id,
    purpose: t.purpose,
    provider: t.provider,
    amountMinor: t.amountMinor,
    currency: t.currency,
    status: t.status,
    providerRef: t.providerRef,
    flagged: t.flagged,
    refundedMinor: t.refundedMinor,
    history: t.history,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export const CheckoutInput = z.object({
  purpose: z.enum(PURPOSES),
  provider: z.enum(PROVIDERS),
  amount: z.number().int().min(100).max(1_000_000_00).optional(),
  currency: z.enum(CURRENCIES).optional(),
  orderId: z.string().max(100).optional(),
  idempotencyKey: z.string().min(8).max(100).optional(),
});

interface Price {
  amountMinor: number;
  currency: string;
  description: string;
  /** Credits per major unit of `currency` this payment moves credits at (a top-up, or a price paid with credits). */
  creditRate?: number;
}

/**
 * What the purpose costs: membership from the settings; credits the amount asked (in minor units);
 * an order its total, with the order's current payment (if any) to continue or replace.
 */
async function priceOf(db: Db, input: z.output<typeof CheckoutInput>, actorId: string, now: Date): Promise<Price & { orderPayment?: string | null }> {
  if (input.purpose === "membership") {
    return { amountMinor: await getSetting<number>(db, "PAYMENTS_MEMBERSHIP_PRICE_MINOR"), currency: await getSetting<string>(db, "PAYMENTS_MEMBERSHIP_CURRENCY"), description: "Ringlet membership" };
  }
  if (input.purpose === "credits") {
    if (input.provider === "credits") throw new DomainError("validation_failed", "Credits are bought with money, not with credits", { provider: "Use stripe or wayforpay" });
    if (!input.amount) throw new DomainError("validation_failed", "Say how much to top up", { amount: "Required (minor units, at least 100)" });
    const terms = await creditTerms(db);
    const currency = input.currency ?? terms.currency;
    const creditRate = rateFor(terms, currency);
    const credits = creditsFor(input.amount, creditRate);
    if (credits < 1) throw new DomainError("validation_failed", `This amount buys no credit (${creditRate} credits per 1 ${currency})`, { amount: "Too small for one credit" });
    const packs = parseCreditPacks(await getSetting<string>(db, "PAYMENTS_CREDIT_PACKS"));
    const exact = creditRate !== 1 || input.amount % 100 === 0;
    if (packs.length > 0 && !(exact && packs.includes(credits))) {
      throw new DomainError("validation_failed", "Choose one of the credit packs", { amount: `One of ${packs.join(", ")} credits (amount ${packs.map((p) => p * 100).join(", ")} in ${terms.currency})` });
    }
    return { amountMinor: input.amount, currency, creditRate, description: `${credits} Ringlet credits` };
  }
  if (!isModuleEnabled("store")) throw new DomainError("not_configured", "The store is not enabled on this ring");
  const { order, price } = await orderForPayment(db, input.orderId, actorId, now);
  return { ...price, orderPayment: order.transactionId };
}

/**
 * Starts a payment: a transaction row first (so nothing is lost), then the provider. Credits settle
 * at once; Stripe answers a redirect URL; WayForPay a signed form to post. The same idempotency key
 * returns the same transaction.
 */
export async function checkout(ctx: Ctx, raw: z.input<typeof CheckoutInput>) {
  const actor = requireUser(ctx.actor);
  const input = CheckoutInput.parse(raw);
  const e = env();
  const providers = enabledProviders(e);
  if (!providers[input.provider]) throw new DomainError("not_configured", `${input.provider} is not configured on this ring`);
  if (input.idempotencyKey) {
    const [existing] = await ctx.db.select().from(paymentTransactions).where(and(eq(paymentTransactions.userId, actor.userId), eq(paymentTransactions.idempotencyKey, input.idempotencyKey)));
    if (existing) return { transactionId: existing.id, status: existing.status, ...(existing.metadata.next as object) };
  }
  const now = ctx.now();
  const { orderPayment, ...price } = await priceOf(ctx.db, input, actor.userId, now);
  // Paying with credits converts the price at today's rate, or refuses (400) before anything is written.
  if (input.provider === "credits") price.creditRate = rateFor(await creditTerms(ctx.db), price.currency, "provider");
  const previous = input.purpose === "order" ? await paymentUnderWay(ctx.db, orderPayment ?? null, input.provider) : null;
  if (previous?.transaction) return { transactionId: previous.transaction.id, status: previous.transaction.status, ...(previous.transaction.metadata.next as object) };
  let created: Transaction;
  try {
    [created] = await ctx.db
      .insert(paymentTransactions)
      .values({ userId: actor.userId, purpose: input.purpose, provider: input.provider, amountMinor: price.amountMinor, currency: price.currency, metadata: price.creditRate === undefined ? {} : { creditRate: price.creditRate }, idempotencyKey: input.idempotencyKey ?? null, history: [{ status: "created", at: now.toISOString() }], createdAt: now, updatedAt: now })
      .returning();
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("conflict", "This checkout was already started");
    throw err;
  }
  if (input.purpose === "order" && !(await attachPayment(ctx.db, input.orderId!, created.id, previous?.replaces ?? null))) {
    await ctx.db.update(paymentTransactions).set({ status: "cancelled", history: withHistory(created, "cancelled", now, "another payment for this order started first"), updatedAt: now }).where(eq(paymentTransactions.id, created.id));
    throw new DomainError("conflict", "Another payment for this order started at the same time");
  }
  if (input.provider === "credits") {
    try {
      const settled = await ctx.db.transaction(async (tx) => {
        const [t] = await tx.select().from(paymentTransactions).where(eq(paymentTransactions.id, created.id)).for("update");
        const cost = creditsCost(t.amountMinor, rateOfTransaction(t.metadata));
        await post(tx, [{ account: userAccount(actor.userId), amount: -cost }, { account: PLATFORM.spent, amount: cost }], `Paid ${t.purpose} with credits`, { transactionId: t.id, actorId: actor.userId });
        return settle(tx, t, "succeeded", now, "paid with credits");
      });
      return { transactionId: settled.id, status: settled.status };
    } catch (err) {
      // The attempt stays on record as failed, with why.
      await ctx.db.update(paymentTransactions).set({ status: "failed", history: withHistory(created, "failed", now, err instanceof Error ? err.message : "failed"), updatedAt: now }).where(eq(paymentTransactions.id, created.id));
      throw err;
    }
  }
  const returnUrl = `${appUrl(e)}/payments/return?transaction=${created.id}`;
  const expiresInSeconds = (await getSetting<number>(ctx.db, "PAYMENTS_PENDING_EXPIRY_HOURS")) * 3600;
  let started: CheckoutStart;
  try {
    started = await paymentProvider(input.provider, e)!.createCheckout(
      { ...created, ...price },
      { returnUrl, cancelUrl: `${returnUrl}&cancelled=1`, serviceUrl: `${appUrl(e)}/api/webhooks/${input.provider}`, expiresInSeconds },
    );
  } catch (err) {
    logger().error({ err, transactionId: created.id }, "provider refused to start a checkout");
    await ctx.db.update(paymentTransactions).set({ status: "failed", history: withHistory(created, "failed", now, "the provider could not start the checkout"), updatedAt: now }).where(eq(paymentTransactions.id, created.id));
    throw new DomainError("provider_error", `${input.provider} could not start the payment; nothing was charged. Try again in a moment.`);
  }
  const { providerRef, next } = started;
  const [pending] = await ctx.db
    .update(paymentTransactions)
    .set({ status: "pending", providerRef, metadata: { ...created.metadata, next }, history: withHistory(created, "pending", now), updatedAt: now })
    .where(eq(paymentTransactions.id, created.id))
    .returning();
  return { transactionId: pending.id, status: pending.status, ...next };
}

/**
 * An order is paid once: a payment already made or under way with the same provider is the answer
 * (the same redirect or form); one under way with another provider must finish or expire first.
 */
async function paymentUnderWay(db: Db, transactionId: string | null, provider: Provider): Promise<{ transaction: Transaction | null; replaces: string | null }> {
  if (!transactionId) return { transaction: null, replaces: null };
  const [current] = await db.select().from(paymentTransactions).where(eq(paymentTransactions.id, transactionId));
  if (!current || current.status === "failed" || current.status === "cancelled") return { transaction: null, replaces: transactionId };
  if (current.provider !== provider) throw new DomainError("conflict", `A ${current.provider} payment for this order is under way; finish it, or try again when it expires`);
  return { transaction: current, replaces: transactionId };
}

export type WebhookOutcome = "applied" | "duplicate" | "ignored" | "flagged";

/** What an event does to its transaction, decided before anything is written. */
export function decide(provider: Provider, event: ParsedEvent, t: Transaction | undefined): { outcome: Exclude<WebhookOutcome, "duplicate">; flag?: string } {
  if (!t || t.provider !== provider || !event.status) return { outcome: "ignored" };
  if (event.status === "succeeded" && (event.amountMinor !== t.amountMinor || event.currency !== t.currency)) {
    return { outcome: "flagged", flag: `Paid ${event.amountMinor} ${event.currency}, expected ${t.amountMinor} ${t.currency}` };
  }
  // Money taken for a payment already given up on: a person decides (refund or honour it).
  if (event.status === "succeeded" && (t.status === "cancelled" || t.status === "failed")) return { outcome: "flagged", flag: `Paid after it was marked ${t.status}` };
  // Out of order or repeated facts (a late "pending" after "succeeded") are recorded, not applied.
  if (t.status === event.status || !canMove(t.status as PaymentStatus, event.status)) return { outcome: "ignored" };
  return { outcome: "applied" };
}

/**
 * Applies one verified provider event exactly once. The transaction's row is locked first, so
 * deliveries of one payment queue up; the event row (unique provider event id) is then written with
 * its outcome, and a duplicate stops there. The event row, the transaction's move and its side
 * effect commit together, so a crash midway never applies anything twice. An amount or currency
 * that does not match is flagged, not applied.
 */
export async function applyProviderEvent(db: Db, provider: Provider, event: ParsedEvent, now = new Date()): Promise<WebhookOutcome> {
  return db.transaction(async (tx) => {
    const where: SQL | undefined = event.transactionId && z.uuid().safeParse(event.transactionId).success ? eq(paymentTransactions.id, event.transactionId) : event.providerRef ? and(eq(paymentTransactions.provider, provider), eq(paymentTransactions.providerRef, event.providerRef)) : undefined;
    const [t] = where && event.status ? await tx.select().from(paymentTransactions).where(where).for("update") : [];
    const { outcome, flag } = decide(provider, event, t);
    const inserted = await tx
      .insert(paymentEvents)
      .values({ provider, eventId: event.eventId, type: event.type, transactionId: t?.id ?? null, outcome, payload: event.payload, receivedAt: now })
      .onConflictDoNothing()
      .returning({ id: paymentEvents.id });
    if (inserted.length === 0) return "duplicate";
    if (flag) {
      await tx.update(paymentTransactions).set({ flagged: flag, updatedAt: now }).where(eq(paymentTransactions.id, t.id));
      logger().warn({ transactionId: t.id, eventId: event.eventId, reason: flag }, "payment flagged for review");
    }
    if (outcome !== "applied") return outcome;
    // A refund made at the provider (its dashboard) reverses the effect just like ours.
    if (event.status === "refunded") await applyRefund(tx, t, t.amountMinor - t.refundedMinor, now, `${provider} ${event.type}`);
    else await settle(tx, t, event.status!, now, `${provider} ${event.type}`);
    return outcome;
  });
}

/** A provider's webhook: verified on the raw body before anything is stored, then applied once. */
export async function handleWebhook(db: Db, provider: Provider, rawBody: string, headers: Record<string, string | undefined>) {
  const adapter = paymentProvider(provider);
  if (!adapter) throw new DomainError("not_configured", `${provider} is not configured`);
  const event = adapter.verifyAndParseWebhook(rawBody, headers);
  const outcome = await applyProviderEvent(db, provider, event);
  metrics().webhooks.inc({ provider, outcome });
  return adapter.webhookAnswer(event, outcome);
}

export async function myCredits(ctx: Ctx) {
  const actor = requireUser(ctx.actor);
  const account = userAccount(actor.userId);
  const entries = await entriesOf(ctx.db, account);
  const terms = await creditTerms(ctx.db);
  return { balance: await balanceOf(ctx.db, account), currency: terms.currency, rates: terms.rates, entries: entries.map((e) => ({ id: e.id, amount: e.amount, reason: e.reason, transactionId: e.transactionId, createdAt: e.createdAt.toISOString() })) };
}

export async function myTransactions(ctx: Ctx) {
  const actor = requireUser(ctx.actor);
  const rows = await ctx.db.select().from(paymentTransactions).where(eq(paymentTransactions.userId, actor.userId)).orderBy(desc(paymentTransactions.createdAt)).limit(200);
  return { items: rows.map(toTransactionDto) };
}

export async function myTransaction(ctx: Ctx, id: string) {
  const actor = requireUser(ctx.actor);
  if (!z.uuid().safeParse(id).success) throw notFound("Transaction");
  const [row] = await ctx.db.select().from(paymentTransactions).where(and(eq(paymentTransactions.id, id), actor.role === "admin" ? undefined : eq(paymentTransactions.userId, actor.userId)));
  if (!row) throw notFound("Transaction");
  return toTransactionDto(row);
}

export const AdminListInput = z.object({
  status: z.string().max(40).optional(),
  provider: z.enum(PROVIDERS).optional(),
  purpose: z.enum(PURPOSES).optional(),
  flagged: z.enum(["1"]).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

export async function adminTransactions(ctx: Ctx, raw: z.input<typeof AdminListInput>) {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  const input = AdminListInput.parse(raw);
  const rows = await ctx.db
    .select()
    .from(paymentTransactions)
    .where(
      and(
        input.status ? eq(paymentTransactions.status, input.status) : undefined,
        input.provider ? eq(paymentTransactions.provider, input.provider) : undefined,
        input.purpose ? eq(paymentTransactions.purpose, input.purpose) : undefined,
        input.flagged ? isNotNull(paymentTransactions.flagged) : undefined,
        input.from ? gte(paymentTransactions.createdAt, new Date(`${input.from}T00:00:00Z`)) : undefined,
        input.to ? lt(paymentTransactions.createdAt, new Date(new Date(`${input.to}T00:00:00Z`).getTime() + 86_400_000)) : undefined,
      ),
    )
    .orderBy(desc(paymentTransactions.createdAt))
    .limit(500);
  return { items: rows.map((r) => ({ ...toTransactionDto(r), userId: r.userId })) };
}

/** One transaction for the admin: its history, refunds and every provider event that named it. */
export async function adminTransaction(ctx: Ctx, id: string) {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  if (!z.uuid().safeParse(id).success) throw notFound("Transaction");
  const [row] = await ctx.db.select().from(paymentTransactions).where(eq(paymentTransactions.id, id));
  if (!row) throw notFound("Transaction");
  const events = await ctx.db.select().from(paymentEvents).where(eq(paymentEvents.transactionId, id)).orderBy(desc(paymentEvents.receivedAt));
  return {
    ...toTransactionDto(row),
    userId: row.userId,
    refunds: await refundsOf(ctx.db, id),
    events: events.map((e) => ({ id: e.id, eventId: e.eventId, type: e.type, outcome: e.outcome, receivedAt: e.receivedAt.toISOString() })),
  };
}

export const GrantInput = z.object({ userId: z.string().min(1).max(100), amount: z.number().int().refine((n) => n !== 0, "Not zero"), reason: z.string().trim().min(3).max(500) });

/** Admin grants (positive) or revokes (negative) credits with a reason; audited; never below zero. */
export async function grantCredits(ctx: Ctx, raw: z.input<typeof GrantInput>) {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  const input = GrantInput.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [target] = await tx.select({ id: user.id }).from(user).where(eq(user.id, input.userId));
    if (!target) throw notFound("User");
    await post(tx, [{ account: PLATFORM.grants, amount: -input.amount }, { account: userAccount(input.userId), amount: input.amount }], input.reason, { actorId: ctx.actor.userId });
    await audit(tx, { actorId: ctx.actor.userId, action: input.amount > 0 ? "credits.grant" : "credits.revoke", targetType: "user", targetId: input.userId, data: { amount: input.amount, reason: input.reason } });
    return { balance: await balanceOf(tx, userAccount(input.userId)) };
  });
}
