import { describe, expect, it } from "vitest";
import { classifyLocally, companyOf, detectLanguage, isAutomated } from "./classify";

describe("local classification", () => {
  it("reads intent, sentiment, urgency and language from English, Ukrainian and Russian mail, with reasons", () => {
    expect(classifyLocally("Question", "Hi! How much does membership cost for a non-profit?")).toMatchObject({ intent: "pricing_inquiry", language: "en", urgency: "normal" });
    expect(classifyLocally("Питання", "Доброго дня! Скільки коштує членство для громадської організації?")).toMatchObject({ intent: "pricing_inquiry", language: "uk" });
    expect(classifyLocally("Ошибка", "Не могу войти в аккаунт, пишет ошибку.")).toMatchObject({ intent: "account_issue", language: "ru" });
    const angry = classifyLocally("Terrible service", "This is unacceptable. I am disappointed and will talk to my lawyer.");
    expect(angry).toMatchObject({ intent: "complaint", sentiment: "negative", urgency: "critical" });
    expect(angry.reasons.length).toBeGreaterThanOrEqual(2);
    expect(classifyLocally("Терміново", "Терміново: не працює оплата на сайті").urgency).toBe("high");
    expect(classifyLocally("Weekly digest", "News of the week", { listUnsubscribe: true })).toMatchObject({ intent: "newsletter", urgency: "low" });
  });

  it("knows Cyrillic words at the start of a word, not only after Latin letters", () => {
    expect(classifyLocally("Питання", "Знайшли баг у формі оплати").intent).toBe("bug_report");
    expect(classifyLocally("Претензія", "Ми звернемося до суду.").urgency).toBe("critical");
    expect(classifyLocally("Питання", "Чи можна отримати повернення коштів?").intent).toBe("billing_question");
    expect(classifyLocally("Питання", "Судно прибуває завтра.").urgency).toBe("normal");
  });

  it("tells languages apart by their letters", () => {
    expect(detectLanguage("Дякую, їжак")).toBe("uk");
    expect(detectLanguage("Спасибо, объём")).toBe("ru");
    expect(detectLanguage("Thanks")).toBe("en");
  });

  it("knows mail that must never get a drafted reply", () => {
    expect(isAutomated("noreply@shop.example", {})).toBe(true);
    expect(isAutomated("no-reply+tag@shop.example", {})).toBe(true);
    expect(isAutomated("olena@coop.example", { "auto-submitted": "auto-replied" })).toBe(true);
    expect(isAutomated("olena@coop.example", { "auto-submitted": "no" })).toBe(false);
    expect(isAutomated("news@media.example", { "list-unsubscribe": "<mailto:unsub@media.example>" })).toBe(true);
    expect(isAutomated("olena@coop.example", {})).toBe(false);
  });

  it("takes the sender's company from the address, never from free mail", () => {
    expect(companyOf("olena@coop.example")).toBe("coop.example");
    expect(companyOf("Olena@Gmail.com")).toBeNull();
    expect(companyOf("taras@ukr.net")).toBeNull();
    expect(companyOf("not-an-address")).toBeNull();
  });
});
