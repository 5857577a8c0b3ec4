import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZManifestDetail, type TManifestHeader } from '@canteen/shared';
import { apiUpload } from '@/lib/api-client';
import { DELIVERIES_KEY } from './get-deliveries';

/** The filled-in template (.xlsx or UTF-8 .csv) with the manifest's header fields. */
export function importManifest({ header, file }: { header: TManifestHeader; file: File }) {
  const form = new FormData();
  for (const [key, value] of Object.entries(header)) {
    if (value !== undefined && value !== '') form.append(key, String(value));
  }
  form.append('file', file, file.name);
  return apiUpload('/deliveries/import', form, ZManifestDetail);
}

export function useImportManifest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importManifest,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: [DELIVERIES_KEY] }),
        queryClient.invalidateQueries({ queryKey: ['purchase-orders'] }),
      ]),
  });
}
