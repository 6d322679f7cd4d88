import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { LiveRefresh } from "@/components/live";
import { PipelineButtons } from "@/components/process-actions";
import { Badge, Button, EmptyState, Input, PageTitle, Select } from "@/components/ui";
import { RUN_STATUSES, RUN_TRIGGERS } from "@/src/modules/processes/states";
import { listPipelines, listRuns } from "@/src/modules/processes/service";
import { adminPageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { flattenParams, type RawSearchParams } from "@/src/platform/http/search-params";

const tone = (status: string) => (status === "succeeded" ? "green" : status === "running" ? "blue" : status === "skipped" ? "slate" : "red");

export default async function ProcessesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  requireModule("processes");
  const params = flattenParams(await searchParams);
  const ctx = await adminPageContext("/admin/processes");
  const t = await getTranslations("processes");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const [{ items: pipelines }, runs] = await Promise.all([
    listPipelines(ctx),
    listRuns(ctx, { ...params, since: /^\d{4}-\d{2}-\d{2}$/.test(params.since ?? "") ? `${params.since}T00:00:00Z` : params.since, limit: 30 }).catch(() => ({ items: [], nextCursor: null })),
  ]);
  return (
    <div className="space-y-8">
      <PageTitle title={t("title")} intro={t("intro")} />
      <LiveRefresh channel="admin" match={{ types: ["process.failed"] }} />
      <table className="w-full text-left text-sm" data-testid="pipelines">
        <thead className="border-b text-slate-500">
          <tr>
            <th className="py-2">{t("pipeline")}</th>
            <th>{t("schedule")}</th>
            <th>{t("nextRun")}</th>
            <th>{t("lastRun")}</th>
            <th>{t("successRate")}</th>
            <th>{t("avgDuration")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {pipelines.map((p) => (
            <tr key={p.name} className="border-b align-top" data-pipeline={p.name}>
              <td className="py-2">
                <div className="font-mono text-xs">{p.name}</div>
                <div className="text-xs text-slate-500">{p.description}</div>
                {p.paused && <Badge tone="amber">{t("paused")}</Badge>} {p.running && <Badge tone="blue">{t("running")}</Badge>}
              </td>
              <td className="font-mono text-xs">
                {p.schedule} <span className="text-slate-500">{p.timezone}</span>
              </td>
              <td className="text-xs">{p.nextRunAt ? format.dateTime(new Date(p.nextRunAt), { dateStyle: "short", timeStyle: "short" }) : "—"}</td>
              <td className="text-xs">{p.lastRun ? <Badge tone={tone(p.lastRun.status)}>{p.lastRun.status}</Badge> : "—"}</td>
              <td className="text-xs">{p.successRate7d === null ? "—" : `${Math.round(p.successRate7d * 100)}%`}</td>
              <td className="text-xs">{p.avgDurationMs7d === null ? "—" : `${p.avgDurationMs7d} ms`}</td>
              <td>
                <PipelineButtons name={p.name} paused={p.paused} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section>
        <h2 className="mb-3 text-xl font-semibold">{t("runs")}</h2>
        <form className="mb-3 flex flex-wrap gap-2">
          <Select name="pipeline" defaultValue={params.pipeline ?? ""} aria-label={t("pipeline")}>
            <option value="">{t("anyPipeline")}</option>
            {pipelines.map((p) => (
              <option key={p.name}>{p.name}</option>
            ))}
          </Select>
          <Select name="status" defaultValue={params.status ?? ""} aria-label={t("status")}>
            <option value="">{t("anyStatus")}</option>
            {RUN_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </Select>
          <Select name="trigger" defaultValue={params.trigger ?? ""} aria-label={t("trigger")}>
            <option value="">{t("anyTrigger")}</option>
            {RUN_TRIGGERS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </Select>
          <Input type="date" name="since" defaultValue={params.since?.slice(0, 10) ?? ""} aria-label={t("since")} className="w-40" />
          <Button type="submit" variant="secondary">
            {tc("filter")}
          </Button>
        </form>
        {runs.items.length === 0 ? (
          <EmptyState>{t("noRuns")}</EmptyState>
        ) : (
          <table className="w-full text-left text-sm" data-testid="runs">
            <thead className="border-b text-slate-500">
              <tr>
                <th className="py-2">{t("started")}</th>
                <th>{t("pipeline")}</th>
                <th>{t("trigger")}</th>
                <th>{t("status")}</th>
                <th>{t("duration")}</th>
              </tr>
            </thead>
            <tbody>
              {runs.items.map((r) => (
                <tr key={r.id} className="border-b">
                  <td className="py-1 text-xs">
                    <Link href={`/admin/processes/runs/${r.id}`}>{format.dateTime(new Date(r.startedAt), { dateStyle: "short", timeStyle: "medium" })}</Link>
                  </td>
                  <td className="font-mono text-xs">{r.pipeline}</td>
                  <td className="text-xs">{r.trigger}</td>
                  <td>
                    <Badge tone={tone(r.status)}>{r.status}</Badge> {r.attempt > 1 && <span className="text-xs">#{r.attempt}</span>}
                  </td>
                  <td className="text-xs">{r.durationMs === null ? "—" : `${r.durationMs} ms`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {runs.nextCursor && (
          <p className="mt-3">
            <Link href={`?${new URLSearchParams({ ...params, cursor: runs.nextCursor })}`}>{tc("next")} →</Link>
          </p>
        )}
      </section>
    </div>
  );
}
