/** The largest request body any API route accepts. */
export const MAX_BODY_BYTES = 1024 * 1024;
