import { Inject, Injectable, Logger } from '@nestjs/common';
import { type TNotificationMessage, notificationChannel } from '@canteen/shared';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { REDIS } from '@/common/redis/redis.module';

/**
 * Announces committed notifications on Redis so that the API processes push them to open browser
 * streams. Best effort: the rows are already stored and the inbox reads them on its next load.
 */
@Injectable()
export class NotificationPublisher {
  private readonly logger = new Logger('notifications');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async publish(messages: TNotificationMessage[]): Promise<void> {
    // ioredis prefixes keys, not channels: the channel carries the prefix itself.
    const channel = notificationChannel(this.config.REDIS_PREFIX);
    for (const message of messages) {
      if (message.userIds.length === 0) continue;
      await this.redis.publish(channel, JSON.stringify(message)).catch((error: Error) => {
        this.logger.warn({ err: error.message, alertId: message.alertId }, 'notification publish failed');
      });
    }
  }
}
