import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZPlan, type TCreatePlan, type TRevisePlan } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { getPlanQueryOptions } from './get-plan';
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
    onSuccess: async (plan) => {
      // 保存并发布 publishes right after creating: the new plan's first fetch can still be running
      // and would answer the draft after the publish (an invalidation joins a first fetch instead of
      // restarting it). The mutation's answer is the plan as it now is.
      const { queryKey } = getPlanQueryOptions(plan.id);
      await queryClient.cancelQueries({ queryKey });
      queryClient.setQueryData(queryKey, plan);
      await queryClient.invalidateQueries({ queryKey: [MENUS_KEY] });
    },
  });
}

export const useCreatePlan = () => useInvalidatingMutation(createPlan);
export const useRevisePlan = () => useInvalidatingMutation(revisePlan);
export const usePublishPlan = () => useInvalidatingMutation(publishPlan);
