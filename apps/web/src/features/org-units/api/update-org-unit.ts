import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZOrgUnit, type TUpdateOrgUnit } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { ORG_UNITS_KEY } from '@/lib/org-unit-lookup';

export function updateOrgUnit({ id, body }: { id: string; body: TUpdateOrgUnit }) {
  return apiRequest('PATCH', `/org-units/${id}`, { body, schema: ZOrgUnit });
}

export function useUpdateOrgUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateOrgUnit,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [ORG_UNITS_KEY] }),
  });
}
