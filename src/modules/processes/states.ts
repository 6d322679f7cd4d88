/** How a pipeline run can end up, and what started it (the run ledger's CHECKs and the admin filters read these). */
export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "timed_out", "skipped", "abandoned"] as const;
export const RUN_TRIGGERS = ["schedule", "cron_route", "manual", "cli"] as const;
