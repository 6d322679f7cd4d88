import { getTranslations } from "next-intl/server";
import { UnsubscribeButton } from "@/components/notification-actions";
import { Alert, Card } from "@/components/ui";

export const metadata = { robots: { index: false } };

/** Where an email's unsubscribe link lands: one click confirms (mail scanners that prefetch links change nothing). */
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<{ u?: string; t?: string; s?: string }> }) {
  const { u, t: type, s } = await searchParams;
  const t = await getTranslations("notifications");
  return (
    <Card className="mx-auto max-w-md">
      <h1 className="mb-2 text-xl font-semibold">{t("unsubTitle")}</h1>
      {u && type && s ? (
        <>
          <p className="mb-4 text-sm text-slate-600">{t("unsubBody")}</p>
          <UnsubscribeButton u={u} t={type} s={s} />
        </>
      ) : (
        <Alert kind="error">{t("unsubInvalid")}</Alert>
      )}
    </Card>
  );
}
