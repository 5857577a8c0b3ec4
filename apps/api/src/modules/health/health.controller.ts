import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type THealth, ZHealth } from '@canteen/shared';
import { Public } from '@/common/auth/public.decorator';
import { ZodResponse } from '@/common/http/zod-decorators';
import { HealthRepository } from './health.repository';

const TIMEOUT_MS = 2000;

async function check(probe: () => Promise<void>): Promise<THealth['checks'][string]> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', message: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly repository: HealthRepository) {}

  @Public()
  @Get()
  @ZodResponse(ZHealth)
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<THealth> {
    const [database, redis] = await Promise.all([
      check(() => this.repository.pingDatabase()),
      check(() => this.repository.pingRedis()),
    ]);
    const ok = database.status === 'up' && redis.status === 'up';
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', checks: { database, redis } };
  }
}
