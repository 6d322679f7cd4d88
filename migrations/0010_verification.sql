CREATE TABLE "verification_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_procedures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"applicant_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"items" jsonb NOT NULL,
	"claimed_by" text,
	"claimed_at" timestamp (3) with time zone,
	"decision_note" text,
	"submitted_at" timestamp (3) with time zone,
	"decided_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_transitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" text,
	"note" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "verification_procedures" ADD CONSTRAINT "verification_procedures_entity_id_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."entities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_procedures" ADD CONSTRAINT "verification_procedures_applicant_id_user_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_transitions" ADD CONSTRAINT "verification_transitions_procedure_id_verification_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."verification_procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "verification_number_idx" ON "verification_procedures" USING btree ("number");--> statement-breakpoint
CREATE INDEX "verification_entity_idx" ON "verification_procedures" USING btree ("entity_id","attempt");--> statement-breakpoint
CREATE INDEX "verification_queue_idx" ON "verification_procedures" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "verification_transitions_idx" ON "verification_transitions" USING btree ("procedure_id","created_at");