import type { z } from 'zod';
import { ZErrorResponse, type TErrorResponse } from '@canteen/shared';

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions<S extends z.ZodType | undefined> {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** The shared response schema: the contract is checked on the way in, not only on the server. */
  schema?: S;
  signal?: AbortSignal;
}

type Issue = NonNullable<TErrorResponse['issues']>[number];

/** Every failed request becomes this, carrying the API's bilingual message and field issues. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly issues: Issue[];
  readonly requestId: string | undefined;

  constructor(body: TErrorResponse) {
    super(body.messageEn);
    this.name = 'ApiError';
    this.status = body.statusCode;
    this.code = body.error;
    this.messageZh = body.message;
    this.messageEn = body.messageEn;
    this.issues = body.issues ?? [];
    this.requestId = body.requestId;
  }

  localized(language: string): string {
    return language.startsWith('zh') ? this.messageZh : this.messageEn;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The CSRF token lives in memory only; login and /auth/me refresh it. */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type ErrorListener = (error: ApiError) => void;
const listeners = new Set<ErrorListener>();

/** The auth provider listens here for 401 and PASSWORD_CHANGE_REQUIRED, whichever request got them. */
export function onApiError(listener: ErrorListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ''}`;
}

async function toApiError(response: Response): Promise<ApiError> {
  let parsed: TErrorResponse | undefined;
  try {
    const result = ZErrorResponse.safeParse(await response.json());
    if (result.success) parsed = result.data;
  } catch {
    // A proxy or gateway answered with something other than the API's JSON.
  }
  return new ApiError(
    parsed ?? {
      statusCode: response.status,
      error: 'HTTP_ERROR',
      message: `服务暂不可用（${response.status}）`,
      messageEn: `The service is unavailable (${response.status})`,
    },
  );
}

export async function apiRequest<S extends z.ZodType | undefined = undefined>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  options: RequestOptions<S> = {},
): Promise<S extends z.ZodType ? z.infer<S> : unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if ((cause as Error).name === 'AbortError') throw cause;
    throw new ApiError({
      statusCode: 0,
      error: 'NETWORK_ERROR',
      message: '网络连接失败，请检查网络后重试',
      messageEn: 'Network error: check your connection and try again',
    });
  }

  if (!response.ok) {
    const error = await toApiError(response);
    for (const listener of listeners) listener(error);
    throw error;
  }
  if (response.status === 204) return undefined as never;
  const data: unknown = await response.json();
  return (options.schema ? options.schema.parse(data) : data) as never;
}
