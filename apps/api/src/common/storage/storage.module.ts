import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { FILE_STORAGE, LocalDiskStorage } from './file-storage';
import { StoredFiles } from './stored-files';

@Global()
@Module({
  providers: [
    { provide: FILE_STORAGE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new LocalDiskStorage(config.STORAGE_DIR) },
    StoredFiles,
  ],
  exports: [FILE_STORAGE, StoredFiles],
})
export class StorageModule {}
