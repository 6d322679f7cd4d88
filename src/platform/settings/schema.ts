import { timestamptz } from "@/src/platform/db/columns";
import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { user } from "../auth/schema";

export const platformSettings = pgTable("platform_settings", {
  name: text("name").primaryKey(),
  value: jsonb("value").notNull(),
  updatedBy: text("updated_by").references(() => user.id, { onDelete: "set null" }),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

/** Facts about this installation the app keeps for itself (first-start seeding done, …); not admin settings. */
export const appState = pgTable("app_state", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});
