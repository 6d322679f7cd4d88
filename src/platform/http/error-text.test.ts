import { describe, expect, it } from "vitest";
import { z } from "zod";
import { issueMessage } from "./error-text";
import { toErrorResponse } from "./errors";

describe("error messages in the reader's language", () => {
  const schema = z.object({ title: z.string().min(3, "At least 3 characters"), count: z.number().int() });
  const error = schema.safeParse({ title: "x", count: "many" }).error!;

  it("translates Ringlet's own messages and zod's generic ones into Ukrainian", () => {
    const [title, count] = error.issues;
    expect(issueMessage(title, "uk")).toBe("Щонайменше 3 символи");
    expect(issueMessage(count, "uk")).toMatch(/^Неправильні вхідні дані: очікується число$/);
    expect(issueMessage(title, "en")).toBe("At least 3 characters");
  });

  it("the 400 body carries translated fields and message", () => {
    const { status, body } = toErrorResponse(error, "uk");
    expect(status).toBe(400);
    expect(body.error.message).toBe("Деякі поля заповнено неправильно");
    expect(body.error.fields?.title).toBe("Щонайменше 3 символи");
  });
});
