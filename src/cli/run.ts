export async function main(_argv: string[]): Promise<number> {
  process.stderr.write('inspect-session: not ready yet\n');
  return 2;
}
