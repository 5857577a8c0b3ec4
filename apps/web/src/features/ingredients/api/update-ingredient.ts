import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZIngredient, type TUpdateIngredient } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { INGREDIENTS_KEY } from '@/lib/supply-lookup';

export function updateIngredient({ id, body }: { id: string; body: TUpdateIngredient }) {
  return apiRequest('PATCH', `/ingredients/${id}`, { body, schema: ZIngredient });
}

export function useUpdateIngredient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateIngredient,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [INGREDIENTS_KEY] }),
  });
}
