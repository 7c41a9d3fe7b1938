/**
 * Splits a backend 400 message into its sentences and gives each to the field it starts
 * with: the backend names the field first ("email "x" is not an e-mail address…",
 * "vpnUuid must be a UUID…"). Sentences naming no field are returned as `rest`.
 */
export function fieldErrors<F extends string>(
  message: string,
  fields: readonly F[],
): { byField: Partial<Record<F, string>>; rest: string[] } {
  const byField: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  // Sentences end with a full stop and a space; dots inside (example.com) do not split.
  const sentences = message.split(/(?<=\.)\s+/);
  for (const raw of sentences) {
    const sentence = raw.trim();
    if (!sentence) continue;
    const field = fields.find(
      f => sentence.startsWith(`${f} `) || sentence.startsWith(`${f}.`),
    );
    if (field) {
      byField[field] = byField[field]
        ? `${byField[field]} ${sentence}`
        : sentence;
    } else {
      rest.push(sentence);
    }
  }
  return { byField, rest };
}
