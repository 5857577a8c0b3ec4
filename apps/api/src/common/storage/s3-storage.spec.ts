import { ConfigError, loadConfig } from '@/common/config/config';
import { S3Storage, signV4 } from './s3-storage';

// The worked examples of "Authenticating Requests: Using the Authorization Header" in the Amazon S3
// API reference (Signature Version 4), with the documentation's example credentials.
const EXAMPLE = { region: 'us-east-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const AT = new Date('2013-05-24T00:00:00Z');
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const signatureOf = (headers: Record<string, string>) => /Signature=([0-9a-f]{64})$/.exec(headers.authorization!)![1];

describe('signV4 against the AWS documented examples', () => {
  it('GET Object with a Range header', () => {
    const headers = signV4({ method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'), headers: { Range: 'bytes=0-9' }, payloadHash: EMPTY }, EXAMPLE, AT);
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(headers).toMatchObject({ 'x-amz-date': '20130524T000000Z', 'x-amz-content-sha256': EMPTY, range: 'bytes=0-9' });
    expect(headers.host).toBeUndefined();
  });

  it('PUT Object with a reserved character in the key', () => {
    const headers = signV4(
      {
        method: 'PUT',
        url: new URL('https://examplebucket.s3.amazonaws.com/test$file.text'),
        headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
        payloadHash: '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
      },
      EXAMPLE,
      AT,
    );
    expect(signatureOf(headers)).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });

  it('GET Bucket lifecycle (a sub-resource without a value)', () => {
    const headers = signV4({ method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/?lifecycle'), headers: {}, payloadHash: EMPTY }, EXAMPLE, AT);
    expect(signatureOf(headers)).toBe('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
  });

  it('GET Bucket (list objects) with query parameters out of order', () => {
    const headers = signV4({ method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/?prefix=J&max-keys=2'), headers: {}, payloadHash: EMPTY }, EXAMPLE, AT);
    expect(signatureOf(headers)).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });
});

describe('S3Storage', () => {
  const settings = { endpoint: 'http://127.0.0.1:9000/', bucket: 'canteen-files', region: 'cn-southwest-1', accessKeyId: 'AK', secretAccessKey: 'SK' };
  type Call = { url: string; init: RequestInit };

  function fakeFetch(respond: (call: Call) => Response) {
    const calls: Call[] = [];
    const fn = (async (url: URL, init: RequestInit) => {
      const call = { url: String(url), init };
      calls.push(call);
      return respond(call);
    }) as unknown as typeof fetch;
    return { fn, calls };
  }

  it('puts the bytes path-style with a signed payload hash', async () => {
    const { fn, calls } = fakeFetch(() => new Response(null, { status: 200 }));
    const storage = new S3Storage(settings, fn, () => AT);
    await storage.put('2026/05/abc-def.pdf', Buffer.from('%PDF-1.4'), 'application/pdf');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('http://127.0.0.1:9000/canteen-files/2026/05/abc-def.pdf');
    expect(calls[0]!.init.method).toBe('PUT');
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/pdf');
    expect(headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AK\/20130524\/cn-southwest-1\/s3\/aws4_request,SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,Signature=[0-9a-f]{64}$/);
    expect(Buffer.from(calls[0]!.init.body as Uint8Array).toString()).toBe('%PDF-1.4');
  });

  it('gets the bytes back and reports failures', async () => {
    const { fn } = fakeFetch((call) => (call.url.endsWith('/missing.pdf') ? new Response('NoSuchKey', { status: 404 }) : new Response(Buffer.from('hello'))));
    const storage = new S3Storage(settings, fn, () => AT);
    expect((await storage.get('2026/05/x.pdf')).toString()).toBe('hello');
    await expect(storage.get('missing.pdf')).rejects.toThrow(/404/);
    await expect(storage.put('../etc/passwd', Buffer.from('x'), 'text/plain')).rejects.toThrow(/invalid storage key/);
  });

  it('is chosen by STORAGE_DRIVER=s3, which needs its settings', () => {
    const base = { DATABASE_URL: 'postgresql://u@h/db', REDIS_URL: 'redis://h:6379' };
    expect(loadConfig(base).STORAGE_DRIVER).toBe('local');
    expect(() => loadConfig({ ...base, STORAGE_DRIVER: 's3' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, STORAGE_DRIVER: 's3' })).toThrow(/S3_BUCKET/);
    const config = loadConfig({ ...base, STORAGE_DRIVER: 's3', S3_ENDPOINT: 'https://oss.example.com', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 's' });
    expect(config).toMatchObject({ STORAGE_DRIVER: 's3', S3_REGION: 'us-east-1' });
  });
});
