import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type TMarkNotificationsRead,
  type TNotificationQuery,
  ZMarkNotificationsRead,
  ZNotification,
  ZNotificationQuery,
  ZUnreadCount,
  zPage,
} from '@canteen/shared';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '@/common/auth/public.decorator';
import { ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly service: NotificationsService) {}

  /** The asker's notifications, unread first, then newest first. */
  @Get()
  @ZodResponse(zPage(ZNotification))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZNotificationQuery) query: TNotificationQuery) {
    return this.service.list(actor, query);
  }

  @Get('unread-count')
  @ZodResponse(ZUnreadCount)
  unreadCount(@CurrentActor() actor: Actor) {
    return this.service.unreadCount(actor);
  }

  /** `{ids}` or `{all: true}`; answers the unread count left. */
  @Post('read')
  @HttpCode(200)
  @ZodResponse(ZUnreadCount)
  markRead(@CurrentActor() actor: Actor, @ValidBody(ZMarkNotificationsRead) body: TMarkNotificationsRead) {
    return this.service.markRead(actor, body);
  }

  /** Server-Sent Events: `ready` (unread count), `notification` per alert change, `: heartbeat` every 25 s. */
  @Get('stream')
  @ApiProduces('text/event-stream')
  stream(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    return this.service.openStream(actor, reply);
  }
}
