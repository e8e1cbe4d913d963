/**
 * siibra-api's error envelope. The outer object is formatted like Python's `json.dumps`
 * (", " and ": " separators, non-ASCII escaped); `message` is the original FastAPI body as a
 * compact JSON string, which siibra-explorer parses to show `detail`.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export function envelopeText(status: number, body: Record<string, unknown> | string): string {
  const message = typeof body === "string" ? body : JSON.stringify(body);
  return `{"error": true, "status_code": ${status}, "message": ${asciiJson(message)}}`;
}

export function envelopeResponse(status: number, body: Record<string, unknown> | string): Response {
  return new Response(envelopeText(status, body), {
    status,
    headers: { "content-type": "application/json" },
  });
}
