import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { isEditor } from "@/src/modules/newsroom/service";
import { unreadCount } from "@/src/modules/notifications/service";
import { pageContext } from "@/src/platform/auth/page-actor";
import type { Ctx } from "@/src/platform/context";
import { hasRole } from "@/src/platform/auth/roles";
import { isModuleEnabled, ringConfig, type ModuleName } from "@/src/platform/config/ring-config";
import { LanguageSwitcher } from "./language-switcher";
import { LiveBell } from "./live";
import { SignOutButton } from "./sign-out-button";

async function NotificationBell({ ctx, userId }: { ctx: Ctx; userId: string }) {
  return <LiveBell userId={userId} initialCount={await unreadCount(ctx.db, ctx.actor)} />;
}

/** Module pages in the main menu; each appears only while its module is enabled. */
const MENU: { module: ModuleName; href: string; label: "opportunities" | "entities" | "membership" | "store" | "news" }[] = [
  { module: "opportunities", href: "/opportunities", label: "opportunities" },
  { module: "entities", href: "/entities", label: "entities" },
  { module: "store", href: "/store", label: "store" },
  { module: "newsroom", href: "/news", label: "news" },
  { module: "payments", href: "/membership", label: "membership" },
];

/** The ring's name, logo and menu; disabled modules have no entry. */
export async function Header() {
  const config = ringConfig();
  const ctx = await pageContext();
  const actor = ctx.actor;
  const t = await getTranslations("nav");
  const tMedia = await getTranslations("media");
  const tNewsroom = await getTranslations("newsroom");
  const links = MENU.filter((m) => isModuleEnabled(m.module)).map((m) => ({ href: m.href, label: t(m.label) }));
  return (
    <header className="border-b border-slate-200 bg-white">
      <a href="#main" className="sr-only focus:not-sr-only">
        {t("skipToContent")}
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
        <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900 no-underline hover:no-underline" data-testid="ring-name">
          {config.logo && <img src={config.logo} alt="" width={28} height={28} />}
          <span>{config.name}</span>
        </Link>
        <nav aria-label="Main" className="flex flex-1 flex-wrap items-center gap-4 text-sm">
          {links.map((l) => (
            <Link key={l.href} href={l.href} className="text-slate-700">
              {l.label}
            </Link>
          ))}
        </nav>
        <div className="flex items-center gap-4">
          <LanguageSwitcher locales={config.locales} />
          {actor.kind === "user" ? (
            <>
              {hasRole(actor.role, "confidential") && (
                <Link href="/confidential" className="text-sm">
                  {t("confidential")}
                </Link>
              )}
              {isModuleEnabled("generative") && hasRole(actor.role, "member") && (
                <Link href="/media" className="text-sm">
                  {tMedia("nav")}
                </Link>
              )}
              {isModuleEnabled("newsroom") && actor.role !== "admin" && (await isEditor(ctx.db, actor)) && (
                <Link href="/newsroom" className="text-sm">
                  {tNewsroom("nav")}
                </Link>
              )}
              {actor.role === "admin" && (
                <Link href="/admin" className="text-sm">
                  {t("admin")}
                </Link>
              )}
              {isModuleEnabled("notifications") && <NotificationBell ctx={ctx} userId={actor.userId} />}
              <Link href="/account" className="text-sm" data-testid="account-link">
                {t("account")}
              </Link>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/sign-in" className="text-sm">
                {t("signIn")}
              </Link>
              <Link href="/sign-up" className="rounded-md bg-primary px-3 py-1.5 text-sm text-white no-underline hover:no-underline">
                {t("signUp")}
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
