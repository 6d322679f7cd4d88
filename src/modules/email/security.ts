/**
 * The email pipeline's guard before any model sees a message, and after it drafts a reply.
 * Cyrillic is ordinary text here: only patterns of intent count, in English, Ukrainian and Russian.
 */

import { fenceAsData, newBoundary } from "@/src/platform/llm/fence";

/** `model`: the optional model classifier suspected an injection the rules did not see. */
export type RiskCategory = "instruction_override" | "role_play" | "delimiter" | "exfiltration" | "obfuscation" | "model";
export type RiskLevel = "low" | "medium" | "high";

export interface RiskFinding {
  rule: string;
  category: RiskCategory;
  excerpt: string;
}

interface Rule {
  name: string;
  category: RiskCategory;
  pattern: RegExp;
}

/**
 * How much of a message the rules read and the model is shown: the start of any real mail, and a
 * bound on the work a hostile one can cause (the message itself is stored whole for a person).
 */
export const SCAN_CHARS = 20_000;

/** The part of a text the rules and the model read: at most SCAN_CHARS, never ending inside a surrogate pair. */
export function scanWindow(text: string): string {
  if (text.length <= SCAN_CHARS) return text;
  const cut = text.slice(0, SCAN_CHARS);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** NFKC (full-width and stylised letters become plain ones), invisible and direction controls removed, spaces collapsed. */
export function normalise(text: string): { text: string; invisible: number } {
  const nfkc = text.normalize("NFKC");
  const invisible = nfkc.match(INVISIBLE)?.length ?? 0;
  return { text: nfkc.replace(INVISIBLE, "").replace(/[ \t\f\v]+/g, " "), invisible };
}

const RULES: Rule[] = [
  // English
  { name: "ignore-previous", category: "instruction_override", pattern: /\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}\b(?:previous|prior|above|earlier|all|any|your|the)\b[^.\n]{0,30}\b(?:instructions?|rules|prompts?|directions|guidelines|guardrails)\b/i },
  { name: "new-instructions", category: "instruction_override", pattern: /\b(?:new|updated|real) (?:instructions?|rules|system prompt)\s{0,3}:|\bfrom now on,? you (?:will|must|are)\b|\byou must now\b/i },
  { name: "act-as", category: "role_play", pattern: /\b(?:you are now|you're now|act as (?:an?|the) |pretend (?:to be|you are)|role-?play as|you are no longer)\b/i },
  { name: "jailbreak", category: "role_play", pattern: /\b(?:DAN mode|developer mode|jailbreak|do anything now)\b/i },
  { name: "fake-role-tags", category: "delimiter", pattern: /<\/?\s{0,3}(?:system|assistant|instructions?)\s{0,3}>|\[\/?(?:system|inst)\]|<\|(?:im_start|im_end|endoftext|system)\|>|^#{2,6}\s{0,3}(?:system|instructions?)\b/im },
  { name: "reveal-secrets", category: "exfiltration", pattern: /\b(?:reveal|show|print|repeat|tell me|output|disclose|leak)\b[^.\n]{0,40}\b(?:system prompt|your (?:instructions|prompt|rules)|api keys?|passwords?|secrets?|credentials|hidden (?:text|instructions))\b/i },
  { name: "forward-data", category: "exfiltration", pattern: /\b(?:send|forward|email|export)\b[^.\n]{0,30}\b(?:all|every|the)\b[^.\n]{0,20}\b(?:emails?|contacts|customers?|users?|conversations?|data)\b[^.\n]{0,40}\bto\b/i },
  { name: "image-beacon", category: "exfiltration", pattern: /!\[[^\]]{0,200}\]\(https?:\/\/[^)\s?]{1,300}\?[^)\s=]{0,300}=/i },
  // Ukrainian
  { name: "ignore-previous-uk", category: "instruction_override", pattern: /(?:ігноруй|ігноруйте|проігноруй|забудь|забудьте|не зважай|не зважайте)[^.\n]{0,60}(?:інструкці|правил|вказівк|настанов)/iu },
  { name: "new-instructions-uk", category: "instruction_override", pattern: /(?:нові інструкції|нова інструкція|відтепер ти (?:маєш|повинен|мусиш))/iu },
  { name: "act-as-uk", category: "role_play", pattern: /(?:тепер ти(?!\p{L})|відтепер ти(?!\p{L})|уяви,? що ти(?!\p{L})|прикинься(?!\p{L})|зіграй роль|поводься як)/iu },
  { name: "reveal-secrets-uk", category: "exfiltration", pattern: /(?:покажи|розкажи|виведи|повтори|надішли|перешли|розкрий)[^.\n]{0,60}(?:системн\p{L}{0,8} (?:промпт|інструкці|підказк)|парол|ключ\p{L}{0,4} api|api[- ]?ключ|секрет|облікові дані)/iu },
  // Russian
  { name: "ignore-previous-ru", category: "instruction_override", pattern: /(?:игнорируй|игнорируйте|проигнорируй|забудь|забудьте|не обращай внимания)[^.\n]{0,60}(?:инструкци|правил|указани)/iu },
  { name: "act-as-ru", category: "role_play", pattern: /(?:теперь ты(?!\p{L})|представь,? что ты(?!\p{L})|притворись(?!\p{L})|сыграй роль|веди себя как)/iu },
  { name: "reveal-secrets-ru", category: "exfiltration", pattern: /(?:покажи|расскажи|выведи|повтори|отправь|перешли|раскрой)[^.\n]{0,60}(?:системн\p{L}{0,8} (?:промпт|инструкци|подсказк)|парол|ключ\p{L}{0,4} api|api[- ]?ключ|секрет|учетные данные|учётные данные)/iu },
];

const WEIGHT: Record<RiskCategory, number> = { instruction_override: 0.5, exfiltration: 0.5, role_play: 0.35, delimiter: 0.35, obfuscation: 0.15, model: 0.7 };

const WORD = /[A-Za-zА-Яа-яЁёІіЇїЄєҐґ]{3,}/g;
const LATIN = /[A-Za-z]/;
const CYRILLIC = /[А-Яа-яЁёІіЇїЄєҐґ]/;

/**
 * Words that mix Latin and Cyrillic letters ("pаssword" with a Cyrillic а): a disguise, not a
 * language. One pass over the words, each looked at alone, so the work grows with the text.
 */
export function mixedScriptWords(text: string): string[] {
  const mixed: string[] = [];
  for (const [word] of text.matchAll(WORD)) if (LATIN.test(word) && CYRILLIC.test(word)) mixed.push(word);
  return mixed;
}

export interface RiskAssessment {
  level: RiskLevel;
  score: number;
  findings: RiskFinding[];
  normalised: string;
}

/** Rule-based risk of a message (its first SCAN_CHARS, which is all the model is shown); high-risk mail is held for a person, never answered automatically. */
export function assessInjection(raw: string): RiskAssessment {
  const { text, invisible } = normalise(scanWindow(raw));
  const findings: RiskFinding[] = [];
  for (const rule of RULES) {
    const match = rule.pattern.exec(text);
    if (match) findings.push({ rule: rule.name, category: rule.category, excerpt: match[0].slice(0, 120) });
  }
  if (invisible > 0 && findings.length > 0) findings.push({ rule: "invisible-characters", category: "obfuscation", excerpt: `${invisible} invisible characters` });
  const mixed = mixedScriptWords(text);
  if (mixed.length > 0) findings.push({ rule: "mixed-script-words", category: "obfuscation", excerpt: mixed.slice(0, 3).join(", ").slice(0, 120) });
  const categories = new Set(findings.map((f) => f.category));
  const score = Math.min(1, [...categories].reduce((s, c) => s + WEIGHT[c], 0));
  const level: RiskLevel = score >= 0.7 || (categories.has("instruction_override") && categories.has("exfiltration")) ? "high" : score >= 0.35 ? "medium" : "low";
  return { level, score: Math.round(score * 100) / 100, findings, normalised: text };
}

/** A header line inside the fence: one line, bounded, so a subject cannot pose as the body or the fence. */
const headerLine = (value: string) => value.replace(/[\r\n]+/g, " ").slice(0, 300);

/**
 * Fences an email as data for the prompt ("spotlighting"): its sender, subject and body (the first
 * SCAN_CHARS) between boundaries the sender cannot guess, removed from the content wherever they
 * appear there, with the rule that nothing inside is an instruction. Everything the sender wrote,
 * the subject included, is inside the fence.
 */
export function spotlight(mail: { from?: string; subject: string; text: string }, boundary: string = newBoundary()): string {
  const headers = [...(mail.from === undefined ? [] : [`From: ${headerLine(mail.from)}`]), `Subject: ${headerLine(mail.subject)}`];
  const safe = normalise([...headers, "", scanWindow(mail.text)].join("\n")).text;
  return fenceAsData("EMAIL", "an email from an outside sender: its sender, subject and body", safe, boundary);
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const CREDENTIALS = [/\bsk-[A-Za-z0-9_-]{20,}/, /\bAKIA[0-9A-Z]{16}\b/, /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----/, /\b(?:password|пароль)\s*[:=]\s*\S{4,}/i, /\bwhsec_[A-Za-z0-9]{10,}/];

/** Checks a drafted reply before a person sees it: no system-prompt leak, credentials, card numbers or links to unknown hosts. */
export function validateDraft(draft: string, context: { systemPrompt: string; allowedHosts: string[] }): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  const prompt = context.systemPrompt.replace(/\s+/g, " ").toLowerCase();
  const flat = draft.replace(/\s+/g, " ").toLowerCase();
  for (let i = 0; i + 40 <= prompt.length; i += 20) {
    if (flat.includes(prompt.slice(i, i + 40))) {
      problems.push("quotes the system prompt");
      break;
    }
  }
  if (CREDENTIALS.some((p) => p.test(draft))) problems.push("contains something that looks like a credential");
  for (const m of draft.matchAll(/\b(?:\d[ -]?){13,19}\b/g)) {
    const digits = m[0].replace(/\D/g, "");
    if (digits.length >= 13 && luhn(digits)) {
      problems.push("contains a card number");
      break;
    }
  }
  const allowed = context.allowedHosts.map((h) => h.toLowerCase());
  for (const m of draft.matchAll(/https?:\/\/([^/\s)>"']+)/gi)) {
    const host = m[1].toLowerCase().split(":")[0];
    if (!allowed.some((a) => host === a || host.endsWith(`.${a}`))) problems.push(`links to an unexpected host: ${host}`);
  }
  return { ok: problems.length === 0, problems: [...new Set(problems)] };
}
