import type { Db } from "@/src/platform/db/client";
import { getSetting } from "@/src/platform/settings/resolve";
import { post } from "@/src/modules/payments/ledger";
import { storeSettlementLines, storeSubOrders } from "./schema";

type SubOrder = typeof storeSubOrders.$inferSelect;

/** Ledger accounts of the store, per currency (minor units). A vendor account's balance is what the ring owes it. */
export const storeAccount = {
  vendor: (vendorId: string, currency: string) => `vendor:${vendorId}:${currency}`,
  clearing: (currency: string) => `platform:store-clearing:${currency}`,
  commission: (currency: string) => `platform:store-commission:${currency}`,
  payouts: (currency: string) => `platform:store-payouts:${currency}`,
};

/**
 * A paid sub-order owes its vendor the subtotal less the commission computed when the order was
 * placed: one settlement line (due after the hold) and one balanced posting.
 */
export async function recordSale(tx: Db, sub: SubOrder, currency: string, transactionId: string, now: Date) {
  const holdDays = await getSetting<number>(tx, "STORE_SETTLEMENT_HOLD_DAYS");
  const net = sub.subtotalMinor - sub.commissionMinor;
  await tx.insert(storeSettlementLines).values({ subOrderId: sub.id, vendorId: sub.vendorId, kind: "sale", grossMinor: sub.subtotalMinor, commissionMinor: sub.commissionMinor, netMinor: net, currency, dueAt: new Date(now.getTime() + holdDays * 86_400_000), createdAt: now });
  await post(
    tx,
    [
      { account: storeAccount.clearing(currency), amount: -sub.subtotalMinor },
      { account: storeAccount.vendor(sub.vendorId, currency), amount: net },
      { account: storeAccount.commission(currency), amount: sub.commissionMinor },
    ],
    `Sale, sub-order ${sub.id}`,
    { transactionId },
  );
}

/** A refund of part of a sub-order takes back the same share of its commission and of the vendor's net (a negative line, due at once). */
export async function recordRefund(tx: Db, sub: SubOrder, grossMinor: number, commissionMinor: number, currency: string, transactionId: string, now: Date) {
  const net = grossMinor - commissionMinor;
  await tx.insert(storeSettlementLines).values({ subOrderId: sub.id, vendorId: sub.vendorId, kind: "refund", grossMinor: -grossMinor, commissionMinor: -commissionMinor, netMinor: -net, currency, dueAt: now, createdAt: now });
  await post(
    tx,
    [
      { account: storeAccount.clearing(currency), amount: grossMinor },
      { account: storeAccount.vendor(sub.vendorId, currency), amount: -net },
      { account: storeAccount.commission(currency), amount: -commissionMinor },
    ],
    `Refund, sub-order ${sub.id}`,
    { transactionId },
  );
}
