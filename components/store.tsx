"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, errorText, uploadFile, type FormMessage, resultMessage } from "./api-client";
import { follow, type Next, type Provider } from "./payments";
import { useApiForm } from "./use-api-form";
import { Alert, Button, Input, Select, Textarea } from "./ui";

/** Quantity and "Add to cart" on a product page. */
export function AddToCart({ productId, max }: { productId: string; max: number | null }) {
  const t = useTranslations("store");
  const [quantity, setQuantity] = useState("1");
  const [message, setMessage] = useState<FormMessage>(null);
  return (
    <form
      className="space-y-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const res = await api("/api/v1/store/cart", { method: "PUT", body: { productId, quantity: Number(quantity) } });
        setMessage(resultMessage(res, t("added")));
      }}
    >
      {message && (
        <Alert kind={message.kind}>
          {message.text} {message.kind === "success" && <Link href="/store/cart">{t("viewCart")}</Link>}
        </Alert>
      )}
      <div className="flex items-end gap-2">
        <label className="text-sm">
          {t("quantity")}
          <Input type="number" min="1" max={max ?? 100} value={quantity} onChange={(e) => setQuantity(e.target.value)} className="mt-1 w-24" />
        </label>
        <Button type="submit" disabled={max === 0}>
          {t("addToCart")}
        </Button>
      </div>
    </form>
  );
}

export interface CartLine {
  productId: string;
  quantity: number;
  lineMinor: number;
  buyable: boolean;
  title: string;
  vendorName: string | null;
  currency: string;
}

const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;

/** Pays an order: the payment conductor answers where to go (Stripe, WayForPay's form, or straight to the return page). */
async function payOrder(orderId: string, provider: Provider): Promise<string | null> {
  const res = await api<Next>("/api/v1/checkout", { body: { purpose: "order", provider, orderId, idempotencyKey: `order-${orderId}-${provider}` } });
  if (!res.ok) return errorText(res.error);
  follow(res.data);
  return null;
}

