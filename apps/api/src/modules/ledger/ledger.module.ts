import { Module } from '@nestjs/common';
import { LedgerIntegrityController } from './ledger-integrity.controller';
import { LedgerKeys } from './ledger-keys';
import { LedgerSealProcessor } from './ledger-seal.processor';
import { LedgerSealRepository } from './ledger-seal.repository';
import { LedgerSealService } from './ledger-seal.service';
import { LedgerVerifyRepository } from './ledger-verify.repository';
import { LedgerVerifyService } from './ledger-verify.service';
import { LedgerReportsController } from './ledger-reports.controller';
import { LedgerReportsRepository } from './ledger-reports.repository';
import { LedgerReportsService } from './ledger-reports.service';
import { MovementsController } from './movements.controller';
import { MovementsRepository } from './movements.repository';
import { MovementsService } from './movements.service';
import { StocktakesController } from './stocktakes.controller';
import { StocktakesRepository } from './stocktakes.repository';
import { StocktakesService } from './stocktakes.service';

/** The inventory ledger (出入库台账): movements and balances, stocktakes, reports, integrity. */
@Module({
  controllers: [MovementsController, StocktakesController, LedgerReportsController, LedgerIntegrityController],
  providers: [MovementsService, MovementsRepository, StocktakesService, StocktakesRepository, LedgerReportsService, LedgerReportsRepository,
    LedgerKeys, LedgerSealService, LedgerSealRepository, LedgerSealProcessor, LedgerVerifyService, LedgerVerifyRepository],
  exports: [MovementsService, MovementsRepository, LedgerVerifyService],
})
export class LedgerModule {}
