// Amounts are integers on the server (ngwee, Wh); people see ZMW and kWh. Parsing is done on digits, never floats.

export function zmw(ngwee: bigint | number): string {
  const n = BigInt(ngwee);
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const whole = (abs / 100n).toLocaleString("en-US");
  const cents = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}ZMW ${whole}.${cents}`;
}

export function kwh(wh: bigint | number): string {
  const n = BigInt(wh);
  const whole = (n / 1000n).toLocaleString("en-US");
  const frac = (n % 1000n).toString().padStart(3, "0").replace(/0+$/, "");
  return `${whole}${frac ? "." + frac : ""} kWh`;
}

/** "2.5" kWh → 2500n Wh; null for anything that is not a positive decimal with at most 3 places. */
export function parseKwh(text: string): bigint | null {
  return parseDecimal(text, 3);
}

/** "2.50" ZMW → 250n ngwee. */
export function parseZmw(text: string): bigint | null {
  return parseDecimal(text, 2);
}

function parseDecimal(text: string, places: number): bigint | null {
  const m = /^\s*(\d{1,9})(?:[.,](\d*))?\s*$/.exec(text);
  if (!m || (m[2] && m[2].length > places)) return null;
  const value = BigInt(m[1]) * 10n ** BigInt(places) + BigInt((m[2] ?? "").padEnd(places, "0") || "0");
  return value > 0n ? value : null;
}

/** Price of a purchase, as the server computes it: ceil(wh * price / 1000). */
export function priceOf(wh: bigint, pricePerKwhNgwee: bigint): bigint {
  return (wh * pricePerKwhNgwee + 999n) / 1000n;
}

/** The local 9 digits of a Zambian mobile number, or null. */
export function localDigits(phone: string): string | null {
  let d = phone.replace(/[\s\-()]/g, "");
  if (d.startsWith("+")) d = d.slice(1);
  if (d.startsWith("260")) d = d.slice(3);
  if (d.startsWith("0")) d = d.slice(1);
  return /^[79]\d{8}$/.test(d) ? d : null;
}

/** Network from the number's prefix: 95/75 Zamtel, 96/76 MTN, 97/77 Airtel. */
export function detectNetwork(phone: string): string | null {
  const d = localDigits(phone);
  if (!d) return null;
  switch (d.slice(0, 2)) {
    case "95": case "75": return "zamtel";
    case "96": case "76": return "mtn";
    case "97": case "77": return "airtel";
    default: return null;
  }
}

/** "+260961234567" → "096 123 4567". */
export function displayPhone(phone: string): string {
  const d = localDigits(phone);
  return d ? `0${d.slice(0, 2)} ${d.slice(2, 5)} ${d.slice(5)}` : phone;
}

export function when(date: Date | undefined): string {
  if (!date) return "";
  return date.toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

export function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
