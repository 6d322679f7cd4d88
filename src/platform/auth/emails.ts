import { LOGIN_LINK_PLACEHOLDER } from "../mail/outbox";

/** Auth mails that carry a login link: the link is sealed in the outbox (src/platform/mail/seal.ts). */
export const LOGIN_LINK_KINDS = ["magic_link", "password_reset", "email_verification"] as const;
export type LoginLinkKind = (typeof LOGIN_LINK_KINDS)[number];
/** Every auth mail, purged after AUTH_MAIL_RETENTION_HOURS once sent. */
export const AUTH_MAIL_KINDS = [...LOGIN_LINK_KINDS, "sign_up_attempt"] as const;

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
  email_verification: {
    subject: "Confirm your email address / Підтвердьте адресу електронної пошти",
    intro: "Open this link to confirm your address and finish creating your account. It expires in 24 hours.",
    introUk: "Відкрийте це посилання, щоб підтвердити адресу й завершити створення облікового запису. Воно діє 24 години.",
  },
} as const satisfies Record<LoginLinkKind, unknown>;

const IGNORE = "If you did not ask for this, ignore this email.\nЯкщо ви цього не запитували, проігноруйте цей лист.";

/**
 * Bilingual auth emails (we do not know the reader's language before they sign in). The link is
 * LOGIN_LINK_PLACEHOLDER: the outbox stores this text and the sender puts the sealed link in its place.
 */
export function authEmail(kind: LoginLinkKind): { subject: string; text: string; html: string } {
  const t = TEXT[kind];
  const text = `${t.intro}\n${t.introUk}\n\n${LOGIN_LINK_PLACEHOLDER}\n\n${IGNORE}`;
  const html = `<p>${t.intro}</p><p>${t.introUk}</p><p><a href="${LOGIN_LINK_PLACEHOLDER}">${LOGIN_LINK_PLACEHOLDER}</a></p>`;
  return { subject: t.subject, text, html };
}

/** Told to the owner of an address when someone signs up with it: the sign-up answer itself says nothing. */
export function signUpAttemptEmail(appUrl: string): { subject: string; text: string } {
  return {
    subject: "Someone tried to sign up with your address / Хтось намагався зареєструватися з вашою адресою",
    text: [
      "Someone tried to create an account with this email address, but you already have one.",
      `Sign in at ${appUrl}/sign-in, or choose a new password at ${appUrl}/forgot-password.`,
      "Хтось намагався створити обліковий запис із цією адресою, але він у вас уже є.",
      `Увійдіть на ${appUrl}/sign-in або задайте новий пароль на ${appUrl}/forgot-password.`,
      "",
      "If this was not you, you can ignore this email: nothing has changed.",
      "Якщо це були не ви, проігноруйте цей лист: нічого не змінилося.",
    ].join("\n"),
  };
}
