/** An OpenAI-style chat completion (xAI answers the same way) carrying `content`. */
export function chatCompletion(model: string, content: string, usage: { prompt: number; completion: number }) {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
  };
}
