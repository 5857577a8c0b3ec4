import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { type TFeedbackChallengeQuery, ZFeedbackChallenge, ZFeedbackChallengeQuery, ZFeedbackReceipt, ZPublicFeedbackStatus, ZSubmitFeedback } from '@canteen/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@/common/auth/public.decorator';
import { ValidQuery, ZodResponse, jsonSchema } from '@/common/http/zod-decorators';
import { FeedbackSubmissionService, type Sender } from './feedback-submission.service';

const sender = (request: FastifyRequest): Sender => ({ ip: request.ip, requestId: String(request.id) });
// Challenges are single-use and statuses change: neither may be kept by a browser or a proxy.
const noStore = (reply: FastifyReply) => void reply.header('cache-control', 'no-store');

/** Parents' feedback (意见建议): no login; refusals are clear and nothing refused is stored. */
@ApiTags('public')
@Public()
@Controller('public')
export class FeedbackPublicController {
  constructor(private readonly service: FeedbackSubmissionService) {}

  /** A proof-of-work challenge for one canteen's form (see ZFeedbackChallenge for the algorithm). */
  @Get('feedback/challenge')
  @ZodResponse(ZFeedbackChallenge)
  challenge(@ValidQuery(ZFeedbackChallengeQuery) query: TFeedbackChallengeQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    noStore(reply);
    return this.service.challenge(query.canteen);
  }

  /** JSON, or multipart/form-data with the same fields (`challenge` as JSON text) and an optional photo (JPEG/PNG ≤ 5 MB). */
  @Post('canteens/:code/feedback')
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ schema: jsonSchema(ZSubmitFeedback, 'input') })
  @ZodResponse(ZFeedbackReceipt)
  submit(@Param('code') code: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    noStore(reply);
    return this.service.submit(code, request, sender(request));
  }

  /** The status and the school's public reply, by the tracking code the parent was given. */
  @Get('feedback/:trackingCode')
  @ZodResponse(ZPublicFeedbackStatus)
  status(@Param('trackingCode') trackingCode: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    noStore(reply);
    return this.service.status(trackingCode, sender(request));
  }
}
