import { Module } from '@nestjs/common';
import { SettingsModule } from '@/modules/settings/settings.module';
import { NutritionController } from './nutrition.controller';
import { NutritionRepository } from './nutrition.repository';
import { NutritionService } from './nutrition.service';

@Module({
  imports: [SettingsModule],
  controllers: [NutritionController],
  providers: [NutritionService, NutritionRepository],
  exports: [NutritionService, SettingsModule],
})
export class NutritionModule {}
