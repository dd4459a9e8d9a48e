// drizzle-kit: `npm run db:generate` writes a new numbered migration into drizzle/ from schema.ts.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src-main/core/db/schema.ts',
  out: './drizzle',
});
