import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZManifestDetail, type TSubmitManifest } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { DELIVERIES_KEY } from './get-deliveries';

/** The web form: the whole manifest, refused whole (422 with every issue) when anything is wrong. */
export function submitManifest(body: TSubmitManifest) {
  return apiRequest('POST', '/deliveries', { body, schema: ZManifestDetail });
}

export function useSubmitManifest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: submitManifest,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: [DELIVERIES_KEY] }),
        queryClient.invalidateQueries({ queryKey: ['purchase-orders'] }),
      ]),
  });
}
