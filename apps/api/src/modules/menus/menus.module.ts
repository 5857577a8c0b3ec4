import { Module } from '@nestjs/common';
import { NutritionModule } from '@/modules/nutrition/nutrition.module';
import { OrgUnitsModule } from '@/modules/org-units/org-units.module';
import { SettingsModule } from '@/modules/settings/settings.module';
import { CanteensRepository } from './canteens.repository';
import { DishesController } from './dishes.controller';
import { DishesRepository } from './dishes.repository';
import { DishesService } from './dishes.service';
import { ExecutionRepository } from './execution.repository';
import { ExecutionService } from './execution.service';
import { MenuCosting } from './menu-costing';
import { MenuFactsRepository } from './menu-facts.repository';
import { PlansController } from './plans.controller';
import { PlansRepository } from './plans.repository';
import { PlansService } from './plans.service';
import { ProductionController } from './production.controller';
import { ProductionRepository } from './production.repository';
import { ProductionService } from './production.service';
import { PurchaseSuggestionService } from './purchase-suggestion.service';

@Module({
  imports: [NutritionModule, SettingsModule, OrgUnitsModule],
  controllers: [DishesController, PlansController, ProductionController],
  providers: [
    CanteensRepository,
    DishesRepository,
    DishesService,
    ExecutionRepository,
    ExecutionService,
    MenuCosting,
    MenuFactsRepository,
    PlansRepository,
    PlansService,
    ProductionRepository,
    ProductionService,
    PurchaseSuggestionService,
  ],
  exports: [ProductionRepository, PlansRepository, MenuCosting],
})
export class MenusModule {}
