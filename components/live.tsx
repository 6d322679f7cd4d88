"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useTunnel, useTunnelStatus, type TunnelFrame } from "./tunnel";

/** The header bell: the server renders the count, the member's channel keeps it current. */
export function LiveBell({ userId, initialCount }: { userId: string; initialCount: number }) {
  const t = useTranslations("notifications");
  // A live count applies to the server count it followed; a fresh server render starts over.
  const [live, setLive] = useState<{ count: number; after: number } | null>(null);
  const count = live && live.after === initialCount ? live.count : initialCount;
  useTunnel(`user:${userId}`, (frame) => {
    const unread = frame.data.unreadCount;
    if (typeof unread === "number") setLive({ count: unread, after: initialCount });
  });
  return (
    <Link href="/notifications" aria-label={t("bell", { count })} className="relative text-sm no-underline" data-testid="notification-bell">
      <span aria-hidden="true">🔔</span>
      {count > 0 && (
        <span className="absolute -right-3 -top-2 rounded-full bg-red-600 px-1.5 text-xs text-white" data-testid="unread-count">
          {count}
        </span>
      )}
    </Link>
  );
}

/** "3 new listings — show" on the browse page: counts listings that went live since the page was rendered. */
export function NewListingsBanner({ shownIds }: { shownIds: string[] }) {
  const t = useTranslations("live");
  const router = useRouter();
  const page = shownIds.join(",");
  // New ids counted against the page they were seen on; a refreshed page starts from zero.
  const [seen, setSeen] = useState<{ page: string; ids: string[] }>({ page, ids: [] });
  const fresh = seen.page === page ? seen.ids : [];
  useTunnel("discovery:opportunities", (frame) => {
    const id = String(frame.data.id ?? "");
    if (frame.data.status !== "active" || !id || shownIds.includes(id)) return;
    if (frame.type !== "opportunity.created" && frame.type !== "opportunity.status_changed") return;
    setSeen((s) => {
      const ids = s.page === page ? s.ids : [];
      return { page, ids: ids.includes(id) ? ids : [...ids, id] };
    });
  });
  if (fresh.length === 0) return null;
  return (
    <div role="status" className="mb-4 flex items-center justify-between rounded-md border border-sky-200 bg-sky-50 px-4 py-2 text-sm" data-testid="new-listings">
      <span>{t("newListings", { count: fresh.length })}</span>
      <button type="button" className="font-medium text-sky-800 underline" onClick={() => router.refresh()}>
        {t("show")}
      </button>
    </div>
  );
}

/** Re-renders the page when a matching frame arrives (a listing's status, an admin queue), at most every 500 ms. */
export function LiveRefresh({ channel, match }: { channel: string; match?: { id?: string; types?: string[] } }) {
  const router = useRouter();
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(pending.current), []);
  useTunnel(channel, (frame: TunnelFrame) => {
    if (frame.id === null && frame.type !== "reset") return;
    if (match?.id && frame.data.id !== match.id && frame.data.opportunityId !== match.id) return;
    if (match?.types && !match.types.includes(frame.type)) return;
    clearTimeout(pending.current);
    pending.current = setTimeout(() => router.refresh(), 500);
  });
  return null;
}

/** A small dot telling whether live updates are flowing. */
export function LiveIndicator() {
  const t = useTranslations("live");
  const status = useTunnelStatus();
  if (!status) return null;
  const colour = status === "open" ? "bg-emerald-500" : status === "connecting" ? "bg-amber-400" : "bg-slate-400";
  return (
    <span className="inline-flex items-center gap-1 text-xs text-slate-500" data-testid="live-status" data-status={status}>
      <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-full ${colour}`} />
      {t(status)}
    </span>
  );
}
