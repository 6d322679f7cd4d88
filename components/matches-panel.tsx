import { getTranslations } from "next-intl/server";
import type { opportunityMatchesView } from "@/src/modules/matcher/service";
import { RerunMatcherButton } from "./opportunity-actions";
import { Badge, Card } from "./ui";

type View = Awaited<ReturnType<typeof opportunityMatchesView>>;

/** The author sees counts and a histogram; an admin sees every match with its breakdown. */
export async function MatchesPanel({ id, view, admin }: { id: string; view: View; admin: boolean }) {
  const t = await getTranslations("matcher");
  const max = Math.max(1, ...view.scoreHistogram);
  return (
    <Card>
      <h2 className="mb-2 font-semibold">{t("title")}</h2>
      <p className="text-sm" data-testid="match-summary">
        {t("summary", { total: view.total, notified: view.notified })}
      </p>
      {view.lastRun ? (
        <p className="mt-1 text-xs text-slate-500">
          {t("provider", { provider: view.lastRun.provider })}
          {view.lastRun.llmStatus && (
            <>
              {" · "}
              <span data-testid="llm-status">
                {view.lastRun.llmStatus === "done"
                  ? t("llm_done", { model: view.lastRun.llmModel ?? "", ms: view.lastRun.llmMs ?? 0 })
                  : view.lastRun.llmStatus === "failed"
                    ? t("llm_failed")
                    : t("llm_pending")}
              </span>
            </>
          )}
          {view.lastRun.autoApproval && (
            <>
              {" · "}
              <span data-testid="auto-approval-reason">{t(`reason_${view.lastRun.autoApproval}` as "reason_approved")}</span>
            </>
          )}
        </p>
      ) : (
        <p className="mt-1 text-xs text-slate-500">{t("noRun")}</p>
      )}
      <div className="mt-3" aria-label={t("histogram")}>
        <div className="flex h-16 items-end gap-1">
          {view.scoreHistogram.map((n, i) => (
            <div key={i} title={`${i * 10}–${i * 10 + 9}: ${n}`} className="flex-1 rounded-t bg-primary/70" style={{ height: `${(n / max) * 100}%` }} />
          ))}
        </div>
        <div className="flex justify-between text-[10px] text-slate-500">
          <span>0</span>
          <span>50</span>
          <span>100</span>
        </div>
      </div>
      {admin && "items" in view && (
        <>
          <div className="mt-3">
            <RerunMatcherButton id={id} />
          </div>
          <table className="mt-3 w-full text-left text-xs" data-testid="match-table">
            <thead className="text-slate-500">
              <tr>
                <th>{t("member")}</th>
                <th>{t("score")}</th>
                <th>{t("why")}</th>
              </tr>
            </thead>
            <tbody>
              {view.items.slice(0, 50).map((m) => (
                <tr key={m.userId} className="border-t align-top">
                  <td className="py-1">
                    {m.name} {m.notifiedAt && <Badge tone="green">{t("notified")}</Badge>}
                  </td>
                  <td className="py-1 font-mono" title={JSON.stringify(m.breakdown)}>
                    {m.score}
                  </td>
                  <td className="py-1">
                    {m.explanation}
                    {m.llmReason && (
                      <div className="text-slate-500" data-testid="llm-reason">
                        {t("aiSays", { score: m.llmScore ?? 0, confidence: Math.round((m.llmConfidence ?? 0) * 100), reason: m.llmReason })}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}
