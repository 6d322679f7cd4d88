import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamptz } from "@/src/platform/db/columns";
import { user } from "@/src/platform/auth/schema";
import { entities } from "@/src/modules/entities/schema";
import type { VerificationItem } from "./states";

/** Per-year counter: the next procedure number is taken with one atomic upsert. */
export const verificationCounters = pgTable("verification_counters", {
  year: integer("year").primaryKey(),
  last: integer("last").notNull(),
});

export const verificationProcedures = pgTable(
  "verification_procedures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: text("number").notNull(),
    entityId: uuid("entity_id")
      .notNull()
      .references(() => entities.id, { onDelete: "cascade" }),
    applicantId: text("applicant_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    status: text("status").notNull().default("draft"),
    items: jsonb("items").$type<VerificationItem[]>().notNull(),
    claimedBy: text("claimed_by"),
    claimedAt: timestamptz("claimed_at"),
    decisionNote: text("decision_note"),
    submittedAt: timestamptz("submitted_at"),
    decidedAt: timestamptz("decided_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("verification_number_idx").on(t.number), index("verification_entity_idx").on(t.entityId, t.attempt), index("verification_queue_idx").on(t.status, t.submittedAt)],
);

/** Every move of a procedure: who, when, why. */
export const verificationTransitions = pgTable(
  "verification_transitions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    procedureId: uuid("procedure_id")
      .notNull()
      .references(() => verificationProcedures.id, { onDelete: "cascade" }),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    actorId: text("actor_id"),
    note: text("note"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("verification_transitions_idx").on(t.procedureId, t.createdAt)],
);
