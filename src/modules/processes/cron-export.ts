import type { Pipeline } from "./registry";

export const CRON_FORMATS = ["k8s", "vercel", "crontab"] as const;
export type CronFormat = (typeof CRON_FORMATS)[number];

/** The pipeline registry as an external scheduler's configuration (each calls /api/cron/:pipeline). */
export function exportCron(pipelines: readonly Pipeline[], format: CronFormat, baseUrl = "https://ring.example.org"): string {
  if (format === "vercel") return JSON.stringify({ crons: pipelines.map((p) => ({ path: `/api/cron/${p.name}`, schedule: p.schedule })) }, null, 2);
  if (format === "crontab")
    return pipelines.map((p) => `${p.schedule} curl -fsS -H "Authorization: Bearer $CRON_SECRET" ${baseUrl}/api/cron/${p.name}  # ${p.description}`).join("\n");
  return pipelines
    .map((p) =>
      [
        "apiVersion: batch/v1",
        "kind: CronJob",
        "metadata:",
        `  name: ringlet-${p.name}`,
        "spec:",
        `  schedule: "${p.schedule}"`,
        `  timeZone: "${p.timezone}"`,
        "  concurrencyPolicy: Forbid",
        "  jobTemplate:",
        "    spec:",
        "      backoffLimit: 0",
        "      template:",
        "        spec:",
        "          restartPolicy: Never",
        "          containers:",
        "            - name: trigger",
        "              image: curlimages/curl:8.11.1",
        "              env:",
        "                - name: CRON_SECRET",
        "                  valueFrom: { secretKeyRef: { name: ringlet-secrets, key: CRON_SECRET } }",
        `              args: ["-fsS", "-H", "Authorization: Bearer $(CRON_SECRET)", "${baseUrl}/api/cron/${p.name}"]`,
      ].join("\n"),
    )
    .join("\n---\n");
}
