import { z, type ZodError } from "zod";
import type { Locale } from "../config/ring-config";

/** Ukrainian for Ringlet's own error texts; zod's built-in Ukrainian locale covers the generic ones. */
const UK: Record<string, string> = {
  "Some fields are invalid": "Деякі поля заповнено неправильно",
  Required: "Обов'язкове поле",
  "At least 2 characters": "Щонайменше 2 символи",
  "At least 3 characters": "Щонайменше 3 символи",
  "At least 8 characters": "Щонайменше 8 символів",
  "At least 10 characters": "Щонайменше 10 символів",
  "Unknown category": "Невідома категорія",
  "Use a full http(s):// address": "Вкажіть повну адресу http(s)://",
  "Minimum is above maximum": "Мінімум більший за максимум",
  "Use a language code such as en or uk": "Вкажіть код мови, наприклад en або uk",
  "Must be in the future": "Має бути в майбутньому",
  "The deadline must be in the future": "Дедлайн має бути в майбутньому",
  "Already registered": "Вже зареєстровано",
  "The password is not correct": "Пароль неправильний",
  "Incorrect password": "Неправильний пароль",
  "No password set": "Пароль не задано",
  "This account has no password yet: set one with a password reset link": "У цього облікового запису ще немає пароля: задайте його за посиланням для скидання пароля",
  "Choose a password different from the current one": "Оберіть пароль, відмінний від поточного",
  "Sign in again to see your sessions: the list needs a sign-in from the last 24 hours": "Увійдіть знову, щоб побачити свої сеанси: список потребує входу за останні 24 години",
  "Sign in with your password to do this: an API key cannot manage the account": "Для цього увійдіть із паролем: API-ключ не може керувати обліковим записом",
  "This is the only admin; promote another admin first": "Це єдиний адміністратор; спершу призначте іншого адміністратора",
  "An account with this email already exists": "Обліковий запис із цією адресою вже існує",
  "Above your role": "Вище за вашу роль",
  "Not your organisation": "Це не ваша організація",
  "Invalid cursor": "Неправильний курсор",
  "Malformed JSON": "Пошкоджений JSON",
  "The body is not valid JSON": "Тіло запиту не є коректним JSON",
  "Unknown setting": "Невідоме налаштування",
  "Unknown file": "Невідомий файл",
  "Upload the file first": "Спершу завантажте файл",
  "Unsupported file type": "Непідтримуваний тип файлу",
  "Invalid or expired": "Недійсне або застаріле",
  "Required when rejecting": "Обов'язково при відхиленні",
  "Say why the listing is rejected": "Поясніть, чому оголошення відхилено",
  "Invalid email or password": "Неправильна електронна пошта або пароль",
  "Confirm your email address first: we have sent you a link": "Спершу підтвердьте адресу електронної пошти: ми надіслали вам посилання",
  "Sign in first": "Спершу увійдіть",
  "Not found": "Не знайдено",
  "Invalid value": "Неприпустиме значення",
};

export function translateText(text: string, locale: Locale): string {
  return locale === "uk" ? (UK[text] ?? text) : text;
}

const ukZod = z.locales.uk().localeError as (issue: unknown) => string | { message: string } | undefined;

/** A zod issue's message in the reader's language: ours from the table, zod's own from its Ukrainian locale. */
export function issueMessage(issue: ZodError["issues"][number], locale: Locale): string {
  if (locale !== "uk") return issue.message;
  if (UK[issue.message]) return UK[issue.message];
  const own = ukZod(issue);
  const text = typeof own === "string" ? own : own?.message;
  return text ? text.replace(/, отримано undefined$/, "") : issue.message;
}
