import { z } from "zod";
import { VISIBILITIES } from "@/src/platform/access/visibility";
import { PageInput } from "@/src/platform/http/pagination";
import { partialUpdate } from "@/src/platform/http/partial-update";
import { ENTITY_TYPES } from "./types";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .nullable()
    .transform((v) => v || null);

export const EntityFields = z.object({
  name: z.string().trim().min(2, "At least 2 characters").max(120),
  type: z.enum(ENTITY_TYPES),
  shortDescription: z.string().trim().max(280).default(""),
  description: z.string().trim().min(1, "Required").max(10_000),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  location: optionalText(120),
  website: z
    .union([z.url({ protocol: /^https?$/, message: "Use a full http(s):// address" }), z.literal(""), z.null()])
    .optional()
    .transform((v) => v || null),
  contactEmail: z
    .union([z.email(), z.literal(""), z.null()])
    .optional()
    .transform((v) => v || null),
  visibility: z.enum(VISIBILITIES).default("public"),
  logoFileId: z.uuid().optional().nullable(),
});

export const CreateEntityInput = EntityFields;
export const UpdateEntityInput = partialUpdate(EntityFields).extend({ id: z.uuid() });

export const ListEntitiesInput = PageInput.extend({
  q: z.string().trim().max(200).optional(),
  type: z.enum(ENTITY_TYPES).optional(),
  verified: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
  mine: z.boolean().optional(),
  visibility: z.enum(VISIBILITIES).optional(),
});
