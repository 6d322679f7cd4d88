import { apiKey } from "@better-auth/api-key";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import { bearer, magicLink } from "better-auth/plugins";
import { eq } from "drizzle-orm";
import { adminEmails, appUrl, env } from "../config/env";
import { db } from "../db/client";
import { queueEmail } from "../mail/outbox";
import { smtpConfigured } from "../mail/transport";
import { invalidateActors } from "./actor-cache";
import { authEmail } from "./emails";
import { authSecret } from "./secret";
import * as tables from "./schema";

export { authSecret };

export const API_KEY_PREFIX = "rl_";

async function sendAuthEmail(kind: "magic_link" | "password_reset", to: string, url: string) {
  const mail = authEmail(kind, url);
  await queueEmail(db(), { to, kind, ...mail }, smtpConfigured(env()));
}

function createAuth() {
  const base = appUrl();
  const e = env();
  return betterAuth({
    appName: "Ringlet",
    baseURL: base,
    basePath: "/api/auth",
    secret: authSecret(),
    trustedOrigins: [base, base.replace("localhost", "127.0.0.1"), base.replace("127.0.0.1", "localhost")],
    database: drizzleAdapter(db(), { provider: "pg", schema: tables }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) => sendAuthEmail("password_reset", user.email, url),
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "subscriber", input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    // Ringlet rate-limits its own auth routes (RATE_LIMIT_AUTH_PER_MINUTE) in one place.
    rateLimit: { enabled: false },
    // Passwords are tried through /api/v1/auth/* only, where failures are also counted per account;
    // Better Auth's own copies of these endpoints would side-step that count.
    disabledPaths: ["/sign-in/email", "/sign-up/email"],
    advanced: {
      useSecureCookies: base.startsWith("https://"),
      database: { generateId: () => crypto.randomUUID() },
    },
    databaseHooks: {
      user: {
        create: {
          before: async (data) => ({
            data: { ...data, role: adminEmails(e).includes(data.email.toLowerCase()) ? "admin" : "subscriber" },
          }),
        },
      },
      session: {
        create: {
          before: async (session) => {
            const [row] = await db().select({ suspendedAt: tables.user.suspendedAt }).from(tables.user).where(eq(tables.user.id, session.userId));
            if (row?.suspendedAt) throw new APIError("FORBIDDEN", { message: "This account is suspended" });
          },
        },
        // Sign-out, revoked sessions and password resets: the token must stop working on every instance.
        delete: { after: async (session) => invalidateActors([session.userId]) },
      },
    },
    plugins: [
      bearer(),
      magicLink({
        expiresIn: 15 * 60,
        disableSignUp: true,
        sendMagicLink: async ({ email, url }) => sendAuthEmail("magic_link", email, url),
      }),
      apiKey({
        defaultPrefix: API_KEY_PREFIX,
        requireName: true,
        // Machine clients are limited by RATE_LIMIT_API_PER_MINUTE like everyone else, not 10 uses a day.
        rateLimit: { enabled: false },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const KEY = Symbol.for("ringlet.auth");
type Holder = { [KEY]?: Auth };

export function auth(): Auth {
  const g = globalThis as Holder;
  g[KEY] ??= createAuth();
  return g[KEY];
}
