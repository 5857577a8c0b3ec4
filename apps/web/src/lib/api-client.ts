import { z } from 'zod';
import { ZErrorResponse, ZManifestIssue, type TErrorResponse } from '@canteen/shared';

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions<S extends z.ZodType | undefined> {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** The shared response schema: the contract is checked on the way in, not only on the server. */
  schema?: S;
  signal?: AbortSignal;
}

/** Issues keep the spreadsheet row and column that a refused file import names. */
const ZApiErrorBody = ZErrorResponse.extend({ issues: z.array(ZManifestIssue).optional() });
type ApiErrorBody = z.infer<typeof ZApiErrorBody>;
export type ApiIssue = NonNullable<ApiErrorBody['issues']>[number];

/** Every failed request becomes this, carrying the API's bilingual message and field issues. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly issues: ApiIssue[];
  readonly requestId: string | undefined;

  constructor(body: TErrorResponse | ApiErrorBody) {
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
  let parsed: ApiErrorBody | undefined;
  try {
    const result = ZApiErrorBody.safeParse(await response.json());
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

async function send(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', ...init });
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
  return response;
}

export async function apiRequest<S extends z.ZodType | undefined = undefined>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  options: RequestOptions<S> = {},
): Promise<S extends z.ZodType ? z.infer<S> : unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  const response = await send(buildUrl(path, options.query), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (response.status === 204) return undefined as never;
  const data: unknown = await response.json();
  return (options.schema ? options.schema.parse(data) : data) as never;
}

/**
 * A multipart upload (a file plus form fields). The browser sets the multipart Content-Type with
 * its boundary; the CSRF header goes along as for any other write.
 */
export async function apiUpload<S extends z.ZodType>(
  path: string,
  form: FormData,
  schema: S,
  signal?: AbortSignal,
): Promise<z.infer<S>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await send(buildUrl(path), { method: 'POST', headers, body: form, signal });
  return schema.parse(await response.json());
}

/** The address of a file or export the API serves to a signed-in browser (GET, cookie session). */
export function apiFileUrl(path: string, query?: Record<string, QueryValue>): string {
  return buildUrl(path, query);
}