/** The cart: change quantities, remove lines, then place the order and pay with one of the enabled providers. */
export function CartView({ lines, totals, providers }: { lines: CartLine[]; totals: Record<string, number>; providers: Provider[] }) {
  const t = useTranslations("store");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setQuantity = async (productId: string, quantity: number) => {
    const res = await api("/api/v1/store/cart", { method: "PUT", body: { productId, quantity } });
    if (!res.ok) setError(errorText(res.error));
    router.refresh();
  };
  const checkout = async (provider: Provider) => {
    setBusy(true);
    setError(null);
    const placed = await api<{ id: string }>("/api/v1/store/orders", { body: { idempotencyKey: crypto.randomUUID() } });
    if (!placed.ok) {
      setBusy(false);
      return setError(errorText(placed.error));
    }
    const failed = await payOrder(placed.data.id, provider);
    if (failed) {
      setBusy(false);
      setError(failed);
      router.push(`/store/orders/${placed.data.id}`);
    }
  };
  if (lines.length === 0) return <p className="text-slate-600">{t("cartEmpty")}</p>;
  return (
    <div className="space-y-4">
      {error && <Alert kind="error">{error}</Alert>}
      <table className="w-full text-left text-sm" data-testid="cart">
        <tbody>
          {lines.map((l) => (
            <tr key={l.productId} className="border-t">
              <td className="py-2">
                <Link href={`/store/products/${l.productId}`}>{l.title}</Link>
                <div className="text-xs text-slate-600">{l.vendorName}</div>
                {!l.buyable && <div className="text-xs text-red-700">{t("notBuyable")}</div>}
              </td>
              <td>
                <Input type="number" min="1" max="100" defaultValue={l.quantity} aria-label={t("quantity")} className="w-20" onBlur={(e) => Number(e.target.value) !== l.quantity && setQuantity(l.productId, Number(e.target.value))} />
              </td>
              <td>{money(l.lineMinor, l.currency)}</td>
              <td>
                <Button variant="secondary" onClick={() => setQuantity(l.productId, 0)}>
                  {t("remove")}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="font-semibold" data-testid="cart-total">
        {t("total")}: {Object.entries(totals).map(([c, v]) => money(v, c)).join(" + ")}
      </p>
      <div className="flex flex-wrap gap-2">
        {providers.map((p) => (
          <Button key={p} disabled={busy} onClick={() => checkout(p)}>
            {t("placeAndPay")} — {t("payWith", { provider: p })}
          </Button>
        ))}
      </div>
    </div>
  );
}

/** Pay buttons for an order placed earlier and still waiting for payment. */
export function PayOrderButtons({ orderId, providers }: { orderId: string; providers: Provider[] }) {
  const t = useTranslations("store");
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      {error && <Alert kind="error">{error}</Alert>}
      <div className="flex flex-wrap gap-2">
        {providers.map((p) => (
          <Button key={p} onClick={async () => setError(await payOrder(orderId, p))}>
            {t("payWith", { provider: p })}
          </Button>
        ))}
      </div>
    </div>
  );
}

/** Application to sell for one verified organisation: payout method and details. */
export function ApplyToSellForm({ entityId }: { entityId: string }) {
  const t = useTranslations("store");
  const [method, setMethod] = useState<"bank" | "credits">("bank");
  const { message, onSubmit } = useApiForm(
    (f) => api("/api/v1/store/vendors", { body: { entityId, payoutMethod: method, ...(method === "bank" ? { accountHolder: f.get("accountHolder"), iban: f.get("iban") } : {}) } }),
    t("applied"),
  );
  return (
    <form className="space-y-2" onSubmit={onSubmit}>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <label className="block text-sm">
        {t("payoutMethod")}
        <Select value={method} onChange={(e) => setMethod(e.target.value as "bank" | "credits")} className="mt-1 block">
          <option value="bank">{t("payoutBank")}</option>
          <option value="credits">{t("payoutCredits")}</option>
        </Select>
      </label>
      {method === "bank" && (
        <div className="flex flex-wrap gap-2">
          <Input name="accountHolder" placeholder={t("accountHolder")} aria-label={t("accountHolder")} required />
          <Input name="iban" placeholder={t("iban")} aria-label={t("iban")} required className="w-80" />
        </div>
      )}
      <Button type="submit">{t("apply")}</Button>
    </form>
  );
}

/** A vendor's new product. */
export function NewProductForm({ vendorId }: { vendorId: string }) {
  const t = useTranslations("store");
  const router = useRouter();
  const [message, setMessage] = useState<FormMessage>(null);
  const [tracked, setTracked] = useState(true);
  const [images, setImages] = useState<{ id: string; url: string }[]>([]);
  const addImage = async (file: File) => {
    const res = await uploadFile(file, "product");
    if (res.ok) setImages((list) => [...list, res.data].slice(0, 8));
    else setMessage({ kind: "error", text: errorText(res.error) });
  };
  return (
    <form
      className="grid gap-2 sm:grid-cols-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const f = new FormData(form);
        const text = (name: string) => String(f.get(name) ?? "").trim() || undefined;
        const res = await api("/api/v1/store/products", {
          body: {
            vendorId,
            title: text("title"),
            titleUk: text("titleUk"),
            description: text("description") ?? "",
            descriptionUk: text("descriptionUk"),
            priceMinor: Math.round(Number(f.get("price")) * 100),
            currency: f.get("currency"),
            sku: text("sku"),
            stockTracked: tracked,
            stock: tracked ? Number(f.get("stock") || 0) : 0,
            status: f.get("status"),
            imageFileIds: images.map((i) => i.id),
          },
        });
        setMessage(resultMessage(res, t("saved")));
        if (res.ok) {
          form.reset();
          setImages([]);
          router.refresh();
        }
      }}
    >
      {message && (
        <div className="sm:col-span-2">
          <Alert kind={message.kind}>{message.text}</Alert>
        </div>
      )}
      <Input name="title" placeholder={t("productTitle")} aria-label={t("productTitle")} required minLength={2} />
      <Input name="titleUk" placeholder={t("productTitleUk")} aria-label={t("productTitleUk")} />
      <Textarea name="description" placeholder={t("description")} aria-label={t("description")} />
      <Textarea name="descriptionUk" placeholder={t("descriptionUk")} aria-label={t("descriptionUk")} />
      <div className="flex gap-2">
        <Input name="price" type="number" min="0.01" step="0.01" placeholder={t("price")} aria-label={t("price")} required className="w-32" />
        <Select name="currency" aria-label={t("currency")} defaultValue="USD">
          {["USD", "EUR", "UAH", "GBP"].map((c) => (
            <option key={c}>{c}</option>
          ))}
        </Select>
      </div>
      <Input name="sku" placeholder={t("sku")} aria-label={t("sku")} />
      <div className="sm:col-span-2">
        <label className="text-sm">
          {t("images")} <input type="file" accept="image/png,image/jpeg,image/webp" onChange={(e) => e.target.files?.[0] && void addImage(e.target.files[0])} className="text-sm" />
        </label>
        <div className="mt-1 flex gap-2">
          {images.map((i) => (
            <img key={i.id} src={i.url} alt="" className="h-16 w-16 rounded object-cover" />
          ))}
        </div>
      </div>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={tracked} onChange={(e) => setTracked(e.target.checked)} /> {t("trackStock")}
        </label>
        {tracked && <Input name="stock" type="number" min="0" placeholder={t("stock")} aria-label={t("stock")} className="w-24" />}
      </div>
      <Select name="status" aria-label={t("status")} defaultValue="active">
        {(["draft", "active"] as const).map((s) => (
          <option key={s} value={s}>
            {t(`productStatus_${s}`)}
          </option>
        ))}
      </Select>
      <div className="sm:col-span-2">
        <Button type="submit">{t("create")}</Button>
      </div>
    </form>
  );
}

