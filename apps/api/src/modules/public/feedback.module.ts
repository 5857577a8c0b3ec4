import { Module } from '@nestjs/common';
import { SettingsModule } from '@/modules/settings/settings.module';
import { FeedbackChallenges } from './feedback-challenge';
import { FeedbackLimiter } from './feedback-limiter';
import { FeedbackOverdueProcessor } from './feedback-overdue.processor';
import { FeedbackPublicController } from './feedback-public.controller';
import { FeedbackSubmissionService } from './feedback-submission.service';
import { FeedbackController } from './feedback.controller';
import { FeedbackRepository } from './feedback.repository';
import { FeedbackService } from './feedback.service';
import { PublicRepository } from './public.repository';

/** Parents' feedback: sent from the public page, handled in the console, overdue ones announced by the worker. */
@Module({
  imports: [SettingsModule],
  controllers: [FeedbackPublicController, FeedbackController],
  providers: [FeedbackRepository, FeedbackService, FeedbackSubmissionService, FeedbackChallenges, FeedbackLimiter, FeedbackOverdueProcessor, PublicRepository],
})
export class FeedbackModule {}
