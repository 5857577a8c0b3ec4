import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZPlan, type TCreatePlan, type TRevisePlan } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { MENUS_KEY } from './menus-keys';

export function createPlan(body: TCreatePlan) {
  return apiRequest('POST', '/menus/plans', { body, schema: ZPlan });
}

/** A draft changes in place; a published plan gets a new version and the change needs a reason. */
export function revisePlan({ id, body }: { id: string; body: TRevisePlan }) {
  return apiRequest('PATCH', `/menus/plans/${id}`, { body, schema: ZPlan });
}

export function publishPlan(id: string) {
  return apiRequest('POST', `/menus/plans/${id}/publish`, { schema: ZPlan });
}

function useInvalidatingMutation<A>(mutationFn: (arg: A) => ReturnType<typeof createPlan>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [MENUS_KEY] }),
  });
}

export const useCreatePlan = () => useInvalidatingMutation(createPlan);
export const useRevisePlan = () => useInvalidatingMutation(revisePlan);
export const usePublishPlan = () => useInvalidatingMutation(publishPlan);
