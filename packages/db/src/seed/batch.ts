export type SeedLog = (line: string) => void;

/**
 * Insert `rows` in chunks (each chunk one createMany with skipDuplicates, so one statement and one transaction),
 * printing "seed: <label> n/total" as it goes. Returns how many rows were new.
 */
export async function insertInChunks<T>(
  label: string,
  rows: readonly T[],
  insert: (chunk: T[]) => Promise<{ count: number }>,
  log: SeedLog,
  chunkSize = 2000,
): Promise<number> {
  let created = 0;
  const every = Math.max(chunkSize, Math.ceil(rows.length / 5 / chunkSize) * chunkSize);
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    created += (await insert(chunk)).count;
    const done = start + chunk.length;
    if (done === rows.length || done % every === 0) log(`seed: ${label} ${done}/${rows.length}`);
  }
  return created;
}
