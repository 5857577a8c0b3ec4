import { Module } from '@nestjs/common';
import { ContractsController } from './contracts.controller';
import { ContractsRepository } from './contracts.repository';
import { ContractsService } from './contracts.service';
import { IngredientsController } from './ingredients.controller';
import { IngredientsRepository } from './ingredients.repository';
import { IngredientsService } from './ingredients.service';
import { LicenceExpiryCheck } from './licence-expiry-check';
import { SupplierAccountsRepository } from './supplier-accounts.repository';
import { SupplierApiKeysController } from './supplier-api-keys.controller';
import { SupplierApiKeysRepository } from './supplier-api-keys.repository';
import { SupplierApiKeys } from './supplier-api-keys.service';
import { SupplierDocumentsRepository } from './supplier-documents.repository';
import { SupplierDocumentsService } from './supplier-documents.service';
import { SuppliersController } from './suppliers.controller';
import { SuppliersRepository } from './suppliers.repository';
import { SuppliersService } from './suppliers.service';
import { SupplyRules } from './supply-rules';

@Module({
  controllers: [SuppliersController, IngredientsController, ContractsController, SupplierApiKeysController],
  providers: [
    SuppliersService,
    SuppliersRepository,
    SupplierAccountsRepository,
    SupplierDocumentsService,
    SupplierDocumentsRepository,
    IngredientsService,
    IngredientsRepository,
    ContractsService,
    ContractsRepository,
    SupplierApiKeys,
    SupplierApiKeysRepository,
    SupplyRules,
    LicenceExpiryCheck,
  ],
  exports: [SupplierApiKeys, SupplyRules],
})
export class SuppliersModule {}
