/** Python text conventions that end up in feature names and ids. */

/** Python `str(float)` (repr): shortest round-trip digits, `48.0`, `1e-05`, `1e+16`. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // toExponential() without digits gives the shortest round-trip mantissa, like Python's repr.
  const [mantissa, expText] = x.toExponential().split("e");
  const exp = Number(expText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const int = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const frac = digits.slice(exp + 1);
  return `${sign}${int}.${frac === "" ? "0" : frac}`;
}

/** Python `text.lstrip(chars)`: drops leading characters that are in the *set* `chars`. */
export function lstripChars(text: string, chars: string): string {
  let i = 0;
  while (i < text.length && chars.includes(text[i])) i++;
  return text.slice(i);
}
