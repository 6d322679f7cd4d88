type Lang = "en" | "uk" | "ru";

const LINES: Record<Lang, { greeting: (name: string) => string; intents: Record<string, string>; fallback: string; closing: (ring: string) => string }> = {
  en: {
    greeting: (name) => `Hello${name ? ` ${name}` : ""},`,
    intents: {
      pricing_inquiry: "Thank you for asking about prices. Membership and its current price are on our Membership page; tell us what your organisation needs and we will suggest the right option.",
      technical_support: "Sorry for the trouble. Could you tell us which page you were on and what you saw? A screenshot helps. We are looking into it.",
      bug_report: "Thank you for reporting this. We have passed it to the team and will write back when it is fixed.",
      account_issue: "We can help with your account. If you cannot sign in, the “Forgot password” link on the sign-in page sends a reset link to this address.",
      billing_question: "Thank you for your message about a payment. We are checking it and will reply with the details shortly.",
      partnership: "Thank you for your interest in working with us. We will come back to you with a suggestion for a call.",
      feature_request: "Thank you for the idea. We have added it to the list we review with the community.",
      complaint: "We are sorry about your experience. A member of the team is looking into it personally and will reply soon.",
      feedback: "Thank you for your feedback — it helps us improve the ring.",
    },
    fallback: "Thank you for your message. We will reply as soon as we can.",
    closing: (ring) => `Kind regards,\nThe ${ring} team`,
  },
  uk: {
    greeting: (name) => `Вітаємо${name ? `, ${name}` : ""}!`,
    intents: {
      pricing_inquiry: "Дякуємо за запитання про ціни. Членство та його поточна вартість — на сторінці «Членство»; напишіть, що потрібно вашій організації, і ми порадимо найкращий варіант.",
      technical_support: "Перепрошуємо за незручності. Підкажіть, будь ласка, на якій сторінці це сталося і що ви побачили? Знімок екрана дуже допоможе. Ми вже з'ясовуємо.",
      bug_report: "Дякуємо, що повідомили. Ми передали це команді й напишемо, щойно виправимо.",
      account_issue: "Ми допоможемо з обліковим записом. Якщо не вдається увійти, посилання «Забули пароль?» на сторінці входу надішле лист для відновлення на цю адресу.",
      billing_question: "Дякуємо за повідомлення щодо оплати. Ми перевіряємо й невдовзі надішлемо подробиці.",
      partnership: "Дякуємо за інтерес до співпраці. Ми зв'яжемося з вами й запропонуємо час для розмови.",
      feature_request: "Дякуємо за ідею. Ми додали її до списку, який обговорюємо зі спільнотою.",
      complaint: "Нам прикро, що так сталося. Член команди особисто розбирається й невдовзі відповість.",
      feedback: "Дякуємо за відгук — він допомагає нам ставати кращими.",
    },
    fallback: "Дякуємо за лист. Відповімо якнайшвидше.",
    closing: (ring) => `З повагою,\nкоманда ${ring}`,
  },
  ru: {
    greeting: (name) => `Здравствуйте${name ? `, ${name}` : ""}!`,
    intents: {},
    fallback: "Спасибо за письмо. Мы ответим как можно скорее.",
    closing: (ring) => `С уважением,\nкоманда ${ring}`,
  },
};

/** A first draft from the intent and the sender's language, for a person to edit and approve. */
export function templateDraft(intent: string, language: string, senderName: string | null, ring: string): string {
  const lines = LINES[(["en", "uk", "ru"] as const).find((l) => l === language) ?? "en"];
  return [lines.greeting(senderName?.split(" ")[0] ?? ""), "", lines.intents[intent] ?? lines.fallback, "", lines.closing(ring)].join("\n");
}
