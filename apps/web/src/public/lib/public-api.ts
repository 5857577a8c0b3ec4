/** One refused field of a request: `path` names the field (dotted), `message` is Chinese. */
export interface PublicApiIssue {
  path: string;
  message: string;
}

/** The API's error shape: `message` is Chinese, which is what the page shows. */
export class PublicApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: PublicApiIssue[] = [],
  ) {
    super(message);
  }
}

const OFFLINE = '网络不太稳定，请稍后重试';

const isIssue = (value: unknown): value is PublicApiIssue =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as PublicApiIssue).path === 'string' &&
  typeof (value as PublicApiIssue).message === 'string';

async function parse<T>(response: Response): Promise<T> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;
  const error = (body ?? {}) as { error?: string; message?: string; issues?: unknown };
  throw new PublicApiError(
    response.status,
    error.error ?? 'HTTP_ERROR',
    error.message ?? `请求失败（${response.status}）`,
    Array.isArray(error.issues)
      ? error.issues.filter(isIssue).map(({ path, message }) => ({ path, message }))
      : [],
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
