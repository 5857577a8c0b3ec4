import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@/common/http/app-error';
import { PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { FILE_STORAGE, type FileStorage } from './file-storage';
import type { Upload } from './uploads';

export interface StoredFileRecord {
  id: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * Stores an upload's bytes, then its row, in the caller's transaction. Bytes written for a
 * transaction that then rolls back are orphans, never a row without bytes.
 */
@Injectable()
export class StoredFiles {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  async save(tx: Tx, upload: Upload, owner: { uploadedById: string | null; supplierId: string | null; retainUntil?: Date | null }): Promise<StoredFileRecord> {
    await this.storage.put(upload.storageKey, upload.data, upload.contentType);
    return tx.storedFile.create({
      data: {
        storageKey: upload.storageKey,
        originalName: upload.originalName,
        contentType: upload.contentType,
        sizeBytes: upload.data.length,
        sha256: upload.sha256,
        uploadedById: owner.uploadedById,
        supplierId: owner.supplierId,
        retainUntil: owner.retainUntil ?? null,
      },
      select: { id: true, originalName: true, contentType: true, sizeBytes: true, sha256: true },
    });
  }

  /** The caller has checked that the actor may see the record that refers to this file. */
  async read(fileId: string): Promise<{ record: StoredFileRecord; data: Buffer } | null> {
    const row = await this.prisma.storedFile.findUnique({ where: { id: fileId } });
    if (!row) return null;
    return {
      record: { id: row.id, originalName: row.originalName, contentType: row.contentType, sizeBytes: row.sizeBytes, sha256: row.sha256 },
      data: await this.storage.get(row.storageKey).catch(() => {
        throw new AppError(410, 'FILE_CONTENT_MISSING', '文件内容已丢失，请联系平台运维', "The file's content is missing from storage; contact the operator");
      }),
    };
  }
}
