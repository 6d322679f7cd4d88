import { Suspense } from "react";
import { VerifyEmailPanel } from "@/components/auth-forms";

export default function Page() {
  return (
    <Suspense>
      <VerifyEmailPanel />
    </Suspense>
  );
}
