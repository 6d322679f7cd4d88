import { z } from "zod";

type Field = z.core.$ZodType;

/** The field without the `.default()` / `.prefault()` that would fill in an absent value, looking through the wrappers that pass absence on. */
function withoutDefault(field: Field): Field {
  if (field instanceof z.core.$ZodDefault || field instanceof z.core.$ZodPrefault) {
    // A refinement chained after `.default()` lives on the default; it moves to the value it checks.
    const inner = withoutDefault(field._zod.def.innerType);
    const checks = field._zod.def.checks ?? [];
    return checks.length ? z.core.util.clone(inner, { ...inner._zod.def, checks: [...(inner._zod.def.checks ?? []), ...checks] }) : inner;
  }
  if (field instanceof z.core.$ZodOptional || field instanceof z.core.$ZodNullable || field instanceof z.core.$ZodReadonly || field instanceof z.core.$ZodCatch) {
    const def = field._zod.def;
    return z.core.util.clone(field, { ...def, innerType: withoutDefault(def.innerType) } as typeof def);
  }
  if (field instanceof z.core.$ZodPipe) return z.core.util.clone(field, { ...field._zod.def, in: withoutDefault(field._zod.def.in) });
  if (field instanceof z.core.$ZodUnion) return z.core.util.clone(field, { ...field._zod.def, options: field._zod.def.options.map(withoutDefault) });
  return field;
}

/**
 * The update form of an object schema: every field optional and none defaulted, so a PATCH or PUT
 * changes exactly the fields it sends. zod's own `.partial()` keeps `.default()`, and a one-field
 * edit of a confidential organisation made it public (issue 19). Each field keeps its checks,
 * transforms and refinements; a nested object is one field, validated and replaced whole. An
 * object-level refinement throws here, as with `.partial()`: it cannot judge half an object.
 */
export function partialUpdate<Shape extends z.ZodRawShape, Config extends z.core.$ZodObjectConfig>(schema: z.ZodObject<Shape, Config>) {
  const updates = schema.partial();
  const shape: Record<string, Field> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const bare = withoutDefault(field);
    if (bare._zod.optin === "defaulted") throw new Error(`partialUpdate: the default of "${key}" cannot be removed`);
    shape[key] = z.optional(bare);
  }
  return updates.extend(shape) as unknown as typeof updates;
}
