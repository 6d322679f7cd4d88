import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { Button, EmptyState, Input, PageTitle } from "@/components/ui";
import { listAudit } from "@/src/modules/audit/service";
import { adminPageContext, orNotFound } from "@/src/platform/auth/page-actor";

type Search = Promise<Record<string, string | undefined>>;

export default async function AdminAuditPage({ searchParams }: { searchParams: Search }) {
  const ctx = await adminPageContext("/admin/audit");
  const params = await searchParams;
  const t = await getTranslations("admin");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const { items, nextCursor } = await orNotFound(listAudit(ctx, { action: params.action || undefined, cursor: params.cursor, limit: 50 }));
  return (
    <div>
      <PageTitle title={t("audit")} intro={t("auditIntro")} />
      <form className="mb-4 flex gap-2" role="search">
        <Input name="action" defaultValue={params.action ?? ""} placeholder="user.role_changed" aria-label={t("action")} className="max-w-xs" />
        <Button type="submit" variant="secondary">
          {tc("filter")}
        </Button>
      </form>
      {items.length === 0 ? (
        <EmptyState>{tc("empty")}</EmptyState>
      ) : (
        <table className="w-full text-left text-sm" data-testid="audit-table">
          <thead className="border-b text-slate-500">
            <tr>
              <th className="py-2">{t("when")}</th>
              <th>{t("actor")}</th>
              <th>{t("action")}</th>
              <th>{t("target")}</th>
              <th>{t("details")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((row) => (
              <tr key={row.id} className="border-b align-top last:border-0">
                <td className="py-2 whitespace-nowrap">{format.dateTime(row.createdAt, { dateStyle: "short", timeStyle: "medium" })}</td>
                <td>{row.actorEmail ?? "system"}</td>
                <td className="font-mono text-xs">{row.action}</td>
                <td className="font-mono text-xs">
                  {row.targetType}
                  {row.targetId ? `:${row.targetId.slice(0, 12)}` : ""}
                </td>
                <td className="font-mono text-xs break-all">{JSON.stringify(row.data)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor && (
        <p className="mt-4">
          <Link href={`?${new URLSearchParams({ ...(params.action ? { action: params.action } : {}), cursor: nextCursor })}`}>{tc("next")} →</Link>
        </p>
      )}
    </div>
  );
}
