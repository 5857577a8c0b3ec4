import { Module } from '@nestjs/common';
import { LedgerModule } from '@/modules/ledger/ledger.module';
import { MenusModule } from '@/modules/menus/menus.module';
import { SettingsModule } from '@/modules/settings/settings.module';
import { CanteenQrController } from './canteen-qr.controller';
import { CanteenQrService } from './canteen-qr.service';
import { PublicCacheModule } from './public-cache.module';
import { PublicPageProbe } from './public-page-probe';
import { PublicController } from './public.controller';
import { PublicService } from './public.service';
import { PublicSettingsController } from './public-settings.controller';
import { PublicSettingsService } from './public-settings.service';

/** The parents' public canteen pages, their section settings and QR codes. */
@Module({
  imports: [PublicCacheModule, SettingsModule, MenusModule, LedgerModule],
  controllers: [PublicController, PublicSettingsController, CanteenQrController],
  providers: [PublicService, PublicSettingsService, CanteenQrService, PublicPageProbe],
  exports: [PublicCacheModule],
})
export class PublicModule {}
