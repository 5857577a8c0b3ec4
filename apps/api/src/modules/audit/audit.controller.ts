import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type TAuditQuery, ZAuditEntry, ZAuditQuery, zPage } from '@canteen/shared';
import { CurrentActor } from '@/common/auth/public.decorator';
import { ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('audit-log')
export class AuditController {
  constructor(private readonly service: AuditService) {}

  @Get()
  @ZodResponse(zPage(ZAuditEntry))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZAuditQuery) query: TAuditQuery) {
    return this.service.list(actor, query);
  }
}
