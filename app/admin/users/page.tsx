import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { EmailVerifiedCell, RoleSelect, UnsuspendButton } from "@/components/admin-forms";
import { Button, EmptyState, Input, PageTitle, Select } from "@/components/ui";
import { listUsers } from "@/src/modules/members/service";
import { ROLES } from "@/src/platform/auth/roles";
import { adminPageContext, orNotFound } from "@/src/platform/auth/page-actor";

type Search = Promise<Record<string, string | undefined>>;

export default async function AdminUsersPage({ searchParams }: { searchParams: Search }) {
  const ctx = await adminPageContext("/admin/users");
  const params = await searchParams;
  const t = await getTranslations("admin");
  const tr = await getTranslations("roles");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const role = ROLES.find((r) => r === params.role);
  const { items, nextCursor } = await orNotFound(listUsers(ctx, { q: params.q || undefined, role, cursor: params.cursor, limit: 25 }));
  const nextHref = nextCursor ? `?${new URLSearchParams({ ...(params.q ? { q: params.q } : {}), ...(role ? { role } : {}), cursor: nextCursor })}` : null;
  return (
    <div>
      <PageTitle title={t("users")} intro={t("usersIntro")} />
      <form className="mb-4 flex flex-wrap gap-2" role="search">
        <Input name="q" defaultValue={params.q ?? ""} placeholder={t("searchUsers")} aria-label={t("searchUsers")} className="max-w-xs" />
        <Select name="role" defaultValue={role ?? ""} aria-label={t("role")}>
          <option value="">{t("anyRole")}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {tr(r)}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="secondary">
          {tc("search")}
        </Button>
      </form>
      {items.length === 0 ? (
        <EmptyState>{tc("empty")}</EmptyState>
      ) : (
        <table className="w-full text-left text-sm" data-testid="users-table">
          <thead className="border-b text-slate-500">
            <tr>
              <th className="py-2">{t("name")}</th>
              <th>{t("email")}</th>
              <th>{t("joined")}</th>
              <th>{t("emailStatus")}</th>
              <th>{t("role")}</th>
              <th>{t("status")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((u) => (
              <tr key={u.id} className="border-b last:border-0" data-email={u.email}>
                <td className="py-2">{u.name}</td>
                <td>{u.email}</td>
                <td>{format.dateTime(u.createdAt, { dateStyle: "medium" })}</td>
                <td>
                  <EmailVerifiedCell userId={u.id} verified={u.emailVerified} label={`${t("markVerified")}: ${u.email}`} />
                </td>
                <td>
                  <RoleSelect userId={u.id} role={u.role} label={`${t("changeRole")}: ${u.email}`} />
                </td>
                <td>
                  {u.suspendedAt && (
                    <span className="inline-flex flex-wrap items-center gap-2">
                      {t("suspendedSince", { date: format.dateTime(u.suspendedAt, { dateStyle: "medium" }) })}
                      <UnsuspendButton userId={u.id} label={`${t("unsuspend")}: ${u.email}`} />
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextHref && (
        <p className="mt-4">
          <Link href={nextHref}>{tc("next")} →</Link>
        </p>
      )}
    </div>
  );
}
