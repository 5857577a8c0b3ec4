// Contracts of the trace module (backward and forward traces, recall).
export {};
