import Stripe from "stripe";
import { Client } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { sessionCompleted, startFakeStripe, type FakeStripe } from "../support/fake-stripe";
import { startServer, type StartedServer } from "../support/global-server";
import { call, eventually, uniqueEmail } from "../support/http";
import { freshServerDatabase } from "../support/server-database";

/**
 * A process killed (-9) after it verified a webhook and began applying it, before it committed:
 * the provider's retry, served by a fresh process, applies the event exactly once. The kill lands
 * mid-application (event row written, transaction moved, not committed) because another connection
 * holds a lock on the outbox table the application writes to last.
 * Server only (TEST_DATABASE_URL): PGlite is one process by design.
 */
const base = process.env.TEST_DATABASE_URL;
const SECRET = "whsec_crash_test_0123456789";
const signer = new Stripe("sk_test_signer");
const servers: StartedServer[] = [];
let fake: FakeStripe | undefined;
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await fake?.close();
});

describe.runIf(Boolean(base) && process.env.RINGLET_API_DB === "postgres")("a crash between verification and application", () => {
  it("loses nothing and applies the replayed webhook once", async () => {
    fake = await startFakeStripe();
    const database = await freshServerDatabase("ringlet_paycrash");
    // A closed ring (AUTH_REQUIRE_EMAIL_VERIFICATION off): this file is not about sign-up, which tests/api/auth.test.ts covers.
    const env = { DATABASE_URL: database.url, SEED_DEMO: "false", AUTH_REQUIRE_EMAIL_VERIFICATION: "false", STRIPE_SECRET_KEY: "sk_test_crash", STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: fake.base, BETTER_AUTH_SECRET: "a-shared-secret-for-both-processes-0123456789" };
    const doomed = await startServer({ ...env, INSTANCE_ID: "doomed" });
    servers.push(doomed);
    const signUp = await call("/api/v1/auth/sign-up", { baseUrl: doomed.baseUrl, body: { email: uniqueEmail("crash"), password: "correct-horse-1", name: "Crash" } });
    const token = signUp.body.token as string;
    const started = await call("/api/v1/checkout", { baseUrl: doomed.baseUrl, token, body: { purpose: "credits", provider: "stripe", amount: 2500, currency: "USD" } });
    const transactionId = started.body.transactionId as string;
    const { providerRef } = (await call(`/api/v1/me/transactions/${transactionId}`, { baseUrl: doomed.baseUrl, token })).body;
    const payload = sessionCompleted(`evt_crash_${Date.now()}`, { id: providerRef, transactionId, amount: 2500, currency: "USD" });
    const deliver = (server: StartedServer) =>
      fetch(`${server.baseUrl}/api/webhooks/stripe`, { method: "POST", body: payload, headers: { "content-type": "application/json", "stripe-signature": signer.webhooks.generateTestHeaderString({ payload, secret: SECRET }) } });

    const db = new Client({ connectionString: database.url });
    await db.connect();
    const locker = new Client({ connectionString: database.url });
    await locker.connect();
    await locker.query("begin");
    await locker.query("lock table events in exclusive mode");
    const inFlight = deliver(doomed).catch((e: Error) => e);
    // The delivery has written its event row and moved the transaction (uncommitted), and waits to announce it.
    await eventually(async () => (await db.query(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database() and query ilike 'insert into "events"%'`)).rowCount);
    doomed.child.kill("SIGKILL");
    await new Promise((r) => doomed.child.once("exit", r));
    expect(await inFlight).toBeInstanceOf(Error);
    await locker.query("rollback");
    await locker.end();
    // Every session of the dead process ends, taking its uncommitted work with it.
    await eventually(async () => (await db.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")).rows[0].n === 0);
    expect((await db.query("select count(*)::int as n from payment_events")).rows[0].n).toBe(0);
    expect((await db.query("select status from payment_transactions where id = $1", [transactionId])).rows[0].status).toBe("pending");

    const survivor = await startServer({ ...env, INSTANCE_ID: "survivor" });
    servers.push(survivor);
    const replay = await deliver(survivor);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ outcome: "applied" });
    expect(await (await deliver(survivor)).json()).toMatchObject({ outcome: "duplicate" });
    const balance = (await call("/api/v1/me/credits", { baseUrl: survivor.baseUrl, token })).body;
    expect(balance.balance).toBe(25);
    expect(balance.entries).toHaveLength(1);
    expect((await db.query("select count(*)::int as n from payment_events")).rows[0].n).toBe(1);
    await db.end();
    await survivor.stop();
    await database.drop();
  });
});
