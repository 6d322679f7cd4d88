/**
 * `npm run bench:webhooks`: 10,000 signed Stripe webhooks (30 % of them repeated deliveries) at 50
 * concurrent connections against one app process on PostgreSQL; prints throughput, latency
 * percentiles and the invariants (no double application, postings sum to zero, balances equal their
 * entries). BENCH_WEBHOOKS (10000), BENCH_CONCURRENCY (50), BENCH_DATABASE_URL.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { ledgerInvariants } from "../src/modules/payments/ledger";
import { openDatabase } from "../src/platform/db/client";
import { ensureBuild } from "../scripts/start";
import { sessionCompleted } from "../tests/support/fake-stripe";
import { startServer } from "../tests/support/global-server";
import { benchDatabase, writeResults } from "./support";

const TOTAL = Number(process.env.BENCH_WEBHOOKS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const DUPLICATE_SHARE = 0.3;
const SECRET = "whsec_bench_0123456789abcdef";

async function main() {
  ensureBuild();
  const url = await benchDatabase("ringlet_bench_webhooks");
  const server = await startServer({ DATABASE_URL: url, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "ringlet-bench-")), SEED_DEMO: "false", SCHEDULER: "off", LOG_LEVEL: "warn", STRIPE_SECRET_KEY: "sk_test_bench", STRIPE_WEBHOOK_SECRET: SECRET });
  const database = await openDatabase({ url, poolSize: 4 });
  const unique = Math.round(TOTAL * (1 - DUPLICATE_SHARE));
  const users = await database.raw<{ id: string }>(`insert into "user" (id, name, email, email_verified, role, created_at, updated_at) select 'bench-' || g, 'Bench ' || g, 'bench' || g || '@bench.local', true, 'subscriber', now(), now() from generate_series(1, 100) g returning id`);
  const txs = await database.raw<{ id: string; provider_ref: string }>(
    `insert into payment_transactions (user_id, purpose, provider, amount_minor, currency, status, provider_ref) select 'bench-' || (1 + g % 100), 'credits', 'stripe', 1000, 'USD', 'pending', 'cs_bench_' || g from generate_series(1, ${unique}) g returning id, provider_ref`,
  );
  const signer = new Stripe("sk_test_signer");
  const events = txs.map((t, i) => sessionCompleted(`evt_bench_${i}`, { id: t.provider_ref, transactionId: t.id, amount: 1000, currency: "USD" }));
  // Signed before the clock starts: the signing client is not what is measured (signatures stay valid for 300 s).
  const deliveries = [...events, ...Array.from({ length: TOTAL - unique }, (_, i) => events[(i * 7) % events.length])]
    .sort(() => Math.random() - 0.5)
    .map((payload) => ({ payload, signature: signer.webhooks.generateTestHeaderString({ payload, secret: SECRET }) }));
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < deliveries.length) {
        const { payload, signature } = deliveries[next++];
        const t0 = performance.now();
        const res = await fetch(`${server.baseUrl}/api/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: payload });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] * 10) / 10;
  const [{ doubled }] = await database.raw<{ doubled: number }>(`select count(*)::int as doubled from (select transaction_id from ledger_entries where transaction_id is not null group by transaction_id having count(distinct posting_id) > 1) d`);
  const [{ succeeded }] = await database.raw<{ succeeded: number }>(`select count(*)::int as succeeded from payment_transactions where status = 'succeeded'`);
  const invariants = await ledgerInvariants(database.db);
  const result = {
    webhooks: TOTAL,
    unique,
    concurrency: CONCURRENCY,
    perSecond: Math.round(TOTAL / seconds),
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    statuses: Object.fromEntries(statuses),
    succeeded,
    doubleApplied: doubled,
    ...invariants,
    users: users.length,
  };
  console.table([result]);
  writeResults("webhooks", result);
  await database.close();
  await server.stop();
  if (doubled || invariants.unbalancedPostings || invariants.mismatchedBalances || succeeded !== unique) process.exitCode = 1;
}

main().then(
  () => process.exit(),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
