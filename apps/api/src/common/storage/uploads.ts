import { createHash, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError, badRequest } from '@/common/http/app-error';

export type UploadKind = 'pdf' | 'jpeg' | 'png' | 'xlsx' | 'csv';

const CONTENT_TYPES: Record<UploadKind, string> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
};

/** What a file's first bytes say it is; the client's declared type is not trusted. */
export function sniffKind(data: Buffer): UploadKind | undefined {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) && data.includes('xl/')) return 'xlsx';
  if (decodeCsv(data.subarray(0, 4096), true)?.includes(',')) return 'csv';
  return undefined;
}

/** A control character other than tab, line feed and carriage return: no CSV holds one, binary content does. */
const CONTROL = /[^\P{Cc}\t\n\r]/u;

/**
 * The text of a CSV: UTF-8 (a BOM or none) first, else GB18030, the superset of the GBK that
 * Chinese Excel saves as "CSV" by default. Undefined for bytes that are neither, or that are not
 * text. `partial`: the file's first bytes, which may end inside a character.
 */
export function decodeCsv(data: Uint8Array, partial = false): string | undefined {
  for (const encoding of ['utf-8', 'gb18030']) {
    let text: string;
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(data, { stream: partial });
    } catch {
      continue;
    }
    return text.length === 0 || CONTROL.test(text) ? undefined : text.replace(/^\uFEFF/, '');
  }
  return undefined;
}

export interface Upload {
  data: Buffer;
  kind: UploadKind;
  contentType: string;
  originalName: string;
  sha256: string;
  /** Other form fields sent with the file. */
  fields: Record<string, string>;
  storageKey: string;
}

const KIND_NAMES: Record<UploadKind, string> = { pdf: 'PDF', jpeg: 'JPEG', png: 'PNG', xlsx: 'Excel (.xlsx)', csv: 'CSV' };

/**
 * Reads the one file of a multipart request, refusing it whole (400/413/415) when it is missing,
 * too large, or its content is not one of the allowed kinds.
 */
export async function readUpload(request: FastifyRequest, allowed: UploadKind[], maxBytes: number): Promise<Upload> {
  const { upload } = await readMultipart(request, allowed, maxBytes);
  if (!upload) throw badRequest('FILE_REQUIRED', '请选择要上传的文件', 'Attach a file');
  return upload;
}

/** A multipart form whose file is optional: its fields, and the file checked as readUpload checks it. */
export async function readMultipart(request: FastifyRequest, allowed: UploadKind[], maxBytes: number): Promise<{ upload: Upload | null; fields: Record<string, string> }> {
  if (!request.isMultipart()) {
    throw new AppError(415, 'MULTIPART_REQUIRED', '请以 multipart/form-data 上传文件', 'Upload the file as multipart/form-data');
  }
  let file: { data: Buffer; filename: string } | undefined;
  const fields: Record<string, string> = {};
  for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 10_000 } })) {
    if (part.type === 'file') {
      const data = await part.toBuffer().catch((error: { code?: string }) => {
        if (error.code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError(413, 'FILE_TOO_LARGE', `文件不能超过 ${Math.round(maxBytes / 1_048_576)} MB`, `The file must be at most ${Math.round(maxBytes / 1_048_576)} MB`);
        }
        throw error;
      });
      file = { data, filename: part.filename };
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  if (!file || file.data.length === 0) return { upload: null, fields };
  const kind = sniffKind(file.data);
  if (!kind || !allowed.includes(kind)) {
    const names = allowed.map((k) => KIND_NAMES[k]).join(' / ');
    throw new AppError(415, 'FILE_TYPE_NOT_ALLOWED', `文件类型不符合要求，只接受 ${names}`, `Unsupported file type; accepted: ${names}`);
  }
  const now = new Date();
  const upload = {
    data: file.data,
    kind,
    contentType: CONTENT_TYPES[kind],
    originalName: file.filename.slice(0, 200),
    sha256: createHash('sha256').update(file.data).digest('hex'),
    fields,
    storageKey: `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}.${kind === 'jpeg' ? 'jpg' : kind}`,
  };
  return { upload, fields };
}
