/** The API's error shape: `message` is Chinese, which is what the page shows. */
export class PublicApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const OFFLINE = '网络不太稳定，请稍后重试';

async function parse<T>(response: Response): Promise<T> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;
  const error = (body ?? {}) as { error?: string; message?: string };
  throw new PublicApiError(
    response.status,
    error.error ?? 'HTTP_ERROR',
    error.message ?? `请求失败（${response.status}）`,
  );
}

/** GET a JSON answer; `started` is a request already under way for the same URL (see public.html). */
export async function getJson<T>(url: string, started?: Promise<Response>): Promise<T> {
  let response: Response;
  try {
    response = await (started ?? fetch(url, { headers: { accept: 'application/json' } }));
  } catch {
    throw new PublicApiError(0, 'OFFLINE', OFFLINE);
  }
  return parse<T>(response);
}

export async function postJson<T>(
  url: string,
  body: BodyInit,
  headers: Record<string, string> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body,
      headers: { accept: 'application/json', ...headers },
    });
  } catch {
    throw new PublicApiError(0, 'OFFLINE', OFFLINE);
  }
  return parse<T>(response);
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : OFFLINE);
