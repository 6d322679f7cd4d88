import { apiKey } from "@better-auth/api-key";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import { bearer, magicLink } from "better-auth/plugins";
import { and, eq, gt } from "drizzle-orm";
import { appUrl, env } from "../config/env";
import { db } from "../db/client";
import { queueEmail } from "../mail/outbox";
import { outboxEmails } from "../mail/schema";
import { smtpConfigured } from "../mail/transport";
import { invalidateActors } from "./actor-cache";
import { authEmail, signUpAttemptEmail, type LoginLinkKind } from "./emails";
import * as tables from "./schema";
import { authSecret } from "./secret";

export { authSecret };

export const API_KEY_PREFIX = "rl_";

const MINUTE = 60;
export const MAGIC_LINK_EXPIRES_IN = 15 * MINUTE;
export const RESET_EXPIRES_IN = 60 * MINUTE;
export const VERIFICATION_EXPIRES_IN = 24 * 60 * MINUTE;

/** At most one mail of a kind per address in this window: sign-in retries and sign-up attempts cannot flood a mailbox. */
const AUTH_MAIL_INTERVAL_MS = 2 * 60_000;

async function sentRecently(kind: string, to: string): Promise<boolean> {
  const [row] = await db()
    .select({ id: outboxEmails.id })
    .from(outboxEmails)
    .where(and(eq(outboxEmails.kind, kind), eq(outboxEmails.to, to), gt(outboxEmails.createdAt, new Date(Date.now() - AUTH_MAIL_INTERVAL_MS))))
    .limit(1);
  return Boolean(row);
}

async function sendLoginLink(kind: LoginLinkKind, to: string, url: string, expiresInSeconds: number) {
  const loginLink = { url, expiresAt: new Date(Date.now() + expiresInSeconds * 1000) };
  await queueEmail(db(), { to: to.toLowerCase(), kind, ...authEmail(kind), loginLink }, smtpConfigured(env()));
}

async function sendVerification(to: string, url: string) {
  if (await sentRecently("email_verification", to.toLowerCase())) return;
  await sendLoginLink("email_verification", to, url, VERIFICATION_EXPIRES_IN);
}

async function sendSignUpAttempt(to: string) {
  if (await sentRecently("sign_up_attempt", to.toLowerCase())) return;
  await queueEmail(db(), { to: to.toLowerCase(), kind: "sign_up_attempt", ...signUpAttemptEmail(appUrl()) }, smtpConfigured(env()));
}

/**
 * One Better Auth per value of AUTH_REQUIRE_EMAIL_VERIFICATION (a setting, read per request by the
 * sign-up and sign-in use cases); everything else, Better Auth's own routes included, uses the strict one.
 */
function createAuth(requireEmailVerification: boolean) {
  const base = appUrl();
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
      requireEmailVerification,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: RESET_EXPIRES_IN,
      sendResetPassword: async ({ user, url }) => sendLoginLink("password_reset", user.email, url, RESET_EXPIRES_IN),
      onExistingUserSignUp: async ({ user }) => sendSignUpAttempt(user.email),
    },
    emailVerification: {
      sendOnSignUp: requireEmailVerification,
      sendOnSignIn: true,
      expiresIn: VERIFICATION_EXPIRES_IN,
      sendVerificationEmail: async ({ user, url }) => sendVerification(user.email, url),
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
    // Better Auth's own copies of these endpoints would side-step that count. Account changes go
    // through /api/v1/me/*, which validate names and refuse API keys; Better Auth's own endpoints for
    // them would skip both (a 200,000-character name, a NUL byte answered 500).
    disabledPaths: ["/sign-in/email", "/sign-up/email", "/update-user", "/change-email", "/delete-user", "/update-session", "/link-social", "/unlink-account"],
    advanced: {
      useSecureCookies: base.startsWith("https://"),
      database: { generateId: () => crypto.randomUUID() },
    },
    databaseHooks: {
      user: {
        // Never a role from the address: ADMIN_EMAILS accounts are made admins at start (src/platform/seed/seed.ts).
        create: { before: async (data) => ({ data: { ...data, role: "subscriber" } }) },
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
        expiresIn: MAGIC_LINK_EXPIRES_IN,
        disableSignUp: true,
        sendMagicLink: async ({ email, url }) => sendLoginLink("magic_link", email, url, MAGIC_LINK_EXPIRES_IN),
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
type Holder = { [KEY]?: Map<boolean, Auth> };

/** Better Auth; `requireEmailVerification: false` only where AUTH_REQUIRE_EMAIL_VERIFICATION is off (or for accounts made verified). */
export function auth(options: { requireEmailVerification?: boolean } = {}): Auth {
  const strict = options.requireEmailVerification ?? true;
  const g = globalThis as Holder;
  g[KEY] ??= new Map();
  let instance = g[KEY].get(strict);
  if (!instance) {
    instance = createAuth(strict);
    g[KEY].set(strict, instance);
  }
  return instance;
}
