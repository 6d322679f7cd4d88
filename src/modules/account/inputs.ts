import { z } from "zod";

/** Ids of keys and sessions are UUIDs (Better Auth's generateId); anything else cannot exist. */
export const isUuid = (id: string) => z.uuid().safeParse(id).success;

export const ChangePasswordInput = z
  .object({
    currentPassword: z.string().min(1, "Required").max(128),
    newPassword: z.string().min(8, "At least 8 characters").max(128),
    /** End every other sign-in too; the caller gets a new session (cookie and token). */
    revokeOtherSessions: z.boolean().optional(),
  })
  .refine((v) => v.newPassword !== v.currentPassword, { message: "Choose a password different from the current one", path: ["newPassword"] });

export const DeleteAccountInput = z.object({ password: z.string().min(1, "Required").max(128) });
