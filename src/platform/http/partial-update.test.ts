import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { partialUpdate } from "./partial-update";

const Budget = z
  .object({ min: z.number().int().optional(), max: z.number().int().optional(), currency: z.enum(["USD", "UAH"]).default("USD") })
  .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, { message: "Minimum is above maximum", path: ["min"] });

const Fields = z.object({
  name: z.string().trim().min(2),
  visibility: z.enum(["public", "member", "confidential"]).default("public"),
  tags: z.array(z.string()).default([]),
  note: z.string().default("").optional(),
  rank: z.number().int().default(0).nullable(),
  shout: z.string().default("quiet").transform((s) => s.toUpperCase()),
  count: z.number().prefault(1),
  code: z.union([z.literal("a"), z.literal("b").default("b")]),
  location: z.string().trim().optional().nullable().transform((v) => v || null),
  category: z.string().refine((c) => c !== "nope", { message: "Unknown category" }),
  skills: z
    .array(z.string())
    .default([])
    .refine((a) => new Set(a).size === a.length, { message: "Each skill once" }),
  budget: Budget.optional().nullable(),
});
const Update = partialUpdate(Fields);

describe("partialUpdate: the update form of a schema", () => {
  it("an empty body is an empty update: no default, prefault or transform fills in an absent field", () => {
    expect(Fields.partial().parse({})).toMatchObject({ visibility: "public", tags: [], skills: [] });
    expect(Update.parse({})).toEqual({});
  });

  it("a sent field is still validated, transformed and refined as in the full schema", () => {
    expect(Update.parse({ name: "  Kyiv Labs ", shout: "hi", location: "", rank: null })).toEqual({ name: "Kyiv Labs", shout: "HI", location: null, rank: null });
    expect(Update.safeParse({ name: "x" }).success).toBe(false);
    expect(Update.safeParse({ visibility: "secret" }).success).toBe(false);
    expect(Update.safeParse({ category: "nope" }).error?.issues[0].message).toBe("Unknown category");
    expect(Update.safeParse({ skills: ["Go", "Go"] }).error?.issues[0].message).toBe("Each skill once");
  });

  it("a nested object is one field: absent stays absent; sent, it is validated whole with its own defaults and refinement", () => {
    expect(Update.parse({ budget: { min: 5 } })).toEqual({ budget: { min: 5, currency: "USD" } });
    expect(Update.parse({ budget: null })).toEqual({ budget: null });
    expect(Update.safeParse({ budget: { min: 9, max: 1 } }).error?.issues[0]).toMatchObject({ path: ["budget", "min"], message: "Minimum is above maximum" });
  });

  it("refuses an object-level refinement, which cannot judge half an object", () => {
    expect(() => partialUpdate(z.object({ a: z.number(), b: z.number() }).refine((o) => o.a < o.b))).toThrow(/refinements/);
  });

  it("property: any subset of fields parses to exactly that subset", () => {
    const values = { name: "Ring", visibility: "member", tags: ["x"], note: "n", rank: 3, count: 2, code: "a", location: "Lviv", category: "tech", skills: ["Go"], budget: { min: 1, max: 2, currency: "UAH" } } as const;
    fc.assert(
      fc.property(fc.subarray(Object.keys(values) as (keyof typeof values)[]), (keys) => {
        const sent = Object.fromEntries(keys.map((k) => [k, values[k]]));
        expect(Update.parse(sent)).toEqual(sent);
      }),
    );
  });
});
