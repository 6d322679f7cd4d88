import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChangePasswordInput, DeleteAccountInput, isUuid } from "./inputs";

describe("account inputs", () => {
  it("a new password is accepted exactly when it has 8 to 128 characters and differs from the current one", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ maxLength: 140 }), (currentPassword, newPassword) => {
        const ok = ChangePasswordInput.safeParse({ currentPassword, newPassword }).success;
        return ok === (newPassword.length >= 8 && newPassword.length <= 128 && newPassword !== currentPassword);
      }),
    );
    expect(ChangePasswordInput.safeParse({ currentPassword: "same-password", newPassword: "same-password" }).error?.issues[0]).toMatchObject({ path: ["newPassword"] });
  });

  it("any JSON that is not a password object is refused, never thrown past zod", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const parsed = DeleteAccountInput.safeParse(body);
        const valid = typeof body === "object" && body !== null && !Array.isArray(body) && typeof (body as { password?: unknown }).password === "string";
        const password = valid ? (body as { password: string }).password : "";
        return parsed.success === (valid && password.length >= 1 && password.length <= 128);
      }),
    );
  });

  it("only UUIDs can name a key or a session", () => {
    expect(isUuid(crypto.randomUUID())).toBe(true);
    fc.assert(fc.property(fc.uuid(), (id) => isUuid(id)));
    fc.assert(fc.property(fc.string({ maxLength: 300 }).filter((s) => !/^[0-9a-f-]{36}$/i.test(s)), (id) => !isUuid(id)));
    for (const hostile of ["not-a-uuid", "\u0000", "' or 1=1 --", "x".repeat(300)]) expect(isUuid(hostile)).toBe(false);
  });
});
