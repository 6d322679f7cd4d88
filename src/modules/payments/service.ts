import { and, desc, eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import { user } from "@/src/platform/auth/schema";
import { requireUser } from "@/src/platform/auth/require-user";
import { hasRole, type Role } from "@/src/platform/auth/roles";
import { appUrl, env, type Env } from "@/src/platform/config/env";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { isUniqueViolation } from "@/src/platform/db/errors";
import { publish } from "@/src/platform/events/publish";
import { DomainError, notFound } from "@/src/platform/http/errors";
import { logger } from "@/src/platform/log/logger";
import { getSetting } from "@/src/platform/settings/resolve";
import { audit } from "@/src/modules/audit/service";
import { balanceOf, entriesOf, PLATFORM, post, userAccount } from "./ledger";
import { createStripeCheckout, parseStripeWebhook, stripeClient, type ParsedEvent } from "./providers/stripe";
import { parseWayForPayCallback, wayForPayAccept, wayForPayForm, type WayForPayConfig } from "./providers/wayforpay";
import { memberships, paymentEvents, paymentTransactions } from "./schema";
import { canMove, creditsFor, CURRENCIES, PROVIDERS, PURPOSES, type PaymentStatus, type Provider } from "./states";

type Transaction = typeof paymentTransactions.$inferSelect;

export function wayForPayConfig(e: Env = env()): WayForPayConfig | null {
  return e.WAYFORPAY_MERCHANT_ACCOUNT && e.WAYFORPAY_SECRET_KEY ? { merchantAccount: e.WAYFORPAY_MERCHANT_ACCOUNT, secretKey: e.WAYFORPAY_SECRET_KEY, domain: e.WAYFORPAY_DOMAIN ?? new URL(appUrl(e)).host } : null;
}

/** Which providers are on (by their keys) and whether Stripe is in test mode; for the UI and /api/health. */
export function enabledProviders(e: Env = env()) {
  return {
    stripe: Boolean(e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET),
    stripeTestMode: Boolean(e.STRIPE_SECRET_KEY?.startsWith("sk_test_")),
    wayforpay: Boolean(wayForPayConfig(e)),
    credits: true,
  };
}

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

/** What the purpose costs: membership from the settings; credits the amount asked (in minor units). */
async function priceOf(db: Db, input: z.output<typeof CheckoutInput>): Promise<{ amountMinor: number; currency: string; description: string }> {
  if (input.purpose === "membership") {
    return { amountMinor: await getSetting<number>(db, "PAYMENTS_MEMBERSHIP_PRICE_MINOR"), currency: await getSetting<string>(db, "PAYMENTS_MEMBERSHIP_CURRENCY"), description: "Ringlet membership" };
  }
  if (input.purpose === "credits") {
    if (input.provider === "credits") throw new DomainError("validation_failed", "Credits are bought with money, not with credits", { provider: "Use stripe or wayforpay" });
    if (!input.amount) throw new DomainError("validation_failed", "Say how much to top up", { amount: "Required (minor units, at least 100)" });
    return { amountMinor: input.amount, currency: input.currency ?? "USD", description: `${creditsFor(input.amount)} Ringlet credits` };
  }
  throw new DomainError("not_configured", "Orders are paid through the store, which is not available yet");
}

const history = (t: Transaction, status: PaymentStatus, now: Date, note?: string) => [...t.history, { status, at: now.toISOString(), ...(note ? { note } : {}) }];

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
  const price = await priceOf(ctx.db, input);
  const now = ctx.now();
  let created: Transaction;
  try {
    [created] = await ctx.db
      .insert(paymentTransactions)
      .values({ userId: actor.userId, purpose: input.purpose, provider: input.provider, amountMinor: price.amountMinor, currency: price.currency, idempotencyKey: input.idempotencyKey ?? null, history: [{ status: "created", at: now.toISOString() }], createdAt: now, updatedAt: now })
      .returning();
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("conflict", "This checkout was already started");
    throw err;
  }
  if (input.provider === "credits") {
    try {
      const settled = await ctx.db.transaction(async (tx) => {
        const [t] = await tx.select().from(paymentTransactions).where(eq(paymentTransactions.id, created.id)).for("update");
        await post(tx, [{ account: userAccount(actor.userId), amount: -creditsFor(t.amountMinor) }, { account: PLATFORM.spent, amount: creditsFor(t.amountMinor) }], `Paid ${t.purpose} with credits`, { transactionId: t.id, actorId: actor.userId });
        return settle(tx, t, "succeeded", now, "paid with credits");
      });
      return { transactionId: settled.id, status: settled.status };
    } catch (err) {
      // The attempt stays on record as failed, with why.
      await ctx.db.update(paymentTransactions).set({ status: "failed", history: history(created, "failed", now, err instanceof Error ? err.message : "failed"), updatedAt: now }).where(eq(paymentTransactions.id, created.id));
      throw err;
    }
  }
  const returnUrl = `${appUrl(e)}/payments/return?transaction=${created.id}`;
  let next: { redirectUrl?: string | null; form?: unknown };
  let providerRef: string | null = null;
  if (input.provider === "stripe") {
    const out = await createStripeCheckout(stripeClient(e)!, { id: created.id, ...price }, { success: returnUrl, cancel: `${returnUrl}&cancelled=1` });
    providerRef = out.providerRef;
    next = { redirectUrl: out.redirectUrl };
  } else {
    next = { form: wayForPayForm(wayForPayConfig(e)!, { id: created.id, ...price, createdAt: created.createdAt }, { returnUrl, serviceUrl: `${appUrl(e)}/api/webhooks/wayforpay` }) };
    providerRef = created.id;
  }
  const [pending] = await ctx.db
    .update(paymentTransactions)
    .set({ status: "pending", providerRef, metadata: { next }, history: history(created, "pending", now), updatedAt: now })
    .where(eq(paymentTransactions.id, created.id))
    .returning();
  return { transactionId: pending.id, status: pending.status, ...next };
}

