import { createHash, createHmac } from 'node:crypto';
import type { FileStorage } from './file-storage';

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it: only unreserved characters stay as they are. */
const encodeRfc3986 = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `20130524T000000Z` */
const amzDate = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export interface SignInput {
  method: string;
  url: URL;
  /** Headers to sign besides host, x-amz-date and x-amz-content-sha256. */
  headers: Record<string, string>;
  payloadHash: string;
}

/**
 * AWS Signature Version 4 (header form) for S3-compatible stores: returns the headers to send,
 * Authorization included. S3 URIs are encoded once, not twice as other services want.
 */
export function signV4(input: SignInput, credentials: Pick<S3Settings, 'region' | 'accessKeyId' | 'secretAccessKey'>, at: Date, service = 's3'): Record<string, string> {
  const timestamp = amzDate(at);
  const day = timestamp.slice(0, 8);
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(input.headers).map(([name, value]) => [name.toLowerCase(), value.trim().replace(/\s+/g, ' ')])),
    host: input.url.host,
    'x-amz-content-sha256': input.payloadHash,
    'x-amz-date': timestamp,
  };
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonicalQuery = [...input.url.searchParams.entries()]
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalPath = input.url.pathname.split('/').map((segment) => encodeRfc3986(decodeURIComponent(segment))).join('/') || '/';
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalPath,
    canonicalQuery,
    ...names.map((name) => `${name}:${headers[name]}`),
    '',
    signedHeaders,
    input.payloadHash,
  ].join('\n');
  const credentialScope = `${day}/${credentials.region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', timestamp, credentialScope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = [day, credentials.region, service, 'aws4_request'].reduce<Buffer | string>((key, part) => hmac(key, part), `AWS4${credentials.secretAccessKey}`);
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  const { host: _host, ...toSend } = headers;
  return {
    ...toSend,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope},SignedHeaders=${signedHeaders},Signature=${signature}`,
  };
}

/** Files in an S3-compatible bucket (AWS S3, MinIO, Aliyun OSS, Tencent COS …), path-style addressing. */
export class S3Storage implements FileStorage {
  constructor(
    private readonly settings: S3Settings,
    private readonly fetchFn: typeof fetch = fetch,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    const url = this.url(key);
    const headers = signV4({ method: 'PUT', url, headers: { 'content-type': contentType }, payloadHash: sha256Hex(data) }, this.settings, this.now());
    const response = await this.fetchFn(url, { method: 'PUT', headers, body: new Uint8Array(data), signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`S3 PUT ${key} failed: ${response.status} ${await response.text().catch(() => '')}`.trim());
  }

  async get(key: string): Promise<Buffer> {
    const url = this.url(key);
    const headers = signV4({ method: 'GET', url, headers: {}, payloadHash: sha256Hex('') }, this.settings, this.now());
    const response = await this.fetchFn(url, { method: 'GET', headers, signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`S3 GET ${key} failed: ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }

  private url(key: string): URL {
    if (!/^[a-z0-9/_-]+(\.[a-z0-9]+)?$/i.test(key) || key.includes('..')) throw new Error(`invalid storage key ${key}`);
    const base = this.settings.endpoint.replace(/\/+$/, '');
    return new URL(`${base}/${encodeRfc3986(this.settings.bucket)}/${key.split('/').map(encodeRfc3986).join('/')}`);
  }
}
