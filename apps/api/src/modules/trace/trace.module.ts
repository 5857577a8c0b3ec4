import { Module } from '@nestjs/common';
import { MenusModule } from '@/modules/menus/menus.module';
import { TraceController } from './trace.controller';
import { TraceRepository } from './trace.repository';
import { TraceService } from './trace.service';

@Module({ imports: [MenusModule], controllers: [TraceController], providers: [TraceService, TraceRepository] })
export class TraceModule {}
