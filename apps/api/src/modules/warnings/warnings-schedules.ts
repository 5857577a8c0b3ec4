import type { JobQueues } from '@/common/queue/job-queues';
import { RULES } from './rule-catalogue';

/** The worker's repeatable jobs for warnings: escalation every minute, and each scheduled rule. */
export async function scheduleWarnings(queues: JobQueues): Promise<void> {
  await queues.schedule('warnings-escalate', 'warningsEscalate', '* * * * *', {});
  for (const rule of RULES) {
    if ('schedule' in rule.trigger) await queues.schedule(`warnings-rule-${rule.id}`, 'warningsScheduledRule', rule.trigger.schedule, { ruleId: rule.id });
  }
}
