import { Module } from '@nestjs/common';
import { NotificationStream } from './notification-stream';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/**
 * The notification centre and its live stream: HTTP only (the API imports it, the worker does not),
 * so that only processes serving browsers subscribe to the notification channel.
 */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationStream, NotificationsRepository, NotificationsService],
})
export class NotificationsModule {}
