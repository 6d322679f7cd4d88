import { z } from "zod";
import { VISIBILITIES } from "@/src/platform/access/visibility";
import { PageInput } from "@/src/platform/http/pagination";
import { partialUpdate } from "@/src/platform/http/partial-update";
import { isCategoryId } from "./categories";
import { APPLICATION_STATUSES } from "./schema";
import { OPPORTUNITY_STATUSES } from "./states";
import { CURRENCIES, OPPORTUNITY_TYPES } from "./types";

const Budget = z
  .object({
    min: z.number().int().min(0).max(1_000_000_000).optional().nullable(),
    max: z.number().int().min(0).max(1_000_000_000).optional().nullable(),
    currency: z.enum(CURRENCIES),
  })
  .refine((b) => b.min == null || b.max == null || b.min <= b.max, { message: "Minimum is above maximum", path: ["min"] });

const category = z.string().refine(isCategoryId, { message: "Unknown category" });

const OpportunityFields = z.object({
  title: z.string().trim().min(3, "At least 3 characters").max(160),
  description: z.string().trim().min(10, "At least 10 characters").max(20_000),
  type: z.enum(OPPORTUNITY_TYPES),
  category,
  skills: z.array(z.string().max(60)).max(30).default([]),
  location: z
    .string()
    .trim()
    .max(120)
    .optional()
    .nullable()
    .transform((v) => v || null),
  remote: z.boolean().default(false),
  budget: Budget.optional().nullable(),
  expiresAt: z.iso.datetime({ offset: true }).optional().nullable(),
  visibility: z.enum(VISIBILITIES).default("public"),
  entityId: z.uuid().optional().nullable(),
});

export const CreateOpportunityInput = OpportunityFields.extend({ submit: z.boolean().default(true) });
export const UpdateOpportunityInput = partialUpdate(OpportunityFields).extend({ id: z.uuid() });
export const ChangeStatusInput = z.object({ id: z.uuid(), status: z.enum(OPPORTUNITY_STATUSES), note: z.string().trim().max(2000).optional() });
export const DecisionInput = z.object({ id: z.uuid(), decision: z.enum(["approve", "reject"]), note: z.string().trim().max(2000).optional() });
export const ApplyInput = z.object({ opportunityId: z.uuid(), message: z.string().trim().min(10, "At least 10 characters").max(5000) });
export const ApplicationStatusInput = z.object({ id: z.uuid(), status: z.enum(APPLICATION_STATUSES).exclude(["submitted", "withdrawn"]) });

const csv = (inner: z.ZodType<string, string>) =>
  z
    .string()
    .max(2000)
    .optional()
    .transform((v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : undefined))
    .pipe(z.array(inner).max(30).optional());

export const SORTS = ["newest", "relevance", "deadline"] as const;

export const ListOpportunitiesInput = PageInput.extend({
  q: z.string().trim().max(200).optional(),
  type: csv(z.enum(OPPORTUNITY_TYPES)),
  category: csv(category),
  skills: csv(z.string().max(60)),
  remote: z.enum(["true", "false"]).optional(),
  budgetMin: z.coerce.number().int().min(0).optional(),
  budgetMax: z.coerce.number().int().min(0).optional(),
  currency: z.enum(CURRENCIES).optional(),
  sort: z.enum(SORTS).optional(),
  entityId: z.uuid().optional(),
  visibility: z.enum(VISIBILITIES).optional(),
});

export const MY_VIEWS = ["all", "drafts", "pending", "active", "archived"] as const;
export const MyOpportunitiesInput = PageInput.extend({ view: z.enum(MY_VIEWS).default("all") });
