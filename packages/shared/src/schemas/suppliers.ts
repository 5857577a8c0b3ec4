// Contracts of the suppliers module (suppliers, documents, farm bases, ingredients, contracts, API keys).
export {};
