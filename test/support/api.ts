/** Calls the REST API as a signed-in user (or anonymously with token null), returning status and JSON (text for other content types). */
export async function api<T = Record<string, unknown>>(
  baseUrl: string,
  token: string | null,
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // Non-JSON answers (the JSONL export) come back as text.
  const json = res.headers.get("content-type")?.includes("application/json") ?? false;
  return { status: res.status, body: (text ? (json ? JSON.parse(text) : text) : {}) as T };
}
