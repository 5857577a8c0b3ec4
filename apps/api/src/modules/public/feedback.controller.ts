import { Controller, Get, Post, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type TFeedbackActionInput,
  type TFeedbackQuery,
  type TFeedbackStatsQuery,
  ZFeedbackActionInput,
  ZFeedbackDetail,
  ZFeedbackPage,
  ZFeedbackQuery,
  ZFeedbackStats,
  ZFeedbackStatsQuery,
} from '@canteen/shared';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { sendFile } from '@/modules/deliveries/http-files';
import { FeedbackService } from './feedback.service';

/** Parents' feedback in the console: the school handles its own, the levels above watch theirs. */
@ApiTags('feedback')
@Controller('feedback')
export class FeedbackController {
  constructor(private readonly service: FeedbackService) {}

  @Get()
  @ZodResponse(ZFeedbackPage)
  list(@CurrentActor() actor: Actor, @ValidQuery(ZFeedbackQuery) query: TFeedbackQuery) {
    return this.service.list(actor, query);
  }

  /** Handling times per school of the subtree. */
  @Get('stats')
  @ZodResponse(ZFeedbackStats)
  stats(@CurrentActor() actor: Actor, @ValidQuery(ZFeedbackStatsQuery) query: TFeedbackStatsQuery) {
    return this.service.stats(actor, query);
  }

  @Get(':id')
  @ZodResponse(ZFeedbackDetail)
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.get(actor, id);
  }

  @Get(':id/photo')
  @ApiProduces('image/jpeg', 'image/png')
  async photo(@CurrentActor() actor: Actor, @IdParam() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const { record, data } = await this.service.photo(actor, id);
    sendFile(reply, record.contentType, `feedback-photo.${record.contentType === 'image/png' ? 'png' : 'jpg'}`);
    return data;
  }

  /** start | reply | close | note. */
  @Post(':id/actions')
  @ZodResponse(ZFeedbackDetail)
  act(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZFeedbackActionInput) body: TFeedbackActionInput) {
    return this.service.act(actor, id, body);
  }
}
