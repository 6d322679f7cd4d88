import { DomainError } from "@/src/platform/http/errors";

export const VERIFICATION_STATUSES = ["draft", "submitted", "under_review", "approved", "rejected", "changes_requested", "revoked"] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** Procedures a new request would duplicate: one open procedure per organisation. */
export const OPEN_STATUSES: readonly VerificationStatus[] = ["draft", "submitted", "under_review", "changes_requested"];

/** Who moves a procedure; `system` is the ring itself (an owner's rename ends the badge). */
export type VerificationMover = "owner" | "admin" | "system";

/** The lifecycle as data: from -> to -> who. Anything else is a 409. */
export const VERIFICATION_TRANSITIONS: Record<VerificationStatus, Partial<Record<VerificationStatus, readonly VerificationMover[]>>> = {
  draft: { submitted: ["owner"] },
  submitted: { under_review: ["admin"] },
  under_review: { approved: ["admin"], rejected: ["admin"], changes_requested: ["admin"] },
  changes_requested: { submitted: ["owner"] },
  approved: { revoked: ["admin", "system"] },
  rejected: {},
  revoked: {},
};

export function assertVerificationMove(from: VerificationStatus, to: VerificationStatus, who: VerificationMover): void {
  if (!VERIFICATION_TRANSITIONS[from][to]?.includes(who)) throw new DomainError("conflict", `A verification cannot go from ${from} to ${to}`);
}

export const DOCUMENT_KINDS = ["registration_certificate", "proof_of_address", "representative_id", "tax_certificate", "licence", "other"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** What an organisation must provide when ring-config names nothing for its type (or `default`). */
export const DEFAULT_REQUIREMENTS: readonly DocumentKind[] = ["registration_certificate", "representative_id"];

export type ItemStatus = "missing" | "submitted" | "accepted" | "rejected";
export interface VerificationItem {
  kind: DocumentKind;
  status: ItemStatus;
  fileId: string | null;
  reason: string | null;
}

/** `VRF-2026-000042`: the year and a per-year sequence. */
export const procedureNumber = (year: number, seq: number) => `VRF-${year}-${String(seq).padStart(6, "0")}`;
