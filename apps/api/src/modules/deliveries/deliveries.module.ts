import { Module } from '@nestjs/common';
import { SuppliersModule } from '@/modules/suppliers/suppliers.module';
import { AcceptanceService } from './acceptance.service';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveriesService } from './deliveries.service';
import { DocumentCodes } from './document-codes.repository';
import { ManifestValidator } from './manifest-validator';
import { PurchaseOrdersController } from './purchase-orders.controller';
import { PurchaseOrdersRepository } from './purchase-orders.repository';
import { PurchaseOrdersService } from './purchase-orders.service';
import { SupplierApiController } from './supplier-api.controller';
import { SupplierApiKeyGuard } from './supplier-api-key.guard';

@Module({
  imports: [SuppliersModule],
  controllers: [PurchaseOrdersController, DeliveriesController, SupplierApiController],
  providers: [
    DeliveriesService,
    DeliveriesRepository,
    AcceptanceService,
    ManifestValidator,
    PurchaseOrdersService,
    PurchaseOrdersRepository,
    DocumentCodes,
    SupplierApiKeyGuard,
  ],
})
export class DeliveriesModule {}
