/** Minor units as the provider's and the reader's decimal string: 1050 -> "10.50" (all supported currencies have two decimals). */
export const toMajor = (amountMinor: number) => (amountMinor / 100).toFixed(2);

export const formatMoney = (amountMinor: number, currency: string) => `${toMajor(amountMinor)} ${currency}`;
