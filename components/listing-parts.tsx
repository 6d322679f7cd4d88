import { categoryLabel } from "@/src/modules/opportunities/labels";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import type { EntityDto } from "@/src/modules/entities/service";
import type { OpportunityDto } from "@/src/modules/opportunities/service";
import { Badge } from "./ui";

export async function OpportunityCard({ item }: { item: OpportunityDto }) {
  const t = await getTranslations("opportunities");
  const tt = await getTranslations("opportunityTypes");
  const locale = (await getLocale()) as "en" | "uk";
  const format = await getFormatter();
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="opportunity-card" data-id={item.id}>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <Badge tone="blue">{tt(`${item.type}.label` as "request.label")}</Badge>
        <Badge>{categoryLabel(item.category, locale)}</Badge>
        {item.visibility !== "public" && <Badge tone="amber">{t(`visibility_${item.visibility}` as "visibility_member")}</Badge>}
        {item.status !== "active" && <Badge tone="slate">{t(`status_${item.status}` as "status_draft")}</Badge>}
      </div>
      <h3 className="mt-2 text-lg font-semibold">
        <Link href={`/opportunities/${item.id}`}>{item.title}</Link>
      </h3>
      <p className="mt-1 line-clamp-2 text-sm text-slate-600">{item.description}</p>
      <div className="mt-2 flex flex-wrap gap-3 text-xs text-slate-500">
        {item.entity && (
          <span>
            {item.entity.name} {item.entity.verified && <Badge tone="green">✓ {t("verified")}</Badge>}
          </span>
        )}
        {item.location && <span>{item.location}</span>}
        {item.remote && <span>{t("remote")}</span>}
        {item.budget && <span>{formatBudget(format, item.budget)}</span>}
        {item.publishedAt && <span>{t("published", { date: format.dateTime(new Date(item.publishedAt), { dateStyle: "medium" }) })}</span>}
        {item.expiresAt && <span>{t("deadline", { date: format.dateTime(new Date(item.expiresAt), { dateStyle: "medium" }) })}</span>}
      </div>
      {item.skills.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-1">
          {item.skills.map((s) => (
            <li key={s} className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
              {s}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export async function EntityCard({ item }: { item: EntityDto }) {
  const t = await getTranslations("entities");
  const te = await getTranslations("entityTypes");
  const to = await getTranslations("opportunities");
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="entity-card" data-id={item.id}>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <Badge>{te.has(item.type) ? te(item.type) : item.type}</Badge>
        {item.verified && <Badge tone="green">✓ {t("verified")}</Badge>}
        {item.visibility !== "public" && <Badge tone="amber">{to(`visibility_${item.visibility}` as "visibility_member")}</Badge>}
      </div>
      <h3 className="mt-2 flex items-center gap-2 text-lg font-semibold">
        {item.logoUrl && <img src={item.logoUrl} alt="" width={28} height={28} className="h-7 w-7 rounded object-cover" />}
        <Link href={`/entities/${item.id}`}>{item.name}</Link>
      </h3>
      <p className="mt-1 line-clamp-2 text-sm text-slate-600">{item.shortDescription || item.description}</p>
      {item.location && <p className="mt-1 text-xs text-slate-500">{item.location}</p>}
    </li>
  );
}

type Formatter = Awaited<ReturnType<typeof getFormatter>>;

/** "$1,000 – $2,500", "€800", in the reader's locale. */
export function formatBudget(format: Formatter, budget: NonNullable<OpportunityDto["budget"]>): string {
  return [budget.min, budget.max]
    .filter((v): v is number => v != null)
    .map((v) => format.number(v, { style: "currency", currency: budget.currency, maximumFractionDigits: 0 }))
    .join(" – ");
}

/** Keeps the current query string, replacing or dropping keys. */
export function withParams(params: Record<string, string | undefined>, changes: Record<string, string | undefined>): string {
  const merged = { ...params, ...changes };
  const clean = Object.entries(merged).filter(([, v]) => v !== undefined && v !== "") as [string, string][];
  return clean.length ? `?${new URLSearchParams(clean)}` : "?";
}
