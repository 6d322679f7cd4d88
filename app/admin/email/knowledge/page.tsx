import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { DeleteFact, KnowledgeForm } from "@/components/email-knowledge";
import { Card, EmptyState, PageTitle } from "@/components/ui";
import { listKnowledge } from "@/src/modules/email/ai-drafts";
import { adminPageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "Knowledge base" };

export default async function KnowledgePage() {
  requireModule("email-crm");
  const ctx = await adminPageContext("/admin/email/knowledge");
  const t = await getTranslations("email");
  const { items } = await listKnowledge(ctx);
  return (
    <div className="space-y-4">
      <Link href="/admin/email">← {t("back")}</Link>
      <PageTitle title={t("knowledge")} intro={t("knowledgeIntro")} />
      <Card>
        <KnowledgeForm />
      </Card>
      {items.length === 0 ? (
        <EmptyState>{t("noFacts")}</EmptyState>
      ) : (
        <ul className="space-y-2" data-testid="facts">
          {items.map((k) => (
            <li key={k.id} className="space-y-2 rounded border border-slate-200 p-3">
              <div className="flex items-start justify-between gap-3">
                <div>
                  <strong>{k.title}</strong>
                  <p className="text-sm text-slate-700">{k.body}</p>
                </div>
                <DeleteFact id={k.id} />
              </div>
              <details>
                <summary className="cursor-pointer text-sm">{t("editFact")}</summary>
                <KnowledgeForm fact={{ id: k.id, title: k.title, body: k.body }} />
              </details>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