/** Inline edit of a product's stock, price and status. */
export function ProductQuickEdit({ product }: { product: { id: string; priceMinor: number; stock: number; stockTracked: boolean; status: string } }) {
  const t = useTranslations("store");
  const { message, onSubmit } = useApiForm(
    (f) =>
      api(`/api/v1/store/products/${product.id}`, {
        method: "PATCH",
        body: { priceMinor: Math.round(Number(f.get("price")) * 100), status: f.get("status"), ...(product.stockTracked ? { stock: Number(f.get("stock")) } : {}) },
      }),
    t("saved"),
  );
  return (
    <form className="flex flex-wrap items-center gap-2" onSubmit={onSubmit}>
      <Input name="price" type="number" min="0.01" step="0.01" defaultValue={(product.priceMinor / 100).toFixed(2)} aria-label={t("price")} className="w-28" />
      {product.stockTracked && <Input name="stock" type="number" min="0" defaultValue={product.stock} aria-label={t("stock")} className="w-20" />}
      <Select name="status" defaultValue={product.status} aria-label={t("status")}>
        {(["draft", "active", "archived"] as const).map((s) => (
          <option key={s} value={s}>
            {t(`productStatus_${s}`)}
          </option>
        ))}
      </Select>
      <Button type="submit" variant="secondary">
        {t("save")}
      </Button>
      {message && <span className={message.kind === "error" ? "text-sm text-red-700" : "text-sm text-green-700"}>{message.text}</span>}
    </form>
  );
}

/** A button that POSTs to an API path and refreshes the page (mark delivered, and the like). */
export function PostButton({ path, label, body }: { path: string; label: string; body?: unknown }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <span>
      <Button
        variant="secondary"
        onClick={async () => {
          const res = await api(path, { body: body ?? {} });
          if (res.ok) router.refresh();
          else setError(errorText(res.error));
        }}
      >
        {label}
      </Button>
      {error && <span className="ml-2 text-sm text-red-700">{error}</span>}
    </span>
  );
}

/** Admin: decide a vendor application, or change an approved vendor's tier. */
export function VendorDecisionForm({ vendorId, status, tier }: { vendorId: string; status: string; tier: string }) {
  const t = useTranslations("store");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const decide = async (form: HTMLFormElement, decision: "approve" | "reject" | "suspend") => {
    const f = new FormData(form);
    const note = String(f.get("note") ?? "").trim();
    const res = await api(`/api/v1/admin/store/vendors/${vendorId}/decision`, { body: { decision, tier: f.get("tier"), ...(note ? { note } : {}) } });
    if (res.ok) router.refresh();
    else setError(errorText(res.error));
  };
  return (
    <form className="flex flex-wrap items-center gap-2" onSubmit={(e) => e.preventDefault()}>
      <Select name="tier" defaultValue={tier} aria-label={t("tier")}>
        {(["standard", "partner", "premium"] as const).map((k) => (
          <option key={k} value={k}>
            {t(`tier_${k}`)}
          </option>
        ))}
      </Select>
      <Input name="note" placeholder={t("note")} aria-label={t("note")} />
      <Button type="button" onClick={(e) => decide(e.currentTarget.form!, "approve")}>
        {t("approve")}
      </Button>
      {status === "applied" && (
        <Button type="button" variant="danger" onClick={(e) => decide(e.currentTarget.form!, "reject")}>
          {t("reject")}
        </Button>
      )}
      {status === "approved" && (
        <Button type="button" variant="danger" onClick={(e) => decide(e.currentTarget.form!, "suspend")}>
          {t("suspend")}
        </Button>
      )}
      {error && <span className="text-sm text-red-700">{error}</span>}
    </form>
  );
}

/** One text field and a button that POSTs `{[field]: value}` to an API path, then refreshes the page. */
export function OneFieldForm({ path, field, label, button, danger = false }: { path: string; field: string; label: string; button: string; danger?: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="mt-2 flex flex-wrap items-center gap-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const res = await api(path, { body: { [field]: new FormData(e.currentTarget).get(field) } });
        if (res.ok) router.refresh();
        else setError(errorText(res.error));
      }}
    >
      <Input name={field} placeholder={label} aria-label={label} required minLength={3} maxLength={500} />
      <Button type="submit" variant={danger ? "danger" : "primary"}>
        {button}
      </Button>
      {error && <span className="text-sm text-red-700">{error}</span>}
    </form>
  );
}
