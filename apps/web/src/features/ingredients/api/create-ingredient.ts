import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZIngredient, type TCreateIngredient } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { INGREDIENTS_KEY } from '@/lib/supply-lookup';

export function createIngredient(body: TCreateIngredient) {
  return apiRequest('POST', '/ingredients', { body, schema: ZIngredient });
}

export function useCreateIngredient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createIngredient,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [INGREDIENTS_KEY] }),
  });
}
