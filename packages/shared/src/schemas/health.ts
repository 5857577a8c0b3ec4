import { z } from 'zod';

export const ZHealth = z.object({
  status: z.enum(['ok', 'error']),
  checks: z.record(z.string(), z.object({ status: z.enum(['up', 'down']), message: z.string().optional() })),
});
export type THealth = z.infer<typeof ZHealth>;
