import { seed } from './seed';

seed(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/canteen').then(
  (result) => console.log(`seed: ${result.unitsCreated} org units and ${result.accountsCreated} accounts created`),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