/** Moves a transaction and applies its side effect, in the caller's transaction. */
async function settle(tx: Db, t: Transaction, to: PaymentStatus, now: Date, note?: string): Promise<Transaction> {
  const [updated] = await tx.update(paymentTransactions).set({ status: to, history: history(t, to, now, note), updatedAt: now }).where(eq(paymentTransactions.id, t.id)).returning();
  if (to === "succeeded") await fulfil(tx, updated, now);
  if (to === "refunded") await reverse(tx, updated, now);
  await publish(tx, { type: "payment.status_changed", aggregateType: "payment", aggregateId: t.id, actorId: null, payload: { userId: t.userId, from: t.status, to, purpose: t.purpose } });
  return updated;
}

/** The purpose's effect of a successful payment: credits, or a membership period with the member role. */
async function fulfil(tx: Db, t: Transaction, now: Date) {
  if (t.purpose === "credits") {
    await post(tx, [{ account: PLATFORM.sales, amount: -creditsFor(t.amountMinor) }, { account: userAccount(t.userId), amount: creditsFor(t.amountMinor) }], `Top-up via ${t.provider}`, { transactionId: t.id });
  }
  if (t.purpose === "membership") {
    const days = await getSetting<number>(tx, "PAYMENTS_MEMBERSHIP_DAYS");
    const [current] = await tx.select().from(memberships).where(eq(memberships.userId, t.userId)).for("update");
    const from = current && current.validUntil > now ? current.validUntil : now;
    const validUntil = new Date(from.getTime() + days * 86_400_000);
    await tx
      .insert(memberships)
      .values({ userId: t.userId, validUntil, lastTransactionId: t.id, periods: 1 })
      .onConflictDoUpdate({ target: memberships.userId, set: { validUntil, lastTransactionId: t.id, periods: (current?.periods ?? 0) + 1 } });
    const [u] = await tx.select({ role: user.role }).from(user).where(eq(user.id, t.userId)).for("update");
    if (u && !hasRole(u.role as Role, "member")) {
      await tx.update(user).set({ role: "member" }).where(eq(user.id, t.userId));
      await audit(tx, { actorId: null, action: "user.role_changed", targetType: "user", targetId: t.userId, data: { from: u.role, to: "member", reason: "paid membership" } });
      await publish(tx, { type: "user.role_changed", aggregateType: "user", aggregateId: t.userId, actorId: null, payload: { from: u.role, to: "member", reason: "membership" } });
    }
  }
}

