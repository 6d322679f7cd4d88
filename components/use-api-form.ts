"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { resultMessage, type ApiResult, type FormMessage } from "./api-client";

/**
 * A form that calls the API with its fields on submit: busy while the call runs, then the success
 * text or why it failed, and the page's server data refreshed when it worked.
 */
export function useApiForm<T>(call: (fields: FormData) => Promise<ApiResult<T>>, success: string | ((data: T) => string)) {
  const router = useRouter();
  const [message, setMessage] = useState<FormMessage>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    const res = await call(new FormData(e.currentTarget));
    setBusy(false);
    setMessage(resultMessage(res, success));
    if (res.ok) router.refresh();
  };
  return { message, busy, onSubmit };
}
