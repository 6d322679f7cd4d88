import type { FirstStartCredentials } from "./seed";

/**
 * What the first start prints. A production server whose output is not a terminal writes to a log
 * collector: the password stays in the credentials file and the notice only says where it is.
 */
export function credentialsNotice(c: FirstStartCredentials, where: { production: boolean; tty: boolean }): string {
  const line = "=".repeat(64);
  const showSecrets = !where.production || where.tty;
  const out = [line, " Ringlet is set up. Sign in as the admin:", `   email:    ${c.email}`];
  if (showSecrets) {
    out.push(`   password: ${c.password}`);
    if (c.demoPassword) out.push(` Demo members share the password: ${c.demoPassword}`);
    out.push(` (also saved to ${c.file}, readable only by you)`);
  } else out.push(` The password is in ${c.file} (readable only by you); it is not written to logs.`);
  out.push(line);
  return out.join("\n") + "\n";
}
