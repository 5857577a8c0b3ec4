import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { FILE_STORAGE, type FileStorage, LocalDiskStorage } from './file-storage';
import { S3Storage } from './s3-storage';
import { StoredFiles } from './stored-files';

function fileStorage(config: AppConfig): FileStorage {
  if (config.STORAGE_DRIVER === 's3') {
    return new S3Storage({
      endpoint: config.S3_ENDPOINT!,
      bucket: config.S3_BUCKET!,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID!,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
    });
  }
  return new LocalDiskStorage(config.STORAGE_DIR);
}

@Global()
@Module({
  providers: [{ provide: FILE_STORAGE, inject: [APP_CONFIG], useFactory: fileStorage }, StoredFiles],
  exports: [FILE_STORAGE, StoredFiles],
})
export class StorageModule {}
