import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZProductionResult, type TRecordProduction } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { MENUS_KEY } from './menus-keys';

/** Served headcount and leftovers of a meal; a second save is a correction with a reason. */
export function recordProduction(body: TRecordProduction) {
  return apiRequest('POST', '/menus/production', { body, schema: ZProductionResult });
}

export function useRecordProduction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: recordProduction,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [MENUS_KEY] }),
  });
}
