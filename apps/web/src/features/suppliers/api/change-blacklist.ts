import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZSupplier, type TBlacklistChange } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { CONTRACTS_KEY, SUPPLIERS_KEY } from '@/lib/supply-lookup';

export type BlacklistAction = 'blacklist' | 'lift';

export function changeBlacklist({
  id,
  action,
  body,
}: {
  id: string;
  action: BlacklistAction;
  body: TBlacklistChange;
}) {
  const path = action === 'blacklist' ? 'blacklist' : 'lift-blacklist';
  return apiRequest('POST', `/suppliers/${id}/${path}`, { body, schema: ZSupplier });
}

/** The blacklist state shows on contracts too, so both are refreshed. */
export function useChangeBlacklist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeBlacklist,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: [SUPPLIERS_KEY] }),
        queryClient.invalidateQueries({ queryKey: [CONTRACTS_KEY] }),
      ]),
  });
}
