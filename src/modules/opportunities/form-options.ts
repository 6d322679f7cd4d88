import { visibilitiesFor } from "@/src/platform/access/visibility";
import { hasRole, type Actor } from "@/src/platform/auth/roles";
import type { Ctx } from "@/src/platform/context";
import { listEntities } from "@/src/modules/entities/service";
import { categoryList } from "./labels";
import { CURRENCIES, OPPORTUNITY_TYPES, TYPE_MIN_ROLE } from "./types";

/** What the listing form offers this actor: types they may post, categories, their organisations, visibilities. */
export async function opportunityFormOptions(ctx: Ctx, locale: "en" | "uk") {
  const actor: Actor = ctx.actor;
  const mine = actor.kind === "user" ? await listEntities(ctx, { mine: true, limit: 100 }) : { items: [] };
  return {
    types: OPPORTUNITY_TYPES.map((id) => ({ id, allowed: hasRole(actor.role, TYPE_MIN_ROLE[id]) })),
    categories: categoryList().map((c) => ({ id: c.id, label: c.labels[locale] })),
    entities: mine.items.map((e) => ({ id: e.id, name: e.name })),
    visibilities: visibilitiesFor(actor),
    currencies: CURRENCIES,
  };
}
