import { timestamptz } from "@/src/platform/db/columns";
import { boolean, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { user } from "../auth/schema";

/** Uploaded files. Bytes live in the storage port (DATA_DIR/uploads); rows say who owns them and who may read them. */
export const files = pgTable(
  "files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /** What it is for: `logo`, `verification_document`… */
    purpose: text("purpose").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    originalName: text("original_name"),
    /** Public files (logos) are served to anyone; private ones only to their owner and admins. */
    public: boolean("public").notNull().default(false),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("files_owner_idx").on(t.ownerId, t.createdAt)],
);
