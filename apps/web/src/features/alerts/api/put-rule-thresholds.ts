import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZWarningRule, type TPutRuleThresholds } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { ALERTS_KEY } from './get-alerts';

/** A unit's own thresholds for one rule (null: inherit again); audited with the reason. */
export function putRuleThresholds({
  ruleId,
  orgUnitId,
  body,
}: {
  ruleId: string;
  orgUnitId: string;
  body: TPutRuleThresholds;
}) {
  return apiRequest('PUT', `/warnings/rules/${ruleId}/thresholds`, {
    query: { orgUnitId },
    body,
    schema: ZWarningRule,
  });
}

export function usePutRuleThresholds() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: putRuleThresholds,
    // Units below inherit the change: every unit's view of the catalogue may have moved.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [ALERTS_KEY, 'rules'] }),
  });
}
