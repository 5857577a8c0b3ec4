import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZOrgUnit, type TCreateOrgUnit } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { ORG_UNITS_KEY } from '@/lib/org-unit-lookup';

export function createOrgUnit(body: TCreateOrgUnit) {
  return apiRequest('POST', '/org-units', { body, schema: ZOrgUnit });
}

export function useCreateOrgUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createOrgUnit,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [ORG_UNITS_KEY] }),
  });
}
