import { Injectable } from '@nestjs/common';
import { AppError } from '@/common/http/app-error';
import { PublicService } from './public.service';

/**
 * Tells the error filter, which serves the public bundle at /p/<code>, whether the code has a page.
 * It asks the page cache: a parent's browser asks for the same page right after, and finds it built.
 */
@Injectable()
export class PublicPageProbe {
  constructor(private readonly service: PublicService) {}

  async hasPage(code: string): Promise<boolean> {
    try {
      await this.service.canteenPage(code);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.getStatus() === 404) return false;
      throw error;
    }
  }
}
