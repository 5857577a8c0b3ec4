import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZOrgUnit, type TChangeConnection } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { ORG_UNITS_KEY } from '@/lib/org-unit-lookup';

export function changeConnection({ id, body }: { id: string; body: TChangeConnection }) {
  return apiRequest('POST', `/org-units/${id}/connection`, { body, schema: ZOrgUnit });
}

/** A canteen's status feeds every rate above it, so all org-unit queries are refreshed. */
export function useChangeConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeConnection,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [ORG_UNITS_KEY] }),
  });
}
