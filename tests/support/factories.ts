import { entities } from "@/src/modules/entities/schema";
import { opportunities } from "@/src/modules/opportunities/schema";
import { randomUUID } from "node:crypto";
import { user } from "@/src/platform/auth/schema";
import type { Actor, Role } from "@/src/platform/auth/roles";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { logger } from "@/src/platform/log/logger";

/** Inserts an account row directly (no password): for service tests that do not sign in. */
export async function createUser(db: Db, role: Role = "subscriber", overrides: Partial<typeof user.$inferInsert> = {}) {
  const id = randomUUID();
  const [row] = await db
    .insert(user)
    .values({ id, name: `User ${id.slice(0, 6)}`, email: `${id.slice(0, 8)}@test.local`, role, ...overrides })
    .returning();
  return row;
}

export function actorOf(row: typeof user.$inferSelect): Actor {
  return { kind: "user", userId: row.id, role: row.role as Role, email: row.email, name: row.name };
}

export function ctxFor(db: Db, actor: Actor, now: () => Date = () => new Date()): Ctx {
  return { actor, db, log: logger(), now };
}

export async function insertEntity(db: Db, ownerId: string, overrides: Partial<typeof entities.$inferInsert> = {}) {
  const [row] = await db
    .insert(entities)
    .values({ ownerId, name: "Test Org", type: "technology_software", description: "An organisation for tests", ...overrides })
    .returning();
  return row;
}

export async function insertOpportunity(db: Db, authorId: string, overrides: Partial<typeof opportunities.$inferInsert> = {}) {
  const [row] = await db
    .insert(opportunities)
    .values({ authorId, title: "Test listing", description: "A listing for tests", type: "request", category: "technology", status: "active", publishedAt: new Date(), ...overrides })
    .returning();
  return row;
}
