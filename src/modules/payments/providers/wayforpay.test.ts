import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DomainError } from "@/src/platform/http/errors";
import { signWayForPayCallback } from "@/tests/support/wayforpay";
import { parseWayForPayCallback, wayForPayAccept, wayForPayForm } from "./wayforpay";

const config = { merchantAccount: "test_merch_n1", secretKey: "flk3409refn54t54t*FNJRET", domain: "www.market.ua" };
const md5 = (fields: (string | number)[]) => createHmac("md5", config.secretKey).update(fields.join(";")).digest("hex");

describe("WayForPay protocol", () => {
  it("signs the purchase form over the documented fields in the documented order", () => {
    const createdAt = new Date(1_415_379_863_000);
    const form = wayForPayForm(config, { id: "DH783023", amountMinor: 154_736, currency: "UAH", description: "Процесор Intel Core i5", createdAt }, { returnUrl: "https://r", serviceUrl: "https://s", orderTimeout: 3600 });
    expect(form.fields).toMatchObject({ orderReference: "DH783023", orderDate: "1415379863", amount: "1547.36", "productPrice[]": "1547.36", orderTimeout: "3600" });
    expect(form.fields.merchantSignature).toBe(md5(["test_merch_n1", "www.market.ua", "DH783023", 1_415_379_863, "1547.36", "UAH", "Процесор Intel Core i5", 1, "1547.36"]));
  });

  it("accepts a callback signed with the merchant key, in minor units; refuses a tampered or foreign one", () => {
    const callback = signWayForPayCallback(config, { orderReference: "DH783023", amount: 1547.36, currency: "UAH", transactionStatus: "Approved" });
    expect(parseWayForPayCallback(config, callback)).toMatchObject({ eventId: "DH783023:Approved", status: "succeeded", amountMinor: 154_736, currency: "UAH" });
    expect(() => parseWayForPayCallback(config, { ...callback, amount: 1 })).toThrow(DomainError);
    expect(() => parseWayForPayCallback(config, { ...callback, merchantAccount: "someone_else" })).toThrow(DomainError);
    expect(() => parseWayForPayCallback(config, { hello: "world" })).toThrow(DomainError);
    expect(parseWayForPayCallback(config, signWayForPayCallback(config, { orderReference: "X", amount: 1, currency: "UAH", transactionStatus: "Refunded" })).status).toBe("refunded");
  });

  it("answers with the signed accept WayForPay expects", () => {
    const answer = wayForPayAccept(config, "DH783023", new Date(1_415_379_863_000));
    expect(answer).toEqual({ orderReference: "DH783023", status: "accept", time: 1_415_379_863, signature: md5(["DH783023", "accept", 1_415_379_863]) });
  });
});