/** A refund undoes the effect: credits still on the account are taken back; a membership ends now. */
async function reverse(tx: Db, t: Transaction, now: Date) {
  if (t.purpose === "credits") {
    const back = Math.min(creditsFor(t.amountMinor), await balanceOf(tx, userAccount(t.userId)));
    if (back > 0) await post(tx, [{ account: userAccount(t.userId), amount: -back }, { account: PLATFORM.sales, amount: back }], "Refund", { transactionId: t.id });
  }
  if (t.purpose === "membership") await tx.update(memberships).set({ validUntil: now }).where(eq(memberships.userId, t.userId));
}

export type WebhookOutcome = "applied" | "duplicate" | "ignored" | "flagged";

/**
 * Applies one verified provider event exactly once: the event row (unique provider event id) and
 * the transaction's move with its side effect commit together, so a duplicate or a crash midway
 * never applies anything twice. An amount or currency that does not match is flagged, not applied.
 */
export async function applyProviderEvent(db: Db, provider: Provider, event: ParsedEvent, now = new Date()): Promise<WebhookOutcome> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(paymentEvents)
      .values({ provider, eventId: event.eventId, type: event.type, transactionId: null, outcome: "received", payload: event.payload, receivedAt: now })
      .onConflictDoNothing()
      .returning({ id: paymentEvents.id });
    if (inserted.length === 0) return "duplicate";
    const eventRowId = inserted[0].id;
    const finish = async (outcome: WebhookOutcome, transactionId: string | null) => {
      await tx.update(paymentEvents).set({ outcome, transactionId }).where(eq(paymentEvents.id, eventRowId));
      return outcome;
    };
    const where: SQL | undefined = event.transactionId && z.uuid().safeParse(event.transactionId).success ? eq(paymentTransactions.id, event.transactionId) : event.providerRef ? and(eq(paymentTransactions.provider, provider), eq(paymentTransactions.providerRef, event.providerRef)) : undefined;
    if (!where || !event.status) return finish("ignored", null);
    const [t] = await tx.select().from(paymentTransactions).where(where).for("update");
    if (!t || t.provider !== provider) return finish("ignored", t?.id ?? null);
    if (event.status === "succeeded" && (event.amountMinor !== t.amountMinor || event.currency !== t.currency)) {
      await tx.update(paymentTransactions).set({ flagged: `Paid ${event.amountMinor} ${event.currency}, expected ${t.amountMinor} ${t.currency}`, updatedAt: now }).where(eq(paymentTransactions.id, t.id));
      logger().warn({ transactionId: t.id, eventId: event.eventId }, "payment amount mismatch flagged");
      return finish("flagged", t.id);
    }
    // Out of order or repeated facts (a late "pending" after "succeeded") are recorded, not applied.
    if (t.status === event.status || !canMove(t.status as PaymentStatus, event.status)) return finish("ignored", t.id);
    await settle(tx, t, event.status, now, `${provider} ${event.type}`);
    return finish("applied", t.id);
  });
}

export async function handleStripeWebhook(db: Db, rawBody: string, signature: string | null) {
  const e = env();
  const stripe = stripeClient(e);
  if (!stripe || !e.STRIPE_WEBHOOK_SECRET) throw new DomainError("not_configured", "Stripe is not configured");
  const event = parseStripeWebhook(stripe, e.STRIPE_WEBHOOK_SECRET, rawBody, signature);
  return { received: true, outcome: await applyProviderEvent(db, "stripe", event) };
}

export async function handleWayForPayCallback(db: Db, body: unknown) {
  const config = wayForPayConfig();
  if (!config) throw new DomainError("not_configured", "WayForPay is not configured");
  const event = parseWayForPayCallback(config, body);
  await applyProviderEvent(db, "wayforpay", event);
  return wayForPayAccept(config, event.providerRef!);
}

export async function myCredits(ctx: Ctx) {
  const actor = requireUser(ctx.actor);
  const account = userAccount(actor.userId);
  const entries = await entriesOf(ctx.db, account);
  return { balance: await balanceOf(ctx.db, account), entries: entries.map((e) => ({ id: e.id, amount: e.amount, reason: e.reason, transactionId: e.transactionId, createdAt: e.createdAt.toISOString() })) };
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

export const AdminListInput = z.object({ status: z.string().max(40).optional(), provider: z.enum(PROVIDERS).optional(), purpose: z.enum(PURPOSES).optional() });

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
      ),
    )
    .orderBy(desc(paymentTransactions.createdAt))
    .limit(500);
  return { items: rows.map((r) => ({ ...toTransactionDto(r), userId: r.userId })) };
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
