import type { Classification } from "./schema";
import { scanWindow } from "./security";

export const INTENTS = ["pricing_inquiry", "technical_support", "feature_request", "bug_report", "partnership", "billing_question", "account_issue", "complaint", "general_inquiry", "feedback", "spam", "newsletter", "other"] as const;

const CUES: [intent: (typeof INTENTS)[number], pattern: RegExp][] = [
  ["spam", /(?:viagra|casino|crypto giveaway|seo services|guest post|backlinks|заробіток без вкладень|казино)/iu],
  ["complaint", /(?:complain|complaint|unacceptable|disappointed|outrageous|скарг|обурен|неприпустим|розчарован|жалоб|возмущ|недопустим)/iu],
  ["bug_report", /(?:\bbug\b|crash|stack trace|exception|(?<!\p{L})баг|збій|вилітає|сбой|падает)/iu],
  ["billing_question", /(?:invoice|refund|charged|receipt|payment|рахун|оплат|повернен\p{L}{0,4} кошт|квитанц|счет|счёт|возврат|списал)/iu],
  ["account_issue", /(?:password|can.?t log ?in|sign.?in|my account|пароль|акаунт|аккаунт|не можу увійти|не могу войти)/iu],
  ["technical_support", /(?:doesn.?t work|not working|error|how do i|не працює|помилк|як мені|не работает|ошибк|как мне)/iu],
  ["pricing_inquiry", /(?:price|pricing|how much|cost|quote|ціна|вартість|скільки коштує|цена|стоимост|сколько стоит)/iu],
  ["partnership", /(?:partner|collaborat|sponsor|співпрац|партнер|спонсор|сотрудничеств)/iu],
  ["feature_request", /(?:feature|would be great|could you add|please add|додайте|було б добре|добавьте|было бы здорово)/iu],
  ["feedback", /(?:feedback|love (?:it|the)|thank you for|відгук|дякуємо за|дякую за|отзыв|спасибо за)/iu],
];

const NEGATIVE = /(?:angry|terrible|awful|worst|unacceptable|disappointed|furious|lawyer|жахлив|обурен|розчарован|найгірш|юрист|ужасн|возмущ|разочарован|худш)/giu;
const POSITIVE = /(?:thank|great|love|excellent|happy|дякую|чудов|дуже радий|спасибо|отличн|прекрасн)/giu;
const URGENT = /(?:urgent|asap|immediately|right now|терміново|негайно|срочно|немедленно)/iu;
const CRITICAL = /(?:outage|everything is down|data (?:loss|breach)|lawyer|legal action|court|security (?:hole|breach)|не працює нічого|витік даних|(?<!\p{L})суд(?:і|у|ом)?(?!\p{L})|юрист|утечк\p{L}{0,2} данных)/iu;

const RUSSIAN_WORDS = /(?<!\p{L})(?:что|это|как|не могу|пожалуйста|здравствуйте|спасибо|пишет|можно)(?!\p{L})/iu;

/** The message's language: і ї є ґ are Ukrainian, ы э ъ ё (or common Russian words) Russian; Latin text English. */
export function detectLanguage(text: string): string {
  if (/[іїєґ]/iu.test(text)) return "uk";
  if (/[ыэъё]/iu.test(text) || RUSSIAN_WORDS.test(text)) return "ru";
  if (/[а-я]/iu.test(text)) return "uk";
  return "en";
}

/** Local heuristics, used when no model is configured and as the model's fallback: intent, sentiment, urgency, language, with reasons (from the first SCAN_CHARS). */
export function classifyLocally(subject: string, text: string, headers: { listUnsubscribe?: boolean } = {}): Classification {
  const all = scanWindow(`${subject}\n${text}`);
  const reasons: string[] = [];
  let intent: Classification["intent"] = "general_inquiry";
  if (headers.listUnsubscribe) {
    intent = "newsletter";
    reasons.push("has a List-Unsubscribe header");
  } else {
    for (const [candidate, pattern] of CUES) {
      const hit = pattern.exec(all);
      if (hit) {
        intent = candidate;
        reasons.push(`“${hit[0]}” suggests ${candidate.replace("_", " ")}`);
        break;
      }
    }
  }
  const negative = all.match(NEGATIVE)?.length ?? 0;
  const positive = all.match(POSITIVE)?.length ?? 0;
  const sentiment: Classification["sentiment"] = negative > positive ? "negative" : positive > negative ? "positive" : "neutral";
  if (sentiment !== "neutral") reasons.push(`${Math.max(negative, positive)} ${sentiment} word(s)`);
  let urgency: Classification["urgency"] = intent === "spam" || intent === "newsletter" ? "low" : "normal";
  const critical = CRITICAL.exec(all);
  const urgent = URGENT.exec(all);
  if (critical) {
    urgency = "critical";
    reasons.push(`“${critical[0]}” is critical`);
  } else if (urgent || (intent === "complaint" && sentiment === "negative")) {
    urgency = "high";
    reasons.push(urgent ? `“${urgent[0]}” asks for speed` : "an unhappy complaint");
  }
  return { intent, sentiment, urgency, language: detectLanguage(all), reasons };
}

/** Mail no person wrote or expects an answer to (RFC 3834, mailing lists, no-reply senders): never drafted for. */
export function isAutomated(from: string, headers: Record<string, string | undefined>): boolean {
  const auto = headers["auto-submitted"]?.toLowerCase();
  if (auto && auto !== "no") return true;
  if (/^(?:bulk|list|junk|auto_reply)$/i.test(headers.precedence ?? "")) return true;
  if (headers["list-unsubscribe"] || headers["list-id"]) return true;
  return /^(?:no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?|notifications?)(?:[+.-][^@]*)?@/i.test(from);
}

const FREE_MAIL = /^(?:gmail|googlemail|yahoo|outlook|hotmail|live|msn|icloud|me|mac|proton|protonmail|pm|aol|gmx|mail|yandex|ukr|i|meta|bigmir|online)\.[a-z.]+$/i;

/** The sender's organisation as far as the address tells: its domain, unless it is a free-mail provider. */
export function companyOf(address: string): string | null {
  const domain = address.split("@")[1]?.toLowerCase();
  if (!domain || FREE_MAIL.test(domain)) return null;
  return domain;
}
