import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZSupplierDocument, type TCreateSupplierDocument } from '@canteen/shared';
import { apiUpload } from '@/lib/api-client';
import { SUPPLIERS_KEY } from '@/lib/supply-lookup';

/** Multipart: the licence's file and its fields (every value travels as a string). */
export function createSupplierDocument({
  supplierId,
  fields,
  file,
}: {
  supplierId: string;
  fields: TCreateSupplierDocument;
  file: File;
}) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined && value !== '') form.append(key, String(value));
  }
  form.append('file', file, file.name);
  return apiUpload(`/suppliers/${supplierId}/documents`, form, ZSupplierDocument);
}

/** A new licence changes the supplier's document state in lists too. */
export function useCreateSupplierDocument() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSupplierDocument,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [SUPPLIERS_KEY] }),
  });
}
