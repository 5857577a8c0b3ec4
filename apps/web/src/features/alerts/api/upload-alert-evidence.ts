import { useMutation } from '@tanstack/react-query';
import { ZAlertFile } from '@canteen/shared';
import { apiUpload } from '@/lib/api-client';

/** A photo or document of the measures, uploaded before the handling that names it. */
export function uploadAlertEvidence({ id, file }: { id: string; file: File }) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload(`/alerts/${id}/evidence`, form, ZAlertFile);
}

export function useUploadAlertEvidence() {
  return useMutation({ mutationFn: uploadAlertEvidence });
}
