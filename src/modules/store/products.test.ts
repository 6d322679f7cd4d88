import { describe, expect, it } from "vitest";
import { CreateProductInput, UpdateProductInput } from "./products";

describe("product inputs", () => {
  it("a new product gets defaults; an update changes only what is sent", () => {
    expect(CreateProductInput.parse({ vendorId: crypto.randomUUID(), title: "Mug", priceMinor: 100, currency: "USD" })).toMatchObject({ stock: 0, stockTracked: true, status: "draft", description: "" });
    expect(UpdateProductInput.parse({ status: "active" })).toEqual({ status: "active" });
  });
});
