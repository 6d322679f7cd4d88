const TEXT = {
  magic_link: {
    subject: "Your sign-in link / Ваше посилання для входу",
    intro: "Use this link to sign in. It works once and expires in 15 minutes.",
    introUk: "Скористайтеся цим посиланням, щоб увійти. Воно одноразове й діє 15 хвилин.",
  },
  password_reset: {
    subject: "Reset your password / Скидання пароля",
    intro: "Use this link to choose a new password. It expires in one hour.",
    introUk: "Перейдіть за посиланням, щоб задати новий пароль. Воно діє одну годину.",
  },
} as const;

/** Bilingual auth emails: we do not know the reader's language before they sign in. */
export function authEmail(kind: keyof typeof TEXT, url: string): { subject: string; text: string; html: string } {
  const t = TEXT[kind];
  const text = `${t.intro}\n${t.introUk}\n\n${url}\n\nIf you did not ask for this, ignore this email.\nЯкщо ви цього не запитували, проігноруйте цей лист.`;
  const safeUrl = url.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const html = `<p>${t.intro}</p><p>${t.introUk}</p><p><a href="${safeUrl}">${safeUrl}</a></p>`;
  return { subject: t.subject, text, html };
}
