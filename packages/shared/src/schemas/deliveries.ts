// Contracts of the deliveries module (purchase orders, manifests, acceptance, stock batches).
export {};
