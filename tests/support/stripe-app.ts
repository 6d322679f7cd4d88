import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser";
import { startFakeStripe, type FakeStripe } from "./fake-stripe";
import { startServer, type StartedServer } from "./global-server";

export interface StripeApp {
  browser: Browser;
  fake: FakeStripe;
  server: StartedServer;
}

/** For a browser test file: Chromium, a fake Stripe API and an app pointed at it, for the whole file. */
export function stripeAppForFile(webhookSecret: string): StripeApp {
  const app = {} as StripeApp;
  beforeAll(async () => {
    app.browser = await launchBrowser();
    app.fake = await startFakeStripe();
    // A closed ring (AUTH_REQUIRE_EMAIL_VERIFICATION off): this file is not about sign-up, which tests/api/auth.test.ts covers.
    app.server = await startServer({ SEED_DEMO: "false", AUTH_REQUIRE_EMAIL_VERIFICATION: "false", STRIPE_SECRET_KEY: "sk_test_e2e", STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_BASE: app.fake.base });
  }, 120_000);
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.stop();
    await app.fake?.close();
  });
  return app;
}
