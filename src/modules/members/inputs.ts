import { z } from "zod";
import { ROLES } from "@/src/platform/auth/roles";
import { PageInput } from "@/src/platform/http/pagination";
import { partialUpdate } from "@/src/platform/http/partial-update";
import { isCategoryId } from "@/src/modules/opportunities/categories";

const ProfileFields = z.object({
  headline: z.string().trim().max(140).nullable(),
  bio: z.string().trim().max(4000).nullable(),
  skills: z.array(z.string().max(60)).max(50),
  categories: z.array(z.string().refine(isCategoryId, { message: "Unknown category" })).max(16),
  location: z.string().trim().max(120).nullable(),
  remote: z.boolean(),
  languages: z.array(z.string().trim().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/i, "Use a language code such as en or uk")).max(20),
  notifyOnMatch: z.boolean(),
});

/** `PUT /me/profile`: the documented full body still works; a field left out keeps its value. */
export const UpdateProfileInput = partialUpdate(ProfileFields);

export const ListUsersInput = PageInput.extend({
  q: z.string().trim().max(200).optional(),
  role: z.enum(ROLES).optional(),
});

export const SetRoleInput = z.object({ userId: z.string().min(1).max(100), role: z.enum(ROLES) });
export const ApiKeyInput = z.object({ name: z.string().trim().min(1, "Required").max(60) });
