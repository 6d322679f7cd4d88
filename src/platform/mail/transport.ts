import nodemailer, { type Transporter } from "nodemailer";
import type { Env } from "../config/env";

/** The SMTP transport from SMTP_URL or SMTP_HOST/PORT/USER/PASS; null when mail is not configured. */
export function createTransport(e: Env): Transporter | null {
  if (e.SMTP_URL) return nodemailer.createTransport(e.SMTP_URL);
  if (!e.SMTP_HOST) return null;
  return nodemailer.createTransport({
    host: e.SMTP_HOST,
    port: e.SMTP_PORT ?? 587,
    secure: e.SMTP_SECURE ?? e.SMTP_PORT === 465,
    auth: e.SMTP_USER ? { user: e.SMTP_USER, pass: e.SMTP_PASS ?? "" } : undefined,
  });
}

export function smtpConfigured(e: Env): boolean {
  return Boolean(e.SMTP_URL || e.SMTP_HOST);
}
