CREATE TABLE "entities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"short_description" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"location" text,
	"website" text,
	"contact_email" text,
	"logo_file_id" uuid,
	"visibility" text DEFAULT 'public' NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"verified_at" timestamp (3) with time zone,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce("entities"."name", '')), 'A') || setweight(to_tsvector('simple', ringlet_text_array("entities"."tags")), 'B') || setweight(to_tsvector('simple', coalesce("entities"."short_description", '') || ' ' || coalesce("entities"."description", '')), 'C')) STORED,
	CONSTRAINT "entities_visibility_check" CHECK ("entities"."visibility" in ('public','subscriber','member','confidential')),
	CONSTRAINT "entities_status_check" CHECK ("entities"."status" in ('active','hidden'))
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"applicant_id" text NOT NULL,
	"message" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications_status_check" CHECK ("applications"."status" in ('submitted','shortlisted','declined','withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "opportunities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"author_id" text NOT NULL,
	"entity_id" uuid,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"type" text NOT NULL,
	"category" text NOT NULL,
	"skills" text[] DEFAULT '{}' NOT NULL,
	"skills_normalized" text[] DEFAULT '{}' NOT NULL,
	"location" text,
	"remote" boolean DEFAULT false NOT NULL,
	"budget_min" integer,
	"budget_max" integer,
	"budget_currency" text,
	"expires_at" timestamp (3) with time zone,
	"visibility" text DEFAULT 'public' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp (3) with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce("opportunities"."title", '')), 'A') || setweight(to_tsvector('simple', ringlet_text_array("opportunities"."skills")), 'B') || setweight(to_tsvector('simple', coalesce("opportunities"."description", '')), 'C')) STORED,
	CONSTRAINT "opportunities_visibility_check" CHECK ("opportunities"."visibility" in ('public','subscriber','member','confidential')),
	CONSTRAINT "opportunities_status_check" CHECK ("opportunities"."status" in ('draft','pending','active','rejected','closed','expired','archived')),
	CONSTRAINT "opportunities_budget_check" CHECK ("opportunities"."budget_min" is null or "opportunities"."budget_max" is null or "opportunities"."budget_min" <= "opportunities"."budget_max")
);
--> statement-breakpoint
CREATE TABLE "opportunity_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" text,
	"actor_kind" text NOT NULL,
	"note" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "entities" ADD CONSTRAINT "entities_owner_id_user_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_applicant_id_user_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_entity_id_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."entities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_transitions" ADD CONSTRAINT "opportunity_transitions_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_transitions" ADD CONSTRAINT "opportunity_transitions_actor_id_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entities_search_idx" ON "entities" USING gin ("search");--> statement-breakpoint
CREATE INDEX "entities_owner_idx" ON "entities" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "entities_list_idx" ON "entities" USING btree ("status","visibility","created_at","id");--> statement-breakpoint
CREATE INDEX "entities_type_idx" ON "entities" USING btree ("type","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_once_idx" ON "applications" USING btree ("opportunity_id","applicant_id");--> statement-breakpoint
CREATE INDEX "applications_applicant_idx" ON "applications" USING btree ("applicant_id","created_at");--> statement-breakpoint
CREATE INDEX "opportunities_search_idx" ON "opportunities" USING gin ("search");--> statement-breakpoint
CREATE INDEX "opportunities_skills_idx" ON "opportunities" USING gin ("skills_normalized");--> statement-breakpoint
CREATE INDEX "opportunities_browse_idx" ON "opportunities" USING btree ("status","published_at","id");--> statement-breakpoint
CREATE INDEX "opportunities_category_idx" ON "opportunities" USING btree ("status","category","published_at");--> statement-breakpoint
CREATE INDEX "opportunities_author_idx" ON "opportunities" USING btree ("author_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "opportunities_entity_idx" ON "opportunities" USING btree ("entity_id","status");--> statement-breakpoint
CREATE INDEX "opportunities_expiry_idx" ON "opportunities" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "opportunity_transitions_idx" ON "opportunity_transitions" USING btree ("opportunity_id","id");